"""QueryResult renderings and the value rules shared by the store and endpoints."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

from policykg.errors import QueryError
from policykg.queries.results import QueryResult, from_sparql_json, plain_from_json, plain_from_ox

XSD = "http://www.w3.org/2001/XMLSchema#"


def test_renderings():
    result = QueryResult(("company", "n", "ok", "note"), (("acme", 3, True, 'says "no" | maybe'), ("beta", 0.5, None, None)))
    assert result.to_csv().splitlines() == ["company,n,ok,note", 'acme,3,true,"says ""no"" | maybe"', "beta,0.5,,"]
    assert json.loads(result.to_json())[1] == {"company": "beta", "n": 0.5, "ok": None, "note": None}
    assert "says \"no\" \\| maybe" in result.to_markdown()
    assert result.to_text().splitlines()[0].split() == ["company", "n", "ok", "note"]
    with pytest.raises(QueryError):
        result.render("xml")


def test_same_values_from_both_sources():
    pairs = [
        (ox.Literal("3", datatype=ox.NamedNode(XSD + "integer")), {"type": "literal", "value": "3", "datatype": XSD + "integer"}),
        (ox.Literal("0.9", datatype=ox.NamedNode(XSD + "decimal")), {"type": "literal", "value": "0.9", "datatype": XSD + "decimal"}),
        (ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean")), {"type": "literal", "value": "true", "datatype": XSD + "boolean"}),
        (ox.Literal("2012-04-10", datatype=ox.NamedNode(XSD + "date")), {"type": "literal", "value": "2012-04-10", "datatype": XSD + "date"}),
        (ox.NamedNode("https://e.org/a"), {"type": "uri", "value": "https://e.org/a"}),
        (ox.Literal("hi", language="en"), {"type": "literal", "value": "hi", "xml:lang": "en"}),
    ]
    for term, binding in pairs:
        assert plain_from_ox(term) == plain_from_json(binding)


def test_malformed_sparql_json_is_an_error():
    for document in ([], {"head": {}}, {"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"value": 1}}]}}):
        with pytest.raises(QueryError):
            from_sparql_json(document)
    capped = from_sparql_json({"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "uri", "value": "a:b"}}] * 3}}, max_rows=2)
    assert len(capped) == 2 and capped.truncated
