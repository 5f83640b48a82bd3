"""The six export views: which part of the store each shows, and how it is styled.

A view selects policies or companies, asks :mod:`policykg.export.projection`
for the graph, and adds presentation attributes every writer understands:
``color`` (hex), ``style`` (``solid`` / ``dashed``), ``shape`` and ``size`` on
nodes; ``color``, ``style`` and ``width`` on edges. Writers turn these into
Graphviz attributes, GEXF ``viz`` elements, vis-network options or plotly colours.

>>> VIEWS
('practices', 'flows', 'network', 'matrix', 'taxonomy', 'versions')
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import networkx as nx
from rdflib import URIRef

from policykg.errors import ExportError, NotFoundError, QueryError

from . import projection as pj

VIEWS = ("practices", "flows", "network", "matrix", "taxonomy", "versions")

#: Colour of each action (colour-blind-safe where it matters: red for sell, blue for collect).
ACTION_COLORS = {
    "collect": "#1f77b4",
    "use": "#2ca02c",
    "store": "#9467bd",
    "disclose": "#ff7f0e",
    "share": "#ff7f0e",
    "transfer": "#8c564b",
    "sell": "#d62728",
    "process": "#7f7f7f",
}
NEGATED_COLOR = "#7f7f7f"
TYPE_COLORS = {
    "organization": "#34495e",
    "policy": "#5d6d7e",
    "practice": "#7f7f7f",
    "datatype": "#aec7e8",
    "purpose": "#98df8a",
    "recipient": "#ffbb78",
    "subject": "#c5b0d5",
    "category": "#aec7e8",
    "concept": "#dbe9f6",
    "scheme": "#34495e",
    "group": "#d0d0d0",
}
TYPE_SHAPES = {
    "organization": "box",
    "policy": "box",
    "practice": "diamond",
    "datatype": "ellipse",
    "purpose": "ellipse",
    "recipient": "ellipse",
    "subject": "ellipse",
    "category": "ellipse",
    "concept": "ellipse",
    "scheme": "box",
    "group": "box",
}
CHANGE_COLORS = {"first": "#aec7e8", "kept": "#e0e0e0", "added": "#2ca02c", "removed": "#d62728"}
MATRIX_COLORS = {"collected": "#1f77b4", "shared": "#ff7f0e", "sold": "#d62728", "does not": "#7f7f7f"}

#: What each view draws, for help texts.
DESCRIPTIONS = {
    "practices": "practices of one policy version: company, actions, data types, purposes, recipients "
    "(colour by action; negated practices dashed and labelled 'does not')",
    "flows": "data flow of one company: data types -> purposes -> recipients (Sankey)",
    "network": "companies and the third parties their practices name, sized by practice count (top N, rest grouped)",
    "matrix": "companies x data category: collected / shared / sold / says it does not (heat map)",
    "taxonomy": "the ontology's taxonomies as trees, sized by use",
    "versions": "versions of one company side by side: practices added, kept and removed",
}


@dataclass(frozen=True, slots=True)
class LegendEntry:
    """One legend line: a label, a colour and a line style (``solid`` / ``dashed``); ``kind`` is node or edge."""

    label: str
    color: str
    style: str = "solid"
    kind: str = "node"


@dataclass(frozen=True, slots=True)
class View:
    """A view ready to be written.

    Invariants: ``name`` is one of :data:`VIEWS`; ``graph`` carries the
    projection's attributes plus presentation attributes (``color``,
    ``style``, ``shape``, ``size``, ``width``) as scalars; ``graphs`` are the
    named graphs (policy IRIs, or the ontology graph) the view is drawn from,
    which the RDF formats write.
    """

    name: str
    title: str
    graph: nx.Graph
    graphs: tuple[str, ...]
    legend: tuple[LegendEntry, ...]
    filters: tuple[str, ...] = ()


def resolve_company(store, text: str) -> str:
    """The IRI of the organisation named ``text`` (IRI, slug or name, any case).

    Raises:
        NotFoundError: no such organisation.
    """
    from policykg import queries

    if hasattr(queries, "resolve_company") and "find-company" in queries.library():
        return queries.resolve_company(store, text)
    return _resolve_company_fallback(store, text)


def _resolve_company_fallback(store, text: str) -> str:
    """Match ``text`` against the IRI, slug and names of publishing organisations, case-insensitively."""
    from policykg.ontology.iris import slugify

    wanted = text.strip()
    if not wanted:
        raise NotFoundError("empty company name; give a name or slug (e.g. --company plimus)")
    if wanted.startswith(("http://", "https://")):
        return wanted
    matches = set()
    for row in store.rows("_organisations"):
        names = {str(row["slug"] or "").lower(), str(row["name"] or "").lower()}
        if wanted.lower() in names or slugify(wanted) == str(row["slug"] or ""):
            matches.add(str(row["org"]))
    if not matches:
        raise NotFoundError(f"no company called {wanted!r} in the store; run 'policykg query companies' to list them")
    if len(matches) > 1:
        raise ExportError(f"{wanted!r} names several organisations: {', '.join(sorted(matches))}; pass the IRI instead")
    return matches.pop()


def versions_of(store, org: str) -> list[str]:
    """Policy-version IRIs of an organisation, oldest first.

    Raises:
        NotFoundError: the organisation publishes no stored policy.
    """
    rows = store.rows("_export-versions", org=URIRef(org))
    if not rows:
        raise NotFoundError(f"{org} publishes no stored policy; run 'policykg query companies' to list companies")
    return [str(r["policy"]) for r in rows]


@dataclass(frozen=True, slots=True)
class Selection:
    """What the user picked: practices, policies and organisations (IRIs); empty means "not restricted"."""

    practices: frozenset[str] = frozenset()
    policies: tuple[str, ...] = ()
    orgs: frozenset[str] = frozenset()


def select(store, *, company: str | None, policy: str | None, query: str | None) -> Selection:
    """Turn ``--company`` / ``--policy`` / ``--query`` into IRIs.

    ``query`` names a parameterless SELECT query; its ``practice``, ``policy``
    and ``company`` / ``org`` columns (any that it has) say what to show.

    Raises:
        ExportError: more than one of them given, or the query has none of those columns.
        NotFoundError: the company or policy is not stored.
    """
    given = [name for name, value in (("--company", company), ("--policy", policy), ("--query", query)) if value]
    if len(given) > 1:
        raise ExportError(f"give one of --company, --policy, --query (got {', '.join(given)})")
    if company:
        return Selection(orgs=frozenset({resolve_company(store, company)}))
    if policy:
        info = pj.policy_info(store, policy)
        return Selection(policies=(info.iri,), orgs=frozenset({info.org}))
    if query:
        return _select_by_query(store, query)
    return Selection()


def _select_by_query(store, name: str) -> Selection:
    from policykg.queries import load as load_query
    from policykg.store import to_python

    named = load_query(name)
    required = [p.name for p in named.parameters if not p.optional]
    if required:
        raise ExportError(f"query {name!r} needs parameters ({', '.join(required)}); --query takes a query without parameters")
    try:
        results = store.query(named)
        variables = [v.value for v in results.variables]
    except (AttributeError, QueryError) as exc:
        raise ExportError(f"query {name!r} must be a SELECT query: {exc}") from exc
    wanted = {"practice": set(), "policy": [], "org": set()}
    for solution in results:
        for var in variables:
            value = to_python(solution[var])
            if not isinstance(value, str):
                continue
            if var == "practice":
                wanted["practice"].add(value)
            elif var == "policy" and value not in wanted["policy"]:
                wanted["policy"].append(value)
            elif var in ("company", "org"):
                wanted["org"].add(value)
    if not any(wanted.values()):
        raise ExportError(f"query {name!r} returned no 'practice', 'policy', 'company' or 'org' IRIs to show")
    return Selection(frozenset(wanted["practice"]), tuple(wanted["policy"]), frozenset(wanted["org"]))


def _policies_for(store, chosen: Selection, view: str) -> tuple[list[str], set[str] | None]:
    """Policies (and practice filter) a per-policy view draws: the chosen ones, else each company's current version."""
    if chosen.policies:
        return list(chosen.policies), set(chosen.practices) or None
    if chosen.orgs:
        return [versions_of(store, org)[-1] for org in sorted(chosen.orgs)], set(chosen.practices) or None
    if chosen.practices:
        policies = sorted({str(r["policy"]) for r in _practice_policies(store, chosen.practices)})
        return policies, set(chosen.practices)
    raise ExportError(f"view {view!r} shows one policy or company: give --company NAME, --policy IRI or --query NAME")


