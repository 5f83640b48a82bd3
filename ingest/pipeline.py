"""The ingest chain, composed in one place.

``process`` turns one ``Document`` into a ``PolicyRecord``; ``ingest_paths``
walks files, folders and corpora, runs ``process`` in worker processes (or on a
Dask cluster, see ``policykg.ingest.distributed``), and writes the graphs to the
store in batches of whole policies, each written atomically, so an
interrupted run leaves whole policies only and a rerun skips what is stored
(same SHA-256).
"""

from __future__ import annotations

import functools
import gzip
import itertools
import multiprocessing
import re
import sys
import time
import uuid
import zlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path


from rdflib import URIRef
from rdflib.namespace import PROV

from policykg.errors import InputError, PolicyKGError
from policykg.ontology.iris import org_iri
from policykg.ontology.namespaces import ID

from .categorize import categorize
from .extract import PracticeExtractor
from .identity import OrganisationRegistry
from .learned import CategoryModel, categorize_with
from .metadata import detect_metadata
from .read import read_file
from .records import Document, PolicyMetadata, PolicyRecord, Span
from .segment import split_sentences
from .sources import CORPUS_SUFFIXES, Overrides, Source, apply_overrides, iter_sources
from .statements import extract_statements
from .to_rdf import Publisher, nquads, publisher_triples, to_nquads

#: Bumped whenever extraction changes what it produces for the same input.
EXTRACTOR_VERSION = "2"

_POLICY_WORDS = re.compile(
    r"\b(privacy|personal (?:information|data)|personally identifiable|cookies?|collect\w*|data protection|"
    r"third[- ]part(?:y|ies)|opt[- ]out|your information)\b",
    re.IGNORECASE,
)


def check_is_policy(document: Document, metadata: PolicyMetadata) -> None:
    """Refuse what policykg cannot read as an English privacy policy.

    Raises:
        InputError: the text is not English, or does not read as a privacy policy.
    """
    if metadata.language and metadata.language != "en":
        raise InputError(document.source, f"not in English (detected '{metadata.language}'); policykg extracts from English policies")
    words = max(1, len(document.text.split()))
    hits = len(_POLICY_WORDS.findall(document.text[:200_000]))
    if hits < 2 or (words > 200 and hits * 400 < words):
        raise InputError(document.source, "does not read as a privacy policy (almost no privacy vocabulary)")


def process(
    document: Document,
    *,
    overrides: PolicyMetadata | None = None,
    extractor: PracticeExtractor | None = None,
    categories_model: CategoryModel | None = None,
    segment_spans: Sequence[Span] | None = None,
) -> PolicyRecord:
    """Extract everything from one policy version.

    ``categories_model`` (opt-in, :mod:`policykg.ingest.learned`) replaces the
    rule-based segment categories with a learned model's; the record's
    extractor version then names the model (``2+categories-<digest>``).
    ``segment_spans`` are the units to categorise when the input comes already
    segmented (an annotated corpus); by default, paragraphs with their lists.

    Raises:
        InputError: the document is not an English privacy policy.
    """
    metadata = detect_metadata(document)  # company, contacts, dates, language
    if overrides is not None:
        metadata = apply_overrides(metadata, overrides)  # a manifest or corpus line knows better
    check_is_policy(document, metadata)
    sentences = split_sentences(document)  # sentences with heading paths and list lead-ins
    practices = (extractor or _extractor())(document, sentences, metadata)  # data practices
    statements = extract_statements(document, sentences, metadata)  # rights, retention, security, ...
    if categories_model is None:
        segments = categorize(document, segment_spans, practices=practices, statements=statements)  # OPP-115 categories: cues + extracted items
        return PolicyRecord(document, metadata, practices, statements, segments, EXTRACTOR_VERSION)
    segments = categorize_with(categories_model, document, segment_spans, practices=practices, statements=statements)  # opt-in learned categories
    return PolicyRecord(document, metadata, practices, statements, segments, f"{EXTRACTOR_VERSION}+categories-{categories_model.digest}")


