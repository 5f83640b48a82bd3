"""``policykg train``: fit opt-in learned components from a corpus the user points to.

Nothing trained ships with policykg: a model is fitted here, on the user's
copy of a gold corpus, and saved in the user's data directory
(``$POLICYKG_DATA_DIR``, else ``$XDG_DATA_HOME/policykg``, else
``~/.local/share/policykg``). The default extractor stays rule-based; a model
is used only when asked (``policykg ingest --learned``, ``--categories-model``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from policykg.cli import app, err_console
from policykg.cli import console as _console

#: ``--categories-model PATH``, shared by ``ingest``, ``eval opp115`` (and written by ``train categories``).

train_app = typer.Typer(
    help="Fit opt-in learned components on a corpus you point to; saved in your data directory.\n\n"
    "Example: policykg train categories ../shared/corpora/opp115-dev --folds 5",
    no_args_is_help=True,
)
app.add_typer(train_app, name="train")

console = Console(width=max(_console.width, 120), highlight=False)


def _f(value: float) -> str:
    return f"{value:.3f}"


def _print_cross_validation(cv) -> None:
    table = Table(
        title=f"({cv.folds}-fold cross-validation by policy: {cv.policies} policies, {cv.segments} segments; "
        "each policy scored by a model that never saw it)",
        title_justify="left",
    )
    table.add_column("category", no_wrap=True, min_width=36)
    for column in ("rule P", "R", "F1", "| learned P", "R", "F1", "support"):
        table.add_column(column, justify="right", no_wrap=True, min_width=len(column))
    for (name, rule), (_, learned) in zip(cv.scores("rule"), cv.scores("learned")):
        table.add_row(name, _f(rule.precision), _f(rule.recall), _f(rule.f1),
                      "| " + _f(learned.precision), _f(learned.recall), _f(learned.f1), str(rule.support))
    for label, measure in (("micro", "micro"), ("macro", "macro")):
        if measure == "micro":
            r, l = cv.micro("rule"), cv.micro("learned")
            row = (r.precision, r.recall, r.f1, l.precision, l.recall, l.f1)
        else:
            row = (*cv.macro("rule"), *cv.macro("learned"))
        table.add_row(f"[bold]{label}[/]", *map(_f, row[:3]), "| " + _f(row[3]), *map(_f, row[4:]), "")
    console.print(table)


@train_app.command("categories")
def categories(
    folder: Annotated[Path, typer.Argument(help="An OPP-115 release folder (sanitized_policies/, consolidation/).")],
    out: Annotated[
        Path | None,
        typer.Option("--out", dir_okay=False, help="Where to save the model (default: <data dir>/models/categories.npz)."),
    ] = None,
    folds: Annotated[
        int | None,
        typer.Option("--folds", min=2, help="First run K-fold cross-validation by policy: rule-based vs learned on the same held-out folds."),
    ] = None,
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="Use only the first N policies (quick checks).")] = None,
    json_file: Annotated[Path | None, typer.Option("--json", help="Also write the figures (and the model's header) to this JSON file.")] = None,
) -> None:
    """Fit the learned segment categoriser on an OPP-115 release and save it in your data directory.

    Runs the real pipeline on every policy (its practices, statements and the
    rules' cues are features), fits one-vs-rest logistic regression on all of
    them, and saves one .npz file (no pickle). With --folds K it first prints
    the honest figure: per-category P/R/F1 of the rules and of the model on
    the same held-out policies. Use the model with 'policykg ingest --learned'
    or '--categories-model PATH'.

    Example: policykg train categories ../shared/corpora/opp115-dev --folds 5
    """
    from policykg.ingest.learned import train_categories

    def progress(stage: str, done: int, total: int) -> None:
        if err_console.is_terminal:
            err_console.print(f"\r{stage}: {done}/{total}".ljust(40), end="", highlight=False)

    report = train_categories(folder, out=out, folds=folds, limit=limit, progress=progress)
    if err_console.is_terminal:
        err_console.print()
    if report.cross_validation is not None:
        _print_cross_validation(report.cross_validation)
    console.print(
        f"trained on {report.policies} policies ({report.units} segments) in {report.fit_seconds:.1f} s "
        f"(pipeline {report.prepare_seconds:.1f} s); model {report.model.digest}, "
        f"{report.bytes / 1024:.0f} KiB, {len(report.model.rows)} weighted features"
    )
    console.print(f"saved {report.path}")
    if json_file is not None:
        data = {
            "model": str(report.path),
            "digest": report.model.digest,
            "bytes": report.bytes,
            "policies": report.policies,
            "units": report.units,
            "fit_seconds": round(report.fit_seconds, 2),
            "pipeline_seconds": round(report.prepare_seconds, 2),
            "header": {k: v for k, v in report.model.header().items() if k != "training"},
            "cross_validation": report.cross_validation.as_dict() if report.cross_validation is not None else None,
        }
        json_file.parent.mkdir(parents=True, exist_ok=True)
        json_file.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
        console.print(f"wrote {json_file}")
