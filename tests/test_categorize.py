"""Tests of policykg.ingest.categorize: the cue lexicon, the classifier and the stage."""

from __future__ import annotations

import re

import pytest

from policykg.ingest.categorize import (
    CATEGORY_IRIS,
    CUES,
    ITEM_CUES,
    ITEM_WEIGHT,
    LONG_LIST_ITEM,
    RELATIVE,
    THRESHOLD,
    categorize,
    category_scores,
    classify_segment,
    explain_segment,
    heading_above,
    paragraph_segments,
)
from policykg.ingest.records import FIRST_PARTY, Block, BlockKind, Document, Polarity, Practice, Span, Statement
from policykg.ontology import concepts

from conftest import CORPORA, require

PK = "https://w3id.org/policykg#"


def _names(iris) -> set[str]:
    return {iri.rsplit("#", 1)[-1] for iri in iris}


def test_categories_are_the_ontology_scheme():
    assert set(CATEGORY_IRIS) == {c.iri for c in concepts("opp115")}
    assert len(CATEGORY_IRIS) == 10


@pytest.mark.parametrize("cue", CUES, ids=lambda cue: f"{cue.category.rsplit('#', 1)[-1]}:{cue.example[:30]}")
def test_every_cue_fires_on_its_example(cue):
    assert re.search(cue.pattern, cue.example, re.IGNORECASE), cue.pattern


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We collect your name, email address and phone number when you register for an account.", "FirstPartyCollectionUse"),
        ("We may share your personal information with third-party advertisers and service providers.", "ThirdPartySharingCollection"),
        ("You may opt out of receiving promotional emails by clicking the unsubscribe link.", "UserChoiceControl"),
        ("You can review, update or delete your personal information at any time by logging into your account.", "UserAccessEditDeletion"),
        ("We retain your personal information for as long as your account is active.", "DataRetention"),
        ("We use industry-standard SSL encryption to protect your payment information.", "DataSecurity"),
        ("We may change this privacy policy from time to time; we will post the revised policy on this page.", "PolicyChangeCategory"),
        ("Our site does not respond to Do Not Track signals sent by your browser.", "DoNotTrackCategory"),
        ("Our services are not directed to children under the age of 13.", "InternationalSpecificAudiences"),
        ("If you have any questions about this policy, please contact us at privacy@example.com.", "OtherCategory"),
    ],
)
def test_classify_real_policy_sentences(text, expected):
    assert expected in _names(classify_segment(text))


def test_a_segment_can_have_several_categories():
    text = (
        "We collect your email address to send you newsletters. You may unsubscribe at any time "
        "by clicking the link in any newsletter."
    )
    names = _names(classify_segment(text))
    assert {"FirstPartyCollectionUse", "UserChoiceControl"} <= names


def test_heading_argument_adds_its_cues():
    text = "We use reasonable measures."
    without = category_scores(text)[PK + "DataSecurity"]
    with_heading = category_scores(text, heading="Security of your information")[PK + "DataSecurity"]
    assert with_heading > without


def test_a_segment_without_cues_is_other():
    assert classify_segment("Welcome!") == (PK + "OtherCategory",)


def test_scores_explain_the_decision():
    scores = category_scores("We do not knowingly collect information from children under 13.")
    assert scores[PK + "InternationalSpecificAudiences"] >= THRESHOLD


def _doc(text: str, blocks) -> Document:
    return Document(text, tuple(blocks), "t.txt", "text/plain", "0" * 64)


def test_paragraph_segments_join_a_lead_in_and_its_list_under_the_heading():
    text = "Security\n\nWe protect data with:\n\nencryption\n\nfirewalls\n\nChanges\n\nWe may update this policy."
    blocks = [
        Block(BlockKind.HEADING, 0, 8, 1),
        Block(BlockKind.PARAGRAPH, 10, 31),
        Block(BlockKind.LIST_ITEM, 33, 43, 1),
        Block(BlockKind.LIST_ITEM, 45, 54, 1),
        Block(BlockKind.HEADING, 56, 63, 1),
        Block(BlockKind.PARAGRAPH, 65, 91),
    ]
    units = paragraph_segments(_doc(text, blocks))
    assert [(text[s.start : s.end], h) for s, h in units] == [
        ("We protect data with:\n\nencryption\n\nfirewalls", "Security"),
        ("We may update this policy.", "Changes"),
    ]


