"""Property tests of RDF round trips (issue 7, conventions 9).

Hypothesis generates policy records (a document, metadata, practices,
statements and segments with arbitrary Unicode text: quotes, backslashes,
newlines, ``'''``, emoji, right-to-left scripts) and concepts drawn from the
shipped ontology's SKOS schemes; ``policykg.ingest.to_rdf.to_graph`` makes the
policy graph. Writing it as Turtle, as TriG (in a Dataset under its policy IRI)
and through the Oxigraph store, then reading it back, must give an isomorphic
graph every time.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import lru_cache

import pyoxigraph as ox
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, SKOS, XSD

from policykg.ingest.records import (
    FIRST_PARTY,
    Block,
    BlockKind,
    Document,
    Modality,
    Polarity,
    PolicyMetadata,
    PolicyRecord,
    Practice,
    Segment,
    Span,
    Statement,
)
from policykg.ingest.to_rdf import Publisher, to_graph
from policykg.ontology import ontology_graph
from policykg.ontology.namespaces import PK
from policykg.store import Store

SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@lru_cache(maxsize=None)
def concepts(scheme: str) -> tuple[str, ...]:
    g = ontology_graph()
    found = sorted(str(c) for c in g.subjects(SKOS.inScheme, PK[scheme]) if (c, RDF.type, SKOS.Concept) in g)
    assert found, f"no concepts in pk:{scheme}"
    return tuple(found)


def concept(scheme: str) -> st.SearchStrategy[str]:
    return st.sampled_from(concepts(scheme))


# Document text obeys the Document invariant (no control characters but line
# breaks); literals elsewhere are any Unicode but surrogates and controls.
CHARS = st.characters(blacklist_categories=("Cs", "Cc"))
#: Strings that break naive escaping in Turtle / TriG / N-Quads.
TRICKY = st.sampled_from(['"', "'", "\\", "\n", "'''", '"""', "\u202e", "😀", "<>", "@en", "\\u0041", "^^", "#", " "])
TEXT = st.one_of(st.text(CHARS, max_size=15), TRICKY, st.tuples(st.text(CHARS, max_size=8), TRICKY).map("".join))
NAME = st.text(CHARS, min_size=1, max_size=20).filter(str.strip) | st.sampled_from(['Acme, Inc.', 'O\'Brien & "Sons" Ltd', "Zoë"])


@st.composite
def records(draw) -> PolicyRecord:
    text = draw(st.tuples(st.text(CHARS, min_size=1, max_size=120), TRICKY, st.text(CHARS, max_size=60)).map("".join))

    def span() -> Span:
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, len(text)))
        return Span(start, end)

    def several(strategy, max_size=3):
        return tuple(draw(st.lists(strategy, max_size=max_size, unique=True)))

    practices = []
    for _ in range(draw(st.integers(0, 3))):
        actor = draw(st.sampled_from([FIRST_PARTY, None, *concepts("RecipientCategories")[:5]]))
        practices.append(
            Practice(
                actions=several(concept("Actions"), 2) or (concepts("Actions")[0],),
                data_types=several(concept("PersonalDataTypes")) or (concepts("PersonalDataTypes")[0],),
                evidence=span(),
                actor=actor,
                actor_name=draw(NAME) if actor is None else None,
                purposes=several(concept("Purposes")),
                recipients=several(concept("RecipientCategories")),
                recipient_names=several(NAME, 2),
                data_subjects=several(concept("DataSubjects"), 1),
                condition=draw(st.none() | TEXT),
                polarity=draw(st.sampled_from(Polarity)),
                modality=draw(st.sampled_from(Modality)),
                confidence=draw(st.floats(0.01, 1.0)),
                rule=draw(TEXT),
            )
        )
    statements = [
        Statement(
            topic=draw(concept("StatementTopics")),
            evidence=span(),
            polarity=draw(st.sampled_from(Polarity)),
            value=draw(st.none() | TEXT),
            how=draw(st.none() | TEXT),
            confidence=draw(st.floats(0.01, 1.0)),
            rule=draw(TEXT),
        )
        for _ in range(draw(st.integers(0, 2)))
    ]
    segments = [Segment(span(), several(concept("OPP115Categories"), 2)) for _ in range(draw(st.integers(0, 2)))]
    document = Document(
        text=text,
        blocks=(Block(BlockKind.PARAGRAPH, 0, len(text)),),
        source=draw(TEXT) or "x.txt",
        media_type=draw(st.sampled_from(["text/plain", "text/markdown", "text/html", "application/pdf"])),
        sha256=draw(st.text("0123456789abcdef", min_size=64, max_size=64)),
        url=draw(st.none() | st.just("https://example.org/privacy?a=1&b=\"2\"")),
    )
    metadata = PolicyMetadata(
        company=draw(st.none() | NAME),
        aliases=several(NAME, 2),
        website=draw(st.none() | TEXT),
        emails=several(TEXT, 2),
        phones=several(TEXT, 2),
        addresses=several(TEXT, 2),
        date=draw(st.none() | st.dates(dt.date(1990, 1, 1), dt.date(2100, 12, 31))),
        date_kind=draw(st.none() | st.sampled_from(["last-updated", "effective", "version", "published"])),
        version=draw(st.none() | TEXT),
        language=draw(st.none() | st.sampled_from(["en", "de"])),
    )
    return PolicyRecord(document, metadata, tuple(practices), tuple(statements), tuple(segments), "1")


