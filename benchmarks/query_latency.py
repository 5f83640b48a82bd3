"""Latency of the named query suite on the embedded store, and on rdflib's engine over the same data.

Every public named query (``policykg.queries.public()``) runs with the values
of its ``# example:`` header (``company=`` is replaced by the organisation with
the most policy versions in the store, so the company questions hit real
data); queries whose required parameters have no example are left out and
listed. Each query runs once to warm up, then ``--repeat`` times; p50 and p95
are over all timed runs of all queries.

Oxigraph against rdflib: an rdflib ``Dataset`` (``default_union=True``) holds
the whole store in memory at roughly 1 KB a triple, so it is filled with the
ontology and the first ``--rdflib-policies`` policy graphs only; the same
subset is loaded into an in-memory Oxigraph store, both engines run the suite on
it in the same run, and the ratio compares them on equal data. Parameters are
bound the same way on both (a leading ``VALUES`` block for rdflib, as for a
remote endpoint; Oxigraph substitutions), and row counts are compared.

Usage:
    python benchmarks/query_latency.py --store ./policykg-store [--repeat 5] [--rdflib-policies 200]
    python benchmarks/query_latency.py --store ./policykg-store --rdflib-policies 0 --queries ./old-queries

``--queries`` times the ``.rq`` files of another folder (say ``git show`` of an older
``queries/``) on the same store, so a rewrite is compared under the same conditions.

Prints a table and writes JSON (default ``benchmarks/results/query_latency.json``).
Target (issue 7): suite p95 <= 200 ms on the 13k store.
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

DEFAULT_OUT = HERE / "results" / "query_latency.json"
TARGET_P95_MS = 200.0


def percentile(values: list[float], q: float) -> float:
    """The ``q``-th percentile (0-100) by linear interpolation; 0.0 for no values.

    >>> percentile([1.0, 2.0, 3.0, 4.0], 50)
    2.5
    """
    if not values:
        return 0.0
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def example_params(query, company_slug: str | None) -> dict[str, str] | None:
    """Parameter values for ``query`` from its ``# example:`` header; ``None`` when it cannot run."""
    values = dict(pair.split("=", 1) for pair in query.example.split() if "=" in pair)
    if "company" in values or any(p.name == "company" for p in query.parameters):
        if company_slug is None:
            return None
        values["company"] = company_slug
    required = {p.name for p in query.parameters if not p.optional}
    if not required <= set(values):
        return None
    return values


def busiest_company(store) -> str | None:
    """The slug of the organisation with the most policy versions (ties: the first by slug)."""
    from policykg.queries import run

    result = run("companies", store=store)
    rows = [dict(zip(result.columns, row)) for row in result.rows]
    rows = [r for r in rows if r.get("slug")]
    if not rows:
        return None
    return min(rows, key=lambda r: (-int(r["versions"] or 0), r["slug"]))["slug"]


def _time_in_child(store_path: str, query_folder_path: str | None, name: str, company: str | None, repeat: int, pipe) -> None:
    """Child process: open the store read-only, time one query, send ``(timings, rows)`` back."""
    from policykg.store import Store

    with Store.open(store_path, read_only=True) as store:
        runnable, _ = suite(store, company, query_folder(Path(query_folder_path)) if query_folder_path else None, only=name)
        query, bindings = runnable[0]
        pipe.send(time_oxigraph(store, query, bindings, repeat))


def time_with_deadline(store_path: Path, folder: Path | None, name: str, company: str | None, repeat: int,
                       timeout: float) -> tuple[list[float], int | str]:
    """``time_oxigraph`` in a child process, abandoned after ``timeout`` seconds.

    An Oxigraph query cannot be interrupted from Python, so a query that runs
    for hours (a quadratic one on a large store) would stop the whole suite.
    """
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_time_in_child, args=(str(store_path), str(folder) if folder else None, name, company, repeat, send))
    child.start()
    try:
        if receive.poll(timeout):
            return receive.recv()
        return [], f"timeout (> {timeout:g} s for {repeat + 1} runs)"
    except EOFError:
        return [], "the query process died"
    finally:
        if child.is_alive():
            child.kill()
        child.join()


def time_oxigraph(store, query, bindings, repeat: int) -> tuple[list[float], int]:
    from policykg.queries import run_on_store

    rows = len(run_on_store(store, query, bindings).rows)  # warm-up
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        run_on_store(store, query, bindings)
        timings.append((time.perf_counter() - started) * 1000)
    return timings, rows


class _Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise _Timeout


