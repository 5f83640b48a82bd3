"""``policykg eval``: measure extraction against gold corpora nobody here wrote."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from policykg.cli import app, err_console
from policykg.cli import console as _console
from policykg.cli.options import CategoriesModelOption

eval_app = typer.Typer(help="Measure extraction against gold corpora.\n\nExample: policykg eval opp115 ../shared/corpora/opp115-dev", no_args_is_help=True)
app.add_typer(eval_app, name="eval")

# Evaluation tables are wide: never narrower than 120 columns, even when piped.
console = Console(width=max(_console.width, 120), highlight=False)

JsonOption = Annotated[Path | None, typer.Option("--json", help="Also write every figure (and the per-value confusion) to this JSON file.")]
LimitOption = Annotated[int | None, typer.Option("--limit", min=1, help="Evaluate only the first N items (quick checks).")]


def _f(value: float) -> str:
    return f"{value:.3f}"


def _write_json(path: Path | None, data: dict) -> None:
    if path is None:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    console.print(f"wrote {path}")


def _print_opp115(report) -> None:
    from policykg.evaluate.opp115 import TASKS

    console.print(
        f"[bold]OPP-115[/] {report.folder}: {report.policies} policies, {report.segments} segments; "
        f"{report.practices} predicted practices ({report.negated_practices} negated); "
        f"{len(report.refused)} refused by the pipeline; "
        f"gold spans reproduced {report.spans_matched}/{report.spans_checked}; {report.seconds:.1f} s"
    )
    console.print("Consolidation threshold 0.75; gold = 'Does' practices; Unspecified / Other / Generic left out.")
    if report.categories_model:
        console.print(f"Segment categories (c) from the {report.categories_model}.")
    if report.training_overlap:
        console.print(
            f"[bold red]WARNING: the categories model was trained on {len(report.training_overlap)} of these "
            f"{report.policies} policies[/]: table (c) is (partly) a training-set score, not a result. "
            "Evaluate on policies the model has not seen, or use 'policykg train categories DIR --folds K'."
        )
    for letter, level, ours, base in (
        ("a", "segment", report.segment_level, report.baseline_segment_level),
        ("b", "policy", report.policy_level, report.baseline_policy_level),
    ):
        table = Table(title=f"({letter}) {level} level: ours | keyword baseline", title_justify="left", padding=(0, 1))
        table.add_column("task", no_wrap=True)
        for column in ("P", "R", "F1", "TP", "FP", "FN", "| P", "R", "F1"):
            table.add_column(column, justify="right", no_wrap=True)
        for task in TASKS:
            s, b = ours[task].total, base[task].total
            table.add_row(task, _f(s.precision), _f(s.recall), _f(s.f1), str(s.tp), str(s.fp), str(s.fn),
                          "| " + _f(b.precision), _f(b.recall), _f(b.f1))
        console.print(table)

    table = Table(title="(c) segment categories", title_justify="left")
    for column in ("category", "P", "R", "F1", "TP", "FP", "FN"):
        table.add_column(column, justify="left" if column == "category" else "right", no_wrap=True)
    for name, s in report.category_scores():
        table.add_row(name, _f(s.precision), _f(s.recall), _f(s.f1), str(s.tp), str(s.fp), str(s.fn))
    micro = report.category_micro
    macro = report.category_macro
    table.add_row("[bold]micro[/]", _f(micro.precision), _f(micro.recall), _f(micro.f1), str(micro.tp), str(micro.fp), str(micro.fn))
    table.add_row("[bold]macro[/]", _f(macro[0]), _f(macro[1]), _f(macro[2]), "", "", "")
    console.print(table)

    table = Table(title="(d) 'Does Not' practices found by our negated practices (same segment and category)", title_justify="left")
    for column in ("category", "recall", "found", "gold", "predicted", "P"):
        table.add_column(column, justify="left" if column == "category" else "right", no_wrap=True)
    for name, s in [*report.negations.sorted(), ("all", report.negations.total)]:
        table.add_row(name, _f(s.recall), str(s.tp), str(s.support), str(s.predicted), _f(s.precision))
    console.print(table)

    for task in TASKS:
        confusion = report.segment_level[task]
        table = Table(title=f"segment-level confusion: {task}", title_justify="left")
        for column in ("value", "TP", "FP", "FN", "P", "R", "F1"):
            table.add_column(column, justify="left" if column == "value" else "right", no_wrap=True)
        for value, s in confusion.sorted():
            table.add_row(value, str(s.tp), str(s.fp), str(s.fn), _f(s.precision), _f(s.recall), _f(s.f1))
        console.print(table)


@eval_app.command("opp115")
def opp115(
    folder: Annotated[Path, typer.Argument(help="An OPP-115 release folder (sanitized_policies/, consolidation/).")],
    json_file: JsonOption = None,
    limit: LimitOption = None,
    categories_model: CategoriesModelOption = None,
) -> None:
    """Score the extractor on OPP-115: practice attributes per segment and per policy, segment categories, negations.

    Example: policykg eval opp115 ../shared/corpora/opp115-dev --json opp115.json
    """
    from policykg.evaluate.opp115 import evaluate_opp115
    from policykg.ingest.learned import load_model

    model = load_model(categories_model) if categories_model is not None else None

    def progress(done: int, total: int, name: str) -> None:
        if err_console.is_terminal:
            err_console.print(f"\r{done}/{total} {name}".ljust(60), end="", highlight=False)

    report = evaluate_opp115(folder, limit=limit, progress=progress, categories_model=model)
    _print_opp115(report)
    _write_json(json_file, report.as_dict())


@eval_app.command("piextract")
def piextract(
    folder: Annotated[Path, typer.Argument(help="A PI-Extract folder (CollectUse_true/, CollectUse_false/, Share_true/, Share_false/).")],
    json_file: JsonOption = None,
    limit: LimitOption = None,
) -> None:
    """Score data-type spans on PI-Extract: exact and overlap P/R/F1 for COLLECT, NOT_COLLECT, SHARE, NOT_SHARE.

    Example: policykg eval piextract ../shared/corpora/piextract-dev
    """
    from policykg.evaluate.piextract import LABELS, evaluate_piextract

    def progress(done: int, total: int) -> None:
        if err_console.is_terminal:
            err_console.print(f"\r{done}/{total} sentences".ljust(40), end="", highlight=False)

    report = evaluate_piextract(folder, limit=limit, progress=progress)
    console.print(
        f"[bold]PI-Extract[/] {report.folder}: {report.sentences} sentences "
        f"({report.failed} failed); {report.seconds:.1f} s"
    )
    table = Table(title="data-type spans", title_justify="left")
    for column in ("label", "gold", "pred", "exact P", "exact R", "exact F1", "overlap P", "overlap R", "overlap F1"):
        table.add_column(column, justify="left" if column == "label" else "right", no_wrap=True)
    for label in (*LABELS, "micro"):
        e = report.exact_micro if label == "micro" else report.exact[label]
        o = report.overlap_micro if label == "micro" else report.overlap[label]
        table.add_row(label, str(e.support), str(e.predicted), _f(e.precision), _f(e.recall), _f(e.f1),
                      _f(o.precision), _f(o.recall), _f(o.f1))
    console.print(table)
    _write_json(json_file, report.as_dict())
