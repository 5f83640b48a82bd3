"""Find taxonomy concepts in text by their SKOS labels.

The ontology's ``skos:prefLabel`` / ``skos:altLabel`` are the only lexicon:
this module compiles them, per scheme, into a trie of lower-cased words
(simple plural and hyphen/space variants included), matched leftmost-longest
on the words of a sentence; the words are split once per sentence for all
schemes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from policykg.ontology import concepts

from .records import Span


@dataclass(frozen=True, slots=True)
class Mention:
    """A concept mentioned at ``span`` of the scanned text (absolute offsets)."""

    concept: str
    span: Span
    label: str


def _variants(label: str) -> set[str]:
    """Surface variants of a label: plural, hyphen / space / no-space for compounds."""
    forms = {label}
    if re.search(r"[a-z]$", label) and not label.endswith("s"):
        if label.endswith("y") and not label.endswith(("ay", "ey", "oy", "uy")):
            forms.add(label[:-1] + "ies")
        elif label.endswith(("ch", "sh", "x")):
            forms.add(label + "es")
        else:
            forms.add(label + "s")
    for form in list(forms):
        if "-" in form:
            forms.add(form.replace("-", " "))
            forms.add(form.replace("-", ""))
        if form.startswith("e-") or " e-" in form:
            forms.add(form.replace("e-", "e"))
    return forms


#: Schemes whose labels are mostly verb phrases ("respond to your requests"): their -ing forms match too.
_VERB_PHRASE_SCHEMES = frozenset({"purposes"})


def _gerunds(label: str) -> set[str]:
    """The label with its first word as a gerund, for verb-phrase labels of two words or more.

    >>> sorted(_gerunds("respond to your requests") | _gerunds("ship orders") | _gerunds("improve the site"))
    ['improving the site', 'responding to your requests', 'shipping orders']
    """
    first, _, rest = label.partition(" ")
    if not rest or not first.isalpha() or not first.islower() or first.endswith("ing"):
        return set()
    if first.endswith("ie"):
        stem = first[:-2] + "y"
    elif first.endswith("e") and not first.endswith(("ee", "ye", "oe")):
        stem = first[:-1]
    elif re.fullmatch(r"[^aeiou]*[aeiou][bdglmnprt]", first):
        stem = first + first[-1]  # ship → shipping, log → logging
    else:
        stem = first
    return {f"{stem}ing {rest}"}


_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
# Words a label may carry or omit without changing what it names ("your e-mail address", "respond to
# the inquiries"): matching skips them on both sides.
_SKIPPED = frozenset({"a", "an", "the", "your", "our", "their", "its", "his", "her", "my", "this", "these", "those", "any", "all", "certain"})


def _normal(word: str) -> str:
    """A light stem so that singular and plural match: inquiries → inquiry, addresses → address."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def singular(word: str) -> str:
    """The light singular the lexicon matches words by (lower-case input).

    >>> singular("inquiries"), singular("addresses"), singular("careers"), singular("analysis")
    ('inquiry', 'address', 'career', 'analysis')
    """
    return _normal(word)


def _words(text: str, *, loose: bool) -> tuple[str, ...]:
    words = _WORD.findall(text.lower())
    return tuple(_normal(w) for w in words if w not in _SKIPPED) if loose else tuple(words)


class _Tokens:
    """The words of one span of a text, shared by every lexicon that scans the span.

    Invariants: ``words`` are the words of ``text[start:end].lower()`` in order, as
    ``Lexicon.find`` always tokenised them; ``loose()`` gives the light stems of the words
    not in ``_SKIPPED`` with, for each, the index of its word in ``words``. Offsets are
    worked out only when a label matches (most spans match few labels).
    """

    __slots__ = ("text", "start", "end", "lowered", "words", "_loose", "_loose_at", "_spans")

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text, self.start, self.end = text, start, end
        self.lowered = text[start:end].lower()
        self.words: list[str] = _WORD.findall(self.lowered)
        self._loose: list[str] | None = None
        self._loose_at: list[int] = []
        self._spans: list[tuple[int, int]] | None = None

    def loose(self) -> tuple[list[str], list[int]]:
        """The loose words and, for each, the index of its word in ``words``."""
        if self._loose is None:
            self._loose, self._loose_at = [], []
            for index, word in enumerate(self.words):
                if word not in _SKIPPED:
                    self._loose.append(_NORMAL.get(word) or _normal_cached(word))
                    self._loose_at.append(index)
        return self._loose, self._loose_at

    def span(self, first: int, last: int) -> tuple[int, int]:
        """Absolute offsets from the start of word ``first`` to the end of word ``last``."""
        if self._spans is None:
            self._spans = [m.span() for m in _WORD.finditer(self.lowered)]
        return self._spans[first][0] + self.start, self._spans[last][1] + self.start


_IRI = ""  # the trie key of a label's concept: no word is empty
_ACROSS_LISTS = ","  # the trie key marking a label written with a comma or semicolon: no word is a comma
_LIST_BREAK = re.compile(r"[,;]")
_NORMAL: dict[str, str] = {}  # word -> _normal(word), filled as words are met


