"""What a question across companies must cost on the embedded store, whatever the query: the engine's floor.

Three figures, each on the store given:

1. a scan: every ``dpv:hasPersonalData`` triple, counted (rows per second of one predicate's index);
2. a join by lookup: the same triples, each practice then looked up for its ``dpv:hasPurpose``
   (Oxigraph joins a group's patterns one row at a time, one index lookup per row);
3. answers computed ahead of time: the ``companies`` question's rows, written as triples into a
   fresh store of their own (one node per row, one predicate per column), read back with
   hash-joined scans and with plain patterns. This is the best a summary graph kept up to date on
   write could do for a question that returns that many rows.

Figures 1 and 2 give the cost per row of a scan and of a lookup; figure 3 says whether answers
computed ahead of time could meet issue 7's p95 of 200 ms for questions that return thousands of
rows. Each query runs once to warm up, then ``--repeat`` times; the best time is reported.

Usage:
    python benchmarks/query_floor.py --store ./policykg-store [--repeat 3]

Prints a table and writes JSON (default ``benchmarks/results/query_floor.json``).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from ingest_throughput import machine_info, write_result  # noqa: E402  (a sibling script)

DEFAULT_OUT = HERE / "results" / "query_floor.json"

SCAN = "SELECT (COUNT(*) AS ?n) WHERE { ?practice dpv:hasPersonalData ?data }"
LOOKUP = "SELECT (COUNT(*) AS ?n) WHERE { ?practice dpv:hasPersonalData ?data . ?practice dpv:hasPurpose ?purpose }"


def best_time(run, repeat: int) -> tuple[float, object]:
    """The fastest of ``repeat`` timed calls of ``run`` (after one to warm up), in ms, and its result."""
    result = run()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        times.append((time.perf_counter() - start) * 1000)
    return min(times), result


def count(store, query: str) -> int:
    from policykg.ontology import PREFIXES

    return int(next(iter(store.query(query, prefixes=PREFIXES, use_default_graph_as_union=True)))[0].value)


def precomputed_rows(rows: list[tuple], columns: tuple[str, ...], folder: Path):
    """A fresh store holding ``rows`` as triples: ``<urn:row:N> <urn:column:C> value`` in one named graph."""
    import pyoxigraph as ox

    store = ox.Store(str(folder))
    graph = ox.NamedNode("urn:policykg:precomputed")
    predicates = {c: ox.NamedNode(f"urn:column:{c}") for c in columns}
    quads = []
    for n, row in enumerate(rows):
        node = ox.NamedNode(f"urn:row:{n}")
        for column, value in zip(columns, row):
            if value is None:
                continue
            term = ox.NamedNode(value) if isinstance(value, str) and value.startswith("https://") else ox.Literal(str(value))
            quads.append(ox.Quad(node, predicates[column], term, graph))
    store.bulk_extend(quads)
    store.optimize()
    return store


def read_queries(columns: tuple[str, ...]) -> dict[str, str]:
    """The precomputed rows read back, sorted: each column a scan of its predicate, hash-joined; or plain patterns."""
    first, rest = columns[0], columns[1:]
    select = "SELECT " + " ".join(f"?{c}" for c in columns)
    scans = f"{{ SELECT ?row ?{first} WHERE {{ ?row <urn:column:{first}> ?{first} }} }} " + " ".join(
        f"OPTIONAL {{ SELECT ?row ?{c} WHERE {{ ?row <urn:column:{c}> ?{c} }} }}" for c in rest
    )
    plain = f"?row <urn:column:{first}> ?{first} " + " ".join(f"OPTIONAL {{ ?row <urn:column:{c}> ?{c} }}" for c in rest)
    order = f"ORDER BY ?{rest[0] if rest else first}"  # sorted, as the question's rows are
    return {
        "hash-joined scans": f"{select} WHERE {{ GRAPH <urn:policykg:precomputed> {{ {scans} }} }} {order}",
        "plain patterns": f"{select} WHERE {{ GRAPH <urn:policykg:precomputed> {{ {plain} }} }} {order}",
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, required=True, help="a policykg store (say the 13k store)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)

    from policykg.queries import run
    from policykg.store import Store

    with Store.open(args.store, read_only=True) as store:
        scan_ms, scanned = best_time(lambda: count(store.oxigraph, SCAN), args.repeat)
        lookup_ms, joined = best_time(lambda: count(store.oxigraph, LOOKUP), args.repeat)
        question_ms, answer = best_time(lambda: run("companies", store=store), args.repeat)
    with tempfile.TemporaryDirectory() as folder:
        precomputed = precomputed_rows(answer.rows, answer.columns, Path(folder))
        reads = {
            name: best_time(lambda q=query: list(precomputed.query(q)), args.repeat)
            for name, query in read_queries(answer.columns).items()
        }
        del precomputed
    figures = {
        "scan": {"rows": scanned, "ms": round(scan_ms, 1), "us_per_row": round(1000 * scan_ms / scanned, 2)},
        "join_by_lookup": {"rows": joined, "lookups": scanned, "ms": round(lookup_ms, 1),
                           "us_per_lookup": round(1000 * (lookup_ms - scan_ms) / scanned, 2)},
        "companies_question": {"rows": len(answer.rows), "columns": len(answer.columns), "ms": round(question_ms, 1)},
        "precomputed_rows": {name: {"rows": len(rows), "ms": round(ms, 1)} for name, (ms, rows) in reads.items()},
    }
    print(f"scan of dpv:hasPersonalData: {scanned:,} rows in {scan_ms:,.0f} ms ({figures['scan']['us_per_row']} µs a row)")
    print(f"the same, each looked up for its purpose: {joined:,} rows in {lookup_ms:,.0f} ms "
          f"({figures['join_by_lookup']['us_per_lookup']} µs a lookup)")
    print(f"'companies': {len(answer.rows):,} rows of {len(answer.columns)} columns in {question_ms:,.0f} ms")
    for name, (ms, rows) in reads.items():
        print(f"the same rows computed ahead of time, read with {name}: {len(rows):,} rows in {ms:,.0f} ms")
    write_result(args.out, {
        "benchmark": "query_floor",
        "command": "python benchmarks/query_floor.py " + " ".join(argv if argv is not None else sys.argv[1:]),
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "machine": machine_info(),
        "store": str(args.store),
        **figures,
    })
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
