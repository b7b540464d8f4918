/* The directory map: the organisations of the filtered list as markers (Leaflet, served from the project's own static
   files). Organisations without coordinates sit at the centre of their ORP, drawn as "approximate"; organisations at
   one spot share a marker whose popup lists them all. Markers are plain DOM elements of 48 px, so a finger hits them,
   and the page works without tiles (no connection in the field) and even without Leaflet: the list is the page.
   A search as one types replaces the results (htmx): the tabs and the map are set up again on the new ones. */
(function () {
  "use strict";

  var CZECHIA = [49.8, 15.5];

  function groupByPlace(points) {
    var groups = {};
    points.forEach(function (point) {
      var key = point.lat.toFixed(5) + "," + point.lon.toFixed(5);
      (groups[key] = groups[key] || []).push(point);
    });
    return Object.keys(groups).map(function (key) { return groups[key]; });
  }

  function icon(group) {
    var approx = group.every(function (point) { return point.approx; });
    return L.divIcon({
      className: "directory-marker" + (approx ? " approx" : ""),
      html: "<span>" + (group.length > 1 ? group.length : "") + "</span>",
      iconSize: [48, 48],
      iconAnchor: [24, 24],
      popupAnchor: [0, -18]
    });
  }

  function popup(group, approxLabel) {
    // Built from DOM nodes: names are data, never markup.
    var list = document.createElement("ul");
    list.className = "map-popup";
    group.forEach(function (point) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = point.url;
      link.textContent = point.name;
      item.appendChild(link);
      if (point.approx) {
        var note = document.createElement("span");
        note.className = "muted";
        note.textContent = " (" + approxLabel + ")";
        item.appendChild(note);
      }
      list.appendChild(item);
    });
    return list;
  }

  var map = null;

  function showMap(element) {
    var data = document.getElementById("directory-points");
    if (!element || !data) return;
    if (typeof L === "undefined") {
      element.hidden = true;
      return;
    }
    if (map) {
      map.remove();
      map = null;
    }
    // Each point comes as [id, name, lat, lon] and a 1 when it is approximate (a third of the page's size of objects).
    var url = element.dataset.organizationUrl;
    var points = JSON.parse(data.textContent).map(function (row) {
      return {url: url.replace("/0/", "/" + row[0] + "/"), name: row[1], lat: row[2], lon: row[3], approx: row[4] === 1};
    });
    map = L.map(element, {scrollWheelZoom: false});
    if (element.dataset.tilesUrl) {
      L.tileLayer(element.dataset.tilesUrl, {attribution: element.dataset.tilesAttribution, maxZoom: 18}).addTo(map);
    }
    var markers = groupByPlace(points).map(function (group) {
      var first = group[0];
      var title = group.map(function (point) { return point.name; }).join(", ");
      var marker = L.marker([first.lat, first.lon], {icon: icon(group), title: title, keyboard: true});
      return marker.bindPopup(popup(group, element.dataset.approxLabel)).addTo(map);
    });
    if (markers.length) {
      map.fitBounds(L.featureGroup(markers).getBounds(), {padding: [32, 32], maxZoom: 13});
    } else {
      map.setView(CZECHIA, 7);
    }
    element.dataset.markers = String(markers.length);
  }

  // The list and the map are tabs: the results come first, the map (drawn when first shown, as Leaflet needs its
  // size) one tap away. Without this script both are on the page, the list first. The chosen tab outlives a search.
  var current = "list";

  function select(name, focus) {
    var root = document.getElementById("directory-results");
    if (!root) return;
    current = name;
    ["list", "map"].forEach(function (tab) {
      var button = document.getElementById("tab-" + tab);
      var panel = document.getElementById("panel-" + tab);
      var chosen = tab === name;
      button.setAttribute("aria-selected", String(chosen));
      button.tabIndex = chosen ? 0 : -1;
      panel.hidden = !chosen;
      if (chosen && focus) button.focus();
    });
    if (name === "map") showMap(document.getElementById("directory-map"));
  }

  function init() {
    var root = document.getElementById("directory-results");
    if (!root) return;
    var tabs = root.querySelector("[role=tablist]");
    tabs.hidden = false;
    root.classList.add("tabbed");
    tabs.addEventListener("click", function (event) {
      var button = event.target.closest("[role=tab]");
      if (button) select(button.id.replace("tab-", ""), false);
    });
    tabs.addEventListener("keydown", function (event) {
      if (event.key === "ArrowLeft" || event.key === "ArrowRight" || event.key === "Home" || event.key === "End") {
        event.preventDefault();
        select(current === "list" ? "map" : "list", true);
      }
    });
    map = null;
    select(current, false);
  }

  // htmx lends the new results the old elements' attributes while it settles, a style attribute among them, which the
  // Content-Security-Policy refuses when set as markup: the old map goes first.
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (!event.detail.target || event.detail.target.id !== "directory-results") return;
    if (map) {
      map.remove();
      map = null;
    }
    document.querySelectorAll("#directory-results [style]").forEach(function (element) {
      element.removeAttribute("style");
    });
  });

  // Typing asks for the results 300 ms after the last key; Enter within them asks at once. The late ask of the very
  // same search is dropped: its answer would swap the results again and close the map's popup the user just opened.
  var lastSearch = null;
  document.addEventListener("htmx:configRequest", function (event) {
    var source = event.detail.elt;
    if (!source || !source.closest || !source.closest("#directory-search")) return;
    var search = new URLSearchParams(event.detail.formData).toString();
    if (source.tagName === "INPUT" && search === lastSearch) {
      event.preventDefault();
      return;
    }
    lastSearch = search;
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    if (event.target && event.target.id === "directory-results") init();
  });
  init();
}());