def _practice_policies(store, practices) -> list[dict]:
    """The policy of each practice (one small query per practice; --query selections are small)."""
    rows = []
    for practice in sorted(practices):
        rows.extend(store.rows("_export-practice-policy", practice=URIRef(practice)))
    return rows


# ---------------------------------------------------------------------------- building
def build(store, *, view: str, company: str | None = None, policy: str | None = None, query: str | None = None, top: int = 25) -> View:
    """Build a view from the store.

    Params:
        view: one of :data:`VIEWS`.
        company, policy, query: at most one; what to show (see :func:`select`).
        top: corpus views keep the ``top`` companies and third parties and group the rest (0 keeps all).

    Raises:
        ExportError: unknown view, a selector the view does not take, or nothing to draw.
        NotFoundError: the company or policy is not stored.
    """
    if view not in VIEWS:
        raise ExportError(f"unknown view {view!r}; choose one of {', '.join(VIEWS)}")
    if top < 0:
        raise ExportError(f"--top must be 0 (all) or more, not {top}")
    if view == "taxonomy":
        if company or policy or query:
            raise ExportError("view 'taxonomy' draws the whole ontology; it takes no --company, --policy or --query")
        return _taxonomy(store)
    chosen = select(store, company=company, policy=policy, query=query)
    labels = pj.Labels(store)
    if view == "practices":
        return _practices(store, chosen, labels)
    if view == "flows":
        return _flows(store, chosen, labels)
    if view == "versions":
        return _versions(store, chosen, labels)
    orgs = set(chosen.orgs) or None
    if chosen.policies and not chosen.orgs:
        orgs = {pj.policy_info(store, p).org for p in chosen.policies}
    if view == "network":
        return _network(store, orgs, top, labels)
    return _matrix(store, orgs, top, labels)


