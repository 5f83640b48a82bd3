"""Writers: GraphML, GEXF, DOT, SVG / PNG (Graphviz), Cytoscape.js JSON and the RDF itself.

Every writer takes a :class:`~policykg.export.views.View` and a path and returns
``(nodes, edges)`` as written. Node and edge attributes of the projection
(label, type, action, polarity, evidence, policy, version, ...) are written as
they are; GEXF also gets ``viz`` colours and sizes so Gephi draws the view as
policykg does.

>>> dot_quote('say "hi"')
'"say \\\\"hi\\\\""'
"""

from __future__ import annotations

import html
import json
import math
import shutil
import subprocess
import textwrap
from pathlib import Path

import networkx as nx
import pyoxigraph as ox

from policykg.errors import ExportError

from . import projection as pj
from .views import MATRIX_COLORS, View

RDF_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
    "jsonld": ox.RdfFormat.JSON_LD,
}
GRAPH_FORMATS = ("graphml", "gexf", "dot", "svg", "png", "cytoscape", "html")
FORMATS = GRAPH_FORMATS + tuple(RDF_FORMATS)
#: The file extension each format writes.
EXTENSIONS = {
    "graphml": ".graphml",
    "gexf": ".gexf",
    "dot": ".dot",
    "svg": ".svg",
    "png": ".png",
    "cytoscape": ".cyjs",
    "html": ".html",
    "turtle": ".ttl",
    "trig": ".trig",
    "nquads": ".nq",
    "jsonld": ".jsonld",
}
GRAPHVIZ_TIMEOUT = 300


# ---------------------------------------------------------------------------- scalars
def scalar_graph(graph: nx.Graph) -> nx.Graph:
    """A copy of ``graph`` whose attributes are str, int, float or bool, one type per key.

    ``None`` becomes ``""``; lists and tuples are joined with a space; a key
    holding both ints and floats becomes float everywhere (GraphML and GEXF
    declare one type per key, and readers convert every value to it).
    """
    result = graph.copy()
    for store in (dict(result.nodes(data=True)).values(), [d for *_, d in result.edges(data=True)]):
        kinds: dict[str, set[type]] = {}
        items = list(store)
        for data in items:
            for key, value in list(data.items()):
                if value is None:
                    value = ""
                elif isinstance(value, (list, tuple, set, frozenset)):
                    value = " ".join(str(v) for v in value)
                elif not isinstance(value, (str, int, float, bool)):
                    value = str(value)
                data[key] = value
                kinds.setdefault(key, set()).add(type(value))
        for key, types in kinds.items():
            if types - {bool} and types <= {int, float, bool} and float in types:
                for data in items:
                    if key in data and not isinstance(data[key], bool):
                        data[key] = float(data[key])
            elif len(types) > 1:
                for data in items:
                    if key in data:
                        data[key] = str(data[key])
    result.graph = {k: (v if isinstance(v, (str, int, float, bool)) else str(v)) for k, v in graph.graph.items()}
    return result


def _rgb(color: str) -> tuple[int, int, int]:
    color = color.lstrip("#")
    return int(color[0:2], 16), int(color[2:4], 16), int(color[4:6], 16)


# ---------------------------------------------------------------------------- GraphML / GEXF
def write_graphml(view: View, path: Path) -> tuple[int, int]:
    """Write GraphML (yEd, Gephi, Cytoscape); every attribute becomes a ``<key>``."""
    graph = scalar_graph(view.graph)
    graph.graph["title"] = view.title
    nx.write_graphml(graph, path, encoding="utf-8", named_key_ids=True)
    return graph.number_of_nodes(), graph.number_of_edges()


def write_gexf(view: View, path: Path) -> tuple[int, int]:
    """Write GEXF 1.2 (Gephi) with ``viz`` colour, size and edge thickness / shape."""
    graph = scalar_graph(view.graph)
    for _, data in graph.nodes(data=True):
        r, g, b = _rgb(str(data.get("color") or "#cccccc"))
        data["viz"] = {"color": {"r": r, "g": g, "b": b, "a": 1.0}, "size": float(data.get("size") or 10)}
    for *_, data in graph.edges(data=True):
        r, g, b = _rgb(str(data.get("color") or "#999999"))
        data["viz"] = {
            "color": {"r": r, "g": g, "b": b, "a": 1.0},
            "thickness": float(data.get("width") or 1),
            "shape": "dashed" if data.get("style") == "dashed" else "solid",
        }
    nx.write_gexf(graph, path, encoding="utf-8")
    return graph.number_of_nodes(), graph.number_of_edges()


