/* policykg export page for plotly drawings (Sankey, heat map): filters restyle the traces,
   a click shows the evidence quote and its policy. */
(function () {
  "use strict";
  var cfg = policykg.cfg;
  var gd = document.getElementById("pk-plot");
  var shown = null;  // the links the Sankey trace holds, in its order (set below, once the filters exist)

  function applyFilters() {
    if (cfg.plot === "sankey") {
      // plotly mis-draws zero-valued links, so the trace gets only the links that pass
      shown = cfg.links.filter(function (link) { return policykg.passes(link); });
      Plotly.restyle(gd, {
        "link.source": [shown.map(function (l) { return l.source; })],
        "link.target": [shown.map(function (l) { return l.target; })],
        "link.value": [shown.map(function (l) { return l.value; })],
        "link.color": [shown.map(function (l) { return l.color; })],
        "link.customdata": [shown.map(function (l) { return [l.verb, l.hover]; })]
      }, [0]);
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
      var link = shown[pt.pointNumber !== undefined ? pt.pointNumber : pt.index];
      if (link) policykg.showEvidence(link);
    } else {
      var key = pt.curveNumber + "|" + pt.y + "|" + pt.x;
      var cell = cfg.cells[key];
      if (cell) policykg.showEvidence(cell);
    }
  });
  if (cfg.plot === "sankey") {
    shown = cfg.links.filter(function (link) { return policykg.passes(link); });  // what Python drew
  } else {
    applyFilters();
  }
  document.body.setAttribute("data-policykg-ready", "1");
})();
