import multiprocessing
import time

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from policykg.errors import StoreError, StoreLockedError
from policykg.ontology import ONTOLOGY_GRAPH
from policykg.store import Store

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


def test_put_nquads_flushes_memtables_every_flush_bytes(tmp_path):
    # Oxigraph keeps up to 128 MB of writes per column family in memory; the store
    # must write them out itself once flush_bytes have been loaded.
    with Store.open(tmp_path / "s", flush_bytes=4000) as store:
        sst_before = len(list((tmp_path / "s" / "oxigraph").glob("*.sst")))
        store.put_nquads([(G1, _nquads(G1, 10, "small"))])
        assert 0 < store.unflushed_bytes < 4000  # below the threshold: nothing flushed yet
        store.put_nquads([(G2, _nquads(G2, 60, "a longer value to pass the threshold"))])
        assert store.unflushed_bytes == 0
        assert len(list((tmp_path / "s" / "oxigraph").glob("*.sst"))) > sst_before
        assert len(store.graph(G1)) == 10 and len(store.graph(G2)) == 60


def test_put_nquads_takes_utf8_bytes_and_str_alike(tmp_path):
    text = "données « personnelles » – 個人情報"
    with Store.open(tmp_path / "s") as store:
        store.put_nquads([(G1, _nquads(G1, 3, text).encode("utf-8")), (G2, _nquads(G2, 2, text))])
        values = {str(o) for _, _, o in store.graph(G1)} | {str(o) for _, _, o in store.graph(G2)}
    assert values == {f"{text} {i}" for i in range(3)}


def test_in_memory_store_flush_is_a_no_op():
    store = Store.open(None, flush_bytes=0)
    store.put_nquads([(G1, _nquads(G1, 2, "x"))])
    assert store.unflushed_bytes == 0 and len(store.graph(G1)) == 2
