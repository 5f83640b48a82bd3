"""Named SPARQL queries: ``queries/*.rq`` files with a commented header.

Header format (comment lines before the query)::

    # title: Who collects a data type
    # question: Which companies collect this data type or any of its subtypes?
    # param ?datatype: IRI  the data type (pd:EmailAddress)
    # columns: company, datatype, policy

Values are bound as RDF terms, never as raw text: on the embedded store and on a
remote endpoint alike, with a leading ``VALUES`` block written from the terms'
N-Triples form (Oxigraph 0.5 applies ``substitutions`` only after evaluating the
whole pattern, which made every company question scan the store); a literal is
also written, in the same escaped form, into the filters that read it
(:func:`inline_literals`). Files whose name starts with an
underscore are internal (used by the library, hidden from ``--list``).

Parameter types: ``IRI`` (a full IRI, ``<...>`` or a CURIE such as
``pd:EmailAddress``), ``company`` (an organisation: its IRI, slug or name, any
case), ``string``, ``integer``, ``decimal``, ``date`` (``YYYY-MM-DD``) and
``boolean``. A ``?name?:`` parameter is optional: left out, the variable stays
free. Every parameter must be projected by the query's SELECT clause, so rows
show the values they were asked about.

An optional ``# example: company=plimus datatype=pd:EmailAddress`` line gives
parameter values that make a good first try (shown by ``--list``).

Queries across every company. Oxigraph joins the triple patterns of a group one
row at a time, with an index lookup per row (10 to 30 µs on the 13k store), so a
question about every company's practices pays that for each of hundreds of
thousands of practices; a sub-SELECT is evaluated on its own and hash-joined,
and a whole-predicate scan costs about 0.4 µs a row. Such queries are written
as joins of scans, using two facts of the data model (``docs/data-model.md``; a
test checks both on an ingested policy):

- a practice or statement lies in the named graph of its policy, whose name is
  the policy IRI: ``GRAPH ?policy { ?practice dpv:hasPurpose ?purpose }`` gives
  the policy of each practice from the same scan, where ``pk:inPolicy`` costs a
  lookup;
- a practice or statement has exactly one polarity (a core shape checks it), so
  "affirmed" is ``MINUS { ?practice pk:polarity pk:Negated }``, a join with the
  few negated ones;
- the latest policies come from one small sub-SELECT, ``{ SELECT ?policy ?company
  WHERE { ?policy dct:publisher ?company MINUS { ?newer prov:wasRevisionOf ?policy } } }``,
  and other properties of a practice from sub-SELECT scans of their predicate.

``purpose-ranking`` went from 11.6 s to 0.44 s on 9,557 policies this way, with
the same rows. A query about one company keeps plain patterns: it starts from
the bound company and looks up a few hundred rows. Measure each rewrite: in
``children-data`` and ``who-never-sells``, whose items are found from a few
taxonomy concepts inside a ``UNION``, the ``GRAPH`` form was three times slower,
so they keep ``pk:inPolicy``.

Run a query from Python:

>>> from policykg.store import Store
>>> with Store.open(None) as store:          # an empty in-memory store (the ontology only)
...     result = run("who-collects", store=store, datatype="pd:EmailAddress")
>>> result.columns[:2]
('company', 'name')
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from collections.abc import Mapping

from policykg.errors import EndpointError, NotFoundError, QueryError, StoreError
from policykg.ontology.namespaces import PREFIXES, expand_curie

from .results import FORMATS, QueryResult, from_oxigraph


@dataclass(frozen=True, slots=True)
class Parameter:
    """A query parameter: ``name`` without the ``?``; ``kind`` is one of :data:`PARAMETER_KINDS`."""

    name: str
    kind: str
    description: str = ""
    optional: bool = False


@dataclass(frozen=True, slots=True)
class NamedQuery:
    """A query file, parsed. ``text`` is the whole file (comments included)."""

    name: str
    title: str
    question: str
    parameters: tuple[Parameter, ...]
    columns: tuple[str, ...]
    text: str
    path: str
    example: str = ""

    @property
    def is_update(self) -> bool:
        return is_update(self.text)


#: The parameter types a query header may declare.
PARAMETER_KINDS = ("IRI", "company", "string", "integer", "decimal", "date", "boolean")

_HEADER = re.compile(r"^#\s*(title|question|param|columns|example)\s*(.*)$")
_PARAM = re.compile(r"^\?(\w+)(\??)\s*:\s*(\w+)\s*(.*)$")


def parse(text: str, *, name: str, path: str = "") -> NamedQuery:
    """Parse a query file's header.

    >>> q = parse("# title: T\\n# param ?x: IRI the thing\\nSELECT ?x WHERE {}", name="t")
    >>> q.parameters[0].name, q.parameters[0].kind
    ('x', 'IRI')
    """
    fields: dict[str, str] = {}
    params: list[Parameter] = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        match = _HEADER.match(stripped)
        if not match:
            continue
        key, rest = match.group(1), match.group(2).lstrip(":").strip()
        if key == "param":
            pm = _PARAM.match(rest)
            if not pm:
                raise QueryError(f"{path or name}: malformed '# param' line {stripped!r}; expected '# param ?name: TYPE description'")
            if pm.group(3) not in PARAMETER_KINDS:
                raise QueryError(
                    f"{path or name}: parameter ?{pm.group(1)} has unknown type {pm.group(3)!r}; "
                    f"use one of {', '.join(PARAMETER_KINDS)}"
                )
            params.append(Parameter(pm.group(1), pm.group(3), pm.group(4).strip(), optional=bool(pm.group(2))))
        else:
            fields[key] = f"{fields[key]} {rest}".strip() if key in fields else rest
    columns = tuple(c.strip() for c in fields.get("columns", "").split(",") if c.strip())
    return NamedQuery(
        name=name,
        title=fields.get("title", name),
        question=fields.get("question", ""),
        parameters=tuple(params),
        columns=columns,
        text=text,
        path=path,
        example=fields.get("example", ""),
    )


@cache
def library() -> dict[str, NamedQuery]:
    """Every named query that ships with policykg, by name (internal ones included)."""
    folder = resources.files(__package__)
    result = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            name = entry.name[:-3]
            result[name] = parse(entry.read_text(encoding="utf-8"), name=name, path=str(entry))
    return result


def load(name_or_path: str) -> NamedQuery:
    """A named query by name, or a query read from a ``.rq`` file path.

    Raises:
        QueryError: no such query or file.
    """
    known = library()
    if name_or_path in known:
        return known[name_or_path]
    path = Path(name_or_path)
    if path.suffix in (".rq", ".sparql") or path.exists():
        if not path.is_file():
            raise QueryError(f"{path}: no such query file")
        return parse(path.read_text(encoding="utf-8"), name=path.stem, path=str(path))
    public = ", ".join(n for n in known if not n.startswith("_"))
    raise QueryError(f"unknown query {name_or_path!r}; run 'policykg query --list' (known: {public})")


_UPDATE = re.compile(
    r"^\s*(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.IGNORECASE | re.MULTILINE
)


def _strip_comments_and_strings(text: str) -> str:
    text = re.sub(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'', '""', text)
    text = re.sub(r"<[^<>\s]*>", "<>", text)
    return re.sub(r"#[^\n]*", "", text)


def is_update(text: str) -> bool:
    """True when the SPARQL text is an update (INSERT, DELETE, DROP, ...), not a query.

    >>> is_update("SELECT * WHERE { ?s ?p ?o }"), is_update("DROP ALL")
    (False, True)
    """
    return bool(_UPDATE.search(_strip_comments_and_strings(text)))


def public() -> dict[str, NamedQuery]:
    """The named queries users run (internal ``_*`` ones left out), by name."""
    return {name: q for name, q in library().items() if not name.startswith("_")}


def adhoc(text: str) -> NamedQuery:
    """An ad-hoc query (``policykg query -e``) as a :class:`NamedQuery`.

    >>> adhoc("SELECT ?s WHERE { ?s ?p ?o }").name
    'ad-hoc'
    """
    return parse(text, name="ad-hoc")


# ---------------------------------------------------------------- parameter binding
_IRI_SCHEMES = ("http://", "https://", "urn:", "mailto:", "tag:", "file:")
_BOOLEANS = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}
_XSD = "http://www.w3.org/2001/XMLSchema#"


def _looks_like_iri(text: str) -> bool:
    if text.startswith("<") and text.endswith(">"):
        return True
    if text.lower().startswith(_IRI_SCHEMES):
        return True
    prefix, sep, _ = text.partition(":")
    return bool(sep) and prefix in PREFIXES


def to_iri(value: object, *, name: str = "value"):
    """A parameter value as a pyoxigraph ``NamedNode``: a full IRI, ``<IRI>`` or a CURIE of a known prefix.

    >>> to_iri("pd:EmailAddress").value
    'https://w3id.org/dpv/pd#EmailAddress'

    Raises:
        QueryError: the value is not a valid absolute IRI (or uses an unknown prefix).
    """
    import pyoxigraph as ox

    if isinstance(value, ox.NamedNode):
        return value
    text = str(value).strip()
    explicit = text.startswith("<") and text.endswith(">")
    if explicit:
        text = text[1:-1]
    else:
        prefix, sep, local = text.partition(":")
        if sep and prefix in PREFIXES and not local.startswith("//"):
            text = expand_curie(text)
        elif not text.lower().startswith(_IRI_SCHEMES):
            raise QueryError(
                f"?{name}: {str(value)!r} is not an IRI; give a full IRI, <IRI>, or a CURIE with one of "
                f"the prefixes {', '.join(PREFIXES)}"
            )
    try:
        return ox.NamedNode(text)
    except ValueError as exc:
        raise QueryError(f"?{name}: {str(value)!r} is not a valid IRI ({exc})") from None


def to_term(parameter: Parameter, value: object, *, source=None):
    """Turn one parameter value into the RDF term it binds (a pyoxigraph term).

    ``source`` (a store or endpoint) is needed only to resolve ``company`` names.

    >>> to_term(Parameter("n", "integer"), "12")
    <Literal value=12 datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#integer>>

    Raises:
        QueryError: the value does not fit the parameter's type.
        NotFoundError: a company name matches no organisation.
    """
    import datetime as dt
    from decimal import Decimal, InvalidOperation

    import pyoxigraph as ox

    kind, name = parameter.kind, parameter.name
    if isinstance(value, (ox.NamedNode, ox.Literal)):
        return value
    try:
        from rdflib import Literal as RdfLiteral, URIRef

        if isinstance(value, URIRef):
            return to_iri(str(value), name=name)
        if isinstance(value, RdfLiteral):
            if value.language:
                return ox.Literal(str(value), language=value.language)
            if value.datatype:
                return ox.Literal(str(value), datatype=ox.NamedNode(str(value.datatype)))
            return ox.Literal(str(value))
    except ImportError:  # pragma: no cover - rdflib is a dependency
        pass
    text = value if isinstance(value, str) else str(value)
    if kind == "IRI":
        return to_iri(value, name=name)
    if kind == "company":
        stripped = text.strip()
        if _looks_like_iri(stripped):
            return to_iri(stripped, name=name)
        if source is None:
            raise QueryError(f"?{name}: cannot look up company {text!r} without a store or endpoint")
        return ox.NamedNode(resolve_company(source, stripped))
    if kind == "string":
        return ox.Literal(text)
    if kind == "integer":
        if isinstance(value, bool):
            raise QueryError(f"?{name}: expected an integer, got {value!r}")
        try:
            number = int(value) if isinstance(value, int) else int(text.strip())
        except ValueError:
            raise QueryError(f"?{name}: expected an integer, got {text!r}") from None
        return ox.Literal(str(number), datatype=ox.NamedNode(_XSD + "integer"))
    if kind == "decimal":
        try:
            number = Decimal(text.strip())
        except InvalidOperation:
            raise QueryError(f"?{name}: expected a decimal number, got {text!r}") from None
        if not number.is_finite():
            raise QueryError(f"?{name}: expected a finite decimal number, got {text!r}")
        return ox.Literal(format(number, "f"), datatype=ox.NamedNode(_XSD + "decimal"))
    if kind == "date":
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            day = value
        else:
            try:
                day = dt.date.fromisoformat(text.strip())
            except ValueError:
                raise QueryError(f"?{name}: expected a date YYYY-MM-DD, got {text!r}") from None
        return ox.Literal(day.isoformat(), datatype=ox.NamedNode(_XSD + "date"))
    if kind == "boolean":
        if isinstance(value, bool):
            flag = value
        elif text.strip().lower() in _BOOLEANS:
            flag = _BOOLEANS[text.strip().lower()]
        else:
            raise QueryError(f"?{name}: expected true or false, got {text!r}")
        return ox.Literal("true" if flag else "false", datatype=ox.NamedNode(_XSD + "boolean"))
    raise QueryError(f"?{name}: unknown parameter type {kind!r}")


def _guess_parameter(name: str, value: object) -> Parameter:
    """The parameter an ad-hoc query's ``--param`` most likely means (no header declares it)."""
    text = str(value).strip()
    if isinstance(value, bool):
        return Parameter(name, "boolean")
    if isinstance(value, int):
        return Parameter(name, "integer")
    if _looks_like_iri(text):
        return Parameter(name, "IRI")
    if re.fullmatch(r"[+-]?\d+", text):
        return Parameter(name, "integer")
    return Parameter(name, "string")


