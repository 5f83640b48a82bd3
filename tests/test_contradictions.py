"""PolicyLint-style contradictions, exceptions respected."""

from __future__ import annotations


from graphs_for_queries import EX, policy_graph, taxonomy_graph
from policykg.ontology import DPV, PD, PK
from policykg.queries.contradictions import find, to_result
from policykg.store import Store

DENY_SHARE = {"actions": [DPV.Disclose], "data": [DPV.PersonalData], "polarity": "Negated",
              "quote": "We do not share your personal information."}
SHARE_EMAIL = {"actions": [DPV.Share], "data": [PD.EmailAddress], "recipients": [EX.AdNetwork],
               "quote": "We share your email address with ad networks."}


def _contradictions(*practices):
    with Store.open(None) as store:
        store.put_graph("https://example.org/test-taxonomy", taxonomy_graph())
        policy, graph = policy_graph("acme", "Acme", "2020-01-01", practices=list(practices))
        store.put_graph(policy, graph)
        return find(store, company="acme")


def test_denial_against_narrower_affirmation_is_flagged_with_both_quotes():
    [hit] = _contradictions(DENY_SHARE, SHARE_EMAIL)
    assert hit.negated_quote == DENY_SHARE["quote"] and hit.affirmed_quote == SHARE_EMAIL["quote"]
    assert hit.data_types == (str(PD.EmailAddress),) and hit.negated_start < hit.affirmed_start
    assert to_result([hit]).rows[0][3] == DENY_SHARE["quote"]


def test_other_action_or_broader_data_is_not_a_contradiction():
    collect = dict(SHARE_EMAIL, actions=[DPV.Collect], recipients=[])
    assert _contradictions(DENY_SHARE, collect) == []
    deny_email = dict(DENY_SHARE, data=[PD.EmailAddress])
    share_all = dict(SHARE_EMAIL, data=[DPV.PersonalData])
    assert _contradictions(deny_email, share_all) == []


def test_exception_carved_out_by_the_denial_is_respected():
    deny = dict(DENY_SHARE, actions=[PK.Sell], quote="We do not sell your personal information except to process payments.")
    sell_for_payments = {"actions": [PK.Sell], "data": [PD.EmailAddress], "purposes": [EX.ProcessPayments],
                         "quote": "We pass your email address to our payment partner to process payments."}
    assert _contradictions(deny, sell_for_payments) == []
    sell_for_marketing = dict(sell_for_payments, purposes=[EX.Marketing], quote="We sell email addresses for marketing.")
    assert len(_contradictions(deny, sell_for_marketing)) == 1
    as_described = dict(DENY_SHARE, condition="except as described in this policy")
    assert _contradictions(as_described, SHARE_EMAIL) == []


def test_purposes_and_subjects_scope_a_denial():
    deny_marketing = dict(DENY_SHARE, purposes=[EX.Marketing], quote="We do not share personal information for marketing.")
    assert _contradictions(deny_marketing, dict(SHARE_EMAIL, purposes=[EX.FraudPrevention])) == []
    assert len(_contradictions(deny_marketing, dict(SHARE_EMAIL, purposes=[EX.Marketing]))) == 1
    deny_children = dict(DENY_SHARE, actions=[DPV.Collect], quote="We never knowingly collect personal information from children under 13.")
    collect_email = {"actions": [DPV.Collect], "data": [PD.EmailAddress], "quote": "We collect your email address."}
    assert _contradictions(deny_children, collect_email) == []
    deny_children_subject = dict(deny_children, subjects=[DPV.Child], quote="We do not collect it.")
    assert _contradictions(deny_children_subject, collect_email) == []
    assert len(_contradictions(deny_children_subject, dict(collect_email, subjects=[DPV.Child]))) == 1


def test_recipient_overlap():
    deny_advertisers = dict(DENY_SHARE, recipients=[EX.AdNetwork], quote="We do not share data with ad networks.")
    share_processor = dict(SHARE_EMAIL, recipients=[DPV.DataProcessor], quote="We share email with processors.")
    assert _contradictions(deny_advertisers, share_processor) == []
    deny_third = dict(DENY_SHARE, recipients=[DPV.ThirdParty], quote="We do not share data with third parties.")
    assert len(_contradictions(deny_third, SHARE_EMAIL)) == 1


def test_cli_contradictions_on_the_seeds(seed_store):
    found = find(seed_store)
    for hit in found:
        assert hit.negated_quote and hit.affirmed_quote and hit.negated != hit.affirmed