def test_a_long_list_item_is_a_unit_of_its_own_and_short_items_follow_it():
    long_item = (
        "(b) Advertisers. From time to time, we may share your usage data and non-personal information with "
        "third parties who serve advertisements on the site, so that they can show advertisements that are more "
        "relevant to you and measure how well those advertisements perform."
    )
    assert len(long_item) > LONG_LIST_ITEM
    text = f"We share information as follows:\n\n(a) Generally.\n\n{long_item}\n\n(c) Affiliates."
    a = text.index("(a)")
    b = text.index("(b)")
    c = text.index("(c)")
    blocks = [
        Block(BlockKind.PARAGRAPH, 0, 32),
        Block(BlockKind.LIST_ITEM, a, a + 14, 1),
        Block(BlockKind.LIST_ITEM, b, b + len(long_item), 1),
        Block(BlockKind.LIST_ITEM, c, len(text), 1),
    ]
    units = paragraph_segments(_doc(text, blocks))
    assert [text[s.start : s.end] for s, _ in units] == [
        "We share information as follows:\n\n(a) Generally.",
        f"{long_item}\n\n(c) Affiliates.",
    ]


def test_the_policy_title_heads_only_its_first_paragraph():
    # A title heading over the whole text would make every paragraph an "Other"
    # (its heading cue); it says what the opening paragraph is, nothing more.
    text = (
        "Acme Privacy Policy\n\nThis policy explains our practices.\n\nWe collect your e-mail address.\n\n"
        "Cookies\n\nWe use cookies."
    )
    starts = [text.index(part) for part in ("Acme", "This", "We collect", "Cookies", "We use")]
    blocks = [
        Block(BlockKind.HEADING, starts[0], starts[0] + 19, 1),
        Block(BlockKind.PARAGRAPH, starts[1], starts[1] + 35),
        Block(BlockKind.PARAGRAPH, starts[2], starts[2] + 31),
        Block(BlockKind.HEADING, starts[3], starts[3] + 7, 1),
        Block(BlockKind.PARAGRAPH, starts[4], len(text)),
    ]
    doc = _doc(text, blocks)
    assert [h for _, h in paragraph_segments(doc)] == ["Acme Privacy Policy", None, "Cookies"]
    # The same headings for spans a corpus gives: a span opening with a heading is under it.
    spans = [
        Span(starts[0], starts[1] + 35), Span(starts[2], starts[2] + 31), Span(starts[3], len(text)), Span(starts[4], len(text))
    ]
    assert [heading_above(doc, span) for span in spans] == ["Acme Privacy Policy", None, "Cookies", "Cookies"]
    assert "OtherCategory" not in _names(categorize(doc, spans)[1].categories)


def test_categorize_default_and_explicit_spans():
    text = "Security\n\nAll data is encrypted with SSL.\n\nChanges\n\nWe may change this privacy policy at any time."
    blocks = [Block(BlockKind.HEADING, 0, 8, 1), Block(BlockKind.PARAGRAPH, 10, 41),
              Block(BlockKind.HEADING, 43, 50, 1), Block(BlockKind.PARAGRAPH, 52, 98)]
    doc = _doc(text, blocks)
    segments = categorize(doc)
    assert [s.span for s in segments] == [Span(10, 41), Span(52, 98)]
    assert "DataSecurity" in _names(segments[0].categories)
    assert "PolicyChangeCategory" in _names(segments[1].categories)
    explicit = categorize(doc, [Span(10, 41), Span(41, 41)])
    assert len(explicit) == 1 and explicit[0].span == Span(10, 41)


def test_a_policy_overview_is_other_not_a_practice():
    names = _names(classify_segment("This Privacy Notice describes how we collect, use and share your information."))
    assert names == {"OtherCategory"}


def test_a_category_far_behind_the_segment_s_main_one_is_dropped():
    text = (
        "When you register, we collect your name, e-mail address and IP address, and we use this information "
        "to send you newsletters and to improve our services. Your profile is stored in our database."
    )
    scores = category_scores(text)
    retention, first_party = scores[PK + "DataRetention"], scores[PK + "FirstPartyCollectionUse"]
    assert THRESHOLD <= retention < RELATIVE * first_party  # above the floor, but a passing mention
    assert _names(classify_segment(text)) == {"FirstPartyCollectionUse"}


def test_categories_close_to_the_top_are_all_kept():
    text = "We collect your email address to send you newsletters. You may unsubscribe at any time."
    assert {"FirstPartyCollectionUse", "UserChoiceControl"} <= _names(classify_segment(text))


def test_the_company_deleting_children_s_data_is_not_the_user_s_right_to_delete():
    text = "If we learn that we have collected personal information from a child under 13, we will promptly delete such information."
    names = _names(classify_segment(text))
    assert "UserAccessEditDeletion" not in names
    assert "InternationalSpecificAudiences" in names


def test_deletion_on_the_user_s_request_stays_access():
    text = "If you would like us to delete your information, we will delete such information upon your request."
    assert "UserAccessEditDeletion" in _names(classify_segment(text))


