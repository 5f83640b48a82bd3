"""Tests of policykg.export: every view in every format, read back by a real reader.

GraphML and GEXF are read with networkx, DOT with Graphviz (``dot -Tjson``), SVG
as XML, Cytoscape JSON with a JSON parser and a JSON Schema, RDF with rdflib;
node and edge counts must match the store.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Dataset, Graph
from rdflib.namespace import SKOS

from policykg.errors import ExportError, NotFoundError
from policykg.export import FORMATS, VIEWS, build, export, format_for
from policykg.export.html import external_references
from policykg.ontology import ONTOLOGY_GRAPH

from test_projection import ACME_V1, ACME_V2, BETA, build_store, expected_practice_counts

SHARED = Path(__file__).resolve().parents[2] / "shared"
SELECTION = {"practices": {"company": "acme"}, "flows": {"company": "ACME"}, "versions": {"company": "Acme"}}
GRAPH_READERS = ("graphml", "gexf", "cytoscape", "dot", "html")

CYTOSCAPE_SCHEMA = {
    "type": "object",
    "required": ["elements"],
    "properties": {
        "elements": {
            "type": "object",
            "required": ["nodes", "edges"],
            "properties": {
                "nodes": {"type": "array", "items": {"type": "object", "required": ["data"], "properties": {
                    "data": {"type": "object", "required": ["id", "label"], "properties": {"id": {"type": "string"}, "label": {"type": "string"}}}}}},
                "edges": {"type": "array", "items": {"type": "object", "required": ["data"], "properties": {
                    "data": {"type": "object", "required": ["id", "source", "target"],
                             "properties": {"id": {"type": "string"}, "source": {"type": "string"}, "target": {"type": "string"}}}}}},
            },
        }
    },
}


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    opened, names = build_store(tmp_path_factory.mktemp("export") / "store")
    opened.names = names
    yield opened
    opened.close()


def _expected(store, view: str) -> tuple[int, int]:
    """Counts from the RDF (rdflib) where they can be counted independently, else from the view's graph."""
    if view == "practices":
        return expected_practice_counts(store.graph(store.names["acme_v2"]))
    if view == "taxonomy":
        ontology = store.graph(str(ONTOLOGY_GRAPH))
        concepts = set(ontology.subjects(SKOS.inScheme, None))
        nodes = len(concepts | set(ontology.objects(None, SKOS.inScheme)))
        return nodes, len(concepts)  # a tree: one edge into every concept
    graph = build(store, view=view, **SELECTION.get(view, {})).graph
    return graph.number_of_nodes(), graph.number_of_edges()


def _read_back(path: Path, fmt: str) -> tuple[int, int]:
    if fmt == "graphml":
        graph = nx.read_graphml(path)
        return graph.number_of_nodes(), graph.number_of_edges()
    if fmt == "gexf":
        graph = nx.read_gexf(path)
        return graph.number_of_nodes(), graph.number_of_edges()
    if fmt == "cytoscape":
        jsonschema = pytest.importorskip("jsonschema")
        document = json.loads(path.read_text(encoding="utf-8"))
        jsonschema.validate(document, CYTOSCAPE_SCHEMA)
        ids = [n["data"]["id"] for n in document["elements"]["nodes"]]
        assert len(set(ids)) == len(ids)
        edge_ids = [e["data"]["id"] for e in document["elements"]["edges"]]
        assert len(set(edge_ids)) == len(edge_ids)
        assert all(e["data"]["source"] in ids and e["data"]["target"] in ids for e in document["elements"]["edges"])
        return len(ids), len(edge_ids)
    if fmt == "dot":
        if not shutil.which("dot"):
            pytest.skip("Graphviz 'dot' is not installed (apt-get install graphviz)")
        done = subprocess.run(["dot", "-Tjson", str(path)], capture_output=True, check=True, timeout=120)
        layout = json.loads(done.stdout)
        subgraphs = int(layout.get("_subgraph_cnt", 0))
        return len(layout.get("objects", [])) - subgraphs, len(layout.get("edges", []))
    if fmt == "html":
        page = path.read_text(encoding="utf-8")
        assert external_references(page) == []
        assert "<script src=" not in page.replace("<script src=\"data:", "")
        config = page.split('<script type="application/json" id="policykg-config">', 1)[1].split("</script>", 1)[0]
        return json.loads(config)["view"] and -1, -1
    raise AssertionError(fmt)


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("fmt", GRAPH_READERS)
def test_graph_formats_read_back_with_store_counts(store, tmp_path, view, fmt):
    result = export(store, view=view, format=fmt, output=tmp_path / f"{view}.{fmt}", **SELECTION.get(view, {}))
    assert result.path.exists() and result.path.stat().st_size > 0
    nodes, edges = _read_back(result.path, fmt)
    expected = _expected(store, view)
    if view == "matrix" and fmt == "dot":
        assert (nodes, edges) == (1, 0)  # the heat-map table
        return
    assert (result.nodes, result.edges) == expected
    if fmt != "html":
        assert (nodes, edges) == expected


