"""Diffs between two versions of one company's policy."""

from __future__ import annotations

import pytest

from graphs_for_queries import build_corpus
from policykg.errors import NotFoundError
from policykg.queries.versions import diff, versions
from policykg.store import Store


@pytest.fixture(scope="module")
def store():
    with Store.open(None) as store:
        build_corpus(store)
        yield store


def test_versions_in_date_order(store):
    assert [v.date for v in versions(store, "acme")] == ["2019-01-01", "2021-06-01"]


def test_added_removed_changed_with_quotes_from_both(store):
    result = diff(store, "Acme")
    added = {c.summary: c for c in result.of("added", "practice")}
    assert any("law-enforcement" in s or "Law" in s for s in added), added
    assert any(s.startswith("not sell") for s in added)
    changed = result.of("changed", "practice")
    assert len(changed) == 1 and "purposes +FraudPrevention" in changed[0].detail  # test concepts are labelled by local name
    assert changed[0].before == "We share your email address with ad networks."
    assert changed[0].after == "We share your email address with ad networks to prevent fraud."
    # same signature, reworded quote: not a change
    assert not [c for c in result.changes if "marketing" in c.summary and c.change != "changed"]
    retention = [c for c in result.of("changed", "statement") if "retention" in c.summary.lower()]
    assert retention and "30 days" in retention[0].detail and "90 days" in retention[0].detail
    assert retention[0].before == "We keep logs for 30 days." and retention[0].after == "We keep logs for 90 days."
    assert [c.summary for c in result.of("added", "statement")]
    table = result.to_result()
    assert table.columns == ("change", "kind", "summary", "detail", "before", "after") and len(table) == len(result.changes)


def test_dates_pick_versions(store):
    assert diff(store, "acme", from_date="2019", to_date="2021-12").new.date == "2021-06-01"
    with pytest.raises(NotFoundError, match="on or before 2018"):
        diff(store, "acme", from_date="2018")
    with pytest.raises(NotFoundError, match="needs two"):
        diff(store, "gamma")


def test_cli_diff(tmp_path, capsys):
    from policykg.cli import main

    with Store.open(tmp_path / "s") as disk:
        build_corpus(disk)
    assert main(["diff", "acme", "--from", "2019", "--store", str(tmp_path / "s"), "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("change,kind,summary") and "to prevent fraud" in out


def test_plimus_2007_to_2012_on_the_seeds(seed_store):
    result = diff(seed_store, "plimus")
    assert result.old.date.startswith("2007") and result.new.date.startswith("2012")
    after = " ".join((c.after or "") + " " + c.summary for c in result.changes if c.change in ("added", "changed")).lower()
    assert "clear gif" in after or "web beacon" in after
    assert "flash cookie" in after and "fraud" in after
    assert "legal" in after or "law enforcement" in after or "court" in after
