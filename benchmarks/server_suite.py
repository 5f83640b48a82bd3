"""The named query suite on real SPARQL servers: Oxigraph server and Virtuoso, against the embedded store.

A store (for example the 13k store kept by ``ingest_throughput.py --keep-store``)
is dumped to N-Quads and bulk-loaded into each server (not timed in the suite
figures; the load times are reported): ``oxigraph load`` then ``oxigraph serve``
on a free port of 127.0.0.1, and Virtuoso Open Source through
``scripts/virtuoso/virtuoso.sh`` (its default graph is the policykg graph group,
not its system graphs; its row cap is paged past by the client). Every public
query runs with the values of its ``# example:`` header (see
``query_latency.py``) once to warm up and ``--repeat`` times on each engine.
Rows are compared with the embedded store's, as in ``tests/test_virtuoso.py``.

Usage:
    python benchmarks/server_suite.py --store ./policykg-store [--repeat 3] [--engines oxigraph,virtuoso]

Needs the ``oxigraph`` binary (``pip install oxigraph``) and, for Virtuoso, the
Debian package ``virtuoso-opensource``. Prints a table and writes JSON (default
``benchmarks/results/server_suite.json``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from ingest_throughput import machine_info, write_result  # noqa: E402  (sibling scripts)
from query_latency import busiest_company, percentile, suite, summary  # noqa: E402

DEFAULT_OUT = HERE / "results" / "server_suite.json"
VIRTUOSO = HERE.parent / "scripts" / "virtuoso" / "virtuoso.sh"
GROUP = "https://w3id.org/policykg/graph/all"
OWN_GRAPHS = "https://w3id.org/policykg/"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{url}?query=ASK%7B%7D", timeout=2).read()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {seconds:g} s")


@contextmanager
def oxigraph_server(dump: Path, folder: Path, timeout: float):
    """``oxigraph serve`` over a store bulk-loaded from ``dump``; yields (endpoint, load seconds)."""
    from policykg.queries.endpoint import Endpoint

    binary = shutil.which("oxigraph")
    if binary is None:
        raise RuntimeError("the 'oxigraph' binary is not installed (pip install oxigraph)")
    started = time.perf_counter()
    subprocess.run([binary, "load", "--location", str(folder), "--file", str(dump)], check=True, capture_output=True)
    loaded = time.perf_counter() - started
    port = free_port()
    process = subprocess.Popen([binary, "serve-read-only", "--location", str(folder), "--bind", f"127.0.0.1:{port}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}/query"
        wait_for(url, 60)
        yield Endpoint(url, union_default_graph=True, retries=0, timeout=timeout), loaded
    finally:
        process.terminate()
        process.wait(timeout=30)


@contextmanager
def virtuoso_server(dump: Path, folder: Path, memory_gb: int, timeout: float):
    """Virtuoso on 127.0.0.1 with ``dump`` bulk-loaded; yields (endpoint, load seconds)."""
    from policykg.queries.endpoint import Endpoint

    if not (shutil.which("virtuoso-t") and shutil.which("isql-vt")):
        raise RuntimeError("Virtuoso is not installed (apt-get install virtuoso-opensource)")
    http_port = free_port()
    env = {**os.environ, "VIRTUOSO_SQL_PORT": str(free_port()), "VIRTUOSO_HTTP_PORT": str(http_port),
           "VIRTUOSO_MEM_GB": str(memory_gb)}

    def script(*args: str) -> None:
        subprocess.run(["bash", str(VIRTUOSO), *args], env=env, check=True, capture_output=True, timeout=7200)

    script("start", str(folder))
    try:
        started = time.perf_counter()
        script("load", str(folder), str(dump))
        loaded = time.perf_counter() - started
        url = f"http://127.0.0.1:{http_port}/sparql?default-graph-uri={urllib.parse.quote(GROUP, safe='')}"
        yield Endpoint(url, union_default_graph=False, retries=0, timeout=timeout, page_size=10_000), loaded
    finally:
        script("stop", str(folder))


def normalised(result, name: str) -> list:
    """Rows sorted; GROUP_CONCAT cells sorted inside; numbers rounded (engines print decimals differently).

    ``graph-sizes`` keeps only policykg's graphs: a server lists its own graphs too.
    """
    def cell(value):
        if isinstance(value, float):
            return round(value, 6)
        if isinstance(value, str) and ", " in value:
            return ", ".join(sorted(value.split(", ")))
        return value
    rows = [row for row in result.rows if name != "graph-sizes" or str(row[0]).startswith(OWN_GRAPHS)]
    return sorted((tuple(cell(v) for v in row) for row in rows), key=repr)


def time_runs(run_once, repeat: int) -> tuple[list[float], object]:
    result = run_once()  # warm-up
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        run_once()
        timings.append((time.perf_counter() - started) * 1000)
    return timings, result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, required=True, help="a policykg store")
    parser.add_argument("--engines", default="oxigraph,virtuoso", help="comma-separated: oxigraph, virtuoso")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per query and engine (after one warm-up)")
    parser.add_argument("--virtuoso-memory-gb", type=int, default=4)
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds before a server's answer is abandoned")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)

    from policykg.queries import run_on_store
    from policykg.store import Store

    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    unknown = set(engines) - {"oxigraph", "virtuoso"}
    if unknown:
        parser.error(f"unknown engine(s): {', '.join(sorted(unknown))}")
    with tempfile.TemporaryDirectory(prefix="policykg-servers-") as scratch, Store.open(args.store, read_only=True) as store:
        dump = Path(scratch) / "store.nq"
        store.dump(dump)
        quads = store.count_triples()
        company = busiest_company(store)
        runnable, left_out = suite(store, company)
        per_query: dict[str, dict] = {}
        for query, bindings in runnable:
            timings, result = time_runs(lambda: run_on_store(store, query, bindings), args.repeat)
            per_query[query.name] = {"embedded": {**summary(timings), "rows": len(result.rows)}, "_rows": normalised(result, query.name)}
        loads = {}
        for engine in engines:
            folder = Path(scratch) / engine
            server = (oxigraph_server(dump, folder, args.timeout) if engine == "oxigraph"
                      else virtuoso_server(dump, folder, args.virtuoso_memory_gb, args.timeout))
            with server as (endpoint, load_seconds):
                loads[engine] = round(load_seconds, 1)
                for query, bindings in runnable:
                    entry = per_query[query.name]
                    try:
                        timings, result = time_runs(lambda: endpoint.select(query.text, bindings), args.repeat)
                    except Exception as exc:  # noqa: BLE001 - a server failing one query is a finding, not a crash
                        entry[engine] = {"error": f"{type(exc).__name__}: {str(exc)[:200]}"}
                        print(f"{engine}: {query.name}: {entry[engine]['error']}", file=sys.stderr)
                        continue
                    entry[engine] = {**summary(timings), "rows": len(result.rows), "same_rows": normalised(result, query.name) == entry["_rows"]}
    for entry in per_query.values():
        entry.pop("_rows")

    def overall(engine: str) -> dict:
        timings = [v[engine]["p50_ms"] for v in per_query.values() if "p50_ms" in v.get(engine, {})]
        differing = sorted(n for n, v in per_query.items() if engine != "embedded" and not v.get(engine, {}).get("same_rows"))
        return {"queries": len(timings), "p50_of_medians_ms": round(percentile(timings, 50), 1),
                "p95_of_medians_ms": round(percentile(timings, 95), 1), "total_ms": round(sum(timings), 1),
                "differing_from_embedded": differing}

    report = {
        "benchmark": "server_suite",
        "command": "python benchmarks/" + " ".join([Path(__file__).name, *(argv if argv is not None else sys.argv[1:])]),
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "store": str(args.store), "quads": quads, "company_parameter": company,
        "left_out": left_out, "load_seconds": loads,
        "overall": {engine: overall(engine) for engine in ["embedded", *engines]},
        "queries": per_query,
        "machine": machine_info(),
    }
    for engine in engines:
        ours, theirs = report["overall"]["embedded"]["total_ms"], report["overall"][engine]["total_ms"]
        report["overall"][engine]["suite_time_vs_embedded"] = round(theirs / ours, 2) if ours else None
    print(f"{quads:,} quads; company parameter {company}; {len(runnable)} queries ({len(left_out)} left out)")
    print(f"{'engine':<10} {'p50 ms':>8} {'p95 ms':>8} {'suite s':>8} {'load s':>7}  rows differ")
    for engine, o in report["overall"].items():
        print(f"{engine:<10} {o['p50_of_medians_ms']:>8} {o['p95_of_medians_ms']:>8} {o['total_ms'] / 1000:>8.1f} "
              f"{loads.get(engine, ''):>7}  {', '.join(o['differing_from_embedded']) or '-'}")
    write_result(args.out, report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
