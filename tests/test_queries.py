"""The named query library, parameter binding and the Python API (embedded store)."""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest

from graphs_for_queries import build_corpus, policy_graph, taxonomy_graph
from policykg.errors import NotFoundError, QueryError, StoreError
from policykg.queries import (
    PARAMETER_KINDS,
    adhoc,
    bind,
    is_update,
    library,
    load,
    parse,
    public,
    resolve_company,
    run,
    strip_comments,
    to_iri,
    values_clause,
    with_prefixes,
    with_values,
)
from policykg.ontology import BROADER_OR_SELF, DPV, ONTOLOGY_GRAPH, PD
from policykg.store import Store

HOSTILE = ['x" } ; DROP ALL ; { "', "a'b\"c\\d", "} ; DROP ALL ; {", "line\nbreak", "<http://evil.example/>"]


@pytest.fixture(scope="module")
def corpus():
    store = Store.open(None)
    policies = build_corpus(store)
    store.put_graph("https://example.org/test-taxonomy", taxonomy_graph())
    yield store, policies
    store.close()


def _example_params(named, store, policies) -> dict[str, str]:
    """Values for every required parameter: the header's example, else one that exists in the corpus."""
    params = dict(kv.split("=", 1) for kv in named.example.split()) if named.example else {}
    fallback = {"policy": policies["acme-2021"], "item": run("company-practices", store=store, company="acme").rows[0][1]}
    for p in named.parameters:
        if p.optional or p.name in params:
            continue
        params[p.name] = fallback.get(p.name) or {"IRI": "dpv:PersonalData", "company": "acme", "string": "email",
                                                   "decimal": "0.95", "integer": "1", "date": "2020-01-01", "boolean": "true"}[p.kind]
    if "company" in params and params["company"] == "plimus":
        params["company"] = "acme"
    return params


def test_library_has_forty_documented_queries():
    queries = public()
    assert len(queries) >= 40
    for name, named in queries.items():
        assert named.title and named.title != name, name
        assert named.question.endswith("?") or "." in named.question, name
        assert named.columns, name
        assert not named.is_update, name
        assert all(p.kind in PARAMETER_KINDS for p in named.parameters), name


@pytest.mark.parametrize("name", sorted(public()))
def test_every_query_runs_and_returns_its_declared_columns(corpus, name):
    store, policies = corpus
    named = load(name)
    result = run(name, store=store, **_example_params(named, store, policies))
    assert result.columns == named.columns
    # parameters are projected (Oxigraph substitutions require it), so rows show what was asked
    for parameter in named.parameters:
        assert parameter.name in result.columns


def test_category_finds_its_members(corpus):
    store, _ = corpus
    by_category = run("who-collects", store=store, datatype="dpv:PersonalData")
    by_leaf = run("who-collects", store=store, datatype="pd:EmailAddress")
    companies = set(by_category.column("company"))
    assert companies == {"https://w3id.org/policykg/id/org/acme", "https://w3id.org/policykg/id/org/beta-labs"}
    assert set(by_leaf.column("company")) == companies
    assert set(by_category.column("matched")) == {"https://w3id.org/dpv/pd#EmailAddress"}


def test_recipient_category_finds_narrower_and_named_recipients(corpus):
    store, _ = corpus
    third = run("who-shares-with", store=store, recipient="dpv:ThirdParty")
    assert set(third.column("company")) == {"https://w3id.org/policykg/id/org/acme", "https://w3id.org/policykg/id/org/beta-labs"}
    named = run("who-shares-with", store=store, recipient="id:org/law-enforcement")
    assert named.column("company") == ["https://w3id.org/policykg/id/org/acme"]