def bind(query: NamedQuery, params: Mapping[str, object], *, source=None) -> dict[str, object]:
    """Check and type a query's parameter values; return ``{name: pyoxigraph term}``.

    Values of ``None`` are left out (an optional parameter stays free). A query
    whose header declares no parameters (an ad-hoc one) takes any parameter and
    guesses its type from the value (IRI, CURIE, integer, else string).

    Raises:
        QueryError: an unknown or missing parameter, or a value of the wrong type.
        NotFoundError: a company that is not in the store.
    """
    declared = {p.name: p for p in query.parameters}
    given = {k: v for k, v in params.items() if v is not None}
    if declared:
        unknown = sorted(set(given) - set(declared))
        if unknown:
            names = ", ".join(f"?{p}" for p in declared) or "none"
            raise QueryError(f"query {query.name!r} has no parameter {', '.join('?' + u for u in unknown)} (its parameters: {names})")
        missing = [p.name for p in query.parameters if not p.optional and p.name not in given]
        if missing:
            hints = "; ".join(f"--param {p.name}=... ({p.kind}: {p.description})" for p in query.parameters if p.name in missing)
            raise QueryError(f"query {query.name!r} needs {hints}")
    bound: dict[str, object] = {}
    for key, value in given.items():
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key):
            raise QueryError(f"{key!r} is not a SPARQL variable name")
        parameter = declared.get(key) or _guess_parameter(key, value)
        bound[key] = to_term(parameter, value, source=source)
    return bound


