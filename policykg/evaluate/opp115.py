"""Evaluation against the OPP-115 corpus (Wilson et al., ACL 2016).

Reads the corpus as it is distributed: ``sanitized_policies/<id>_<site>.html``
(policy text with light markup, segments separated by ``|||``) and
``consolidation/threshold-0.75-overlap-similarity/<id>_<site>.csv`` (one data
practice a row; the attribute-value pairs as JSON with ``selectedText``,
``startIndexInSegment``, ``endIndexInSegment`` and ``value``; see
``documentation/manual.txt``). The offsets index the segment's HTML; we strip
the markup to text and carry them over (:func:`segment_text`).

Each policy is turned into a ``Document`` (segments joined by a blank line, one
paragraph block per segment), run through the real pipeline, and scored:

a. segment level: micro P/R/F1 of ``(segment, value)`` for personal-information
   types and purposes of First Party Collection/Use and of Third Party
   Sharing/Collection, and third-party entities;
b. the same at policy level (a value counts once per policy);
c. the ten segment categories, micro and macro;
d. recall of our negated practices on the practices annotated "Does Not".

Scoring rules (fixed by the project's issue 3): gold pairs come from practices
whose "Does/Does Not" is "Does"; values are compared case-insensitively;
"Unspecified", "Other" and "Generic personal information" are left out; a
predicted pair comes from each affirmed practice whose evidence lies in the
segment, mapped to OPP-115 values with :func:`policykg.ontology.opp115_value`.

The keyword baseline of the issue (a value counts when one of its concept's
labels and a collect / share verb occur in the segment) is scored in the same
run (:func:`keyword_baseline`).
"""

from __future__ import annotations

import csv
import functools
import hashlib
import html
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from policykg.errors import EvaluationError, PolicyKGError
from policykg.ingest.records import (
    FIRST_PARTY,
    Block,
    BlockKind,
    Document,
    PolicyMetadata,
    PolicyRecord,
    Polarity,
    Practice,
    Span,
)

from .scoring import Confusion, Score, macro_average, micro_average

if TYPE_CHECKING:
    from policykg.ingest.learned import CategoryModel

__all__ = [
    "CATEGORY_NAMES",
    "COLLECTION",
    "GoldAttribute",
    "GoldPractice",
    "OPP115Policy",
    "OPP115Report",
    "SHARING",
    "SegmentText",
    "TASKS",
    "evaluate_opp115",
    "gold_pairs",
    "keyword_baseline",
    "practice_categories",
    "predicted_pairs",
    "read_opp115",
    "segment_text",
]

COLLECTION = "First Party Collection/Use"
SHARING = "Third Party Sharing/Collection"

#: The ten OPP-115 categories, in the order of the annotation scheme.
CATEGORY_NAMES: tuple[str, ...] = (
    COLLECTION,
    SHARING,
    "User Choice/Control",
    "User Access, Edit and Deletion",
    "Data Retention",
    "Data Security",
    "Policy Change",
    "Do Not Track",
    "International and Specific Audiences",
    "Other",
)

#: Values left out of every score (compared lower-cased).
EXCLUDED_VALUES = frozenset({"unspecified", "other", "generic personal information", "not-selected"})

#: The scored tasks: name -> (OPP-115 category, OPP-115 attribute, ontology attribute).
TASKS: dict[str, tuple[str, str, str]] = {
    "collection types": (COLLECTION, "Personal Information Type", "personal-information-type"),
    "collection purposes": (COLLECTION, "Purpose", "purpose"),
    "sharing types": (SHARING, "Personal Information Type", "personal-information-type"),
    "sharing purposes": (SHARING, "Purpose", "purpose"),
    "sharing entities": (SHARING, "Third Party Entity", "third-party-entity"),
}

#: OPP-115 value of a named organisation as third-party entity.
NAMED_THIRD_PARTY = "named third party"

CONSOLIDATION = Path("consolidation") / "threshold-0.75-overlap-similarity"
SANITIZED = Path("sanitized_policies")

_DPV = "https://w3id.org/dpv#"
_PK = "https://w3id.org/policykg#"
COLLECT_ACTIONS = (_DPV + "Collect", _DPV + "Use", _DPV + "Store")
SHARE_ACTIONS = (_DPV + "Disclose", _PK + "Sell")


# ---------------------------------------------------------------- reading the corpus


