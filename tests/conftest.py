"""Shared fixtures: paths to ../shared data, a store of the seeds built once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
CORPORA = SHARED / "corpora"


def require(path: Path) -> Path:
    """Skip the test with a clear reason when a ../shared data path is absent."""
    if not path.exists():
        pytest.skip(f"needs {path} (the project's ../shared data folder is not beside this checkout)")
    return path


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return require(SEEDS)


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory, seeds_dir):
    """A read-only store holding the five seeds, ingested once for the whole session."""
    from policykg.ingest.pipeline import ingest_paths
    from policykg.store import Store

    folder = tmp_path_factory.mktemp("seed-store")
    with Store.open(folder) as store:
        report = ingest_paths([seeds_dir], store=store)
    assert report.ok, report.failures
    with Store.open(folder, read_only=True) as store:
        yield store


@pytest.fixture(scope="session")
def seed_records(seeds_dir):
    """``{seed number: PolicyRecord}`` for the five seeds, extracted once."""
    from policykg.ingest.pipeline import process
    from policykg.ingest.read import read_file

    return {path.name[:3]: process(read_file(path)) for path in sorted(seeds_dir.iterdir())}