# ---------------------------------------------------------------------------- Cytoscape.js
def cytoscape_json(view: View) -> dict:
    """The view as Cytoscape.js elements JSON (``cy.json()`` / Cytoscape desktop import).

    Every node has ``data.id`` and ``data.label``; every edge ``data.id``,
    ``data.source`` and ``data.target``; other attributes sit beside them.
    """
    graph = scalar_graph(view.graph)
    nodes = [{"data": {**data, "id": str(node)}} for node, data in graph.nodes(data=True)]
    edges = []
    for index, (src, dst, data) in enumerate(graph.edges(data=True)):
        edges.append({"data": {**data, "id": f"e{index}", "source": str(src), "target": str(dst)}})
    return {
        "format_version": "1.0",
        "generated_by": "policykg",
        "target_cytoscapejs_version": "~3.2",
        "data": {"name": view.title, "view": view.name},
        "elements": {"nodes": nodes, "edges": edges},
    }


def write_cytoscape(view: View, path: Path) -> tuple[int, int]:
    """Write Cytoscape.js JSON."""
    document = cytoscape_json(view)
    path.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")
    return len(document["elements"]["nodes"]), len(document["elements"]["edges"])


# ---------------------------------------------------------------------------- DOT
def dot_quote(text: object) -> str:
    """A DOT double-quoted string (quotes and backslashes escaped, newlines as ``\\n``)."""
    value = str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\r", "").replace("\n", "\\n")
    return f'"{value}"'


def _wrap(text: str, width: int = 34, lines: int = 4) -> str:
    parts = textwrap.wrap(text, width) or [""]
    if len(parts) > lines:
        parts = parts[:lines]
        parts[-1] = parts[-1][: width - 1] + "…"
    return "\n".join(parts)


def _font_color(fill: str) -> str:
    r, g, b = _rgb(fill)
    return "white" if 0.299 * r + 0.587 * g + 0.114 * b < 140 else "black"


def _attrs(values: dict[str, object]) -> str:
    return ", ".join(f"{k}={dot_quote(v)}" for k, v in values.items() if v is not None and v != "")


def _node_attrs(data: dict, *, label: str | None = None) -> dict[str, object]:
    fill = str(data.get("color") or "#cccccc")
    style = "filled,dashed" if data.get("style") == "dashed" else "filled"
    tooltip = data.get("evidence") or data.get("iri") or ""
    return {
        "label": _wrap(label if label is not None else str(data.get("label", ""))),
        "shape": data.get("shape") or "ellipse",
        "style": style,
        "fillcolor": fill,
        "fontcolor": _font_color(fill),
        "tooltip": tooltip,
    }


def _edge_attrs(data: dict, *, label: bool = False, penwidth: float | None = None) -> dict[str, object]:
    return {
        "color": data.get("color") or "#999999",
        "style": "dashed" if data.get("style") == "dashed" else "solid",
        "penwidth": penwidth if penwidth is not None else data.get("width") or 1,
        "label": data.get("label") if label else None,
        "tooltip": data.get("evidence") or data.get("label") or "",
    }


