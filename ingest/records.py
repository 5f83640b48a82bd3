"""The records that flow through the ingest chain.

Every stage of ``policykg.ingest`` takes records and returns records. They are
frozen dataclasses so that a stage cannot change what an earlier stage produced,
and so that records can be pickled to worker processes. Concepts (data types,
purposes, actions, ...) are carried as full IRI strings from the ontology.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from enum import Enum


class BlockKind(str, Enum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"


@dataclass(frozen=True, slots=True)
class Block:
    """A structural unit of a document.

    Invariants: ``0 <= start < end <= len(document.text)``; blocks of one
    document are sorted by ``start`` and do not overlap. ``level`` is the heading
    level (1 = top) for headings and the nesting depth (1 = top) for list items,
    0 for paragraphs.
    """

    kind: BlockKind
    start: int
    end: int
    level: int = 0


@dataclass(frozen=True, slots=True)
class Document:
    """A policy read from a file, normalised.

    ``text`` is the normalised text every offset in the pipeline refers to:
    NFC Unicode, ``\\n`` line ends, placeholders such as ``{list item}`` and
    page chrome removed, one block per line group. ``sha256`` is the hex digest
    of the raw input bytes, so the same file always gets the same digest.
    ``source`` is the path (or ``corpus.jsonl.gz#line``) it came from and
    ``media_type`` what it was read as (``text/plain``, ``text/markdown``,
    ``text/html``, ``application/pdf``).
    """

    text: str
    blocks: tuple[Block, ...]
    source: str
    media_type: str
    sha256: str
    url: str | None = None

    def block_text(self, block: Block) -> str:
        return self.text[block.start : block.end]


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character range ``[start, end)`` of ``Document.text``."""

    start: int
    end: int

    def quote(self, text: str) -> str:
        return text[self.start : self.end]


@dataclass(frozen=True, slots=True)
class PolicyMetadata:
    """Who publishes a policy and when.

    ``company`` is the legal name when one is found ("Plimus, Inc."),
    ``aliases`` other names the text gives the same organisation ("Plimus",
    "BlueSnap, Inc."). ``date`` is the last-updated / effective / version date
    and ``date_kind`` says which one it was. ``version`` is a version label when
    the text gives one ("1.3"). Fields a manifest provides override detection.
    """

    company: str | None = None
    aliases: tuple[str, ...] = ()
    website: str | None = None
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    addresses: tuple[str, ...] = ()
    date: _dt.date | None = None
    date_kind: str | None = None
    version: str | None = None
    url: str | None = None
    language: str | None = None


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence (or list item) of a document with its structural context.

    ``headings`` is the heading path above it, outermost first, as spans.
    ``lead_in`` is the span of the sentence that introduces the list this
    sentence belongs to (the text ending in a colon), when it is a list item.
    ``block`` is the index of the block it lies in.
    """

    span: Span
    block: int
    kind: BlockKind
    headings: tuple[Span, ...] = ()
    lead_in: Span | None = None


class Polarity(str, Enum):
    AFFIRMED = "affirmed"
    NEGATED = "negated"


class Modality(str, Enum):
    DEFINITE = "definite"
    POSSIBLE = "possible"


#: Actor value meaning "the organisation that publishes the policy" ("we").
FIRST_PARTY = "https://w3id.org/policykg#FirstParty"


@dataclass(frozen=True, slots=True)
class Practice:
    """One data practice a policy states.

    Invariants: at least one action and one data type; ``actor`` is
    ``FIRST_PARTY``, a recipient-category IRI, or ``None`` with
    ``actor_name`` set for a named organisation; ``evidence`` lies within the
    document text; ``0 < confidence <= 1``. ``recipients`` are category IRIs,
    ``recipient_names`` named organisations ("Google"). ``rule`` names the
    extraction pattern that produced it. ``data_type_spans`` are the
    character spans where the data types are mentioned (evidence of each
    type; empty when the types come from context: a heading or a reference).
    ``context`` is the lead-in or heading a list item or a sentence under a
    heading takes its action or data from (rules ``list-lead-in``,
    ``heading-context``); ``None`` when the evidence says it all.
    """

    actions: tuple[str, ...]
    data_types: tuple[str, ...]
    evidence: Span
    actor: str | None = FIRST_PARTY
    actor_name: str | None = None
    purposes: tuple[str, ...] = ()
    recipients: tuple[str, ...] = ()
    recipient_names: tuple[str, ...] = ()
    data_subjects: tuple[str, ...] = ()
    condition: str | None = None
    polarity: Polarity = Polarity.AFFIRMED
    modality: Modality = Modality.DEFINITE
    confidence: float = 0.5
    rule: str = ""
    data_type_spans: tuple[Span, ...] = ()
    context: Span | None = None


@dataclass(frozen=True, slots=True)
class Statement:
    """A policy-level statement: a right, retention, security, DNT, children,
    changes, contact, transfer, legal basis, ... ``topic`` is a concept IRI of
    the ``pk:StatementTopics`` scheme (``ontology/statements.ttl``). ``value`` is an
    optional literal detail (a retention period "30 days", an age "13", a
    mechanism "standard contractual clauses"); ``how`` says how a user acts on it
    (an email address, a URL, "contact us") when the text says so.
    """

    topic: str
    evidence: Span
    polarity: Polarity = Polarity.AFFIRMED
    value: str | None = None
    how: str | None = None
    confidence: float = 0.5
    rule: str = ""


@dataclass(frozen=True, slots=True)
class Segment:
    """A paragraph-sized unit of a policy and its OPP-115 categories (IRIs of
    ``pk:OPP115Categories``)."""

    span: Span
    categories: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PolicyRecord:
    """Everything extracted from one policy version: the input of ``to_rdf``."""

    document: Document
    metadata: PolicyMetadata
    practices: tuple[Practice, ...] = ()
    statements: tuple[Statement, ...] = ()
    segments: tuple[Segment, ...] = ()
    extractor_version: str = field(default="")