_EXTRACTOR: PracticeExtractor | None = None


def _extractor() -> PracticeExtractor:
    global _EXTRACTOR
    if _EXTRACTOR is None:
        _EXTRACTOR = PracticeExtractor()
    return _EXTRACTOR


# ---------------------------------------------------------------- batch ingest
#
# How a corpus flows (``ingest_paths``):
#
#   parent: walk sources -> tasks ──► executor (processes, or a Dask cluster):
#                                       read, ``process``, build the policy's RDF
#                                       with a placeholder publisher, N-Quads text
#   parent: ◄── outcomes, in input order: resolve the publisher (identity needs
#           every earlier policy, so it stays here), rename the placeholder,
#           write batches of whole policies, each atomically (``Store.put_nquads``).
#
# Building the graph in the worker keeps the parent light: the worker's N-Quads
# text costs it ~9 ms a policy; the parent's main thread (reading corpus lines,
# the rename, the store write) ~11 ms, and RocksDB's compaction in the
# background ~17 ms (4,000 bulk policies; a policy graph is ~1,350 quads).
# While the parent loads a batch it collects no outcomes, so the window of tasks
# in flight is deep enough (``WINDOW_PER_WORKER``) to keep every worker busy
# through a batch's load.
# Memory stays flat whatever the corpus size: a bounded window of tasks in
# flight; a write batch capped in bytes (``batch_bytes``; Oxigraph's loader
# holds several times the N-Quads it loads) and kept as UTF-8 bytes (a Python
# str of policy text is often 2 bytes a character); and the store's bulk
# loader, which writes table files directly instead of filling RocksDB's write
# buffers (Oxigraph would let those grow to ~1.5 GB). What the parent keeps per
# policy for the whole run is a graph IRI, a SHA-256 and a report line.


@dataclass(frozen=True, slots=True)
class Failure:
    """A source that could not be ingested, and why (one line, for the user)."""

    source: str
    reason: str


@dataclass(frozen=True, slots=True)
class Progress:
    """One event for a progress display.

    ``kind`` is 'stored', 'skipped' or 'failed'; ``done`` counts sources
    finished so far (all kinds); ``words`` is the number of words of the
    policy just stored (0 otherwise).
    """

    kind: str
    source: str
    done: int
    detail: str = ""
    words: int = 0


@dataclass
class IngestReport:
    """What an ingest run did: graph IRIs stored, sources skipped or failed, counts."""

    stored: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    practices: int = 0
    statements: int = 0
    words: int = 0

    @property
    def ok(self) -> bool:
        return not self.failures


