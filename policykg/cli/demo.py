"""``policykg demo``: the whole product on the shipped example corpus."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from policykg.cli import app, console
from policykg.demo import DEMO_QUERIES, run_demo


@app.command()
def demo(
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder for the demo's store and pictures.")] = Path("policykg-demo"),
) -> None:
    """Ingest the example policies, validate them, ask three questions, draw a picture.

    Example: policykg demo --output ./policykg-demo
    """
    result = run_demo(output)
    ingest = result.ingest
    console.print(f"[bold]1. ingested[/] {len(ingest.stored)} policy versions ({ingest.practices} practices, "
                  f"{ingest.statements} statements; {len(ingest.skipped)} already stored) into {result.store}")
    for failure in ingest.failures:
        console.print(f"   [yellow]skipped[/] {failure.source}: {failure.reason}")
    console.print("[bold]2. validated[/] each policy version:")
    for profile, results in result.validation.items():
        conforming = sum(r.conforms for r in results)
        missing = sum(1 for r in results for row in r.results if row.status == "missing")
        console.print(f"   {profile}: {conforming} of {len(results)} conform; {missing} requirements missing in all")
    console.print("[bold]3. asked[/] three questions across the companies:")
    for (name, params), (_, answer) in zip(DEMO_QUERIES, result.answers):
        args = " ".join(f"--param {k}={v}" for k, v in params.items())
        console.print(f"   policykg query {name} {args}".rstrip())
        # Show the readable columns (names, labels, counts), not the IRIs behind them.
        shown = [i for i, _ in enumerate(answer.columns) if not any(str(row[i]).startswith("http") for row in answer.rows)][:4]
        table = Table(*(answer.columns[i] for i in shown))
        for row in answer.rows[:5]:
            table.add_row(*(str(row[i])[:60] for i in shown))
        console.print(table)
    console.print("[bold]4. drew[/]:")
    for picture in result.pictures:
        console.print(f"   {picture.path} ({picture.nodes} nodes, {picture.edges} edges): open it in a browser")
    console.print(f"done in {result.seconds:.1f} s. Next: policykg info --store {result.store}; "
                  f"policykg validate --profile gdpr --store {result.store}")
