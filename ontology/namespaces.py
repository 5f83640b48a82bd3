"""RDF namespaces of the policykg vocabulary and the ones it reuses.

``PK`` is our ontology (``ontology/pk.ttl``); ``ID`` is where instances live and
only ``policykg.ontology.iris`` mints IRIs in it.
"""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

PK = Namespace("https://w3id.org/policykg#")
ID = Namespace("https://w3id.org/policykg/id/")
DPV = Namespace("https://w3id.org/dpv#")
PD = Namespace("https://w3id.org/dpv/pd#")
EU_GDPR = Namespace("https://w3id.org/dpv/legal/eu/gdpr#")
OA = Namespace("http://www.w3.org/ns/oa#")
SCHEMA = Namespace("https://schema.org/")
DCT = DCTERMS
SH = Namespace("http://www.w3.org/ns/shacl#")

#: Prefixes used in every serialisation and query header, one place.
PREFIXES: dict[str, str] = {
    "pk": str(PK),
    "id": str(ID),
    "dpv": str(DPV),
    "pd": str(PD),
    "eu-gdpr": str(EU_GDPR),
    "oa": str(OA),
    "prov": str(PROV),
    "dct": str(DCT),
    "schema": str(SCHEMA),
    "skos": str(SKOS),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "sh": str(SH),
}


def bind_prefixes(graph) -> None:
    """Bind the policykg prefixes on an rdflib graph (for readable Turtle)."""
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True)


def expand_curie(value: str) -> str:
    """Expand ``pd:EmailAddress`` to its IRI; return other strings unchanged.

    >>> expand_curie("pd:EmailAddress")
    'https://w3id.org/dpv/pd#EmailAddress'
    >>> expand_curie("https://example.org/x")
    'https://example.org/x'
    """
    prefix, sep, local = value.partition(":")
    if sep and prefix in PREFIXES and not local.startswith("//"):
        return PREFIXES[prefix] + local
    return value
