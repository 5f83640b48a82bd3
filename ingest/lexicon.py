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


def _pattern(label: str) -> str:
    # Labels are matched with flexible whitespace and optional hyphen between words.
    parts = [re.escape(p) for p in re.split(r"[\s]+", label.strip())]
    return r"[\s\-]+".join(parts)


class Lexicon:
    """Label matcher for one concept scheme (``datatypes``, ``purposes``, ...)."""

    def __init__(self, scheme: str, *, extra: dict[str, str] | None = None) -> None:
        self.scheme = scheme
        by_form: dict[str, str] = {}
        for concept in concepts(scheme):
            for label in concept.labels:
                for form in _variants(label):
                    by_form.setdefault(form, concept.iri)
        for form, iri in (extra or {}).items():
            by_form.setdefault(form, iri)
        self._by_form = by_form
        ordered = sorted(by_form, key=len, reverse=True)
        self._regex = re.compile(
            r"(?<![\w@])(?:" + "|".join(_pattern(f) for f in ordered) + r")(?![\w@])", re.IGNORECASE
        ) if ordered else None
        self._normal = re.compile(r"[\s\-]+")

    def _lookup(self, surface: str) -> str | None:
        low = surface.lower()
        if low in self._by_form:
            return self._by_form[low]
        spaced = self._normal.sub(" ", low)
        if spaced in self._by_form:
            return self._by_form[spaced]
        return self._by_form.get(self._normal.sub("-", low))

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[Mention]:
        """Non-overlapping mentions in ``text[start:end]``, leftmost-longest, with absolute spans."""
        if self._regex is None:
            return []
        end = len(text) if end is None else end
        result = []
        for match in self._regex.finditer(text, start, end):
            iri = self._lookup(match.group(0))
            if iri is not None:
                result.append(Mention(iri, Span(match.start(), match.end()), match.group(0)))
        return result


@cache
def lexicon(scheme: str) -> Lexicon:
    """The (cached, per process) lexicon of a scheme."""
    return Lexicon(scheme)
