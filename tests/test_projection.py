"""Tests of policykg.export.projection: the networkx projection every export view is built on.

The store is built by hand from ingest records (``to_graph``), so the expected
counts come from the RDF itself, read with rdflib, not from the projection.
"""

from __future__ import annotations

import datetime as dt
import hashlib

import networkx as nx
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import PROV, RDF, SKOS

from policykg.export import projection as pj
from policykg.ingest.records import Document, Modality, Polarity, PolicyMetadata, PolicyRecord, Practice, Span
from policykg.ingest.to_rdf import Publisher, to_graph
from policykg.ontology import ONTOLOGY_GRAPH, ancestors
from policykg.ontology.namespaces import DPV, PD, PK
from policykg.store import Store

ACME_V1 = (
    "We collect your email address and IP address to provide the service. "
    "We share your email address with advertisers for advertising. "
    "We do not sell your location."
)
ACME_V2 = (
    "We collect your email address and IP address to provide the service. "
    "We may share your IP address with Google for analytics. "
    "We do not sell your location."
)
BETA = "We collect your email address. We sell your email address to advertisers. Google collects your IP address."


def _span(text: str, sentence: str) -> Span:
    start = text.index(sentence)
    return Span(start, start + len(sentence))


def _record(text: str, company: str, date: dt.date, practices: list[Practice]) -> PolicyRecord:
    sha = hashlib.sha256(text.encode()).hexdigest()
    document = Document(text, (), f"{company}.txt", "text/plain", sha)
    return PolicyRecord(document, PolicyMetadata(company=company, date=date), tuple(practices))


def acme_v1() -> PolicyRecord:
    t = ACME_V1
    return _record(t, "Acme", dt.date(2019, 1, 1), [
        Practice((str(DPV.Collect),), (str(PD.EmailAddress), str(PD.IPAddress)), _span(t, "We collect your email address and IP address to provide the service."),
                 purposes=(str(DPV.ServiceProvision),), confidence=0.9, rule="t"),
        Practice((str(DPV.Share),), (str(PD.EmailAddress),), _span(t, "We share your email address with advertisers for advertising."),
                 purposes=(str(PK.Advertising),), recipients=(str(PK.Advertiser),), confidence=0.8, rule="t"),
        Practice((str(PK.Sell),), (str(PD.Location),), _span(t, "We do not sell your location."), polarity=Polarity.NEGATED, confidence=0.9, rule="t"),
    ])


def acme_v2() -> PolicyRecord:
    t = ACME_V2
    return _record(t, "Acme", dt.date(2021, 6, 1), [
        Practice((str(DPV.Collect),), (str(PD.EmailAddress), str(PD.IPAddress)), _span(t, "We collect your email address and IP address to provide the service."),
                 purposes=(str(DPV.ServiceProvision),), confidence=0.9, rule="t"),
        Practice((str(DPV.Share),), (str(PD.IPAddress),), _span(t, "We may share your IP address with Google for analytics."),
                 purposes=(str(DPV.ServiceUsageAnalytics),), recipient_names=("Google",), modality=Modality.POSSIBLE, confidence=0.7, rule="t"),
        Practice((str(PK.Sell),), (str(PD.Location),), _span(t, "We do not sell your location."), polarity=Polarity.NEGATED, confidence=0.9, rule="t"),
    ])


def beta() -> PolicyRecord:
    t = BETA
    return _record(t, "Beta Shop", dt.date(2020, 3, 3), [
        Practice((str(DPV.Collect),), (str(PD.EmailAddress),), _span(t, "We collect your email address."), confidence=0.9, rule="t"),
        Practice((str(PK.Sell),), (str(PD.EmailAddress),), _span(t, "We sell your email address to advertisers."),
                 recipients=(str(PK.Advertiser),), confidence=0.9, rule="t"),
        Practice((str(DPV.Collect),), (str(PD.IPAddress),), _span(t, "Google collects your IP address."), actor=None, actor_name="Google", confidence=0.6, rule="t"),
    ])


def build_store(path) -> tuple[Store, dict[str, str]]:
    """A store with Acme (two versions) and Beta Shop (one); returns it and the policy IRIs by name."""
    store = Store.open(path)
    names = {}
    for key, record, publisher in (
        ("acme_v1", acme_v1(), Publisher("acme", "Acme")),
        ("acme_v2", acme_v2(), Publisher("acme", "Acme")),
        ("beta", beta(), Publisher("beta-shop", "Beta Shop")),
    ):
        iri, graph = to_graph(record, publisher)
        store.put_graph(str(iri), graph)
        names[key] = str(iri)
    v1, v2 = URIRef(names["acme_v1"]), URIRef(names["acme_v2"])
    store.add_quads([(v2, PROV.wasRevisionOf, v1, v2)])
    return store, names


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    opened, names = build_store(tmp_path_factory.mktemp("projection") / "store")
    opened.names = names
    yield opened
    opened.close()


