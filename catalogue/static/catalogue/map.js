// The map of a page of results in the public catalogue: one marker per service with a published address, each linking
// its page. The same services are in the list below it, which is what a keyboard or a screen reader uses.
(function () {
  "use strict";
  function draw() {
    var element = document.getElementById("map");
    var data = document.getElementById("map-points");
    if (!element || !data || typeof L === "undefined") { return; }
    var points = JSON.parse(data.textContent);
    if (!points.length) { return; }
    var map = L.map(element, { scrollWheelZoom: false });
    L.tileLayer(element.dataset.tiles, { attribution: element.dataset.attribution, maxZoom: 18 }).addTo(map);
    var bounds = [];
    points.forEach(function (point) {
      var link = document.createElement("a");
      link.href = point[0];
      link.textContent = point[1];
      L.marker([point[2], point[3]], { keyboard: false }).addTo(map).bindPopup(link);
      bounds.push([point[2], point[3]]);
    });
    map.fitBounds(bounds, { maxZoom: 14, padding: [24, 24] });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
