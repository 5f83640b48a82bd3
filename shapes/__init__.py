"""SHACL validation of policy graphs: structure (``core``) and completeness profiles.

The shapes are Turtle files of this folder: ``core.ttl`` checks the data model,
``gdpr.ttl``, ``ccpa.ttl``, ``caloppa.ttl`` and ``coppa.ttl`` check that a
policy says what a law requires. Every requirement is one named shape with
``rdfs:label`` (the requirement in words), ``sh:message``, ``sh:severity`` and
``pk:legalSource``; requirements that apply only in some cases name their
condition with ``pk:appliesWhen``. All rules are core SHACL (no SPARQL
constraints), so pySHACL stays fast.

To report *why* a requirement is met, this module adds two kinds of generated
shapes (never written to disk): for every value shape that can meet a
requirement (the ``sh:qualifiedValueShape`` of a requirement), an Info-level
"witness" shape ``sh:not V`` aimed at every statement and practice, whose
results are exactly the nodes that meet it; and for every ``pk:appliesWhen``
condition, an Info-level check on each policy whose result means "not
applicable". The report then quotes the evidence of the first witness.

Validation runs one policy graph at a time, so its cost is linear in the
number of policies; :func:`validate_store` spreads policies over worker
processes. What an engine reads is kept small: completeness profiles see only
the policy, its publisher, practices and statements (:func:`store_view` reads
them straight from the store with pyoxigraph), plus the ``skos:broader``
triples their concepts can reach (not the whole taxonomy); each process parses
the shapes once and, for pyshacl-turbo, compiles them once. ``evidence=False``
drops the witness shapes (statuses are unchanged; about half the engine's
work). One engine call on the union of many policy graphs is not used: policy
graphs share organisation IRIs, and a union merges what each graph says about
a publisher, which changes some controller-identity results
(``benchmarks/validation.py`` measures both and counts the differing rows).

>>> from rdflib import Graph
>>> validate(Graph(), profile="gdpr").results
()
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import cache
from importlib import resources

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

from policykg.errors import NotFoundError, ValidationError
from policykg.ontology import PK, bind_prefixes, ontology_graph
from policykg.ontology.iris import report_iri
from policykg.ontology.namespaces import ID, OA, SH

__all__ = [
    "ENGINES",
    "PROFILES",
    "RequirementResult",
    "ValidationResult",
    "profile_files",
    "shapes_graph",
    "store_view",
    "validate",
    "validate_store",
]

#: Profiles by name; ``all`` is every file.
PROFILES: dict[str, tuple[str, ...]] = {
    "core": ("core.ttl",),
    "gdpr": ("gdpr.ttl",),
    "ccpa": ("ccpa.ttl",),
    "caloppa": ("caloppa.ttl",),
    "coppa": ("coppa.ttl",),
    "all": ("core.ttl", "gdpr.ttl", "ccpa.ttl", "caloppa.ttl", "coppa.ttl"),
}
ENGINES = ("pyshacl", "turbo")

MET = "met"
MISSING = "missing"
NOT_APPLICABLE = "not applicable"

_WITNESS = PK.witnessOf  # generated shapes only; never stored
_APPLICABILITY = PK.applicabilityOf
_OFFSETS_SHAPE = URIRef("https://w3id.org/policykg/shapes/core#OffsetsWithinText")


@dataclass(frozen=True, slots=True)
class RequirementResult:
    """The outcome of one requirement (shape) for one policy.

    ``status`` is ``"met"``, ``"missing"`` or ``"not applicable"``.
    ``evidence`` quotes the policy text that meets it (met) or is empty;
    ``reason`` is the shape's message (missing), the unmet condition (not
    applicable) or empty. ``focus_nodes`` are the nodes that failed (core
    shapes report the practice or span at fault). ``severity`` is
    ``"violation"``, ``"warning"`` or ``"info"``.
    """

    policy: str
    profile: str
    shape: str
    requirement: str
    status: str
    severity: str
    legal_source: str
    evidence: str = ""
    evidence_node: str = ""
    reason: str = ""
    focus_nodes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ValidationResult:
    """What :func:`validate` found.

    ``conforms`` is true when no requirement of severity violation is
    missing (warnings are reported but do not break conformance).
    ``results`` has one entry per (policy, requirement), in shapes-file order.
    ``report`` is the SHACL validation report graph (generated witness and
    applicability results left out), with ``pk:validatedBy`` links from each
    policy to it.
    """

    conforms: bool
    results: tuple[RequirementResult, ...]
    report: Graph
    profile: str

    def for_policy(self, policy: str) -> tuple[RequirementResult, ...]:
        return tuple(r for r in self.results if r.policy == policy)

    @property
    def policies(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(r.policy for r in self.results))


def profile_files(profile: str) -> tuple[str, ...]:
    """The shapes files of a profile.

    Raises:
        ValidationError: unknown profile.
    """
    if profile not in PROFILES:
        raise ValidationError(f"unknown profile {profile!r}; use one of: {', '.join(PROFILES)}")
    return PROFILES[profile]


def _profile_of_file(name: str) -> str:
    return name.rsplit(".", 1)[0]


@dataclass(frozen=True, slots=True)
class _Requirement:
    shape: URIRef
    profile: str
    label: str
    message: str
    severity: str
    legal_source: str
    targets_policy: bool
    conditions: tuple[URIRef, ...]
    order: int


@dataclass(frozen=True, slots=True)
class _Shapes:
    graph: Graph
    requirements: tuple[_Requirement, ...]
    witnesses: dict  # witness shape -> tuple of requirement shapes
    applicability: dict  # applicability shape -> condition shape
    owners: dict  # nested (blank) shape -> the requirement shape it belongs to


def _severity_name(node) -> str:
    return str(node).rsplit("#", 1)[-1].lower() if node is not None else "violation"


@cache
def _shapes(files: tuple[str, ...], witnesses: bool = True) -> _Shapes:
    """Parse shapes files, list their requirements, add witness (unless ``witnesses`` is false) and applicability shapes."""
    folder = resources.files(__package__)
    graph = Graph()
    bind_prefixes(graph)
    requirements: list[_Requirement] = []
    order = 0
    for name in files:
        part = Graph()
        try:
            part.parse(data=folder.joinpath(name).read_text(encoding="utf-8"), format="turtle")
        except Exception as exc:  # rdflib raises several parser error types
            raise ValidationError(f"shapes/{name}: cannot parse: {exc}") from exc
        graph += part
        for shape in sorted(set(part.subjects(PK.legalSource, None)), key=str):
            order += 1
            targets = set(part.objects(shape, SH.targetClass))
            requirements.append(
                _Requirement(
                    shape=shape,
                    profile=_profile_of_file(name),
                    label=str(part.value(shape, RDFS.label) or shape),
                    message=str(part.value(shape, SH.message) or ""),
                    severity=_severity_name(part.value(shape, SH.severity)),
                    legal_source=str(part.value(shape, PK.legalSource)),
                    targets_policy=PK.PolicyDocument in targets,
                    conditions=tuple(sorted(part.objects(shape, PK.appliesWhen), key=str)),
                    order=order,
                )
            )
    # keep file order of appearance, so reports read like the law
    requirements.sort(key=lambda r: (list(PROFILES).index(r.profile) if r.profile in PROFILES else 9, r.order))
    witness_shapes: dict = {}
    by_value_shape: dict = defaultdict(set)
    for requirement in requirements if witnesses else ():
        if requirement.targets_policy:
            for value_shape in _value_shapes(graph, requirement.shape):
                by_value_shape[value_shape].add(requirement.shape)
    for value_shape, owners in sorted(by_value_shape.items(), key=lambda kv: str(kv[0])):
        witness = BNode()
        graph.add((witness, RDF.type, SH.NodeShape))
        graph.add((witness, SH.targetSubjectsOf, PK.inPolicy))
        graph.add((witness, SH["not"], value_shape))
        graph.add((witness, SH.severity, SH.Info))
        for owner in owners:
            graph.add((witness, _WITNESS, owner))
        witness_shapes[witness] = tuple(sorted(owners, key=str))
    applicability: dict = {}
    conditions = {c for r in requirements for c in r.conditions}
    for condition in sorted(conditions, key=str):
        check = BNode()
        graph.add((check, RDF.type, SH.NodeShape))
        graph.add((check, SH.targetClass, PK.PolicyDocument))
        graph.add((check, SH.node, condition))
        graph.add((check, SH.severity, SH.Info))
        graph.add((check, _APPLICABILITY, condition))
        applicability[check] = condition
    owners: dict = {}
    for requirement in requirements:
        for child in graph.objects(requirement.shape, SH.property):
            owners.setdefault(child, requirement.shape)
    return _Shapes(graph, tuple(requirements), witness_shapes, applicability, owners)


def _value_shapes(graph: Graph, shape, seen: set | None = None) -> list:
    """The ``sh:qualifiedValueShape`` objects reachable from ``shape`` (not through ``sh:not``)."""
    seen = set() if seen is None else seen
    if shape in seen:
        return []
    seen.add(shape)
    found = list(graph.objects(shape, SH.qualifiedValueShape))
    for predicate in (SH.property, SH.node):
        for child in graph.objects(shape, predicate):
            found += _value_shapes(graph, child, seen)
    for predicate in (SH["or"], SH["and"], SH.xone):
        for head in graph.objects(shape, predicate):
            for member in Collection(graph, head):
                found += _value_shapes(graph, member, seen)
    return found


def shapes_graph(profile: str = "core") -> Graph:
    """The shapes of a profile as one graph (with the generated witness and applicability shapes).

    Raises:
        ValidationError: unknown profile or a shapes file that does not parse.
    """
    return _shapes(profile_files(profile)).graph


# ---------------------------------------------------------------- running an engine


@cache
def _taxonomy() -> Graph:
    """The part of the ontology shapes walk: ``skos:broader`` and ``skos:inScheme`` (a few hundred triples)."""
    graph = Graph()
    source = ontology_graph()
    for predicate in (SKOS.broader, SKOS.inScheme):
        for triple in source.triples((None, predicate, None)):
            graph.add(triple)
    return graph


@cache
def _broader_map() -> dict:
    """Concept -> the ``skos:broader`` / ``skos:inScheme`` triples it starts (from :func:`_taxonomy`)."""
    found: dict = defaultdict(list)
    for s, p, o in _taxonomy():
        found[s].append((s, p, o))
    return dict(found)


def _taxonomy_for(objects: Iterable) -> list:
    """The taxonomy triples reachable from ``objects`` up ``skos:broader``: all that ``skos:broader*`` paths
    can walk from this data (a few dozen triples instead of the whole taxonomy)."""
    edges = _broader_map()
    out, seen = [], set()
    todo = [o for o in set(objects) if o in edges]
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for triple in edges[node]:
            out.append(triple)
            if triple[1] == SKOS.broader and triple[2] not in seen:
                todo.append(triple[2])
    return out


_STATEMENT_DETAIL = {PK.evidence, PK.rule, PK.confidence, PK.text}
_VIEW_KINDS = (PK.Practice, PK.Statement, PK.PolicyDocument, PK.Organization)


def _data_view(graph: Graph, *, full: bool) -> Graph:
    """The data a profile reads, with the part of the taxonomy it can walk mixed in.

    Structure checks (``core``) read everything. Completeness profiles only read
    policies, organisations, practices and statements (not their evidence
    spans, segments or the policy text), so they get that part alone: it keeps
    validation fast. Evidence quotes are read from the full graph afterwards.
    """
    view = Graph()
    if full:
        view += graph
    else:
        nodes = {s for kind in _VIEW_KINDS for s in graph.subjects(RDF.type, kind)}
        view.addN((s, p, o, view) for s, p, o in graph if s in nodes and p not in _STATEMENT_DETAIL)
    view.addN((s, p, o, view) for s, p, o in _taxonomy_for(view.objects()))
    return view


_TURBO: dict = {}


def _compiled_turbo(key: int, shapes: Graph):
    """pyshacl-turbo's compiled form of a shapes graph, built once per process (shapes graphs are cached too)."""
    if key not in _TURBO:
        try:
            import pyshacl_turbo  # type: ignore[import-not-found]
        except ImportError as exc:
            raise ValidationError(
                "the turbo engine needs the optional package pyshacl-turbo: pip install 'policykg[turbo]'"
            ) from exc
        try:
            _TURBO[key] = (shapes, pyshacl_turbo.compile_shapes(shapes))
        except Exception as exc:
            raise ValidationError(f"pyshacl-turbo could not compile the shapes: {exc}") from exc
    return _TURBO[key][1]