def values_clause(bindings: Mapping[str, object]) -> str:
    """A SPARQL ``VALUES`` block binding each variable to its term, written in N-Triples syntax.

    The terms' own serialisation escapes quotes, backslashes and newlines, and an
    IRI cannot contain ``>`` (pyoxigraph refuses it), so no value can end the
    block early: values stay values.

    >>> import pyoxigraph as ox
    >>> values_clause({"name": ox.Literal('a"b')})
    'VALUES (?name) { ("a\\\\"b") }'
    """
    if not bindings:
        return ""
    names = " ".join(f"?{name}" for name in bindings)
    terms = " ".join(str(term) for term in bindings.values())
    return f"VALUES ({names}) {{ ({terms}) }}"


#: What a scan of query text steps over: strings, IRIs and comments, where no keyword or variable counts.
_SKIP = (
    r'(?P<skip>"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
    r'|<[^<>"{}|^`\\\s]*>|#[^\n]*)'
)
_TOKEN = re.compile(
    _SKIP + r"|(?P<open>[{(])|(?P<close>[})])|(?P<where>\bWHERE\b)|(?P<form>\b(?:SELECT|ASK|DESCRIBE|CONSTRUCT)\b)",
    re.IGNORECASE,
)
_EXPRESSION_TOKEN = re.compile(
    _SKIP + r"|(?P<filter>\bFILTER\s*\()|(?P<open>[{(])|(?P<close>[})])|[?$](?P<variable>\w+)",
    re.IGNORECASE,
)


