"""Self-contained interactive HTML pages: one file, every script inlined, no network at view time.

Network-like views (practices, network, taxonomy, versions) are drawn with
vis-network through pyvis (``cdn_resources="in_line"``); flows become a plotly
Sankey diagram and the matrix a plotly heat map (``include_plotlyjs=True``).
Around the drawing the page adds a title, filter boxes (action, polarity or
change), a legend, and a panel that shows the evidence quote and its policy
when a node, edge, flow or cell is clicked (hovering shows it as a tooltip).
pyvis's template links Bootstrap from a CDN; those tags are removed and the
page is checked: :func:`external_references` must find nothing.

>>> external_references('<script src="https://cdn.example/x.js"></script><link href="a.css">')
['https://cdn.example/x.js']
"""

from __future__ import annotations

import json
import re
import textwrap
from importlib import resources
from pathlib import Path

from policykg.errors import ExportError

from . import projection as pj
from .formats import matrix_cells
from .views import MATRIX_COLORS, View

_EXTERNAL = re.compile(r"""<(?:script|link|img|iframe|source|embed)\b[^>]*?\b(?:src|href)\s*=\s*["']?((?:https?:)?//[^"'\s>]+)""", re.IGNORECASE)
_BOOTSTRAP = re.compile(r"""<(link|script)\b[^>]*?\b(?:href|src)\s*=\s*["'](?:https?:)?//[^"']*["'][^>]*>(?:\s*</script>)?""", re.IGNORECASE)
_EMPTY_HEADING = re.compile(r"<center>\s*<h1>\s*</h1>\s*</center>", re.IGNORECASE)
#: vis-network shapes for the projection's shapes (dot and diamond are sized; box holds its label).
_VIS_SHAPES = {"box": "box", "ellipse": "dot", "diamond": "diamond"}


def external_references(page: str) -> list[str]:
    """Addresses that ``<script src>``, ``<link href>``, ``<img src>`` ... tags of ``page`` would fetch from the network."""
    return _EXTERNAL.findall(page)


