"""Tests of policykg.shapes: SHACL-SHACL, one conforming and one violating graph per shape, seeds, CLI."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, XSD

from policykg.ontology import PK
from policykg.ontology.namespaces import DPV, OA, PD, SCHEMA
from policykg.shapes import PROFILES, validate, _shapes, profile_files

SHARED = Path(__file__).resolve().parents[2] / "shared"
try:  # the fast engine when installed (a test below checks both engines agree); pySHACL otherwise
    import pyshacl_turbo  # noqa: F401

    FAST = "turbo"
except ImportError:  # pragma: no cover - optional extra
    FAST = "pyshacl"
SEEDS = SHARED / "seeds"
ID = "https://w3id.org/policykg/id/"
POLICY = URIRef(ID + "policy/acme/2024-01-01-abcdef12")
ORG = URIRef(ID + "org/acme")
TEXT = "Acme privacy policy. " * 40


class Builder:
    """A small policy graph: a policy, its publisher, statements and practices with evidence."""

    def __init__(self) -> None:
        self.g = Graph()
        g = self.g
        g.add((ORG, RDF.type, PK.Organization))
        g.add((ORG, SCHEMA.name, Literal("Acme")))
        g.add((POLICY, RDF.type, PK.PolicyDocument))
        g.add((POLICY, DCTERMS.publisher, ORG))
        g.add((POLICY, PK.sha256, Literal("ab" * 32)))
        g.add((POLICY, DCTERMS.modified, Literal("2024-01-01", datatype=XSD.date)))
        g.add((POLICY, PK.text, Literal(TEXT)))
        self.n = 0

    def _evidence(self, node, start: int = 0, end: int = 20) -> None:
        span = URIRef(f"{ID}span/x/{start}-{end}-{self.n}")
        pos, quote = URIRef(str(span) + "#position"), URIRef(str(span) + "#quote")
        g = self.g
        g.add((node, PK.evidence, span))
        g.add((span, RDF.type, OA.SpecificResource))
        g.add((span, OA.hasSource, POLICY))
        g.add((span, OA.hasSelector, pos))
        g.add((span, OA.hasSelector, quote))
        g.add((pos, RDF.type, OA.TextPositionSelector))
        g.add((pos, OA.start, Literal(start)))
        g.add((pos, OA.end, Literal(end)))
        g.add((quote, RDF.type, OA.TextQuoteSelector))
        g.add((quote, OA.exact, Literal(TEXT[start:end])))

    def statement(self, topic: str, *, negated: bool = False, value: str | None = None, how: str | None = None) -> URIRef:
        self.n += 1
        node = URIRef(f"{ID}statement/{self.n}")
        g = self.g
        g.add((node, RDF.type, PK.Statement))
        g.add((node, PK.inPolicy, POLICY))
        g.add((node, PK.topic, PK[topic]))
        g.add((node, PK.polarity, PK.Negated if negated else PK.Affirmed))
        g.add((node, PK.confidence, Literal("0.8", datatype=XSD.decimal)))
        if value:
            g.add((node, PK.value, Literal(value)))
        if how:
            g.add((node, PK.how, Literal(how)))
        self._evidence(node)
        return node

    def practice(self, action, *, data=PD.EmailAddress, purpose=None, recipient=None, subject=None, negated=False) -> URIRef:
        self.n += 1
        node = URIRef(f"{ID}practice/{self.n}")
        g = self.g
        g.add((node, RDF.type, PK.Practice))
        g.add((node, PK.inPolicy, POLICY))
        g.add((node, PK.actor, ORG))
        g.add((node, DPV.hasProcessing, action))
        g.add((node, DPV.hasPersonalData, data))
        g.add((node, PK.polarity, PK.Negated if negated else PK.Affirmed))
        g.add((node, PK.modality, PK.Definite))
        for predicate, value in ((DPV.hasPurpose, purpose), (DPV.hasRecipient, recipient), (DPV.hasDataSubject, subject)):
            if value is not None:
                g.add((node, predicate, value))
        self._evidence(node, 21, 40)
        return node


def full_policy() -> Builder:
    """A policy that states everything every profile asks for."""
    b = Builder()
    b.g.add((ORG, SCHEMA.legalName, Literal("Acme, Inc.")))
    for topic in ("ControllerIdentity", "ContactEmail", "DPOContact", "BasisConsent", "BasisLegitimateInterest",
                  "InternationalTransfer", "StandardContractualClauses", "RetentionPeriod", "RightOfAccess",
                  "RightToRectification", "RightToErasure", "RightToRestriction", "RightToObject",
                  "RightToDataPortability", "RightToWithdrawConsent", "RightToLodgeComplaint", "ProvisionRequirement",
                  "AutomatedDecisionMaking", "DataSource", "SensitiveInformation", "RightToNonDiscrimination",
                  "AuthorizedAgent", "EffectiveDate", "ChangeNotification", "DoNotTrackNotHonored",
                  "ThirdPartyTracking", "ParentalRights", "ParentalConsent", "RightToOptOutOfSale"):
        b.statement(topic)
    b.statement("RightToKnow", how="privacy@acme.example")
    b.statement("RegulatoryScope", value="CCPA")
    b.statement("SaleOfPersonalInformation")
    b.practice(DPV.Collect, purpose=PK.Advertising, subject=DPV.Child)
    b.practice(DPV.Share, recipient=PK.Advertiser, subject=DPV.Child)
    b.practice(DPV.Use, subject=DPV.Child, purpose=PK.Advertising, recipient=PK.Advertiser)
    return b


def _row(result, shape):
    return next(r for r in result.results if r.shape == str(shape))


# ---------------------------------------------------------------- the shapes files


@pytest.mark.parametrize("name", PROFILES["all"])
def test_shapes_file_passes_shacl_shacl(name):
    import pyshacl

    shapes = Graph().parse(data=resources.files("policykg.shapes").joinpath(name).read_text(encoding="utf-8"), format="turtle")
    conforms, _, text = pyshacl.validate(shapes, shacl_graph=shapes, meta_shacl=True)
    assert conforms, text


@pytest.mark.parametrize("name", PROFILES["all"])
def test_every_requirement_has_message_severity_label_and_source(name):
    for requirement in _shapes((name,)).requirements:
        assert requirement.message and requirement.label != str(requirement.shape)
        assert requirement.severity in ("violation", "warning")
        assert requirement.legal_source
        if name == "gdpr.ttl":
            assert requirement.legal_source.startswith("http://data.europa.eu/eli/reg/2016/679/")


def test_unknown_profile_is_a_validation_error():
    from policykg.errors import ValidationError

    with pytest.raises(ValidationError):
        profile_files("hipaa")


# ---------------------------------------------------------------- completeness: conform and violate


@pytest.fixture(scope="module")
def full_results():
    graph = full_policy().g
    return graph, validate(graph, profile="all", engine=FAST)


def _regime_requirements():
    return [(name, r) for name in PROFILES["all"] if name != "core.ttl" for r in _shapes((name,)).requirements]


@pytest.mark.parametrize("entry", _regime_requirements(), ids=lambda e: str(e[1].shape).rsplit("/", 1)[-1])
def test_requirement_met_then_missing_when_its_evidence_goes(entry, full_results):
    name, requirement = entry
    graph, result = full_results
    row = _row(result, requirement.shape)
    assert row.status == "met", row
    # take away what meets it, one witness at a time, until it is no longer met
    working = Graph() + graph
    for _ in range(8):
        if not row.evidence_node:
            # met through the publisher or policy metadata: drop those
            for predicate in (SCHEMA.legalName, SCHEMA.email):
                working.remove((ORG, predicate, None))
            working.remove((POLICY, DCTERMS.modified, None))
        else:
            working.remove((URIRef(row.evidence_node), None, None))
        row = _row(validate(working, profile=name[:-4], engine=FAST), requirement.shape)
        if row.status != "met":
            break
    assert row.status in ("missing", "not applicable"), row
    if row.status == "not applicable":  # its condition went with the evidence; the condition is reported
        assert row.reason.startswith("applies only when")


def test_opt_out_of_marketing_meets_the_right_to_object():
    # Art. 21(2) GDPR: objecting to direct marketing is an objection
    b = Builder()
    node = b.statement("RightToOptOutOfMarketing")
    row = _row(validate(b.g, profile="gdpr", engine=FAST), "https://w3id.org/policykg/shapes/gdpr#RightToObject")
    assert row.status == "met" and row.evidence_node == str(node)
    b = Builder()
    b.statement("RightToOptOutOfMarketing", negated=True)
    row = _row(validate(b.g, profile="gdpr", engine=FAST), "https://w3id.org/policykg/shapes/gdpr#RightToObject")
    assert row.status == "missing"


def test_gated_requirement_is_violated_when_condition_holds():
    b = Builder()
    b.statement("RegulatoryScope", value="California residents")
    result = validate(b.g, profile="ccpa")
    statuses = {r.shape.rsplit("#", 1)[-1]: r.status for r in result.results}
    assert statuses["RightToDelete"] == "missing"
    assert statuses["OptOutOfSale"] == "not applicable"  # it does not say it sells
    assert not result.conforms


def test_regimes_not_applicable_without_their_audience():
    b = Builder()
    result = validate(b.g, profile="coppa")
    assert {r.status for r in result.results} == {"not applicable"}
    assert result.conforms
    result = validate(b.g, profile="ccpa")
    assert {r.status for r in result.results} == {"not applicable"}


def test_met_requirement_quotes_its_evidence(full_results):
    _, result = full_results
    row = _row(result, "https://w3id.org/policykg/shapes/gdpr#RightToErasure")
    assert row.evidence == TEXT[0:20]


def test_negated_right_does_not_meet_the_requirement():
    b = Builder()
    b.statement("RightToErasure", negated=True)
    row = _row(validate(b.g, profile="gdpr"), "https://w3id.org/policykg/shapes/gdpr#RightToErasure")
    assert row.status == "missing"


# ---------------------------------------------------------------- core structure


CORE = "https://w3id.org/policykg/shapes/core#"


def _core_status(graph, shape):
    return _row(validate(graph, profile="core", engine=FAST), CORE + shape).status


def test_full_policy_conforms_to_core(full_results):
    graph, _ = full_results
    result = validate(graph, profile="core")
    assert result.conforms, [r for r in result.results if r.status == "missing"]


def _break(mutate):
    b = full_policy()
    mutate(b)
    return b.g


@pytest.mark.parametrize(
    "shape, mutate",
    [
        ("PracticeActor", lambda b: b.g.remove((URIRef(ID + "practice/33"), PK.actor, None))),
        ("PracticePolarity", lambda b: b.g.add((URIRef(ID + "practice/33"), PK.polarity, PK.Definite))),
        ("PracticeModality", lambda b: b.g.add((URIRef(ID + "practice/33"), PK.modality, PK.Possible))),
        ("PracticeAction", lambda b: b.g.remove((URIRef(ID + "practice/33"), DPV.hasProcessing, None))),
        ("PracticeDataType", lambda b: b.g.remove((URIRef(ID + "practice/33"), DPV.hasPersonalData, None))),
        ("InPolicy", lambda b: b.g.remove((URIRef(ID + "statement/1"), PK.inPolicy, None))),
        ("HasEvidence", lambda b: b.g.remove((URIRef(ID + "statement/1"), PK.evidence, None))),
        ("Context", lambda b: b.g.add((URIRef(ID + "practice/33"), PK.context, POLICY))),
        ("Confidence", lambda b: b.g.add((URIRef(ID + "statement/1"), PK.confidence, Literal("0.9", datatype=XSD.decimal)))),
        ("SharingNamesRecipient", lambda b: b.practice(DPV.Share)),
        ("CollectionStatesPurpose", lambda b: b.practice(DPV.Collect)),
        ("StatementTopic", lambda b: b.g.set((URIRef(ID + "statement/1"), PK.topic, PK.NoSuchTopic))),
        ("StatementPolarity", lambda b: b.g.remove((URIRef(ID + "statement/1"), PK.polarity, None))),
        ("EvidenceSource", lambda b: b.g.remove((URIRef(ID + "span/x/0-20-1"), OA.hasSource, None))),
        ("EvidencePosition", lambda b: b.g.remove((URIRef(ID + "span/x/0-20-1"), OA.hasSelector, URIRef(ID + "span/x/0-20-1#position")))),
        ("EvidenceQuote", lambda b: b.g.set((URIRef(ID + "span/x/0-20-1#quote"), OA.exact, Literal("")))),
        ("OffsetsOrdered", lambda b: b.g.set((URIRef(ID + "span/x/0-20-1#position"), OA.start, Literal(30)))),
        ("OffsetEnd", lambda b: b.g.remove((URIRef(ID + "span/x/0-20-1#position"), OA.end, None))),
        ("OffsetsWithinText", lambda b: b.g.set((URIRef(ID + "span/x/0-20-1#position"), OA.end, Literal(len(TEXT) + 5)))),
        ("PolicyPublisher", lambda b: b.g.remove((POLICY, DCTERMS.publisher, None))),
        ("PolicySha256", lambda b: b.g.set((POLICY, PK.sha256, Literal("xyz")))),
        ("PolicyDate", lambda b: b.g.remove((POLICY, DCTERMS.modified, None))),
        ("OrganizationName", lambda b: b.g.remove((ORG, SCHEMA.name, None))),
    ],
)
def test_core_shape_conforms_and_violates(shape, mutate, full_results):
    graph, _ = full_results
    assert _core_status(graph, shape) == "met"
    assert _core_status(_break(mutate), shape) == "missing"


@pytest.mark.parametrize("engine", sorted({"pyshacl", FAST}))
def test_data_named_only_as_non_personal_is_a_data_type_too(engine):
    def non_personal(b):
        b.g.remove((URIRef(ID + "practice/33"), DPV.hasPersonalData, None))
        b.g.add((URIRef(ID + "practice/33"), DPV.hasData, DPV.NonPersonalData))

    assert _row(validate(_break(non_personal), profile="core", engine=engine), CORE + "PracticeDataType").status == "met"


def test_every_core_shape_has_a_violating_case():
    tested = {p.args[0] if hasattr(p, "args") else p[0] for p in test_core_shape_conforms_and_violates.pytestmark[0].args[1]}
    declared = {str(r.shape).rsplit("#", 1)[-1] for r in _shapes(("core.ttl",)).requirements} | {"OffsetsWithinText"}
    assert declared <= tested


# ---------------------------------------------------------------- seeds


@pytest.fixture(scope="module")
def seed001():
    if not SEEDS.is_dir():
        pytest.skip(f"seeds not found at {SEEDS}")
    from policykg.ingest.pipeline import process
    from policykg.ingest.read import read_file
    from policykg.ingest.to_rdf import Publisher, to_graph

    record = process(read_file(next(SEEDS.glob("001_*.txt"))))
    _, graph = to_graph(record, Publisher("plusnxt", "PLUSnxt", "PLUSnxt LLC"))
    return graph


def test_seed_001_empty_lead_ins_do_not_meet_purposes_or_legal_bases(seed001):
    result = validate(seed001, profile="gdpr")
    for shape in ("Purposes", "LegalBasis"):
        row = _row(result, "https://w3id.org/policykg/shapes/gdpr#" + shape)
        assert "for the following purposes" not in row.evidence
        assert "based on the following legal bases" not in row.evidence
        if row.status == "met":  # then the text says it elsewhere, and the report quotes that
            assert row.evidence and row.evidence in seed001.value(next(seed001.subjects(RDF.type, PK.PolicyDocument)), PK.text)


def test_seed_001_reports_against_the_text(seed001):
    gdpr = validate(seed001, profile="gdpr")
    status = {r.shape.rsplit("#", 1)[-1]: r for r in gdpr.results}
    assert status["RightToErasure"].status == "met" and "deleted" in status["RightToErasure"].evidence
    assert status["RightToDataPortability"].status == "missing"  # the policy never mentions portability
    assert status["RightToLodgeComplaint"].status == "missing"
    assert status["TransferSafeguards"].status == "met"
    ccpa = validate(seed001, profile="ccpa")
    status = {r.shape.rsplit("#", 1)[-1]: r for r in ccpa.results}
    assert status["NonDiscrimination"].status == "met"
    assert status["AuthorizedAgent"].status == "met" and "authorized agent" in status["AuthorizedAgent"].evidence
    assert status["SaleDisclosure"].status == "met"
    assert status["OptOutOfSale"].status == "not applicable"  # it says it does not sell
    caloppa = validate(seed001, profile="caloppa")
    assert _row(caloppa, "https://w3id.org/policykg/shapes/caloppa#DoNotTrack").status == "missing"
    coppa = validate(seed001, profile="coppa")
    assert {r.status for r in coppa.results} == {"not applicable"}


def test_engines_agree_on_seed_and_example(seed001, full_results):
    pytest.importorskip("pyshacl_turbo")
    for graph in (seed001, full_results[0]):
        for profile in ("core", "gdpr", "ccpa"):
            a = validate(graph, profile=profile, engine="pyshacl")
            b = validate(graph, profile=profile, engine="turbo")
            assert [(r.shape, r.status) for r in a.results] == [(r.shape, r.status) for r in b.results]


# ---------------------------------------------------------------- store and CLI


def test_validate_store_and_cli(tmp_path, full_results):
    from policykg.cli import main
    from policykg.store import Store
    from policykg.shapes import validate_store

    graph, _ = full_results
    with Store.open(tmp_path / "store") as store:
        store.put_graph(str(POLICY), graph)
        results = validate_store(store, profile="gdpr", workers=1, save=True)
        assert len(results) == 1 and results[0].conforms
        names = list(store.graph_names())
        assert any("/report/" in n for n in names)
    assert main(["validate", "--profile", "gdpr", "--store", str(tmp_path / "store"), "--workers", "1"]) == 0
    assert main(["validate", "--profile", "gdpr", "--format", "json", "--store", str(tmp_path / "store"), "--company", "nobody"]) == 2


def _keyed(results):
    return sorted((r.policy, r.shape, r.status, r.evidence, r.evidence_node, r.reason) for res in results for r in res.results)


def test_store_view_gives_the_rows_of_the_full_graph(tmp_path, full_results, seed001):
    # validate_store reads a reduced view straight from the store; rows must equal validate(graph)
    from policykg.shapes import validate_store
    from policykg.store import Store

    with Store.open(tmp_path / "store") as store:
        for graph in (full_results[0], seed001):
            name = str(next(graph.subjects(RDF.type, PK.PolicyDocument)))
            store.put_graph(name, graph)
            for profile in ("gdpr", "ccpa", "core"):
                stored = validate_store(store, profile=profile, policy=name, workers=1, engine=FAST)
                assert _keyed(stored) == _keyed([validate(graph, profile=profile, engine=FAST)]), profile


def test_statuses_do_not_depend_on_evidence(seed001, full_results):
    for graph in (seed001, full_results[0]):
        with_quotes = validate(graph, profile="gdpr", engine=FAST)
        bare = validate(graph, profile="gdpr", engine=FAST, evidence=False)
        assert [(r.shape, r.status) for r in with_quotes.results] == [(r.shape, r.status) for r in bare.results]
        assert any(r.evidence for r in with_quotes.results) and not any(r.evidence for r in bare.results)


def test_union_of_policies_gives_per_policy_rows(seed001, full_results):
    # one engine call on two policy graphs gives each policy the rows it gets alone
    union = Graph() + seed001 + full_results[0]
    together = validate(union, profile="gdpr", engine=FAST)
    alone = [validate(g, profile="gdpr", engine=FAST) for g in (seed001, full_results[0])]
    assert _keyed([together]) == _keyed(alone)


def test_cli_exit_code_one_when_a_policy_does_not_conform(tmp_path):
    from typer.testing import CliRunner

    from policykg.cli import app
    from policykg.store import Store

    b = Builder()  # states nothing the GDPR profile asks for
    with Store.open(tmp_path / "store") as store:
        store.put_graph(str(POLICY), b.g)
    result = CliRunner().invoke(app, ["validate", "--profile", "gdpr", "--store", str(tmp_path / "store"), "--workers", "1"])
    assert result.exit_code == 1, result.output
    assert "missing" in result.output and "Art. 13" in result.output