def inline_literals(text: str, bindings: Mapping[str, object]) -> str:
    """The query text with each bound literal written in place of its variable inside ``FILTER( )`` expressions.

    A value that only a filter reads shares no variable with any pattern, so
    Oxigraph joins its ``VALUES`` row last and filters nothing until every
    solution is built (``low-confidence``: 14 s on 9,553 policies, 0.2 s with the
    constant in place). Written into the expression, it filters where the pattern
    binds the other side. Only literals are inlined, only in expressions (never in
    a pattern, an ``EXISTS { }`` group or a projection), and in their N-Triples form,
    so a value stays a value; the ``VALUES`` block still binds the variable for the
    projection and every other use (:func:`with_values`). One difference from plain
    ``VALUES`` binding: a sub-SELECT that reuses the parameter's name as a variable of
    its own, and filters on it, now reads the value too.

    >>> import pyoxigraph as ox
    >>> inline_literals("SELECT ?t WHERE { ?s ?p ?t FILTER(?t > ?min && EXISTS { ?s ?q ?min }) }", {"min": ox.Literal("3")})
    'SELECT ?t WHERE { ?s ?p ?t FILTER(?t > "3" && EXISTS { ?s ?q ?min }) }'
    """
    import pyoxigraph as ox

    literals = {name: str(term) for name, term in bindings.items() if isinstance(term, ox.Literal)}
    if not literals:
        return text
    out, last = [], 0
    stack: list[str] = []  # "filter", "(" or "{", innermost last
    for match in _EXPRESSION_TOKEN.finditer(text):
        if match.group("skip"):
            continue
        if match.group("filter"):
            stack.append("filter")
        elif match.group("open"):
            stack.append(match.group("open"))
        elif match.group("close"):
            if stack:
                stack.pop()
        elif match.group("variable") in literals:
            context = next((kind for kind in reversed(stack) if kind in ("filter", "{")), None)
            if context == "filter":
                out.append(text[last : match.start()])
                out.append(literals[match.group("variable")])
                last = match.end()
    out.append(text[last:])
    return "".join(out)