def test_any_recipient_includes_named_organisations(corpus):
    """dpv:Recipient tops the recipient taxonomy: a named organisation (no category of its own) is one."""
    store, _ = corpus
    law = "https://w3id.org/policykg/id/org/law-enforcement"
    anyone = run("who-shares-with", store=store, recipient="dpv:Recipient")
    assert set(anyone.column("company")) == {"https://w3id.org/policykg/id/org/acme", "https://w3id.org/policykg/id/org/beta-labs"}
    assert law in " ".join(anyone.column("matched")).split()
    # ... but not a dpv:ThirdParty: a named organisation may as well be a processor
    assert law not in " ".join(run("who-shares-with", store=store, recipient="dpv:ThirdParty").column("matched")).split()
    evidence = run("company-evidence", store=store, company="acme", concept="dpv:Recipient")
    assert law in evidence.column("matched")


def test_no_query_walks_a_property_path_over_the_taxonomies():
    """Category questions read the materialised pk:broaderOrSelf: Virtuoso 7 gets skos:broader* wrong."""
    for name, named in sorted(library().items()):
        text = strip_comments(named.text)
        assert not re.search(r"skos:broader\s*[*+]|broader>\s*[*+]", text), name


def _store_of(*practices):
    store = Store.open(None)
    policy, graph = policy_graph("zeta", "Zeta Ltd", "2024-01-01", practices=practices)
    store.put_graph(policy, graph)
    return store


def test_a_practice_without_purposes_does_not_blank_the_purposes_of_the_others():
    """GROUP_CONCAT over an OPTIONAL: Oxigraph made the whole list unbound when one practice had no purpose."""
    store = _store_of(
        {"actions": [DPV.Collect], "data": [PD.EmailAddress], "purposes": [DPV.Marketing], "quote": "We collect email for marketing."},
        {"actions": [DPV.Collect], "data": [PD.EmailAddress], "quote": "We collect your email address."},
        {"actions": [DPV.Collect], "data": [PD.IPAddress], "quote": "We log IP addresses."},
    )
    with store:
        rows = {row["datatype"]: row for row in run("company-collects", store=store, company="zeta").as_dicts()}
        assert rows[str(PD.EmailAddress)]["purposes"] == "marketing"
        assert rows[str(PD.EmailAddress)]["practices"] == 2
        assert rows[str(PD.IPAddress)]["purposes"] == ""  # none at all: "", as Virtuoso and the SPARQL spec say
        practices = run("company-practices", store=store, company="zeta").as_dicts()
        assert sorted(p["purposes"] for p in practices) == ["", "", str(DPV.Marketing)]
        assert all(p["recipients"] == "" for p in practices)


def test_a_store_without_the_closure_is_an_error_not_an_empty_answer():
    store = _store_of({"actions": [DPV.Collect], "data": [PD.EmailAddress]})
    with store:
        assert run("who-collects", store=store, datatype="dpv:PersonalData").rows
    stale = _store_of({"actions": [DPV.Collect], "data": [PD.EmailAddress]})
    with stale:
        stale.oxigraph.update(f"DELETE WHERE {{ GRAPH <{ONTOLOGY_GRAPH}> {{ ?c <{BROADER_OR_SELF}> ?a }} }}")
        assert run("companies", store=stale).rows  # questions that do not read the closure still run
        with pytest.raises(StoreError, match="broaderOrSelf"):
            run("who-collects", store=stale, datatype="dpv:PersonalData")


def test_latest_version_only_and_profile(corpus):
    store, _ = corpus
    retention = run("company-retention", store=store, company="acme")
    assert retention.column("value") == ["90 days"]
    profile = run("company-profile", store=store, company="ACME").as_dicts()[0]
    assert profile["versions"] == 2 and profile["saysNoSale"] is True and profile["sells"] is False
    assert profile["statesRetention"] is True and profile["statesContact"] is True


def test_sellers_and_deniers(corpus):
    store, _ = corpus
    assert run("who-sells", store=store).column("company") == ["https://w3id.org/policykg/id/org/beta-labs"]
    assert run("who-never-sells", store=store).column("company") == ["https://w3id.org/policykg/id/org/acme"]


