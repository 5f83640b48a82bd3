"""Load a store into a remote triple store with the SPARQL 1.1 Graph Store HTTP Protocol.

Every named graph of the store (one per policy version, plus the ontology) is
sent to ``<graph store>?graph=<graph IRI>`` as N-Triples: the first chunk with
``PUT`` (replacing whatever the server held under that name), the following
chunks with ``POST`` (adding to it). Chunks hold at most ``chunk_size``
triples, so a large graph never has to fit one request.

Resumable: before sending, one ``graph-sizes`` query asks the server how many
triples each graph holds; a graph whose count already equals the local count
is skipped. A push cut off half-way leaves a graph with too few triples, which
the next run replaces (its first chunk is a ``PUT``). After sending, the
counts are compared again, and a mismatch is an error.

A graph with blank nodes is sent in one request: blank-node labels are scoped
to one request, so splitting would break them apart (policykg itself mints no
blank nodes).

>>> PushReport(graphs=2, pushed=1, skipped=1, triples=10, requests=1).pushed
1
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from policykg.errors import EndpointError

from . import run
from .endpoint import Endpoint

NTRIPLES = "application/n-triples"


@dataclass(frozen=True, slots=True)
class PushReport:
    """What a push did. ``graphs`` = pushed + skipped; ``triples`` and ``requests`` count what was sent."""

    graphs: int
    pushed: int
    skipped: int
    triples: int
    requests: int


def graph_sizes(source) -> dict[str, int]:
    """``{graph IRI: triple count}`` of a store or an endpoint (the ``graph-sizes`` query)."""
    if isinstance(source, Endpoint):
        result = run("graph-sizes", endpoint=source)
    else:
        result = run("graph-sizes", store=source)
    return {str(g): int(n) for g, n in result.rows}


def _graph_url(base: str, graph: str) -> str:
    separator = "&" if "?" in base else "?"
    return f"{base}{separator}graph={urllib.parse.quote(graph, safe='')}"


def _chunks(store, graph: str, size: int) -> Iterable[bytes]:
    """N-Triples chunks of at most ``size`` triples of one graph (one chunk if it has blank nodes)."""
    node = ox.NamedNode(graph)
    quads = list(store.oxigraph.quads_for_pattern(None, None, None, node))
    has_blank = any(isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode) for q in quads)
    step = len(quads) if has_blank or not quads else size
    for start in range(0, max(len(quads), 1), max(step, 1)):
        part = quads[start : start + step]
        yield "".join(f"{q.subject} {q.predicate} {q.object} .\n" for q in part).encode("utf-8")


def push(
    store,
    endpoint: Endpoint,
    *,
    graph_store_url: str | None = None,
    chunk_size: int = 50_000,
    force: bool = False,
    on_graph: Callable[[str, str, int], None] | None = None,
) -> PushReport:
    """Push every named graph of ``store`` to ``endpoint``'s Graph Store.

    Args:
        store: an open :class:`policykg.store.Store`.
        endpoint: the server; its query URL is used to compare triple counts.
        graph_store_url: the Graph Store Protocol URL (default ``endpoint.graph_store_url``).
        chunk_size: at most this many triples per request.
        force: send every graph, even those whose count already matches.
        on_graph: called as ``on_graph(graph, "pushed" | "skipped", triples)`` after each graph.

    Returns:
        A :class:`PushReport`.

    Raises:
        EndpointError: no Graph Store URL, the server is down or refuses a request, or
            a graph's triple count on the server differs from the store's after the push.
    """
    target = graph_store_url or endpoint.graph_store_url
    if not target:
        raise EndpointError(
            f"no Graph Store URL for {endpoint.url}; pass --graph-store URL "
            "(Oxigraph: http://host:port/store; Fuseki: http://host:port/DATASET/data)"
        )
    if chunk_size <= 0:
        raise EndpointError("chunk_size must be positive")
    local = graph_sizes(store)
    remote = {} if force else graph_sizes(endpoint)
    pushed = skipped = triples = requests = 0
    for graph, count in sorted(local.items()):
        if not force and remote.get(graph) == count:
            skipped += 1
            if on_graph:
                on_graph(graph, "skipped", count)
            continue
        url = _graph_url(target, graph)
        for index, chunk in enumerate(_chunks(store, graph, chunk_size)):
            endpoint.http("PUT" if index == 0 else "POST", url, body=chunk, content_type=NTRIPLES)
            requests += 1
        triples += count
        pushed += 1
        if on_graph:
            on_graph(graph, "pushed", count)
    if pushed:
        after = graph_sizes(endpoint)
        wrong = [g for g, n in local.items() if after.get(g) != n]
        if wrong:
            first = wrong[0]
            raise EndpointError(
                f"after the push the server holds {after.get(first, 0)} triples in graph {first}, "
                f"the store {local[first]} ({len(wrong)} graph(s) differ); run the push again"
            )
    return PushReport(graphs=pushed + skipped, pushed=pushed, skipped=skipped, triples=triples, requests=requests)
