"""GoPPC-150: document-level presence of GDPR concepts.

GoPPC-150 (Tang et al., 2024) labels the titles and paragraphs of 150 privacy
policies with the concepts of a GDPR taxonomy (``concept_labels.csv``: dotted
ids such as ``4.2`` = DATA_SUBJECT_RIGHT.ACCESS). This module asks, per policy
and per concept, "does the policy state it?": gold is *yes* when any element is
labelled with the concept or a narrower one; ours is *yes* when the statement
extractor (and, unless turned off, the practice extractor) finds a statement or
practice that maps to it (``CONCEPT_MAP``). It prints precision / recall / F1
per concept with the number of positive policies, the macro average over the
concepts the GDPR profile checks (``GDPR_PROFILE_CONCEPTS``), and a keyword
baseline: a concept counts as present when one of GoPPC's own keywords for it
occurs in the policy text.

Reading the corpus as distributed:

* Some XML files are not well-formed (stray ``</item>``), so elements are read
  with a tolerant pattern (``<title|paragraph ... category="...">``), tags
  inside them dropped and entities unescaped.
* ``category="A;B"`` holds two comma-separated label lists; both are used.
  Label ``19`` is UNKNOWN.
* Codes ``4.4`` and ``4.5``: ``concept_labels.csv`` names them RESTRICTION and
  ERASURE, but the paragraphs carrying them say the opposite (4.4: 80 % mention
  deleting / erasing, 4.5: 58 % mention restricting); ``CODE_FIXES`` follows the
  annotations. ``5`` (DP_PRINCIPLE in the csv) labels paragraphs about policy
  changes; it is not a concept the GDPR profile checks, so it is left as is.
* The ``keywords`` column of ``concept_labels.csv`` is in the row order of
  GoPPC's ``keyword_list.csv``, which lists the concepts in another order (the
  taxonomy figure's). ``KEYWORD_ROW_CONCEPT`` names, for each keyword row, the
  concept it belongs to (read off the keywords themselves: row 22 "information;
  type; kind; category" is PD_CATEGORY, row 58 "access" is ACCESS, ...).
"""

from __future__ import annotations

import bisect
import csv
import hashlib
import html
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from policykg.errors import EvaluationError
from policykg.ingest.records import Block, BlockKind, Document, PolicyMetadata, Polarity, Practice, Statement
from policykg.ontology import PK, ancestors

from .scoring import Score, score_sets

__all__ = [
    "CONCEPT_MAP",
    "GDPR_PROFILE_CONCEPTS",
    "GoppcPolicy",
    "GoppcReport",
    "evaluate_goppc",
    "read_goppc",
]

_T = str(PK)
_DPV = "https://w3id.org/dpv#"

#: Codes whose meaning in the annotations differs from ``concept_labels.csv`` (see module docstring).
CODE_FIXES = {"4.4": "DATA_SUBJECT_RIGHT.ERASURE", "4.5": "DATA_SUBJECT_RIGHT.RESTRICTION"}

#: Keyword row (1-based, as in concept_labels.csv) -> dotted id of the concept the keywords belong to.
KEYWORD_ROW_CONCEPT: dict[int, str] = {
    **{i: d for i, d in enumerate(
        ["1", "1.1", "1.1.1", "1.2", "1.2.1", "1.2.2", "1.2.3", "2", "2.1", "2.1.1", "2.2", "2.2.1", "2.2.2", "2.2.3",
         "3", "3.1", "3.1.1", "3.2", "3.2.1", "3.2.2", "3.2.3"], start=1)},
    22: "8", 23: "8.1", 24: "8.1.1", 25: "8.1.2", 26: "8.2", 27: "8.2.1",
    28: "9", 29: "9.1", 30: "9.2", 31: "9.3", 32: "9.2.1", 33: "9.3.1", 34: "9.3.2",
    35: "11", 36: "17", 37: "17.1", 38: "17.2",
    39: "10", 40: "10.1", 41: "10.1.1", 42: "10.1.2", 43: "10.1.3", 44: "10.2", 45: "10.3", 46: "10.4", 47: "10.5", 48: "10.6",
    49: "16", 50: "16.1", 51: "16.2", 52: "16.3",
    53: "4", 54: "4.1", 55: "4.1.1", 56: "4.1.2", 57: "4.1.3", 58: "4.2", 59: "4.3", 60: "4.5", 61: "4.4", 62: "4.6",
    63: "4.7", 64: "4.8", 65: "4.9", 66: "7", 67: "7.1", 68: "5", 69: "5.1", 70: "5.2", 71: "6",
    72: "14", 73: "14.1", 74: "14.1.1", 75: "14.1.2", 76: "14.1.3", 77: "14.1.4", 78: "14.1.5", 79: "14.1.6",
    80: "14.2", 81: "14.2.1", 82: "14.2.2", 83: "14.2.3", 84: "14.2.4", 85: "14.2.5",
    86: "14.3", 87: "14.3.1", 88: "14.3.2", 89: "14.3.3",
    90: "15", 91: "12", 92: "13", 93: "18", 94: "18.1", 95: "18.2", 96: "19",
}