@dataclass(frozen=True, slots=True)
class SegmentText:
    """One OPP-115 segment: its HTML as distributed and its text.

    ``offsets[i]`` is the index in ``text`` where the HTML character ``i``
    lands (or would land, for markup that produces no text); it has
    ``len(html) + 1`` entries, so a gold span ``[s, e)`` of the HTML is
    ``[offsets[s], offsets[e])`` of the text.
    """

    html: str
    text: str
    offsets: tuple[int, ...]

    def span(self, start: int, end: int) -> Span | None:
        """The text span of the HTML span ``[start, end)``, trimmed; None when out of range."""
        if start < 0 or end <= start or end > len(self.html):
            return None
        s, e = self.offsets[start], self.offsets[end]
        while s < e and self.text[s].isspace():
            s += 1
        while e > s and self.text[e - 1].isspace():
            e -= 1
        return Span(s, e) if e > s else None


@dataclass(frozen=True, slots=True)
class GoldAttribute:
    """One attribute of a gold practice: its value and the text it was read from.

    ``span`` is the selected text's span in the segment text (None when the
    annotators selected no text or the offsets are invalid).
    """

    name: str
    value: str
    selected_text: str | None = None
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class GoldPractice:
    """One practice of a consolidation CSV: a category and attribute values in one segment."""

    annotation_id: str
    segment: int
    category: str
    attributes: tuple[GoldAttribute, ...]

    def value(self, name: str) -> str | None:
        """The value of attribute ``name``, None when the practice lacks it."""
        for attribute in self.attributes:
            if attribute.name == name:
                return attribute.value
        return None

    @property
    def negated(self) -> bool:
        """True when the annotators marked the practice "Does Not"."""
        return (self.value("Does/Does Not") or "").strip().lower() == "does not"


@dataclass(frozen=True, slots=True)
class OPP115Policy:
    """One policy of the corpus: segments and gold practices.

    Invariant: every practice's ``segment`` indexes ``segments``.
    """

    policy_id: str
    name: str
    source: str
    sha256: str
    segments: tuple[SegmentText, ...]
    practices: tuple[GoldPractice, ...]

    def document(self) -> tuple[Document, tuple[Span, ...]]:
        """The policy as a ``Document`` and the span of each segment in its text.

        Segments are joined by ``"\\n\\n"``, so segment offsets are exact. The
        sanitised release lost the markup, so each line of a segment becomes a
        block, and a short line without sentence punctuation that opens a segment
        ("What Information Do We Collect-", "Information You Give Us :") becomes a
        heading, as the reader would make of the original page. The release names
        each policy's file by its website ("105_amazon.com"), which becomes the
        document's URL, as a crawled policy's would: the publisher is then found
        as it would be in a real ingest.
        """
        parts: list[str] = []
        spans: list[Span] = []
        blocks: list[Block] = []
        cursor = 0
        for index, segment in enumerate(self.segments):
            if index:
                parts.append("\n\n")
                cursor += 2
            spans.append(Span(cursor, cursor + len(segment.text)))
            blocks.extend(_segment_blocks(segment.text, cursor))
            parts.append(segment.text)
            cursor += len(segment.text)
        document = Document(
            text="".join(parts),
            blocks=tuple(blocks),
            source=self.source,
            media_type="text/html",
            sha256=self.sha256,
            url=self.name.partition("_")[2] or None,
        )
        return document, tuple(spans)


_HEADING_LINE = re.compile(r"^(?P<title>[^.!?]{2,120}?)\s*(?:[-:]\s*)?$")
_INLINE_HEADING = re.compile(r"^(?P<title>[A-Z][^.!?:]{1,80}?)\s+:\s+\S")


def _segment_title(line: str) -> bool:
    """A short first line that reads as a title: capitalised, no sentence punctuation, not a clause of a list.

    >>> _segment_title("What Information Do We Collect-"), _segment_title("send you service-related communications;")
    (True, False)
    """
    return (
        len(line.split()) <= 14 and _HEADING_LINE.match(line) is not None
        and (line[0].isupper() or line[0].isdigit()) and not line.endswith((",", ";"))
    )