def test_changes_to_the_policy_are_not_changes_to_the_user_s_data():
    assert "UserAccessEditDeletion" not in _names(classify_segment("Does the Company Ever Make Changes to its Privacy Policy?"))
    assert "UserAccessEditDeletion" in _names(classify_segment("You can make changes to your profile at any time."))


@pytest.mark.parametrize("stamp", ["Last revised: January 07, 2014", "This Privacy Policy was revised Jan. 2, 2014.",
                                   "This document was last revised on 09/29/2011", "Updated as of May 2014"])
def test_a_revision_date_is_a_policy_change(stamp):
    assert "PolicyChangeCategory" in _names(classify_segment(stamp))


def test_deletion_after_a_period_is_retention():
    text = "Server logs are erased within six months, and backups are removed after 90 days."
    assert "DataRetention" in _names(classify_segment(text))


def test_the_company_accessing_data_is_not_the_user_s_access():
    # OPP-115 (instagram.com): a legal-request clause.
    text = "We may access, preserve and share your information in response to a legal request (like a search warrant)."
    names = _names(classify_segment(text))
    assert "UserAccessEditDeletion" not in names
    assert "ThirdPartySharingCollection" in names


def test_a_request_for_the_list_of_third_parties_is_not_access_to_one_s_data():
    text = ("Residents of the State of California may request a list of all third parties to which we have disclosed "
            "certain personal information during the preceding year for their direct marketing purposes.")
    assert "UserAccessEditDeletion" not in _names(classify_segment(text))


@pytest.mark.parametrize("text", [
    # OPP-115 (a retailer's and a newspaper's policy).
    "Whenever we share personal information with our agents, we restrict their access to only that information needed "
    "to perform their functions, demand that they provide a comparable level of protection for personal information, "
    "and require that they not use it for other purposes.",
    "In the unlikely event that we believe that the security of your information in our possession or control may have "
    "been compromised, we may seek to notify you.",
    # OPP-115 (voxmedia.com): a processor's duty of confidentiality.
    "In those circumstances, we disclose User Information that is necessary for such service providers to perform those "
    "services and require that they maintain the confidentiality of such User Information.",
])
def test_access_limitation_and_a_breach_notice_are_data_security(text):
    assert "DataSecurity" in _names(classify_segment(text))


def test_retention_in_a_framework_s_scope_is_not_a_retention_practice():
    text = ("reddit complies with the U.S.-EU Safe Harbor Framework as set forth by the U.S. Department of Commerce "
            "regarding the collection, use, and retention of personal information from European Union member countries.")
    assert "DataRetention" not in _names(classify_segment(text))


@pytest.mark.slow
def test_macro_f1_on_opp115_dev():
    from policykg.evaluate.opp115 import CATEGORY_NAMES, gold_categories, read_opp115
    from policykg.evaluate.scoring import Confusion, macro_average
    from policykg.ontology import concept

    policies = read_opp115(require(CORPORA / "opp115-dev"))
    confusion = Confusion()
    for policy in policies:
        predicted = {
            (policy.policy_id, index, concept(iri).pref_label)
            for index, segment in enumerate(policy.segments)
            for iri in classify_segment(segment.text)
        }
        gold = {(policy.policy_id, *pair) for pair in gold_categories(policy)}
        confusion.add(gold, predicted)
    _, _, macro_f1 = macro_average(confusion.per_value.get(name) or confusion.total.__class__() for name in CATEGORY_NAMES)
    assert macro_f1 >= 0.70, macro_f1


@pytest.mark.slow
def test_macro_f1_with_extracted_items_on_opp115_dev():
    """The stage as the pipeline runs it, scored as ``policykg eval opp115`` scores it."""
    from policykg.evaluate.opp115 import evaluate_opp115

    report = evaluate_opp115(require(CORPORA / "opp115-dev"))
    assert report.category_macro[2] >= 0.71, report.category_macro


# ---------------------------------------------------------------- evidence from extracted items


@pytest.fixture(scope="module")
def extract_items():
    """``text -> (practices, statements)`` with the pipeline's own extractors."""
    from policykg.ingest.extract import PracticeExtractor
    from policykg.ingest.read import read_text
    from policykg.ingest.records import PolicyMetadata
    from policykg.ingest.segment import split_sentences
    from policykg.ingest.statements import extract_statements

    extractor = PracticeExtractor()

    def run(text: str):
        document = read_text(text, source="test")
        sentences = split_sentences(document)
        metadata = PolicyMetadata()
        return tuple(extractor(document, sentences, metadata)), tuple(extract_statements(document, sentences, metadata))

    return run


