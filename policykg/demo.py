"""The demo: the whole product on a small example corpus that ships with policykg.

Ingests ``policykg/examples`` (seven policies written for this project, with
their manifest), validates every version (core structure, and GDPR
completeness), runs three named queries across the companies and writes an
interactive HTML picture. ``policykg demo`` prints what ``run_demo`` returns.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from policykg.export import ExportResult, export
from policykg.ingest.pipeline import IngestReport, ingest_paths
from policykg.queries import QueryResult, run
from policykg.shapes import ValidationResult, validate_store
from policykg.store import Store

#: The three questions the demo asks, as (query name, parameters).
DEMO_QUERIES: tuple[tuple[str, dict[str, str]], ...] = (
    ("who-collects", {"datatype": "pd:Location"}),
    ("who-never-sells", {}),
    ("third-parties-ranked", {}),
)


@dataclass(frozen=True, slots=True)
class DemoReport:
    """What the demo did, where its files are, and how long it took."""

    store: Path
    ingest: IngestReport
    validation: dict[str, list[ValidationResult]]
    answers: tuple[tuple[str, QueryResult], ...]
    pictures: tuple[ExportResult, ...]
    seconds: float


def examples_folder() -> Path:
    """The folder of example policies shipped with the package."""
    return Path(str(resources.files("policykg.examples")))


def run_demo(output: Path, *, workers: int = 2) -> DemoReport:
    """Run the demo, writing the store and pictures under ``output``.

    Raises:
        PolicyKGError: any stage failed.
    """
    started = time.perf_counter()
    output.mkdir(parents=True, exist_ok=True)
    folder = examples_folder()
    manifest = folder / "manifest.csv"
    files = sorted(p for p in folder.iterdir() if p.suffix in (".txt", ".md", ".html") and p.name != "README.md")
    store_path = output / "store"
    with Store.open(store_path) as store:
        report = ingest_paths(files, store=store, manifest=manifest, workers=workers)
        validation = {
            profile: validate_store(store, profile=profile, workers=workers) for profile in ("core", "gdpr")
        }
        answers = tuple((name, run(name, store=store, **params)) for name, params in DEMO_QUERIES)
        pictures = (
            export(store, view="network", format="html", output=output / "companies-and-third-parties.html"),
            export(store, view="practices", format="html", output=output / "zinnober-practices.html", company="zinnober"),
        )
    return DemoReport(store_path, report, validation, answers, pictures, time.perf_counter() - started)
