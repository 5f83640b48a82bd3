"""Stage 5 of the ingest chain: a ``PolicyRecord`` as one RDF graph.

The graph is what one policy version says, in the vocabulary of ``ontology/``
(see ``docs/data-model.md``). Its name in the store is the policy IRI. IRIs
come from ``policykg.ontology.iris`` only, so the same record always gives the
same graph.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, XSD

from policykg.ontology.iris import (
    org_iri,
    policy_iri,
    practice_iri,
    segment_iri,
    slugify,
    span_iri,
    statement_iri,
)
from policykg.ontology.namespaces import DCT, DPV, ID, OA, PK, SCHEMA, bind_prefixes

from .records import FIRST_PARTY, Modality, PolicyRecord, Polarity, Span

_POLARITY = {Polarity.AFFIRMED: PK.Affirmed, Polarity.NEGATED: PK.Negated}
_MODALITY = {Modality.DEFINITE: PK.Definite, Modality.POSSIBLE: PK.Possible}


@dataclass(frozen=True, slots=True)
class Publisher:
    """The organisation a policy version is attributed to, after identity resolution.

    ``slug`` is the key of its IRI; ``names`` every name known for it in this
    policy (legal name first).
    """

    slug: str
    name: str
    legal_name: str | None = None
    aliases: tuple[str, ...] = ()

    @property
    def iri(self) -> URIRef:
        return org_iri(self.slug)


def publisher_triples(publisher: Publisher):
    """The triples naming a publisher: its slug, name, legal name and aliases."""
    org = publisher.iri
    yield org, PK.slug, Literal(publisher.slug)
    yield org, SCHEMA.name, Literal(publisher.name)
    if publisher.legal_name:
        yield org, SCHEMA.legalName, Literal(publisher.legal_name)
    for alias in publisher.aliases:
        if alias not in (publisher.name, publisher.legal_name):
            yield org, SCHEMA.alternateName, Literal(alias)


def policy_iri_of(record: PolicyRecord, publisher: Publisher) -> URIRef:
    date = record.metadata.date.isoformat() if record.metadata.date else None
    return policy_iri(publisher.slug, record.document.sha256, date)


def _decimal(value: float) -> Literal:
    """An xsd:decimal in canonical form ("0.5", "1.0"; not "0.50"), so it reads back from any store unchanged."""
    text = format(Decimal(f"{value:.2f}").normalize(), "f")
    return Literal(text if "." in text else text + ".0", datatype=XSD.decimal)


def to_graph(record: PolicyRecord, publisher: Publisher) -> tuple[URIRef, Graph]:
    """The named-graph IRI and the graph of one policy version.

    >>> from policykg.ingest.records import Document, PolicyMetadata
    >>> rec = PolicyRecord(Document("We collect your name.", (), "x.txt", "text/plain", "ab" * 32), PolicyMetadata())
    >>> name, g = to_graph(rec, Publisher("acme", "Acme"))
    >>> str(name)
    'https://w3id.org/policykg/id/policy/acme/abababab'
    """
    document, metadata = record.document, record.metadata
    sha = document.sha256
    policy = policy_iri_of(record, publisher)
    org = publisher.iri
    g = Graph()
    bind_prefixes(g)

    # -- the publisher
    g.add((org, RDF.type, PK.Organization))
    for triple in publisher_triples(publisher):
        g.add(triple)
    if metadata.website:
        g.add((org, SCHEMA.url, Literal(metadata.website)))
    for email in metadata.emails:
        g.add((org, SCHEMA.email, Literal(email)))
    for phone in metadata.phones:
        g.add((org, SCHEMA.telephone, Literal(phone)))
    for address in metadata.addresses:
        g.add((org, SCHEMA.address, Literal(address)))

    # -- the policy version
    g.add((policy, RDF.type, PK.PolicyDocument))
    g.add((policy, DCT.publisher, org))
    g.add((policy, PK.sha256, Literal(sha)))
    g.add((policy, PK.mediaType, Literal(document.media_type)))
    g.add((policy, DCT.source, Literal(document.source)))
    g.add((policy, PK.text, Literal(document.text)))
    g.add((policy, PK.charCount, Literal(len(document.text), datatype=XSD.integer)))
    if metadata.date:
        g.add((policy, DCT.modified, Literal(metadata.date.isoformat(), datatype=XSD.date)))
        if metadata.date_kind:
            g.add((policy, PK.dateKind, Literal(metadata.date_kind)))
    if metadata.version:
        g.add((policy, PK.versionLabel, Literal(metadata.version)))
    url = metadata.url or document.url
    if url:
        g.add((policy, SCHEMA.url, Literal(url)))
    if metadata.language:
        g.add((policy, DCT.language, Literal(metadata.language)))
    run = ID[f"run/extractor-{record.extractor_version or 'unknown'}"]
    g.add((policy, PROV.wasGeneratedBy, run))
    g.add((run, RDF.type, PK.ExtractionRun))

    def evidence(span: Span) -> URIRef:
        node = span_iri(sha, span.start, span.end)
        position, quote = URIRef(f"{node}#position"), URIRef(f"{node}#quote")
        g.add((node, RDF.type, OA.SpecificResource))
        g.add((node, OA.hasSource, policy))
        g.add((node, OA.hasSelector, position))
        g.add((node, OA.hasSelector, quote))
        g.add((position, RDF.type, OA.TextPositionSelector))
        g.add((position, OA.start, Literal(span.start)))  # xsd:integer: what stores give back unchanged
        g.add((position, OA.end, Literal(span.end)))
        g.add((quote, RDF.type, OA.TextQuoteSelector))
        g.add((quote, OA.exact, Literal(span.quote(document.text))))
        return node

    def named_org(name: str) -> URIRef:
        node = org_iri(slugify(name))
        g.add((node, RDF.type, PK.Organization))
        g.add((node, SCHEMA.name, Literal(name)))
        g.add((node, PK.slug, Literal(slugify(name))))
        return node

    # -- practices
    for p in record.practices:
        node = practice_iri(
            sha, p.evidence.start, p.evidence.end, p.actions, p.data_types, p.purposes, p.recipients,
            p.recipient_names, p.data_subjects, p.actor, p.actor_name, p.polarity.value, p.modality.value, p.condition,
        )
        g.add((node, RDF.type, PK.Practice))
        g.add((node, PK.inPolicy, policy))
        if p.actor == FIRST_PARTY:
            actor = org
        elif p.actor is not None:
            actor = URIRef(p.actor)
        else:
            actor = named_org(p.actor_name or "unknown")
        g.add((node, PK.actor, actor))
        for action in p.actions:
            g.add((node, DPV.hasProcessing, URIRef(action)))
        for data_type in p.data_types:
            g.add((node, DPV.hasPersonalData, URIRef(data_type)))
        for purpose in p.purposes:
            g.add((node, DPV.hasPurpose, URIRef(purpose)))
        for recipient in p.recipients:
            g.add((node, DPV.hasRecipient, URIRef(recipient)))
        for name in p.recipient_names:
            g.add((node, DPV.hasRecipient, named_org(name)))
        for subject in p.data_subjects:
            g.add((node, DPV.hasDataSubject, URIRef(subject)))
        if p.condition:
            g.add((node, PK.condition, Literal(p.condition)))
        g.add((node, PK.polarity, _POLARITY[p.polarity]))
        g.add((node, PK.modality, _MODALITY[p.modality]))
        g.add((node, PK.confidence, _decimal(p.confidence)))
        g.add((node, PK.rule, Literal(p.rule)))
        g.add((node, PK.evidence, evidence(p.evidence)))

    # -- policy-level statements
    for s in record.statements:
        node = statement_iri(sha, s.topic, s.evidence.start, s.evidence.end, s.polarity.value, s.value, s.how)
        g.add((node, RDF.type, PK.Statement))
        g.add((node, PK.inPolicy, policy))
        g.add((node, PK.topic, URIRef(s.topic)))
        g.add((node, PK.polarity, _POLARITY[s.polarity]))
        if s.value:
            g.add((node, PK.value, Literal(s.value)))
        if s.how:
            g.add((node, PK.how, Literal(s.how)))
        g.add((node, PK.confidence, _decimal(s.confidence)))
        g.add((node, PK.rule, Literal(s.rule)))
        g.add((node, PK.evidence, evidence(s.evidence)))

    # -- segments and their OPP-115 categories
    for segment in record.segments:
        node = segment_iri(sha, segment.span.start, segment.span.end)
        g.add((node, RDF.type, PK.Segment))
        g.add((node, PK.inPolicy, policy))
        for category in segment.categories:
            g.add((node, PK.category, URIRef(category)))
        g.add((node, PK.evidence, evidence(segment.span)))
    return policy, g
