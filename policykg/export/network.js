/* policykg export page for vis-network drawings (pyvis): filters hide nodes and edges,
   a click shows the evidence quote and its policy. Uses the globals pyvis defines: network, nodes, edges. */
(function () {
  "use strict";
  var anchors = new Set(["organization", "policy", "scheme"]);

  function describe(item, isEdge) {
    return {
      heading: item.label || item.plabel || "",
      label: item.plabel || item.label,
      kind: isEdge ? (item.ptype || "edge") + (item.action ? " · " + item.action : "") + (item.polarity ? " · " + item.polarity : "")
                   : (item.ptype || "") + (item.action ? " · " + item.action : "") + (item.polarity ? " · " + item.polarity : "") + (item.change ? " · " + item.change : ""),
      evidence: item.evidence, policy: item.policy, version: item.version, iri: item.iri
    };
  }

  function applyFilters() {
    var allNodes = nodes.get(), allEdges = edges.get();
    var visible = {};
    allNodes.forEach(function (n) { visible[n.id] = !policykg.carriesFilter(n) || policykg.passes(n); });
    var touched = {}, edgeUpdates = [];
    allEdges.forEach(function (e) {
      var show = policykg.passes(e) && visible[e.from] && visible[e.to];
      if (show) { touched[e.from] = true; touched[e.to] = true; }
      edgeUpdates.push({ id: e.id, hidden: !show });
    });
    var degree = {};
    allEdges.forEach(function (e) { degree[e.from] = (degree[e.from] || 0) + 1; degree[e.to] = (degree[e.to] || 0) + 1; });
    var nodeUpdates = allNodes.map(function (n) {
      var show = visible[n.id];
      if (show && !policykg.carriesFilter(n) && !anchors.has(n.ptype) && degree[n.id]) show = !!touched[n.id];
      return { id: n.id, hidden: !show };
    });
    nodes.update(nodeUpdates);
    edges.update(edgeUpdates);
    document.body.setAttribute("data-visible-nodes", String(nodeUpdates.filter(function (u) { return !u.hidden; }).length));
  }

  policykg.buildLegend();
  policykg.buildFilters(applyFilters);
  network.on("click", function (params) {
    if (params.nodes.length) policykg.showEvidence(describe(nodes.get(params.nodes[0]), false));
    else if (params.edges.length) policykg.showEvidence(describe(edges.get(params.edges[0]), true));
  });
  network.once("stabilizationIterationsDone", function () { network.setOptions({ physics: false }); });
  applyFilters();
  document.body.setAttribute("data-policykg-ready", "1");
})();
