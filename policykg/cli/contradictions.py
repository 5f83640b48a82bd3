"""``policykg contradictions``: a policy that denies a practice and affirms it elsewhere."""

from __future__ import annotations

from pathlib import Path

import typer

from policykg.cli import app
from policykg.cli.options import DEFAULT_STORE, CompanyOption, EndpointOption, StoreOption
from policykg.cli.query import FormatOption, print_result


@app.command()
def contradictions(
    company: CompanyOption = None,
    fmt: FormatOption = "table",
    store: StoreOption = DEFAULT_STORE,
    endpoint: EndpointOption = None,
) -> None:
    """List denied practices that the same policy affirms elsewhere, with both quotes.

    Exceptions the denial carves out ("except to process payments") are respected.

    Example: policykg contradictions --company plimus
    """
    from policykg.queries.contradictions import find, to_result
    from policykg.queries.endpoint import Endpoint

    if endpoint:
        found = find(Endpoint.from_env(endpoint), company=company)
    else:
        from policykg.store import Store

        with Store.open(Path(store), read_only=True) as source:
            found = find(source, company=company)
    if fmt == "table":
        typer.echo(f"{len(found)} contradiction(s)")
    print_result(to_result(found), fmt)
