"""``policykg info``, ``dump`` and ``load``: what the store holds, and moving it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from policykg.cli import app, console
from policykg.cli.options import DEFAULT_STORE, StoreOption
from policykg.store import Store


@app.command()
def info(store: StoreOption = DEFAULT_STORE) -> None:
    """Show the companies, policy versions, practices and triples in the store.

    Example: policykg info --store ./policykg-store
    """
    with Store.open(store, read_only=True) as db:
        stats = db.stats()
        rows = db.rows("_company-overview")
    console.print(
        f"[bold]{store}[/]: {stats.organisations} organisations, {stats.policies} policy versions, "
        f"{stats.practices} practices, {stats.statements} statements, {stats.triples} triples"
    )
    if rows:
        table = Table("company", "slug", "versions", "latest", "practices")
        for row in rows:
            table.add_row(str(row["name"]), str(row["slug"]), str(row["versions"]), str(row.get("latest") or "undated"), str(row["practices"]))
        console.print(table)


@app.command()
def dump(
    output: Annotated[Path, typer.Argument(help="File to write: .trig or .nq.")],
    store: StoreOption = DEFAULT_STORE,
) -> None:
    """Write the whole store (every named graph) as TriG or N-Quads.

    Example: policykg dump backup.trig
    """
    with Store.open(store, read_only=True) as db:
        count = db.dump(output)
    console.print(f"wrote {count} quads to {output}")


@app.command()
def load(
    source: Annotated[Path, typer.Argument(help="A .trig or .nq file written by 'policykg dump'.")],
    store: StoreOption = DEFAULT_STORE,
) -> None:
    """Load a TriG or N-Quads dump into the store (in one transaction).

    Example: policykg load backup.trig --store ./restored-store
    """
    with Store.open(store) as db:
        added = db.load_file(source)
    console.print(f"loaded {added} new quads into {store}")
