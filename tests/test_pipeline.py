"""The batch ingest: parallel extraction, placeholder publishers, batching, resume, bad inputs."""

from __future__ import annotations

import gzip
import json
import os
import shutil
from pathlib import Path

import pytest
from rdflib import Graph

from conftest import CORPORA, require
from policykg.ingest import pipeline
from policykg.ingest.pipeline import Outcome, Task, count_sources, extract_task, finish_outcome, ingest_paths, process
from policykg.ingest.read import read_file
from policykg.ingest.records import PolicyMetadata
from policykg.ingest.sources import Source
from policykg.ingest.to_rdf import Publisher, to_graph
from policykg.ontology import ONTOLOGY_GRAPH
from policykg.store import Store

BULK = CORPORA / "bulk" / "gdpr-landscape-13k.jsonl.gz"


def policy_quads(store: Store) -> set[str]:
    """Every quad outside the ontology graph, as text (the graphs hold no blank nodes)."""
    ontology = f"<{ONTOLOGY_GRAPH}>"
    return {str(q) for q in store.oxigraph if str(q.graph_name) != ontology}


@pytest.fixture(scope="module")
def inputs(tmp_path_factory, seeds_dir) -> Path:
    """Two seeds, three real corpus lines (one of them a duplicate of another), a binary file."""
    folder = tmp_path_factory.mktemp("inputs")
    for seed in sorted(seeds_dir.iterdir())[1:3]:  # 001 and 002: the Plimus pair, one organisation
        shutil.copy(seed, folder / seed.name)
    (folder / "zz-binary.txt").write_bytes(b"\x00\x01\x02\x03 not a policy \xff\xfe" * 20)
    with gzip.open(require(BULK), "rt", encoding="utf-8") as fh:
        lines = [next(fh) for _ in range(2)]
    (folder / "corpus.jsonl").write_text("".join([*lines, lines[0]]), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def serial_store(tmp_path_factory, inputs):
    folder = tmp_path_factory.mktemp("serial")
    with Store.open(folder) as store:
        report = ingest_paths([inputs], store=store, workers=1, batch_size=2)
    return folder, report


def test_bad_file_is_reported_and_the_rest_stored(serial_store, inputs):
    folder, report = serial_store
    assert [f.source for f in report.failures] == [str(inputs / "zz-binary.txt")]
    assert "binary" in report.failures[0].reason
    # two seeds + two distinct corpus lines; the repeated line is skipped as already seen
    assert len(report.stored) == 4
    assert report.skipped == [f"{inputs / 'corpus.jsonl'}#L3"]
    assert report.words > 1000 and report.practices > 0
    with Store.open(folder, read_only=True) as store:
        assert store.stats().policies == 4
        assert {row["policy"] for row in store.rows("_versions-of")} == set(report.stored)


def test_two_workers_give_the_same_store_as_one(serial_store, inputs, tmp_path):
    folder, serial = serial_store
    events = []
    with Store.open(tmp_path / "parallel") as store:
        report = ingest_paths([inputs], store=store, workers=2, batch_size=3, on_progress=events.append)
        parallel = policy_quads(store)
    with Store.open(folder, read_only=True) as store:
        assert parallel == policy_quads(store)
    assert report.stored == serial.stored and report.failures == serial.failures
    assert [e.done for e in events] == list(range(1, 7))
    assert sum(e.words for e in events) == report.words


def test_a_large_run_ends_by_compacting_the_store_and_keeps_its_quads(serial_store, inputs, tmp_path, monkeypatch):
    folder, serial = serial_store  # 4 policies stored, below OPTIMIZE_AFTER: no compaction
    calls = []
    monkeypatch.setattr(pipeline, "OPTIMIZE_AFTER", len(serial.stored))
    monkeypatch.setattr(Store, "optimize", lambda self, _real=Store.optimize: (calls.append(1), _real(self)))
    with Store.open(tmp_path / "compacted") as store:
        ingest_paths([inputs], store=store, workers=1, batch_size=2)
        compacted = policy_quads(store)
    with Store.open(folder, read_only=True) as store:
        assert compacted == policy_quads(store)
    assert calls == [1]


def test_rerun_skips_what_is_stored_and_changes_nothing(serial_store, inputs, tmp_path):
    folder, first = serial_store
    copy = tmp_path / "copy"
    shutil.copytree(folder, copy)
    with Store.open(copy) as store:
        before = policy_quads(store)
        report = ingest_paths([inputs], store=store, workers=1)
        assert policy_quads(store) == before
    assert report.stored == []
    assert len(report.skipped) == 5 and len(report.failures) == 1


def test_worker_output_renamed_in_the_parent_is_the_graph_to_graph_builds(seeds_dir):
    seed = sorted(seeds_dir.iterdir())[2]  # 'BlueSnap, Inc. ("Plimus")': a legal name and an alias
    outcome = extract_task(Task(seed.name, path=str(seed)), "tok")
    assert outcome.error is None and "_policykg-publisher-tok_" in outcome.nquads
    publisher = Publisher("plimus", "BlueSnap, Inc.", legal_name="BlueSnap, Inc.", aliases=("Plimus", "BlueSnap, Inc."))
    name, data = finish_outcome(outcome, publisher, "tok")
    assert "_policykg-publisher-" not in data
    expected_name, expected = to_graph(process(read_file(seed)), publisher)
    assert name == str(expected_name)
    got = Graph()
    got.parse(data="".join(line.rsplit(" ", 2)[0] + " .\n" for line in data.splitlines()), format="nt")
    assert set(got) == set(expected)


def test_a_bad_input_becomes_an_outcome_not_an_exception(tmp_path):
    missing = extract_task(Task("gone.txt", path=str(tmp_path / "gone.txt")), "tok")
    assert missing.error and missing.nquads == ""
    recipe = tmp_path / "recipe.txt"
    recipe.write_text("Banana bread. Mash three ripe bananas, stir in melted butter, sugar, one egg and flour. Bake for an hour.")
    assert "privacy" in extract_task(Task(recipe.name, path=str(recipe)), "tok").error


def _kill_worker():
    """A loader that kills the process reading it, as an out-of-memory kill would."""
    os._exit(9)


def _missing_file(index: int) -> Task:
    return Task(f"missing-{index}.txt", path=f"/nonexistent/policykg/missing-{index}.txt")


def test_a_dying_worker_fails_its_policy_only_and_the_window_bounds_reading():
    pulled = []

    def tasks():
        for i in range(12):
            pulled.append(i)
            if i == 3:
                yield Task("killer", source=Source("killer", _loader=_kill_worker))
            else:
                yield _missing_file(i)

    stream = pipeline._outcomes(tasks(), 2, frozenset(), "tok", window=4)
    first = next(stream)
    assert first.source == "missing-0.txt" and len(pulled) <= 5  # at most the window is read ahead
    outcomes = [first, *stream]
    assert [o.source for o in outcomes] == ["missing-0.txt", "missing-1.txt", "missing-2.txt", "killer",
                                            *(f"missing-{i}.txt" for i in range(4, 12))]
    assert outcomes[3].error == pipeline._WORKER_DIED
    assert all("no such file" in o.error.lower() or "not found" in o.error.lower() or "exist" in o.error.lower()
               for o in outcomes if o.source != "killer")


def test_duplicate_sha_within_a_run_is_stored_once(tmp_path, seeds_dir):
    seed = sorted(seeds_dir.iterdir())[0]
    shutil.copy(seed, tmp_path / "a.txt")
    shutil.copy(seed, tmp_path / "b.txt")
    with Store.open(tmp_path / "store") as store:
        report = ingest_paths([tmp_path / "a.txt", tmp_path / "b.txt"], store=store)
    assert len(report.stored) == 1 and report.skipped == [str(tmp_path / "b.txt")]


def test_count_sources_counts_files_and_corpus_lines(tmp_path):
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.html").write_text("<p>x</p>")
    (tmp_path / "skip.csv").write_text("x")
    corpus = tmp_path / "c.jsonl.gz"
    with gzip.open(corpus, "wt") as fh:
        fh.writelines(json.dumps({"text": f"policy {i}"}) + "\n" for i in range(7))
    assert count_sources([tmp_path / "a.txt", tmp_path / "sub", corpus]) == 9
    assert count_sources([tmp_path / "nowhere"]) == 1  # reported as one failed source
    assert count_sources([corpus], limit_seconds=-1) is None


def test_outcome_metadata_drives_identity_in_the_parent():
    outcome = Outcome("x", sha256="ab" * 32, metadata=PolicyMetadata(company="Acme Ltd"), graph="https://w3id.org/policykg/id/policy/_policykg-publisher-t_/abababababab",
                      nquads='<https://w3id.org/policykg/id/policy/_policykg-publisher-t_/abababababab> <http://purl.org/dc/terms/publisher> '
                             '<https://w3id.org/policykg/id/org/_policykg-publisher-t_> <https://w3id.org/policykg/id/policy/_policykg-publisher-t_/abababababab> .\n')
    name, data = finish_outcome(outcome, Publisher("acme", "Acme Ltd", legal_name="Acme Ltd"), "t")
    assert name == "https://w3id.org/policykg/id/policy/acme/abababababab"
    assert "<https://w3id.org/policykg/id/org/acme> <https://schema.org/legalName> \"Acme Ltd\"" in data
    assert "_policykg-publisher-t_" not in data
