"""Options shared by several commands, defined once."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

StoreOption = Annotated[
    Path,
    typer.Option(
        "--store",
        envvar="POLICYKG_STORE",
        help="Store directory (default ./policykg-store, or $POLICYKG_STORE).",
        show_default=False,
    ),
]
DEFAULT_STORE = Path("policykg-store")

EndpointOption = Annotated[
    str | None,
    typer.Option(
        "--endpoint",
        help="URL of a remote SPARQL 1.1 endpoint to use instead of the embedded store. "
        "Credentials come from POLICYKG_ENDPOINT_USER / POLICYKG_ENDPOINT_PASSWORD or POLICYKG_ENDPOINT_TOKEN.",
    ),
]

CompanyOption = Annotated[
    str | None,
    typer.Option("--company", help="A company by name or slug, case-insensitive (e.g. plimus)."),
]

CategoriesModelOption = Annotated[
    Path | None,
    typer.Option(
        "--categories-model",
        help="Classify segments with a learned model fitted by 'policykg train categories' (opt-in; default: the explainable rules).",
        dir_okay=False,
    ),
]