def _topics(*locals_: str) -> Callable[[Statement], bool]:
    """A statement test: its topic is one of these topics or narrower, and it is affirmed."""
    wanted = {_T + name for name in locals_}

    def test(statement: Statement) -> bool:
        if statement.polarity is not Polarity.AFFIRMED:
            return False
        return statement.topic in wanted or any(a in wanted for a in ancestors(statement.topic))

    return test


def _any_topic(*locals_: str) -> Callable[[Statement], bool]:
    """Like ``_topics`` but either polarity ("we do not use automated decision-making" states it too)."""
    wanted = {_T + name for name in locals_}
    return lambda s: s.topic in wanted or any(a in wanted for a in ancestors(s.topic))


def _practice(test: Callable[[Practice], bool]) -> Callable[[Practice], bool]:
    return lambda p: p.polarity is Polarity.AFFIRMED and test(p)


#: GoPPC concept (dotted id) -> (statement test, practice test). A concept is predicted when any test holds.
CONCEPT_MAP: dict[str, tuple[Callable | None, Callable | None]] = {
    "1": (_topics("ControllerIdentity", "ContactEmail", "ContactPhone", "ContactAddress", "ContactWeb"), None),
    "1.2": (_topics("ContactEmail", "ContactPhone", "ContactAddress", "ContactWeb"), None),
    "2": (_topics("EURepresentative"), None),
    "3": (_topics("DPOContact"), None),
    "4.2": (_topics("RightOfAccess"), None),
    "4.3": (_topics("RightToRectification"), None),
    "4.4": (_topics("RightToErasure"), None),
    "4.5": (_topics("RightToRestriction"), None),
    "4.6": (_topics("RightToObject", "RightToOptOutOfMarketing"), None),  # Art. 21(2): objecting to direct marketing
    "4.7": (_topics("RightToDataPortability"), None),
    "4.8": (_any_topic("AutomatedDecisionMaking", "RightAgainstAutomatedDecisions"), None),
    "4.9": (_topics("RightToWithdrawConsent", "RightToOptOut"), None),
    "5": (_topics("PolicyChange"), None),
    "7": (_topics("RightToLodgeComplaint"), None),
    "8": (None, _practice(lambda p: bool(p.data_types))),
    "9.3": (_topics("DataSource"), None),
    "10": (_topics("BasisConsent", "BasisContract", "BasisLegalObligation", "BasisVitalInterest", "BasisPublicTask", "BasisLegitimateInterest"), None),
    "10.1": (_topics("BasisContract"), None),
    "10.3": (_topics("BasisLegitimateInterest"), None),
    "10.5": (_topics("BasisConsent"), None),
    "10.6": (_topics("BasisLegalObligation"), None),
    "11": (None, _practice(lambda p: bool(p.purposes))),
    "12": (_topics("SecurityMeasure"), None),
    "13": (_any_topic("ProvisionRequirement"), None),
    "14": (_topics("InternationalTransfer"), None),
    "14.2": (_topics("StandardContractualClauses", "BindingCorporateRules", "PrivacyShield", "SafeHarbor", "TransferDerogation"), None),
    "14.3": (_topics("AdequacyDecision"), None),
    "15": (_any_topic("Children"), None),
    "16": (_topics("RetentionPeriod", "RetentionCriteria", "Retention"), None),
    "16.1": (_topics("RetentionPeriod", "RetentionCriteria"), None),
    "17.1": (None, _practice(lambda p: bool(p.recipients or p.recipient_names))),
    "18.2": (_topics("RegulatoryScope"), None),
}