def test_missing_disclosures_and_rights_matrix(corpus):
    store, _ = corpus
    missing = set(run("missing-retention", store=store).column("company"))
    assert missing == {"https://w3id.org/policykg/id/org/beta-labs", "https://w3id.org/policykg/id/org/gamma"}
    no_contact = set(run("missing-contact", store=store).column("company"))
    assert "https://w3id.org/policykg/id/org/acme" not in no_contact and "https://w3id.org/policykg/id/org/gamma" in no_contact
    matrix = {r["company"]: r for r in run("rights-matrix", store=store).as_dicts()}
    assert matrix["https://w3id.org/policykg/id/org/acme"]["erasure"] is True
    assert matrix["https://w3id.org/policykg/id/org/acme"]["access"] is False
    assert matrix["https://w3id.org/policykg/id/org/gamma"]["rights"] == 0


def test_similarity_and_ranking(corpus):
    store, _ = corpus
    similar = run("similar-companies", store=store, company="acme").as_dicts()
    assert similar[0]["other"] == "https://w3id.org/policykg/id/org/beta-labs"
    assert 0 < similar[0]["jaccard"] <= 1
    ranked = run("third-parties-ranked", store=store).as_dicts()
    assert ranked[0]["recipient"] == "https://example.org/test-concepts#AdNetwork" and ranked[0]["companies"] == 2


def test_evidence_gives_quote_and_offsets(corpus):
    store, policies = corpus
    practice = run("company-practices", store=store, company="acme").as_dicts()[0]
    evidence = run("evidence", store=store, item=practice["practice"]).as_dicts()[0]
    text = store.rows("_store-stats")  # the store answers other queries meanwhile
    assert text
    assert evidence["quote"] == practice["quote"] and evidence["end"] - evidence["start"] == len(evidence["quote"])
    assert evidence["policy"] == policies["acme-2021"]


# ------------------------------------------------------------------ parameters
def test_curies_and_iris_are_accepted_and_bad_iris_refused():
    assert to_iri("pd:EmailAddress").value == "https://w3id.org/dpv/pd#EmailAddress"
    assert to_iri("<https://example.org/a>").value == "https://example.org/a"
    for bad in ("plimus", "nope:thing", "<http://a>b>", "http://a b", 'http://x/"'):
        with pytest.raises(QueryError):
            to_iri(bad)


def test_typed_parameters():
    named = parse("# param ?n: integer\n# param ?d: date\n# param ?b: boolean\n# param ?x: decimal\nSELECT ?n ?d ?b ?x {}", name="t")
    bound = bind(named, {"n": "12", "d": "2012-04-10", "b": "yes", "x": "0.5"})
    assert str(bound["n"]).endswith("#integer>") and bound["d"].value == "2012-04-10" and bound["b"].value == "true"
    for bad in ({"n": "twelve", "d": "2012-04-10", "b": "yes", "x": "1"}, {"n": "1", "d": "April", "b": "yes", "x": "1"},
                {"n": "1", "d": "2012-04-10", "b": "maybe", "x": "1"}, {"n": "1", "d": "2012-04-10", "b": "no", "x": "NaN"}):
        with pytest.raises(QueryError):
            bind(named, bad)


def test_unknown_and_missing_parameters(corpus):
    store, _ = corpus
    with pytest.raises(QueryError, match="needs --param datatype"):
        run("who-collects", store=store)
    with pytest.raises(QueryError, match="no parameter"):
        run("who-collects", store=store, datatype="pd:EmailAddress", colour="red")
    with pytest.raises(QueryError, match="not an IRI"):
        run("who-collects", store=store, datatype="email address")