def _run_engine(data: Graph, shapes: Graph, engine: str) -> Graph:
    if engine == "pyshacl":
        import pyshacl

        try:
            _, report, _ = pyshacl.validate(
                data,
                shacl_graph=shapes,
                inference="none",
                advanced=False,
                allow_infos=True,
                allow_warnings=True,
            )
        except Exception as exc:
            raise ValidationError(f"pySHACL could not validate: {exc}") from exc
        return report
    if engine == "turbo":
        compiled = _compiled_turbo(id(shapes), shapes)
        try:
            result = compiled.validate(data, inference="none", allow_infos=True, allow_warnings=True)
        except Exception as exc:
            raise ValidationError(f"pyshacl-turbo could not validate: {exc}") from exc
        report = result[1] if isinstance(result, tuple) else result
        if not isinstance(report, Graph):
            report = Graph().parse(data=str(report), format="turtle")
        return report
    raise ValidationError(f"unknown engine {engine!r}; use one of: {', '.join(ENGINES)}")


# ---------------------------------------------------------------- building the result


def _quote(data: Graph, node) -> tuple[str, tuple[float, int]]:
    """The evidence quote of a statement / practice and its rank: most confident first, then earliest."""
    confidence = data.value(node, PK.confidence)
    rank = -float(confidence.toPython()) if confidence is not None else 0.0
    quote, start = _quote_at(data, node)
    return quote, (rank, start)