def test_every_item_cue_tests_practices_or_topics_not_both():
    for cue in ITEM_CUES:
        assert (cue.practice is None) != (not cue.topics), cue.name
        assert cue.category in CATEGORY_IRIS
    assert {cue.category for cue in ITEM_CUES} == set(CATEGORY_IRIS)


@pytest.mark.parametrize("cue", ITEM_CUES, ids=lambda cue: cue.name)
def test_every_item_cue_fires_on_what_the_pipeline_extracts_from_its_example(cue, extract_items):
    practices, statements = extract_items(cue.example)
    assert any(cue.matches(item) for item in (*practices, *statements)), (practices, statements)


def test_an_extracted_item_adds_half_the_threshold_once():
    text = "Your messages are stored on our servers."  # the cue "stored" alone: 0.8
    retention = PK + "DataRetention"
    period = Statement(PK + "RetentionPeriod", Span(0, len(text)), value="30 days")
    criteria = Statement(PK + "RetentionCriteria", Span(0, len(text)))
    plain = category_scores(text)[retention]
    assert plain < THRESHOLD
    assert category_scores(text, statements=[period])[retention] == pytest.approx(plain + ITEM_WEIGHT)
    assert category_scores(text, statements=[period, criteria])[retention] == pytest.approx(plain + ITEM_WEIGHT)
    assert "DataRetention" in _names(classify_segment(text, statements=[period]))
    assert "DataRetention" not in _names(classify_segment(text))


def test_a_practice_argues_for_first_or_third_party_by_actor_and_action_stated_or_denied():
    text = "We keep a complete log of all messages sent on our service."
    span = Span(0, len(text))
    email = "https://w3id.org/dpv/pd#EmailAddress"
    collect = Practice(("https://w3id.org/dpv#Collect",), (email,), span)
    share = Practice(("https://w3id.org/dpv#Share",), (email,), span, recipients=("https://w3id.org/policykg#Advertiser",))
    share_nobody = Practice(("https://w3id.org/dpv#Share",), (email,), span)
    by_partner = Practice(("https://w3id.org/dpv#Collect",), (email,), span, actor=None, actor_name="Google")
    negated = Practice(("https://w3id.org/dpv#Collect",), (email,), span, polarity=Polarity.NEGATED)

    def gain(practice, category):
        return category_scores(text, practices=[practice])[PK + category] - category_scores(text)[PK + category]

    assert gain(collect, "FirstPartyCollectionUse") == pytest.approx(ITEM_WEIGHT)
    assert gain(share, "ThirdPartySharingCollection") == pytest.approx(ITEM_WEIGHT)
    assert gain(share, "FirstPartyCollectionUse") == 0
    assert gain(share_nobody, "ThirdPartySharingCollection") == 0
    assert gain(by_partner, "ThirdPartySharingCollection") == pytest.approx(ITEM_WEIGHT)
    # OPP-115 files "we do not collect ..." under First Party Collection/Use too ("Does Not").
    assert gain(negated, "FirstPartyCollectionUse") == pytest.approx(ITEM_WEIGHT)
    assert collect.actor == FIRST_PARTY


def test_categorize_files_each_item_under_the_segment_of_its_evidence():
    text = "Your messages are stored on our servers.\n\nLog information is kept on our servers."
    second = text.index("Log")
    blocks = [Block(BlockKind.PARAGRAPH, 0, 40), Block(BlockKind.PARAGRAPH, second, len(text))]
    doc = _doc(text, blocks)
    statement = Statement(PK + "RetentionCriteria", Span(second, len(text)))
    plain = categorize(doc)
    with_item = categorize(doc, practices=(), statements=[statement])
    assert [s.span for s in with_item] == [s.span for s in plain]
    assert "DataRetention" not in _names(with_item[0].categories)
    assert "DataRetention" in _names(with_item[1].categories)
    assert "DataRetention" not in _names(plain[1].categories)


def test_the_explanation_lists_cues_and_items_and_sums_to_the_score(extract_items):
    text = "We retain server logs for 30 days, after which they are deleted."
    practices, statements = extract_items(text)
    explained = explain_segment(text, practices=practices, statements=statements)
    scores = category_scores(text, practices=practices, statements=statements)
    for category in CATEGORY_IRIS:
        assert sum(c.weight for c in explained[category]) == pytest.approx(scores[category])
    sources = {c.source for c in explained[PK + "DataRetention"]}
    assert sources == {"cue", "item"}
    assert "retention statement" in {c.label for c in explained[PK + "DataRetention"]}


def test_the_pipeline_categorises_with_the_items_it_extracted(seed_records):
    for record in seed_records.values():
        expected = categorize(record.document, practices=record.practices, statements=record.statements)
        assert record.segments == expected
