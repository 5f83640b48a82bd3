"""Tests of ingest.statements: every pattern on a real sentence, context, lead-ins, negation, seeds."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from policykg.ingest.records import Block, BlockKind, Document, Polarity, PolicyMetadata
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


# ---------------------------------------------------------------- regressions found on the shipped examples


def test_global_privacy_control_honoured_is_not_do_not_track_honoured():
    # Cobblestack 2024: DNT is not honoured, GPC is; the GPC sentence must not say DNT is honoured
    _, found = _statements(_para("Because there is no common industry standard for these signals, the Site does not respond "
                                 "to Do Not Track signals. We do, however, honor Global Privacy Control signals as described "
                                 "in the California section below."))
    assert "DoNotTrackNotHonored" in _topics(found) and "DoNotTrackHonored" not in _topics(found)
    _, found = _statements(_para("We honor Global Privacy Control signals."))
    assert not {"DoNotTrackHonored", "DoNotTrackNotHonored"} & _topics(found)
    _, found = _statements(_para("We honor Global Privacy Control (GPC) signals, but not Do Not Track signals."))
    assert "DoNotTrackNotHonored" in _topics(found) and "DoNotTrackHonored" not in _topics(found)


@pytest.mark.parametrize("sentence", [
    "We don't sell your details to anyone and we never will.",
    "We don’t sell your details to anyone and we never will.",
    "We do n't sell your details.",
    "We won't sell your email address to anyone.",
    "We never sell, lease or trade your personal information.",
    "No personal information is sold to third parties.",
    "Your personal data is never sold.",
])
def test_contracted_and_passive_sale_negations_are_negated(sentence):
    _, found = _statements(_para(sentence))
    assert _topics(found, Polarity.NEGATED) >= {"SaleOfPersonalInformation"}, [(s.topic, s.polarity) for s in found]
    assert "SaleOfPersonalInformation" not in _topics(found, Polarity.AFFIRMED)


def test_trade_as_a_noun_is_not_a_sale():
    # Tallowmere: "our trade price list" is not trading personal data
    _, found = _statements(_para("If you run a shop and would like to stock our candles, we will keep the contact details you "
                                 "give us so we can send you our trade price list."))
    assert "SaleOfPersonalInformation" not in _topics(found)


def test_never_marketing_to_children_is_not_a_negated_right():
    # Pebblewick: the negation governs "send marketing messages", not the parents' unsubscribe
    _, found = _statements(_para("We never send marketing messages to children, and parents can unsubscribe from our emails "
                                 "at any time using the link at the bottom of each message."))
    assert "RightToOptOutOfMarketing" not in _topics(found, Polarity.NEGATED)
    assert "RightToOptOutOfMarketing" in _topics(found, Polarity.AFFIRMED)


@pytest.mark.parametrize("sentence", [
    "We do not sell personal information, and we never use children's information to build marketing profiles.",
    "We do not sell your personal information, and we never share your health data with advertisers or data brokers.",
])
def test_do_not_sell_gives_a_negated_sale_statement(sentence):
    # Pebblewick and Heronstep
    _, found = _statements(_para(sentence))
    assert "SaleOfPersonalInformation" in _topics(found, Polarity.NEGATED)


def test_do_not_sell_link_is_an_affirmed_opt_out_of_sale():
    _, found = _statements(_para('You can opt out of this sharing by clicking "Do Not Sell or Share My Personal Information" '
                                 "in the footer of the Site."))
    assert "RightToOptOutOfSale" in _topics(found, Polarity.AFFIRMED)
    assert "RightToOptOutOfSale" not in _topics(found, Polarity.NEGATED)


# ---------------------------------------------------------------- patterns added for GoPPC recall (one sentence each)


@pytest.mark.parametrize(("sentence", "topic"), [
    ("You can also download a copy of your Zillow, Trulia, and HotPads data and take it with you to a service outside of Zillow.", "RightToDataPortability"),
    ("You may also export your notes at any time, as explained here.", "RightToDataPortability"),
    ("You have the right to have your information transferred to another entity where this is technically possible.", "RightToDataPortability"),
    ("You may access, update, alter, or delete your basic user profile information by editing your user profile.", "RightToRectification"),
    ("You may access, update, alter, or delete your basic user profile information by editing your user profile.", "RightOfAccess"),
    ("Wix is taking steps to enable you to request access to, update, delete, or limit the use of your Personal Information.", "RightToRestriction"),
    ("You may ask that we stop using your personal data for direct marketing.", "RightToObject"),
    ("You have the right to lodge complaints about the data processing activities carried out by us before a competent data protection authority.", "RightToLodgeComplaint"),
    ("Should you wish to raise a concern about our use of your information, you have the right to do so with your local supervisory authority.", "RightToLodgeComplaint"),
    ("If you are not satisfied with our response to your complaint, you may also contact the Office of the Information and Privacy Commissioner of Canada.", "RightToLodgeComplaint"),
    ("UPS Europe SA Attention: Data Protection OfficerAve Ariane 5 Brussels, B-1200 Belgium", "DPOContact"),
    ("We retain user information for at most thirteen (13) months from the user's last interaction with our services.", "RetentionPeriod"),
    ("We will retain your Personal Data for a period of time that is consistent with the original purpose of the data collection.", "RetentionCriteria"),
    ("We determine the appropriate retention period for Personal Data by considering its amount and nature.", "RetentionCriteria"),
])
def test_added_patterns_fire_on_real_sentences(sentence, topic):
    _, found = _statements(_para(sentence))
    assert topic in _topics(found, Polarity.AFFIRMED), [(s.topic, s.rule) for s in found]


def test_retention_period_with_number_word_in_brackets_is_normalised():
    _, found = _statements(_para("We will keep Personal Data for at least 5 (five) years from the date you last used our services."))
    assert {s.value for s in found if s.topic == PK + "RetentionPeriod"} == {"5 years"}


def test_dpo_heading_sets_the_context_of_a_bare_email():
    _, found = _statements((BlockKind.HEADING, "2. Data Protection Officer", 2), _para("Abisko Data, S. L. Email: rpd@example.com"))
    assert "DPOContact" in _topics(found)


@pytest.mark.parametrize("sentence", [
    "Our employees access and process the data only as needed.",
    "We may update, revise or change this policy from time to time.",
    "We may transfer your data to a service provider that hosts our website.",
])
def test_added_patterns_stay_quiet_on_near_misses(sentence):
    _, found = _statements(_para(sentence))
    assert not {"RightOfAccess", "RightToRectification", "RightToDataPortability"} & _topics(found), _topics(found)


# ---------------------------------------------------------------- masking
#
# The prefilter itself, and that it never skips a pattern that matches, is tested in
# tests/test_prefilter.py.

from policykg.ingest import statements as _impl  # noqa: E402


def test_masking_skips_substitutions_only_when_nothing_to_mask():
    assert _impl._mask("We don’t respond to Do Not Track (DNT) signals.") == "We don't respond to " + "DNTSIGNAL".ljust(18) + " signals."
    assert _impl._mask("We honour Global Privacy Control.") == "We honour " + "GPCSIGNAL".ljust(22) + "."
    assert _impl._mask("Click Do Not Sell My Personal Information.") == "Click " + "DONOTSELL".ljust(35) + "."
    assert _impl._mask("We keep logs for 30 days.") == "We keep logs for 30 days."