def time_rdflib(dataset, query, bindings, repeat: int, timeout: float) -> tuple[list[float], int | str]:
    """Timings and row count on rdflib; the row count is an error message when rdflib fails or runs over ``timeout`` s."""
    import signal

    from policykg.ontology import PREFIXES
    from policykg.queries import with_values

    text = with_values(query.text, bindings)
    namespaces = dict(PREFIXES)
    previous = signal.signal(signal.SIGALRM, _alarm)
    timings: list[float] = []
    rows: int | str = 0
    try:
        for attempt in range(repeat + 1):  # the first run warms up (and parses)
            signal.setitimer(signal.ITIMER_REAL, timeout)
            started = time.perf_counter()
            try:
                rows = len(list(dataset.query(text, initNs=namespaces)))
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            if attempt:
                timings.append((time.perf_counter() - started) * 1000)
    except _Timeout:
        return [], f"timeout (> {timeout:g} s)"
    except Exception as exc:  # noqa: BLE001 - an rdflib engine bug on one query is a finding, not a crash
        return [], f"rdflib error: {type(exc).__name__}: {str(exc)[:120]}"
    finally:
        signal.signal(signal.SIGALRM, previous)
    return timings, rows


def subset_nquads(store, policies: int, target: Path) -> tuple[int, int]:
    """The ontology and the first ``policies`` policy graphs (by IRI) of ``store`` as N-Quads; (graphs, quads)."""
    import pyoxigraph as ox

    from policykg.ontology import ONTOLOGY_GRAPH

    names = sorted(n for n in store.graph_names() if n != str(ONTOLOGY_GRAPH))[:policies]
    quads = 0
    with target.open("wb") as out:
        for name in [str(ONTOLOGY_GRAPH), *names]:
            data = store.oxigraph.dump(format=ox.RdfFormat.N_QUADS, from_graph=ox.NamedNode(name))
            # dump(from_graph) writes triples; put them back into their graph
            lines = [line[:-2] + f" <{name}> .\n" for line in data.decode("utf-8").splitlines(keepends=True) if line.strip()]
            quads += len(lines)
            out.write("".join(lines).encode("utf-8"))
    return len(names), quads


def query_folder(folder: Path) -> dict:
    """The public queries (``*.rq`` not starting with ``_``) of another folder, by name, parsed like the library's.

    Raises:
        SystemExit: the folder holds no query.
    """
    from policykg.queries import parse

    found = {path.stem: parse(path.read_text(encoding="utf-8"), name=path.stem, path=str(path))
             for path in sorted(folder.glob("*.rq")) if not path.name.startswith("_")}
    if not found:
        raise SystemExit(f"{folder}: no .rq files")
    return found


def suite(store, company: str | None, queries: dict | None = None, only: str | None = None):
    """``[(query, bindings)]`` for every public query (or every one of ``queries``; or the one named ``only``) that can run, and the names left out."""
    from policykg.queries import bind, public

    runnable, left_out = [], []
    for name, query in sorted((queries if queries is not None else public()).items()):
        if only is not None and name != only:
            continue
        params = example_params(query, company)
        if params is None:
            left_out.append(name)
            continue
        runnable.append((query, bind(query, params, source=store)))
    return runnable, left_out