def _check_not_empty(graph: nx.Graph, what: str) -> None:
    if graph.number_of_nodes() == 0:
        raise ExportError(f"nothing to draw: {what}")


def _practices(store, chosen: Selection, labels: pj.Labels) -> View:
    policies, practices = _policies_for(store, chosen, "practices")
    graph = pj.practice_graph(store, policies, practices=practices, labels=labels)
    _check_not_empty(graph, "the selected policy states no practices")
    for node, data in graph.nodes(data=True):
        kind = data["type"]
        if kind == "practice":
            negated = data["polarity"] == "negated"
            action = pj.primary_action(data["action"].split())
            data.update(color=NEGATED_COLOR if negated else ACTION_COLORS.get(action, ACTION_COLORS["process"]),
                        style="dashed" if negated else "solid", shape="diamond", size=12)
        else:
            degree = graph.degree(node)
            data.update(color=TYPE_COLORS.get(kind, "#cccccc"), style="solid", shape=TYPE_SHAPES.get(kind, "ellipse"),
                        size=round(14 + 4 * math.sqrt(degree), 1))
    for _, _, data in graph.edges(data=True):
        negated = data["polarity"] == "negated"
        action = pj.primary_action(data["action"].split())
        data.update(color=NEGATED_COLOR if negated else ACTION_COLORS.get(action, "#7f7f7f"),
                    style="dashed" if negated else "solid", width=1.5)
    title = _policy_title(store, policies, labels, "Practices")
    return View("practices", title, graph, tuple(policies), _action_legend(graph, types=True), ("action", "polarity"))


