"""``policykg eval goppc``: GDPR concept presence against GoPPC-150."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from policykg.cli.evaluate import JsonOption, LimitOption, _f, _write_json, console, eval_app


@eval_app.command("goppc")
def goppc(
    folder: Annotated[Path, typer.Argument(help="GoPPC-150 folder (with concept_labels.csv and GoPPC-150/*.xml).")],
    json_file: JsonOption = None,
    limit: LimitOption = None,
    practices: Annotated[bool, typer.Option("--practices/--statements-only", help="Also run the practice extractor (categories, purposes, recipients).")] = True,
) -> None:
    """Document-level precision / recall / F1 of GDPR concepts against GoPPC-150, beside GoPPC's keyword baseline.

    Example: policykg eval goppc ../shared/corpora/goppc150-dev --json goppc.json
    """
    from policykg.evaluate.goppc import evaluate_goppc

    report = evaluate_goppc(folder, practices=practices, limit=limit)
    console.print(f"[bold]GoPPC-150[/] {report.folder}: {report.policies} policies; {report.seconds:.1f} s; "
                  f"practice extractor {'on' if report.practices else 'off'}")
    table = Table(title="document level: ours | keyword baseline  (* = checked by the GDPR profile)", title_justify="left", padding=(0, 1))
    for column in ("concept", "name", "pos", "P", "R", "F1", "| P", "R", "F1"):
        table.add_column(column, justify="left" if column in ("concept", "name") else "right", no_wrap=True)
    for c in report.concepts:
        table.add_row(("* " if c.in_profile else "  ") + c.concept, c.name[:44], str(c.positives),
                      _f(c.ours.precision), _f(c.ours.recall), _f(c.ours.f1),
                      "| " + _f(c.baseline.precision), _f(c.baseline.recall), _f(c.baseline.f1))
    console.print(table)
    console.print(f"macro-F1 over the {len(report.macro_concepts)} concepts the GDPR profile checks: "
                  f"ours {_f(report.macro_f1)}, keyword baseline {_f(report.macro_f1_baseline)}")
    console.print(f"ours over the profile's concepts with >= 10 positive policies: {_f(report.macro_f1_min10)}")
    console.print(f"keyword baseline macro-F1 over all concepts with >= 10 positive policies: {_f(report.baseline_macro_f1_min10)}")
    _write_json(json_file, report.as_dict())