@dataclass(frozen=True, slots=True)
class Task:
    """One policy to extract, in a form that can travel to another process or machine.

    Exactly one of ``path`` (a file the worker reads), ``source`` (a source
    whose loader pickles) or ``document`` (already read by the parent) is set.
    ``name`` is the source name used in reports.
    """

    name: str
    overrides: Overrides | None = None
    path: str | None = None
    source: Source | None = None
    document: Document | None = None


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a worker sends back for one task.

    Invariants: ``error`` set means nothing else is; ``skipped`` means the
    policy's SHA-256 was already stored; otherwise ``nquads`` holds the policy's
    named graph as N-Quads in which the publisher is the run's placeholder (see
    :func:`placeholder_slug`) and ``graph`` is the placeholder graph IRI;
    ``metadata`` is what identity resolution needs.
    """

    source: str
    sha256: str | None = None
    skipped: bool = False
    error: str | None = None
    metadata: PolicyMetadata | None = None
    graph: str = ""
    nquads: str = ""
    practices: int = 0
    statements: int = 0
    words: int = 0


def placeholder_slug(token: str) -> str:
    """The publisher slug workers use before the parent resolves identity.

    It holds ``_``, which :func:`slugify` never produces, and a per-run random
    token, so it cannot collide with a real organisation or with policy text.

    >>> placeholder_slug("abc")
    '_policykg-publisher-abc_'
    """
    return f"_policykg-publisher-{token}_"


def extract_task(
    task: Task, token: str, known: frozenset[str] | set[str] = frozenset(), categories_model: CategoryModel | None = None
) -> Outcome:
    """Read and extract one policy and build its graph (runs in a worker).

    Never raises for a bad input: the problem is returned as ``Outcome.error``,
    one line naming what is wrong, so the batch goes on.

    :param task: the policy to extract.
    :param token: the run's placeholder token (see :func:`placeholder_slug`).
    :param known: SHA-256 of policies already stored; they are skipped unread further.
    :param categories_model: an opt-in learned segment categoriser (see :func:`process`).
    :returns: the outcome to send back to the parent.
    """
    try:
        if task.document is not None:
            document = task.document
        elif task.path is not None:
            document = read_file(Path(task.path))
        elif task.source is not None:
            document = task.source.read()
        else:  # pragma: no cover - every constructor sets one
            raise InputError(task.name, "nothing to read")
        if document.sha256 in known:
            return Outcome(task.name, sha256=document.sha256, skipped=True)
        record = process(document, overrides=task.overrides, categories_model=categories_model)
        slug = placeholder_slug(token)
        # The publisher's names and slug are written by the parent once it knows them.
        name, nquads = to_nquads(record, Publisher(slug, slug), without_names=True)
        return Outcome(
            task.name,
            sha256=document.sha256,
            metadata=record.metadata,
            graph=str(name),
            nquads=nquads,
            practices=len(record.practices),
            statements=len(record.statements),
            words=len(document.text.split()),
        )
    except PolicyKGError as exc:
        return Outcome(task.name, error=str(exc.reason if isinstance(exc, InputError) else exc))
    except (RecursionError, MemoryError, UnicodeError, ValueError) as exc:
        return Outcome(task.name, error=f"could not be processed: {type(exc).__name__}: {exc}")
    except Exception as exc:  # noqa: BLE001 - one broken policy must not stop a corpus run; reported, not hidden
        return Outcome(task.name, error=f"internal error while extracting (please report it): {type(exc).__name__}: {exc}")


def finish_outcome(outcome: Outcome, publisher: Publisher, token: str) -> tuple[str, str]:
    """The policy's graph IRI and N-Quads with the resolved publisher in place of the placeholder.

    The result is the same graph ``to_graph(record, publisher)`` gives.
    """
    slug = placeholder_slug(token)
    org_old, org_new = f"{org_iri(slug)}>", f"{publisher.iri}>"
    pol_old, pol_new = f"{ID}policy/{slug}/", f"{ID}policy/{publisher.slug}/"
    graph = outcome.graph.replace(pol_old, pol_new)
    data = outcome.nquads.replace(org_old, org_new).replace(pol_old, pol_new)
    return graph, data + nquads(publisher_triples(publisher), graph)


# ---------------------------------------------------------------- executors

# Tasks in flight per worker. Outcomes are taken in input order and the parent
# stops taking them while it writes a batch (~0.7 s for 200 policies), so a
# shallow window leaves workers idle: on 1,000 bulk policies with 2 workers, a
# window of 8 took 80 s and one of 64 took 75 s. 64 outcomes in flight hold
# ~20 MB.
WINDOW_PER_WORKER = 32

_KNOWN: frozenset[str] = frozenset()
_TOKEN = ""
_MODEL: CategoryModel | None = None


def _init_worker(known: frozenset[str], token: str, categories_model: CategoryModel | None = None) -> None:
    # The model arrives once per worker process (pickled with the initialiser's arguments), not per policy.
    global _KNOWN, _TOKEN, _MODEL
    _KNOWN, _TOKEN, _MODEL = known, token, categories_model


def _work(task: Task) -> Outcome:
    return extract_task(task, _TOKEN, _KNOWN, _MODEL)


_WORKER_DIED = "the worker process died while extracting it (out of memory, or a crash in native code)"


def _outcomes(
    tasks: Iterable[Task], workers: int, known: frozenset[str], token: str, window: int, categories_model: CategoryModel | None = None
) -> Iterator[Outcome]:
    """Outcomes of ``tasks`` in input order, from ``workers`` local processes.

    At most ``window`` tasks are in flight. When a worker process dies, the
    tasks that were in flight are rerun one at a time in a fresh pool, so only
    the task that kills a worker again is reported as failed.
    """
    if workers <= 1:
        for task in tasks:
            yield extract_task(task, token, known, categories_model)
        return
    context = multiprocessing.get_context("forkserver" if sys.platform != "win32" else "spawn")

    def new_pool() -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_init_worker, initargs=(known, token, categories_model))

    pool = new_pool()
    in_flight: deque[tuple[Task, Future]] = deque()
    todo = iter(tasks)
    try:
        while True:
            for task in itertools.islice(todo, max(0, window - len(in_flight))):
                in_flight.append((task, pool.submit(_work, task)))
            if not in_flight:
                return
            task, future = in_flight.popleft()
            try:
                outcome = future.result()
            except BrokenProcessPool:
                suspects = [task, *(t for t, _ in in_flight)]
                in_flight.clear()
                pool.shutdown(wait=True, cancel_futures=True)
                pool = new_pool()
                for suspect in suspects:
                    try:
                        outcome = pool.submit(_work, suspect).result()
                    except BrokenProcessPool:
                        outcome = Outcome(suspect.name, error=_WORKER_DIED)
                        pool.shutdown(wait=True, cancel_futures=True)
                        pool = new_pool()
                    yield outcome
                continue
            yield outcome
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _is_portable(loader) -> bool:
    """Whether a source's loader can be pickled by reference (not a lambda or a closure)."""
    func = loader.func if isinstance(loader, functools.partial) else loader
    qualname = getattr(func, "__qualname__", "<locals>")
    return "<locals>" not in qualname and "<lambda>" not in qualname