def expected_practice_counts(graph: Graph) -> tuple[int, int]:
    """Nodes and edges the practices projection must have, counted on the RDF with rdflib."""
    practices = set(graph.subjects(RDF.type, PK.Practice))
    publisher = next(iter(graph.objects(None, URIRef("http://purl.org/dc/terms/publisher"))))
    actors, objects, edges = set(), set(), 0
    for practice in practices:
        actor = graph.value(practice, PK.actor) or publisher
        actors.add(actor)
        edges += 1
        for prop in (DPV.hasPersonalData, DPV.hasPurpose, DPV.hasRecipient, DPV.hasDataSubject):
            for obj in graph.objects(practice, prop):
                objects.add((obj))
                edges += 1
    return len(practices | actors | objects), edges


def test_local_name_splits_camel_case_and_keeps_acronyms():
    assert pj.local_name("https://w3id.org/dpv/pd#IPAddress") == "ip address"
    assert pj.local_name("https://w3id.org/policykg/id/org/beta-shop") == "beta shop"


def test_verb_and_primary_action():
    assert pj.verb("process", "affirmed") == "processes"
    assert pj.verb("collect", "negated", "possible") == "does not collect"
    assert pj.primary_action(["collect", "sell", "use"]) == "sell"


def test_practice_graph_counts_match_the_rdf(store):
    for key in ("acme_v1", "acme_v2", "beta"):
        graph = pj.practice_graph(store, [store.names[key]])
        assert (graph.number_of_nodes(), graph.number_of_edges()) == expected_practice_counts(store.graph(store.names[key]))


def test_practice_graph_marks_negated_practices_and_keeps_evidence(store):
    graph = pj.practice_graph(store, [store.names["acme_v1"]])
    negated = [d for _, d in graph.nodes(data=True) if d["type"] == "practice" and d["polarity"] == "negated"]
    assert len(negated) == 1
    assert negated[0]["label"] == "does not sell"
    assert negated[0]["evidence"] == "We do not sell your location."
    assert negated[0]["policy"] == store.names["acme_v1"]
    assert negated[0]["version"] == "2019-01-01"
    actor_edges = [d for *_, d in graph.edges(data=True) if d["type"] == "actor"]
    assert sorted(d["label"] for d in actor_edges) == ["collects", "does not sell", "shares"]
    assert graph.nodes[str(PK.Advertiser)]["type"] == "recipient"


def test_practice_graph_third_party_actor_is_its_organisation(store):
    graph = pj.practice_graph(store, [store.names["beta"]])
    google = "https://w3id.org/policykg/id/org/google"
    assert graph.nodes[google]["type"] == "organization"
    assert graph.nodes[google]["label"] == "Google"
    assert [d["label"] for _, _, d in graph.out_edges(google, data=True)] == ["collects"]


def test_data_named_as_non_personal_is_dpv_has_data_and_a_data_node_of_its_practice(tmp_path):
    text = "We may share aggregated information with advertisers."
    record = _record(text, "Gamma", dt.date(2020, 1, 1), [
        Practice((str(DPV.Share),), (str(PK.AggregatedData),), _span(text, text), recipients=(str(PK.Advertiser),),
                 confidence=0.7, rule="t"),
    ])
    iri, graph = to_graph(record, Publisher("gamma", "Gamma"))
    (practice,) = graph.subjects(RDF.type, PK.Practice)
    assert list(graph.objects(practice, DPV.hasData)) == [PK.AggregatedData]
    assert list(graph.objects(practice, DPV.hasPersonalData)) == []
    with Store.open(tmp_path / "store") as opened:
        opened.put_graph(str(iri), graph)
        projected = pj.practice_graph(opened, [str(iri)])
    assert projected.nodes[str(PK.AggregatedData)]["type"] == "datatype"


def test_practice_graph_unknown_policy_is_not_found(store):
    from policykg.errors import NotFoundError

    with pytest.raises(NotFoundError):
        pj.practice_graph(store, ["https://w3id.org/policykg/id/policy/nobody/x"])


def test_flow_graph_conserves_flow_through_purposes(store):
    info = pj.policy_info(store, store.names["acme_v1"])
    rows = pj.read_practices(store, info)
    graph = pj.flow_graph(rows, pj.Labels(store), publisher=info.org)
    for node, data in graph.nodes(data=True):
        if data["layer"] == 1:
            inflow = sum(d["weight"] for *_, d in graph.in_edges(node, data=True))
            outflow = sum(d["weight"] for *_, d in graph.out_edges(node, data=True))
            assert inflow == outflow > 0
    # the collect practice: 2 data types x 1 purpose x (kept by Acme) = 2 units out of the purpose
    kept = graph.nodes[info.org]
    assert kept["label"] == "kept by Acme" and kept["layer"] == 2
    assert graph.edges[str(DPV.ServiceProvision), info.org, "collect/affirmed"]["weight"] == 2
    assert graph.edges[str(PD.Location), "flow:no-purpose", "sell/negated"]["polarity"] == "negated"