def _quote_at(data: Graph, node) -> tuple[str, int]:
    span = data.value(node, PK.evidence)
    if span is None:
        return "", 1 << 30
    quote, start = "", 1 << 30
    for selector in data.objects(span, OA.hasSelector):
        exact = data.value(selector, OA.exact)
        if exact is not None:
            quote = str(exact)
        begin = data.value(selector, OA.start)
        if begin is not None:
            start = int(begin.toPython())
    return quote, start


def _policy_of(data: Graph, node, policies: Sequence) -> object:
    """The policy a focus node belongs to (practice, statement, span, selector, organisation)."""
    if node in policies:
        return node
    found = data.value(node, PK.inPolicy) or data.value(node, OA.hasSource)
    if found is None:
        span = data.value(None, OA.hasSelector, node)
        if span is not None:
            found = data.value(span, OA.hasSource)
    if found is None:
        for policy in data.subjects(DCTERMS.publisher, node):
            return policy
    return found if found is not None else (policies[0] if len(policies) == 1 else None)


def _offset_failures(data: Graph) -> list:
    """Position selectors whose end lies beyond their policy's text, or whose quote is not that text."""
    failures = []
    for selector in data.subjects(RDF.type, OA.TextPositionSelector):
        span = data.value(None, OA.hasSelector, selector)
        policy = data.value(span, OA.hasSource) if span is not None else None
        start, end = data.value(selector, OA.start), data.value(selector, OA.end)
        if policy is None or start is None or end is None:
            continue
        text = data.value(policy, PK.text)
        length = len(str(text)) if text is not None else data.value(policy, PK.charCount)
        if length is None:
            continue
        s, e = int(start.toPython()), int(end.toPython())
        bad = e > int(length.toPython() if hasattr(length, "toPython") else length)
        if not bad and text is not None:
            quotes = [data.value(q, OA.exact) for q in data.objects(span, OA.hasSelector)]
            bad = any(q is not None and str(q) != str(text)[s:e] for q in quotes)
        if bad:
            failures.append((policy, selector))
    return failures