def to_dot(view: View) -> str:
    """The view as Graphviz DOT: one statement per node and edge of the projection.

    Practices, flows, network and taxonomy are left-to-right layered drawings;
    versions put each policy version in its own column (cluster); the matrix
    view is drawn as a heat-map table (one node) because that is what a
    reader of the picture needs.
    """
    if view.name == "matrix":
        return _matrix_dot(view)
    graph = view.graph
    ids = {node: f"n{i}" for i, node in enumerate(graph.nodes)}
    lines = [
        "digraph policykg {",
        f"  graph [{_attrs({'label': view.title, 'labelloc': 't', 'fontname': 'Helvetica', 'fontsize': 16, 'rankdir': 'LR', 'ranksep': 1.0, 'nodesep': 0.15, 'tooltip': view.title})}];",
        '  node [fontname="Helvetica", fontsize=10, margin="0.08,0.03"];',
        '  edge [fontname="Helvetica", fontsize=8, arrowsize=0.6];',
    ]
    if view.name == "versions":
        lines.extend(_version_columns(graph, ids))
    else:
        for node, data in graph.nodes(data=True):
            attrs = _node_attrs(data)
            if view.name == "flows":
                attrs["label"] = _wrap(f"{data['label']} ({data.get('size', 0)})")
            if view.name in ("network", "taxonomy"):
                attrs["fontsize"] = round(9 + 0.25 * float(data.get("size") or 10), 1)
                if data.get("count"):
                    attrs["label"] = _wrap(f"{data['label']} ({data['count']})")
            lines.append(f"  {ids[node]} [{_attrs(attrs)}];")
    if view.name == "flows":
        for layer in (0, 1, 2):
            members = " ".join(ids[n] for n, d in graph.nodes(data=True) if d.get("layer") == layer)
            if members:
                lines.append(f"  {{ rank=same; {members} }}")
    for src, dst, data in graph.edges(data=True):
        attrs = _edge_attrs(data, label=view.name == "network")
        if view.name == "flows":
            attrs["arrowsize"] = 0.4
        if view.name == "versions" and data.get("type") == "contains":
            attrs["style"] = "invis"
        lines.append(f"  {ids[src]} -> {ids[dst]} [{_attrs(attrs)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _version_columns(graph: nx.Graph, ids: dict) -> list[str]:
    lines = []
    columns: dict[int, list] = {}
    for node, data in graph.nodes(data=True):
        columns.setdefault(int(data.get("column", 0)), []).append(node)
    for column, members in sorted(columns.items()):
        header = next((n for n in members if graph.nodes[n]["type"] == "policy"), None)
        title = graph.nodes[header]["label"] if header is not None else f"column {column}"
        lines.append(f"  subgraph cluster_{column} {{")
        lines.append(f"    graph [{_attrs({'label': title, 'style': 'rounded', 'color': '#bbbbbb'})}];")
        order = sorted(members, key=lambda n: (graph.nodes[n]["type"] != "policy", graph.nodes[n].get("change") == "removed", graph.nodes[n]["label"]))
        for node in order:
            data = graph.nodes[node]
            label = f"{data.get('count', 0)} practices stated" if data["type"] == "policy" else f"{'− ' if data.get('change') == 'removed' else '+ ' if data.get('change') == 'added' else ''}{data['label']}"
            lines.append(f"    {ids[node]} [{_attrs(_node_attrs(data, label=label))}];")
        lines.append(f"    {{ rank=same; {' '.join(ids[n] for n in order)} }}")
        lines.append("  }")
    return lines


def _mix(color: str, share: float) -> str:
    """``color`` faded towards white: ``share`` 0 is white, 1 the colour itself."""
    r, g, b = _rgb(color)
    fade = lambda c: round(255 - (255 - c) * share)  # noqa: E731
    return f"#{fade(r):02x}{fade(g):02x}{fade(b):02x}"


def matrix_cells(view: View) -> tuple[list[str], list[str], dict[tuple[str, str, str], dict]]:
    """Rows (companies, most practices first, the group last), columns (categories) and cells of the matrix view.

    ``cells[(company, category, column)]`` is the edge data (weight, evidence, policy).
    """
    graph = view.graph
    rows = sorted((n for n, d in graph.nodes(data=True) if d["type"] in ("organization", "group")),
                  key=lambda n: (graph.nodes[n]["type"] == "group", -int(graph.nodes[n].get("count", 0)), graph.nodes[n]["label"]))
    columns = sorted((n for n, d in graph.nodes(data=True) if d["type"] == "category"),
                     key=lambda n: (-int(graph.nodes[n].get("count", 0)), graph.nodes[n]["label"]))
    cells = {(src, dst, key): data for src, dst, key, data in graph.edges(keys=True, data=True)}
    return rows, columns, cells


def _matrix_dot(view: View) -> str:
    graph = view.graph
    rows, columns, cells = matrix_cells(view)
    top = {kind: max([d["weight"] for (_, _, k), d in cells.items() if k == kind] or [1]) for kind in pj.MATRIX_COLUMNS}
    esc = html.escape
    head1 = ['<TD BORDER="0"></TD>'] + [
        f'<TD COLSPAN="4" BGCOLOR="#f0f0f0"><FONT POINT-SIZE="8">{"<BR/>".join(esc(x) for x in textwrap.wrap(graph.nodes[c]["label"], 12, break_long_words=False)[:4])}</FONT></TD>'
        for c in columns
    ]
    marks = {"collected": "C", "shared": "S", "sold": "$", "does not": "¬"}
    head2 = ['<TD BORDER="0"></TD>'] + [
        f'<TD BGCOLOR="{MATRIX_COLORS[k]}"><FONT COLOR="white" POINT-SIZE="8">{esc(marks[k])}</FONT></TD>' for _ in columns for k in pj.MATRIX_COLUMNS
    ]
    body = []
    for row in rows:
        tds = [f'<TD ALIGN="RIGHT" BORDER="0"><FONT POINT-SIZE="9">{esc(graph.nodes[row]["label"][:40])}</FONT></TD>']
        for column in columns:
            for kind in pj.MATRIX_COLUMNS:
                data = cells.get((row, column, kind))
                weight = int(data["weight"]) if data else 0
                share = math.log1p(weight) / math.log1p(top[kind]) if weight else 0.0
                fill = _mix(MATRIX_COLORS[kind], 0.15 + 0.85 * share) if weight else "#ffffff"
                tip = f' TOOLTIP="{esc(graph.nodes[row]["label"])} / {esc(graph.nodes[column]["label"])} / {kind}: {weight}"'
                text = f'<FONT POINT-SIZE="7" COLOR="{_font_color(fill)}">{weight}</FONT>' if weight else ""
                tds.append(f'<TD WIDTH="16" BGCOLOR="{fill}"{tip}>{text}</TD>')
        body.append("<TR>" + "".join(tds) + "</TR>")
    legend = " &nbsp; ".join(f'<FONT COLOR="{MATRIX_COLORS[k]}">■</FONT> {esc(marks[k])} = {esc(k)}' for k in pj.MATRIX_COLUMNS)
    table = (
        '<<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="2" COLOR="#dddddd">'
        f'<TR>{"".join(head1)}</TR><TR>{"".join(head2)}</TR>{"".join(body)}'
        f'<TR><TD BORDER="0" COLSPAN="{1 + 4 * len(columns)}" ALIGN="LEFT"><FONT POINT-SIZE="9">{legend} &nbsp; (practices in the current policy; darker = more)</FONT></TD></TR>'
        "</TABLE>>"
    )
    return (
        "digraph policykg {\n"
        f"  graph [{_attrs({'label': view.title, 'labelloc': 't', 'fontname': 'Helvetica', 'fontsize': 16})}];\n"
        '  node [fontname="Helvetica", shape=plaintext];\n'
        f"  matrix [label={table}];\n"
        "}\n"
    )


def write_dot(view: View, path: Path) -> tuple[int, int]:
    """Write DOT; returns the projection's node and edge counts (the matrix view writes one table node)."""
    path.write_text(to_dot(view), encoding="utf-8")
    if view.name == "matrix":
        return 1, 0
    return view.graph.number_of_nodes(), view.graph.number_of_edges()


def graphviz() -> str:
    """Path of the Graphviz ``dot`` program.

    Raises:
        ExportError: Graphviz is not installed.
    """
    found = shutil.which("dot")
    if not found:
        raise ExportError("SVG and PNG need Graphviz's 'dot' program; install it (apt-get install graphviz) or export --format dot")
    return found


def render(view: View, path: Path, fmt: str) -> tuple[int, int]:
    """Draw the view with Graphviz into an SVG or PNG file.

    Raises:
        ExportError: Graphviz is missing, fails or takes longer than ``GRAPHVIZ_TIMEOUT`` seconds.
    """
    if fmt not in ("svg", "png"):
        raise ExportError(f"Graphviz renders svg or png, not {fmt!r}")
    program = graphviz()
    source = to_dot(view).encode("utf-8")
    args = [program, f"-T{fmt}", "-o", str(path)]
    if fmt == "png":
        args.insert(1, "-Gdpi=96")
    try:
        done = subprocess.run(args, input=source, capture_output=True, timeout=GRAPHVIZ_TIMEOUT, check=False)
    except subprocess.TimeoutExpired as exc:
        raise ExportError(f"Graphviz took more than {GRAPHVIZ_TIMEOUT} s on view {view.name!r}; use a smaller --top") from exc
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ExportError(f"Graphviz failed on view {view.name!r}: {message[-1] if message else done.returncode}")
    if view.name == "matrix":
        return 1, 0
    return view.graph.number_of_nodes(), view.graph.number_of_edges()


# ---------------------------------------------------------------------------- RDF
def write_rdf(store, view: View, path: Path, fmt: str) -> tuple[int, int]:
    """Write the named graphs the view is drawn from, as Turtle (their union), TriG, N-Quads or JSON-LD.

    Returns ``(resources, triples)``: distinct IRIs and blank nodes, and triples
    (quads for dataset formats) written.

    Raises:
        ExportError: unknown RDF format or the file cannot be written.
    """
    if fmt not in RDF_FORMATS:
        raise ExportError(f"unknown RDF format {fmt!r}; choose one of {', '.join(RDF_FORMATS)}")
    selected = ox.Store()
    union = fmt == "turtle"
    for name in dict.fromkeys(view.graphs):
        graph = ox.NamedNode(name)
        target = ox.DefaultGraph() if union else graph
        selected.extend(ox.Quad(q.subject, q.predicate, q.object, target) for q in store.oxigraph.quads_for_pattern(None, None, None, graph))
    from policykg.ontology import PREFIXES

    try:
        if union:
            selected.dump(str(path), format=RDF_FORMATS[fmt], from_graph=ox.DefaultGraph(), prefixes=PREFIXES)
        elif fmt == "nquads":
            selected.dump(str(path), format=RDF_FORMATS[fmt])
        else:
            selected.dump(str(path), format=RDF_FORMATS[fmt], prefixes=PREFIXES)
    except OSError as exc:
        raise ExportError(f"{path}: cannot write: {exc}") from exc
    resources = set()
    for quad in selected:
        resources.add(quad.subject)
        if not isinstance(quad.object, ox.Literal):
            resources.add(quad.object)
    return len(resources), len(selected)
