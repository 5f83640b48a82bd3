"""Export views of the store as files people open in the tools they already use.

``export(store, view=..., format=..., output=...)`` builds one of six views
(:data:`VIEWS`) on the networkx projection of the RDF
(:mod:`policykg.export.projection`) and writes it as GraphML, GEXF, DOT,
SVG / PNG (Graphviz), Cytoscape.js JSON, a self-contained interactive HTML page,
or the RDF the view is drawn from (Turtle, TriG, N-Quads, JSON-LD).

>>> "html" in FORMATS and "practices" in VIEWS
True
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from policykg.errors import ExportError

from .formats import EXTENSIONS, FORMATS, RDF_FORMATS
from .views import DESCRIPTIONS, VIEWS, View, build

__all__ = ["DEFAULT_TOP", "DESCRIPTIONS", "EXTENSIONS", "ExportResult", "FORMATS", "VIEWS", "View", "build", "export", "format_for"]

DEFAULT_TOP = 25


@dataclass(frozen=True, slots=True)
class ExportResult:
    """What an export wrote.

    ``nodes`` and ``edges`` count the projection's nodes and edges as written;
    for the RDF formats they count distinct resources (IRIs and blank nodes)
    and triples; the matrix view's DOT / SVG / PNG is one table node.
    """

    path: Path
    view: str
    format: str
    nodes: int
    edges: int


def format_for(path: str | os.PathLike) -> str | None:
    """The format a file name implies (``map.gexf`` -> ``gexf``), or ``None``.

    >>> format_for("out/plimus.svg"), format_for("x.unknown")
    ('svg', None)
    """
    suffix = Path(path).suffix.lower()
    aliases = {".json": "cytoscape", ".htm": "html", ".gv": "dot", ".nt": "nquads", ".json-ld": "jsonld"}
    for name, extension in EXTENSIONS.items():
        if extension == suffix:
            return name
    return aliases.get(suffix)


def export(
    store,
    *,
    view: str,
    format: str,
    output: str | os.PathLike,
    company: str | None = None,
    policy: str | None = None,
    query: str | None = None,
    top: int = DEFAULT_TOP,
) -> ExportResult:
    """Build ``view`` from ``store`` and write it to ``output`` as ``format``.

    Params:
        store: an open :class:`policykg.store.Store`.
        view: one of :data:`VIEWS`.
        format: one of :data:`FORMATS`.
        output: the file to write (its folder is created).
        company, policy, query: at most one; a company name or slug, a policy
            IRI, or a named SELECT query with practice / policy / company columns.
        top: corpus views keep this many companies and third parties and group the rest (0 = all).

    Returns:
        ExportResult with the path and the node and edge counts written.

    Raises:
        ExportError: unknown view or format, nothing to draw, Graphviz missing.
        NotFoundError: the company or policy is not stored.
    """
    if format not in FORMATS:
        raise ExportError(f"unknown format {format!r}; choose one of {', '.join(FORMATS)}")
    built = build(store, view=view, company=company, policy=policy, query=query, top=top)
    path = Path(output)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"{path.parent}: cannot create the folder: {exc.strerror or exc}") from exc
    try:
        nodes, edges = _write(store, built, path, format)
    except OSError as exc:
        raise ExportError(f"{path}: cannot write: {exc.strerror or exc}") from exc
    return ExportResult(path=path, view=view, format=format, nodes=nodes, edges=edges)


def _write(store, built: View, path: Path, format: str) -> tuple[int, int]:
    from . import formats, html

    if format in RDF_FORMATS:
        return formats.write_rdf(store, built, path, format)
    if format == "graphml":
        return formats.write_graphml(built, path)
    if format == "gexf":
        return formats.write_gexf(built, path)
    if format == "dot":
        return formats.write_dot(built, path)
    if format in ("svg", "png"):
        return formats.render(built, path, format)
    if format == "cytoscape":
        return formats.write_cytoscape(built, path)
    return html.write_html(built, path)