def validate(graph: Graph, *, profile: str = "core", engine: str = "pyshacl", evidence: bool = True) -> ValidationResult:
    """Validate the policy versions of ``graph`` against a profile.

    Args:
        graph: one or more policy graphs (usually one policy version's named graph).
        profile: ``core``, ``gdpr``, ``ccpa``, ``caloppa``, ``coppa`` or ``all``.
        engine: ``pyshacl`` (reference) or ``turbo`` (optional ``pyshacl-turbo``).
        evidence: also find the statement or practice that meets each met requirement and quote it
            (generated witness shapes: about half the engine's work). Statuses are the same either way.

    Returns:
        A :class:`ValidationResult` with one row per (policy, requirement).

    Raises:
        ValidationError: unknown profile or engine, unparsable shapes, engine failure.
    """
    return _validate(graph, profile=profile, engine=engine, evidence=evidence, quotes=None)


def _validate(graph: Graph, *, profile: str, engine: str, evidence: bool, quotes: dict | None) -> ValidationResult:
    """:func:`validate`, where ``quotes`` (node -> (quote, rank)) stand in for the evidence spans absent from a
    ``graph`` that :func:`store_view` reduced already (it then gains the taxonomy triples its data can walk)."""
    files = profile_files(profile)
    policies = sorted(graph.subjects(RDF.type, PK.PolicyDocument), key=str)
    failed: dict = defaultdict(list)  # (policy, shape) -> [focus]
    witnesses: dict = defaultdict(list)  # (policy, requirement shape) -> [(start, quote, node)]
    not_applicable: dict = defaultdict(set)  # policy -> {condition}
    kept_results = []
    reports = []
    requirements: list[_Requirement] = []
    for group, full in ((tuple(f for f in files if f == "core.ttl"), True), (tuple(f for f in files if f != "core.ttl"), False)):
        if not group:
            continue
        shapes = _shapes(group, evidence)
        requirements += shapes.requirements
        if quotes is not None and not full:  # already the view (store_view): add the taxonomy it can walk
            view = graph
            view.addN((s, p, o, view) for s, p, o in _taxonomy_for(set(graph.objects())))
        else:
            view = _data_view(graph, full=full)
        report = _run_engine(view, shapes.graph, engine)
        reports.append(report)
        for result in report.subjects(RDF.type, SH.ValidationResult):
            source = report.value(result, SH.sourceShape)
            focus = report.value(result, SH.focusNode)
            if source in shapes.witnesses:
                policy = _policy_of(graph, focus, policies)
                quote, start = quotes.get(focus, ("", (0.0, 1 << 30))) if quotes is not None else _quote(graph, focus)
                for owner in shapes.witnesses[source]:
                    witnesses[(policy, owner)].append((start, quote, focus))
                continue
            if source in shapes.applicability:
                not_applicable[focus].add(shapes.applicability[source])
                continue
            policy = _policy_of(graph, focus, policies)
            failed[(policy, shapes.owners.get(source, source))].append(focus)
            kept_results.append((report, result, policy))
    if "core.ttl" in files:
        for policy, selector in _offset_failures(graph):
            failed[(policy, _OFFSETS_SHAPE)].append(selector)
    rows: list[RequirementResult] = []
    if "core.ttl" in files:
        requirements.insert(
            next((i for i, r in enumerate(requirements) if r.profile != "core"), len(requirements)),
            _Requirement(
                _OFFSETS_SHAPE, "core", "Evidence lies within the policy text and quotes it exactly",
                "An evidence span ends beyond the policy text, or its quote differs from the text at its offsets.",
                "violation", "policykg data model (docs/data-model.md): oa:TextPositionSelector", False, (), 0,
            ),
        )
    for policy in policies:
        for requirement in requirements:
            row = _row(policy, requirement, failed, witnesses, not_applicable)
            rows.append(row)
    conforms = not any(r.status == MISSING and r.severity == "violation" for r in rows)
    return ValidationResult(conforms, tuple(rows), _report_graph(kept_results, policies, profile, conforms), profile)