def test_company_resolution(corpus):
    store, _ = corpus
    acme = "https://w3id.org/policykg/id/org/acme"
    assert resolve_company(store, "acme") == acme
    assert resolve_company(store, "ACME Corp") == acme           # an alias, any case
    assert resolve_company(store, "Acme, Inc.") == acme          # legal name -> slug
    assert resolve_company(store, "id:org/acme") == acme
    with pytest.raises(NotFoundError, match="did you mean acme"):
        resolve_company(store, "acmee")


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_values_are_values_on_the_embedded_store(corpus, hostile):
    store, _ = corpus
    before = store.count_triples()
    result = run("evidence-search", store=store, text=hostile)
    assert len(result) == 0 and store.count_triples() == before
    with pytest.raises((QueryError, NotFoundError)):
        run("who-collects", store=store, datatype=f"http://x/{hostile}")
    if hostile.startswith("<"):  # a well-formed IRI: a value that names no company
        assert len(run("company-profile", store=store, company=hostile)) == 0
    else:
        with pytest.raises((QueryError, NotFoundError)):
            run("company-profile", store=store, company=hostile)
    assert store.count_triples() == before


def test_hostile_string_matches_itself_literally(corpus):
    store, _ = corpus
    assert len(run("evidence-search", store=store, text="email address for marketing")) == 2
    assert len(run("evidence-search", store=store, text='marketing." } ; DROP ALL ; { "')) == 0


def test_values_block_escapes_and_lands_in_the_where_clause():
    block = values_clause({"t": ox.Literal('} ; DROP ALL ; { "x')})
    assert block == 'VALUES (?t) { ("} ; DROP ALL ; { \\"x") }'
    text = with_values("# a { comment\nSELECT ?t (COUNT(*) AS ?n) WHERE { ?s ?p ?t } GROUP BY ?t", {"t": ox.Literal("a")})
    assert 'WHERE { VALUES (?t) { ("a") } ?s ?p ?t }' in text
    assert re.search(r"^PREFIX pk: ", with_prefixes("SELECT * WHERE { ?s a pk:Practice }"), re.M)



def test_literal_values_are_written_into_filters_only_and_stay_values():
    hostile = ox.Literal('x") || true || ("')
    text = with_values(
        "SELECT ?t WHERE { ?s ?p ?o FILTER(CONTAINS(?o, ?t) && NOT EXISTS { ?s ?q ?t }) OPTIONAL { ?s ?r ?t } }",
        {"t": hostile},
    )
    assert 'FILTER(CONTAINS(?o, "x\\") || true || (\\"") && NOT EXISTS { ?s ?q ?t })' in text
    assert "OPTIONAL { ?s ?r ?t }" in text  # a pattern keeps the variable
    assert text.startswith('SELECT ?t WHERE { VALUES (?t) {')  # the projection still gets the value
    iri = with_values("SELECT ?t WHERE { ?s ?p ?o FILTER(?o = ?t) }", {"t": ox.NamedNode("https://e.org/a")})
    assert "FILTER(?o = ?t)" in iri  # IRIs join from the VALUES block, as before


def test_inlined_filter_gives_the_rows_of_the_unfiltered_join(seed_store):
    threshold = "0.8"
    rows = run("low-confidence", store=seed_store, threshold=threshold).rows
    everything = run(adhoc("SELECT ?item ?confidence WHERE { ?item a ?type ; pk:confidence ?confidence . "
                           "FILTER(?type IN (pk:Practice, pk:Statement)) }"), store=seed_store).rows
    below = {item for item, confidence in everything if confidence < float(threshold)}
    assert rows and {row[2] for row in rows} == below

# ------------------------------------------------------------------ updates and ad-hoc queries
def test_updates_are_refused_unless_allowed():
    assert is_update("PREFIX pk: <x>\nINSERT DATA { <a:b> <a:c> <a:d> }")
    assert not is_update("SELECT * WHERE { ?s ?p 'DROP ALL' }")
    with Store.open(None) as store:
        before = store.count_triples()
        with pytest.raises(QueryError, match="allow-update"):
            run(adhoc("DROP ALL"), store=store)
        assert store.count_triples() == before
        run(adhoc("INSERT DATA { GRAPH <https://e.org/g> { <https://e.org/a> <https://e.org/b> 1 } }"), store=store, allow_update=True)
        assert store.count_triples() == before + 1