#: Concepts the GDPR profile (``shapes/gdpr.ttl``) checks, with the requirement each stands for.
GDPR_PROFILE_CONCEPTS: dict[str, str] = {
    "1": "controller identity and contact (Art. 13(1)(a))",
    "3": "DPO contact (Art. 13(1)(b))",
    "11": "purposes (Art. 13(1)(c))",
    "10": "legal basis (Art. 13(1)(c))",
    "10.3": "legitimate interests (Art. 13(1)(d))",
    "17.1": "recipients (Art. 13(1)(e))",
    "14": "third-country transfers (Art. 13(1)(f))",
    "16": "retention period or criteria (Art. 13(2)(a))",
    "4.2": "access (Art. 13(2)(b))",
    "4.3": "rectification (Art. 13(2)(b))",
    "4.4": "erasure (Art. 13(2)(b))",
    "4.5": "restriction (Art. 13(2)(b))",
    "4.6": "objection (Art. 13(2)(b))",
    "4.7": "portability (Art. 13(2)(b))",
    "4.9": "withdraw consent (Art. 13(2)(c))",
    "7": "complaint to a supervisory authority (Art. 13(2)(d))",
    "13": "whether providing data is required (Art. 13(2)(e))",
    "4.8": "automated decision-making (Art. 13(2)(f))",
    "8": "categories of personal data (Art. 14(1)(d))",
    "9.3": "source of the data (Art. 14(2)(f))",
}
_PRACTICE_CONCEPTS = {"8", "11", "17.1"}

_ELEMENT = re.compile(r"<(title|paragraph)\b([^>]*)>(.*?)</\1>", re.S)
_CATEGORY = re.compile(r'category="([^"]*)"')
_TAG = re.compile(r"<[^>]+>")
_SEGMENT_TAG = re.compile(r"<(/?)segment\b[^>]*>")
_ITEM = re.compile(r"<(item)\b([^>]*)>(.*?)</item>", re.S)
_KINDS = {"title": BlockKind.HEADING, "paragraph": BlockKind.PARAGRAPH, "item": BlockKind.LIST_ITEM}


def _elements(raw: str) -> list[re.Match]:
    """Titles, paragraphs and the list items that stand outside them, in document order.

    GoPPC puts the items of a list that follows a title ("You have the following
    rights:") beside it, not inside a paragraph; they are policy text (unlabelled:
    the label sits on the title), so they are read as list items. Items inside a
    paragraph are already part of its text.
    """
    found = list(_ELEMENT.finditer(raw))
    covered = [(m.start(), m.end()) for m in found]
    starts = [a for a, _ in covered]
    for item in _ITEM.finditer(raw):
        i = bisect.bisect_right(starts, item.start()) - 1
        if i >= 0 and covered[i][0] <= item.start() < covered[i][1]:
            continue  # inside a title or paragraph
        if i + 1 < len(starts) and starts[i + 1] < item.end():
            continue  # an unclosed item running over a title or paragraph: not a list item
        found.append(item)
    return sorted(found, key=lambda m: m.start())


@dataclass(frozen=True, slots=True)
class GoppcPolicy:
    """One GoPPC policy: its text as a ``Document`` (titles are headings, paragraphs paragraphs)
    and the concepts it states (dotted ids, ancestors included)."""

    name: str
    document: Document
    gold: frozenset[str]


@dataclass(frozen=True, slots=True)
class ConceptScore:
    concept: str
    name: str
    positives: int
    ours: Score
    baseline: Score
    in_profile: bool