@st.composite
def policy_graphs(draw) -> tuple[URIRef, Graph]:
    record = draw(records())
    name = draw(NAME)
    publisher = Publisher(slug=draw(st.from_regex(r"[a-z0-9]{1,12}(-[a-z0-9]{1,8}){0,2}", fullmatch=True)),
                          name=name, legal_name=draw(st.none() | NAME), aliases=several_names(draw))
    return to_graph(record, publisher)


def several_names(draw) -> tuple[str, ...]:
    return tuple(draw(st.lists(NAME, max_size=2, unique=True)))


@SETTINGS
@given(policy_graphs())
def test_turtle_round_trip_is_isomorphic(named: tuple[URIRef, Graph]) -> None:
    _, graph = named
    data = graph.serialize(format="turtle")
    back = Graph().parse(data=data, format="turtle")
    assert len(back) == len(graph)
    assert isomorphic(back, graph)


@SETTINGS
@given(policy_graphs())
def test_trig_round_trip_is_isomorphic(named: tuple[URIRef, Graph]) -> None:
    name, graph = named
    ds = Dataset()
    target = ds.graph(name)
    for triple in graph:
        target.add(triple)
    data = ds.serialize(format="trig")
    back = Dataset()
    back.parse(data=data, format="trig")
    names = {str(g.identifier) for g in back.graphs() if len(g)}
    assert names == {str(name)}
    assert isomorphic(back.graph(name), graph)


_STORE: list[Store] = []


def memory_store() -> Store:
    if not _STORE:
        _STORE.append(Store.open(None))
    return _STORE[0]


_INTEGER_TYPES = {XSD[t] for t in ("nonNegativeInteger", "positiveInteger", "nonPositiveInteger", "negativeInteger",
                                    "long", "int", "short", "byte", "unsignedLong", "unsignedInt", "unsignedShort",
                                    "unsignedByte")}


def integers_as_xsd_integer(graph: Graph) -> Graph:
    """``graph`` as Oxigraph 0.5 stores it: integer-derived literals typed ``xsd:integer``,
    decimals in canonical form ("0.50" is "0.5", "1.00" is "1")."""
    out = Graph()
    for s, p, o in graph:
        if isinstance(o, Literal) and o.datatype in _INTEGER_TYPES:
            o = Literal(str(o), datatype=XSD.integer)
        elif isinstance(o, Literal) and o.datatype == XSD.decimal:
            o = Literal(format(Decimal(str(o)).normalize(), "f"), datatype=XSD.decimal)
        out.add((s, p, o))
    return out


@SETTINGS
@given(policy_graphs())
def test_store_round_trip_is_isomorphic(named: tuple[URIRef, Graph]) -> None:
    """Through Oxigraph: ``put_graphs`` (N-Quads in), ``graph`` and an N-Quads dump out.

    Oxigraph 0.5 stores integer-derived datatypes as ``xsd:integer`` and
    decimals in canonical form, so the comparison
    is made up to that.
    """
    name, graph = named
    store = memory_store()
    store.put_graphs([(name, graph)])
    want = integers_as_xsd_integer(graph)
    try:
        assert isomorphic(store.graph(str(name)), want)
        nq = store.oxigraph.dump(format=ox.RdfFormat.N_QUADS, from_graph=ox.NamedNode(str(name)))
        assert isomorphic(Graph().parse(data=nq.decode("utf-8"), format="nt"), want)
    finally:
        store.remove_graph(str(name))


def test_store_keeps_the_datatype_of_text_positions() -> None:
    record = PolicyRecord(
        Document("We collect your name.", (Block(BlockKind.PARAGRAPH, 0, 21),), "x.txt", "text/plain", "ab" * 32),
        PolicyMetadata(),
        (Practice((concepts("Actions")[0],), (concepts("PersonalDataTypes")[0],), Span(3, 10)),),
    )
    name, graph = to_graph(record, Publisher("acme", "Acme"))
    store = memory_store()
    store.put_graphs([(name, graph)])
    try:
        assert isomorphic(store.graph(str(name)), graph)
    finally:
        store.remove_graph(str(name))