def with_values(text: str, bindings: Mapping[str, object]) -> str:
    """The query text with a ``VALUES`` block as the first element of its WHERE clause.

    Literal values are also written into the filters that read them
    (:func:`inline_literals`).

    Inside the outermost group the block joins before everything else, so the
    bound values constrain the pattern before any aggregate (a trailing VALUES
    clause would only filter the groups), and engines start the join from them.

    >>> import pyoxigraph as ox
    >>> with_values("SELECT ?x WHERE { ?x ?p ?o }", {"x": ox.NamedNode("http://e.org/a")})
    'SELECT ?x WHERE { VALUES (?x) { (<http://e.org/a>) } ?x ?p ?o }'

    Raises:
        QueryError: the query has no WHERE clause to bind into.
    """
    if not bindings:
        return text
    depth = 0
    form = None
    after_where = False
    template_open = False
    for match in _TOKEN.finditer(text):
        if match.group("skip"):
            continue
        if match.group("form"):
            if depth == 0 and form is None:
                form = match.group("form").upper()
        elif match.group("where"):
            after_where = after_where or depth == 0
        elif match.group("open"):
            if depth == 0 and match.group("open") == "{":
                if after_where or (form not in (None, "CONSTRUCT")) or (form == "CONSTRUCT" and template_open):
                    position = match.end()
                    inlined = inline_literals(text[position:], bindings)
                    return f"{text[:position]} {values_clause(bindings)}{inlined}"
                template_open = True
            depth += 1
        elif match.group("close"):
            depth -= 1
    raise QueryError("cannot bind parameters: the query has no WHERE clause")


