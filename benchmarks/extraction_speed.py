"""Extraction speed: policies per second per core on real policies.

Reads the first N policies of the GDPR-landscape bulk corpus (one JSON object
a line with a ``text`` field), turns each into a ``Document`` (not timed), then
times ``policykg.ingest.pipeline.process`` alone (extraction: sentences,
practices, statements, segment categories; no RDF, no store) in this single
process, so the figure is per core. Policies the pipeline refuses (not English,
not a policy) are counted and timed too: a real run pays for them.

One core means one thread: the BLAS and OpenMP thread pools are set to one
thread (unless the environment says otherwise), and the process CPU time is
reported beside the wall time (``cpu_per_wall`` above 1 would mean a second
thread did work). On a shared machine the CPU-time rate is the steadier
figure; the load average at start and end is recorded with it.

Usage:
    python benchmarks/extraction_speed.py [--n 200] [--corpus PATH] [--out FILE]

Prints the figures and writes them as JSON (default
``benchmarks/results/extraction_speed.json``). The issue's target is >= 15
policies/s per core.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

_THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS")
for _variable in _THREAD_VARIABLES:  # before numpy / thinc are imported: one core, one thread
    os.environ.setdefault(_variable, "1")

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from ingest_throughput import write_result  # noqa: E402  (a sibling script)
DEFAULT_CORPUS = HERE.parents[1] / "shared" / "corpora" / "bulk" / "gdpr-landscape-13k.jsonl.gz"
DEFAULT_OUT = HERE / "results" / "extraction_speed.json"
TARGET = 15.0


def load_documents(corpus: Path, n: int):
    """The first ``n`` policies of a ``.jsonl.gz`` corpus as Documents (read errors skipped and counted)."""
    from policykg.errors import PolicyKGError
    from policykg.ingest.read import read_text

    documents, unreadable = [], 0
    with gzip.open(corpus, "rt", encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if len(documents) + unreadable >= n:
                break
            row = json.loads(line)
            try:
                documents.append(read_text(row.get("text") or "", source=f"{corpus.name}#L{number}", url=row.get("url")))
            except PolicyKGError:
                unreadable += 1
    return documents, unreadable


def _os_threads() -> int | None:
    """How many threads this process has (Linux ``/proc``; ``None`` elsewhere)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("Threads:"))
    except (OSError, StopIteration, ValueError):
        return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200, help="number of policies (the first N lines)")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    if not args.corpus.is_file():
        print(f"corpus not found: {args.corpus}")
        return 2

    from policykg.errors import PolicyKGError
    from policykg.ingest.pipeline import process

    documents, unreadable = load_documents(args.corpus, args.n)
    # Warm up: load the spaCy model and the ontology before timing.
    warm = time.perf_counter()
    if documents:
        try:
            process(documents[0])
        except PolicyKGError:
            pass
    warm_up = time.perf_counter() - warm

    per_policy: list[float] = []
    refused = practices = statements = segments = 0
    chars = 0
    load_before = os.getloadavg()
    started, started_cpu = time.perf_counter(), time.process_time()
    for document in documents:
        t0 = time.perf_counter()
        try:
            record = process(document)
            practices += len(record.practices)
            statements += len(record.statements)
            segments += len(record.segments)
        except PolicyKGError:
            refused += 1
        per_policy.append(time.perf_counter() - t0)
        chars += len(document.text)
    total, cpu = time.perf_counter() - started, time.process_time() - started_cpu
    load_after = os.getloadavg()

    rate = len(documents) / total if total else 0.0
    result = {
        "corpus": str(args.corpus.name),
        "policies": len(documents),
        "unreadable_skipped": unreadable,
        "refused_by_pipeline": refused,
        "seconds": round(total, 3),
        "cpu_seconds": round(cpu, 3),
        "cpu_per_wall": round(cpu / total, 2) if total else None,
        "policies_per_second_per_core": round(rate, 2),
        "policies_per_cpu_second": round(len(documents) / cpu, 2) if cpu else 0.0,
        "target_policies_per_second": TARGET,
        "meets_target": rate >= TARGET,
        "median_ms_per_policy": round(1000 * statistics.median(per_policy), 1) if per_policy else None,
        "p95_ms_per_policy": round(1000 * sorted(per_policy)[int(0.95 * (len(per_policy) - 1))], 1) if per_policy else None,
        "mean_chars_per_policy": round(chars / len(documents)) if documents else 0,
        "chars_per_second": round(chars / total) if total else 0,
        "practices": practices,
        "statements": statements,
        "segments": segments,
        "warm_up_seconds": round(warm_up, 2),
        "load_average_1min_before_after": [round(load_before[0], 2), round(load_after[0], 2)],
        "threads": {variable: os.environ[variable] for variable in _THREAD_VARIABLES},
        "os_threads_in_process": _os_threads(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "machine": platform.machine(),
    }
    for key, value in result.items():
        print(f"{key:32s} {value}")
    write_result(args.out, result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
