"""The networkx projection of the RDF: every export view is built on these graphs.

Each function reads the store with aggregating ``queries/_export-*.rq`` queries
(never a Python loop over the triples of the corpus) and returns a networkx graph
whose node and edge attributes are plain scalars, so that they survive into
GraphML and GEXF unchanged. Lists are joined with a space (IRIs, action names) or
with ``" | "`` (labels).

Node attributes (every node has ``label`` and ``type``):
    ``label``     what a picture shows
    ``type``      organization, policy, practice, datatype, purpose, recipient,
                  subject, concept, scheme, category, group (an aggregate of the rest)
    ``iri``       the RDF node it stands for ("" for groups)
    ``action``    space-joined action names of a practice (``collect share``)
    ``polarity``  ``affirmed`` or ``negated``
    ``modality``  ``definite`` or ``possible``
    ``evidence``  the quote a practice rests on
    ``policy``    the IRI of the policy version it comes from
    ``version``   that version's date or label
    ``count``     how many practices it stands for (aggregated graphs)

Edge attributes (every edge has ``label``, ``type`` and ``weight``) use the same
names; ``type`` is the role of the edge (actor, datatype, purpose, recipient,
subject, flow, shares, narrower, top, contains, unchanged, removed, revision).

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> _ = g.add_node("x", label="x", type="datatype")
>>> g.nodes["x"]["type"]
'datatype'
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import networkx as nx
from rdflib import URIRef

from policykg.errors import NotFoundError

PK = "https://w3id.org/policykg#"
DPV = "https://w3id.org/dpv#"
FIRST_PARTY = PK + "FirstParty"
NEGATED = PK + "Negated"
POSSIBLE = PK + "Possible"

#: Actions from the most to the least telling; a practice is coloured by the first it has.
ACTION_ORDER = ("sell", "share", "transfer", "disclose", "store", "use", "collect", "process")
_ACTION_IRIS = {
    PK + "Sell": "sell",
    DPV + "Share": "share",
    DPV + "Transfer": "transfer",
    DPV + "Disclose": "disclose",
    DPV + "Store": "store",
    DPV + "Use": "use",
    DPV + "Collect": "collect",
    DPV + "Process": "process",
}
ROLES = ("datatype", "purpose", "recipient", "subject")
OTHER_COMPANIES = "group:other-companies"
OTHER_PARTIES = "group:other-third-parties"


def local_name(iri: str) -> str:
    """The last segment of an IRI, split into words (``pd:EmailAddress`` -> ``email address``).

    >>> local_name("https://w3id.org/dpv/pd#EmailAddress")
    'email address'
    """
    tail = iri.rstrip("/#").replace("#", "/").rsplit("/", 1)[-1]
    words, current = [], ""
    for i, ch in enumerate(tail):
        boundary = ch.isupper() and current and (not current[-1].isupper() or (i + 1 < len(tail) and tail[i + 1].islower()))
        if boundary or ch in "-_":
            words.append(current)
            current = "" if ch in "-_" else ch
        else:
            current += ch
    words.append(current)
    text = " ".join(w for w in words if w)
    return text if text.isupper() else text.lower()


def action_name(iri: str) -> str:
    """The short name of an action concept (``dpv:Collect`` -> ``collect``); unknown ones by local name."""
    return _ACTION_IRIS.get(iri) or local_name(iri)


def primary_action(actions: Iterable[str]) -> str:
    """The action a practice is coloured and grouped by: the most telling of its actions.

    >>> primary_action(["collect", "share"])
    'share'
    """
    names = list(actions)
    for name in ACTION_ORDER:
        if name in names:
            return name
    return names[0] if names else "process"


def verb(action: str, polarity: str, modality: str = "definite") -> str:
    """The phrase an edge or practice shows: ``collects``, ``may share``, ``does not sell``.

    >>> verb("collect", "affirmed"), verb("share", "affirmed", "possible"), verb("sell", "negated")
    ('collects', 'may share', 'does not sell')
    """
    if polarity == "negated":
        return f"does not {action}"
    if modality == "possible":
        return f"may {action}"
    return action + ("es" if action.endswith(("s", "sh", "ch", "x")) else "s")


class Labels:
    """Labels of concepts (ontology ``skos:prefLabel``) and organisations (``schema:name``), read once."""

    def __init__(self, store) -> None:
        self._store = store
        self._concepts: dict[str, str] | None = None
        self._orgs: dict[str, str] | None = None

    @property
    def concepts(self) -> dict[str, str]:
        if self._concepts is None:
            self._concepts = {}
            for row in self._store.rows("_export-concepts"):
                if row["label"]:
                    self._concepts.setdefault(str(row["concept"]), str(row["label"]))
        return self._concepts

    @property
    def orgs(self) -> dict[str, str]:
        if self._orgs is None:
            self._orgs = {
                str(row["org"]): str(row["name"] or row["slug"] or local_name(str(row["org"])))
                for row in self._store.rows("_export-org-labels")
            }
        return self._orgs

    def __call__(self, iri: str) -> str:
        return self.concepts.get(iri) or self.orgs.get(iri) or local_name(iri)

    def is_org(self, iri: str) -> bool:
        return iri in self.orgs


@dataclass(frozen=True, slots=True)
class PolicyInfo:
    """Metadata of one policy version: its IRI, publisher IRI and a version string (date, else label, else "")."""

    iri: str
    org: str
    version: str
    title: str = ""


def policy_info(store, policy: str) -> PolicyInfo:
    """Metadata of a stored policy version.

    Raises:
        NotFoundError: no ``pk:PolicyDocument`` with this IRI is stored.
    """
    rows = store.rows("_export-policy", policy=URIRef(policy))
    if not rows:
        raise NotFoundError(f"no policy {policy} in the store; list them with 'policykg query policies'")
    row = rows[0]
    version = str(row["date"] or row["version"] or "")
    return PolicyInfo(policy, str(row["org"] or ""), version, str(row["title"] or ""))


@dataclass(frozen=True, slots=True)
class PracticeRow:
    """One practice as the projection reads it: objects by role, actions as short names, quote and position."""

    iri: str
    policy: PolicyInfo
    actor: str
    actions: tuple[str, ...]
    polarity: str
    modality: str
    confidence: float | None
    condition: str
    quote: str
    start: int | None
    objects: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def action(self) -> str:
        return primary_action(self.actions)


def read_practices(store, policy: PolicyInfo) -> list[PracticeRow]:
    """The practices of one policy version, in text order, with what they name.

    The actor defaults to the publisher when the graph gives none or gives ``pk:FirstParty``.
    """
    objects: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for row in store.rows("_export-practice-objects", policy=URIRef(policy.iri)):
        objects[str(row["practice"])][str(row["role"])].append(str(row["object"]))
    quotes: dict[str, str] = {}
    starts: dict[str, int] = {}
    for row in store.rows("_export-evidence", policy=URIRef(policy.iri)):
        practice = str(row["practice"])
        if row["quote"] is not None:
            quotes.setdefault(practice, str(row["quote"]))
        if row["start"] is not None:
            starts[practice] = min(int(row["start"]), starts.get(practice, int(row["start"])))
    merged: dict[str, dict] = {}
    for row in store.rows("_export-practices", policy=URIRef(policy.iri)):
        entry = merged.setdefault(str(row["practice"]), {**row, "actions": set()})
        if row["action"] is not None:
            entry["actions"].add(str(row["action"]))
        for key in ("actor", "polarity", "modality", "confidence", "condition"):
            if entry[key] is None:
                entry[key] = row[key]
    result = []
    for iri, row in merged.items():
        actor = str(row["actor"] or "")
        if not actor or actor == FIRST_PARTY:
            actor = policy.org
        actions = tuple(sorted({action_name(a) for a in row["actions"]}, key=_action_rank))
        result.append(
            PracticeRow(
                iri=iri,
                policy=policy,
                actor=actor,
                actions=actions or ("process",),
                polarity="negated" if row["polarity"] == NEGATED else "affirmed",
                modality="possible" if row["modality"] == POSSIBLE else "definite",
                confidence=float(row["confidence"]) if row["confidence"] is not None else None,
                condition=str(row["condition"] or ""),
                quote=quotes.get(iri, ""),
                start=starts.get(iri),
                objects={role: tuple(values) for role, values in objects.get(iri, {}).items()},
            )
        )
    result.sort(key=lambda r: (r.start if r.start is not None else -1, r.iri))
    return result


def _action_rank(name: str) -> int:
    return ACTION_ORDER.index(name) if name in ACTION_ORDER else len(ACTION_ORDER)


def _node_type(iri: str, role: str, labels: Labels) -> str:
    if labels.is_org(iri):
        return "organization"
    return role


# ---------------------------------------------------------------------------- practices
def practice_graph(store, policies: Sequence[str], *, practices: set[str] | None = None, labels: Labels | None = None) -> nx.MultiDiGraph:
    """The practices of some policy versions as a graph: actor -> practice -> what it names.

    Nodes: each practice (``type`` practice, with action, polarity, modality,
    evidence, policy, version, confidence, condition), each actor (the publisher
    or a third party), each data type, purpose, recipient and data subject.
    Edges: actor -> practice (``type`` actor, labelled with the verb, e.g.
    "does not sell"), practice -> object (``type`` the role). Edges carry the
    practice's action, polarity, evidence, policy and version.

    Params:
        policies: policy-version IRIs.
        practices: when given, only these practice IRIs.

    Raises:
        NotFoundError: a policy is not stored.
    """
    labels = labels or Labels(store)
    graph = nx.MultiDiGraph(view="practices")
    for policy in policies:
        info = policy_info(store, policy)
        for row in read_practices(store, info):
            if practices is not None and row.iri not in practices:
                continue
            add_practice(graph, row, labels)
    return graph


def add_practice(graph: nx.MultiDiGraph, row: PracticeRow, labels: Labels) -> None:
    """Add one practice, its actor and its objects to ``graph`` (see :func:`practice_graph`)."""
    common = {
        "action": " ".join(row.actions),
        "polarity": row.polarity,
        "evidence": row.quote,
        "policy": row.policy.iri,
        "version": row.policy.version,
    }
    said = verb(row.action, row.polarity, row.modality)
    graph.add_node(
        row.iri,
        label=said,
        type="practice",
        iri=row.iri,
        modality=row.modality,
        confidence=row.confidence if row.confidence is not None else 0.0,
        condition=row.condition,
        start=row.start if row.start is not None else -1,
        **common,
    )
    if row.actor not in graph:
        graph.add_node(row.actor, label=labels(row.actor), type=_node_type(row.actor, "recipient", labels), iri=row.actor)
    graph.add_edge(row.actor, row.iri, key="actor", label=said, type="actor", weight=1, **common)
    edge_labels = {"datatype": "data", "purpose": "for", "recipient": "to", "subject": "about"}
    for role in ROLES:
        for obj in row.objects.get(role, ()):
            if obj not in graph:
                graph.add_node(obj, label=labels(obj), type=_node_type(obj, role, labels), iri=obj)
            graph.add_edge(row.iri, obj, key=role, label=edge_labels[role], type=role, weight=1, **common)


# ---------------------------------------------------------------------------- flows
def flow_graph(practices: Sequence[PracticeRow], labels: Labels, *, publisher: str) -> nx.MultiDiGraph:
    """Data flow of some practices: data type -> purpose -> recipient, weighted.

    Each practice contributes one unit per (data type, purpose, recipient)
    combination; a practice without a purpose flows through "purpose not
    stated", one without a recipient ends at the publisher ("kept by ..."). So
    the weight into a purpose equals the weight out of it. Edges are keyed by
    ``action/polarity`` (the practice's primary action), so a page can filter
    them; ``weight`` is the number of units, ``evidence`` and ``policy`` an
    example quote and its policy, ``practices`` how many practices.
    """
    graph = nx.MultiDiGraph(view="flows")
    no_purpose = "flow:no-purpose"
    for row in practices:
        datatypes = row.objects.get("datatype", ()) or ("flow:no-datatype",)
        purposes = row.objects.get("purpose", ()) or (no_purpose,)
        recipients = row.objects.get("recipient", ()) or (publisher,)
        key = f"{row.action}/{row.polarity}"
        for layer, nodes in ((0, datatypes), (1, purposes), (2, recipients)):
            for node in nodes:
                if node not in graph:
                    graph.add_node(node, **_flow_node(node, layer, labels, publisher))
        # a (datatype, purpose) pair carries one unit per recipient; a (purpose, recipient) pair one per data type
        for src_layer, dst_layer, share in ((datatypes, purposes, len(recipients)), (purposes, recipients, len(datatypes))):
            for src in src_layer:
                for dst in dst_layer:
                    if graph.has_edge(src, dst, key):
                        data = graph.edges[src, dst, key]
                        data["weight"] += share
                        data["practices"] += 1
                    else:
                        graph.add_edge(
                            src,
                            dst,
                            key=key,
                            label=verb(row.action, row.polarity),
                            type="flow",
                            weight=share,
                            practices=1,
                            action=row.action,
                            polarity=row.polarity,
                            evidence=row.quote,
                            policy=row.policy.iri,
                            version=row.policy.version,
                        )
    return graph


def _flow_node(node: str, layer: int, labels: Labels, publisher: str) -> dict:
    if node == "flow:no-purpose":
        return {"label": "purpose not stated", "type": "purpose", "iri": "", "layer": layer}
    if node == "flow:no-datatype":
        return {"label": "data not stated", "type": "datatype", "iri": "", "layer": layer}
    if node == publisher and layer == 2:
        return {"label": f"kept by {labels(publisher)}", "type": "organization", "iri": node, "layer": layer}
    role = ("datatype", "purpose", "recipient")[layer]
    return {"label": labels(node), "type": _node_type(node, role, labels), "iri": node, "layer": layer}


# ---------------------------------------------------------------------------- corpus
@dataclass(frozen=True, slots=True)
class CompanyCount:
    """An organisation with current policies, their IRIs and how many practices they state."""

    org: str
    policies: tuple[str, ...]
    practices: int


def current_companies(store) -> list[CompanyCount]:
    """Every publishing organisation with its current policy versions, most practices first."""
    counts = {str(r["policy"]): int(r["practices"]) for r in store.rows("_export-practice-counts")}
    by_org: dict[str, list] = {}
    for row in store.rows("_export-current-policies"):
        entry = by_org.setdefault(str(row["org"]), [[], 0])
        entry[0].append(str(row["policy"]))
        entry[1] += counts.get(str(row["policy"]), 0)
    companies = [CompanyCount(org, tuple(sorted(p)), n) for org, (p, n) in by_org.items()]
    return sorted(companies, key=lambda c: (-c.practices, c.org))


def _top(companies: Sequence[CompanyCount], top: int, only: set[str] | None) -> tuple[list[CompanyCount], list[CompanyCount]]:
    chosen = [c for c in companies if only is None or c.org in only]
    if top <= 0:
        return chosen, []
    return chosen[:top], chosen[top:]


def sharing_graph(store, *, top: int = 25, companies: set[str] | None = None, labels: Labels | None = None) -> nx.DiGraph:
    """Who shares with whom across the corpus (current policy of each company).

    Nodes: the ``top`` companies by practice count (``count`` = practices), the
    ``top`` third parties by how many practices name them (``count``), and one
    ``group`` node for each rest ("other companies (k)", "other third
    parties (k)"). Edges company -> third party: ``weight`` = affirmed
    practices naming the party as recipient (or as an actor other than the
    publisher), ``negated`` = practices saying they do not, with an example
    ``evidence`` quote and its ``policy``. ``top <= 0`` keeps everyone.

    Params:
        companies: restrict to these organisation IRIs.
    """
    labels = labels or Labels(store)
    everyone = current_companies(store)
    shown, rest = _top(everyone, top, companies)
    shown_orgs = {c.org for c in shown}
    rest_orgs = {c.org for c in rest}
    wanted = shown_orgs | rest_orgs
    rows = []
    for name in ("_export-sharing", "_export-sharing-actors"):
        for row in store.rows(name):
            if str(row["org"]) in wanted:
                negated = row["polarity"] == NEGATED
                rows.append({"org": str(row["org"]), "party": str(row["party"]), "example": str(row["example"]),
                             "practices": 0 if negated else int(row["practices"]), "negated": int(row["practices"]) if negated else 0})
    received = Counter()
    for row in rows:
        received[row["party"]] += row["practices"] + row["negated"]
    parties = [p for p, _ in sorted(received.items(), key=lambda kv: (-kv[1], kv[0]))]
    shown_parties = set(parties[:top] if top > 0 else parties)
    graph = nx.DiGraph(view="network")
    for company in shown:
        graph.add_node(company.org, label=labels(company.org), type="organization", iri=company.org,
                       count=company.practices, received=0, policy=" ".join(company.policies))
    if rest:
        graph.add_node(OTHER_COMPANIES, label=f"other companies ({len(rest)})", type="group", iri="",
                       count=sum(c.practices for c in rest), received=0, policy="")
    hidden_parties = [p for p in parties if p not in shown_parties]
    for row in rows:
        org, party = str(row["org"]), str(row["party"])
        src = org if org in shown_orgs else OTHER_COMPANIES
        dst = party if party in shown_parties else OTHER_PARTIES
        if dst not in graph:
            if dst == OTHER_PARTIES:
                graph.add_node(dst, label=f"other third parties ({len(hidden_parties)})", type="group", iri="", count=0, received=0, policy="")
            else:
                graph.add_node(dst, label=labels(dst), type=_node_type(dst, "recipient", labels), iri=dst, count=0, received=0, policy="")
        graph.nodes[dst]["received"] += int(row["practices"]) + int(row["negated"])
        if graph.has_edge(src, dst):
            data = graph.edges[src, dst]
            data["weight"] += int(row["practices"])
            data["negated"] += int(row["negated"])
            if row["practices"] and not data["example_affirmed"]:
                data["example"], data["example_affirmed"] = row["example"], True
        else:
            graph.add_edge(src, dst, label="shares with", type="shares", weight=int(row["practices"]),
                           negated=int(row["negated"]), example=row["example"], example_affirmed=bool(row["practices"]), action="share")
    for node, data in graph.nodes(data=True):
        data["count"] = max(int(data["count"]), int(data["received"]))
    for src, dst, data in graph.edges(data=True):
        data["polarity"] = "affirmed" if data["weight"] else "negated"
        data["label"] = f"{data['weight']}" + (f" (+{data['negated']} not)" if data["negated"] else "")
        del data["example_affirmed"]
    add_examples(store, graph)
    return graph


def add_examples(store, graph: nx.Graph) -> None:
    """Replace each edge's ``example`` practice IRI by its ``evidence`` quote and ``policy``.

    One small query per drawn edge: aggregating queries return an example
    practice, and only the edges a view keeps need its quote.
    """
    quotes: dict[str, tuple[str, str]] = {}
    for *_, data in graph.edges(data=True):
        practice = data.pop("example", "")
        if practice and practice not in quotes:
            rows = store.rows("_export-quote", practice=URIRef(practice))
            quotes[practice] = (str(rows[0]["quote"] or ""), str(rows[0]["policy"] or "")) if rows else ("", "")
        data["evidence"], data["policy"] = quotes.get(practice, ("", ""))


MATRIX_COLUMNS = ("collected", "shared", "sold", "does not")


def data_category(datatype: str) -> str:
    """The top-level category of a data type: its ancestor just below a root of the taxonomy (itself at the top).

    >>> data_category("https://w3id.org/dpv#PersonalData")
    'https://w3id.org/dpv#PersonalData'
    """
    from policykg.ontology import ancestors

    chain = (datatype, *ancestors(datatype))
    return chain[-2] if len(chain) > 1 else chain[0]


def matrix_column(action: str, polarity: str | None) -> str | None:
    """The matrix column of an (action IRI, polarity IRI): does not, sold, shared, collected, or None.

    >>> matrix_column(PK + "Sell", None), matrix_column(DPV + "Collect", NEGATED)
    ('sold', 'does not')
    """
    from policykg.ontology import is_a

    if polarity == NEGATED:
        return "does not"
    if is_a(action, PK + "Sell"):
        return "sold"
    if is_a(action, DPV + "Disclose"):
        return "shared"
    if any(is_a(action, DPV + name) for name in ("Collect", "Use", "Store")):
        return "collected"
    return None


def matrix_graph(store, *, top: int = 25, companies: set[str] | None = None, labels: Labels | None = None) -> nx.MultiDiGraph:
    """Companies by top-level data category: a bipartite graph keyed by matrix column.

    Nodes: the ``top`` companies by practice count (plus one ``group`` node for
    the rest) and the data categories (:func:`data_category`). Edges company ->
    category, keyed and typed by column (collected, shared, sold, does not):
    ``weight`` = practices (a practice naming two data types of a category counts
    once for a drawn company; for the group, the corpus-wide aggregate counts
    practice-data-type pairs), with an example ``evidence`` quote and ``policy``
    for drawn companies. The drawn companies are read policy by policy; the rest
    is one corpus-wide aggregate minus them, so the cost does not grow with the
    number of (company, data type) pairs.
    """
    labels = labels or Labels(store)
    everyone = current_companies(store)
    shown, rest = _top(everyone, top, companies)
    graph = nx.MultiDiGraph(view="matrix")

    def add(src: str, category: str, column: str, weight: int, example: str) -> None:
        if category not in graph:
            graph.add_node(category, label=labels(category), type="category", iri=category, count=0)
        graph.nodes[category]["count"] += weight
        if graph.has_edge(src, category, column):
            graph.edges[src, category, column]["weight"] += weight
        else:
            graph.add_edge(src, category, key=column, label=column, type=column, weight=weight, example=example,
                           polarity="negated" if column == "does not" else "affirmed",
                           action={"collected": "collect", "shared": "share", "sold": "sell"}.get(column, ""))

    drawn_pairs: Counter = Counter()
    for company in shown:
        graph.add_node(company.org, label=labels(company.org), type="organization", iri=company.org, count=company.practices)
        cells: dict[tuple[str, str], set[str]] = defaultdict(set)
        for policy in company.policies:
            for row in store.rows("_export-matrix-policy", policy=URIRef(policy)):
                polarity = str(row["polarity"]) if row["polarity"] is not None else None
                drawn_pairs[(str(row["datatype"]), str(row["action"]), polarity)] += 1
                column = matrix_column(str(row["action"]), polarity)
                if column:
                    cells[(data_category(str(row["datatype"])), column)].add(str(row["practice"]))
        for (category, column), practices in sorted(cells.items()):
            add(company.org, category, column, len(practices), min(practices))
    if rest:
        graph.add_node(OTHER_COMPANIES, label=f"other companies ({len(rest)})", type="group", iri="",
                       count=sum(c.practices for c in rest))
        restricted = companies is not None
        rest_orgs = {c.org for c in rest}
        if restricted:  # only some companies asked for: read the rest one by one too
            rows = [
                {"datatype": r["datatype"], "action": r["action"], "polarity": r["polarity"], "practices": 1}
                for c in rest if c.org in rest_orgs for p in c.policies for r in store.rows("_export-matrix-policy", policy=URIRef(p))
            ]
            drawn_pairs = Counter()
        else:
            rows = store.rows("_export-matrix")
        remaining: Counter = Counter()
        for row in rows:
            polarity = str(row["polarity"]) if row["polarity"] is not None else None
            remaining[(str(row["datatype"]), str(row["action"]), polarity)] += int(row["practices"])
        remaining.subtract(drawn_pairs)
        for (datatype, action, polarity), count in sorted(remaining.items()):
            column = matrix_column(action, polarity)
            if count > 0 and column:
                add(OTHER_COMPANIES, data_category(datatype), column, count, "")
    add_examples(store, graph)
    return graph


# ---------------------------------------------------------------------------- taxonomy
def taxonomy_graph(store) -> nx.DiGraph:
    """The ontology's SKOS taxonomies as trees: scheme -> top concepts -> narrower concepts.

    Nodes: each concept scheme that has concepts (``type`` scheme) and each
    concept (``type`` concept, with ``scheme`` and ``count`` = how many
    practices or statements use it). Edges: broader -> narrower (``type``
    narrower) and scheme -> each concept with no broader concept in its scheme
    (``type`` top).
    """
    labels = Labels(store)
    usage = {str(r["concept"]): int(r["uses"]) for r in store.rows("_export-concept-usage")}
    scheme_labels = {str(r["scheme"]): str(r["label"] or local_name(str(r["scheme"]))) for r in store.rows("_export-schemes")}
    rows = store.rows("_export-concepts")
    graph = nx.DiGraph(view="taxonomy")
    in_scheme: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        in_scheme[str(row["concept"])].add(str(row["scheme"]))
    for row in rows:
        concept, scheme = str(row["concept"]), str(row["scheme"])
        if scheme not in graph:
            graph.add_node(scheme, label=scheme_labels.get(scheme, local_name(scheme)), type="scheme", iri=scheme, scheme=scheme, count=0)
        if concept not in graph:
            graph.add_node(concept, label=labels(concept), type="concept", iri=concept, scheme=scheme, count=usage.get(concept, 0))
    for row in rows:
        concept, scheme, broader = str(row["concept"]), str(row["scheme"]), row["broader"]
        if broader is not None and scheme in in_scheme.get(str(broader), ()):
            graph.add_edge(str(broader), concept, label="narrower", type="narrower", weight=1)
    for row in rows:
        concept, scheme = str(row["concept"]), str(row["scheme"])
        if graph.in_degree(concept) == 0 and not graph.has_edge(scheme, concept):
            graph.add_edge(scheme, concept, label="top concept", type="top", weight=1)
    for scheme in [n for n, d in graph.nodes(data=True) if d["type"] == "scheme"]:
        graph.nodes[scheme]["count"] = sum(graph.nodes[c]["count"] for c in nx.descendants(graph, scheme))
    return graph


# ---------------------------------------------------------------------------- versions
def signature(row: PracticeRow, publisher: str) -> tuple:
    """What a practice says, independent of its wording and position: compared across versions.

    The publisher as actor counts as "first party", so a renamed company keeps its practices.
    """
    actor = "first-party" if row.actor == publisher else row.actor
    return (
        actor,
        row.actions,
        row.polarity,
        row.modality,
        *(tuple(sorted(row.objects.get(role, ()))) for role in ROLES),
    )


def describe(row: PracticeRow, labels: Labels) -> str:
    """A one-line reading of a practice: ``collects email address, IP address for analytics; to advertisers``."""
    parts = [verb(row.action, row.polarity, row.modality)]
    if row.actor != row.policy.org:
        parts.insert(0, labels(row.actor))
    data = ", ".join(labels(d) for d in row.objects.get("datatype", ()))
    text = " ".join(parts + ([data] if data else []))
    if row.objects.get("purpose"):
        text += " for " + ", ".join(labels(p) for p in row.objects["purpose"])
    if row.objects.get("recipient"):
        text += "; to " + ", ".join(labels(r) for r in row.objects["recipient"])
    return text


def version_graph(store, policies: Sequence[str], *, labels: Labels | None = None) -> nx.DiGraph:
    """Versions of one company side by side: what each version states, added and removed.

    ``policies`` are the versions oldest first. Nodes: each version (``type``
    policy, ``column`` its position) and, per version, one node per distinct
    practice (by :func:`signature`) it states, ``change`` = ``first`` (in the
    oldest version), ``added`` (not in the previous version) or ``kept``; plus one
    ``removed`` node for each practice of the previous version that this version
    no longer states. Edges: version -> its practice nodes (``contains``),
    practice in version i-1 -> the same practice in version i (``unchanged``) or
    -> its removed marker (``removed``), version i-1 -> version i (``revision``).
    """
    labels = labels or Labels(store)
    graph = nx.DiGraph(view="versions")
    previous: dict[tuple, str] = {}
    previous_policy = None
    for column, policy in enumerate(policies):
        info = policy_info(store, policy)
        graph.add_node(policy, label=f"version {info.version or column + 1}", type="policy", iri=policy,
                       column=column, version=info.version, policy=policy, count=0)
        if previous_policy is not None:
            graph.add_edge(previous_policy, policy, label="revised by", type="revision", weight=1)
        current: dict[tuple, str] = {}
        for row in read_practices(store, info):
            sig = signature(row, info.org)
            if sig in current:
                continue
            node = f"{policy}#{_digest(sig)}"
            current[sig] = node
            change = "first" if previous_policy is None else ("kept" if sig in previous else "added")
            graph.add_node(node, label=describe(row, labels), type="practice", iri=row.iri, column=column, change=change,
                           action=" ".join(row.actions), polarity=row.polarity, modality=row.modality,
                           evidence=row.quote, policy=policy, version=info.version)
            graph.add_edge(policy, node, label="states", type="contains", weight=1, change=change)
            if change == "kept":
                graph.add_edge(previous[sig], node, label="unchanged", type="unchanged", weight=1, change=change)
        for sig, old in previous.items():
            if sig in current:
                continue
            node = f"{policy}#removed-{_digest(sig)}"
            old_data = graph.nodes[old]
            graph.add_node(node, label=old_data["label"], type="practice", iri=old_data["iri"], column=column, change="removed",
                           action=old_data["action"], polarity=old_data["polarity"], modality=old_data["modality"],
                           evidence=old_data["evidence"], policy=old_data["policy"], version=old_data["version"])
            graph.add_edge(policy, node, label="drops", type="contains", weight=1, change="removed")
            graph.add_edge(old, node, label="removed", type="removed", weight=1, change="removed")
        graph.nodes[policy]["count"] = len(current)
        previous, previous_policy = current, policy
    return graph


def _digest(value: object) -> str:
    return hashlib.sha256(repr(value).encode("utf-8")).hexdigest()[:12]
