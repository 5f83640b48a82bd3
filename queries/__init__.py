"""Named SPARQL queries: ``queries/*.rq`` files with a commented header.

Header format (comment lines before the query)::

    # title: Who collects a data type
    # question: Which companies collect this data type or any of its subtypes?
    # param ?datatype: IRI  the data type (pd:EmailAddress)
    # columns: company, datatype, policy

Values are bound, never spliced into the text: on the embedded store with
pyoxigraph ``substitutions``; on a remote endpoint with a leading ``VALUES``
block written from the terms' N-Triples form. Files whose name starts with an
underscore are internal (used by the library, hidden from ``--list``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from policykg.errors import QueryError


@dataclass(frozen=True, slots=True)
class Parameter:
    """A query parameter: ``name`` without the ``?``; ``kind`` is IRI, string, integer, decimal, date or boolean."""

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

    @property
    def is_update(self) -> bool:
        return is_update(self.text)


_HEADER = re.compile(r"^#\s*(title|question|param|columns)\s*(.*)$")
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