def with_prefixes(text: str) -> str:
    """The query text preceded by ``PREFIX`` declarations for the policykg prefixes it uses but does not declare.

    The embedded store knows these prefixes; a remote endpoint does not.

    >>> with_prefixes("SELECT * WHERE { ?s a pk:Practice }").splitlines()[0]
    'PREFIX pk: <https://w3id.org/policykg#>'
    """
    bare = _TOKEN.sub(lambda m: " " if m.group("skip") else m.group(0), text)
    declared = {m.group(1) for m in re.finditer(r"\bPREFIX\s+([A-Za-z][\w.-]*)?:", bare, re.IGNORECASE)}
    used = {m.group(1) for m in re.finditer(r"(?<![\w?$:.-])([A-Za-z][\w.-]*):", bare)}
    lines = [f"PREFIX {p}: <{iri}>" for p, iri in PREFIXES.items() if p in used and p not in declared]
    return "\n".join(lines + [text]) if lines else text


def strip_comments(text: str) -> str:
    r"""The query text without ``#`` comments (strings and IRIs containing ``#`` are kept).

    >>> strip_comments('# title: x\nSELECT * WHERE { ?s <http://e.org/#p> "#1" } # end')
    'SELECT * WHERE { ?s <http://e.org/#p> "#1" }'
    """
    def keep(match: re.Match) -> str:
        token = match.group(0)
        return "" if match.group("skip") and token.startswith("#") else token

    lines = [line.rstrip() for line in _TOKEN.sub(keep, text).splitlines()]
    return "\n".join(line for line in lines if line.strip())


# ---------------------------------------------------------------- running
def _open_source(store):
    """``(store, close)``: a Store object, or one opened read-only from a path (default path when ``None``)."""
    from policykg.store import Store, default_store_path

    if isinstance(store, Store):
        return store, False
    return Store.open(store if store is not None else default_store_path(), read_only=True), True


