"""Virtuoso Open Source on 127.0.0.1: the store's dump loaded with scripts/virtuoso, the named suite compared.

Opt-in: runs only with ``POLICYKG_TEST_VIRTUOSO=1`` and the Debian package
``virtuoso-opensource`` installed (``virtuoso-t``, ``isql-vt``). The server gets
its own folder and free ports, and is stopped at the end.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import urllib.parse
from pathlib import Path

import pytest

from policykg.errors import EndpointError
from policykg.queries import adhoc, public, run
from policykg.queries.endpoint import Endpoint

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "virtuoso" / "virtuoso.sh"
GROUP = "https://w3id.org/policykg/graph/all"

pytestmark = [
    pytest.mark.server,
    pytest.mark.skipif(os.environ.get("POLICYKG_TEST_VIRTUOSO") != "1", reason="opt-in: set POLICYKG_TEST_VIRTUOSO=1"),
]

# The seeds name no real third-party organisation, so one short policy that does joins them: the
# questions that may meet a named organisation where a recipient category is expected need one.
NAMES_THIRD_PARTIES = """Privacy Policy of Example Outfitters Ltd

We collect your name, email address and postal address when you place an order.
We share your email address with Mailchimp to send you our newsletter.
We use Google Analytics to understand how visitors use our website, and Google may collect your IP address.
Payment card details are passed to Stripe, our payment processor, to process your payment.
You can ask us to access or delete your personal data by writing to privacy@example-outfitters.co.uk.
"""


@pytest.fixture(scope="module")
def virtuoso_store(tmp_path_factory, seeds_dir):
    """The five seeds and one policy naming third parties, ingested once for this module."""
    from policykg.ingest.pipeline import ingest_paths
    from policykg.store import Store

    folder = tmp_path_factory.mktemp("virtuoso-store")
    extra = folder / "example-outfitters.txt"
    extra.write_text(NAMES_THIRD_PARTIES, encoding="utf-8")
    with Store.open(folder / "store") as store:
        report = ingest_paths([seeds_dir, extra], store=store)
    assert report.ok, report.failures
    with Store.open(folder / "store", read_only=True) as store:
        yield store


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory, virtuoso_store):
    """Virtuoso holding the module's store (seeds and one policy), as an endpoint whose default graph is the policykg graph group."""
    if not (shutil.which("virtuoso-t") and shutil.which("isql-vt")):
        pytest.skip("Virtuoso is not installed (apt-get install virtuoso-opensource)")
    folder = tmp_path_factory.mktemp("virtuoso")
    dump = folder / "store.nq"
    virtuoso_store.dump(dump)
    http_port = _free_port()
    env = {**os.environ, "VIRTUOSO_SQL_PORT": str(_free_port()), "VIRTUOSO_HTTP_PORT": str(http_port), "VIRTUOSO_MEM_GB": "1"}

    def script(*args: str) -> str:
        done = subprocess.run(["bash", str(SCRIPT), *args], env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, f"virtuoso.sh {args[0]} failed:\n{done.stdout}\n{done.stderr}"
        return done.stdout

    script("start", str(folder / "db"))
    try:
        loaded = script("load", str(folder / "db"), str(dump))
        assert "0 Rows" in loaded  # no file in the load list reports an error
        url = f"http://127.0.0.1:{http_port}/sparql?default-graph-uri={urllib.parse.quote(GROUP, safe='')}"
        yield Endpoint(url, union_default_graph=False, retries=1, backoff=0.1, timeout=60)
    finally:
        script("stop", str(folder / "db"))


def _normalised(result):
    """Rows sorted; concatenated cells sorted inside; numbers rounded (engines print decimals differently).

    Virtuoso types every boolean (EXISTS, comparisons, ``true``) as ``xsd:integer`` 1 / 0; they
    compare equal to Python's ``True`` / ``False``, so the values are checked, not their datatype.
    """
    def cell(value):
        if isinstance(value, float):
            return round(value, 6)
        if isinstance(value, str) and ", " in value:
            return ", ".join(sorted(value.split(", ")))
        if isinstance(value, str) and value.startswith("http") and " " in value:
            return " ".join(sorted(value.split(" ")))
        return value
    return sorted((tuple(cell(v) for v in row) for row in result.rows), key=repr)


def test_default_graph_is_the_policy_graphs_not_virtuosos_system_graphs(virtuoso, virtuoso_store):
    count = adhoc("SELECT (COUNT(*) AS ?triples) WHERE { ?s ?p ?o }")
    assert run(count, endpoint=virtuoso).rows == run(count, store=virtuoso_store).rows


def test_result_rows_are_not_capped_at_virtuosos_default(virtuoso, virtuoso_store):
    everything = adhoc("SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
    rows = len(run(everything, endpoint=virtuoso).rows)
    assert rows == virtuoso_store.count_triples() > 10_000  # Debian's ResultSetMaxRows is 10,000


def test_whole_suite_gives_the_same_rows_on_virtuoso(virtuoso, virtuoso_store):
    fallback = {"IRI": "dpv:PersonalData", "string": "email", "decimal": "0.95", "company": "plimus"}
    differences = []
    for name, named in sorted(public().items()):
        if name == "graph-sizes":  # GRAPH ?g also sees Virtuoso's system graphs; compared below on ours only
            continue
        params = dict(kv.split("=", 1) for kv in named.example.split()) if named.example else {}
        for p in named.parameters:
            if not p.optional and p.name not in params:
                params[p.name] = fallback.get(p.kind, "plimus")
        local = run(name, store=virtuoso_store, **params)
        try:
            remote = run(name, endpoint=virtuoso, **params)
        except EndpointError as exc:
            differences.append(f"{name}: Virtuoso refused it: {str(exc)[:300]}")
            continue
        if remote.columns != local.columns or _normalised(remote) != _normalised(local):
            differences.append(f"{name}: {len(local.rows)} rows embedded, {len(remote.rows)} on Virtuoso")
    assert not differences, "\n".join(differences)


def test_category_questions_agree_for_every_level_and_for_named_organisations(virtuoso, virtuoso_store):
    """The questions that read the taxonomy closure, at the top, in the middle and at a leaf of it, and
    with a named organisation where a recipient may be one (Virtuoso 7 got skos:broader* wrong here)."""
    named_org = run(adhoc("SELECT DISTINCT ?org WHERE { ?p dpv:hasRecipient ?org . ?org a pk:Organization } ORDER BY ?org"),
                    store=virtuoso_store).column("org")
    assert named_org, "the store names no third party: this test needs one"
    company = run("companies", store=virtuoso_store).column("company")
    cases = [("who-collects", {"datatype": d}) for d in ("dpv:PersonalData", "pd:Contact", "pd:EmailAddress")]
    cases += [("who-uses-for", {"purpose": p}) for p in ("dpv:Purpose", "dpv:Marketing")]
    cases += [("who-shares-with", {"recipient": r}) for r in ("dpv:Recipient", "dpv:ThirdParty", named_org[0])]
    cases += [("purposes-per-datatype", {}), ("missing-disclosure", {"topic": "pk:UserRight"})]
    cases += [("company-evidence", {"company": c, "concept": k}) for c in company for k in ("dpv:Recipient", "dpv:Disclose")]
    cases += [(name, {"company": c}) for c in company
              for name in ("company-collects", "company-profile", "company-sells", "company-shares", "company-practices")]
    differences = []
    for name, params in cases:
        local, remote = run(name, store=virtuoso_store, **params), run(name, endpoint=virtuoso, **params)
        if remote.columns != local.columns or _normalised(remote) != _normalised(local):
            differences.append(f"{name} {params}: {len(local.rows)} rows embedded, {len(remote.rows)} on Virtuoso")
    assert not differences, "\n".join(differences)


def test_graph_sizes_agree_on_the_policy_graphs(virtuoso, virtuoso_store):
    local = dict(run("graph-sizes", store=virtuoso_store).rows)
    remote = {g: n for g, n in run("graph-sizes", endpoint=virtuoso).rows if g.startswith("https://w3id.org/policykg/")}
    assert remote == local