@dataclass(frozen=True, slots=True)
class GoppcReport:
    """Per-concept scores (ours and the keyword baseline) and macro averages."""

    folder: str
    policies: int
    concepts: tuple[ConceptScore, ...]
    macro_f1: float
    macro_f1_baseline: float
    macro_concepts: tuple[str, ...]
    baseline_macro_f1_min10: float
    seconds: float
    practices: bool
    errors: dict[str, list[str]] = field(default_factory=dict)

    @property
    def macro_f1_min10(self) -> float:
        """Our macro-F1 over the profile's concepts with at least 10 positive policies (few positives, noisy F1)."""
        kept = [c.ours.f1 for c in self.concepts if c.in_profile and c.positives >= 10]
        return sum(kept) / len(kept) if kept else 0.0

    def as_dict(self) -> dict:
        return {
            "folder": self.folder,
            "policies": self.policies,
            "practices": self.practices,
            "macro_f1": round(self.macro_f1, 4),
            "macro_f1_baseline": round(self.macro_f1_baseline, 4),
            "macro_f1_profile_concepts_with_10_positives": round(self.macro_f1_min10, 4),
            "macro_concepts": list(self.macro_concepts),
            "baseline_macro_f1_concepts_with_10_positives": round(self.baseline_macro_f1_min10, 4),
            "seconds": round(self.seconds, 1),
            "concepts": [
                {"concept": c.concept, "name": c.name, "positives": c.positives, "in_gdpr_profile": c.in_profile,
                 "ours": c.ours.as_dict(), "baseline": c.baseline.as_dict()}
                for c in self.concepts
            ],
            "errors": self.errors,
        }


def _ancestors_of(code: str) -> list[str]:
    parts = code.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts) + 1)]


def read_concepts(folder: Path) -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    """Concept names by dotted id (with ``CODE_FIXES``) and GoPPC keywords by dotted id.

    Raises:
        EvaluationError: ``concept_labels.csv`` is missing or malformed.
    """
    path = folder / "concept_labels.csv"
    try:
        rows = list(csv.DictReader(path.open(encoding="utf-8")))
    except OSError as exc:
        raise EvaluationError(f"{path}: cannot read the GoPPC concept list: {exc.strerror or exc}") from exc
    if not rows or not {"dotted_id", "concept_name", "keywords"} <= set(rows[0]):
        raise EvaluationError(f"{path}: expected columns node_ordinal, dotted_id, concept_name, keywords")
    names = {row["dotted_id"]: row["concept_name"] for row in rows}
    names.update(CODE_FIXES)
    keywords: dict[str, tuple[str, ...]] = {}
    for index, row in enumerate(rows, start=1):
        concept = KEYWORD_ROW_CONCEPT.get(index)
        words = tuple(w.strip().lower() for w in (row["keywords"] or "").split(";") if w.strip() and w.strip() != "None")
        if concept and words:
            keywords[concept] = words
    return names, keywords


def read_goppc(folder: str | Path, *, limit: int | None = None) -> list[GoppcPolicy]:
    """Read the GoPPC XML files of ``folder`` (or its ``GoPPC-150`` subfolder).

    Raises:
        EvaluationError: no XML files.
    """
    root = Path(folder)
    xml_dir = root / "GoPPC-150" if (root / "GoPPC-150").is_dir() else root
    files = sorted(xml_dir.glob("*.xml"), key=lambda p: (len(p.stem), p.stem))
    if not files:
        raise EvaluationError(f"{xml_dir}: no GoPPC XML files (expected GoPPC-150/*.xml)")
    policies = []
    for path in files[:limit]:
        raw = path.read_text(encoding="utf-8", errors="replace")
        parts: list[str] = []
        blocks: list[Block] = []
        gold: set[str] = set()
        cursor = 0
        depth_at = [(m.start(), -1 if m.group(1) else 1) for m in _SEGMENT_TAG.finditer(raw)]
        for match in _elements(raw):
            content = " ".join(html.unescape(_TAG.sub(" ", match.group(3))).split())
            category = _CATEGORY.search(match.group(2))
            if category:
                for half in category.group(1).split(";"):
                    for code in half.split(","):
                        code = code.strip().rstrip(".")
                        if re.fullmatch(r"\d+(?:\.\d+)*", code) and code != "19":
                            gold.update(_ancestors_of(code))
            if not content:
                continue
            kind = _KINDS[match.group(1)]
            level = max(1, sum(step for pos, step in depth_at if pos < match.start())) if kind is not BlockKind.PARAGRAPH else 0
            if parts:
                cursor += 2
            blocks.append(Block(kind, cursor, cursor + len(content), level))
            parts.append(content)
            cursor += len(content)
        text = "\n\n".join(parts)
        document = Document(text, tuple(blocks), str(path), "application/xml", hashlib.sha256(raw.encode("utf-8")).hexdigest())
        policies.append(GoppcPolicy(path.stem, document, frozenset(gold)))
    return policies