def _asset(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


def _json_for_script(value: object) -> str:
    """JSON safe inside a ``<script>`` element (``</`` cannot close it)."""
    return json.dumps(value, ensure_ascii=False).replace("</", "<\\/")


def _clean(text: object) -> str:
    """Attribute text for pyvis: pyvis switches to an innerHTML popup when a title contains 'href'."""
    return str(text or "").replace("href", "hre\u200bf")


def _short(text: str, width: int = 28) -> str:
    return "\n".join(textwrap.wrap(text, width)[:3]) or text


def _wrap_page(page: str, view: View, config: dict, script: str) -> str:
    """Add header, filters, legend and evidence panel around a generated page; fail if anything is remote."""
    page = _BOOTSTRAP.sub("", page)
    page = _EMPTY_HEADING.sub("", page)
    head = f"<style>{_asset('page.css')}</style>\n<title>{_escape(view.title)}</title>\n"
    page = page.replace("</head>", head + "</head>", 1)
    header = (
        '<div id="pk-header"><h1>' + _escape(view.title) + "</h1>"
        '<div id="pk-controls"><div id="pk-filters"></div><div id="pk-legend"></div></div></div>'
        '<div id="pk-main"><div id="pk-drawing">'
    )
    footer = (
        '</div><aside id="pk-evidence"><h2>Evidence</h2>'
        '<p class="pk-hint">Click a node, edge, flow or cell to see the quote it rests on and its policy.</p></aside></div>'
    )
    body = re.search(r"<body[^>]*>", page, re.IGNORECASE)
    if body is None:
        raise ExportError("generated page has no <body>; cannot add the panel")
    start = body.end()
    end = page.rfind("</body>")
    page = page[:start] + header + page[start:end] + footer + (
        f'<script type="application/json" id="policykg-config">{_json_for_script(config)}</script>\n'
        f"<script>{_asset('page.js')}\n{script}</script>\n"
    ) + page[end:]
    remote = external_references(page)
    if remote:
        raise ExportError(f"the page would load {remote[0]} from the network; refusing to write it")
    return page


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _filters(view: View, items: list[dict]) -> dict[str, list[str]]:
    result = {}
    for dim in view.filters:
        values = sorted({v for item in items for v in str(item.get(dim) or "").split()},
                        key=lambda v: (pj.ACTION_ORDER.index(v) if v in pj.ACTION_ORDER else 99, v))
        if values:
            result[dim] = values
    return result


def _legend(view: View) -> list[dict]:
    return [{"label": e.label, "color": e.color, "style": e.style, "kind": e.kind} for e in view.legend]


# ---------------------------------------------------------------------------- vis-network
def _network_page(view: View) -> str:
    from pyvis.network import Network

    graph = view.graph
    hierarchical = view.name in ("taxonomy", "versions")
    net = Network(height="78vh", width="100%", directed=True, cdn_resources="in_line", bgcolor="#ffffff")
    ids = {node: i for i, node in enumerate(graph.nodes)}
    for node, data in graph.nodes(data=True):
        evidence = _clean(data.get("evidence"))
        title = data["label"] + (f"\n“{evidence[:300]}”" if evidence else "") + (f"\n{data.get('policy')}" if data.get("policy") else "")
        extra = {k: _clean(data.get(k)) for k in ("action", "polarity", "evidence", "policy", "version", "iri", "change") if data.get(k) not in (None, "")}
        options = {}
        if data.get("style") == "dashed":
            options["shapeProperties"] = {"borderDashes": [4, 3]}
        if hierarchical:
            options["level"] = int(data.get("column", 0)) if view.name == "versions" else None
        options = {k: v for k, v in options.items() if v is not None}
        if data.get("color") in ("#34495e", "#5d6d7e") and data.get("shape") == "box":
            options["font"] = {"color": "#ffffff"}
        net.add_node(
            ids[node],
            label=_short(data["label"], 40 if view.name == "versions" else 28),
            title=_clean(title),
            color=data.get("color") or "#cccccc",
            shape=_VIS_SHAPES.get(data.get("shape") or "ellipse", "dot"),
            size=float(data.get("size") or 12),
            ptype=data["type"],
            plabel=_clean(data["label"]),
            **extra,
            **options,
        )
    for src, dst, data in graph.edges(data=True):
        extra = {k: _clean(data.get(k)) for k in ("action", "polarity", "evidence", "policy", "version", "change") if data.get(k) not in (None, "")}
        evidence = data.get("evidence") or ""
        net.add_edge(
            ids[src],
            ids[dst],
            color=data.get("color") or "#999999",
            dashes=data.get("style") == "dashed",
            width=float(data.get("width") or 1),
            title=_clean(f"{data.get('label', '')}" + (f"\n“{evidence[:300]}”" if evidence else "")),
            ptype=data.get("type", ""),
            plabel=_clean(data.get("label", "")),
            **extra,
        )
    options: dict = {
        "interaction": {"hover": True, "tooltipDelay": 150, "keyboard": {"enabled": True}, "multiselect": False},
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.5}}, "smooth": False, "font": {"size": 9}},
        "nodes": {"font": {"size": 12}, "borderWidth": 1},
    }
    if hierarchical:
        options["layout"] = {"hierarchical": {"enabled": True, "direction": "LR", "sortMethod": "directed" if view.name == "taxonomy" else "hubsize",
                                              "levelSeparation": 260 if view.name == "versions" else 220, "nodeSpacing": 40}}
        options["physics"] = {"enabled": False}
        options["edges"]["smooth"] = {"enabled": True, "type": "cubicBezier", "forceDirection": "horizontal"}
    else:
        options["physics"] = {"enabled": True, "solver": "forceAtlas2Based",
                              "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 110, "avoidOverlap": 0.4},
                              "stabilization": {"enabled": True, "iterations": 400, "fit": True}}
    net.options = options
    page = net.generate_html()
    items = [dict(d) for _, d in graph.nodes(data=True)] + [dict(d) for *_, d in graph.edges(data=True)]
    config = {"view": view.name, "title": view.title, "legend": _legend(view), "filters": _filters(view, items), "off": {}}
    return _wrap_page(page, view, config, _asset("network.js"))


# ---------------------------------------------------------------------------- plotly
def _rgba(color: str, alpha: float) -> str:
    color = color.lstrip("#")
    return f"rgba({int(color[0:2], 16)},{int(color[2:4], 16)},{int(color[4:6], 16)},{alpha})"


def _hover_quote(text: str) -> str:
    return "<br>".join(textwrap.wrap(text, 70)[:4]) if text else "(no quote)"


