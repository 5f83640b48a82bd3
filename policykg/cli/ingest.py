"""``policykg ingest``: read policies into the store."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from policykg.cli import app, console, err_console
from policykg.cli.options import DEFAULT_STORE, CategoriesModelOption, StoreOption
from policykg.ingest.pipeline import BATCH_POLICIES, count_sources, ingest_paths
from policykg.store import Store


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Policy files, folders (recursive) or .jsonl / .jsonl.gz corpora.", show_default=False)],
    store: StoreOption = DEFAULT_STORE,
    manifest: Annotated[Path | None, typer.Option(help="CSV or JSON with columns file, company, url, date; overrides what is detected.")] = None,
    workers: Annotated[int, typer.Option(min=1, help="Extraction processes to run in parallel on this machine.")] = 1,
    executor: Annotated[
        str | None,
        typer.Option(help="Run extraction on a Dask cluster: dask://HOST:PORT of its scheduler (needs policykg[dask]); the store is written here."),
    ] = None,
    batch_size: Annotated[int, typer.Option(min=1, help="Policies written to the store per atomic write.")] = BATCH_POLICIES,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    categories_model: CategoriesModelOption = None,
    learned: Annotated[
        bool, typer.Option("--learned", help="Classify segments with the model 'policykg train categories' saved in your data directory.")
    ] = False,
) -> None:
    """Extract the data practices of privacy policies into the store.

    A file that cannot be read is reported on one line and the batch goes on;
    the exit code is 1 when any file failed. Policies already stored (same
    SHA-256) are skipped, so an interrupted run can simply be started again.

    Example: policykg ingest ../shared/corpora/bulk/gdpr-landscape-13k.jsonl.gz --workers 2 --store ./policykg-store
    """
    model = None
    if categories_model is not None or learned:
        from policykg.ingest.learned import default_model_path, load_model

        model = load_model(categories_model or default_model_path())
    with Store.open(store) as db:
        columns = [
            TextColumn("[progress.description]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TaskProgressColumn(),
            TextColumn("{task.fields[rate]}"),
            TimeElapsedColumn(),
            TextColumn("left"),
            TimeRemainingColumn(),
            TextColumn("{task.fields[failed]}"),
        ]
        with Progress(*columns, console=err_console, disable=quiet, transient=True, refresh_per_second=4) as bar:
            task = bar.add_task("ingesting", total=None, rate="", failed="")
            if not quiet:
                # Counting a large corpus takes a moment: do it beside the run; the time left shows once known.
                def count() -> None:
                    total = count_sources(paths)
                    if total:
                        bar.update(task, total=total)

                threading.Thread(target=count, name="count-sources", daemon=True).start()
            failed = 0
            words = 0
            started = time.monotonic()

            def on_progress(event) -> None:
                nonlocal failed, words
                words += event.words
                if event.kind == "failed":  # one line per failure, as it happens (also with --quiet)
                    failed += 1
                    bar.console.print(f"[yellow]failed[/] {escape(event.source)}: {escape(event.detail)}", highlight=False, soft_wrap=True)
                elapsed = time.monotonic() - started
                rate = f"{event.done / elapsed:.1f} policies/s, {words / elapsed:,.0f} words/s" if elapsed > 0 else ""
                bar.update(task, completed=event.done, rate=rate, failed=f"[red]{failed} failed" if failed else "")

            report = ingest_paths(
                paths, store=db, manifest=manifest, workers=workers, executor=executor, batch_size=batch_size, on_progress=on_progress,
                categories_model=model,
            )
        elapsed = time.monotonic() - started
        stats = db.stats()
    done = len(report.stored) + len(report.skipped) + len(report.failures)
    console.print(
        f"stored {len(report.stored)} policy versions ({report.practices} practices, {report.statements} statements); "
        f"skipped {len(report.skipped)} already stored; {len(report.failures)} failed; "
        f"{elapsed:.1f} s ({done / elapsed if elapsed else 0:.1f} policies/s)"
    )
    console.print(
        f"store {store}: {stats.organisations} organisations, {stats.policies} policy versions, "
        f"{stats.practices} practices, {stats.triples} triples"
    )
    if not report.ok:
        raise typer.Exit(1)
