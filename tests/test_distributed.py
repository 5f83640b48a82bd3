"""Extraction on a Dask cluster: a LocalCluster on 127.0.0.1 gives the same store as a local run."""

from __future__ import annotations

import gzip
import shutil

import pytest

from conftest import CORPORA, require
from policykg.errors import PolicyKGError
from policykg.ingest import distributed
from policykg.ingest.distributed import dask_address
from policykg.ingest.pipeline import ingest_paths
from policykg.ontology import ONTOLOGY_GRAPH
from policykg.store import Store

BULK = CORPORA / "bulk" / "gdpr-landscape-13k.jsonl.gz"


def policy_quads(store: Store) -> set[str]:
    ontology = f"<{ONTOLOGY_GRAPH}>"
    return {str(q) for q in store.oxigraph if str(q.graph_name) != ontology}


def test_dask_address_forms():
    assert dask_address("dask://127.0.0.1:8786") == "tcp://127.0.0.1:8786"
    assert dask_address("tls://sched.example.org:8786/") == "tls://sched.example.org:8786"
    with pytest.raises(PolicyKGError, match="dask://HOST:PORT"):
        dask_address("127.0.0.1:8786")
    with pytest.raises(PolicyKGError, match="dask://HOST:PORT"):
        dask_address("dask://host")


@pytest.fixture(scope="module")
def cluster():
    pytest.importorskip("distributed", reason="Dask is optional: pip install 'policykg[dask]'")
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None) as local:
        yield local.scheduler_address.replace("tcp://", "dask://")


def test_dask_run_streams_back_the_same_store_as_a_local_run(cluster, tmp_path, seeds_dir):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(sorted(seeds_dir.iterdir())[3], folder / "plimus.txt")
    (folder / "empty.txt").write_text("   \n")
    with gzip.open(require(BULK), "rt", encoding="utf-8") as fh:
        (folder / "corpus.jsonl").write_text("".join(next(fh) for _ in range(2)), encoding="utf-8")
    with Store.open(tmp_path / "local") as store:
        local = ingest_paths([folder], store=store)
        expected = policy_quads(store)
    events = []
    with Store.open(tmp_path / "dask") as store:
        remote = ingest_paths([folder], store=store, executor=cluster, window=2, on_progress=events.append)
        assert policy_quads(store) == expected
        # resume works on the cluster too: the stored hashes travel to the workers
        again = ingest_paths([folder], store=store, executor=cluster)
    assert remote.stored == local.stored and len(remote.stored) == 3
    assert [f.source for f in remote.failures] == [str(folder / "empty.txt")]
    assert [e.kind for e in events].count("stored") == 3
    assert again.stored == [] and len(again.skipped) == 3


def test_unreachable_scheduler_is_a_clear_error(monkeypatch, tmp_path):
    pytest.importorskip("distributed")
    import socket

    with socket.socket() as s:  # a free port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setattr(distributed, "CONNECT_TIMEOUT", 2)
    with Store.open(tmp_path / "s") as store, pytest.raises(PolicyKGError, match="cannot reach the Dask scheduler"):
        ingest_paths([tmp_path], store=store, executor=f"dask://127.0.0.1:{port}")
