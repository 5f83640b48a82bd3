"""Hand-built policy graphs in the data model of docs/data-model.md, for the query tests.

Not a test module: ``test_queries``, ``test_endpoint``, ``test_versions`` and
``test_contradictions`` build small stores with it, so they do not depend on
the extractor. Concepts the ontology may not define are minted under ``EX``
with their own ``skos:broader`` links (the store queries the union of graphs).
"""

from __future__ import annotations

import hashlib

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, SKOS, XSD

from policykg.ontology import DPV, PD, PK, broader_closure, ontology_graph
from policykg.ontology.iris import ID, org_iri, policy_iri
from policykg.ontology.namespaces import OA, SCHEMA

EX = Namespace("https://example.org/test-concepts#")


def taxonomy_graph() -> Graph:
    """Test concepts: an ad network (a third party), a payments purpose, a marketing purpose.

    With their ``pk:broaderOrSelf`` closure up into the shipped ontology: the
    queries read the materialised closure, which the store's ontology graph
    carries for the shipped concepts only.
    """
    g = Graph()
    for concept, label, broader in (
        (EX.AdNetwork, "ad network", DPV.ThirdParty),
        (EX.ProcessPayments, "process payments", DPV.Purpose),
        (EX.Marketing, "marketing", DPV.Purpose),
        (EX.FraudPrevention, "fraud prevention", DPV.Purpose),
    ):
        g.add((concept, RDF.type, SKOS.Concept))
        g.add((concept, SKOS.prefLabel, Literal(label, lang="en")))
        g.add((concept, SKOS.broader, broader))
    minted = set(g.subjects())
    for triple in broader_closure(ontology_graph() + g):
        if triple[0] in minted:
            g.add(triple)
    return g


def policy_graph(
    slug: str,
    name: str,
    date: str,
    *,
    practices=(),
    statements=(),
    previous: str | None = None,
    aliases=(),
    email: str | None = None,
) -> tuple[str, Graph]:
    """``(policy IRI, graph)`` of one policy version.

    ``practices``: dicts with ``actions``, ``data`` (IRI lists) and optional
    ``purposes``, ``recipients``, ``subjects``, ``polarity`` ("Affirmed" /
    "Negated"), ``condition``, ``actor``, ``quote``. ``statements``: dicts with
    ``topic`` and optional ``polarity``, ``value``, ``how``, ``quote``.
    """
    quotes = [p.get("quote", f"practice {i}") for i, p in enumerate(practices)]
    quotes += [s.get("quote", f"statement {i}") for i, s in enumerate(statements)]
    text = "\n".join(quotes)
    sha = hashlib.sha256(f"{slug}{date}{text}".encode()).hexdigest()
    policy = policy_iri(slug, sha, date)
    org = org_iri(slug)
    g = Graph()
    g.add((org, RDF.type, PK.Organization))
    g.add((org, SCHEMA.name, Literal(name)))
    g.add((org, PK.slug, Literal(slug)))
    for alias in aliases:
        g.add((org, SCHEMA.alternateName, Literal(alias)))
    if email:
        g.add((org, SCHEMA.email, Literal(email)))
    g.add((policy, RDF.type, PK.PolicyDocument))
    g.add((policy, DCTERMS.publisher, org))
    g.add((policy, DCTERMS.modified, Literal(date, datatype=XSD.date)))
    g.add((policy, PK.sha256, Literal(sha)))
    g.add((policy, PK.text, Literal(text)))
    if previous:
        g.add((policy, PROV.wasRevisionOf, URIRef(previous)))
    offset = 0

    def evidence(item: URIRef, quote: str) -> None:
        nonlocal offset
        start, end = offset, offset + len(quote)
        offset = end + 1
        span = ID[f"span/{sha[:16]}/{start}-{end}"]
        position, selector = URIRef(f"{span}#position"), URIRef(f"{span}#quote")
        g.add((item, PK.evidence, span))
        g.add((span, RDF.type, OA.SpecificResource))
        g.add((span, OA.hasSource, policy))
        g.add((span, OA.hasSelector, position))
        g.add((span, OA.hasSelector, selector))
        g.add((position, RDF.type, OA.TextPositionSelector))
        g.add((position, OA.start, Literal(start)))
        g.add((position, OA.end, Literal(end)))
        g.add((selector, RDF.type, OA.TextQuoteSelector))
        g.add((selector, OA.exact, Literal(quote)))

    for index, practice in enumerate(practices):
        item = ID[f"practice/{sha[:8]}{index:04d}"]
        g.add((item, RDF.type, PK.Practice))
        g.add((item, PK.inPolicy, policy))
        g.add((item, PK.actor, URIRef(practice.get("actor", org))))
        g.add((item, PK.polarity, PK[practice.get("polarity", "Affirmed")]))
        g.add((item, PK.modality, PK.Definite))
        g.add((item, PK.confidence, Literal(practice.get("confidence", 0.9))))
        for prop, key in ((DPV.hasProcessing, "actions"), (DPV.hasPersonalData, "data"), (DPV.hasPurpose, "purposes"),
                          (DPV.hasRecipient, "recipients"), (DPV.hasDataSubject, "subjects")):
            for value in practice.get(key, ()):
                g.add((item, prop, URIRef(value)))
        if practice.get("condition"):
            g.add((item, PK.condition, Literal(practice["condition"])))
        evidence(item, quotes[index])
    for index, statement in enumerate(statements):
        item = ID[f"statement/{sha[:8]}{index:04d}"]
        g.add((item, RDF.type, PK.Statement))
        g.add((item, PK.inPolicy, policy))
        g.add((item, PK.topic, URIRef(statement["topic"])))
        g.add((item, PK.polarity, PK[statement.get("polarity", "Affirmed")]))
        for key, prop in (("value", PK.value), ("how", PK.how)):
            if statement.get(key):
                g.add((item, prop, Literal(statement[key])))
        evidence(item, quotes[len(practices) + index])
    return str(policy), g


