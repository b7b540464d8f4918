/* The network map: the cooperation graph of one ORP or kraj drawn by vis-network, and the same network on a Leaflet
   map; both served from the project's own static files. The data is fetched after the page has rendered, from the
   address in the graph's data-graph-url (network.analysis.graph_views.NetworkGraphDataView): nodes with their metrics
   and colour, edges with their kind, strength, dash pattern and direction. The browser keeps it and revalidates it
   by its ETag, so reopening an unchanged network costs a 304.

   Tablets: a tap on a node (or a marker) selects it and shows its metrics in the side panel with a button to its
   card; nothing depends on hover. The physics runs until the layout has stabilised and is then switched off, so the
   tablet's CPU rests. The map is built the first time it is shown (Leaflet cannot measure a hidden box) and works
   without tiles. The drawn counts are kept on the containers (data-nodes, data-edges, data-markers): tests read
   them. */
(function () {
  "use strict";

  var CZECHIA = [49.8, 15.5];
  var state = {data: null, network: null, map: null, selected: null, drawn: null, survey: null, surveyEdges: [],
               surveyNodes: {}};

  function byId(id) { return document.getElementById(id); }

  function edgeWidth(strength) { return 1 + (Number(strength) - 1) * 1.25; }

  function formatNumber(value) {
    if (value === null || value === undefined) return "—";
    if (typeof value === "number" && !Number.isInteger(value)) {
      return value.toLocaleString(document.documentElement.lang || "cs", {maximumFractionDigits: 3});
    }
    return String(value);
  }

  // The side panel ------------------------------------------------------------------------------------------------

  function showPanel(node) {
    var panel = byId("network-panel");
    if (!panel) return;
    var labels = state.data.labels;
    panel.textContent = "";
    if (!node) {
      var hint = document.createElement("p");
      hint.className = "muted";
      hint.dataset.empty = "";
      hint.textContent = panel.dataset.hint || "";
      panel.appendChild(hint);
      panel.dataset.selected = "";
      return;
    }
    var title = document.createElement("h3");
    title.textContent = node.name;
    panel.appendChild(title);
    var kind = document.createElement("p");
    kind.className = "panel-kind";
    var swatch = document.createElement("span");
    swatch.className = "swatch";
    swatch.style.background = node.colour;
    kind.appendChild(swatch);
    kind.appendChild(document.createTextNode(node.kind_label));
    if (node.broker) {
      var badge = document.createElement("span");
      badge.className = "badge warn";
      badge.textContent = labels.broker;
      kind.appendChild(document.createTextNode(" "));
      kind.appendChild(badge);
    }
    panel.appendChild(kind);
    var list = document.createElement("dl");
    list.className = "panel-metrics";
    ["degree", "in_degree", "out_degree", "betweenness", "closeness", "eigenvector"].forEach(function (key) {
      var row = document.createElement("div");
      var term = document.createElement("dt");
      term.textContent = labels[key];
      var value = document.createElement("dd");
      value.textContent = formatNumber(node[key]);
      row.appendChild(term);
      row.appendChild(value);
      list.appendChild(row);
    });
    panel.appendChild(list);
    var open = document.createElement("a");
    open.className = "button";
    open.href = node.url;
    open.textContent = labels.open_card;
    panel.appendChild(open);
    panel.dataset.selected = String(node.id);
  }

  function select(id) {
    var node = null;
    state.data.nodes.forEach(function (candidate) { if (candidate.id === id) node = candidate; });
    state.selected = node ? node.id : null;
    showPanel(node);
  }

  // The graph -----------------------------------------------------------------------------------------------------

  function drawGraph(element) {
    if (typeof vis === "undefined") {
      element.hidden = true;
      return;
    }
    var nodes = new vis.DataSet(state.data.nodes.map(function (node) {
      return {
        id: node.id, label: node.name, value: node.degree || 0, shape: "dot",
        borderWidth: node.broker ? 4 : 1,
        color: {background: node.colour, border: node.broker ? "#1b1f24" : node.colour,
                highlight: {background: node.colour, border: "#1b1f24"}}
      };
    }));
    var edges = new vis.DataSet(state.data.edges.map(function (edge) {
      var drawn = {
        id: edge.id, from: edge.from, to: edge.to, width: edgeWidth(edge.strength),
        dashes: edge.dashes.length ? edge.dashes : false,
        arrows: edge.directed ? {to: {enabled: true, scaleFactor: 0.8}} : {to: {enabled: false}}
      };
      // Several links between one pair: each on its own curve, not on top of each other.
      if (edge.parallel) drawn.smooth = {enabled: true, type: edge.parallel % 2 ? "curvedCW" : "curvedCCW",
                                         roundness: 0.15 * Math.ceil(edge.parallel / 2)};
      return drawn;
    }));
    var network = new vis.Network(element, {nodes: nodes, edges: edges}, {
      autoResize: true,
      nodes: {scaling: {min: 12, max: 36}, font: {size: 15, face: "system-ui, sans-serif", strokeWidth: 3,
                                                  strokeColor: "#ffffff"}},
      edges: {color: {color: "#8a949e", highlight: "#1f5f8b"}, selectionWidth: 2,
              smooth: {enabled: true, type: "dynamic"}},
      interaction: {hover: false, tooltipDelay: 0, navigationButtons: false, keyboard: false,
                    selectConnectedEdges: true, multiselect: false, zoomView: true, dragView: true},
      physics: {solver: "forceAtlas2Based", stabilization: {enabled: true, iterations: 400, fit: true},
                forceAtlas2Based: {gravitationalConstant: -60, springLength: 110, avoidOverlap: 0.4}}
    });
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({physics: false});
      element.dataset.stabilized = "true";
    });
    network.on("selectNode", function (params) { select(params.nodes[0]); });
    network.on("deselectNode", function (params) { if (!params.nodes.length) select(null); });
    network.on("doubleClick", function (params) {
      if (params.nodes.length) select(params.nodes[0]);
    });
    element.dataset.nodes = String(nodes.length);
    element.dataset.edges = String(edges.length);
    state.network = network;
    state.drawn = {nodes: nodes, edges: edges};
    if (state.survey) showSurvey(element);
    // For tests and for keyboard users of the table: the drawn position of a node, in page pixels.
    element.nodePosition = function (id) {
      var point = network.canvasToDOM(network.getPositions([id])[id]);
      var box = element.getBoundingClientRect();
      return {x: box.left + point.x, y: box.top + point.y};
    };
  }

  // The map -------------------------------------------------------------------------------------------------------

  function placeKey(node) { return node.lat.toFixed(5) + "," + node.lon.toFixed(5); }

  function markerIcon(group) {
    var single = group.length === 1;
    // An element, not markup: a style attribute in markup is inline style, which the Content-Security-Policy
    // forbids; a colour set through the DOM is not.
    var dot = document.createElement("span");
    dot.style.background = single ? group[0].colour : "#1f5f8b";
    dot.textContent = single ? "" : String(group.length);
    return L.divIcon({
      className: "network-marker" + (single ? "" : " group"),
      html: dot,
      iconSize: [44, 44], iconAnchor: [22, 22], popupAnchor: [0, -18]
    });
  }

  function groupPopup(group) {
    // Built from DOM nodes: names are data, never markup.
    var list = document.createElement("ul");
    list.className = "map-popup";
    group.forEach(function (node) {
      var item = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "link-button";
      button.textContent = node.name;
      button.addEventListener("click", function () { select(node.id); });
      item.appendChild(button);
      list.appendChild(item);
    });
    return list;
  }

  function drawMap(element) {
    if (typeof L === "undefined") {
      element.textContent = "";
      return;
    }
    var map = L.map(element, {scrollWheelZoom: false});
    if (element.dataset.tilesUrl) {
      L.tileLayer(element.dataset.tilesUrl, {attribution: element.dataset.tilesAttribution, maxZoom: 18}).addTo(map);
    }
    var placed = {};
    var groups = {};
    state.data.nodes.forEach(function (node) {
      if (node.lat === null || node.lon === null) return;
      placed[node.id] = node;
      (groups[placeKey(node)] = groups[placeKey(node)] || []).push(node);
    });
    var lines = 0;
    state.data.edges.forEach(function (edge) {
      var from = placed[edge.from], to = placed[edge.to];
      if (!from || !to || placeKey(from) === placeKey(to)) return;
      L.polyline([[from.lat, from.lon], [to.lat, to.lon]], {
        color: "#4a5561", weight: edgeWidth(edge.strength) + 1, opacity: 0.75,
        dashArray: edge.dashes.length ? edge.dashes.join(" ") : null, interactive: false
      }).addTo(map);
      lines += 1;
    });
    var markers = Object.keys(groups).map(function (key) {
      var group = groups[key];
      var title = group.map(function (node) { return node.name; }).join(", ");
      var marker = L.marker([group[0].lat, group[0].lon], {icon: markerIcon(group), title: title, keyboard: true});
      if (group.length === 1) {
        marker.on("click", function () { select(group[0].id); });
      } else {
        marker.bindPopup(groupPopup(group));
      }
      return marker.addTo(map);
    });
    if (markers.length) {
      map.fitBounds(L.featureGroup(markers).getBounds(), {padding: [40, 40], maxZoom: 13});
    } else {
      map.setView(CZECHIA, 7);
    }
    element.dataset.markers = String(markers.length);
    element.dataset.edges = String(lines);
    state.map = map;
  }

  // The toggle between the two views ------------------------------------------------------------------------------

  function showView(view) {
    var graph = byId("network-graph"), map = byId("network-map");
    if (!graph || !map) return;
    graph.hidden = view !== "graph";
    map.hidden = view !== "map";
    document.querySelectorAll(".network-toggle [data-view]").forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.dataset.view === view));
    });
    if (!state.data) return;  // drawn when the data arrives (load)
    if (view === "map") {
      if (!state.map) drawMap(map); else state.map.invalidateSize();
    } else if (state.network) {
      state.network.redraw();
    }
  }

  // The territory chooser: a kraj chosen anew drops the ORP chosen before (the ORP would win otherwise). -----------

  function linkTerritory() {
    var region = byId("id_region"), district = byId("id_district");
    if (!region || !district) return;
    region.addEventListener("change", function () { district.value = ""; });
  }

  // The partner survey layer (issue 21) ---------------------------------------------------------------------------
  // Fetched when the box is ticked: the owner's answers as extra arrows (width: trust, colour: value, dashed: not
  // reciprocal), or for anyone else the organisations' suppressed scores as node colour and size. Unticked, the
  // graph is as it was. The drawn counts are kept on the graph (data-survey-edges, data-survey-nodes): tests read them.

  function surveyLegend(data) {
    var box = byId("survey-legend");
    box.textContent = "";
    box.hidden = false;
    if (!data.round) {
      box.textContent = box.dataset.noRound;
      return;
    }
    var title = document.createElement("a");
    title.href = data.round.url;
    title.textContent = data.round.title;
    var explanation = document.createElement("p");
    explanation.className = "muted";
    explanation.textContent = data.explanation;
    var list = document.createElement("ul");
    list.className = "legend-list";
    data.legend.forEach(function (item) {
      var entry = document.createElement("li");
      var swatch = document.createElement("span");
      swatch.className = "survey-swatch";
      swatch.style.background = item.colour;
      entry.appendChild(swatch);
      entry.appendChild(document.createTextNode(item.label));
      list.appendChild(entry);
    });
    box.appendChild(title);
    box.appendChild(explanation);
    box.appendChild(list);
  }

  function showSurvey(element) {
    var drawn = state.drawn, data = state.survey;
    if (!drawn || !data) return;
    hideSurvey(element);
    var edges = [], nodes = [];
    (data.edges || []).forEach(function (edge, index) {
      if (!drawn.nodes.get(edge.from) || !drawn.nodes.get(edge.to)) return;
      edges.push({id: "survey-" + index, from: edge.from, to: edge.to, width: edge.width,
                  color: {color: edge.colour, highlight: edge.colour}, dashes: edge.reciprocal === false,
                  arrows: {to: {enabled: true, scaleFactor: 0.7}},
                  smooth: {enabled: true, type: "curvedCW", roundness: 0.2}});
    });
    (data.nodes || []).forEach(function (node) {
      var current = drawn.nodes.get(node.id);
      if (!current) return;
      state.surveyNodes[node.id] = {color: current.color, value: current.value};
      nodes.push({id: node.id, value: node.size, color: {background: node.colour, border: "#1b1f24",
                  highlight: {background: node.colour, border: "#1b1f24"}}});
    });
    drawn.edges.add(edges);
    drawn.nodes.update(nodes);
    state.surveyEdges = edges.map(function (edge) { return edge.id; });
    element.dataset.surveyEdges = String(edges.length);
    element.dataset.surveyNodes = String(nodes.length);
  }

  function hideSurvey(element) {
    var drawn = state.drawn;
    if (!drawn) return;
    drawn.edges.remove(state.surveyEdges);
    Object.keys(state.surveyNodes).forEach(function (id) {
      var kept = state.surveyNodes[id];
      drawn.nodes.update({id: Number(id), color: kept.color, value: kept.value});
    });
    state.surveyEdges = [];
    state.surveyNodes = {};
    delete element.dataset.surveyEdges;
    delete element.dataset.surveyNodes;
  }

  function surveyLayer(graph) {
    var box = byId("survey-layer");
    if (!box) return;
    box.addEventListener("change", function () {
      var legend = byId("survey-legend");
      if (!box.checked) {
        state.survey = null;
        hideSurvey(graph);
        legend.hidden = true;
        return;
      }
      fetch(box.dataset.url, {credentials: "same-origin", headers: {Accept: "application/json"}})
        .then(function (response) {
          if (!response.ok) throw new Error(String(response.status));
          return response.json();
        })
        .then(function (data) {
          if (!box.checked) return;
          state.survey = data;
          surveyLegend(data);
          showSurvey(graph);
          graph.dataset.surveyLoaded = data.round ? String(data.round.id) : "none";
        })
        .catch(function () {
          legend.hidden = false;
          legend.textContent = legend.dataset.failed;
        });
    });
  }

  // The data ------------------------------------------------------------------------------------------------------

  function load(graph) {
    graph.dataset.loading = "true";
    // The default cache mode: the browser sends If-None-Match with the ETag it kept and reuses its copy on a 304.
    fetch(graph.dataset.graphUrl, {credentials: "same-origin", headers: {Accept: "application/json"}})
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (data) {
        state.data = data;
        delete graph.dataset.loading;
        drawGraph(graph);
        var map = byId("network-map");
        if (map && !map.hidden) drawMap(map);
      })
      .catch(function () {
        delete graph.dataset.loading;
        graph.dataset.failed = "true";
        var note = document.createElement("p");
        note.className = "muted";
        note.textContent = graph.dataset.failedText || "";
        graph.appendChild(note);
      });
  }

  function init() {
    linkTerritory();
    var graph = byId("network-graph");
    if (!graph || !graph.dataset.graphUrl) return;
    var panel = byId("network-panel");
    var hint = panel && panel.querySelector("[data-empty]");
    if (hint) panel.dataset.hint = hint.textContent;
    document.querySelectorAll(".network-toggle [data-view]").forEach(function (button) {
      button.addEventListener("click", function () { showView(button.dataset.view); });
    });
    surveyLayer(graph);
    load(graph);
  }

  init();
}());
