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

from policykg.ontology import is_a
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
_NON_PERSONAL_DATA = str(DPV.NonPersonalData)
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
    'https://w3id.org/policykg/id/policy/acme/abababababab'
    """
    g = Graph()
    bind_prefixes(g)
    for triple in policy_triples(record, publisher):
        g.add(triple)
    return policy_iri_of(record, publisher), g


def to_nquads(record: PolicyRecord, publisher: Publisher, *, without_names: bool = False) -> tuple[URIRef, str]:
    r"""The named-graph IRI and the N-Quads of one policy version: the graph of :func:`to_graph`, written
    directly (building an rdflib ``Graph`` first costs a fifth of a policy's ingest time).

    ``without_names`` leaves out the publisher's slug and name triples (a worker does not know them yet).

    >>> from policykg.ingest.records import Document, PolicyMetadata
    >>> rec = PolicyRecord(Document('We said "hi".', (), "x.txt", "text/plain", "ab" * 32), PolicyMetadata())
    >>> name, data = to_nquads(rec, Publisher("acme", "Acme"))
    >>> print(next(line for line in data.splitlines() if "#text>" in line).split("> ", 2)[2])
    "We said \"hi\"." <https://w3id.org/policykg/id/policy/acme/abababababab> .
    """
    policy = policy_iri_of(record, publisher)
    skipped = {(publisher.iri, PK.slug), (publisher.iri, SCHEMA.name)} if without_names else set()
    return policy, nquads(((s, p, o) for s, p, o in policy_triples(record, publisher) if (s, p) not in skipped), policy)


def nquads(triples, graph: str) -> str:
    """``triples`` as N-Quads lines in the named graph ``graph``, each once, in first-seen order.

    >>> print(nquads([(URIRef("urn:a"), PK.slug, Literal("a"))] * 2, "urn:g"), end="")
    <urn:a> <https://w3id.org/policykg#slug> "a" <urn:g> .
    """
    name = f"<{graph}>"
    return "".join(dict.fromkeys(f"{_term(s)} {_term(p)} {_term(o)} {name} .\n" for s, p, o in triples))


_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def _term(term) -> str:
    """A term in N-Triples form (IRIs minted by ``ontology.iris`` need no escaping)."""
    if type(term) is URIRef:  # most terms; tested first because isinstance on rdflib terms is slow
        return f"<{term}>"
    if isinstance(term, Literal):
        text = f'"{str(term).translate(_ESCAPES)}"'
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype is not None and term.datatype != XSD.string:
            return f"{text}^^<{term.datatype}>"
        return text
    return f"<{term}>"


def policy_triples(record: PolicyRecord, publisher: Publisher):
    """The triples of one policy version's graph, in a fixed order (repeats possible: a graph removes them)."""
    document, metadata = record.document, record.metadata
    sha = document.sha256
    policy = policy_iri_of(record, publisher)
    org = publisher.iri

    # -- the publisher
    yield (org, RDF.type, PK.Organization)
    yield from publisher_triples(publisher)
    if metadata.website:
        yield (org, SCHEMA.url, Literal(metadata.website))
    for email in metadata.emails:
        yield (org, SCHEMA.email, Literal(email))
    for phone in metadata.phones:
        yield (org, SCHEMA.telephone, Literal(phone))
    for address in metadata.addresses:
        yield (org, SCHEMA.address, Literal(address))

    # -- the policy version
    yield (policy, RDF.type, PK.PolicyDocument)
    yield (policy, DCT.publisher, org)
    yield (policy, PK.sha256, Literal(sha))
    yield (policy, PK.mediaType, Literal(document.media_type))
    yield (policy, DCT.source, Literal(document.source))
    yield (policy, PK.text, Literal(document.text))
    yield (policy, PK.charCount, Literal(len(document.text), datatype=XSD.integer))
    if metadata.date:
        yield (policy, DCT.modified, Literal(metadata.date.isoformat(), datatype=XSD.date))
        if metadata.date_kind:
            yield (policy, PK.dateKind, Literal(metadata.date_kind))
    if metadata.version:
        yield (policy, PK.versionLabel, Literal(metadata.version))
    url = metadata.url or document.url
    if url:
        yield (policy, SCHEMA.url, Literal(url))
    if metadata.language:
        yield (policy, DCT.language, Literal(metadata.language))
    run = ID[f"run/extractor-{record.extractor_version or 'unknown'}"]
    yield (policy, PROV.wasGeneratedBy, run)
    yield (run, RDF.type, PK.ExtractionRun)

    described: set[Span] = set()

    def evidence(span: Span):
        """The span's node and its triples, the first time the span is evidence (items often share one)."""
        if span in described:
            return
        described.add(span)
        node = span_iri(sha, span.start, span.end)
        position, quote = URIRef(f"{node}#position"), URIRef(f"{node}#quote")
        yield (node, RDF.type, OA.SpecificResource)
        yield (node, OA.hasSource, policy)
        yield (node, OA.hasSelector, position)
        yield (node, OA.hasSelector, quote)
        yield (position, RDF.type, OA.TextPositionSelector)
        yield (position, OA.start, Literal(span.start))  # xsd:integer: what stores give back unchanged
        yield (position, OA.end, Literal(span.end))
        yield (quote, RDF.type, OA.TextQuoteSelector)
        yield (quote, OA.exact, Literal(span.quote(document.text)))

    def named_org(name: str):
        """The named organisation's triples (its node is their subject)."""
        node = org_iri(slugify(name))
        yield (node, RDF.type, PK.Organization)
        yield (node, SCHEMA.name, Literal(name))
        yield (node, PK.slug, Literal(slugify(name)))

    # -- practices
    for p in record.practices:
        node = practice_iri(
            sha, p.evidence.start, p.evidence.end, p.actions, p.data_types, p.purposes, p.recipients,
            p.recipient_names, p.data_subjects, p.actor, p.actor_name, p.polarity.value, p.modality.value, p.condition,
        )
        yield (node, RDF.type, PK.Practice)
        yield (node, PK.inPolicy, policy)
        if p.actor == FIRST_PARTY:
            actor = org
        elif p.actor is not None:
            actor = URIRef(p.actor)
        else:
            actor = org_iri(slugify(p.actor_name or "unknown"))
            yield from named_org(p.actor_name or "unknown")
        yield (node, PK.actor, actor)
        for action in p.actions:
            yield (node, DPV.hasProcessing, URIRef(action))
        for data_type in p.data_types:
            # Data the policy calls non-personal ("aggregated information") is data, not personal data.
            yield (node, DPV.hasData if is_a(data_type, _NON_PERSONAL_DATA) else DPV.hasPersonalData, URIRef(data_type))
        for purpose in p.purposes:
            yield (node, DPV.hasPurpose, URIRef(purpose))
        for recipient in p.recipients:
            yield (node, DPV.hasRecipient, URIRef(recipient))
        for name in p.recipient_names:
            yield from named_org(name)
            yield (node, DPV.hasRecipient, org_iri(slugify(name)))
        for subject in p.data_subjects:
            yield (node, DPV.hasDataSubject, URIRef(subject))
        if p.condition:
            yield (node, PK.condition, Literal(p.condition))
        yield (node, PK.polarity, _POLARITY[p.polarity])
        yield (node, PK.modality, _MODALITY[p.modality])
        yield (node, PK.confidence, _decimal(p.confidence))
        yield (node, PK.rule, Literal(p.rule))
        yield from evidence(p.evidence)
        yield (node, PK.evidence, span_iri(sha, p.evidence.start, p.evidence.end))
        if p.context is not None:
            yield from evidence(p.context)
            yield (node, PK.context, span_iri(sha, p.context.start, p.context.end))

    # -- policy-level statements
    for s in record.statements:
        node = statement_iri(sha, s.topic, s.evidence.start, s.evidence.end, s.polarity.value, s.value, s.how)
        yield (node, RDF.type, PK.Statement)
        yield (node, PK.inPolicy, policy)
        yield (node, PK.topic, URIRef(s.topic))
        yield (node, PK.polarity, _POLARITY[s.polarity])
        if s.value:
            yield (node, PK.value, Literal(s.value))
        if s.how:
            yield (node, PK.how, Literal(s.how))
        yield (node, PK.confidence, _decimal(s.confidence))
        yield (node, PK.rule, Literal(s.rule))
        yield from evidence(s.evidence)
        yield (node, PK.evidence, span_iri(sha, s.evidence.start, s.evidence.end))

    # -- segments and their OPP-115 categories
    for segment in record.segments:
        node = segment_iri(sha, segment.span.start, segment.span.end)
        yield (node, RDF.type, PK.Segment)
        yield (node, PK.inPolicy, policy)
        for category in segment.categories:
            yield (node, PK.category, URIRef(category))
        yield from evidence(segment.span)
        yield (node, PK.evidence, span_iri(sha, segment.span.start, segment.span.end))
