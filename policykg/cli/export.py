"""``policykg export``: a view of the store as a file (GraphML, GEXF, DOT, SVG, PNG, Cytoscape JSON, HTML, RDF)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from policykg.cli import app, console
from policykg.cli.options import DEFAULT_STORE, CompanyOption, StoreOption
from policykg.errors import ExportError
from policykg.export import DEFAULT_TOP, DESCRIPTIONS, FORMATS, VIEWS, export, format_for
from policykg.store import Store

_VIEW_HELP = "What to draw: " + "; ".join(f"[bold]{name}[/] = {text}" for name, text in DESCRIPTIONS.items()) + "."


@app.command(name="export")
def export_command(
    view: Annotated[str, typer.Option("--view", "-v", help=_VIEW_HELP, show_default=False)],
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write; its folder is created.", show_default=False)],
    format: Annotated[
        str | None,
        typer.Option("--format", "-f", help=f"One of {', '.join(FORMATS)}. Default: from the extension of -o "
                     "(.graphml .gexf .dot .svg .png .cyjs/.json .html .ttl .trig .nq .jsonld)."),
    ] = None,
    company: CompanyOption = None,
    policy: Annotated[str | None, typer.Option("--policy", help="A policy version by IRI (see 'policykg info').")] = None,
    query: Annotated[
        str | None,
        typer.Option("--query", help="A named SELECT query without parameters; its practice, policy and company/org columns say what to draw."),
    ] = None,
    top: Annotated[int, typer.Option("--top", help="Corpus views (network, matrix) keep this many companies and third parties and group the rest; 0 keeps all.")] = DEFAULT_TOP,
    store: StoreOption = DEFAULT_STORE,
) -> None:
    """Export a view of the store: a picture, a graph file for Gephi / yEd / Cytoscape, an interactive page, or the RDF.

    Example: policykg export --view practices --company plimus --format html -o plimus.html

    More: policykg export --view network --top 30 -o network.gexf ;
    policykg export --view matrix -o matrix.svg ; policykg export --view taxonomy -o taxonomy.graphml
    """
    if view not in VIEWS:
        raise ExportError(f"unknown view {view!r}; choose one of {', '.join(VIEWS)}")
    chosen = format or format_for(output)
    if chosen is None:
        raise ExportError(f"{output}: cannot tell the format from the extension; pass --format ({', '.join(FORMATS)})")
    with Store.open(store, read_only=True) as db:
        result = export(db, view=view, format=chosen, output=output, company=company, policy=policy, query=query, top=top)
    what = "resources, triples" if chosen in ("turtle", "trig", "nquads", "jsonld") else "nodes, edges"
    console.print(f"wrote {result.path} ({result.view} as {result.format}: {result.nodes} {what.split(', ')[0]}, {result.edges} {what.split(', ')[1]})")
