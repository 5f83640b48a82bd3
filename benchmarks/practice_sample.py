"""A random sample of extracted practices, for judging the graph's precision by hand.

Gold sets score what their annotators chose to mark. This script answers another question: of the
practices policykg records from real policies nobody annotated, how many are right? It extracts
every practice of a slice of a JSON-lines corpus, draws ``--n`` of them uniformly with a fixed seed,
prints each with its quote, and writes them to JSON with an empty ``verdict`` for a reviewer to fill
("right", "partly" when only purposes, recipients or data subjects are wrong, "wrong").

    python benchmarks/practice_sample.py --start 4000 --end 4100 --n 60 --seed 14 --out sample.json

The same code, slice and seed give the same sample.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import subprocess
import sys
from pathlib import Path

from ingest_throughput import DEFAULT_CORPUS, write_result  # a sibling script

from policykg.errors import PolicyKGError
from policykg.ingest.pipeline import process
from policykg.ingest.read import read_text


def _short(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def practices_of(corpus: Path, start: int, end: int) -> list[dict]:
    """Every practice extracted from corpus lines ``start`` to ``end - 1``, in order."""
    rows = []
    with gzip.open(corpus, "rt", encoding="utf-8") as lines:
        for number, line in enumerate(lines):
            if number < start:
                continue
            if number >= end:
                break
            obj = json.loads(line)
            try:
                record = process(read_text(obj.get("text") or "", source=f"line {number}", url=obj.get("url")))
            except PolicyKGError:
                continue  # not a policy, not English, empty: nothing extracted
            text = record.document.text
            for practice in record.practices:
                context = practice.context
                rows.append({
                    "line": number,
                    "url": obj.get("url"),
                    "publisher": record.metadata.company,
                    "quote": text[practice.evidence.start : practice.evidence.end],
                    "context": text[context.start : context.end] if context else None,
                    "rule": practice.rule,
                    "actor": _short(practice.actor) if practice.actor else practice.actor_name,
                    "actions": [_short(a) for a in practice.actions],
                    "data_types": [_short(t) for t in practice.data_types],
                    "data_spans": [text[s.start : s.end] for s in practice.data_type_spans],
                    "purposes": [_short(p) for p in practice.purposes],
                    "recipients": [_short(r) for r in practice.recipients] + list(practice.recipient_names),
                    "data_subjects": [_short(s) for s in practice.data_subjects],
                    "condition": practice.condition,
                    "polarity": practice.polarity.value,
                    "modality": practice.modality.value,
                    "verdict": None,
                })
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--start", type=int, required=True, help="first corpus line")
    parser.add_argument("--end", type=int, required=True, help="line after the last")
    parser.add_argument("--n", type=int, default=60, help="practices to draw")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--out", type=Path, help="write the sample as JSON")
    args = parser.parse_args()
    if not args.corpus.exists():
        print(f"error: {args.corpus}: no such corpus", file=sys.stderr)
        return 2
    rows = practices_of(args.corpus, args.start, args.end)
    sample = random.Random(args.seed).sample(rows, min(args.n, len(rows)))
    for k, row in enumerate(sample):
        print(f"[{k}] line {row['line']} ({row['publisher']!r}), rule {row['rule']}")
        if row["context"]:
            print(f"    context: {row['context'][:200]}")
        print(f"    quote:   {row['quote'][:600]}")
        print(f"    => {row['actor']} {row['actions']} {row['data_types']} {row['data_spans'][:6]} | purposes "
              f"{row['purposes']} | recipients {row['recipients']} | subjects {row['data_subjects']} | "
              f"{row['polarity']}, {row['modality']}" + (f" | if: {row['condition'][:80]}" if row["condition"] else ""))
    print(f"{len(sample)} of {len(rows)} practices from lines {args.start} to {args.end - 1}")
    if args.out:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                                cwd=Path(__file__).parent).stdout.strip()
        write_result(args.out, {
            "benchmark": "practice_sample",
            "command": " ".join(["python", "benchmarks/practice_sample.py", *sys.argv[1:]]),
            "corpus": args.corpus.name, "lines": [args.start, args.end], "seed": args.seed,
            "commit": commit or None, "practices_in_slice": len(rows), "sample": sample,
        })
    return 0


if __name__ == "__main__":
    sys.exit(main())
