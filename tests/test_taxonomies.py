"""The SKOS taxonomies (ontology/{datatypes,purposes,recipients,subjects}.ttl) and their
OPP-115 mapping (ontology/opp115-mapping.ttl).

The labels of these schemes are the extraction lexicon and the mapping is what evaluation
against OPP-115 rests on, so the tests check the structure a lexicon lookup and a
``skos:broader*`` walk rely on, and check the mapping against the OPP-115 gold itself.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter, defaultdict
from functools import lru_cache
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, SKOS

REPO = Path(__file__).resolve().parents[1]
ONTOLOGY = REPO / "ontology"
SHARED = Path(__file__).resolve().parents[2] / "shared"
OPP115_CONSOLIDATION = (
    SHARED / "corpora" / "opp115-dev" / "consolidation" / "threshold-0.75-overlap-similarity"
)

PK = Namespace("https://w3id.org/policykg#")
DPV = Namespace("https://w3id.org/dpv#")
PD = Namespace("https://w3id.org/dpv/pd#")

#: file -> (scheme, the top concept the brief names, minimum number of concepts)
SCHEMES = {
    "datatypes.ttl": (PK.PersonalDataTypes, DPV.PersonalData, 120),
    "purposes.ttl": (PK.Purposes, DPV.Purpose, 40),
    "recipients.ttl": (PK.RecipientCategories, DPV.Recipient, 25),
    "subjects.ttl": (PK.DataSubjects, DPV.DataSubject, 15),
    "jurisdictions.ttl": (PK.Jurisdictions, PK.Jurisdiction, 200),
}
MAPPING_FILE = "opp115-mapping.ttl"

#: the OPP-115 attribute each scheme's concepts may map to (subjects: audience or user type)
ATTRIBUTES = {
    PK.PersonalDataTypes: {"personal-information-type"},
    PK.Purposes: {"purpose"},
    PK.RecipientCategories: {"third-party-entity"},
    PK.DataSubjects: {"audience-type", "user-type"},
}
#: attribute name in pk:opp115Attribute -> attribute key in the consolidation CSVs
GOLD_KEYS = {
    "personal-information-type": "Personal Information Type",
    "purpose": "Purpose",
    "third-party-entity": "Third Party Entity",
    "audience-type": "Audience Type",
    "user-type": "User Type",
}
#: values that need no concept: not a type of anything
UNMAPPABLE = {"unspecified", "other", "not-selected", "generic personal information"}

#: words so general that, as labels, they would fire in nearly every sentence
TOO_GENERIC = {
    "information", "data", "service", "services", "personal", "content", "use", "details",
    "we", "you", "your", "it", "they", "purpose", "such", "other", "any", "product", "products",
    "site", "website", "company", "companies", "account", "interest", "contact", "log", "post",
    "review", "purchase", "transaction", "assets", "identity", "tracking",
}


# ---------------------------------------------------------------- helpers


@lru_cache(maxsize=None)
def load(name: str) -> Graph:
    return Graph().parse(ONTOLOGY / name, format="turtle")


@lru_cache(maxsize=None)
def union() -> Graph:
    """Every ontology/*.ttl file in one graph, as policykg.ontology loads them."""
    graph = Graph()
    for path in sorted(ONTOLOGY.glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


def concepts(scheme: URIRef) -> set[URIRef]:
    return set(union().subjects(SKOS.inScheme, scheme))


def labels(graph: Graph, concept: URIRef) -> set[str]:
    """The surface forms of a concept: its English prefLabel and altLabels, case-folded."""
    return {
        str(label).casefold()
        for prop in (SKOS.prefLabel, SKOS.altLabel)
        for label in graph.objects(concept, prop)
        if isinstance(label, Literal) and label.language == "en"
    }


def lexicon(scheme: URIRef) -> dict[str, URIRef]:
    graph = union()
    return {label: c for c in concepts(scheme) for label in labels(graph, c)}


def opp115_value(graph: Graph, concept: URIRef) -> tuple[str, str] | None:
    """(attribute, value) of the nearest concept on the skos:broader path that is mapped."""
    seen: set[URIRef] = set()
    node: URIRef | None = concept
    while node is not None and node not in seen:
        seen.add(node)
        value = graph.value(node, PK.opp115Value)
        if value is not None:
            return str(graph.value(node, PK.opp115Attribute)), str(value)
        node = graph.value(node, SKOS.broader)
    return None


def require_gold() -> Path:
    if not OPP115_CONSOLIDATION.is_dir():
        pytest.skip(f"needs {OPP115_CONSOLIDATION} (the ../shared data folder is not beside this checkout)")
    return OPP115_CONSOLIDATION


@lru_cache(maxsize=None)
def gold_annotations() -> tuple[tuple[str, str, str], ...]:
    """(attribute key, value, selected text) of every attribute in the OPP-115 consolidation."""
    rows = []
    for path in sorted(require_gold().glob("*.csv")):
        with path.open(newline="", encoding="utf-8") as handle:
            for record in csv.reader(handle):
                for key, attribute in json.loads(record[6]).items():
                    rows.append((key, attribute.get("value", ""), attribute.get("selectedText", "")))
    return tuple(rows)


def gold_values() -> dict[str, set[str]]:
    values: dict[str, set[str]] = defaultdict(set)
    for key, value, _ in gold_annotations():
        values[key].add(value)
    return values


# ---------------------------------------------------------------- parsing and size


@pytest.mark.parametrize("name", [*SCHEMES, MAPPING_FILE])
def test_file_parses_and_is_not_empty(name):
    assert len(load(name)) > 50


@pytest.mark.parametrize("name", list(SCHEMES))
def test_scheme_is_declared_with_its_top_concept(name):
    scheme, top, _ = SCHEMES[name]
    graph = load(name)
    assert (scheme, RDF.type, SKOS.ConceptScheme) in graph
    assert (top, SKOS.topConceptOf, scheme) in graph
    assert (scheme, SKOS.hasTopConcept, top) in graph
    assert graph.value(top, SKOS.broader) is None


@pytest.mark.parametrize("name", list(SCHEMES))
def test_scheme_has_enough_concepts(name):
    scheme, _, minimum = SCHEMES[name]
    assert len(concepts(scheme)) >= minimum


@pytest.mark.parametrize("name", list(SCHEMES))
def test_every_concept_of_the_file_is_a_concept_of_its_scheme(name):
    scheme, _, _ = SCHEMES[name]
    graph = load(name)
    for concept in graph.subjects(RDF.type, SKOS.Concept):
        assert (concept, SKOS.inScheme, scheme) in graph, concept


# ---------------------------------------------------------------- labels and schemes


def test_every_concept_has_exactly_one_english_preflabel():
    graph = union()
    for scheme, _, _ in SCHEMES.values():
        for concept in concepts(scheme):
            english = [
                label for label in graph.objects(concept, SKOS.prefLabel) if label.language == "en"
            ]
            assert len(english) == 1, (concept, english)


def test_every_concept_is_in_exactly_one_scheme_across_the_whole_ontology():
    graph = union()
    for scheme, _, _ in SCHEMES.values():
        for concept in concepts(scheme):
            assert len(set(graph.objects(concept, SKOS.inScheme))) == 1, concept


@pytest.mark.parametrize("name", list(SCHEMES))
def test_no_label_belongs_to_two_concepts_of_one_scheme(name):
    scheme, _, _ = SCHEMES[name]
    graph = union()
    owners: dict[str, set[URIRef]] = defaultdict(set)
    for concept in concepts(scheme):
        for label in labels(graph, concept):
            owners[label].add(concept)
    shared = {label: sorted(owner) for label, owner in owners.items() if len(owner) > 1}
    assert not shared


@pytest.mark.parametrize("name", list(SCHEMES))
def test_alt_labels_are_lower_case_trimmed_and_not_too_generic(name):
    scheme, _, _ = SCHEMES[name]
    graph = union()
    for concept in concepts(scheme):
        for label in graph.objects(concept, SKOS.altLabel):
            text = str(label)
            assert label.language == "en", (concept, text)
            assert text == text.lower() == " ".join(text.split()), (concept, text)
            assert text not in TOO_GENERIC, (concept, text)
            assert "(" not in text or ")" in text, (concept, text)


def test_lexicon_puts_common_surface_forms_on_the_right_concept():
    expected = {
        PK.PersonalDataTypes: {
            "e-mail address": PD.EmailAddress, "email addresses": PD.EmailAddress,
            "phone number": PD.TelephoneNumber, "mobile numbers": PD.TelephoneNumber,
            "zip code": PD.PostalCode, "postal code": PD.PostalCode,
            "ip addresses": PD.IPAddress, "device ids": PK.DeviceIdentifier,
            "clear gifs": PK.TrackingPixelData, "pixel tags": PK.TrackingPixelData,
            "web beacons": PK.TrackingPixelData, "local shared objects": PK.FlashCookie,
            "cookies": PK.CookieIdentifier, "browser type": PD.UserAgent,
            "operating system": PD.DeviceOperatingSystem, "referring url": PD.BrowsingReferral,
            "browser language": PK.DeviceSettings, "preferred language": PK.LanguagePreference,
            "ssn": PK.SocialSecurityNumber, "driver's license number": PK.DriversLicence,
            "date of birth": PD.BirthDate, "credit card number": PD.CreditCardNumber,
            "precise geolocation": PK.PreciseLocation, "personally identifiable information": DPV.PersonalData,
            "pii": DPV.PersonalData, "non-personal information": DPV.NonPersonalData,
            "aggregate information": PK.AggregatedData, "sexual orientation": PD.SexualPreference,
        },
        PK.Purposes: {
            "fraud prevention": DPV.FraudPreventionAndDetection, "analytics": DPV.ServiceUsageAnalytics,
            "interest-based advertising": DPV.PersonalisedAdvertising, "merger": PK.Merger,
            "bankruptcy": PK.Merger, "comply with the law": DPV.LegalCompliance, "subpoena": PK.LegalProcess,
            "newsletters": PK.Newsletter, "sweepstakes": PK.Contests, "process your order": DPV.CustomerOrderManagement,
        },
        PK.RecipientCategories: {
            "service providers": DPV.DataProcessor, "third parties": DPV.ThirdParty,
            "advertisers": PK.Advertiser, "ad networks": PK.AdvertisingNetwork, "affiliates": PK.Affiliate,
            "subsidiaries": PK.Subsidiary, "law enforcement": PK.LawEnforcement, "the public": PK.PublicDisclosure,
            "other users": PK.OtherUsers, "credit bureaus": PK.CreditBureau, "data brokers": PK.DataBroker,
        },
        PK.DataSubjects: {
            "children": DPV.Child, "kids": DPV.Child, "minors": DPV.Child, "under 13": DPV.Child,
            "california residents": PK.CaliforniaResident, "job applicants": DPV.JobApplicant,
            "registered users": PK.AccountHolder, "visitors": DPV.Visitor, "referrals": PK.Referral,
        },
    }
    for scheme, table in expected.items():
        lex = lexicon(scheme)
        wrong = {label: lex.get(label) for label, concept in table.items() if lex.get(label) != concept}
        assert not wrong, (scheme, wrong)


# ---------------------------------------------------------------- hierarchy


@pytest.mark.parametrize("name", list(SCHEMES))
def test_every_concept_reaches_a_top_concept_through_broader_without_cycles(name):
    scheme, _, _ = SCHEMES[name]
    graph = union()
    members = concepts(scheme)
    tops = set(graph.subjects(SKOS.topConceptOf, scheme))
    for concept in members:
        path = [concept]
        while path[-1] not in tops:
            parents = set(graph.objects(path[-1], SKOS.broader))
            assert len(parents) == 1, (path, parents)  # one parent: OPP-115 inheritance is unambiguous
            parent = parents.pop()
            assert parent in members, (path, parent)  # broader stays inside the scheme
            assert parent not in path, ("cycle", path, parent)
            path.append(parent)


def test_personal_data_is_the_top_of_every_personal_data_type():
    graph = union()
    for concept in concepts(PK.PersonalDataTypes):
        node, seen = concept, set()
        while graph.value(node, SKOS.broader) is not None:
            seen.add(node)
            node = graph.value(node, SKOS.broader)
        # the only other top is dpv:NonPersonalData (aggregated / anonymous information)
        assert node in {DPV.PersonalData, DPV.NonPersonalData}, concept
    assert len(concepts(PK.PersonalDataTypes)) - len(
        [c for c in concepts(PK.PersonalDataTypes) if (c, SKOS.broader, DPV.NonPersonalData) in graph]
    ) > 120


# ---------------------------------------------------------------- sensitivity


def test_sensitivity_is_marked_on_special_categories_and_not_on_ordinary_types():
    graph = union()
    sensitive = {c for c in concepts(PK.PersonalDataTypes) if graph.value(c, PK.sensitive) == Literal(True)}
    for concept in (
        PD.Health, PD.Genetic, PD.Biometric, PD.EthnicOrigin, PD.Religion, PD.PoliticalOpinion,
        PD.SexualPreference, PD.TradeUnionMembership, PK.PreciseLocation, PK.SocialSecurityNumber,
        PD.Passport, PK.DriversLicence, PD.CreditCardNumber, PD.BankAccount, PD.Password,
    ):
        assert concept in sensitive, concept
    for concept in (PD.EmailAddress, PD.IPAddress, PK.CookieIdentifier, PD.Location, PD.Name, PD.Username):
        assert concept not in sensitive, concept


def test_every_narrower_concept_of_a_sensitive_concept_is_sensitive():
    graph = union()
    for concept in concepts(PK.PersonalDataTypes):
        parent = graph.value(concept, SKOS.broader)
        if parent is not None and graph.value(parent, PK.sensitive) == Literal(True):
            assert graph.value(concept, PK.sensitive) == Literal(True), concept


# ---------------------------------------------------------------- OPP-115 mapping


def test_each_mapped_concept_has_one_attribute_and_one_value_fitting_its_scheme():
    mapping = load(MAPPING_FILE)
    graph = union()
    mapped = set(mapping.subjects(PK.opp115Value, None)) | set(mapping.subjects(PK.opp115Attribute, None))
    assert len(mapped) > 40
    for concept in mapped:
        attributes = list(mapping.objects(concept, PK.opp115Attribute))
        values = list(mapping.objects(concept, PK.opp115Value))
        assert len(attributes) == 1 and len(values) == 1, concept
        schemes = set(graph.objects(concept, SKOS.inScheme))
        assert len(schemes) == 1, concept
        assert str(attributes[0]) in ATTRIBUTES[schemes.pop()], (concept, attributes[0])


def test_mapping_is_inherited_through_broader():
    graph = union()
    expected = {
        PD.EmailAddress: "Contact", PD.MACAddress: "IP address and device IDs",
        PD.IPAddress: "IP address and device IDs", PD.DeviceOperatingSystem: "Computer information",
        PK.SessionCookie: "Cookies and tracking elements", PD.BrowserHistory: "User online activities",
        PD.Password: "User profile", PK.SocialSecurityNumber: "Personal identifier", PD.GPSCoordinate: "Location",
        PD.Genetic: "Health", DPV.TargetedAdvertising: "Advertising", DPV.CounterMoneyLaundering:
        "Service Operation and Security", PK.LegalProcess: "Legal requirement", PK.Newsletter: "Marketing",
        DPV.ProvideProductRecommendations: "Personalization/Customization", PK.Advertiser: "Named third party",
        DPV.DataSubProcessor: "Unnamed third party", PK.Subsidiary: "Other part of company/affiliate",
        PK.Teenager: "Children",
    }
    got = {concept: (opp115_value(graph, concept) or ("", ""))[1] for concept in expected}
    assert got == expected


def test_a_bare_identifier_is_no_personal_identifier_but_official_ids_are():
    # The manual's "Personal identifier" is an identifier of a person (SSN, driver's license number); a bare
    # "unique identifier" in a policy is most often a cookie's or a device's.
    graph = union()
    got = {concept: (opp115_value(graph, concept) or ("", ""))[1]
           for concept in (PD.Identifying, PD.OfficialID, PK.SocialSecurityNumber, PK.AccountNumber)}
    assert got == {PD.Identifying: "Other", PD.OfficialID: "Personal identifier",
                   PK.SocialSecurityNumber: "Personal identifier", PK.AccountNumber: "Personal identifier"}


def test_mapping_values_occur_in_the_opp115_gold():
    values = gold_values()
    mapping = load(MAPPING_FILE)
    for concept, attribute in mapping.subject_objects(PK.opp115Attribute):
        value = str(mapping.value(concept, PK.opp115Value))
        assert value in values[GOLD_KEYS[str(attribute)]], (concept, attribute, value)


@pytest.mark.parametrize(
    "attribute", ["personal-information-type", "purpose", "third-party-entity", "audience-type"]
)
def test_every_opp115_gold_value_is_mapped_by_a_concept(attribute):
    values = gold_values()[GOLD_KEYS[attribute]]
    mapping = load(MAPPING_FILE)
    mapped = {
        str(mapping.value(c, PK.opp115Value)).casefold()
        for c in mapping.subjects(PK.opp115Attribute, Literal(attribute))
    }
    # OPP-115 spells some values two ways ("User profile" / "User Profile"): compare case-folded
    missing = {v for v in values if v.casefold() not in UNMAPPABLE and v.casefold() not in mapped}
    assert not missing


# ---------------------------------------------------------------- the lexicon against OPP-115 spans


def lexicon_match(text: str, lex: dict[str, URIRef]) -> URIRef | None:
    """The concept of the longest label that occurs in ``text`` as whole words (case-folded)."""
    text = text.casefold().replace("\u2019", "'")
    best = None
    for label, concept in lex.items():
        if label in text and (best is None or len(label) > len(best[0])):
            if re.search(r"(?<![\w-])" + re.escape(label) + r"(?![\w-])", text):
                best = (label, concept)
    return best[1] if best else None


@pytest.mark.slow
@pytest.mark.parametrize(
    ("attribute", "min_matched", "min_correct"),
    [
        ("personal-information-type", 0.75, 0.85),
        ("purpose", 0.45, 0.75),
        ("third-party-entity", 0.70, 0.70),
    ],
)
def test_lexicon_recognises_opp115_gold_spans(attribute, min_matched, min_correct):
    """Short OPP-115 gold spans: a label is found in most, and its concept maps to the gold value.

    Spans of "Unspecified" and "Other" are left out (no concept stands for them), as are spans
    over 80 characters (whole clauses, where the label match is the extractor's job).
    """
    scheme = next(s for s, attrs in ATTRIBUTES.items() if attribute in attrs)
    lex = lexicon(scheme)
    graph = union()
    total = matched = correct = 0
    confusions: Counter = Counter()
    for key, value, text in gold_annotations():
        if key != GOLD_KEYS[attribute] or not text or len(text) > 80 or value.casefold() in UNMAPPABLE - {
            "generic personal information"
        }:
            continue
        total += 1
        concept = lexicon_match(text, lex)
        if concept is None:
            continue
        matched += 1
        got = (opp115_value(graph, concept) or ("", ""))[1]
        if got.casefold() == value.casefold():
            correct += 1
        else:
            confusions[(value, got)] += 1
    assert total > 500
    assert matched / total >= min_matched, (matched, total)
    assert correct / matched >= min_correct, (correct, matched, confusions.most_common(5))


# ---------------------------------------------------------------- the materialised closure (pk:broaderOrSelf)
def test_closure_relates_every_concept_to_itself_and_exactly_its_ancestors():
    from policykg.ontology import BROADER_OR_SELF, ancestors, ontology_graph

    graph = ontology_graph()
    concepts = set(graph.subjects(SKOS.inScheme, None))
    assert len(concepts) > 300
    closure = defaultdict(set)
    for concept, ancestor in graph.subject_objects(BROADER_OR_SELF):
        closure[concept].add(ancestor)
    assert set(closure) == concepts  # concepts only: nothing else (no scheme, no class) is related
    for concept in concepts:
        assert closure[concept] == {concept, *map(URIRef, ancestors(str(concept)))}, concept
    assert {DPV.Disclose, DPV.Process, PK.Sell} == closure[PK.Sell]
    assert DPV.PersonalData in closure[PD.EmailAddress] and PD.Contact in closure[PD.EmailAddress]


def test_closure_answers_what_the_broader_star_path_answers():
    """On the store (Oxigraph evaluates the path correctly) both forms find the same concepts."""
    import pyoxigraph as ox

    from policykg.ontology import ONTOLOGY_GRAPH, ontology_graph

    store = ox.Store()
    store.load(ontology_graph().serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES,
               to_graph=ox.NamedNode(str(ONTOLOGY_GRAPH)))
    prefixes = "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> PREFIX pk: <https://w3id.org/policykg#> "
    pairs = {}
    for form in ("skos:broader*", "pk:broaderOrSelf"):
        query = prefixes + f"SELECT ?c ?a WHERE {{ ?c skos:inScheme ?s . ?c {form} ?a }}"
        pairs[form] = {(r["c"].value, r["a"].value) for r in store.query(query, use_default_graph_as_union=True)}
    assert pairs["skos:broader*"] == pairs["pk:broaderOrSelf"]
    assert len(pairs["pk:broaderOrSelf"]) > 1000


def test_closure_tolerates_cycles_and_leaves_out_blank_nodes():
    from rdflib import BNode

    from policykg.ontology import BROADER_OR_SELF, broader_closure

    ex = Namespace("https://example.org/c#")
    graph = Graph()
    graph.add((ex.a, SKOS.broader, ex.b))
    graph.add((ex.b, SKOS.broader, ex.a))  # a cycle: each is broader-or-self of the other
    graph.add((ex.c, SKOS.broader, ex.a))
    graph.add((BNode(), SKOS.broader, ex.c))
    graph.add((ex.lonely, RDF.type, SKOS.Concept))
    closure = broader_closure(graph)
    by_concept = defaultdict(set)
    for concept, predicate, ancestor in closure:
        assert predicate == BROADER_OR_SELF
        by_concept[concept].add(ancestor)
    assert by_concept == {ex.a: {ex.a, ex.b}, ex.b: {ex.a, ex.b}, ex.c: {ex.a, ex.b, ex.c}, ex.lonely: {ex.lonely}}


def test_closure_property_is_declared_and_not_a_subproperty_of_a_skos_property():
    graph = Graph().parse(ONTOLOGY / "pk.ttl")
    assert (PK.broaderOrSelf, RDF.type, URIRef("http://www.w3.org/2002/07/owl#ObjectProperty")) in graph
    assert (PK.broaderOrSelf, URIRef("http://www.w3.org/2000/01/rdf-schema#subPropertyOf"), None) not in graph
    assert not list(graph.subject_objects(PK.broaderOrSelf))  # computed when loaded, never written in the files