def _tasks(sources: Iterable[Source], report: IngestReport, emit, skip: Callable[[str], bool]) -> Iterator[Task]:
    """Picklable tasks for ``sources``.

    A file is read by the worker. A source whose loader pickles travels as is.
    Any other source (a corpus line whose loader is a closure) is read here, and
    skipped here when already stored.
    """
    for source in sources:
        if source._loader is not None and _is_portable(source._loader):
            yield Task(source.name, source.overrides, source=source)
        elif "#L" not in source.name and Path(source.name).is_file():
            yield Task(source.name, source.overrides, path=source.name)
        else:
            try:
                document = source.read()
            except InputError as exc:
                report.failures.append(Failure(source.name, exc.reason))
                emit("failed", source.name, exc.reason)
                continue
            if skip(document.sha256):
                report.skipped.append(source.name)
                emit("skipped", source.name, "already stored")
                continue
            yield Task(source.name, source.overrides, document=document)


# A write batch: at most this many policies, or about this many bytes of
# N-Quads. Each batch the bulk loader writes adds one table file per index that
# RocksDB later merges with what is already stored, and that background
# compaction, not the load itself, is most of the parent's CPU: on 4,000 bulk
# policies it took 113 CPU seconds with batches of 50 policies / 8 MB, 55 with
# 200 / 30 MB, and the run 268 s against 315 s. Larger batches save less and
# cost memory (400 / 60 MB: 33 CPU seconds, and the parent's peak went from
# 367 to 527 MB).
BATCH_POLICIES = 200
BATCH_BYTES = 32 * 2**20
# A run that stores this many policies ends with a full compaction of the store
# (``Store.optimize``). The table files the bulk loader adds read slower than
# compacted ones: on the 13k store, two questions across companies took 9.1 and
# 9.5 s as ingested, 4.3 and 4.9 s after 29 s of compaction (7.1 and 7.1 s on a
# store written by transactions). A small run leaves the store as it is.
OPTIMIZE_AFTER = 1000


