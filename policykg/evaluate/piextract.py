"""Evaluation against PI-Extract (Bui et al., PETS 2021).

PI-Extract marks, token by token, the personal-data mentions of policy
sentences that are collected / used by the first party (COLLECT), not
collected (NOT_COLLECT), collected by a third party (SHARE) or not
(NOT_SHARE). The corpus has one folder per label (``CollectUse_true``,
``CollectUse_false``, ``Share_true``, ``Share_false``), each with the same
sentences in CoNLL-03 files (``word POS chunk BIO-tag``, sentences separated by
blank lines).

Each sentence is rebuilt as text with known token offsets, run through the
pipeline's extraction stages as a one-sentence ``Document``, and every data-type
mention span of a practice (``Practice.data_type_spans``) becomes a predicted
token span with the label of the practice's category and polarity. Spans are
scored exactly (same first and last token) and by overlap (a predicted span is
right when it shares a token with a gold span of the same label; a gold span
is found when a predicted span of its label shares a token with it).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from policykg.errors import EvaluationError, PolicyKGError
from policykg.ingest.records import Block, BlockKind, Document, Polarity, Practice, Span

from .opp115 import COLLECTION, SHARING, practice_categories
from .scoring import Score, micro_average

__all__ = [
    "LABELS",
    "PIExtractReport",
    "PISentence",
    "evaluate_piextract",
    "overlap_score",
    "practice_spans",
    "read_conll",
    "read_piextract",
    "token_spans",
]

#: Label of each corpus folder.
FOLDERS: dict[str, str] = {
    "CollectUse_true": "COLLECT",
    "CollectUse_false": "NOT_COLLECT",
    "Share_true": "SHARE",
    "Share_false": "NOT_SHARE",
}
LABELS: tuple[str, ...] = ("COLLECT", "NOT_COLLECT", "SHARE", "NOT_SHARE")

#: A labelled token span: (sentence index, label, first token, last token + 1).
LabelledSpan = tuple[int, str, int, int]

_NO_SPACE_BEFORE = {".", ",", ";", ":", ")", "]", "}", "?", "!", "%", "'s", "n't", "'re", "'ve", "'ll", "'d", "'m"}
_NO_SPACE_AFTER = {"(", "[", "{", "$"}


@dataclass(frozen=True, slots=True)
class PISentence:
    """One sentence: its tokens, the text rebuilt from them, and gold spans per label.

    Invariant: ``offsets[i]`` is the ``(start, end)`` of token ``i`` in ``text``;
    ``spans`` holds ``(label, first token, last token + 1)``.
    """

    tokens: tuple[str, ...]
    text: str
    offsets: tuple[tuple[int, int], ...]
    spans: frozenset[tuple[str, int, int]]
    source: str = ""


def read_conll(path: Path) -> list[tuple[list[str], list[str]]]:
    """Sentences of a CoNLL-03 file as ``(tokens, tags)``; ``-DOCSTART-`` lines are skipped.

    Raises:
        EvaluationError: if the file cannot be read or a line has no tag.
    """
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise EvaluationError(f"{path}: cannot read ({exc})") from exc
    sentences: list[tuple[list[str], list[str]]] = []
    tokens: list[str] = []
    tags: list[str] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            if tokens:
                sentences.append((tokens, tags))
                tokens, tags = [], []
            continue
        fields = line.split(" ")
        if fields[0] == "-DOCSTART-":
            continue
        if len(fields) < 2:
            raise EvaluationError(f"{path}:{number}: expected 'token ... tag', found {line!r}")
        tokens.append(fields[0])
        tags.append(fields[-1])
    if tokens:
        sentences.append((tokens, tags))
    return sentences


def bio_spans(tags: Sequence[str]) -> set[tuple[str, int, int]]:
    """``(label, first, last + 1)`` of the entities of a BIO tag sequence (a stray I- starts one).

    >>> sorted(bio_spans(["O", "B-COLLECT", "I-COLLECT", "O", "I-SHARE"]))
    [('COLLECT', 1, 3), ('SHARE', 4, 5)]
    """
    spans: set[tuple[str, int, int]] = set()
    label: str | None = None
    start = 0
    for index, tag in enumerate([*tags, "O"]):
        prefix, _, name = tag.partition("-")
        if label is not None and not (prefix == "I" and name == label):
            spans.add((label, start, index))
            label = None
        if prefix == "B" or (prefix == "I" and label is None and name):
            label, start = name, index
    return spans


def detokenize(tokens: Sequence[str]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Join tokens into text (no space before closing punctuation) and give each token's offsets.

    >>> detokenize(["We", "collect", "your", "name", "(", "e.g.", "John", ")", "."])[0]
    'We collect your name (e.g. John).'
    """
    parts: list[str] = []
    offsets: list[tuple[int, int]] = []
    cursor = 0
    previous = ""
    for index, token in enumerate(tokens):
        if index and token not in _NO_SPACE_BEFORE and previous not in _NO_SPACE_AFTER:
            parts.append(" ")
            cursor += 1
        offsets.append((cursor, cursor + len(token)))
        parts.append(token)
        cursor += len(token)
        previous = token
    return "".join(parts), tuple(offsets)