def _segment_blocks(text: str, offset: int) -> list[Block]:
    """Blocks of one sanitised segment: a leading title line or "Title : text" prefix is a heading."""
    blocks: list[Block] = []
    position = 0
    for number, line in enumerate(text.split("\n")):
        start, end = position, position + len(line)
        position = end + 1
        stripped = line.strip()
        if not stripped:
            continue
        lead = len(line) - len(line.lstrip())
        start, end = start + lead, start + lead + len(stripped)
        if number == 0 and _segment_title(stripped):
            blocks.append(Block(BlockKind.HEADING, offset + start, offset + end, 2))
            continue
        inline = _INLINE_HEADING.match(stripped) if number == 0 else None
        if inline and len(inline.group("title").split()) <= 8:
            title_end = start + len(inline.group("title"))
            blocks.append(Block(BlockKind.HEADING, offset + start, offset + title_end, 3))
            body = start + stripped.index(":", len(inline.group("title"))) + 1
            while body < end and text[body].isspace():
                body += 1
            if body < end:
                blocks.append(Block(BlockKind.PARAGRAPH, offset + body, offset + end))
            continue
        kind = BlockKind.LIST_ITEM if re.match(r"^(?:[-•*]|\(?[a-z0-9]{1,3}[.)])\s", stripped) else BlockKind.PARAGRAPH
        blocks.append(Block(kind, offset + start, offset + end, 1 if kind is BlockKind.LIST_ITEM else 0))
    return blocks


# Markup of the sanitised policies: these tags break a line, the others are inline.
_BREAK_TAGS = frozenset({"br", "p", "li", "ul", "ol", "blockquote", "div", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "body", "html"})
_TOKEN = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)[^<>]*>|&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z]+);|\s+|.", re.DOTALL)


def segment_text(markup: str) -> SegmentText:
    """Strip the light markup of a sanitised OPP-115 segment to text, keeping an offset map.

    Block tags (``<br>``, ``<li>``, ``<ul>``, ...) become line breaks, inline
    tags (``<strong>``) vanish, entities are decoded, and each run of
    whitespace becomes one space, or one ``\\n`` when it holds a line break.
    Leading and trailing whitespace is dropped.

    >>> seg = segment_text("<strong> Data </strong> <br> <br> We collect:<ul> <li> email </li></ul>")
    >>> seg.text
    'Data\\nWe collect:\\nemail'
    >>> markup = "<strong> Data </strong> <br> <br> We collect:<ul> <li> email </li></ul>"
    >>> s = seg.span(markup.index("email"), markup.index("email") + 5); seg.text[s.start:s.end]
    'email'
    """
    out: list[str] = []
    length = 0
    offsets: list[int] = [0] * (len(markup) + 1)
    pending: str | None = None  # separator owed before the next text character
    for match in _TOKEN.finditer(markup):
        token = match.group(0)
        name = match.group(2)
        if name is not None or token.isspace():
            # Markup and whitespace map to where the separator (if any) will go.
            for position in range(match.start(), match.end()):
                offsets[position] = length
            if name is not None and name.lower() not in _BREAK_TAGS:
                continue
            breaks = name is not None or "\n" in token
            if out:
                pending = "\n" if (breaks or pending == "\n") else " "
            continue
        if token.startswith("&") and len(token) > 1:
            token = html.unescape(token)
        if pending is not None:
            out.append(pending)
            length += 1
            pending = None
        for position in range(match.start(), match.end()):
            offsets[position] = length
        out.append(token)
        length += len(token)
    offsets[len(markup)] = length
    return SegmentText(html=markup, text="".join(out), offsets=tuple(offsets))


def _normalise_space(text: str) -> str:
    return " ".join(text.split())


def _parse_attributes(raw: str, segment: SegmentText, where: str) -> tuple[GoldAttribute, ...]:
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise EvaluationError(f"{where}: attribute column is not JSON ({exc.msg} at char {exc.pos})") from exc
    if not isinstance(data, dict):
        raise EvaluationError(f"{where}: attribute column is not a JSON object")
    attributes = []
    for name, entry in data.items():
        if not isinstance(entry, dict) or "value" not in entry:
            raise EvaluationError(f"{where}: attribute {name!r} has no 'value'")
        selected = entry.get("selectedText")
        span = None
        if isinstance(selected, str) and selected.strip().lower() not in ("", "null", "not selected"):
            start, end = entry.get("startIndexInSegment", -1), entry.get("endIndexInSegment", -1)
            if isinstance(start, int) and isinstance(end, int):
                span = segment.span(start, end)
        else:
            selected = None
        attributes.append(GoldAttribute(name=str(name), value=str(entry["value"]), selected_text=selected, span=span))
    return tuple(attributes)