def ingest_paths(
    paths: Sequence[str | Path],
    *,
    store,
    manifest: Path | None = None,
    workers: int = 1,
    executor: str | None = None,
    batch_size: int = BATCH_POLICIES,
    batch_bytes: int = BATCH_BYTES,
    window: int | None = None,
    on_progress: Callable[[Progress], None] | None = None,
    categories_model: CategoryModel | None = None,
) -> IngestReport:
    """Ingest files, folders and ``.jsonl(.gz)`` corpora into ``store``.

    Extraction runs in ``workers`` local processes, or on a Dask cluster when
    ``executor`` is ``"dask://HOST:PORT"``; the store is written here, in
    batches of whole policies (at most ``batch_size`` policies or about
    ``batch_bytes`` of N-Quads), each written atomically. A policy already stored
    (same SHA-256) is skipped, so an interrupted run can be started again. A
    source that fails is reported in ``IngestReport.failures`` and the batch
    goes on; nothing already stored changes because of it. A run that stores
    ``OPTIMIZE_AFTER`` policies or more ends by compacting the store.

    :param paths: files, folders (walked recursively) and JSON-lines corpora.
    :param store: an open, writable :class:`policykg.store.Store`.
    :param manifest: a CSV / JSON manifest of metadata overrides.
    :param workers: local extraction processes (ignored with ``executor``).
    :param executor: ``None`` (local) or ``dask://HOST:PORT``.
    :param batch_size: at most this many policies per write.
    :param batch_bytes: at most about this many bytes of N-Quads per write;
        the writer's peak memory grows with it (~10x, in Oxigraph and Python).
    :param window: tasks in flight at once (default: ``WINDOW_PER_WORKER`` per worker); bounds memory.
    :param on_progress: called once per source with a :class:`Progress` event.
    :param categories_model: opt-in learned segment categoriser
        (:func:`policykg.ingest.learned.load_model`); each worker receives it once.
    :returns: what was stored, skipped and failed.
    :raises ManifestError: the manifest is malformed.
    :raises StoreError: the store cannot be written.
    :raises InputError: ``executor`` is not a known executor address, or is
        combined with ``categories_model`` (not supported on a cluster yet).
    """
    if executor and categories_model is not None:
        raise InputError(executor, "a learned categories model is not supported with a Dask executor; run locally (--workers N)")
    report = IngestReport()
    registry = OrganisationRegistry.from_rows(store.rows("_organisations"))
    known = frozenset(row["sha256"] for row in store.rows("_policy-shas"))
    token = uuid.uuid4().hex[:12]
    seen: set[str] = set()
    pending: list[tuple[str, bytes]] = []
    pending_bytes = 0
    touched: set[str] = set()
    done = 0

    def flush() -> None:
        nonlocal pending_bytes
        if pending:
            store.put_nquads(pending)
            pending.clear()
            pending_bytes = 0

    def emit(kind: str, source: str, detail: str = "", words: int = 0) -> None:
        nonlocal done
        done += 1
        if on_progress is not None:
            on_progress(Progress(kind, source, done, detail, words))

    sources = _sources_reporting_errors(paths, manifest, report, emit)
    tasks = _tasks(sources, report, emit, skip=lambda sha: sha in known or sha in seen)
    if executor:
        from .distributed import dask_outcomes  # optional dependency, imported only when asked for

        outcomes = dask_outcomes(executor, tasks, known=known, token=token, window=window)
    else:
        outcomes = _outcomes(tasks, workers, known, token, window or max(2, workers * WINDOW_PER_WORKER), categories_model)
    for outcome in outcomes:
        if outcome.error is not None:
            report.failures.append(Failure(outcome.source, outcome.error))
            emit("failed", outcome.source, outcome.error)
            continue
        if outcome.skipped or outcome.sha256 in seen:
            report.skipped.append(outcome.source)
            emit("skipped", outcome.source, "already stored")
            continue
        seen.add(outcome.sha256)
        publisher = registry.resolve(outcome.metadata, source=outcome.source)
        name, text = finish_outcome(outcome, publisher, token)
        data = text.encode("utf-8")  # half or a quarter of the str's memory, and what Oxigraph reads
        del text
        pending.append((name, data))
        pending_bytes += len(data)
        touched.add(publisher.slug)
        report.stored.append(name)
        report.practices += outcome.practices
        report.statements += outcome.statements
        report.words += outcome.words
        emit("stored", outcome.source, name, outcome.words)
        if len(pending) >= batch_size or pending_bytes >= batch_bytes:
            flush()
    flush()
    link_versions(store, touched)
    if len(report.stored) >= OPTIMIZE_AFTER:
        store.optimize()
    return report


