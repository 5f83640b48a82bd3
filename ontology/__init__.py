"""The policykg ontology: the TBox, the SKOS taxonomies, and access to them.

Every ``*.ttl`` file of this folder is part of the ontology. The taxonomies'
``skos:prefLabel`` / ``skos:altLabel`` are the extraction lexicon, so this module
is the one place the extractor learns surface forms from.

>>> from policykg.ontology import concept, PK
>>> concept(PK.Sell).pref_label
'sell'
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from .namespaces import DPV, PD, PK, PREFIXES, bind_prefixes, expand_curie

#: Name of the named graph that holds the ontology in a store.
ONTOLOGY_GRAPH = URIRef("https://w3id.org/policykg/graph/ontology")

#: The materialised reflexive-transitive closure of ``skos:broader`` (see :func:`broader_closure`).
BROADER_OR_SELF = PK.broaderOrSelf

SCHEMES = {
    "actions": PK.Actions,
    "datatypes": PK.PersonalDataTypes,
    "purposes": PK.Purposes,
    "recipients": PK.RecipientCategories,
    "subjects": PK.DataSubjects,
    "topics": PK.StatementTopics,
    "opp115": PK.OPP115Categories,
    "jurisdictions": PK.Jurisdictions,
}

__all__ = [
    "BROADER_OR_SELF",
    "Concept",
    "DPV",
    "ONTOLOGY_GRAPH",
    "PD",
    "PK",
    "PREFIXES",
    "SCHEMES",
    "ancestors",
    "bind_prefixes",
    "broader_closure",
    "concept",
    "concepts",
    "expand_curie",
    "ontology_files",
    "is_a",
    "ontology_graph",
    "opp115_value",
]


@dataclass(frozen=True, slots=True)
class Concept:
    """A SKOS concept of one of the taxonomies.

    ``labels`` are the lower-cased surface forms (prefLabel first, then
    altLabels, deduplicated). ``broader`` are the direct parents' IRIs.
    """

    iri: str
    scheme: str
    pref_label: str
    labels: tuple[str, ...]
    broader: tuple[str, ...]
    sensitive: bool = False
    opp115_attribute: str | None = None
    opp115_value: str | None = None


def ontology_files() -> list[str]:
    """Names of the Turtle files that make up the ontology, sorted."""
    return sorted(
        entry.name
        for entry in resources.files(__package__).iterdir()
        if entry.name.endswith(".ttl")
    )


@cache
def ontology_graph() -> Graph:
    """The whole ontology as one rdflib graph (parsed once per process).

    Besides the triples of the ``*.ttl`` files it holds ``pk:broaderOrSelf``,
    the reflexive-transitive closure of ``skos:broader`` (:func:`broader_closure`),
    so every copy of the ontology (the store's ontology graph, dumps, pushes to a
    SPARQL server, SHACL validation) carries it and queries never need the
    ``skos:broader*`` property path.

    Callers must not modify it: copy it (``Graph() + ontology_graph()``) first.
    """
    graph = Graph()
    bind_prefixes(graph)
    folder = resources.files(__package__)
    for name in ontology_files():
        graph.parse(data=folder.joinpath(name).read_text(encoding="utf-8"), format="turtle")
    for triple in broader_closure(graph):
        graph.add(triple)
    return graph


def broader_closure(graph: Graph) -> set[tuple[URIRef, URIRef, URIRef]]:
    """``(concept, pk:broaderOrSelf, ancestor)`` for every concept of ``graph`` and itself and each ancestor.

    A concept is an IRI typed ``skos:Concept``, in a ``skos:inScheme``, or at
    either end of a ``skos:broader`` triple. The result is what the SPARQL path
    ``?concept skos:broader* ?ancestor`` matches among concepts, as plain
    triples: one index lookup instead of a path walk (which some engines,
    Virtuoso 7 among them, get wrong inside larger patterns). Unlike the path it
    does not relate IRIs that are not concepts (a named organisation) to
    themselves: queries that need that say so. Cycles are tolerated.

    >>> g = Graph()
    >>> _ = g.add((PK.Sell, SKOS.broader, DPV.Disclose)).add((DPV.Disclose, SKOS.broader, DPV.Process))
    >>> sorted(str(o).rsplit("#", 1)[1] for s, p, o in broader_closure(g) if s == PK.Sell)
    ['Disclose', 'Process', 'Sell']
    """
    parents: dict[URIRef, set[URIRef]] = {}
    nodes: set[URIRef] = set(graph.subjects(RDF.type, SKOS.Concept)) | set(graph.subjects(SKOS.inScheme, None))
    for child, parent in graph.subject_objects(SKOS.broader):
        nodes.update((child, parent))
        parents.setdefault(child, set()).add(parent)
    closure: set[tuple[URIRef, URIRef, URIRef]] = set()
    for node in nodes:
        if not isinstance(node, URIRef):
            continue
        seen = {node}
        frontier = [node]
        while frontier:
            for parent in parents.get(frontier.pop(), ()):
                if parent not in seen and isinstance(parent, URIRef):
                    seen.add(parent)
                    frontier.append(parent)
        closure.update((node, BROADER_OR_SELF, ancestor) for ancestor in seen)
    return closure


def _english(literal) -> bool:
    return isinstance(literal, Literal) and (literal.language in (None, "en"))


@cache
def _all_concepts() -> dict[str, Concept]:
    graph = ontology_graph()
    scheme_of: dict[str, str] = {}
    for name, scheme in SCHEMES.items():
        for subject in graph.subjects(SKOS.inScheme, scheme):
            scheme_of.setdefault(str(subject), name)
    result: dict[str, Concept] = {}
    for iri, scheme in scheme_of.items():
        node = URIRef(iri)
        prefs = [str(o) for o in graph.objects(node, SKOS.prefLabel) if _english(o)]
        alts = [str(o) for o in graph.objects(node, SKOS.altLabel) if _english(o)]
        pref = prefs[0] if prefs else iri.rsplit("#", 1)[-1]
        labels = tuple(dict.fromkeys(label.strip().lower() for label in [pref, *sorted(alts)] if label.strip()))
        attribute = graph.value(node, PK.opp115Attribute)
        value = graph.value(node, PK.opp115Value)
        sensitive = graph.value(node, PK.sensitive)
        result[iri] = Concept(
            iri=iri,
            scheme=scheme,
            pref_label=pref,
            labels=labels,
            broader=tuple(sorted(str(b) for b in graph.objects(node, SKOS.broader))),
            sensitive=bool(sensitive is not None and sensitive.toPython() is True),
            opp115_attribute=str(attribute) if attribute is not None else None,
            opp115_value=str(value) if value is not None else None,
        )
    return result


def concepts(scheme: str) -> tuple[Concept, ...]:
    """The concepts of one scheme (a key of ``SCHEMES``), sorted by IRI.

    Raises:
        KeyError: if ``scheme`` is not a known scheme name.
    """
    if scheme not in SCHEMES:
        raise KeyError(f"unknown concept scheme {scheme!r}; known: {', '.join(SCHEMES)}")
    return tuple(c for _, c in sorted(_all_concepts().items()) if c.scheme == scheme)


def concept(iri: str) -> Concept:
    """The concept with this IRI (or CURIE such as ``pd:EmailAddress``).

    Raises:
        KeyError: if no scheme has it.
    """
    return _all_concepts()[expand_curie(str(iri))]


@cache
def ancestors(iri: str) -> tuple[str, ...]:
    """All concepts reachable by ``skos:broader`` from ``iri``, nearest first (not ``iri`` itself)."""
    seen: list[str] = []
    frontier = list(_all_concepts().get(iri, Concept(iri, "", "", (), ())).broader)
    while frontier:
        parent = frontier.pop(0)
        if parent in seen:
            continue
        seen.append(parent)
        known = _all_concepts().get(parent)
        if known is not None:
            frontier.extend(known.broader)
    return tuple(seen)


def opp115_value(iri: str, attribute: str) -> str | None:
    """The OPP-115 value of ``attribute`` a concept maps to, inherited via ``skos:broader``."""
    for candidate in (iri, *ancestors(iri)):
        known = _all_concepts().get(candidate)
        if known is not None and known.opp115_attribute == attribute and known.opp115_value:
            return known.opp115_value
    return None


def is_a(iri: str, ancestor: str) -> bool:
    """True when ``iri`` is ``ancestor`` or narrower than it."""
    return iri == ancestor or ancestor in ancestors(iri)