def _policy_files(folder: Path) -> list[tuple[str, Path, Path]]:
    sanitized, consolidation = folder / SANITIZED, folder / CONSOLIDATION
    for needed in (sanitized, consolidation):
        if not needed.is_dir():
            raise EvaluationError(
                f"{folder}: not an OPP-115 release (missing {needed.relative_to(folder)}/); "
                "point at the folder that holds sanitized_policies/ and consolidation/"
            )
    by_id = {path.name.split("_", 1)[0]: path for path in sanitized.glob("*.html")}
    pairs = []
    for csv_path in consolidation.glob("*.csv"):
        policy_id = csv_path.name.split("_", 1)[0]
        if policy_id not in by_id:
            raise EvaluationError(f"{csv_path}: no sanitised policy {policy_id}_*.html in {sanitized}")
        pairs.append((policy_id, by_id[policy_id], csv_path))
    if not pairs:
        raise EvaluationError(f"{consolidation}: no consolidation CSV files")
    return sorted(pairs, key=lambda item: int(item[0]) if item[0].isdigit() else item[0])


def read_policy(policy_id: str, html_path: Path, csv_path: Path) -> OPP115Policy:
    """Read one policy: its sanitised HTML and its consolidation CSV.

    Raises:
        EvaluationError: if a file is unreadable, a row is malformed or names a
            segment the policy does not have.
    """
    try:
        raw = html_path.read_bytes()
        markup = raw.decode("utf-8")
        rows = list(csv.reader(csv_path.open(encoding="utf-8", newline="")))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise EvaluationError(f"{html_path if 'markup' not in locals() else csv_path}: cannot read ({exc})") from exc
    segments = tuple(segment_text(part) for part in markup.split("|||"))
    practices = []
    for line, row in enumerate(rows, start=1):
        where = f"{csv_path}:{line}"
        if len(row) < 7:
            raise EvaluationError(f"{where}: expected at least 7 columns, found {len(row)}")
        try:
            index = int(row[4])
        except ValueError as exc:
            raise EvaluationError(f"{where}: segment id {row[4]!r} is not an integer") from exc
        if not 0 <= index < len(segments):
            raise EvaluationError(f"{where}: segment {index} out of range (policy has {len(segments)})")
        practices.append(
            GoldPractice(
                annotation_id=row[0],
                segment=index,
                category=row[5],
                attributes=_parse_attributes(row[6], segments[index], where),
            )
        )
    return OPP115Policy(
        policy_id=policy_id,
        name=html_path.stem,
        source=str(html_path),
        sha256=hashlib.sha256(raw).hexdigest(),
        segments=segments,
        practices=tuple(practices),
    )