def run(
    query: str | NamedQuery,
    *,
    store=None,
    endpoint=None,
    allow_update: bool = False,
    **params: object,
) -> QueryResult:
    """Run a named query (or a ``.rq`` file, or a :class:`NamedQuery`) and return its rows.

    Args:
        query: a query name (``who-collects``), a path to a ``.rq`` file, or a
            :class:`NamedQuery` (see :func:`adhoc`).
        store: a :class:`policykg.store.Store`, a store directory, or ``None``
            for the default store (opened read-only).
        endpoint: a remote SPARQL endpoint URL or :class:`~policykg.queries.endpoint.Endpoint`;
            used instead of the store.
        allow_update: run SPARQL Update (refused otherwise).
        **params: parameter values (strings are typed by the query header).

    Returns:
        A :class:`QueryResult`; for an update, one row with column ``updated``.

    Raises:
        QueryError: unknown query, bad parameter, update refused, query failed.
        EndpointError: the endpoint is down, answered with an error, or sent malformed results.
        NotFoundError: a ``company`` parameter names no organisation.
        StoreError: the store's ontology graph predates ``pk:broaderOrSelf`` (see :func:`require_closure`).
    """
    named = query if isinstance(query, NamedQuery) else load(query)
    if store is not None and endpoint is not None:
        raise QueryError("give a store or an endpoint, not both")
    if named.is_update:
        if not allow_update:
            raise QueryError(f"{named.name}: this is a SPARQL Update; pass --allow-update (allow_update=True) to run it")
        if any(v is not None for v in params.values()):
            raise QueryError(f"{named.name}: parameters cannot be bound in a SPARQL Update")
    if endpoint is not None:
        from .endpoint import Endpoint

        remote = endpoint if isinstance(endpoint, Endpoint) else Endpoint.from_env(str(endpoint))
        if named.is_update:
            remote.update(named.text)
            return QueryResult(("updated",), ((True,),))
        bindings = bind(named, params, source=remote)
        if uses_closure(named.text):
            require_closure(remote)
        return remote.select(named.text, bindings)
    source, close = _open_source(store) if not named.is_update else _open_writable(store)
    try:
        if not named.is_update and uses_closure(named.text):
            require_closure(source)
        if named.is_update:
            try:
                source.oxigraph.update(named.text, prefixes=PREFIXES)
            except SyntaxError as exc:
                raise QueryError(f"{named.name}: update does not parse: {exc}") from exc
            except OSError as exc:
                raise QueryError(f"{named.name}: update failed: {exc}") from exc
            return QueryResult(("updated",), ((True,),))
        return run_on_store(source, named, bind(named, params, source=source))
    finally:
        if close:
            source.close()


def _open_writable(store):
    from policykg.store import Store, default_store_path

    if isinstance(store, Store):
        return store, False
    return Store.open(store if store is not None else default_store_path()), True


def run_on_store(store, query: NamedQuery, bindings: Mapping[str, object]) -> QueryResult:
    """Run a query on an open embedded store with already-typed bindings.

    The values are bound with a leading ``VALUES`` block (:func:`with_values`),
    as for a remote endpoint, not with pyoxigraph ``substitutions``: Oxigraph 0.5
    joins substitutions after evaluating the whole pattern, so a query about one
    company scanned every practice of the store (50 times slower on 83 policies,
    and growing with the store), while a ``VALUES`` block is the first operand of
    the join and every pattern after it starts from the bound value. The terms are
    written in N-Triples syntax, so values stay values (see :func:`values_clause`).

    Raises:
        QueryError: the query fails, or it has no WHERE clause to bind parameters into.
    """
    text = with_values(query.text, bindings) if bindings else query.text
    try:
        results = store.query(text)
        return from_oxigraph(results)
    except RuntimeError as exc:
        raise QueryError(f"{query.name}: query failed: {exc}") from exc


#: Sources (stores, endpoints) already found to carry ``pk:broaderOrSelf``: checked once each.
_CLOSURE_FOUND: weakref.WeakSet = weakref.WeakSet()


@cache
def uses_closure(text: str) -> bool:
    """True when the query reads ``pk:broaderOrSelf`` (outside comments and strings).

    >>> uses_closure("SELECT * WHERE { ?x pk:broaderOrSelf dpv:Collect }"), uses_closure("# pk:broaderOrSelf")
    (True, False)
    """
    bare = _TOKEN.sub(lambda m: " " if m.group("skip") and not m.group(0).startswith("<") else m.group(0), text)
    return "pk:broaderOrSelf" in bare or "<https://w3id.org/policykg#broaderOrSelf>" in bare


