"""Tests of ingest.statements: every pattern on a real sentence, context, lead-ins, negation, seeds."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from policykg.ingest.records import Block, BlockKind, Document, Polarity, PolicyMetadata, Sentence, Span
from policykg.ingest.segment import split_sentences
from policykg.ingest.statements import CONTEXT_PATTERNS, PATTERNS, extract_statements

PK = "https://w3id.org/policykg#"
SHARED = Path(__file__).resolve().parents[2] / "shared"
SEEDS = SHARED / "seeds"


def _doc(*blocks: tuple[BlockKind, str, int]) -> Document:
    """A document from (kind, text, level) blocks separated by blank lines."""
    text, spans, cursor = "", [], 0
    for kind, chunk, level in blocks:
        if text:
            text += "\n\n"
            cursor += 2
        spans.append(Block(kind, cursor, cursor + len(chunk), level))
        text += chunk
        cursor += len(chunk)
    return Document(text, tuple(spans), "test", "text/plain", "0" * 64)


def _statements(*blocks):
    document = _doc(*blocks)
    return document, extract_statements(document, split_sentences(document), PolicyMetadata(company="PLUSnxt LLC"))


def _topics(statements, polarity=None):
    return {s.topic[len(PK):] for s in statements if polarity is None or s.polarity is polarity}


def _para(text: str):
    return (BlockKind.PARAGRAPH, text, 0)


@pytest.mark.parametrize("pattern", PATTERNS, ids=[p.name for p in PATTERNS])
def test_every_pattern_fires_on_its_example(pattern):
    kind = BlockKind.HEADING if pattern.topic.endswith("#Children") and len(pattern.example) < 30 else BlockKind.PARAGRAPH
    if kind is BlockKind.HEADING:  # "Children's Privacy" is a heading; the text under it states the topic
        _, found = _statements((kind, pattern.example, 2), _para("We do not knowingly collect data from minors."))
    else:
        _, found = _statements(_para(pattern.example))
    assert pattern.topic[len(PK):] in _topics(found), [(s.topic, s.rule) for s in found]


@pytest.mark.parametrize("entry", CONTEXT_PATTERNS, ids=[e[1] for e in CONTEXT_PATTERNS])
def test_every_context_pattern_fires_under_its_context(entry):
    _, topic, _, context, item = entry
    first = _para(context) if context.endswith(":") else (BlockKind.HEADING, context, 2)
    _, found = _statements(first, (BlockKind.LIST_ITEM if context.endswith(":") else BlockKind.PARAGRAPH, item, 1))
    from policykg.ontology import ancestors

    assert any(s.topic == PK + topic or PK + topic in ancestors(s.topic) for s in found), _topics(found)


def test_do_not_track_negation():
    _, found = _statements(_para("We do not honor Do Not Track signals from your browser."))
    assert "DoNotTrackNotHonored" in _topics(found)
    assert "DoNotTrackHonored" not in _topics(found)
    _, found = _statements(_para("Because there is no industry standard for Do Not Track, our site does not respond to DNT signals."))
    assert "DoNotTrackNotHonored" in _topics(found)


def test_sale_negated_and_affirmed():
    _, found = _statements(_para("We do not sell your personal information to anyone."))
    assert _topics(found, Polarity.NEGATED) >= {"SaleOfPersonalInformation"}
    _, found = _statements(_para("We may sell your email address to our marketing partners."))
    assert "SaleOfPersonalInformation" in _topics(found, Polarity.AFFIRMED)


def test_law_requiring_disclosure_is_not_a_sale_statement():
    _, found = _statements(_para("The CCPA requires businesses to disclose whether they sell personal information."))
    assert "SaleOfPersonalInformation" not in _topics(found)
    assert "RegulatoryScope" in _topics(found)


def test_retention_period_value_is_normalised():
    _, found = _statements(_para("We will delete inactive accounts after thirty (30) days."))
    periods = [s.value for s in found if s.topic == PK + "RetentionPeriod"]
    assert periods == ["30 days"]


def test_children_age_threshold_value():
    _, found = _statements(_para("Our Services are not directed to children under the age of 16."))
    assert [s.value for s in found if s.topic == PK + "ChildrenAgeThreshold"] == ["16"]
    assert "NotDirectedToChildren" in _topics(found)


def test_empty_lead_in_states_no_legal_basis():
    # seed 001: a heading, then a lead-in whose list is empty
    _, found = _statements(
        (BlockKind.HEADING, "Legal Basis for Processing Information:", 2),
        _para("PLUS processes your Personal Information based on the following legal bases:"),
        (BlockKind.HEADING, "(a) Information Provided Directly to PLUS", 2),
        _para("PLUS collects the following types of information directly from you."),
    )
    assert not {t for t in _topics(found) if t.startswith("Basis") or t == "LegalBasis"}


def test_list_under_legal_basis_lead_in_states_each_basis():
    _, found = _statements(
        _para("We process your personal data on the following legal bases:"),
        (BlockKind.LIST_ITEM, "Consent, which you may withdraw at any time.", 1),
        (BlockKind.LIST_ITEM, "Performance of a contract with you.", 1),
    )
    assert {"BasisConsent", "BasisContract"} <= _topics(found)


def test_heading_context_sets_the_right_and_how_to_exercise_it():
    document, found = _statements(
        (BlockKind.HEADING, "Your California rights:", 2),
        (BlockKind.HEADING, "Right to deletion", 3),
        _para("You may ask us to do this. Send your request to privacy@example.com."),
    )
    erasure = [s for s in found if s.topic == PK + "RightToErasure"]
    assert erasure and all(s.how == "privacy@example.com" for s in erasure)
    assert any(s.evidence.quote(document.text).startswith("You may ask us") for s in erasure)


def test_rights_enumeration():
    _, found = _statements(_para(
        "Depending on where you live, you may have the right to request access to, correct, delete, restrict or port your data, "
        "or to object to its processing."
    ))
    assert {"RightOfAccess", "RightToRectification", "RightToErasure", "RightToRestriction", "RightToDataPortability", "RightToObject"} <= _topics(found)


def test_negated_right():
    _, found = _statements(_para("Users cannot opt out of these service emails."))
    assert "RightToOptOutOfMarketing" in _topics(found, Polarity.NEGATED)


def test_change_notification_channel():
    _, found = _statements(_para("If we change this privacy policy, we will notify you by email and post the new version on this page."))
    values = [s.value for s in found if s.topic == PK + "ChangeNotification"]
    assert values and "email" in values[0] and "posting the new version" in values[0]


def test_narrower_topic_replaces_broader_in_one_sentence():
    _, found = _statements(_para("All payment data is encrypted using SSL technology."))
    topics = _topics(found)
    assert "TransportEncryption" in topics and "SecurityMeasure" not in topics


def _seed(name: str):
    if not SEEDS.is_dir():
        pytest.skip(f"seeds not found at {SEEDS}")
    from policykg.ingest.read import read_file

    document = read_file(next(SEEDS.glob(name)))
    return document, extract_statements(document, split_sentences(document), PolicyMetadata())


def test_seed_001_lead_ins_and_what_the_text_says_elsewhere():
    document, found = _seed("001_*.txt")
    for statement in found:
        quote = statement.evidence.quote(document.text)
        assert "based on the following legal bases" not in quote, statement
    topics = _topics(found)
    assert {"RightOfAccess", "RightToErasure", "RightToNonDiscrimination", "AuthorizedAgent", "Firewall",
            "TransportEncryption", "StandardContractualClauses", "AdequacyDecision", "ContactEmail", "ContactPhone"} <= topics
    assert "SaleOfPersonalInformation" in _topics(found, Polarity.NEGATED)
    values = {s.value for s in found if s.topic == PK + "RegulatoryScope"}
    assert {"CCPA", "California residents"} <= values


def test_seed_000_honours_do_not_track():
    _, found = _seed("000_*.txt")
    assert "DoNotTrackHonored" in _topics(found)
    assert "DoNotTrackNotHonored" not in _topics(found)


def test_statement_extraction_is_fast_on_the_seeds():
    if not SEEDS.is_dir():
        pytest.skip(f"seeds not found at {SEEDS}")
    from policykg.ingest.read import read_file

    documents = [read_file(p) for p in sorted(SEEDS.glob("*.txt"))]
    prepared = [(d, split_sentences(d)) for d in documents]
    started = time.perf_counter()
    for document, sentences in prepared:
        extract_statements(document, sentences, PolicyMetadata())
    assert time.perf_counter() - started < 1.0


def test_evidence_spans_lie_in_the_text():
    document, found = _statements(_para("Contact our Data Protection Officer at dpo@example.org."))
    assert found
    for statement in found:
        assert 0 <= statement.evidence.start < statement.evidence.end <= len(document.text)