def read_opp115(folder: str | Path, *, limit: int | None = None) -> tuple[OPP115Policy, ...]:
    """Read the policies of an OPP-115 release folder, sorted by policy id.

    Args:
        folder: the folder holding ``sanitized_policies/`` and ``consolidation/``.
        limit: read only the first ``limit`` policies.

    Raises:
        EvaluationError: if the folder is not an OPP-115 release or a file is malformed.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise EvaluationError(f"{folder}: no such folder (expected an OPP-115 release)")
    files = _policy_files(folder)
    if limit is not None:
        files = files[: max(limit, 0)]
    return tuple(read_policy(*item) for item in files)


def span_match_rate(policies: Iterable[OPP115Policy]) -> tuple[int, int]:
    """How many gold selected texts the stripped segment text reproduces at the mapped offsets.

    Returns ``(matched, checked)``: whitespace is normalised on both sides.
    """
    matched = checked = 0
    for policy in policies:
        for practice in policy.practices:
            segment = policy.segments[practice.segment]
            for attribute in practice.attributes:
                if attribute.selected_text is None:
                    continue
                checked += 1
                if attribute.span is not None and _normalise_space(attribute.span.quote(segment.text)) == _normalise_space(
                    segment_text(attribute.selected_text).text
                ):
                    matched += 1
    return matched, checked


# ---------------------------------------------------------------- gold and predicted pairs

Pair = tuple[int, str]


def _keep(value: str | None) -> str | None:
    if value is None:
        return None
    low = value.strip().lower()
    return None if not low or low in EXCLUDED_VALUES else low


def gold_pairs(policy: OPP115Policy) -> dict[str, set[Pair]]:
    """Gold ``(segment, value)`` pairs of each task (keys of ``TASKS``), values lower-cased.

    Only practices marked "Does" count; excluded values are left out.

    >>> seg = segment_text("We collect your email.")
    >>> practice = GoldPractice("1", 0, COLLECTION, (GoldAttribute("Does/Does Not", "Does"),
    ...     GoldAttribute("Personal Information Type", "Contact"), GoldAttribute("Purpose", "Unspecified")))
    >>> policy = OPP115Policy("1", "x", "x.html", "0", (seg,), (practice,))
    >>> gold_pairs(policy)["collection types"], gold_pairs(policy)["collection purposes"]
    ({(0, 'contact')}, set())
    """
    result: dict[str, set[Pair]] = {task: set() for task in TASKS}
    for practice in policy.practices:
        if practice.negated:
            continue
        for task, (category, attribute, _) in TASKS.items():
            if practice.category != category:
                continue
            value = _keep(practice.value(attribute))
            if value is not None:
                result[task].add((practice.segment, value))
    return result


def gold_categories(policy: OPP115Policy) -> set[Pair]:
    """``(segment, category name)`` for every category annotated in a segment."""
    return {(practice.segment, practice.category) for practice in policy.practices if practice.category in CATEGORY_NAMES}


def gold_negations(policy: OPP115Policy) -> set[Pair]:
    """``(segment, category)`` of the collection / sharing practices marked "Does Not"."""
    return {
        (practice.segment, practice.category)
        for practice in policy.practices
        if practice.negated and practice.category in (COLLECTION, SHARING)
    }


def _is_a(iri: str, ancestor: str) -> bool:
    from policykg.ontology import is_a

    return is_a(iri, ancestor)


def practice_categories(practice: Practice) -> set[str]:
    """The OPP-115 categories a predicted practice counts for.

    Collection / use actions (``dpv:Collect``, ``dpv:Use``, ``dpv:Store`` and
    narrower) by the first party count for First Party Collection/Use; sharing
    actions (``dpv:Disclose`` and narrower, ``pk:Sell``), or collection / use by
    a third party, count for Third Party Sharing/Collection.

    >>> p = Practice(actions=("https://w3id.org/dpv#Collect", "https://w3id.org/dpv#Share"),
    ...              data_types=("https://w3id.org/dpv/pd#EmailAddress",), evidence=Span(0, 5))
    >>> sorted(practice_categories(p))
    ['First Party Collection/Use', 'Third Party Sharing/Collection']
    """
    first_party = practice.actor == FIRST_PARTY
    categories: set[str] = set()
    for action in practice.actions:
        if any(_is_a(action, share) for share in SHARE_ACTIONS):
            categories.add(SHARING)
        elif any(_is_a(action, collect) for collect in COLLECT_ACTIONS):
            categories.add(COLLECTION if first_party else SHARING)
    return categories


def segment_of(span: Span, segment_spans: Sequence[Span]) -> int | None:
    """Index of the segment a span lies in (the one it overlaps most), None if none.

    >>> segment_of(Span(12, 20), [Span(0, 10), Span(12, 30)])
    1
    """
    best, best_overlap = None, 0
    for index, segment in enumerate(segment_spans):
        if segment.start > span.end:
            break
        overlap = min(span.end, segment.end) - max(span.start, segment.start)
        if overlap > best_overlap:
            best, best_overlap = index, overlap
        elif best is None and span.start == span.end and segment.start <= span.start <= segment.end:
            best = index
    return best


def _mapped(iris: Iterable[str], attribute: str) -> set[str]:
    from policykg.ontology import opp115_value

    values = set()
    for iri in iris:
        value = _keep(opp115_value(iri, attribute))
        if value is not None:
            values.add(value)
    return values


def _entities(practice: Practice) -> set[str]:
    values = _mapped(practice.recipients, "third-party-entity")
    if practice.recipient_names:
        values.add(NAMED_THIRD_PARTY)
    if practice.actor != FIRST_PARTY:
        if practice.actor is not None:
            values |= _mapped([practice.actor], "third-party-entity")
        elif practice.actor_name:
            values.add(NAMED_THIRD_PARTY)
    return values


def predicted_pairs(
    practices: Iterable[Practice], segment_spans: Sequence[Span], *, polarity: Polarity = Polarity.AFFIRMED
) -> dict[str, set[Pair]]:
    """Predicted ``(segment, value)`` pairs of each task from practices of one polarity.

    A practice contributes to the segment its evidence lies in, for each
    category it counts for (:func:`practice_categories`); concepts are mapped
    to OPP-115 values through the ontology (inherited via ``skos:broader``).
    """
    result: dict[str, set[Pair]] = {task: set() for task in TASKS}
    for practice in practices:
        if practice.polarity is not polarity:
            continue
        segment = segment_of(practice.evidence, segment_spans)
        if segment is None:
            continue
        categories = practice_categories(practice)
        for task, (category, _, attribute) in TASKS.items():
            if category not in categories:
                continue
            if attribute == "personal-information-type":
                values = _mapped(practice.data_types, attribute)
            elif attribute == "purpose":
                values = _mapped(practice.purposes, attribute)
            else:
                values = _entities(practice)
            result[task].update((segment, value) for value in values)
    return result


def predicted_categories(record: PolicyRecord, segment_spans: Sequence[Span]) -> set[Pair]:
    """``(segment, category name)`` from the record's segments, each mapped to the OPP-115 segment it overlaps most."""
    pairs: set[Pair] = set()
    for segment in record.segments:
        index = segment_of(segment.span, segment_spans)
        if index is None:
            continue
        for iri in segment.categories:
            pairs.add((index, _category_name(iri)))
    return pairs


