"""Export time of each view at corpus scale.

Runs ``policykg.export.export`` for every view in ``policykg.export.VIEWS`` and
every format in ``--formats`` on a store. The corpus views (network, matrix,
taxonomy) draw the whole store; the per-company views (practices, flows,
versions) draw the organisation with the most policy versions. Each export runs
``--repeat`` times; the median is reported. A view that cannot be drawn (an
``ExportError``, such as a missing Graphviz for SVG) is reported, not fatal.

Usage:
    python benchmarks/export_time.py --store ./policykg-store [--formats graphml,html] [--repeat 1]

Prints a table and writes JSON (default ``benchmarks/results/export_time.json``).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from ingest_throughput import machine_info, write_result  # noqa: E402  (a sibling script)
from query_latency import busiest_company  # noqa: E402

DEFAULT_OUT = HERE / "results" / "export_time.json"
PER_COMPANY = ("practices", "flows", "versions")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, required=True, help="a policykg store")
    parser.add_argument("--formats", default="graphml,html", help="comma-separated export formats")
    parser.add_argument("--repeat", type=int, default=1, help="runs per view and format (median reported)")
    parser.add_argument("--top", type=int, default=25, help="corpus views keep this many companies and third parties")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)

    from policykg.errors import PolicyKGError
    from policykg.export import EXTENSIONS, VIEWS, export
    from policykg.store import Store

    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    rows = []
    with Store.open(args.store, read_only=True) as store, tempfile.TemporaryDirectory(prefix="policykg-export-") as scratch:
        stats = store.stats()
        company = busiest_company(store)
        for view in VIEWS:
            for fmt in formats:
                target = Path(scratch) / f"{view}{EXTENSIONS.get(fmt, '.' + fmt)}"
                selector = {"company": company} if view in PER_COMPANY else {}
                timings, error, result = [], None, None
                for _ in range(max(1, args.repeat)):
                    started = time.perf_counter()
                    try:
                        result = export(store, view=view, format=fmt, output=target, top=args.top, **selector)
                    except PolicyKGError as exc:
                        error = str(exc)
                        break
                    timings.append(time.perf_counter() - started)
                row = {"view": view, "format": fmt, "selection": f"company={company}" if selector else "whole store"}
                if error:
                    row["error"] = error[:200]
                else:
                    row.update(seconds=round(statistics.median(timings), 3), nodes=result.nodes, edges=result.edges,
                               bytes=target.stat().st_size)
                rows.append(row)
                print(f"  {view} {fmt}: {row.get('seconds', row.get('error'))}", file=sys.stderr, flush=True)

    result = {
        "benchmark": "export_time",
        "command": "python benchmarks/export_time.py " + " ".join(argv if argv is not None else sys.argv[1:]),
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "machine": machine_info(),
        "store": {"path": str(args.store), "organisations": stats.organisations, "policies": stats.policies,
                  "practices": stats.practices, "triples": stats.triples},
        "company": company,
        "exports": rows,
    }
    print(f"\nExport time on {args.store} ({stats.policies} policies, {stats.triples:,} triples); per-company views: {company}")
    header = f"{'view':<10} {'format':<9} {'seconds':>8} {'nodes':>7} {'edges':>7} {'KB':>8}"
    print(header)
    print("-" * len(header))
    for row in rows:
        if "error" in row:
            print(f"{row['view']:<10} {row['format']:<9} {'error: ' + row['error'][:60]}")
        else:
            print(f"{row['view']:<10} {row['format']:<9} {row['seconds']:>8.2f} {row['nodes']:>7} {row['edges']:>7} {row['bytes'] / 1024:>8.0f}")
    write_result(args.out, result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
