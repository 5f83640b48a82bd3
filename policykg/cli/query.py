"""``policykg query``: run a named query, a ``.rq`` file or an ad-hoc query, on the store or an endpoint."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from policykg.cli import app, console
from policykg.cli.options import DEFAULT_STORE, EndpointOption, StoreOption
from policykg.errors import QueryError

FormatOption = Annotated[
    str,
    typer.Option("--format", "-f", help="Output format: table, csv, json or markdown."),
]


def parse_params(pairs: list[str]) -> dict[str, str]:
    """``["company=plimus", "datatype=pd:EmailAddress"]`` as a dict.

    Raises:
        QueryError: a pair without ``=`` or with an empty name.
    """
    params: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise QueryError(f"--param {pair!r}: expected NAME=VALUE (e.g. --param company=plimus)")
        params[name.strip().lstrip("?")] = value
    return params


def print_result(result, fmt: str) -> None:
    """Print a :class:`~policykg.queries.QueryResult` as a rich table or as CSV / JSON / Markdown text."""
    if fmt != "table":
        typer.echo(result.render(fmt), nl=False)
        return
    table = Table(show_lines=False, padding=(0, 1))
    for column in result.columns:
        table.add_column(column, overflow="fold")
    for row in result.rows:
        table.add_row(*(result.render_cell(v) for v in row))
    console.print(table)
    console.print(f"{len(result)} row(s){' (truncated by the row cap)' if result.truncated else ''}", style="dim")


def _list_queries() -> None:
    from policykg.queries import public

    table = Table(padding=(0, 1))
    for column in ("name", "title", "parameters", "example"):
        table.add_column(column, overflow="fold")
    for name, named in public().items():
        params = " ".join(f"{p.name}{'?' if p.optional else ''}:{p.kind}" for p in named.parameters)
        example = f"policykg query {name}" + "".join(f" --param {kv}" for kv in named.example.split())
        table.add_row(name, named.title, params, example)
    console.print(table)


@app.command()
def query(
    name: Annotated[
        str | None,
        typer.Argument(help="A named query (see --list) or the path of a .rq file.", show_default=False),
    ] = None,
    param: Annotated[
        list[str] | None,
        typer.Option("--param", "-p", help="A parameter value NAME=VALUE; repeat for several. Company names are looked up."),
    ] = None,
    fmt: FormatOption = "table",
    store: StoreOption = DEFAULT_STORE,
    endpoint: EndpointOption = None,
    expression: Annotated[
        str | None, typer.Option("-e", "--expression", help="An ad-hoc SPARQL query given on the command line.")
    ] = None,
    allow_update: Annotated[
        bool, typer.Option("--allow-update", help="Allow SPARQL Update (INSERT, DELETE, DROP, ...); refused otherwise.")
    ] = False,
    list_queries: Annotated[bool, typer.Option("--list", help="List the named queries and exit.")] = False,
) -> None:
    """Answer a question with SPARQL: a named query, a .rq file, or -e 'SPARQL'.

    Values given with --param are bound to the query's variables as escaped RDF
    terms, never as raw query text.

    Example: policykg query who-collects --param datatype=pd:EmailAddress --format csv
    """
    from policykg.queries import adhoc, load, run

    if list_queries:
        _list_queries()
        return
    if (name is None) == (expression is None):
        raise QueryError("give a query name or .rq file, or -e 'SPARQL' (not both); 'policykg query --list' lists the names")
    named = adhoc(expression) if expression is not None else load(name)
    params = parse_params(param or [])
    if endpoint:
        result = run(named, endpoint=endpoint, allow_update=allow_update, **params)
    else:
        result = run(named, store=Path(store), allow_update=allow_update, **params)
    print_result(result, fmt)