@cache
def _category_name(iri: str) -> str:
    from policykg.ontology import concept

    try:
        return concept(iri).pref_label
    except KeyError:
        return iri.rsplit("#", 1)[-1]


def predicted_negations(practices: Iterable[Practice], segment_spans: Sequence[Span]) -> set[Pair]:
    """``(segment, category)`` of our negated practices."""
    pairs: set[Pair] = set()
    for practice in practices:
        if practice.polarity is not Polarity.NEGATED:
            continue
        segment = segment_of(practice.evidence, segment_spans)
        if segment is not None:
            pairs.update((segment, category) for category in practice_categories(practice))
    return pairs


# ---------------------------------------------------------------- keyword baseline

_IRREGULAR = {
    "give": ("gave", "given"),
    "send": ("sent",),
    "sell": ("sold",),
    "get": ("got", "gotten"),
    "hold": ("held",),
    "keep": ("kept",),
    "make": ("made",),
    "lease": (),
}


def verb_forms(word: str) -> set[str]:
    """Inflected forms of an English verb (regular rules plus a few irregular verbs).

    >>> sorted(verb_forms("use"))
    ['use', 'used', 'uses', 'using']
    >>> sorted(verb_forms("log"))
    ['log', 'logged', 'logging', 'logs']
    """
    forms = {word, *_IRREGULAR.get(word, ())}
    if word.endswith("e"):
        forms |= {word + "s", word + "d", word[:-1] + "ing"}
    elif word.endswith("y") and len(word) > 2 and word[-2] not in "aeiou":
        forms |= {word[:-1] + "ies", word[:-1] + "ied", word + "ing"}
    else:
        forms.add(word + ("es" if word.endswith(("s", "sh", "ch", "x", "z")) else "s"))
        # Short consonant-vowel-consonant verbs double the consonant: log -> logged.
        stem = word + word[-1] if len(word) <= 4 and re.fullmatch(r"[a-z]*[^aeiou][aeiou][bdglmnprt]", word) else word
        forms |= {stem + "ed", stem + "ing"}
    return forms


@cache
def _verb_regex(kind: str) -> re.Pattern[str]:
    """One regex of the action labels of ``kind`` ("collect" or "share"), inflected."""
    from policykg.ontology import concepts

    roots = COLLECT_ACTIONS[:2] if kind == "collect" else SHARE_ACTIONS
    alternatives: set[str] = set()
    for action in concepts("actions"):
        if not any(_is_a(action.iri, root) for root in roots):
            continue
        for label in action.labels:
            head, _, rest = label.partition(" ")
            for form in verb_forms(head):
                alternatives.add(re.escape(form) + (r"\s+" + r"\s+".join(map(re.escape, rest.split())) if rest else ""))
    if not alternatives:
        return re.compile(r"(?!x)x")
    ordered = sorted(alternatives, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(ordered) + r")\b", re.IGNORECASE)


def _baseline_values(text: str, scheme: str, attribute: str) -> set[str]:
    from policykg.ingest.lexicon import lexicon

    return _mapped({mention.concept for mention in lexicon(scheme).find(text)}, attribute)