def test_sharing_graph_uses_current_policies_and_groups_the_rest(store):
    graph = pj.sharing_graph(store, top=0)
    acme, beta_org = "https://w3id.org/policykg/id/org/acme", "https://w3id.org/policykg/id/org/beta-shop"
    google = "https://w3id.org/policykg/id/org/google"
    # Acme's current version (v2) shares with Google, not with advertisers (that was v1)
    assert graph.has_edge(acme, google) and not graph.has_edge(acme, str(PK.Advertiser))
    assert graph.edges[beta_org, str(PK.Advertiser)]["weight"] == 1
    assert graph.edges[beta_org, google]["weight"] == 1  # Google as actor
    assert graph.nodes[acme]["count"] == 3
    grouped = pj.sharing_graph(store, top=1)
    others = [d for _, d in grouped.nodes(data=True) if d["type"] == "group"]
    assert {d["label"] for d in others} == {"other companies (1)", "other third parties (1)"}
    assert sum(d["weight"] for *_, d in grouped.edges(data=True)) == sum(d["weight"] for *_, d in graph.edges(data=True))


def category(iri) -> str:
    """The data category of a data type, from the ontology: its ancestor just below a root."""
    chain = (str(iri), *ancestors(str(iri)))
    return chain[-2] if len(chain) > 1 else chain[0]


def test_matrix_graph_columns(store):
    graph = pj.matrix_graph(store, top=0)
    acme, beta_org = "https://w3id.org/policykg/id/org/acme", "https://w3id.org/policykg/id/org/beta-shop"
    email, ip, location = category(PD.EmailAddress), category(PD.IPAddress), category(PD.Location)
    assert graph.edges[beta_org, email, "sold"]["weight"] == 1
    assert graph.edges[beta_org, email, "collected"]["weight"] == 1
    assert graph.edges[acme, location, "does not"]["evidence"] == "We do not sell your location."
    assert not graph.has_edge(acme, location, "sold")
    assert graph.edges[acme, ip, "shared"]["weight"] == 1
    assert {d["type"] for n, d in graph.nodes(data=True) if n in (email, ip, location)} == {"category"}


def test_taxonomy_graph_is_a_forest_matching_the_ontology(store):
    graph = pj.taxonomy_graph(store)
    ontology = store.graph(str(ONTOLOGY_GRAPH))
    concepts = set(ontology.subjects(SKOS.inScheme, None))
    schemes = set(ontology.objects(None, SKOS.inScheme))
    assert graph.number_of_nodes() == len(concepts | schemes)
    assert nx.is_directed_acyclic_graph(graph)
    assert graph.has_edge(str(DPV.Disclose), str(PK.Sell))
    assert graph.nodes[str(DPV.Collect)]["count"] == 4  # collect practices in the three policies
    roots = [n for n in graph if graph.in_degree(n) == 0]
    assert all(graph.nodes[r]["type"] == "scheme" for r in roots)


def test_version_graph_shows_added_kept_and_removed(store):
    graph = pj.version_graph(store, [store.names["acme_v1"], store.names["acme_v2"]])
    changes = sorted((d["column"], d["change"]) for _, d in graph.nodes(data=True) if d["type"] == "practice")
    assert changes == [(0, "first"), (0, "first"), (0, "first"), (1, "added"), (1, "kept"), (1, "kept"), (1, "removed")]
    removed = next(d for _, d in graph.nodes(data=True) if d.get("change") == "removed")
    assert removed["evidence"] == "We share your email address with advertisers for advertising."
    assert removed["policy"] == store.names["acme_v1"]
    assert graph.has_edge(store.names["acme_v1"], store.names["acme_v2"])
    assert sum(1 for *_, d in graph.edges(data=True) if d["type"] == "unchanged") == 2


def test_matrix_graph_groups_the_rest_from_the_corpus_aggregate(store):
    grouped = pj.matrix_graph(store, top=1)
    acme = "https://w3id.org/policykg/id/org/acme"
    assert set(grouped.nodes) >= {acme, pj.OTHER_COMPANIES}
    # Beta Shop, now in the group, sells email addresses; Acme (drawn) does not sell
    assert grouped.edges[pj.OTHER_COMPANIES, category(PD.EmailAddress), "sold"]["weight"] == 1
    assert not any(k == "sold" for _, _, k in grouped.out_edges(acme, keys=True))
    full = pj.matrix_graph(store, top=0)
    assert sum(d["weight"] for *_, d in grouped.edges(data=True)) == sum(d["weight"] for *_, d in full.edges(data=True))