def _row(policy, requirement, failed, witnesses, not_applicable) -> RequirementResult:
    base = dict(
        policy=str(policy),
        profile=requirement.profile,
        shape=str(requirement.shape),
        requirement=requirement.label,
        severity=requirement.severity,
        legal_source=requirement.legal_source,
    )
    unmet = [c for c in requirement.conditions if c in not_applicable.get(policy, set())]
    if unmet:
        labels = [_condition_label(c) for c in unmet]
        return RequirementResult(**base, status=NOT_APPLICABLE, reason="applies only when " + " and ".join(labels))
    focus = failed.get((policy, requirement.shape), [])
    if focus:
        return RequirementResult(
            **base, status=MISSING, reason=requirement.message, focus_nodes=tuple(sorted({str(f) for f in focus}))[:20]
        )
    found = sorted(witnesses.get((policy, requirement.shape), []), key=lambda w: (w[0], w[1], str(w[2])))  # node IRI breaks ties
    quote = next((w for w in found if w[1]), None)
    if quote is not None:
        return RequirementResult(**base, status=MET, evidence=quote[1], evidence_node=str(quote[2]))
    return RequirementResult(**base, status=MET, reason="" if not requirement.targets_policy else "stated in the policy's metadata")


def _condition_label(condition) -> str:
    for name in PROFILES["all"]:
        label = _shapes((name,)).graph.value(condition, RDFS.label)
        if label is not None:
            return str(label)
    return str(condition)


