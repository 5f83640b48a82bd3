import multiprocessing
import os
import subprocess
import sys
import time

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from policykg.errors import StoreError, StoreLockedError
from policykg.ontology import ONTOLOGY_GRAPH
from policykg import store as store_module
from policykg.store import _ONTOLOGY_HASH, Store

G1 = "https://w3id.org/policykg/id/policy/acme/x"
G2 = "https://w3id.org/policykg/id/policy/beta/y"


def _graph(n: int) -> Graph:
    g = Graph()
    for i in range(n):
        g.add((URIRef(f"https://example.org/s{i}"), URIRef("https://example.org/p"), Literal(f'v "{i}"\nline')))
    return g


def test_new_store_holds_the_ontology_graph(tmp_path):
    with Store.open(tmp_path / "s") as store:
        assert str(ONTOLOGY_GRAPH) in set(store.graph_names())
        before = store.count_triples()
    with Store.open(tmp_path / "s") as store:  # reopening does not load it twice
        assert store.count_triples() == before


def test_another_process_finds_the_ontology_graph_current(tmp_path):
    # Each process hashes strings with its own seed; the digest that says "the ontology is loaded
    # and current" must not depend on it, or every writer would reload the ontology on opening.
    def digest():
        with Store.open(tmp_path / "s", read_only=True) as store:
            return next(iter(store.oxigraph.quads_for_pattern(None, _ONTOLOGY_HASH, None))).object.value

    script = f"from policykg.store import Store; Store.open({str(tmp_path / 's')!r}).close()"
    digests = []
    for seed in ("1", "2"):
        subprocess.run([sys.executable, "-c", script], check=True, env={**os.environ, "PYTHONHASHSEED": seed})
        digests.append(digest())
    assert digests[0] == digests[1]


def test_put_graphs_replaces_and_reads_back(tmp_path):
    with Store.open(tmp_path / "s") as store:
        store.put_graphs([(G1, _graph(3)), (G2, _graph(2))])
        store.put_graphs([(G1, _graph(1))])
        assert isomorphic(store.graph(G1), _graph(1))
        assert isomorphic(store.graph(G2), _graph(2))


def test_dump_and_load_round_trip(tmp_path):
    with Store.open(tmp_path / "a") as store:
        store.put_graphs([(G1, _graph(5))])
        store.dump(tmp_path / "all.trig")
        total = store.count_triples()
    with Store.open(tmp_path / "b") as store:
        store.load_file(tmp_path / "all.trig")
        assert store.count_triples() == total
        assert isomorphic(store.graph(G1), _graph(5))
    with Store.open(tmp_path / "b") as store, pytest.raises(StoreError, match="load reads .trig or .nq"):
        store.load_file(tmp_path / "all.ttl")


def test_read_only_open_of_missing_store_is_a_clear_error(tmp_path):
    with pytest.raises(StoreError, match="no policykg store here"):
        Store.open(tmp_path / "missing", read_only=True)


def _hold_lock(path, seconds):
    with Store.open(path):
        time.sleep(seconds)


def test_second_writer_stops_with_a_clear_message(tmp_path):
    path = tmp_path / "s"
    Store.open(path).close()
    holder = multiprocessing.get_context("spawn").Process(target=_hold_lock, args=(path, 5))
    holder.start()
    try:
        time.sleep(2.5)  # let the child open the store
        with pytest.raises(StoreLockedError, match="another policykg process is writing"):
            Store.open(path, wait=0.5)
    finally:
        holder.join()
    with Store.open(path) as store:  # usable again once the writer is done
        assert store.count_triples() > 0


def _nquads(graph: str, n: int, text: str) -> str:
    return "".join(f'<https://example.org/s{i}> <https://example.org/p> "{text} {i}" <{graph}> .\n' for i in range(n))


@pytest.mark.parametrize("bulk_quads", [200_000, 5], ids=["bulk-loader", "transaction"])
def test_put_nquads_writes_replaces_and_refuses_whole_batches(tmp_path, monkeypatch, bulk_quads):
    # Both write paths: a batch within BULK_QUADS goes through the bulk loader, a larger one through a transaction.
    monkeypatch.setattr(store_module, "BULK_QUADS", bulk_quads)
    with Store.open(tmp_path / "s") as store:
        store.put_nquads([(G1, _nquads(G1, 10, "old")), (G2, _nquads(G2, 3, "kept"))])
        store.put_nquads([(G1, _nquads(G1, 4, "new"))])
        assert sorted(str(o) for _, _, o in store.graph(G1)) == [f"new {i}" for i in range(4)]
        with pytest.raises(StoreError, match="could not write 2 policy graphs"):
            store.put_nquads([("https://example.org/g3", _nquads("https://example.org/g3", 3, "x")), (G2, "<broken .\n")])
        assert "https://example.org/g3" not in set(store.graph_names())
    with Store.open(tmp_path / "s", read_only=True) as store:  # durable once written
        assert len(store.graph(G1)) == 4 and len(store.graph(G2)) == 3


def test_put_nquads_takes_utf8_bytes_and_str_alike(tmp_path):
    text = "données « personnelles » – 個人情報"
    with Store.open(tmp_path / "s") as store:
        store.put_nquads([(G1, _nquads(G1, 3, text).encode("utf-8")), (G2, _nquads(G2, 2, text))])
        values = {str(o) for _, _, o in store.graph(G1)} | {str(o) for _, _, o in store.graph(G2)}
    assert values == {f"{text} {i}" for i in range(3)}


def test_in_memory_store_takes_batches_and_flush_is_a_no_op():
    store = Store.open(None)
    store.put_nquads([(G1, _nquads(G1, 2, "x"))])
    store.flush()
    assert len(store.graph(G1)) == 2
