/* policykg export page for plotly drawings (Sankey, heat map): filters restyle the traces,
   a click shows the evidence quote and its policy. */
(function () {
  "use strict";
  var cfg = policykg.cfg;
  var gd = document.getElementById("pk-plot");

  function applyFilters() {
    if (cfg.plot === "sankey") {
      var values = cfg.links.map(function (link) { return policykg.passes(link) ? link.value : 0; });
      Plotly.restyle(gd, { "link.value": [values] }, [0]);
    } else {
      var visible = cfg.traces.map(function (trace) { return policykg.passes(trace); });
      Plotly.restyle(gd, { visible: visible });
    }
  }

  policykg.buildLegend();
  policykg.buildFilters(applyFilters);
  gd.on("plotly_click", function (event) {
    if (!event || !event.points || !event.points.length) return;
    var pt = event.points[0];
    if (cfg.plot === "sankey") {
      if (pt.source === undefined) return;  // a node, not a link
      var link = cfg.links[pt.pointNumber !== undefined ? pt.pointNumber : pt.index];
      if (link) policykg.showEvidence(link);
    } else {
      var key = pt.curveNumber + "|" + pt.y + "|" + pt.x;
      var cell = cfg.cells[key];
      if (cell) policykg.showEvidence(cell);
    }
  });
  applyFilters();
  document.body.setAttribute("data-policykg-ready", "1");
})();
