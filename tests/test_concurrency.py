"""Two processes writing one store (issue 7).

The store takes an exclusive ``flock`` on ``<store>/policykg.lock`` for a
writer (``policykg.store``). A second writer either waits for the first to
finish and then writes, or, when the first holds the store longer than it is
willing to wait, stops with ``StoreLockedError`` ("another policykg process is
writing this store") and exit code 2. In no case is the store corrupted: the
first writer's result is complete and the store opens afterwards.
"""

from __future__ import annotations

import contextlib
import fcntl
import io
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rdflib.compare import isomorphic

from policykg.cli import main
from policykg.errors import StoreLockedError
from policykg.ontology import ONTOLOGY_GRAPH
from policykg.store import Store

EXAMPLES = Path(__file__).resolve().parents[1] / "policykg" / "examples"
FIRST = ["tallowmere-candle-co.txt", "glimmerpane-photo.txt"]
SECOND = ["pebblewick-learning.md"]


def cli_process(argv: list[str]) -> subprocess.Popen:
    code = f"import sys; from policykg.cli import main; sys.exit(main({argv!r}))"
    return subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def holder_process(store: Path) -> subprocess.Popen:
    """A process that opens the store for writing and holds it until its stdin closes."""
    code = (
        "import sys; from policykg.store import Store\n"
        f"with Store.open({str(store)!r}) as db:\n"
        "    print('locked', flush=True); sys.stdin.read()\n"
    )
    return subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)


def wait_until_locked(store: Path, proc: subprocess.Popen, timeout: float = 120) -> None:
    """Return once another process holds the store's write lock."""
    lock = store / "policykg.lock"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, "the first writer ended before it was seen holding the lock"
        if lock.exists():
            with open(lock, "rb") as fh:
                try:
                    fcntl.flock(fh, fcntl.LOCK_SH | fcntl.LOCK_NB)
                except BlockingIOError:
                    return
                fcntl.flock(fh, fcntl.LOCK_UN)
        time.sleep(0.05)
    raise AssertionError("the first writer never took the lock")


def run_in_process(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


def policy_graphs(store: Path) -> dict:
    with Store.open(store, read_only=True) as db:
        return {name: db.graph(name) for name in db.graph_names() if name != str(ONTOLOGY_GRAPH)}


def paths(names: list[str]) -> list[str]:
    return [str(EXAMPLES / n) for n in names]


def test_second_writer_stops_with_a_clear_message(tmp_path: Path) -> None:
    store = tmp_path / "store"
    code, _, err = run_in_process(["ingest", *paths(FIRST), "--store", str(store), "-q"])
    assert code == 0, err
    before = policy_graphs(store)
    holder = holder_process(store)
    try:
        assert holder.stdout.readline().strip() == "locked"
        # the library: a typed error after the wait
        start = time.monotonic()
        with pytest.raises(StoreLockedError, match="another policykg process is writing this store"):
            Store.open(store, wait=0.5)
        assert time.monotonic() - start >= 0.5
        # the CLI: one line on stderr and exit code 2, nothing written
        code, _, err = run_in_process(["ingest", *paths(SECOND), "--store", str(store), "-q"])
        assert code == 2
        assert "another policykg process is writing this store" in err
        assert len([ln for ln in err.splitlines() if ln.strip()]) == 1, err
        assert "Traceback" not in err
    finally:
        holder.stdin.close()
        holder.wait(timeout=60)
    after = policy_graphs(store)
    assert sorted(after) == sorted(before)
    assert all(isomorphic(after[n], before[n]) for n in before)


def test_reader_waits_for_the_writer_too(tmp_path: Path) -> None:
    store = tmp_path / "store"
    with Store.open(store):
        pass
    holder = holder_process(store)
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(StoreLockedError):
            Store.open(store, read_only=True, wait=0.3)
    finally:
        holder.stdin.close()
        holder.wait(timeout=60)
    with Store.open(store, read_only=True) as db:  # free again once the writer is gone
        assert db.count_triples() > 0


def test_two_ingests_at_once_both_complete_and_the_store_is_whole(tmp_path: Path) -> None:
    """The second ``policykg ingest`` waits for the first, then writes; the result equals one run of both."""
    store, reference = tmp_path / "store", tmp_path / "reference"
    first = cli_process(["ingest", *paths(FIRST), "--store", str(store), "-q"])
    try:
        wait_until_locked(store, first)
        second = cli_process(["ingest", *paths(SECOND), "--store", str(store), "-q"])
        out1, err1 = first.communicate(timeout=300)
        out2, err2 = second.communicate(timeout=300)
    finally:
        for proc in (first,):
            if proc.poll() is None:
                proc.kill()
    assert first.returncode == 0, err1
    # the second waits up to 10 s for the lock; on a slow machine it may give up instead
    if second.returncode == 2:
        assert "another policykg process is writing this store" in err2
        code, _, err = run_in_process(["ingest", *paths(SECOND), "--store", str(store), "-q"])
        assert code == 0, err
    else:
        assert second.returncode == 0, err2
    code, _, err = run_in_process(["ingest", *paths(FIRST + SECOND), "--store", str(reference), "-q"])
    assert code == 0, err
    got, want = policy_graphs(store), policy_graphs(reference)
    assert sorted(got) == sorted(want)
    for name in want:
        assert isomorphic(got[name], want[name]), f"{name} differs from a single run of both"