def test_adhoc_query_with_guessed_parameter_types(corpus):
    store, _ = corpus
    result = run(adhoc("SELECT ?org ?name WHERE { ?org schema:name ?name }"), store=store, org="id:org/gamma")
    assert result.rows == (("https://w3id.org/policykg/id/org/gamma", "Gamma"),)
    ask = run(adhoc("ASK { ?s a pk:Practice }"), store=store)
    assert ask.rows == ((True,),)


# ------------------------------------------------------------------ CLI
def test_cli_query_csv_and_refusals(tmp_path, capsys):
    from policykg.cli import main

    with Store.open(tmp_path / "store") as store:
        build_corpus(store)
    code = main(["query", "who-collects", "--param", "datatype=pd:EmailAddress", "--format", "csv", "--store", str(tmp_path / "store")])
    out = capsys.readouterr().out
    assert code == 0 and out.splitlines()[0] == "company,name,datatype,matched,practices,quote" and "beta-labs" in out
    assert main(["query", "-e", "DROP ALL", "--store", str(tmp_path / "store")]) == 2
    assert "allow-update" in capsys.readouterr().err
    code = main(["query", "company-collects", "-p", "company=Beta Labs", "-f", "json", "--store", str(tmp_path / "store")])
    assert code == 0 and '"label"' in capsys.readouterr().out
    assert main(["query", "--list"]) == 0 and "who-shares" in capsys.readouterr().out
    rq = tmp_path / "mine.rq"
    rq.write_text("# title: Names\n# columns: name\nSELECT ?name WHERE { ?o schema:name ?name } ORDER BY ?name\n")
    assert main(["query", str(rq), "-f", "markdown", "--store", str(tmp_path / "store")]) == 0
    assert "| Acme, Inc. |" in capsys.readouterr().out


# ------------------------------------------------------------------ seeds
def test_every_query_runs_on_the_seeds(seed_store):
    for name, named in public().items():
        params = dict(kv.split("=", 1) for kv in named.example.split()) if named.example else {}
        for p in named.parameters:
            if not p.optional and p.name not in params:
                params[p.name] = {"IRI": "dpv:PersonalData", "string": "cookie", "decimal": "0.5"}[p.kind]
        if name in ("evidence", "practices-of-policy", "statements-of-policy"):
            continue
        assert run(name, store=seed_store, **params).columns == named.columns
    assert len(run("company-collects", store=seed_store, company="plimus")) > 5


POLICY = """Privacy Policy of Example Outfitters Ltd

We collect your name, email address and postal address when you place an order.
We use your email address to send you our newsletter. We do not sell your personal information.
We share your postal address with shipping companies to deliver your order.
You can ask us to access or delete your personal data by writing to privacy@example-outfitters.co.uk.
We keep order records for six years. We use SSL encryption to protect your payment details.
"""


def test_items_lie_in_their_policys_graph_with_one_polarity(tmp_path):
    # The questions across companies rely on both (see "Queries across every company" in policykg.queries).
    from policykg.ingest.pipeline import ingest_paths

    (tmp_path / "policy.txt").write_text(POLICY, encoding="utf-8")
    with Store.open(tmp_path / "store") as store:
        assert ingest_paths([tmp_path / "policy.txt"], store=store).ok

        def count(where: str) -> int:
            return int(next(iter(store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}")))["n"].value)

        items = "?item pk:inPolicy ?policy ; a ?type . FILTER(?type IN (pk:Practice, pk:Statement))"
        assert count(items) >= 5
        assert count(items + " FILTER NOT EXISTS { GRAPH ?policy { ?item pk:inPolicy ?policy } }") == 0
        assert count("GRAPH ?g { ?item ?p ?o } ?item pk:inPolicy ?policy ; a ?type . "
                     "FILTER(?type IN (pk:Practice, pk:Statement) && ?g != ?policy)") == 0
        assert count("SELECT ?item WHERE { ?item a ?type . FILTER(?type IN (pk:Practice, pk:Statement)) "
                     "OPTIONAL { ?item pk:polarity ?polarity } } GROUP BY ?item HAVING (COUNT(?polarity) != 1)") == 0
        assert count("?item pk:polarity pk:Negated") >= 1