def _normal_cached(word: str) -> str:
    if len(_NORMAL) > 200_000:  # bounded: a corpus run meets many rare words
        _NORMAL.clear()
    normal = _NORMAL[word] = _normal(word)
    return normal


#: The last span tokenised: the four schemes scan each sentence in turn, so one entry is enough.
_LAST: list[_Tokens | None] = [None]


def _tokens(text: str, start: int, end: int) -> _Tokens:
    last = _LAST[0]
    if last is not None and last.text is text and last.start == start and last.end == end:
        return last
    tokens = _LAST[0] = _Tokens(text, start, end)
    return tokens


class Lexicon:
    """Label matcher for one concept scheme (``datatypes``, ``purposes``, ...).

    Labels are matched word by word (case-insensitive; hyphens and spaces are
    the same), leftmost-longest, with a trie of label words: linear in the
    length of the text whatever the size of the lexicon. The words of a span
    are shared by the lexicons that scan it one after the other.

    >>> lex = lexicon("datatypes")
    >>> [m.label for m in lex.find("We collect the e-mail address and IP addresses.")]
    ['e-mail address', 'IP addresses']
    """

    def __init__(self, scheme: str, *, loose: bool = False) -> None:
        self.scheme = scheme
        self.loose = loose
        by_words: dict[tuple[str, ...], str] = {}
        listing: set[tuple[str, ...]] = set()  # labels written as a list ("comments, questions or complaints")
        for concept in concepts(scheme):
            for label in concept.labels:
                for form in _variants(label) | (_gerunds(label) if scheme in _VERB_PHRASE_SCHEMES else set()):
                    words = _words(form, loose=loose)
                    if words:
                        by_words.setdefault(words, concept.iri)
                        if _LIST_BREAK.search(form):
                            listing.add(words)
        self._by_words = by_words
        self._listing = frozenset(listing)
        # A trie of words: each node maps a next word to a node; _IRI holds the concept a label ending there
        # names, _ACROSS_LISTS that some label ending there is written with a comma.
        trie: dict = {}
        for words, iri in by_words.items():
            node = trie
            for word in words:
                node = node.setdefault(word, {})
            node[_IRI] = iri
            if words in listing:
                node[_ACROSS_LISTS] = True
        self._trie = trie

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[Mention]:
        """Non-overlapping mentions in ``text[start:end]``, leftmost-longest, with absolute spans.

        A label matches across a comma or semicolon of the text only when it is written with one:
        "the time of your access, date of birth" holds no "access date". A match that starts inside
        parentheses takes in what they follow: "Internet (IP) address", not "IP) address".

        >>> [m.label for m in lexicon("datatypes").find("your Internet (IP) address")]
        ['Internet (IP) address']
        """
        end = len(text) if end is None else end
        tokens = _tokens(text, start, end)  # shared with the other schemes scanning the same span
        if self.loose:
            words, index = tokens.loose()
        else:
            words, index = tokens.words, None
        trie = self._trie
        result = []
        count = len(words)
        after = 0  # the end of the last mention: mentions do not overlap
        for i in [i for i, word in enumerate(words) if word in trie]:  # words that start a label
            if i < after:
                continue
            # the labels starting at word i, shortest first
            node, j, ends = trie[words[i]], i + 1, []
            while True:
                found = node.get(_IRI)
                if found is not None:
                    ends.append((found, j - 1, _ACROSS_LISTS in node))
                if j == count:
                    break
                node = node.get(words[j])
                if node is None:
                    break
                j += 1
            for iri, last, across_lists in reversed(ends):  # the longest that does not run across a list
                s, e = tokens.span(index[i], index[last]) if index is not None else tokens.span(i, last)
                if across_lists or not _LIST_BREAK.search(text, s, e):
                    s = _opening(text, s, e, start)
                    result.append(Mention(iri, Span(s, e), text[s:e]))
                    after = last + 1
                    break
        return result


_BEFORE_PARENTHESIS = re.compile(r"[\w-]+\s*\($")


def _opening(text: str, s: int, e: int, floor: int) -> int:
    """Where a mention starting at ``s`` begins once a parenthesis it closes is taken in with the word before
    it ("Internet (IP) address"): ``s`` itself when it closes none."""
    close = text.find(")", s, e)
    if close < 0 or "(" in text[s:close]:
        return s
    opened = text.rfind("(", floor, s)
    if opened < 0:
        return s
    before = _BEFORE_PARENTHESIS.search(text, max(floor, opened - 40), opened + 1)
    return before.start() if before else opened


#: Schemes matched loosely (singular/plural alike, articles and possessives skipped): purposes are
#: verb phrases ("respond to your inquiries") whose wording varies more than names of data types,
#: where loose matching was measured to cost precision on OPP-115.
LOOSE_SCHEMES = frozenset({"purposes"})


@cache
def lexicon(scheme: str) -> Lexicon:
    """The (cached, per process) lexicon of a scheme."""
    return Lexicon(scheme, loose=scheme in LOOSE_SCHEMES)
