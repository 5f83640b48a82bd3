"""``policykg diff``: what changed between two versions of one company's policy."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from policykg.cli import app
from policykg.cli.options import DEFAULT_STORE, EndpointOption, StoreOption
from policykg.cli.query import FormatOption, print_result


@app.command()
def diff(
    company: Annotated[str, typer.Argument(help="The company: name or slug, any case (e.g. plimus).")],
    from_date: Annotated[
        str | None, typer.Option("--from", help="Older version: the last one dated on or before this (YYYY[-MM[-DD]]).")
    ] = None,
    to_date: Annotated[
        str | None, typer.Option("--to", help="Newer version: the last one dated on or before this (default: the latest).")
    ] = None,
    fmt: FormatOption = "table",
    store: StoreOption = DEFAULT_STORE,
    endpoint: EndpointOption = None,
) -> None:
    """Practices and statements added, removed and changed between two versions, with quotes from both.

    Example: policykg diff plimus --from 2007 --to 2012
    """
    from policykg.queries.endpoint import Endpoint
    from policykg.queries.versions import diff as diff_versions

    if endpoint:
        result = diff_versions(Endpoint.from_env(endpoint), company, from_date=from_date, to_date=to_date)
    else:
        from policykg.store import Store

        with Store.open(Path(store), read_only=True) as source:
            result = diff_versions(source, company, from_date=from_date, to_date=to_date)
    if fmt == "table":
        typer.echo(
            f"{company}: {result.old.date or result.old.policy} -> {result.new.date or result.new.policy}: "
            f"{len(result.of('added'))} added, {len(result.of('removed'))} removed, {len(result.of('changed'))} changed"
        )
    print_result(result.to_result(), fmt)
