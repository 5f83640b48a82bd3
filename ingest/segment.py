"""Stage 2 of the ingest chain: sentences with their structural context.

Adds to a ``Document`` the sentences of its paragraphs and list items, each with
the heading path above it and, for list items, the lead-in sentence that
introduces the list ("We collect your email address to:"). A regex splitter is
used rather than a statistical one: it is fast (policies are long) and policy
prose is regular; abbreviations common in policies are protected.
"""

from __future__ import annotations

import re

from .records import BlockKind, Document, Sentence, Span

# A sentence ends at . ! ? followed by space and an upper-case letter, digit, quote or bracket,
# or, where a page lost the space between two paragraphs ("with our partners.We use ..."), at . ! ?
# between a lower-case word and a capitalised one (see _glued). Where a page lost the break after a
# heading ("Types of Information We CollectWe collect ...", "About our privacy policyThis policy ..."),
# a sentence starts at a word that opens sentences, glued to the end of a lower-case word.
_BOUNDARY = re.compile(
    r"""(?<=[.!?])["'”’)\]]*\s+(?=[A-Z0-9"“'‘(\[])|(?<=[a-z]{2}[.!?])(?=[A-Z][a-z])"""
    r"""|(?<=[a-z]{3})(?=(?:We|Our|You|Your|If|When|This|These|Please)\s)"""
)
_ABBREVIATIONS = re.compile(
    r"""(?:\b(?:e\.g|i\.e|etc|inc|ltd|llc|co|corp|no|nos|mr|mrs|ms|dr|st|vs|approx|dept|est|ver|
    jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|u\.s|u\.k|e\.u|p\.o|a\.k\.a|incl|art|sec|para|cf|ca)\.
    |\b[A-Z]\.)$""",
    re.IGNORECASE | re.VERBOSE,
)
_MAX_SENTENCE = 2000


def _glued(text: str, start: int, at: int, end: int) -> bool:
    """Whether the . ! ? (or the heading's last letter) at ``at - 1`` ends a sentence glued to the next one
    ("partners.We use", "CollectWe collect").

    Not inside an address, a file name or code ("www.SheKnows.com", "window.Promise" in a script left
    in the page): the word before holds a dot, a slash, an @, an underscore or an = sign, or the word
    after holds a dot before its end.
    """
    before = text[max(start, at - 80) : at - 1].split()
    after = text[at : min(end, at + 80)].split(None, 1)
    return (
        bool(before and after)
        and not any(c in before[-1] for c in "./@_=")
        and "." not in after[0].rstrip(".,;:!?")
    )


def _split_block(text: str, start: int, end: int) -> list[Span]:
    """Sentence spans of ``text[start:end]`` (whitespace trimmed)."""
    spans: list[Span] = []
    cursor = start
    for match in _BOUNDARY.finditer(text, start, end):
        before = text[max(cursor, match.start() - 12) : match.start()]
        if _ABBREVIATIONS.search(before) or (match.start() == match.end() and not _glued(text, cursor, match.start(), end)):
            continue
        spans.append(Span(cursor, match.start()))
        cursor = match.end()
    spans.append(Span(cursor, end))
    result = []
    for span in spans:
        s, e = span.start, span.end
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        # Very long run-ons (tables flattened into one line) are cut at ';' or every _MAX_SENTENCE chars.
        while e - s > _MAX_SENTENCE:
            cut = text.rfind(";", s, s + _MAX_SENTENCE)
            cut = cut + 1 if cut > s else s + _MAX_SENTENCE
            result.append(Span(s, cut))
            s = cut
            while s < e and text[s].isspace():
                s += 1
        if e > s:
            result.append(Span(s, e))
    return result


def split_sentences(document: Document) -> tuple[Sentence, ...]:
    """The sentences of ``document`` with heading paths and list lead-ins.

    Headings become sentences too (kind HEADING), so a statement can rest on a
    heading ("Right to deletion").

    >>> from policykg.ingest.records import Block
    >>> text = "Data\\n\\nWe collect:\\n\\nyour name"
    >>> doc = Document(text, (Block(BlockKind.HEADING, 0, 4, 1), Block(BlockKind.PARAGRAPH, 6, 17),
    ...                      Block(BlockKind.LIST_ITEM, 19, 28, 1)), "t", "text/plain", "0")
    >>> s = split_sentences(doc)[-1]
    >>> text[s.lead_in.start:s.lead_in.end], [text[h.start:h.end] for h in s.headings]
    ('We collect:', ['Data'])
    """
    text = document.text
    sentences: list[Sentence] = []
    headings: list[tuple[int, Span]] = []  # (level, span) stack, outermost first
    lead_in: Span | None = None
    for index, block in enumerate(document.blocks):
        if block.kind is BlockKind.HEADING:
            level = block.level or 2
            while headings and headings[-1][0] >= level:
                headings.pop()
            span = Span(block.start, block.end)
            heading_path = tuple(h for _, h in headings)
            sentences.append(Sentence(span, index, BlockKind.HEADING, heading_path))
            headings.append((level, span))
            # A heading ending in ':' introduces what follows, like a lead-in.
            lead_in = span if text[block.start : block.end].rstrip().endswith(":") else None
            continue
        heading_path = tuple(h for _, h in headings)
        spans = _split_block(text, block.start, block.end)
        if block.kind is BlockKind.LIST_ITEM:
            for span in spans:
                sentences.append(Sentence(span, index, BlockKind.LIST_ITEM, heading_path, lead_in))
            continue
        for span in spans:
            sentences.append(Sentence(span, index, BlockKind.PARAGRAPH, heading_path))
        last = spans[-1] if spans else None
        lead_in = last if last is not None and text[last.start : last.end].rstrip().endswith(":") else None
    return tuple(sentences)
