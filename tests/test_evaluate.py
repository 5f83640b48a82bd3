"""Tests of policykg.evaluate: scoring, the OPP-115 and PI-Extract readers, and the harnesses
(run with a fake pipeline on tiny hand-made corpora, so every figure is known)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from policykg.errors import EvaluationError, InputError
from policykg.evaluate.opp115 import (
    COLLECTION,
    SHARING,
    GoldAttribute,
    GoldPractice,
    OPP115Policy,
    evaluate_opp115,
    gold_pairs,
    keyword_baseline,
    practice_categories,
    predicted_pairs,
    read_opp115,
    segment_of,
    segment_text,
    span_match_rate,
    verb_forms,
)
from policykg.evaluate.piextract import (
    bio_spans,
    detokenize,
    evaluate_piextract,
    overlap_score,
    practice_spans,
    read_piextract,
)
from policykg.evaluate.scoring import Confusion, Score, macro_average, micro_average, score_sets
from policykg.ingest.records import FIRST_PARTY, PolicyMetadata, PolicyRecord, Polarity, Practice, Segment, Span

from conftest import CORPORA, require

DPV = "https://w3id.org/dpv#"
PD = "https://w3id.org/dpv/pd#"
PK = "https://w3id.org/policykg#"


# ---------------------------------------------------------------- scoring


def test_score_sets_counts_and_measures():
    score = score_sets({("a", 1), ("b", 2), ("c", 3)}, {("a", 1), ("b", 2), ("x", 9), ("y", 9)})
    assert (score.tp, score.fp, score.fn) == (2, 2, 1)
    assert score.precision == pytest.approx(0.5)
    assert score.recall == pytest.approx(2 / 3)
    assert score.f1 == pytest.approx(2 * 0.5 * (2 / 3) / (0.5 + 2 / 3))


def test_empty_sets_score_zero_not_error():
    score = score_sets(set(), set())
    assert (score.precision, score.recall, score.f1) == (0.0, 0.0, 0.0)


def test_micro_and_macro_differ_as_defined():
    big, small = Score(tp=9, fp=1, fn=0), Score(tp=0, fp=0, fn=1)
    assert micro_average([big, small]) == Score(9, 1, 1)
    p, r, f = macro_average([big, small])
    assert p == pytest.approx(0.45) and r == pytest.approx(0.5)
    assert f == pytest.approx((2 * 0.9 / 1.9) / 2)


def test_confusion_keeps_counts_per_value():
    confusion = Confusion()
    confusion.add({(0, "contact"), (1, "location"), (2, "contact")}, {(0, "contact"), (2, "financial")})
    assert confusion.per_value["contact"] == Score(tp=1, fp=0, fn=1)
    assert confusion.per_value["location"] == Score(tp=0, fp=0, fn=1)
    assert confusion.per_value["financial"] == Score(tp=0, fp=1, fn=0)
    assert confusion.total == Score(tp=1, fp=1, fn=2)
    assert [value for value, _ in confusion.sorted()][0] == "contact"


# ---------------------------------------------------------------- OPP-115 text and offsets


def test_segment_text_maps_html_offsets_to_text():
    markup = "<strong> Cookies </strong> <br> <br> We use cookies &amp; beacons: <ul> <li> to remember you </li> </ul>"
    seg = segment_text(markup)
    assert seg.text == "Cookies\nWe use cookies & beacons:\nto remember you"
    start = markup.index("We use")
    end = markup.index("</li>")
    span = seg.span(start, end)
    assert span.quote(seg.text) == "We use cookies & beacons:\nto remember you"
    assert seg.span(-1, -1) is None


def _policy(segments: list[str], practices: list[GoldPractice]) -> OPP115Policy:
    return OPP115Policy("9", "9_example.com", "9.html", "0" * 64, tuple(segment_text(s) for s in segments), tuple(practices))


def _gold(segment: int, category: str, does: str = "Does", **values: str) -> GoldPractice:
    names = {"pit": "Personal Information Type", "purpose": "Purpose", "entity": "Third Party Entity"}
    attributes = [GoldAttribute("Does/Does Not", does)] + [GoldAttribute(names[k], v) for k, v in values.items()]
    return GoldPractice("x", segment, category, tuple(attributes))


def test_gold_pairs_follow_the_fixed_rules():
    policy = _policy(
        ["We collect your e-mail.", "We share data with advertisers.", "We do not sell."],
        [
            _gold(0, COLLECTION, pit="Contact", purpose="Unspecified"),
            _gold(0, COLLECTION, pit="Generic personal information", purpose="Advertising"),
            _gold(1, SHARING, pit="Other", purpose="Marketing", entity="Unnamed third party"),
            _gold(2, SHARING, does="Does Not", pit="Financial", entity="Unnamed third party"),
        ],
    )
    pairs = gold_pairs(policy)
    assert pairs["collection types"] == {(0, "contact")}
    assert pairs["collection purposes"] == {(0, "advertising")}
    assert pairs["sharing types"] == set()
    assert pairs["sharing purposes"] == {(1, "marketing")}
    assert pairs["sharing entities"] == {(1, "unnamed third party")}


def test_practice_categories_by_action_and_actor():
    collect = Practice((DPV + "Collect",), (PD + "EmailAddress",), Span(0, 5))
    sell = Practice((PK + "Sell",), (PD + "EmailAddress",), Span(0, 5))
    third_party_collects = Practice((DPV + "Collect",), (PD + "EmailAddress",), Span(0, 5), actor=PK + "Advertiser")
    assert practice_categories(collect) == {COLLECTION}
    assert practice_categories(sell) == {SHARING}
    assert practice_categories(third_party_collects) == {SHARING}


def test_segment_of_picks_the_segment_holding_the_evidence():
    spans = [Span(0, 10), Span(12, 30), Span(32, 40)]
    assert segment_of(Span(14, 20), spans) == 1
    assert segment_of(Span(8, 25), spans) == 1  # overlaps most with the second
    assert segment_of(Span(50, 60), spans) is None


def test_predicted_pairs_map_concepts_and_skip_negated():
    spans = [Span(0, 20), Span(22, 60)]
    practices = [
        Practice((DPV + "Collect",), (PD + "EmailAddress",), Span(0, 10), purposes=(DPV + "Marketing",)),
        Practice((DPV + "Share",), (PD + "EmailAddress",), Span(25, 40), recipient_names=("Google",)),
        Practice((DPV + "Collect",), (PD + "IPAddress",), Span(25, 40), polarity=Polarity.NEGATED),
    ]
    pairs = predicted_pairs(practices, spans)
    assert pairs["collection types"] == {(0, "contact")}
    assert pairs["sharing types"] == {(1, "contact")}
    assert pairs["sharing entities"] == {(1, "named third party")}
    assert all(value != "ip address and device ids" for _, value in pairs["collection types"])


def test_keyword_baseline_needs_a_verb_and_a_keyword():
    policy = _policy(["We collect your email address.", "Your email address is important.", "We share cookies."], [])
    pairs = keyword_baseline(policy)
    assert (0, "contact") in pairs["collection types"]
    assert not any(segment == 1 for segment, _ in pairs["collection types"])
    assert (2, "cookies and tracking elements") in pairs["sharing types"]


def test_verb_forms_inflect_regular_and_irregular_verbs():
    assert {"collects", "collected", "collecting"} <= verb_forms("collect")
    assert {"shares", "shared", "sharing"} <= verb_forms("share")
    assert "sold" in verb_forms("sell")


def _write_corpus(folder: Path, segments: list[str], rows: list[list[str]]) -> None:
    (folder / "sanitized_policies").mkdir(parents=True)
    (folder / "consolidation" / "threshold-0.75-overlap-similarity").mkdir(parents=True)
    (folder / "sanitized_policies" / "9_example.com.html").write_text("|||".join(segments), encoding="utf-8")
    with (folder / "consolidation" / "threshold-0.75-overlap-similarity" / "9_example.com.csv").open("w", newline="") as f:
        csv.writer(f).writerows(rows)


def _row(segment: int, category: str, attributes: dict) -> list[str]:
    return ["C1", "batch", "1", "9", str(segment), category, json.dumps(attributes), "1/1/15", "http://example.com"]


def _attr(value: str, text: str | None = None, start: int = -1, end: int = -1) -> dict:
    entry = {"value": value, "startIndexInSegment": start, "endIndexInSegment": end}
    if text is not None:
        entry["selectedText"] = text
    return entry


@pytest.fixture()
def tiny_opp115(tmp_path: Path) -> Path:
    seg0 = "<strong> Data </strong> <br> We collect your email address and location."
    seg1 = "We share your email address with advertisers."
    rows = [
        _row(0, COLLECTION, {"Does/Does Not": _attr("Does"),
                             "Personal Information Type": _attr("Contact", "email address", seg0.index("email"), seg0.index("email") + 13),
                             "Purpose": _attr("Unspecified")}),
        _row(0, COLLECTION, {"Does/Does Not": _attr("Does"), "Personal Information Type": _attr("Location"), "Purpose": _attr("Unspecified")}),
        _row(1, SHARING, {"Does/Does Not": _attr("Does"), "Personal Information Type": _attr("Contact"),
                          "Purpose": _attr("Advertising"), "Third Party Entity": _attr("Named third party")}),
        _row(1, "Other", {"Other Type": _attr("Introductory/Generic")}),
    ]
    _write_corpus(tmp_path, [seg0, seg1], rows)
    return tmp_path


def test_read_opp115_parses_segments_practices_and_spans(tiny_opp115: Path):
    (policy,) = read_opp115(tiny_opp115)
    assert [s.text for s in policy.segments] == [
        "Data\nWe collect your email address and location.",
        "We share your email address with advertisers.",
    ]
    assert len(policy.practices) == 4
    assert span_match_rate([policy]) == (1, 1)
    document, spans = policy.document()
    assert [document.text[s.start : s.end] for s in spans] == [s.text for s in policy.segments]
    assert document.url == "example.com"  # the release names each policy's file by its website
    # Each line of a segment is a block; a segment's short title line is a heading.
    assert [(b.kind.value, b.start, b.end) for b in document.blocks] == [
        ("heading", 0, 4), ("paragraph", 5, 48), ("paragraph", 50, 95)
    ]


def test_evaluate_opp115_with_a_fake_pipeline_gives_known_figures(tiny_opp115: Path):
    def fake_process(document, segment_spans=None):
        # The task classifies the release's own segments: the pipeline is given them.
        assert [document.text[s.start : s.end] for s in segment_spans] == [
            "Data\nWe collect your email address and location.",
            "We share your email address with advertisers.",
        ]
        text = document.text
        second = text.index("We share")
        practices = (
            # right type, segment 0
            Practice((DPV + "Collect",), (PD + "EmailAddress",), Span(5, 20)),
            # a wrong type (financial) in segment 0
            Practice((DPV + "Collect",), (PD + "CreditCardNumber",), Span(5, 20)),
            # sharing in segment 1, right type and entity, wrong purpose
            Practice((DPV + "Share",), (PD + "EmailAddress",), Span(second, second + 20),
                     recipients=(PK + "Advertiser",), purposes=(DPV + "Marketing",)),
        )
        segments = (Segment(Span(0, 10), (PK + "FirstPartyCollectionUse",)), Segment(Span(second, second + 5), (PK + "ThirdPartySharingCollection",)))
        return PolicyRecord(document=document, metadata=PolicyMetadata(), practices=practices, segments=segments)

    report = evaluate_opp115(tiny_opp115, process=fake_process)
    assert report.policies == 1
    assert report.segment_level["collection types"].total == Score(tp=1, fp=1, fn=1)
    assert report.segment_level["sharing types"].total == Score(tp=1, fp=0, fn=0)
    assert report.segment_level["sharing purposes"].total == Score(tp=0, fp=1, fn=1)
    # "advertisers" is a characterised third party: OPP-115's "Named third party"
    assert report.segment_level["sharing entities"].total == Score(tp=1, fp=0, fn=0)
    assert report.policy_level["collection types"].total == Score(tp=1, fp=1, fn=1)
    scores = dict(report.category_scores())
    assert scores[COLLECTION] == Score(tp=1, fp=0, fn=0)
    assert scores["Other"] == Score(tp=0, fp=0, fn=1)
    data = report.as_dict()
    assert data["policies"] == 1 and data["segment_level"]["collection types"]["micro"]["f1"] == 0.5
    json.dumps(data)  # JSON-ready


def test_evaluate_opp115_scores_a_refused_policy_as_empty(tiny_opp115: Path):
    def refuse(document, segment_spans=None):
        raise InputError(document.source, "does not read as a privacy policy")

    report = evaluate_opp115(tiny_opp115, process=refuse)
    assert len(report.refused) == 1
    assert report.segment_level["collection types"].total == Score(tp=0, fp=0, fn=2)


def test_read_opp115_rejects_a_folder_that_is_not_the_release(tmp_path: Path):
    with pytest.raises(EvaluationError, match="sanitized_policies"):
        read_opp115(tmp_path)


def test_read_opp115_rejects_a_segment_out_of_range(tmp_path: Path):
    _write_corpus(tmp_path, ["One segment."], [_row(3, COLLECTION, {"Does/Does Not": _attr("Does")})])
    with pytest.raises(EvaluationError, match="segment 3 out of range"):
        read_opp115(tmp_path)


def test_opp115_dev_gold_spans_line_up_with_the_stripped_text():
    folder = require(CORPORA / "opp115-dev")
    policies = read_opp115(folder, limit=10)
    matched, checked = span_match_rate(policies)
    assert checked > 1000 and matched / checked > 0.99


# ---------------------------------------------------------------- PI-Extract


def test_bio_spans_and_detokenize():
    assert bio_spans(["B-SHARE", "I-SHARE", "B-SHARE", "O"]) == {("SHARE", 0, 2), ("SHARE", 2, 3)}
    text, offsets = detokenize(["We", "collect", "your", "e-mail", ",", "name", "."])
    assert text == "We collect your e-mail, name."
    assert [text[s:e] for s, e in offsets] == ["We", "collect", "your", "e-mail", ",", "name", "."]


def test_overlap_score_counts_predictions_and_gold_separately():
    gold = {(0, "COLLECT", 0, 2), (0, "COLLECT", 5, 7)}
    predicted = {(0, "COLLECT", 1, 2), (0, "COLLECT", 1, 3), (0, "SHARE", 5, 6)}
    assert overlap_score(gold, predicted) == Score(tp=2, fp=1, fn=1)


def test_practice_spans_label_by_category_and_polarity():
    offsets = [(0, 2), (3, 6), (7, 10), (11, 16), (17, 24)]  # "We do not share e-mails"
    practice = Practice((DPV + "Share",), (PD + "EmailAddress",), Span(0, 24), polarity=Polarity.NEGATED,
                        data_type_spans=(Span(17, 24),))
    assert practice_spans([practice], offsets) == {("NOT_SHARE", 4, 5)}


def test_practice_spans_leave_out_tracking_technologies():
    text = "We use cookies to collect your IP address"
    offsets = [(0, 2), (3, 6), (7, 14), (15, 17), (18, 25), (26, 30), (31, 33), (34, 41)]
    practice = Practice((DPV + "Collect",), (PD + "IPAddress",), Span(0, 41), data_type_spans=(Span(7, 14), Span(31, 41)))
    assert practice_spans([practice], offsets, text) == {("COLLECT", 6, 8)}
    assert practice_spans([practice], offsets) == {("COLLECT", 2, 3), ("COLLECT", 6, 8)}


def _write_conll(folder: Path, sentences: list[list[tuple[str, str]]], label_folder: str) -> None:
    target = folder / label_folder
    target.mkdir(parents=True, exist_ok=True)
    for split in ("train", "validation"):
        lines = ["-DOCSTART- -X- O O", ""]
        for sentence in sentences if split == "train" else []:
            lines += [f"{word} _ _ {tag}" for word, tag in sentence] + [""]
        (target / f"{split}.conll03").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_evaluate_piextract_with_a_fake_extractor(tmp_path: Path):
    words = ["We", "collect", "your", "email", "address", "."]
    collect_tags = ["O", "O", "O", "B-COLLECT", "I-COLLECT", "O"]
    _write_conll(tmp_path, [list(zip(words, collect_tags))], "CollectUse_true")
    for name in ("CollectUse_false", "Share_true", "Share_false"):
        _write_conll(tmp_path, [list(zip(words, ["O"] * 6))], name)
    (sentence,) = read_piextract(tmp_path)
    assert sentence.text == "We collect your email address."
    assert sentence.spans == {("COLLECT", 3, 5)}

    def fake_extract(document):
        start = document.text.index("email")
        # "your email address" overlaps the gold span but is not exact
        return [Practice((DPV + "Collect",), (PD + "EmailAddress",), Span(0, len(document.text)),
                         actor=FIRST_PARTY, data_type_spans=(Span(start - 5, start + 13),))]

    report = evaluate_piextract(tmp_path, extract=fake_extract)
    assert report.sentences == 1
    assert report.exact["COLLECT"] == Score(tp=0, fp=1, fn=1)
    assert report.overlap["COLLECT"] == Score(tp=1, fp=0, fn=0)
    assert report.as_dict()["overlap"]["micro"]["f1"] == 1.0


def test_read_piextract_rejects_missing_label_folders(tmp_path: Path):
    with pytest.raises(EvaluationError, match="CollectUse_true"):
        read_piextract(tmp_path)


def test_piextract_dev_reads_four_aligned_label_sets():
    folder = require(CORPORA / "piextract-dev")
    sentences = read_piextract(folder)
    labels = {label for s in sentences for label, _, _ in s.spans}
    assert len(sentences) > 2000 and labels == {"COLLECT", "NOT_COLLECT", "SHARE", "NOT_SHARE"}


# ---------------------------------------------------------------- CLI


def test_eval_commands_have_help_with_an_example():
    from typer.testing import CliRunner

    from policykg.cli import app

    runner = CliRunner()
    for command in ("opp115", "piextract"):
        result = runner.invoke(app, ["eval", command, "--help"])
        assert result.exit_code == 0 and "Example: policykg eval" in result.output


@pytest.mark.slow
def test_eval_opp115_cli_runs_the_real_pipeline_on_one_policy(tmp_path: Path):
    from typer.testing import CliRunner

    from policykg.cli import app

    folder = require(CORPORA / "opp115-dev")
    out = tmp_path / "r.json"
    result = CliRunner().invoke(app, ["eval", "opp115", str(folder), "--limit", "1", "--json", str(out)])
    assert result.exit_code == 0, result.output
    assert "1 policies" in result.output and "segment level" in result.output
    assert json.loads(out.read_text())["policies"] == 1