def predict(document: Document, *, practices: bool) -> set[str]:
    """The GoPPC concepts our extractors find in a document."""
    from policykg.ingest.segment import split_sentences
    from policykg.ingest.statements import extract_statements

    sentences = split_sentences(document)
    metadata = PolicyMetadata()
    statements = extract_statements(document, sentences, metadata)
    found_practices: Sequence[Practice] = ()
    if practices:
        from policykg.ingest.pipeline import _extractor

        found_practices = _extractor()(document, sentences, metadata)
    found = set()
    for concept, (statement_test, practice_test) in CONCEPT_MAP.items():
        if statement_test is not None and any(statement_test(s) for s in statements):
            found.add(concept)
        elif practice_test is not None and any(practice_test(p) for p in found_practices):
            found.add(concept)
    return found


def keyword_baseline(document: Document, keywords: dict[str, tuple[str, ...]]) -> set[str]:
    """Concepts one of whose GoPPC keywords occurs in the text (case-insensitive, word-bounded)."""
    low = document.text.lower()
    return {
        concept
        for concept, words in keywords.items()
        if any(re.search(r"(?<!\w)" + re.escape(word) + r"(?!\w)", low) for word in words)
    }


def evaluate_goppc(folder: str | Path, *, practices: bool = True, limit: int | None = None) -> GoppcReport:
    """Score document-level concept presence on a GoPPC folder.

    Args:
        folder: the corpus folder (with ``concept_labels.csv`` and ``GoPPC-150/``).
        practices: also run the practice extractor (needed for categories, purposes, recipients).
        limit: only the first N policies.

    Raises:
        EvaluationError: the folder is not a GoPPC corpus.
    """
    started = time.perf_counter()
    root = Path(folder)
    names, keywords = read_concepts(root)
    policies = read_goppc(root, limit=limit)
    concepts = [c for c in CONCEPT_MAP if practices or c not in _PRACTICE_CONCEPTS]
    predicted = {}
    baseline = {}
    for policy in policies:
        predicted[policy.name] = predict(policy.document, practices=practices)
        baseline[policy.name] = keyword_baseline(policy.document, keywords)
    scores = []
    errors: dict[str, list[str]] = {}
    for concept in concepts:
        gold = {p.name for p in policies if concept in p.gold}
        ours = {p.name for p in policies if concept in predicted[p.name]}
        base = {p.name for p in policies if concept in baseline[p.name]}
        scores.append(ConceptScore(concept, names.get(concept, concept), len(gold), score_sets(gold, ours), score_sets(gold, base), concept in GDPR_PROFILE_CONCEPTS))
        errors[concept] = sorted(ours - gold, key=lambda s: (len(s), s))[:10] + ["FN:" + s for s in sorted(gold - ours, key=lambda s: (len(s), s))[:10]]
    in_macro = [s for s in scores if s.in_profile]
    macro = sum(s.ours.f1 for s in in_macro) / len(in_macro) if in_macro else 0.0
    macro_base = sum(s.baseline.f1 for s in in_macro) / len(in_macro) if in_macro else 0.0
    # the anchor: the baseline over every concept with at least 10 positive policies
    all_codes = sorted({c for p in policies for c in p.gold} & set(keywords))
    base10 = []
    for concept in all_codes:
        gold = {p.name for p in policies if concept in p.gold}
        if len(gold) >= 10:
            base10.append(score_sets(gold, {p.name for p in policies if concept in baseline[p.name]}).f1)
    return GoppcReport(
        folder=str(root),
        policies=len(policies),
        concepts=tuple(scores),
        macro_f1=macro,
        macro_f1_baseline=macro_base,
        macro_concepts=tuple(s.concept for s in in_macro),
        baseline_macro_f1_min10=sum(base10) / len(base10) if base10 else 0.0,
        seconds=time.perf_counter() - started,
        practices=practices,
        errors=errors,
    )
