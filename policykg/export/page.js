/* policykg export page, shared part: legend, filter boxes and the evidence panel.
   The page embeds its configuration as JSON in #policykg-config; nothing is fetched. */
var policykg = (function () {
  "use strict";
  var cfg = JSON.parse(document.getElementById("policykg-config").textContent);

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function buildLegend() {
    var box = document.getElementById("pk-legend");
    cfg.legend.forEach(function (entry) {
      var item = el("span", { "class": "pk-item" });
      var swatch = el("span", { "class": entry.kind === "edge" ? "pk-edge" : "pk-node" });
      if (entry.kind === "edge") swatch.style.borderTopColor = entry.color; else swatch.style.background = entry.color;
      if (entry.style === "dashed") swatch.classList.add("pk-dashed");
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(entry.label));
      box.appendChild(item);
    });
  }

  // checked[dimension] = Set of values shown
  var checked = {};
  function buildFilters(onChange) {
    var box = document.getElementById("pk-filters");
    Object.keys(cfg.filters).forEach(function (dim) {
      var set = new Set();
      checked[dim] = set;
      var fs = el("fieldset", { "data-filter": dim });
      fs.appendChild(el("legend", {}, dim));
      cfg.filters[dim].forEach(function (value) {
        var on = !(cfg.off[dim] || []).includes(value);
        if (on) set.add(value);
        var label = el("label");
        var input = el("input", { type: "checkbox", value: value, "data-filter": dim });
        input.checked = on;
        input.addEventListener("change", function () {
          if (input.checked) set.add(value); else set.delete(value);
          onChange();
        });
        label.appendChild(input);
        label.appendChild(document.createTextNode(" " + value));
        fs.appendChild(label);
      });
      box.appendChild(fs);
    });
  }

  // An item passes when, for every filtered dimension it carries, one of its values is checked.
  function passes(item) {
    return Object.keys(checked).every(function (dim) {
      var value = item[dim];
      if (value === undefined || value === null || value === "") return true;
      return String(value).split(" ").some(function (v) { return checked[dim].has(v); });
    });
  }
  function carriesFilter(item) {
    return Object.keys(checked).some(function (dim) { var v = item[dim]; return v !== undefined && v !== null && v !== ""; });
  }

  function showEvidence(item) {
    var panel = document.getElementById("pk-evidence");
    panel.textContent = "";
    panel.appendChild(el("h2", {}, item.heading || item.label || ""));
    if (item.kind) panel.appendChild(el("div", { "class": "pk-meta" }, item.kind));
    if (item.evidence) {
      panel.appendChild(el("blockquote", { "class": "pk-quote" }, item.evidence));
    } else {
      panel.appendChild(el("p", { "class": "pk-hint" }, "No evidence quote on this element."));
    }
    if (item.policy) panel.appendChild(el("div", { "class": "pk-meta pk-policy" }, "policy: " + item.policy + (item.version ? " (" + item.version + ")" : "")));
    if (item.iri) panel.appendChild(el("div", { "class": "pk-meta" }, "IRI: " + item.iri));
  }

  return { cfg: cfg, buildLegend: buildLegend, buildFilters: buildFilters, passes: passes, carriesFilter: carriesFilter, showEvidence: showEvidence };
})();