def read_piextract(folder: str | Path, *, splits: Iterable[str] = ("train", "validation")) -> tuple[PISentence, ...]:
    """Read the four label folders of a PI-Extract split and merge them sentence by sentence.

    Raises:
        EvaluationError: if a folder or file is missing, or the folders disagree on the tokens.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise EvaluationError(f"{folder}: no such folder (expected PI-Extract CoNLL folders)")
    result: list[PISentence] = []
    for split in splits:
        merged: list[tuple[list[str], set[tuple[str, int, int]]]] | None = None
        for name, label in FOLDERS.items():
            path = folder / name / f"{split}.conll03"
            if not path.is_file():
                raise EvaluationError(f"{path}: missing; a PI-Extract folder holds {', '.join(FOLDERS)} with train/validation files")
            sentences = read_conll(path)
            if merged is None:
                merged = [(tokens, set()) for tokens, _ in sentences]
            elif len(sentences) != len(merged):
                raise EvaluationError(f"{path}: {len(sentences)} sentences, other label folders have {len(merged)}")
            for index, (tokens, tags) in enumerate(sentences):
                if tokens != merged[index][0]:
                    raise EvaluationError(f"{path}: sentence {index + 1} has other tokens than in the other label folders")
                merged[index][1].update((label, s, e) for tag_label, s, e in bio_spans(tags) if tag_label == label)
        for index, (tokens, spans) in enumerate(merged or []):
            text, offsets = detokenize(tokens)
            result.append(PISentence(tuple(tokens), text, offsets, frozenset(spans), f"{split}#{index + 1}"))
    return tuple(result)


def token_spans(span: Span, offsets: Sequence[tuple[int, int]]) -> tuple[int, int] | None:
    """``(first, last + 1)`` of the tokens a character span overlaps, None if none.

    >>> token_spans(Span(3, 12), [(0, 2), (3, 10), (11, 15), (16, 20)])
    (1, 3)
    """
    hit = [i for i, (s, e) in enumerate(offsets) if s < span.end and span.start < e]
    return (hit[0], hit[-1] + 1) if hit else None


def practice_labels(practice: Practice) -> set[str]:
    """PI-Extract labels of a practice: COLLECT / SHARE by category, NOT_ when negated."""
    negated = practice.polarity is Polarity.NEGATED
    labels = set()
    for category in practice_categories(practice):
        base = "COLLECT" if category == COLLECTION else "SHARE" if category == SHARING else None
        if base:
            labels.add(("NOT_" if negated else "") + base)
    return labels


def practice_spans(
    practices: Iterable[Practice], offsets: Sequence[tuple[int, int]], text: str | None = None
) -> set[tuple[str, int, int]]:
    """Predicted ``(label, first, last + 1)`` token spans from the data-type mention spans of practices.

    Given the sentence ``text``, mentions of tracking technologies (cookies, web beacons: ``pk:TrackingData``)
    are left out: PI-Extract's annotators mark the personal data, not the technology that gathers it (in the
    dev split, 7 of 242 "cookie" tokens lie in a gold span).
    """
    spans = set()
    for practice in practices:
        labels = practice_labels(practice)
        for mention in getattr(practice, "data_type_spans", ()):
            if text is not None and _names_a_technology(text[mention.start : mention.end]):
                continue
            tokens = token_spans(mention, offsets)
            if tokens is not None:
                spans.update((label, *tokens) for label in labels)
    return spans


def _names_a_technology(quote: str) -> bool:
    """The mention names only tracking technologies ("cookies", "web beacons and pixel tags")."""
    from policykg.ingest.lexicon import lexicon
    from policykg.ontology import PK, is_a

    found = lexicon("datatypes").find(quote)
    return bool(found) and all(is_a(m.concept, str(PK.TrackingData)) for m in found)


def overlap_score(gold: set[LabelledSpan], predicted: set[LabelledSpan]) -> Score:
    """Overlap matching: TP counts predicted spans touching a gold span of the same label;
    FN counts gold spans no predicted span of their label touches.

    >>> overlap_score({(0, "COLLECT", 1, 3)}, {(0, "COLLECT", 2, 4), (0, "COLLECT", 5, 6)})
    Score(tp=1, fp=1, fn=0)
    """

    def touches(a: LabelledSpan, b: LabelledSpan) -> bool:
        return a[0] == b[0] and a[1] == b[1] and a[2] < b[3] and b[2] < a[3]

    tp = sum(1 for p in predicted if any(touches(p, g) for g in gold))
    fn = sum(1 for g in gold if not any(touches(p, g) for p in predicted))
    return Score(tp=tp, fp=len(predicted) - tp, fn=fn)


@dataclass(slots=True)
class PIExtractReport:
    """Exact and overlap scores per label, and the counts behind them."""

    folder: str
    sentences: int = 0
    failed: int = 0
    seconds: float = 0.0
    exact: dict[str, Score] = field(default_factory=lambda: {label: Score() for label in LABELS})
    overlap: dict[str, Score] = field(default_factory=lambda: {label: Score() for label in LABELS})

    @property
    def exact_micro(self) -> Score:
        return micro_average(self.exact.values())

    @property
    def overlap_micro(self) -> Score:
        return micro_average(self.overlap.values())

    def as_dict(self) -> dict:
        return {
            "corpus": "PI-Extract",
            "folder": self.folder,
            "sentences": self.sentences,
            "sentences_failed": self.failed,
            "seconds": round(self.seconds, 2),
            "exact": {label: score.as_dict() for label, score in self.exact.items()} | {"micro": self.exact_micro.as_dict()},
            "overlap": {label: score.as_dict() for label, score in self.overlap.items()} | {"micro": self.overlap_micro.as_dict()},
        }


ExtractFn = Callable[[Document], Sequence[Practice]]


def sentence_document(sentence: PISentence) -> Document:
    """A one-paragraph ``Document`` of a sentence."""
    text = sentence.text
    return Document(
        text=text,
        blocks=(Block(BlockKind.PARAGRAPH, 0, len(text)),) if text else (),
        source=f"piextract:{sentence.source}",
        media_type="text/plain",
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
    )


def load_extract() -> ExtractFn:
    """The pipeline's extraction stages for one document: sentences, then practices.

    ``process`` itself refuses texts that do not read as a whole privacy
    policy, which a single sentence never does; the stages it composes are run
    here in the same order.

    Raises:
        EvaluationError: if the extraction modules cannot be imported.
    """
    try:
        from policykg.ingest.extract import PracticeExtractor
        from policykg.ingest.records import PolicyMetadata
        from policykg.ingest.segment import split_sentences
    except ImportError as exc:
        raise EvaluationError(f"the extraction pipeline is not available ({exc})") from exc
    extractor = PracticeExtractor()

    def extract(document: Document) -> Sequence[Practice]:
        return extractor(document, split_sentences(document), PolicyMetadata())

    return extract


def evaluate_piextract(
    folder: str | Path,
    *,
    extract: ExtractFn | None = None,
    limit: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> PIExtractReport:
    """Run extraction on every PI-Extract sentence and score the data-type spans.

    Args:
        folder: the folder holding ``CollectUse_true/`` and the other label folders.
        extract: ``document -> practices`` (default: the pipeline's stages, :func:`load_extract`).
        limit: score only the first ``limit`` sentences.
        progress: called as ``progress(done, total)`` every 100 sentences and at the end.

    Raises:
        EvaluationError: if the corpus is missing or malformed.
    """
    import time

    started = time.perf_counter()
    sentences = read_piextract(folder)
    if limit is not None:
        sentences = sentences[: max(limit, 0)]
    run = extract or load_extract()
    report = PIExtractReport(folder=str(folder))
    for index, sentence in enumerate(sentences):
        try:
            practices = run(sentence_document(sentence)) if sentence.text else ()
        except PolicyKGError:
            practices = ()
            report.failed += 1
        predicted = practice_spans(practices, sentence.offsets, sentence.text)
        for label in LABELS:
            gold = {(index, label, s, e) for lab, s, e in sentence.spans if lab == label}
            pred = {(index, label, s, e) for lab, s, e in predicted if lab == label}
            tp = len(gold & pred)
            report.exact[label] = report.exact[label] + Score(tp=tp, fp=len(pred) - tp, fn=len(gold) - tp)
            report.overlap[label] = report.overlap[label] + overlap_score(gold, pred)
        report.sentences += 1
        if progress is not None and ((index + 1) % 100 == 0 or index + 1 == len(sentences)):
            progress(index + 1, len(sentences))
    report.seconds = time.perf_counter() - started
    return report