def test_graphml_and_gexf_keep_the_practice_attributes(store, tmp_path):
    for fmt, reader in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        path = export(store, view="practices", format=fmt, output=tmp_path / f"p.{fmt}", policy=store.names["acme_v1"]).path
        graph = reader(path)
        negated = [d for _, d in graph.nodes(data=True) if d.get("polarity") == "negated"]
        assert len(negated) == 1, fmt
        node = negated[0]
        assert node["label"] == "does not sell"
        assert node["type"] == "practice" and node["action"] == "sell"
        assert node["evidence"] == "We do not sell your location."
        assert node["policy"] == store.names["acme_v1"] and node["version"] == "2019-01-01"
        dashed = [d for *_, d in graph.edges(data=True) if d.get("polarity") == "negated"]
        assert dashed and all(d["style"] == "dashed" and d["evidence"] == "We do not sell your location." for d in dashed)


@pytest.mark.parametrize("fmt", ["svg", "png"])
def test_graphviz_pictures(store, tmp_path, fmt):
    if not shutil.which("dot"):
        pytest.skip("Graphviz 'dot' is not installed (apt-get install graphviz)")
    for view in VIEWS:
        result = export(store, view=view, format=fmt, output=tmp_path / f"{view}.{fmt}", **SELECTION.get(view, {}))
        data = result.path.read_bytes()
        if fmt == "png":
            assert data.startswith(b"\x89PNG\r\n\x1a\n")
            continue
        root = ET.fromstring(data)
        groups = [g.get("class") for g in root.iter("{http://www.w3.org/2000/svg}g")]
        if view == "matrix":
            assert "heat" not in groups and b"does not" in data
        elif view != "versions":  # versions draws its 'contains' edges invisibly
            assert groups.count("node") == result.nodes and groups.count("edge") == result.edges


def test_practices_svg_marks_negation(store, tmp_path):
    if not shutil.which("dot"):
        pytest.skip("Graphviz 'dot' is not installed (apt-get install graphviz)")
    svg = export(store, view="practices", format="svg", output=tmp_path / "p.svg", policy=store.names["acme_v1"]).path.read_text()
    assert "does not sell" in svg and 'stroke-dasharray' in svg


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("fmt", ["turtle", "trig", "nquads", "jsonld"])
def test_rdf_formats_read_back_with_rdflib(store, tmp_path, view, fmt):
    result = export(store, view=view, format=fmt, output=tmp_path / f"{view}.{fmt}", **SELECTION.get(view, {}))
    graphs = build(store, view=view, **SELECTION.get(view, {})).graphs
    expected = sum(len(store.graph(g)) for g in graphs)
    rdflib_format = {"turtle": "turtle", "trig": "trig", "nquads": "nquads", "jsonld": "json-ld"}[fmt]
    if fmt == "turtle":
        parsed = Graph().parse(result.path, format=rdflib_format)
        union = set()
        for g in graphs:
            union.update(store.graph(g))
        assert len(parsed) == len(union) == result.edges
    else:
        dataset = Dataset().parse(result.path, format=rdflib_format)
        assert len(list(dataset.quads())) == expected == result.edges
        names = {str(c.identifier) for c in dataset.contexts() if len(c)}
        assert names == set(graphs)


