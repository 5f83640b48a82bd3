"""Find taxonomy concepts in text by their SKOS labels.

The ontology's ``skos:prefLabel`` / ``skos:altLabel`` are the only lexicon:
this module compiles them, per scheme, into one case-insensitive regular
expression (longest label first, word boundaries, simple plural and
hyphen/space variants) so a sentence is scanned once per scheme.
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


def _words(text: str, *, loose: bool) -> tuple[str, ...]:
    words = _WORD.findall(text.lower())
    return tuple(_normal(w) for w in words if w not in _SKIPPED) if loose else tuple(words)


class Lexicon:
    """Label matcher for one concept scheme (``datatypes``, ``purposes``, ...).

    Labels are matched word by word (case-insensitive; hyphens and spaces are
    the same), leftmost-longest, with a dictionary of word tuples: linear in
    the length of the text whatever the size of the lexicon.

    >>> lex = lexicon("datatypes")
    >>> [m.label for m in lex.find("We collect the e-mail address and IP addresses.")]
    ['e-mail address', 'IP addresses']
    """

    def __init__(self, scheme: str, *, loose: bool = False) -> None:
        self.scheme = scheme
        self.loose = loose
        by_words: dict[tuple[str, ...], str] = {}
        for concept in concepts(scheme):
            for label in concept.labels:
                for form in _variants(label):
                    words = _words(form, loose=loose)
                    if words:
                        by_words.setdefault(words, concept.iri)
        self._by_words = by_words
        # For each first word, the label lengths (in words) that start with it, longest first.
        lengths: dict[str, set[int]] = {}
        for words in by_words:
            lengths.setdefault(words[0], set()).add(len(words))
        self._lengths = {first: sorted(n, reverse=True) for first, n in lengths.items()}

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[Mention]:
        """Non-overlapping mentions in ``text[start:end]``, leftmost-longest, with absolute spans."""
        end = len(text) if end is None else end
        lowered = text[start:end].lower()
        if self.loose:
            tokens = [
                (_normal(m.group(0)), m.start() + start, m.end() + start)
                for m in _WORD.finditer(lowered)
                if m.group(0) not in _SKIPPED
            ]
        else:
            tokens = [(m.group(0), m.start() + start, m.end() + start) for m in _WORD.finditer(lowered)]
        words = [t[0] for t in tokens]
        result = []
        i, count = 0, len(tokens)
        while i < count:
            for length in self._lengths.get(words[i], ()):
                if i + length > count:
                    continue
                iri = self._by_words.get(tuple(words[i : i + length]))
                if iri is not None:
                    s, e = tokens[i][1], tokens[i + length - 1][2]
                    result.append(Mention(iri, Span(s, e), text[s:e]))
                    i += length
                    break
            else:
                i += 1
        return result


#: Schemes matched loosely (singular/plural alike, articles and possessives skipped): purposes are
#: verb phrases ("respond to your inquiries") whose wording varies more than names of data types,
#: where loose matching was measured to cost precision on OPP-115.
LOOSE_SCHEMES = frozenset({"purposes"})


@cache
def lexicon(scheme: str) -> Lexicon:
    """The (cached, per process) lexicon of a scheme."""
    return Lexicon(scheme, loose=scheme in LOOSE_SCHEMES)