def build_corpus(store) -> dict[str, str]:
    """Three companies, one of them with two versions; returns ``{label: policy IRI}``."""
    store.put_graph("https://example.org/test-taxonomy", taxonomy_graph())
    old, g_old = policy_graph(
        "acme", "Acme, Inc.", "2019-01-01", aliases=("ACME Corp",),
        practices=[
            {"actions": [DPV.Collect], "data": [PD.EmailAddress], "purposes": [EX.Marketing],
             "quote": "We collect your email address for marketing."},
            {"actions": [DPV.Share], "data": [PD.EmailAddress], "recipients": [EX.AdNetwork],
             "quote": "We share your email address with ad networks."},
        ],
        statements=[{"topic": PK.RetentionPeriod, "value": "30 days", "quote": "We keep logs for 30 days."}],
    )
    new, g_new = policy_graph(
        "acme", "Acme, Inc.", "2021-06-01", aliases=("ACME Corp",), previous=old, email="privacy@acme.example",
        practices=[
            {"actions": [DPV.Collect], "data": [PD.EmailAddress], "purposes": [EX.Marketing],
             "quote": "We collect your email address for marketing purposes."},
            {"actions": [DPV.Share], "data": [PD.EmailAddress], "recipients": [EX.AdNetwork], "purposes": [EX.FraudPrevention],
             "quote": "We share your email address with ad networks to prevent fraud."},
            {"actions": [DPV.Disclose], "data": [DPV.PersonalData], "recipients": [ID["org/law-enforcement"]],
             "quote": "We disclose personal data to law enforcement when required."},
            {"actions": [PK.Sell], "data": [DPV.PersonalData], "polarity": "Negated",
             "quote": "We do not sell your personal data."},
        ],
        statements=[
            {"topic": PK.RetentionPeriod, "value": "90 days", "quote": "We keep logs for 90 days."},
            {"topic": PK.RightToErasure, "how": "privacy@acme.example", "quote": "You may ask us to delete your data."},
        ],
    )
    g_new.add((ID["org/law-enforcement"], RDF.type, PK.Organization))
    g_new.add((ID["org/law-enforcement"], SCHEMA.name, Literal("Law Enforcement")))
    beta, g_beta = policy_graph(
        "beta-labs", "Beta Labs Ltd", "2020-03-03",
        practices=[
            {"actions": [DPV.Collect], "data": [PD.EmailAddress], "quote": "Beta Labs collects email addresses."},
            {"actions": [PK.Sell], "data": [PD.EmailAddress], "recipients": [EX.AdNetwork],
             "quote": "We sell email addresses to ad networks."},
        ],
    )
    gamma, g_gamma = policy_graph(
        "gamma", "Gamma", "2022-02-02",
        practices=[{"actions": [DPV.Use], "data": [DPV.PersonalData], "quote": "Gamma uses personal data."}],
    )
    for iri, graph in ((old, g_old), (new, g_new), (beta, g_beta), (gamma, g_gamma)):
        store.put_graph(iri, graph)
    return {"acme-2019": old, "acme-2021": new, "beta": beta, "gamma": gamma}