def _flows(store, chosen: Selection, labels: pj.Labels) -> View:
    policies, practices = _policies_for(store, chosen, "flows")
    rows = []
    publisher = ""
    for policy in policies:
        info = pj.policy_info(store, policy)
        publisher = publisher or info.org
        rows.extend(r for r in pj.read_practices(store, info) if practices is None or r.iri in practices)
    graph = pj.flow_graph(rows, labels, publisher=publisher)
    _check_not_empty(graph, "the selected policy states no practices")
    for _, data in graph.nodes(data=True):
        data.update(color=TYPE_COLORS.get(data["type"], "#cccccc"), style="solid", shape="box",
                    size=0)
    weights = [d["weight"] for _, _, d in graph.edges(data=True)] or [1]
    heaviest = max(weights)
    for _, _, data in graph.edges(data=True):
        negated = data["polarity"] == "negated"
        data.update(color=NEGATED_COLOR if negated else ACTION_COLORS.get(data["action"], "#7f7f7f"),
                    style="dashed" if negated else "solid", width=round(1 + 9 * data["weight"] / heaviest, 2))
    for node in graph:
        graph.nodes[node]["size"] = sum(d["weight"] for *_, d in graph.in_edges(node, data=True)) or sum(
            d["weight"] for *_, d in graph.out_edges(node, data=True))
    title = _policy_title(store, policies, labels, "Data flows")
    return View("flows", title, graph, tuple(policies), _action_legend(graph, types=False), ("action", "polarity"))


def _sized(graph: nx.Graph) -> None:
    counts = [int(d.get("count", 0)) for _, d in graph.nodes(data=True)] or [1]
    biggest = max(max(counts), 1)
    for _, data in graph.nodes(data=True):
        data["size"] = round(10 + 40 * math.sqrt(int(data.get("count", 0)) / biggest), 1)


def _network(store, orgs: set[str] | None, top: int, labels: pj.Labels) -> View:
    graph = pj.sharing_graph(store, top=top, companies=orgs, labels=labels)
    _check_not_empty(graph, "no company with a current policy in the store")
    _sized(graph)
    for _, data in graph.nodes(data=True):
        kind = data["type"]
        publishes = bool(data.get("policy"))
        color = TYPE_COLORS["organization"] if publishes else TYPE_COLORS["group"] if kind == "group" else TYPE_COLORS["recipient"]
        data.update(color=color, style="solid", shape="box" if publishes or kind == "group" else "ellipse")
    heaviest = max([d["weight"] + d["negated"] for *_, d in graph.edges(data=True)] or [1])
    for _, _, data in graph.edges(data=True):
        negated = data["weight"] == 0
        data.update(color=NEGATED_COLOR if negated else ACTION_COLORS["share"], style="dashed" if negated else "solid",
                    width=round(1 + 7 * (data["weight"] + data["negated"]) / heaviest, 2))
    legend = (
        LegendEntry("company (publishes a policy)", TYPE_COLORS["organization"]),
        LegendEntry("third party", TYPE_COLORS["recipient"]),
        LegendEntry("grouped rest", TYPE_COLORS["group"]),
        LegendEntry("names it as recipient or actor", ACTION_COLORS["share"], kind="edge"),
        LegendEntry("only says it does not", NEGATED_COLOR, "dashed", kind="edge"),
    )
    shown = [n for n, d in graph.nodes(data=True) if d["type"] == "organization" and d.get("policy")]
    graphs = tuple(p for n in shown for p in graph.nodes[n]["policy"].split())
    return View("network", "Companies and third parties (current policies)", graph, graphs, legend, ("polarity",))


def _matrix(store, orgs: set[str] | None, top: int, labels: pj.Labels) -> View:
    graph = pj.matrix_graph(store, top=top, companies=orgs, labels=labels)
    _check_not_empty(graph, "no company with a current policy in the store")
    _sized(graph)
    for _, data in graph.nodes(data=True):
        kind = data["type"]
        data.update(color=TYPE_COLORS.get(kind, "#cccccc"), style="solid", shape=TYPE_SHAPES.get(kind, "ellipse"))
    for _, _, data in graph.edges(data=True):
        data.update(color=MATRIX_COLORS[data["type"]], style="dashed" if data["type"] == "does not" else "solid",
                    width=round(1 + math.log1p(data["weight"]), 2))
    legend = tuple(LegendEntry(c, MATRIX_COLORS[c], "dashed" if c == "does not" else "solid", "edge") for c in pj.MATRIX_COLUMNS)
    companies = [c for c in pj.current_companies(store) if c.org in graph]
    graphs = tuple(p for c in companies for p in c.policies)
    return View("matrix", "Data categories by company (current policies)", graph, graphs, legend, ("action", "polarity"))


