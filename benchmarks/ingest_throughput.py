"""Ingest throughput and peak memory at growing corpus sizes.

For each size N, the first N policies of a JSON-lines corpus (default: the
13,192-policy GDPR-landscape corpus) are written to a temporary ``.jsonl`` file
(not timed) and ingested into a fresh store by ``policykg.ingest.pipeline.
ingest_paths`` in a child process (timed end to end: reading, extraction in
``--workers`` processes, RDF, batched writes, version links). Peak memory is
the largest resident set of the whole process tree (the child, its forkserver
and its workers), sampled from ``/proc`` every 0.2 s, beside each process's
own ``ru_maxrss``. The CPU seconds the tree used (the last sample of each
process, so up to 0.2 s of each is missed) vary less than the wall time on a
shared host, and compare two versions of the code better.

Usage (the full run takes about 15 minutes at the target speed of 15 policies/s):
    python benchmarks/ingest_throughput.py --sizes 1000,4000,13192 --workers 2
    python benchmarks/ingest_throughput.py --sizes 50,100 --workers 2      # a quick check

Prints a table and writes JSON (default ``benchmarks/results/ingest_throughput.json``)
with the machine it ran on. Targets (issue 7, 2 cores): all 13,192 policies in
<= 15 minutes (>= 15 policies/s), peak memory <= 2 GB, 13k/1k time ratio <= 15.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

from policykg.ingest.pipeline import BATCH_POLICIES

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parents[1] / "shared" / "corpora" / "bulk" / "gdpr-landscape-13k.jsonl.gz"
DEFAULT_OUT = HERE / "results" / "ingest_throughput.json"
PACKAGES = ("policykg", "pyoxigraph", "rdflib", "spacy", "pyshacl", "networkx", "dask", "distributed")
TARGETS = {"policies_per_s": 15.0, "peak_memory_mb": 2048, "time_ratio_13k_1k": 15.0}


def machine_info() -> dict:
    """Cores, RAM, CPU model, OS, Python and package versions: what a figure is only true of."""
    info = {
        "cores": os.cpu_count(),
        "cpu": platform.processor() or platform.machine(),
        "os": platform.platform(),
        "python": platform.python_version(),
        "packages": {},
    }
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            info["cpu"] = next((line.split(":", 1)[1].strip() for line in fh if line.startswith("model name")), info["cpu"])
        with open("/proc/meminfo", encoding="utf-8") as fh:
            total_kb = next(int(line.split()[1]) for line in fh if line.startswith("MemTotal"))
        info["ram_gb"] = round(total_kb / 2**20, 1)
        info["load_average_1m"] = round(os.getloadavg()[0], 2)
    except (OSError, StopIteration, ValueError):
        pass
    for name in PACKAGES:
        try:
            info["packages"][name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return info



def write_result(path: Path, result: dict) -> None:
    """Write a benchmark's figures as JSON (the folder is created) and say where."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {path}")

