"""``policykg ingest``: read policies into the store."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from policykg.cli import app, console, err_console
from policykg.cli.options import DEFAULT_STORE, StoreOption
from policykg.ingest.pipeline import ingest_paths
from policykg.store import Store


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Policy files, folders (recursive) or .jsonl / .jsonl.gz corpora.", show_default=False)],
    store: StoreOption = DEFAULT_STORE,
    manifest: Annotated[Path | None, typer.Option(help="CSV or JSON with columns file, company, url, date; overrides what is detected.")] = None,
    workers: Annotated[int, typer.Option(min=1, help="Extraction processes to run in parallel.")] = 1,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Extract the data practices of privacy policies into the store.

    A file that cannot be read is reported on one line and the batch goes on;
    the exit code is 1 when any file failed. Policies already stored (same
    SHA-256) are skipped, so an interrupted run can simply be started again.

    Example: policykg ingest ../shared/seeds --store ./policykg-store
    """
    with Store.open(store) as db:
        columns = [TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(),
                   TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), TextColumn("[red]{task.fields[failed]} failed")]
        with Progress(*columns, console=err_console, disable=quiet, transient=True) as bar:
            task = bar.add_task("ingesting", total=None, rate="", failed=0)
            failed = 0

            def on_progress(event) -> None:
                nonlocal failed
                if event.kind == "failed":
                    failed += 1
                    bar.console.print(f"[yellow]skipped[/] {event.source}: {event.detail}", highlight=False, soft_wrap=True)
                elapsed = bar.tasks[0].elapsed or 0
                rate = f"{event.done / elapsed:.1f} policies/s" if elapsed > 0 else ""
                bar.update(task, completed=event.done, rate=rate, failed=failed)

            report = ingest_paths(paths, store=db, manifest=manifest, workers=workers, on_progress=on_progress)
        stats = db.stats()
    console.print(
        f"stored {len(report.stored)} policy versions ({report.practices} practices, {report.statements} statements); "
        f"skipped {len(report.skipped)} already stored; {len(report.failures)} failed"
    )
    if quiet:
        for failure in report.failures:
            err_console.print(f"[yellow]skipped[/] {failure.source}: {failure.reason}", highlight=False, soft_wrap=True)
    console.print(
        f"store {store}: {stats.organisations} organisations, {stats.policies} policy versions, "
        f"{stats.practices} practices, {stats.triples} triples"
    )
    if not report.ok:
        raise typer.Exit(1)