def require_closure(source) -> None:
    """Check that a store or endpoint carries ``pk:broaderOrSelf``, the closure category questions read.

    The closure is computed with the ontology (:func:`policykg.ontology.ontology_graph`);
    a store last written by an older policykg, or a server loaded from such a
    store's dump, lacks it, and every category question would silently find
    nothing. One cheap lookup per source object, remembered once it passed.

    Raises:
        StoreError: the store's ontology graph predates the closure.
        EndpointError: the endpoint's data lacks it.
    """
    from .endpoint import Endpoint

    try:
        if source in _CLOSURE_FOUND:
            return
    except TypeError:  # pragma: no cover - an object that cannot be weakly referenced: check every time
        pass
    check = library()["_closure-present"]
    if isinstance(source, Endpoint):
        found = source.select(check.text, {}).rows[0][0]
    else:
        found = run_on_store(source, check, {}).rows[0][0]
    if not found:
        if isinstance(source, Endpoint):
            raise EndpointError(
                f"{source!r} holds no pk:broaderOrSelf triples, which category questions read: its data comes "
                "from a store written by an older policykg; open that store for writing once (e.g. "
                "'policykg ingest' or 'policykg load' into it) to refresh its ontology graph, then push or load it again"
            )
        raise StoreError(
            f"{getattr(source, 'path', None) or 'the store'}: its ontology graph predates pk:broaderOrSelf, which "
            "category questions read; open the store for writing once (any 'policykg ingest' or 'policykg load' "
            "into it, or policykg.store.Store.open(path)) to refresh it"
        )
    try:
        _CLOSURE_FOUND.add(source)
    except TypeError:  # pragma: no cover
        pass


def rows_of(source, name: str, **params: object) -> QueryResult:
    """Run a query on a store or an endpoint, whichever ``source`` is (helper for library modules)."""
    from .endpoint import Endpoint

    if isinstance(source, Endpoint):
        return run(name, endpoint=source, **params)
    return run(name, store=source, **params)


def resolve_company(source, text: str) -> str:
    """The IRI of the organisation called ``text``: its IRI, its slug, or a name.

    Names match exactly as typed, in lower, upper, capitalised or title case,
    each an index lookup (fast on a store of thousands of organisations); when
    nothing matches, a company whose slug starts with the text's slug wins
    if it is the only one, else the error lists close slugs.

    ``source`` is an open :class:`~policykg.store.Store` or an
    :class:`~policykg.queries.endpoint.Endpoint`. Organisations that publish a
    policy win over named third parties of the same name.

    Raises:
        NotFoundError: no organisation has this name or slug.
        QueryError: several organisations match equally well.
    """
    import difflib

    from policykg.ontology.iris import slugify

    stripped = text.strip()
    if not stripped:
        raise NotFoundError("empty company name; give a name or slug (e.g. --company plimus)")
    if _looks_like_iri(stripped):
        return to_iri(stripped, name="company").value
    # find-company looks names up by value (as typed, lower, upper, capitalised): no scan of every
    # organisation; title case ("beta labs" -> "Beta Labs") is one more lookup.
    result = rows_of(source, "find-company", text=stripped, slug=slugify(stripped))
    if not result.rows and stripped.title() != stripped:
        result = rows_of(source, "find-company", text=stripped.title(), slug=slugify(stripped))
    best: dict[str, tuple[int, int]] = {}
    for row in result.as_dicts():
        rank = (0 if row["bySlug"] else 1, 0 if row["publishes"] else 1)
        org = row["org"]
        best[org] = min(best.get(org, rank), rank)
    if not best:
        known = sorted({str(r["slug"]) for r in rows_of(source, "companies").as_dicts() if r.get("slug")})
        # The first word(s) of a name are enough when only one company's slug starts with them ("zinnober").
        starting = [slug for slug in known if slug.startswith(slugify(stripped) + "-")]
        if len(starting) == 1:
            return resolve_company(source, starting[0])
        close = difflib.get_close_matches(slugify(stripped), known, n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else "; run 'policykg query companies' to list them"
        raise NotFoundError(f"no company called {stripped!r} in the store{hint}")
    top = min(best.values())
    winners = sorted(org for org, rank in best.items() if rank == top)
    if len(winners) > 1:
        raise QueryError(f"{stripped!r} names several organisations: {', '.join(winners)}; pass the IRI instead")
    return winners[0]