def summary(timings: list[float]) -> dict:
    return {"p50_ms": round(percentile(timings, 50), 2), "p95_ms": round(percentile(timings, 95), 2),
            "max_ms": round(max(timings), 2) if timings else 0.0, "runs": len(timings)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, required=True, help="a policykg store (e.g. from ingest_throughput.py --keep-store)")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per query (after one warm-up)")
    parser.add_argument("--rdflib-policies", type=int, default=200, help="policy graphs in the rdflib comparison (0: skip it)")
    parser.add_argument("--rdflib-timeout", type=float, default=60.0, help="seconds before an rdflib run is abandoned")
    parser.add_argument("--queries", type=Path, default=None,
                        help="time the public .rq files of this folder instead of the installed library "
                             "(e.g. a previous version of queries/, to compare a rewrite on the same store)")
    parser.add_argument("--company", help="the company= value of the company questions (default: the one with the most versions)")
    parser.add_argument("--timeout", type=float, default=0.0,
                        help="seconds per query on the store (warm-up and repeats) before it is abandoned; "
                             "0: no limit, all in this process")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)

    import pyoxigraph as ox

    from policykg.store import Store

    with Store.open(args.store, read_only=True) as store:
        stats = store.stats()
        company = args.company or busiest_company(store)
        runnable, left_out = suite(store, company, query_folder(args.queries) if args.queries else None)
        per_query, all_ox, timed_out = {}, [], {}
        for query, bindings in runnable:
            if args.timeout > 0:
                timings, rows = time_with_deadline(args.store, args.queries, query.name, company, args.repeat, args.timeout)
            else:
                timings, rows = time_oxigraph(store, query, bindings, args.repeat)
            if not timings:
                timed_out[query.name] = rows
                # counted at the limit in the suite's percentiles: a query that did not answer is not fast
                timings = [args.timeout * 1000.0 / (args.repeat + 1)] * args.repeat
                rows = -1
            print(f"  {query.name}: {percentile(timings, 50):.1f} ms{' (' + timed_out[query.name] + ')' if query.name in timed_out else ''}",
                  file=sys.stderr, flush=True)
            all_ox.extend(timings)
            per_query[query.name] = {"store": {**summary(timings), "rows": rows}}
        comparison = None
        if args.rdflib_policies > 0:
            from rdflib import Dataset

            with tempfile.TemporaryDirectory(prefix="policykg-latency-") as scratch:
                dump = Path(scratch) / "subset.nq"
                graphs, quads = subset_nquads(store, args.rdflib_policies, dump)
                started = time.perf_counter()
                dataset = Dataset(default_union=True)
                dataset.parse(dump, format="nquads")
                rdflib_load = time.perf_counter() - started
                small = Store.open(None)
                small.oxigraph.clear()
                small.oxigraph.load(path=str(dump), format=ox.RdfFormat.N_QUADS)
            sub_ox, sub_rdf, failed = [], [], {}
            for query, bindings in runnable:
                ox_t, ox_rows = time_oxigraph(small, query, bindings, args.repeat)
                rdf_t, rdf_rows = time_rdflib(dataset, query, bindings, args.repeat, args.rdflib_timeout)
                per_query[query.name]["subset_oxigraph"] = {**summary(ox_t), "rows": ox_rows}
                per_query[query.name]["subset_rdflib"] = {**summary(rdf_t), "rows": rdf_rows}
                print(f"  {query.name}: oxigraph {percentile(ox_t, 50):.1f} ms, rdflib "
                      f"{f'{percentile(rdf_t, 50):.1f} ms' if rdf_t else rdf_rows}", file=sys.stderr, flush=True)
                if not rdf_t:
                    failed[query.name] = rdf_rows
                    continue
                sub_ox.extend(ox_t)
                sub_rdf.extend(rdf_t)
                per_query[query.name]["subset_ratio_p50"] = round(percentile(rdf_t, 50) / max(percentile(ox_t, 50), 1e-3), 1)
            comparison = {
                "policy_graphs": graphs,
                "quads": quads,
                "rdflib_load_seconds": round(rdflib_load, 1),
                "oxigraph": summary(sub_ox),
                "rdflib": summary(sub_rdf),
                "ratio_p50": round(percentile(sub_rdf, 50) / max(percentile(sub_ox, 50), 1e-3), 1),
                "ratio_p95": round(percentile(sub_rdf, 95) / max(percentile(sub_ox, 95), 1e-3), 1),
                "queries_compared": len(runnable) - len(failed),
                "rdflib_failed": failed,
                "row_count_mismatches": sorted(n for n, q in per_query.items()
                                               if n not in failed and q["subset_rdflib"]["rows"] != q["subset_oxigraph"]["rows"]),
            }

    overall = summary(all_ox)
    result = {
        "benchmark": "query_latency",
        "command": "python benchmarks/query_latency.py " + " ".join(argv if argv is not None else sys.argv[1:]),
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "machine": machine_info(),
        "store": {"path": str(args.store), "organisations": stats.organisations, "policies": stats.policies,
                  "practices": stats.practices, "triples": stats.triples},
        "company_parameter": company,
        "queries_run": len(runnable),
        "queries_left_out": left_out,
        "target_p95_ms": TARGET_P95_MS,
        "store_suite": overall,
        "store_timed_out": timed_out,
        "rdflib_comparison": comparison,
        "per_query": per_query,
    }

    print(f"\nNamed query suite on {args.store} ({stats.policies} policies, {stats.triples:,} triples); "
          f"{len(runnable)} queries x {args.repeat} runs; company={company}")
    header = f"{'query':<28} {'rows':>6} {'p50 ms':>8} {'p95 ms':>8}" + (f" {'rdflib p50':>11} {'ratio':>7}" if comparison else "")
    print(header)
    print("-" * len(header))
    for name, q in per_query.items():
        line = f"{name:<28} {q['store']['rows']:>6} {q['store']['p50_ms']:>8.1f} {q['store']['p95_ms']:>8.1f}"
        if comparison:
            if "subset_ratio_p50" in q:
                line += f" {q['subset_rdflib']['p50_ms']:>11.1f} {q['subset_ratio_p50']:>7.1f}"
            else:
                line += f" {str(q['subset_rdflib']['rows'])[:40]}"
        print(line)
    print(f"\nsuite on the store: p50 {overall['p50_ms']} ms, p95 {overall['p95_ms']} ms (target p95 <= {TARGET_P95_MS:.0f} ms)")
    if comparison:
        print(f"same data ({comparison['policy_graphs']} policies, {comparison['quads']:,} quads): oxigraph p50 "
              f"{comparison['oxigraph']['p50_ms']} ms / p95 {comparison['oxigraph']['p95_ms']} ms; rdflib p50 "
              f"{comparison['rdflib']['p50_ms']} ms / p95 {comparison['rdflib']['p95_ms']} ms; rdflib/oxigraph "
              f"{comparison['ratio_p50']}x at p50, {comparison['ratio_p95']}x at p95")
        if comparison["rdflib_failed"]:
            print(f"rdflib could not run: {', '.join(comparison['rdflib_failed'])} (left out of the ratio)")
        if comparison["row_count_mismatches"]:
            print(f"row counts differ between the engines for: {', '.join(comparison['row_count_mismatches'])}")
    if timed_out:
        print(f"abandoned after {args.timeout:g} s (counted at the limit in p50 / p95): {', '.join(timed_out)}")
    if left_out:
        print(f"left out (no example values): {', '.join(left_out)}")
    write_result(args.out, result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
