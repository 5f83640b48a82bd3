"""Golden tests: what must and must not be extracted from each seed (tests/golden/seeds.toml)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from policykg.ingest.records import Polarity
from policykg.ontology import expand_curie, is_a

GOLDEN = tomllib.loads((Path(__file__).parent / "golden" / "seeds.toml").read_text(encoding="utf-8"))["seed"]


def _matches(practice, expectation: dict, data_type: str | None) -> bool:
    if not any(is_a(action, expand_curie(expectation["action"])) for action in practice.actions):
        return False
    if practice.polarity is not Polarity(expectation["polarity"]):
        return False
    if data_type is not None and not any(is_a(t, expand_curie(data_type)) for t in practice.data_types):
        return False
    for field in ("purposes", "recipients", "data_subjects"):
        wanted = expectation.get("subjects" if field == "data_subjects" else field)
        if wanted and not any(is_a(v, expand_curie(w)) for v in getattr(practice, field) for w in wanted):
            return False
    names = expectation.get("recipient_names")
    if names and not set(names) & set(practice.recipient_names):
        return False
    return True


def _describe(record) -> str:
    short = lambda iri: iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]  # noqa: E731
    return "\n".join(
        f"  {p.polarity.value} {[short(a) for a in p.actions]} {[short(t) for t in p.data_types]} "
        f"purposes={[short(x) for x in p.purposes]} recipients={[short(x) for x in p.recipients]} "
        f"| {p.evidence.quote(record.document.text)[:80]!r}"
        for p in record.practices
    )


@pytest.mark.parametrize("seed", GOLDEN, ids=[s["file"][:3] for s in GOLDEN])
def test_seed_metadata(seed, seed_records):
    record = seed_records[seed["file"][:3]]
    assert record.metadata.company == seed["company"]
    assert record.metadata.date.isoformat() == seed["date"]


@pytest.mark.parametrize("seed", GOLDEN, ids=[s["file"][:3] for s in GOLDEN])
def test_seed_practices(seed, seed_records):
    record = seed_records[seed["file"][:3]]
    missing = []
    for expectation in seed.get("must", []):
        for data_type in expectation.get("data_types") or [None]:
            if not any(_matches(p, expectation, data_type) for p in record.practices):
                missing.append(f"{expectation} (data type {data_type})")
    unwanted = [
        f"{expectation} matched {p.evidence.quote(record.document.text)[:80]!r}"
        for expectation in seed.get("must_not", [])
        for p in record.practices
        if _matches(p, expectation, None)
    ]
    assert not missing and not unwanted, (
        "missing:\n" + "\n".join(missing) + "\nunwanted:\n" + "\n".join(unwanted) + "\nextracted:\n" + _describe(record)
    )


def test_every_evidence_quote_is_the_text_at_its_offsets(seed_store):
    rows = seed_store.rows("_evidence-check")
    assert rows, "the seed store has evidence spans"
    texts = {}
    for row in rows:
        policy = row["policy"]
        if policy not in texts:
            texts[policy] = seed_store.rows("_policy-text", policy=__import__("rdflib").URIRef(policy))[0]["text"]
        assert texts[policy][row["start"] : row["end"]] == row["exact"], row


def test_seeds_give_four_organisations_and_plimus_versions_in_date_order(seed_store):
    stats = seed_store.stats()
    assert (stats.organisations, stats.policies) == (4, 5)
    links = seed_store.rows("_revision-links")
    assert [(row["newer_date"], row["older_date"]) for row in links] == [("2012-04-10", "2007-02-12")]