def _report_graph(kept: Iterable, policies: Sequence, profile: str, conforms: bool) -> Graph:
    """The SHACL report without generated results, named per policy and linked with pk:validatedBy."""
    out = Graph()
    bind_prefixes(out)
    kept = list(kept)
    for policy in policies or [None]:
        node = report_iri(str(policy), profile) if policy is not None else ID[f"report/{profile}"]
        out.add((node, RDF.type, SH.ValidationReport))
        out.add((node, SH.conforms, Literal(conforms)))
        out.add((node, DCTERMS.created, Literal(datetime.now(timezone.utc).replace(microsecond=0).isoformat(), datatype=XSD.dateTime)))
        out.add((node, DCTERMS.conformsTo, Literal(profile)))
        if policy is not None:
            out.add((policy, PK.validatedBy, node))
        for _, result, owner in kept:
            if policy is None or owner == policy:
                out.add((node, SH.result, result))
    for report, result, _ in kept:
        _copy_tree(report, out, result)
    return out


def _copy_tree(source: Graph, target: Graph, node, depth: int = 0) -> None:
    for p, o in source.predicate_objects(node):
        target.add((node, p, o))
        if isinstance(o, BNode) and depth < 4:
            _copy_tree(source, target, o, depth + 1)


# ---------------------------------------------------------------- the store