def _sankey_page(view: View) -> str:
    import plotly.graph_objects as go

    graph = view.graph
    order = sorted(graph.nodes, key=lambda n: (graph.nodes[n].get("layer", 0), -float(graph.nodes[n].get("size", 0))))
    index = {node: i for i, node in enumerate(order)}
    links = []
    for src, dst, key, data in graph.edges(keys=True, data=True):
        links.append({
            "source": index[src], "target": index[dst], "value": data["weight"], "color": _rgba(data["color"], 0.45 if data["polarity"] == "affirmed" else 0.25),
            "action": data["action"], "polarity": data["polarity"], "evidence": data.get("evidence", ""), "policy": data.get("policy", ""),
            "version": data.get("version", ""), "heading": f"{graph.nodes[src]['label']} → {graph.nodes[dst]['label']}",
            "kind": f"{data['label']} · {data['practices']} practice(s)", "hover": _hover_quote(data.get("evidence", "")),
            "verb": data["label"],
        })
    off = {"polarity": ["negated"]}  # a "does not" practice is no flow: hidden until the reader asks
    drawn = [l for l in links if l["polarity"] not in off["polarity"]]
    figure = go.Figure(go.Sankey(
        arrangement="snap",
        node={"label": [graph.nodes[n]["label"] for n in order], "color": [graph.nodes[n]["color"] for n in order],
              "pad": 10, "thickness": 14, "hovertemplate": "%{label}: %{value}<extra></extra>"},
        link={"source": [l["source"] for l in drawn], "target": [l["target"] for l in drawn], "value": [l["value"] for l in drawn],
              "color": [l["color"] for l in drawn], "customdata": [[l["verb"], l["hover"]] for l in drawn],
              "hovertemplate": "%{source.label} → %{target.label}<br>%{customdata[0]}: %{value}<br><i>%{customdata[1]}</i><extra></extra>"},
    ))
    figure.update_layout(margin={"l": 10, "r": 10, "t": 10, "b": 10}, height=max(500, 22 * max(len(order) // 2, 1)), font={"size": 11})
    config = {"view": view.name, "title": view.title, "plot": "sankey", "legend": _legend(view),
              "filters": _filters(view, links), "off": off, "links": links}
    page = figure.to_html(include_plotlyjs=True, full_html=True, div_id="pk-plot", config={"displaylogo": False, "responsive": True})
    return _wrap_page(page, view, config, _asset("plotly.js"))


def _unique(labels: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    result = []
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
        result.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    return result


def _matrix_page(view: View) -> str:
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    graph = view.graph
    rows, columns, cells = matrix_cells(view)
    row_labels = _unique([graph.nodes[r]["label"] for r in rows])
    col_labels = _unique([graph.nodes[c]["label"] for c in columns])
    kinds = pj.MATRIX_COLUMNS
    figure = make_subplots(rows=1, cols=len(kinds), shared_yaxes=True, subplot_titles=[k for k in kinds], horizontal_spacing=0.015)
    traces, cell_info = [], {}
    for t, kind in enumerate(kinds):
        z, custom = [], []
        for i, row in enumerate(rows):
            z_row, c_row = [], []
            for j, column in enumerate(columns):
                data = cells.get((row, column, kind))
                weight = int(data["weight"]) if data else 0
                z_row.append(weight)
                c_row.append(_hover_quote(data.get("evidence", "")) if data else "")
                if data:
                    cell_info[f"{t}|{row_labels[i]}|{col_labels[j]}"] = {
                        "heading": f"{row_labels[i]} · {col_labels[j]}", "kind": f"{kind}: {weight} practice(s)",
                        "evidence": data.get("evidence", ""), "policy": data.get("policy", ""),
                    }
            z.append(z_row)
            custom.append(c_row)
        figure.add_trace(go.Heatmap(
            z=z, x=col_labels, y=row_labels, customdata=custom, name=kind, xgap=1, ygap=1,
            colorscale=[[0, "#ffffff"], [1, MATRIX_COLORS[kind]]], showscale=False,
            hovertemplate="%{y} · %{x}<br>" + kind + ": %{z}<br><i>%{customdata}</i><extra></extra>",
        ), row=1, col=t + 1)
        traces.append({"action": {"collected": "collect", "shared": "share", "sold": "sell"}.get(kind, ""),
                       "polarity": "negated" if kind == "does not" else "affirmed"})
    figure.update_yaxes(autorange="reversed")
    figure.update_xaxes(tickangle=-45)
    figure.update_layout(height=max(420, 24 * len(rows) + 260), margin={"l": 10, "r": 10, "t": 40, "b": 10})
    config = {"view": view.name, "title": view.title, "plot": "heatmap", "legend": _legend(view),
              "filters": _filters(view, traces), "off": {}, "traces": traces, "cells": cell_info}
    page = figure.to_html(include_plotlyjs=True, full_html=True, div_id="pk-plot", config={"displaylogo": False, "responsive": True})
    return _wrap_page(page, view, config, _asset("plotly.js"))


def to_html(view: View) -> str:
    """The view as one self-contained HTML page (see the module docstring).

    Raises:
        ExportError: the generated page would reference a remote resource.
    """
    if view.name == "flows":
        return _sankey_page(view)
    if view.name == "matrix":
        return _matrix_page(view)
    return _network_page(view)


def write_html(view: View, path: Path) -> tuple[int, int]:
    """Write the page; returns the projection's node and edge counts."""
    path.write_text(to_html(view), encoding="utf-8")
    return view.graph.number_of_nodes(), view.graph.number_of_edges()