def keyword_baseline(policy: OPP115Policy) -> dict[str, set[Pair]]:
    """The issue's keyword baseline: per segment, a value counts when one of its
    concepts' labels and a collect (for First Party Collection/Use) or share
    (for Third Party Sharing/Collection) verb occur in the segment.

    Labels are the ontology's SKOS labels; verbs are the labels of the
    collect / use and the disclose actions, inflected.
    """
    result: dict[str, set[Pair]] = {task: set() for task in TASKS}
    for index, segment in enumerate(policy.segments):
        text = segment.text
        verbs = {
            COLLECTION: bool(_verb_regex("collect").search(text)),
            SHARING: bool(_verb_regex("share").search(text)),
        }
        if not any(verbs.values()):
            continue
        found = {
            "personal-information-type": _baseline_values(text, "datatypes", "personal-information-type"),
            "purpose": _baseline_values(text, "purposes", "purpose"),
            "third-party-entity": _baseline_values(text, "recipients", "third-party-entity"),
        }
        for task, (category, _, attribute) in TASKS.items():
            if verbs[category]:
                result[task].update((index, value) for value in found[attribute])
    return result


# ---------------------------------------------------------------- the evaluation


def _at_policy_level(pairs: Iterable[Pair]) -> set[str]:
    return {value for _, value in pairs}


@dataclass(slots=True)
class OPP115Report:
    """Everything ``policykg eval opp115`` prints, as counts.

    Confusions are keyed by task (keys of ``TASKS``) and hold per-value
    TP/FP/FN; ``categories`` is keyed by category name; ``negations`` compares
    our negated practices with the "Does Not" gold, per category.
    ``categories_model`` describes the learned categoriser used (None: the
    rule-based one); ``training_overlap`` names the evaluated policies that
    model was trained on (their category scores are training-set scores).
    """

    folder: str
    policies: int = 0
    segments: int = 0
    practices: int = 0
    negated_practices: int = 0
    spans_matched: int = 0
    spans_checked: int = 0
    seconds: float = 0.0
    segment_level: dict[str, Confusion] = field(default_factory=lambda: {t: Confusion() for t in TASKS})
    policy_level: dict[str, Confusion] = field(default_factory=lambda: {t: Confusion() for t in TASKS})
    baseline_segment_level: dict[str, Confusion] = field(default_factory=lambda: {t: Confusion() for t in TASKS})
    baseline_policy_level: dict[str, Confusion] = field(default_factory=lambda: {t: Confusion() for t in TASKS})
    categories: Confusion = field(default_factory=Confusion)
    negations: Confusion = field(default_factory=Confusion)
    refused: list[str] = field(default_factory=list)
    categories_model: str | None = None
    training_overlap: list[str] = field(default_factory=list)

    def category_scores(self) -> list[tuple[str, Score]]:
        """``(category, score)`` for the ten categories, in scheme order."""
        return [(name, self.categories.per_value.get(name, Score())) for name in CATEGORY_NAMES]

    @property
    def category_micro(self) -> Score:
        return micro_average(score for _, score in self.category_scores())

    @property
    def category_macro(self) -> tuple[float, float, float]:
        return macro_average(score for _, score in self.category_scores())

    def as_dict(self) -> dict:
        """A JSON-ready dictionary of every figure and the per-value confusion."""

        def level(confusions: dict[str, Confusion]) -> dict:
            return {task: {"micro": c.total.as_dict(), "per_value": c.as_dict()} for task, c in confusions.items()}

        macro = self.category_macro
        return {
            "corpus": "OPP-115 (consolidation threshold 0.75)",
            "folder": self.folder,
            "policies": self.policies,
            "segments": self.segments,
            "predicted_practices": self.practices,
            "predicted_negated_practices": self.negated_practices,
            "refused_by_pipeline": list(self.refused),
            "categories_model": self.categories_model,
            "categories_model_training_overlap": list(self.training_overlap),
            "gold_span_match": {"matched": self.spans_matched, "checked": self.spans_checked},
            "seconds": round(self.seconds, 2),
            "segment_level": level(self.segment_level),
            "policy_level": level(self.policy_level),
            "categories": {
                "per_category": {name: score.as_dict() for name, score in self.category_scores()},
                "micro": self.category_micro.as_dict(),
                "macro": {"precision": round(macro[0], 4), "recall": round(macro[1], 4), "f1": round(macro[2], 4)},
            },
            "does_not": {"total": self.negations.total.as_dict(), "per_category": self.negations.as_dict()},
            "keyword_baseline": {
                "segment_level": level(self.baseline_segment_level),
                "policy_level": level(self.baseline_policy_level),
            },
        }