def store_view(store, name: str, *, profile: str = "core", evidence: bool = True) -> tuple[str, dict | None]:
    """What validating one stored policy version against ``profile`` reads, taken straight from the store.

    Structure checks (``core``, ``all``) read the whole named graph; completeness profiles read
    only the policy, its publisher, practices and statements (no text, spans or segments), plus the
    quote, start and confidence of each practice and statement for the report. Read with
    pyoxigraph, without building an rdflib graph, so the parent process stays cheap.

    Args:
        store: an open :class:`policykg.store.Store`.
        name: the policy version's IRI (its graph name).
        profile: a key of ``PROFILES``.
        evidence: also read the quotes (only needed when the report quotes evidence).

    Returns:
        ``(ntriples, quotes)``: the triples as N-Triples and, for completeness profiles, a map
        from practice / statement to ``(quote, (-confidence, start))`` (``None`` for a full graph,
        whose spans hold the quotes).

    Raises:
        ValidationError: unknown profile.
    """
    import pyoxigraph as ox

    graph = ox.NamedNode(name)
    if "core.ttl" in profile_files(profile):
        return store.oxigraph.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph).decode("utf-8"), None
    db = store.oxigraph
    rdf_type = ox.NamedNode(str(RDF.type))
    skip = {ox.NamedNode(str(p)) for p in _STATEMENT_DETAIL}
    evidence_p, confidence_p = ox.NamedNode(str(PK.evidence)), ox.NamedNode(str(PK.confidence))
    selector_p, exact_p, start_p = ox.NamedNode(str(OA.hasSelector)), ox.NamedNode(str(OA.exact)), ox.NamedNode(str(OA.start))
    lines: list[str] = []
    quotes: dict = {}
    # look up the nodes the shapes read by type, then their triples: spans, selectors and segments
    # (most of a policy graph) are never read
    for kind in _VIEW_KINDS:
        for typed in db.quads_for_pattern(None, rdf_type, ox.NamedNode(str(kind)), graph):
            node = typed.subject
            span, confidence = None, None
            for quad in db.quads_for_pattern(node, None, None, graph):
                p, o = quad.predicate, quad.object
                if p not in skip:
                    lines.append(f"{node} {p} {o} .")
                elif p == evidence_p:
                    span = o
                elif p == confidence_p:
                    confidence = float(o.value)
            if span is None or not evidence:
                continue
            quote, begin = "", 1 << 30
            for selector in db.quads_for_pattern(span, selector_p, None, graph):
                for found in db.quads_for_pattern(selector.object, None, None, graph):
                    if found.predicate == exact_p:
                        quote = found.object.value
                    elif found.predicate == start_p:
                        begin = int(found.object.value)
            key = URIRef(node.value) if isinstance(node, ox.NamedNode) else BNode(node.value)
            quotes[key] = (quote, (-confidence if confidence is not None else 0.0, begin))
    return "\n".join(lines) + "\n", quotes


def _validate_view(args: tuple[str, dict | None, str, str, bool]) -> tuple[bool, tuple[RequirementResult, ...], str]:
    data, quotes, profile, engine, evidence = args
    graph = Graph()
    graph.parse(data=data, format="nt")
    result = _validate(graph, profile=profile, engine=engine, evidence=evidence, quotes=quotes)
    return result.conforms, result.results, result.report.serialize(format="nt")


_WORKER_STORE = None


def _open_worker_store(path: str) -> None:
    """Worker initialiser: open the store read-only once (a shared lock, like the parent's)."""
    global _WORKER_STORE
    from policykg.store import Store

    _WORKER_STORE = Store.open(path, read_only=True)


def _validate_stored(args: tuple[str, str, str, bool]) -> tuple[bool, tuple[RequirementResult, ...], str]:
    name, profile, engine, evidence = args
    data, quotes = store_view(_WORKER_STORE, name, profile=profile, evidence=evidence)
    return _validate_view((data, quotes, profile, engine, evidence))