def test_html_is_self_contained_and_carries_evidence(store, tmp_path):
    for view in VIEWS:
        page = export(store, view=view, format="html", output=tmp_path / f"{view}.html", **SELECTION.get(view, {})).path.read_text()
        # booleans first: pytest would otherwise diff a page of several megabytes on failure
        assert external_references(page) == [], view
        links_bootstrap = "bootstrap.min.css" in page or "bootstrap.bundle.min.js" in page
        assert not links_bootstrap, view
        has_panel = 'id="pk-evidence"' in page and 'id="pk-legend"' in page
        assert has_panel, view
        if view != "taxonomy":
            quotes = {q.strip() for text in (ACME_V1, ACME_V2, BETA) for q in text.replace(". ", ".|").split("|")}
            has_quote = any(q in page for q in quotes)
            assert has_quote, view


def test_corpus_views_aggregate_with_top(store, tmp_path):
    result = export(store, view="network", format="cytoscape", output=tmp_path / "n.cyjs", top=1)
    labels = {n["data"]["label"] for n in json.loads(result.path.read_text())["elements"]["nodes"]}
    assert "other companies (1)" in labels and "other third parties (1)" in labels


def test_selection_errors(store, tmp_path):
    with pytest.raises(ExportError, match="unknown view"):
        export(store, view="hairball", format="svg", output=tmp_path / "x.svg")
    with pytest.raises(ExportError, match="unknown format"):
        export(store, view="practices", format="pdf", output=tmp_path / "x.pdf", company="acme")
    with pytest.raises(ExportError, match="--company"):
        export(store, view="practices", format="graphml", output=tmp_path / "x.graphml")
    with pytest.raises(ExportError, match="taxonomy"):
        export(store, view="taxonomy", format="graphml", output=tmp_path / "x.graphml", company="acme")
    with pytest.raises(ExportError, match="one of"):
        export(store, view="practices", format="graphml", output=tmp_path / "x.graphml", company="acme", policy=store.names["acme_v1"])
    with pytest.raises(NotFoundError):
        export(store, view="practices", format="graphml", output=tmp_path / "x.graphml", company="nobody-at-all")
    with pytest.raises(NotFoundError):
        export(store, view="practices", format="graphml", output=tmp_path / "x.graphml", policy="https://w3id.org/policykg/id/policy/x/y")


def test_format_for_extensions():
    assert [format_for(f"a.{ext}") for ext in ("graphml", "gexf", "dot", "svg", "png", "cyjs", "html", "ttl", "trig", "nq", "jsonld")] == list(FORMATS)


def test_cli_export(store, tmp_path):
    from policykg.cli import main

    store_dir = tmp_path / "cli-store"
    store.dump(tmp_path / "all.trig")
    from policykg.store import Store

    with Store.open(store_dir) as copy:
        copy.load_file(tmp_path / "all.trig")
    out = tmp_path / "out" / "acme.gexf"
    assert main(["export", "--view", "practices", "--company", "acme", "-o", str(out), "--store", str(store_dir)]) == 0
    assert nx.read_gexf(out).number_of_nodes() == expected_practice_counts(store.graph(store.names["acme_v2"]))[0]
    assert main(["export", "--view", "nonsense", "-o", str(tmp_path / "x.svg"), "--store", str(store_dir)]) == 2
    assert main(["export", "--view", "taxonomy", "-o", str(tmp_path / "x.unknown"), "--store", str(store_dir)]) == 2


def test_cli_help_has_an_example():
    from typer.testing import CliRunner

    from policykg.cli import app

    result = CliRunner().invoke(app, ["export", "--help"])
    assert result.exit_code == 0
    assert "Example: policykg export" in result.output


@pytest.mark.slow
def test_seed_policies_export_every_view(tmp_path):
    seeds = SHARED / "seeds"
    if not seeds.is_dir():
        pytest.skip(f"{seeds} is absent: the seed policies live beside the repository")
    pipeline = pytest.importorskip("policykg.ingest.pipeline", reason="the ingest pipeline is not importable")
    from policykg.store import Store

    with Store.open(tmp_path / "store") as db:
        pipeline.ingest_paths([seeds], store=db)
        companies = [str(r["slug"]) for r in db.rows("_organisations")]
        assert companies
        for view in VIEWS:
            selection = {"company": companies[0]} if view in SELECTION else {}
            result = export(db, view=view, format="html", output=tmp_path / f"{view}.html", **selection)
            assert result.nodes > 0 and external_references(result.path.read_text()) == []