#: The pipeline, called as ``process(document, segment_spans=spans)`` with the corpus's segments.
ProcessFn = Callable[..., PolicyRecord]


def load_process() -> ProcessFn:
    """The pipeline's ``process(document) -> PolicyRecord``.

    Raises:
        EvaluationError: if the pipeline module cannot be imported.
    """
    try:
        from policykg.ingest.pipeline import process
    except ImportError as exc:
        raise EvaluationError(f"the extraction pipeline is not available (policykg.ingest.pipeline: {exc})") from exc
    return process


def evaluate_policy(report: OPP115Report, policy: OPP115Policy, record: PolicyRecord, segment_spans: Sequence[Span]) -> None:
    """Add one policy's gold and predictions (ours and the baseline's) to ``report``."""
    gold = gold_pairs(policy)
    ours = predicted_pairs(record.practices, segment_spans)
    baseline = keyword_baseline(policy)
    key = policy.policy_id
    for task in TASKS:
        report.segment_level[task].add({(key, *p) for p in gold[task]}, {(key, *p) for p in ours[task]})
        report.baseline_segment_level[task].add({(key, *p) for p in gold[task]}, {(key, *p) for p in baseline[task]})
        gold_values = {(key, v) for v in _at_policy_level(gold[task])}
        report.policy_level[task].add(gold_values, {(key, v) for v in _at_policy_level(ours[task])})
        report.baseline_policy_level[task].add(gold_values, {(key, v) for v in _at_policy_level(baseline[task])})
    report.categories.add(
        {(key, *p) for p in gold_categories(policy)}, {(key, *p) for p in predicted_categories(record, segment_spans)}
    )
    report.negations.add(
        {(key, *p) for p in gold_negations(policy)}, {(key, *p) for p in predicted_negations(record.practices, segment_spans)}
    )
    report.policies += 1
    report.segments += len(policy.segments)
    report.practices += len(record.practices)
    report.negated_practices += sum(1 for p in record.practices if p.polarity is Polarity.NEGATED)


def evaluate_opp115(
    folder: str | Path,
    *,
    limit: int | None = None,
    process: ProcessFn | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    categories_model: CategoryModel | None = None,
) -> OPP115Report:
    """Run the pipeline on each policy of an OPP-115 release and score it.

    Args:
        folder: the release folder (``sanitized_policies/``, ``consolidation/``).
        limit: evaluate only the first ``limit`` policies (sorted by id).
        process: the pipeline function (default: ``policykg.ingest.pipeline.process``),
            given the release's segments as ``segment_spans``: the task classifies
            the corpus's own segments.
        progress: called as ``progress(done, total, policy_name)`` after each policy.
        categories_model: an opt-in learned segment categoriser
            (``policykg.ingest.learned.CategoryModel``) the default pipeline
            uses instead of the rules; the evaluated policies it was trained on
            (same text SHA-256) are listed in ``report.training_overlap``.

    Returns:
        An :class:`OPP115Report` of counts per task, level, value and category.

    A policy the pipeline refuses (a ``PolicyKGError``) is scored with no
    predictions and listed in ``report.refused``.

    Raises:
        EvaluationError: if the folder is not an OPP-115 release or the pipeline is missing.
    """
    import time

    started = time.perf_counter()
    policies = read_opp115(folder, limit=limit)
    run = process or load_process()
    report = OPP115Report(folder=str(folder))
    if categories_model is not None:
        from policykg.ingest.learned import text_sha256

        training = categories_model.training
        report.categories_model = (
            f"learned model {categories_model.digest} (trained on {training.policies} policies of {training.corpus or 'a corpus'})"
        )
        if process is None:
            run = functools.partial(run, categories_model=categories_model)
    report.spans_matched, report.spans_checked = span_match_rate(policies)
    for done, policy in enumerate(policies, start=1):
        document, spans = policy.document()
        if categories_model is not None and categories_model.overlap([text_sha256(document.text)]):
            report.training_overlap.append(policy.name)
        try:
            record = run(document, segment_spans=spans)
        except PolicyKGError as exc:
            # Scored with no predictions: a refusal costs recall, as it would for a user.
            report.refused.append(f"{policy.name}: {exc}")
            record = PolicyRecord(document=document, metadata=PolicyMetadata())
        evaluate_policy(report, policy, record, spans)
        if progress is not None:
            progress(done, len(policies), policy.name)
    report.seconds = time.perf_counter() - started
    return report