def _validate_names(store, names: Sequence[str], *, profile: str, workers: int, engine: str, evidence: bool) -> list:
    """``(conforms, rows, report N-Triples)`` for each named policy version, in order.

    With several workers and a store opened read-only on disk, each worker opens the store itself
    and reads its policies' views (reading is then parallel too); otherwise this process reads the
    views and sends them. At most 32 tasks per worker are in flight, so memory stays bounded.
    """
    if workers <= 1 or len(names) <= 1:
        return [_validate_view((*store_view(store, n, profile=profile, evidence=evidence), profile, engine, evidence)) for n in names]
    shared = store.path is not None and store.read_only
    size = min(workers, len(names), os.cpu_count() or 1)
    if shared:
        with ProcessPoolExecutor(max_workers=size, initializer=_open_worker_store, initargs=(str(store.path),)) as pool:
            return list(_windowed(pool, _validate_stored, ((n, profile, engine, evidence) for n in names), window=32 * size))
    payloads = ((*store_view(store, n, profile=profile, evidence=evidence), profile, engine, evidence) for n in names)
    with ProcessPoolExecutor(max_workers=size) as pool:
        return list(_windowed(pool, _validate_view, payloads, window=32 * size))


def _windowed(pool, function, tasks: Iterable, *, window: int) -> Iterable:
    """``pool.map(function, tasks)`` with at most ``window`` tasks in flight, results in order."""
    pending: list = []
    for task in tasks:
        pending.append(pool.submit(function, task))
        if len(pending) >= window:
            yield pending.pop(0).result()
    for future in pending:
        yield future.result()


def _policies_in_store(store, company: str | None, policy: str | None) -> list[str]:
    names = [n for n in store.graph_names() if n.startswith(str(ID) + "policy/")]
    if policy is not None:
        if policy not in names:
            raise NotFoundError(f"no policy {policy} in the store; list them with 'policykg info'")
        return [policy]
    if company is None:
        return sorted(names)
    wanted = company.strip().lower()
    orgs = {
        row["org"]
        for row in store.rows("_organisations")
        if wanted in {str(row.get("slug") or "").lower(), str(row.get("name") or "").lower()}
    }
    if not orgs:
        raise NotFoundError(f"no company {company!r} in the store; list them with 'policykg info'")
    found = sorted({str(row["policy"]) for org in orgs for row in store.rows("_versions-of", org=URIRef(org))})
    return [p for p in found if p in names] or found


def validate_store(
    store,
    *,
    profile: str = "core",
    company: str | None = None,
    policy: str | None = None,
    workers: int = 2,
    engine: str = "pyshacl",
    save: bool = False,
    evidence: bool = True,
) -> list[ValidationResult]:
    """Validate stored policy versions one graph at a time, in parallel.

    Args:
        store: an open :class:`policykg.store.Store`.
        profile: a key of ``PROFILES``.
        company: only this company's versions (name or slug).
        policy: only this policy version (IRI).
        workers: worker processes (1 = in this process).
        engine: ``pyshacl`` or ``turbo``.
        save: store each report graph in its own named graph, linked from the policy with ``pk:validatedBy``.
        evidence: quote the evidence of met requirements (see :func:`validate`).

    Returns:
        One :class:`ValidationResult` per policy version, in IRI order.

    Raises:
        NotFoundError: the company or policy is not in the store.
        ValidationError: unknown profile or engine, or the engine failed.
    """
    profile_files(profile)
    names = _policies_in_store(store, company, policy)
    outcomes = _validate_names(store, names, profile=profile, workers=workers, engine=engine, evidence=evidence)
    results = []
    for name, (conforms, rows, report_nt) in zip(names, outcomes):
        report = Graph()
        bind_prefixes(report)
        report.parse(data=report_nt, format="nt")
        results.append(ValidationResult(conforms, rows, report, profile))
        if save:
            store.put_graph(str(report_iri(name, profile)), report)
    return results
