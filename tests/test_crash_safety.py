"""Crash safety of ``policykg ingest`` (issue 7): SIGKILL part-way, then rerun.

A corpus of 30 real policies (short ones among the first lines of the bulk
GDPR-landscape corpus) is ingested three ways into three stores:

1. *clean*: one uninterrupted run (in-process);
2. *killed*: the same command in a subprocess with ``--batch-size 2``, killed
   with SIGKILL as soon as the store shows a few policies;
3. the killed store after a *rerun* of the same command.

"Whole policies only" is checked precisely on the killed store: every graph in
it other than the ontology is a policy graph, named by its policy IRI, holding
``<graph> a pk:PolicyDocument``, and equal, triple for triple, to the graph of
the same name in the clean store, except for ``prov:wasRevisionOf`` links
(``link_versions`` writes them when a run ends, so a killed run has none). So
every stored policy has all its practices, statements, evidence and metadata,
and nothing half-written is left. After the rerun the whole store is
isomorphic to the clean one, graph by graph (``rdflib.compare.isomorphic``).
"""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import PROV, RDF

from policykg.cli import main
from policykg.ontology import ONTOLOGY_GRAPH
from policykg.ontology.namespaces import PK
from policykg.store import Store

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "bulk" / "gdpr-landscape-13k.jsonl.gz"
N_POLICIES = 30
#: Kill once the store holds at least this many policies (batches of 2 are written).
KILL_AFTER = 4



def make_corpus(folder: Path) -> Path:
    """The first 30 short (<= 6,000 characters), distinct policies of the bulk corpus as a .jsonl."""
    if not CORPUS.is_file():
        pytest.skip(f"needs {CORPUS} (the project's ../shared corpora are not beside this checkout)")
    lines, texts = [], set()
    with gzip.open(CORPUS, "rt", encoding="utf-8") as fh:
        for raw in fh:
            obj = json.loads(raw)
            if len(obj["text"]) <= 6000 and obj["text"] not in texts:
                texts.add(obj["text"])
                lines.append(raw.strip())
            if len(lines) == N_POLICIES:
                break
    path = folder / "corpus.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def ingest_argv(corpus: Path, store: Path) -> list[str]:
    return ["ingest", str(corpus), "--store", str(store), "--batch-size", "2", "-q"]


def run_in_process(argv: list[str]) -> int:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        return main(argv)


def peek_policy_count(store: Path) -> int:
    """Policies in a store another process is writing (RocksDB read-only open; no policykg lock)."""
    try:
        db = ox.Store.read_only(str(store / "oxigraph"))
    except (OSError, RuntimeError):  # not created yet, or caught while it creates its column families
        return 0
    peek = Store(db, None, None, True)
    return int(peek.rows("_store-stats")[0]["policies"])


def graphs(store: Path) -> dict[str, Graph]:
    """Every named graph of a store (the ontology left out) as rdflib graphs."""
    with Store.open(store, read_only=True) as db:
        return {name: db.graph(name) for name in db.graph_names() if name != str(ONTOLOGY_GRAPH)}


def without_revision_links(graph: Graph) -> set:
    return {t for t in graph if t[1] != PROV.wasRevisionOf}


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    root = tmp_path_factory.mktemp("crash")
    corpus = make_corpus(root)
    clean, killed = root / "clean", root / "killed"
    clean_code = run_in_process(ingest_argv(corpus, clean))

    code = f"import sys; from policykg.cli import main; sys.exit(main({ingest_argv(corpus, killed)!r}))"
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    seen = 0
    deadline = time.monotonic() + 300
    try:
        while proc.poll() is None and time.monotonic() < deadline:
            seen = peek_policy_count(killed) if (killed / "oxigraph").is_dir() else 0
            if seen >= KILL_AFTER:
                os.kill(proc.pid, signal.SIGKILL)
                break
            time.sleep(0.1)
    finally:
        if proc.poll() is None and seen < KILL_AFTER:
            proc.kill()
        proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL, (
        f"the ingest ended by itself (code {proc.returncode}) before it could be killed part-way: "
        + proc.stderr.read().decode()[-2000:]
    )
    proc.stderr.close()
    after_kill = graphs(killed)
    rerun_code = run_in_process(ingest_argv(corpus, killed))
    return {
        "clean": graphs(clean),
        "clean_code": clean_code,
        "after_kill": after_kill,
        "rerun": graphs(killed),
        "rerun_code": rerun_code,
        "killed": killed,
    }


def test_killed_part_way(runs) -> None:
    stored = len(runs["after_kill"])
    assert KILL_AFTER <= stored < len(runs["clean"]), (stored, len(runs["clean"]))


def test_store_opens_after_sigkill(runs, tmp_path: Path) -> None:
    # writable open (takes the lock the dead process held, replays the log) and a read
    with Store.open(runs["killed"]) as db:
        assert db.stats().policies == len(runs["rerun"])
        assert db.count_triples() > 0


def test_only_whole_policies_after_sigkill(runs) -> None:
    clean = runs["clean"]
    for name, graph in runs["after_kill"].items():
        policy = URIRef(name)
        assert (policy, RDF.type, PK.PolicyDocument) in graph, f"{name}: no pk:PolicyDocument node"
        assert name in clean, f"{name}: a graph a clean run does not make"
        got, want = without_revision_links(graph), without_revision_links(clean[name])
        practices = len(set(graph.subjects(RDF.type, PK.Practice)))
        assert practices == len(set(clean[name].subjects(RDF.type, PK.Practice))), f"{name}: practices missing"
        assert got == want, f"{name}: {len(want - got)} triples missing, {len(got - want)} extra"


def test_rerun_gives_a_graph_isomorphic_to_a_clean_run(runs) -> None:
    clean, rerun = runs["clean"], runs["rerun"]
    assert runs["rerun_code"] == runs["clean_code"]
    assert sorted(rerun) == sorted(clean)
    for name in clean:
        assert isomorphic(rerun[name], clean[name]), f"{name} differs from the clean run"