def _sources_reporting_errors(paths, manifest, report: IngestReport, emit) -> Iterator[Source]:
    """Sources to ingest; sources that fail before reading (missing path, bad corpus line) are reported."""
    for item in iter_sources(paths, manifest=manifest):
        error = getattr(item, "error", None)
        if error is not None:
            report.failures.append(Failure(item.name, str(error.reason if isinstance(error, InputError) else error)))
            emit("failed", item.name, report.failures[-1].reason)
            continue
        yield item


def count_sources(paths: Sequence[str | Path], *, limit_seconds: float = 30.0) -> int | None:
    """Roughly how many policies ``paths`` hold, for a progress bar's time left.

    Counts files as the walk would and the lines of JSON-lines corpora (a
    ``.jsonl.gz`` of 50 MB takes about a second). Returns ``None`` when counting
    takes longer than ``limit_seconds`` or a path cannot be read.

    >>> count_sources([])
    0
    """
    deadline = time.monotonic() + limit_seconds
    total = 0
    try:
        for source in iter_sources([p for p in paths if not _is_corpus_path(Path(p))]):
            total += 1
            if time.monotonic() > deadline:
                return None
        for path in (Path(p) for p in paths):
            if _is_corpus_path(path):
                opener = gzip.open if path.name.lower().endswith(".gz") else open
                with opener(path, "rb") as fh:
                    while chunk := fh.read(1 << 22):
                        total += chunk.count(b"\n")
                        if time.monotonic() > deadline:
                            return None
    except (OSError, EOFError, zlib.error, PolicyKGError):
        return None
    return total


def _is_corpus_path(path: Path) -> bool:
    return path.name.lower().endswith(CORPUS_SUFFIXES) and not path.is_dir()


def link_versions(store, org_slugs: Iterable[str]) -> None:
    """Chain each organisation's policy versions with ``prov:wasRevisionOf`` in date order.

    Undated versions are left out of the chain. The link lives in the newer
    version's graph, and is recomputed whenever a version is added. One query
    reads the versions of every organisation, so linking stays cheap when a
    corpus run touches thousands of them.
    """
    wanted = {str(org_iri(slug)) for slug in org_slugs}
    if not wanted:
        return
    versions: dict[str, list[dict]] = {}
    for row in store.rows("_versions-of"):  # ordered by date, then sha256
        if row["org"] in wanted:
            versions.setdefault(row["org"], []).append(row)
    links = []
    for org in sorted(versions):
        rows = versions[org]
        dated = [r for r in rows if r.get("date")]
        for row in rows:
            store.remove_matching(URIRef(row["policy"]), PROV.wasRevisionOf)
        links.extend(
            (URIRef(newer["policy"]), PROV.wasRevisionOf, URIRef(older["policy"]), URIRef(newer["policy"]))
            for older, newer in zip(dated, dated[1:])
        )
    store.add_quads(links)