def _taxonomy(store) -> View:
    from policykg.ontology import ONTOLOGY_GRAPH

    graph = pj.taxonomy_graph(store)
    _check_not_empty(graph, "the ontology has no SKOS concepts")
    _sized(graph)
    for _, data in graph.nodes(data=True):
        used = data["count"] > 0
        kind = data["type"]
        data.update(color=TYPE_COLORS[kind] if kind == "scheme" or used else "#f4f4f4", style="solid" if used or kind == "scheme" else "dashed",
                    shape=TYPE_SHAPES[kind])
    for _, _, data in graph.edges(data=True):
        data.update(color="#999999", style="solid", width=1)
    legend = (
        LegendEntry("concept scheme", TYPE_COLORS["scheme"]),
        LegendEntry("concept used in the store", TYPE_COLORS["concept"]),
        LegendEntry("concept not used yet", "#f4f4f4", "dashed"),
    )
    return View("taxonomy", "Taxonomies of the policykg ontology", graph, (str(ONTOLOGY_GRAPH),), legend, ())


def _versions(store, chosen: Selection, labels: pj.Labels) -> View:
    orgs = set(chosen.orgs)
    if not orgs and chosen.policies:
        orgs = {pj.policy_info(store, p).org for p in chosen.policies}
    if len(orgs) != 1:
        raise ExportError("view 'versions' compares the versions of one company: give --company NAME (or --policy IRI)")
    org = next(iter(orgs))
    policies = versions_of(store, org)
    graph = pj.version_graph(store, policies, labels=labels)
    for _, data in graph.nodes(data=True):
        if data["type"] == "policy":
            data.update(color=TYPE_COLORS["policy"], style="solid", shape="box", size=20)
        else:
            change = data["change"]
            data.update(color=CHANGE_COLORS[change], style="dashed" if change == "removed" or data["polarity"] == "negated" else "solid",
                        shape="box", size=10)
    for _, _, data in graph.edges(data=True):
        data.update(color=CHANGE_COLORS.get(data.get("change", ""), "#999999"), style="dashed" if data.get("change") == "removed" else "solid", width=1)
    legend = (
        LegendEntry("policy version", TYPE_COLORS["policy"]),
        LegendEntry("in the first version", CHANGE_COLORS["first"]),
        LegendEntry("added in this version", CHANGE_COLORS["added"]),
        LegendEntry("kept from the previous version", CHANGE_COLORS["kept"]),
        LegendEntry("removed in this version", CHANGE_COLORS["removed"], "dashed"),
    )
    return View("versions", f"Versions of {labels(org)}: practices added and removed", graph, tuple(policies), legend, ("change", "polarity"))


def _policy_title(store, policies: Sequence[str], labels: pj.Labels, what: str) -> str:
    infos = [pj.policy_info(store, p) for p in policies]
    names = sorted({labels(i.org) for i in infos if i.org})
    versions = sorted({i.version for i in infos if i.version})
    return f"{what} of {', '.join(names) or 'the selected policies'}" + (f" ({', '.join(versions)})" if versions else "")


def _action_legend(graph: nx.Graph, *, types: bool) -> tuple[LegendEntry, ...]:
    present = {pj.primary_action(d["action"].split()) for *_, d in graph.edges(data=True) if d.get("action")}
    entries = [LegendEntry(a, ACTION_COLORS[a], kind="edge") for a in pj.ACTION_ORDER if a in present]
    if any(d.get("polarity") == "negated" for *_, d in graph.edges(data=True)):
        entries.append(LegendEntry("does not (negated)", NEGATED_COLOR, "dashed", "edge"))
    if types:
        present_types = {d["type"] for _, d in graph.nodes(data=True)} - {"practice"}
        entries.extend(LegendEntry(t, TYPE_COLORS[t]) for t in TYPE_COLORS if t in present_types)
    return tuple(entries)
