"""Query results as plain Python values, and their renderings.

Both the embedded store (pyoxigraph terms) and a remote endpoint (SPARQL 1.1
JSON results) are turned into the same :class:`QueryResult`, with the same
value rules, so a query returns equal rows wherever it runs:

- IRIs become their string; blank nodes ``_:label``;
- ``xsd:integer`` (and its subtypes) become ``int``; ``xsd:decimal``,
  ``xsd:double``, ``xsd:float`` become ``float``; ``xsd:boolean`` ``bool``;
- every other literal becomes its lexical form (``str``); dates stay
  ``"2012-04-10"`` strings so that CSV and JSON show them as written.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field

import pyoxigraph as ox

from policykg.errors import QueryError

_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGER_TYPES = frozenset(
    _XSD + name
    for name in (
        "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
        "nonPositiveInteger", "negativeInteger", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte",
    )
)
_FLOAT_TYPES = frozenset(_XSD + name for name in ("decimal", "double", "float"))

#: Output formats accepted by :meth:`QueryResult.render`.
FORMATS = ("table", "csv", "json", "markdown")


def _typed(lexical: str, datatype: str | None) -> object:
    if datatype in _INTEGER_TYPES:
        try:
            return int(lexical)
        except ValueError:
            return lexical
    if datatype in _FLOAT_TYPES:
        try:
            return float(lexical)
        except ValueError:
            return lexical
    if datatype == _XSD + "boolean":
        return lexical.strip() in ("true", "1")
    return lexical


def plain_from_ox(term) -> object:
    """A pyoxigraph term (or ``None``) as a plain Python value.

    >>> plain_from_ox(ox.Literal("3", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")))
    3
    >>> plain_from_ox(ox.NamedNode("https://w3id.org/dpv/pd#EmailAddress"))
    'https://w3id.org/dpv/pd#EmailAddress'
    """
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        return _typed(term.value, term.datatype.value if term.datatype else None)
    return str(term)


def plain_from_json(binding: dict | None) -> object:
    """One SPARQL 1.1 JSON results binding (``{"type": ..., "value": ...}``) as a plain Python value.

    >>> plain_from_json({"type": "literal", "value": "0.5", "datatype": "http://www.w3.org/2001/XMLSchema#decimal"})
    0.5

    Raises:
        QueryError: the binding is not a SPARQL JSON term.
    """
    if binding is None:
        return None
    if not isinstance(binding, dict) or "value" not in binding or "type" not in binding:
        raise QueryError(f"malformed SPARQL JSON term {binding!r}")
    kind, value = binding["type"], binding["value"]
    if kind == "uri":
        return value
    if kind == "bnode":
        return f"_:{value}"
    if kind in ("literal", "typed-literal"):
        return _typed(value, binding.get("datatype"))
    raise QueryError(f"malformed SPARQL JSON term of type {kind!r}")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


@dataclass(frozen=True, slots=True)
class QueryResult:
    """The answer to a query: named columns and rows of plain Python values.

    Invariants: every row has ``len(columns)`` values; a value is ``None``
    (unbound), ``str``, ``int``, ``float`` or ``bool``. An ASK query gives one
    column ``result`` and one row; a CONSTRUCT or DESCRIBE query gives the
    columns ``subject``, ``predicate``, ``object``. ``truncated`` is true when
    a row cap stopped reading early.

    >>> r = QueryResult(("company", "n"), (("plimus", 3),))
    >>> print(r.render("csv").strip())
    company,n
    plimus,3
    """

    columns: tuple[str, ...]
    rows: tuple[tuple[object, ...], ...]
    truncated: bool = field(default=False)

    def __len__(self) -> int:
        return len(self.rows)

    def as_dicts(self) -> list[dict[str, object]]:
        """The rows as dicts keyed by column."""
        return [dict(zip(self.columns, row)) for row in self.rows]

    def column(self, name: str) -> list[object]:
        """The values of one column, in row order.

        Raises:
            QueryError: no such column.
        """
        if name not in self.columns:
            raise QueryError(f"no column {name!r}; columns are {', '.join(self.columns)}")
        index = self.columns.index(name)
        return [row[index] for row in self.rows]

    @staticmethod
    def render_cell(value: object) -> str:
        """One value as table text (``""`` for unbound, ``true``/``false`` for booleans)."""
        return _cell(value)

    def to_csv(self) -> str:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(self.columns)
        for row in self.rows:
            writer.writerow(["" if v is None else ("true" if v is True else "false" if v is False else v) for v in row])
        return buffer.getvalue()

    def to_json(self) -> str:
        """A JSON array with one object per row (unbound values are ``null``)."""
        return json.dumps(self.as_dicts(), ensure_ascii=False, indent=2)

    def to_markdown(self) -> str:
        def escape(value: object) -> str:
            return _cell(value).replace("|", "\\|").replace("\n", " ")

        lines = ["| " + " | ".join(self.columns) + " |", "|" + "|".join("---" for _ in self.columns) + "|"]
        lines += ["| " + " | ".join(escape(v) for v in row) + " |" for row in self.rows]
        return "\n".join(lines) + "\n"

    def to_text(self, *, max_width: int = 60) -> str:
        """A plain fixed-width table; cells longer than ``max_width`` are shortened with an ellipsis."""

        def cut(value: object) -> str:
            text = _cell(value).replace("\n", " ")
            return text if len(text) <= max_width else text[: max_width - 1] + "…"

        cells = [[cut(v) for v in row] for row in self.rows]
        widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(self.columns)]
        lines = ["  ".join(c.ljust(w) for c, w in zip(self.columns, widths)).rstrip()]
        lines.append("  ".join("-" * w for w in widths))
        lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in cells]
        return "\n".join(lines) + "\n"

    def render(self, fmt: str = "table") -> str:
        """The result as ``table``, ``csv``, ``json`` or ``markdown`` text.

        Raises:
            QueryError: unknown format.
        """
        renderers = {"table": self.to_text, "csv": self.to_csv, "json": self.to_json, "markdown": self.to_markdown}
        if fmt not in renderers:
            raise QueryError(f"unknown output format {fmt!r}; use one of {', '.join(FORMATS)}")
        return renderers[fmt]()


def from_oxigraph(results) -> QueryResult:
    """A :class:`QueryResult` from what ``pyoxigraph.Store.query`` returned."""
    if isinstance(results, ox.QueryBoolean):
        return QueryResult(("result",), ((bool(results),),))
    if isinstance(results, ox.QueryTriples):
        rows = tuple((plain_from_ox(t.subject), plain_from_ox(t.predicate), plain_from_ox(t.object)) for t in results)
        return QueryResult(("subject", "predicate", "object"), rows)
    columns = tuple(v.value for v in results.variables)
    rows = tuple(tuple(plain_from_ox(solution[c]) for c in columns) for solution in results)
    return QueryResult(columns, rows)


def from_sparql_json(document: object, *, max_rows: int | None = None) -> QueryResult:
    """A :class:`QueryResult` from a parsed SPARQL 1.1 JSON results document.

    Raises:
        QueryError: the document is not SPARQL JSON results.
    """
    if not isinstance(document, dict):
        raise QueryError("malformed SPARQL results: not a JSON object")
    if "boolean" in document:
        return QueryResult(("result",), ((bool(document["boolean"]),),))
    head, results = document.get("head"), document.get("results")
    if not isinstance(head, dict) or not isinstance(results, dict) or not isinstance(results.get("bindings"), list):
        raise QueryError("malformed SPARQL results: expected 'head' and 'results.bindings'")
    columns = tuple(head.get("vars") or ())
    bindings = results["bindings"]
    truncated = max_rows is not None and len(bindings) > max_rows
    if truncated:
        bindings = bindings[:max_rows]
    rows = []
    for solution in bindings:
        if not isinstance(solution, dict):
            raise QueryError("malformed SPARQL results: a solution is not a JSON object")
        rows.append(tuple(plain_from_json(solution.get(c)) for c in columns))
    return QueryResult(columns, tuple(rows), truncated=truncated)