def tree_usage(root: int) -> tuple[float, dict[int, float]]:
    """Resident memory of ``root`` and all its descendants in MB, and the CPU seconds (user + system)
    each of them has used so far (Linux ``/proc``; nothing elsewhere)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    cpu: dict[int, float] = {}
    try:
        pids = [int(p) for p in os.listdir("/proc") if p.isdigit()]
    except OSError:
        return 0.0, {}
    page_kb = os.sysconf("SC_PAGE_SIZE") // 1024
    ticks = os.sysconf("SC_CLK_TCK")
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat", encoding="utf-8") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(pid)  # fields[1] is the parent pid
            rss[pid] = int(fields[21]) * page_kb  # resident pages
            cpu[pid] = (int(fields[11]) + int(fields[12])) / ticks  # utime + stime
        except (OSError, IndexError, ValueError):
            continue
    total, seconds, todo = 0, {}, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        if pid in cpu:
            seconds[pid] = cpu[pid]
        todo.extend(children.get(pid, []))
    return total / 1024, seconds


def write_sample(corpus: Path, n: int, target: Path) -> int:
    """The first ``n`` lines of ``corpus`` written to ``target``; returns the lines written."""
    written = 0
    with gzip.open(corpus, "rb") as source, target.open("wb") as out:
        for line in source:
            if written >= n:
                break
            out.write(line)
            written += 1
    return written


def run_child(corpus: str, store: str, workers: int, batch_size: int) -> None:
    """Child mode: ingest ``corpus`` into ``store``; print one JSON line with the report and rusage."""
    from policykg.ingest.pipeline import ingest_paths
    from policykg.store import Store

    started = time.perf_counter()
    with Store.open(store) as db:
        report = ingest_paths([corpus], store=db, workers=workers, batch_size=batch_size)
        triples = db.count_triples()
    elapsed = time.perf_counter() - started
    print(json.dumps({
        "seconds": elapsed,
        "stored": len(report.stored),
        "skipped": len(report.skipped),
        "failed": len(report.failures),
        "words": report.words,
        "practices": report.practices,
        "statements": report.statements,
        "triples": triples,
        "maxrss_self_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "maxrss_children_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        "failure_reasons": _reason_counts(report.failures),
    }))


def _reason_counts(failures) -> dict[str, int]:
    counts: dict[str, int] = {}
    for failure in failures:
        key = failure.reason.split(";")[0].split("(")[0].strip()[:80]
        counts[key] = counts.get(key, 0) + 1
    return dict(sorted(counts.items(), key=lambda kv: -kv[1])[:8])


def measure(corpus: Path, n: int, workers: int, batch_size: int, scratch: Path, keep_store: Path | None) -> dict:
    sample = scratch / f"sample-{n}.jsonl"
    lines = write_sample(corpus, n, sample)
    store = keep_store or scratch / f"store-{n}"
    command = [sys.executable, str(Path(__file__).resolve()), "--child", str(sample), str(store),
               "--workers", str(workers), "--batch-size", str(batch_size)]
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    peak = 0.0
    cpu: dict[int, float] = {}  # the last CPU seconds seen of each process of the tree
    while child.poll() is None:
        rss, seconds = tree_usage(child.pid)
        peak = max(peak, rss)
        cpu.update(seconds)
        time.sleep(0.2)
    wall = time.perf_counter() - started
    out = child.stdout.read()
    if child.returncode != 0:
        raise SystemExit(f"ingest of {n} policies failed (exit {child.returncode})")
    result = json.loads(out.strip().splitlines()[-1])
    sample.unlink()
    seconds = result["seconds"]
    return {
        "policies": lines,
        "workers": workers,
        "seconds": round(seconds, 2),
        "wall_seconds_with_startup": round(wall, 2),
        "policies_per_s": round(lines / seconds, 2),
        "words_per_s": round(result["words"] / seconds),
        "stored": result["stored"],
        "failed": result["failed"],
        "skipped": result["skipped"],
        "words": result["words"],
        "practices": result["practices"],
        "triples": result["triples"],
        "peak_memory_mb": round(peak, 1),
        "cpu_seconds": round(sum(cpu.values()), 1),
        "cpu_seconds_parent": round(cpu.get(child.pid, 0.0), 1),  # reading sources, naming publishers, writing and compacting the store
        "maxrss_parent_mb": round(result["maxrss_self_mb"], 1),
        "maxrss_largest_child_mb": round(result["maxrss_children_mb"], 1),
        "failure_reasons": result["failure_reasons"],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,4000,13192", help="comma-separated corpus sizes (first N policies)")
    parser.add_argument("--workers", type=int, default=2, help="extraction processes")
    parser.add_argument("--batch-size", type=int, default=BATCH_POLICIES, help="policies per store write")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--keep-store", type=Path, help="keep the store of the largest size here (for query_latency.py)")
    parser.add_argument("--child", nargs=2, metavar=("CORPUS", "STORE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        run_child(args.child[0], args.child[1], args.workers, args.batch_size)
        return 0
    if not args.corpus.is_file():
        print(f"corpus not found: {args.corpus}")
        return 2
    sizes = sorted(int(s) for s in args.sizes.split(",") if s.strip())
    if args.keep_store and args.keep_store.exists():
        print(f"--keep-store {args.keep_store} exists; give a new folder")
        return 2
    rows = []
    with tempfile.TemporaryDirectory(prefix="policykg-bench-") as scratch:
        for n in sizes:
            keep = args.keep_store if n == sizes[-1] else None
            rows.append(measure(args.corpus, n, args.workers, args.batch_size, Path(scratch), keep))
            print(f"  {n} policies: {rows[-1]['seconds']} s", flush=True)
    first, last = rows[0], rows[-1]
    growth = {
        "time_ratio": round(last["seconds"] / first["seconds"], 2),
        "size_ratio": round(last["policies"] / first["policies"], 2),
    }
    growth["time_ratio_per_size_ratio"] = round(growth["time_ratio"] / growth["size_ratio"], 2)
    result = {
        "benchmark": "ingest_throughput",
        "corpus": args.corpus.name,
        "command": "python benchmarks/ingest_throughput.py " + " ".join(argv if argv is not None else sys.argv[1:]),
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "machine": machine_info(),
        "targets": TARGETS,
        "runs": rows,
        "growth": {f"{last['policies']}/{first['policies']}": growth},
    }
    print(f"\nIngest throughput, {args.corpus.name}, {args.workers} workers, {machine_info()['cores']} cores")
    header = (f"{'policies':>9} {'seconds':>9} {'CPU s':>8} {'pol/s':>7} {'words/s':>9} {'stored':>7} {'failed':>7} "
              f"{'triples':>10} {'peak MB':>8}")
    print(header)
    print("-" * len(header))
    for row in rows:
        print(f"{row['policies']:>9} {row['seconds']:>9.1f} {row['cpu_seconds']:>8.0f} {row['policies_per_s']:>7.2f} {row['words_per_s']:>9,} "
              f"{row['stored']:>7} {row['failed']:>7} {row['triples']:>10,} {row['peak_memory_mb']:>8.0f}")
    print(f"time ratio {last['policies']}/{first['policies']}: {growth['time_ratio']} for a size ratio of "
          f"{growth['size_ratio']} (1.0 per unit of size is linear)")
    write_result(args.out, result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
