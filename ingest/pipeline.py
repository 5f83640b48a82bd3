"""The ingest chain, composed in one place.

``process`` turns one ``Document`` into a ``PolicyRecord``; ``ingest_paths``
walks files, folders and corpora, runs ``process`` in worker processes, and
writes the graphs to the store in batches, one transaction per batch of whole
policies, so an interrupted run leaves whole policies only and a rerun skips
what is stored (same SHA-256).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import PROV

from policykg.errors import InputError, PolicyKGError
from policykg.ontology.iris import org_iri

from .categorize import categorize
from .extract import PracticeExtractor
from .identity import OrganisationRegistry
from .metadata import detect_metadata
from .records import Document, PolicyMetadata, PolicyRecord
from .segment import split_sentences
from .sources import Source, apply_overrides, iter_sources
from .statements import extract_statements
from .to_rdf import to_graph

#: Bumped whenever extraction changes what it produces for the same input.
EXTRACTOR_VERSION = "1"

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


def process(document: Document, *, overrides: PolicyMetadata | None = None, extractor: PracticeExtractor | None = None) -> PolicyRecord:
    """Extract everything from one policy version.

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
    segments = categorize(document)  # OPP-115 categories of each paragraph
    return PolicyRecord(document, metadata, practices, statements, segments, EXTRACTOR_VERSION)


_EXTRACTOR: PracticeExtractor | None = None


def _extractor() -> PracticeExtractor:
    global _EXTRACTOR
    if _EXTRACTOR is None:
        _EXTRACTOR = PracticeExtractor()
    return _EXTRACTOR


# ---------------------------------------------------------------- batch ingest
@dataclass(frozen=True, slots=True)
class Failure:
    """A source that could not be ingested, and why."""

    source: str
    reason: str


@dataclass(frozen=True, slots=True)
class Progress:
    """One event for a progress display: ``kind`` is 'stored', 'skipped' or 'failed'."""

    kind: str
    source: str
    done: int
    detail: str = ""


@dataclass
class IngestReport:
    """What an ingest run did."""

    stored: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    practices: int = 0
    statements: int = 0

    @property
    def ok(self) -> bool:
        return not self.failures


@dataclass(frozen=True, slots=True)
class _Outcome:
    source: str
    record: PolicyRecord | None = None
    skipped_sha: str | None = None
    error: str | None = None


_KNOWN: frozenset[str] = frozenset()


def _init_worker(known: frozenset[str]) -> None:
    global _KNOWN
    _KNOWN = known


def _work(source: Source) -> _Outcome:
    try:
        document = source.read()
        if document.sha256 in _KNOWN:
            return _Outcome(source.name, skipped_sha=document.sha256)
        return _Outcome(source.name, record=process(document, overrides=source.overrides))
    except PolicyKGError as exc:
        return _Outcome(source.name, error=str(exc.reason if isinstance(exc, InputError) else exc))
    except (RecursionError, MemoryError, UnicodeError, ValueError) as exc:
        return _Outcome(source.name, error=f"could not be processed: {type(exc).__name__}: {exc}")


def _outcomes(sources: Iterable[Source], workers: int, known: frozenset[str]) -> Iterator[_Outcome]:
    if workers <= 1:
        _init_worker(known)
        for source in sources:
            yield _work(source)
        return
    with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(known,)) as pool:
        # Bounded in-flight window keeps memory flat whatever the corpus size.
        window: list = []
        for source in sources:
            window.append(pool.submit(_work, source))
            if len(window) >= workers * 8:
                yield window.pop(0).result()
        for future in window:
            yield future.result()


def ingest_paths(
    paths: Sequence[str | Path],
    *,
    store,
    manifest: Path | None = None,
    workers: int = 1,
    batch_size: int = 50,
    on_progress: Callable[[Progress], None] | None = None,
) -> IngestReport:
    """Ingest files, folders and ``.jsonl(.gz)`` corpora into ``store``.

    A source that fails is reported in ``IngestReport.failures`` and the batch
    goes on; nothing already stored changes because of it.

    Raises:
        ManifestError: the manifest is malformed.
        StoreError: the store cannot be written.
    """
    report = IngestReport()
    registry = OrganisationRegistry.from_rows(store.rows("_organisations"))
    known = frozenset(row["sha256"] for row in store.rows("_policy-shas"))
    seen: set[str] = set()
    pending: list[tuple[URIRef, Graph]] = []
    touched: set[str] = set()
    done = 0

    def flush() -> None:
        if pending:
            store.put_graphs(pending)
            pending.clear()

    def emit(kind: str, source: str, detail: str = "") -> None:
        if on_progress is not None:
            on_progress(Progress(kind, source, done, detail))

    sources = _sources_reporting_errors(paths, manifest, report, emit)
    for outcome in _outcomes(sources, workers, known):
        done += 1
        if outcome.error is not None:
            report.failures.append(Failure(outcome.source, outcome.error))
            emit("failed", outcome.source, outcome.error)
            continue
        record = outcome.record
        sha = outcome.skipped_sha or record.document.sha256
        if outcome.skipped_sha is not None or sha in seen:
            report.skipped.append(outcome.source)
            emit("skipped", outcome.source, "already stored")
            continue
        seen.add(sha)
        publisher = registry.resolve(record.metadata, source=outcome.source)
        name, graph = to_graph(record, publisher)
        pending.append((name, graph))
        touched.add(publisher.slug)
        report.stored.append(str(name))
        report.practices += len(record.practices)
        report.statements += len(record.statements)
        emit("stored", outcome.source, str(name))
        if len(pending) >= batch_size:
            flush()
    flush()
    link_versions(store, touched)
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


def link_versions(store, org_slugs: Iterable[str]) -> None:
    """Chain each organisation's policy versions with ``prov:wasRevisionOf`` in date order.

    Undated versions are left out of the chain. The link lives in the newer
    version's graph, and is recomputed whenever a version is added.
    """
    for slug in sorted(set(org_slugs)):
        rows = store.rows("_versions-of", org=org_iri(slug))
        dated = [r for r in rows if r.get("date")]
        for row in rows:
            store.remove_matching(URIRef(row["policy"]), PROV.wasRevisionOf)
        store.add_quads(
            (URIRef(newer["policy"]), PROV.wasRevisionOf, URIRef(older["policy"]), URIRef(newer["policy"]))
            for older, newer in zip(dated, dated[1:])
        )

