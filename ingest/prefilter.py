"""A prefilter for regular expressions: run a regex only on texts that hold what its matches need.

The ingest stages search about a hundred regular expressions over every
sentence (``statements``) and every paragraph (``categorize``); most of them
cannot match most texts. Each regex is read once through Python's own regex
parser (``re._parser``, the tree the engine compiles) to find the literals
every one of its matches must contain, as a conjunction of clauses: for
``\\b(?:retain|keep)s?\\s+data`` the clauses {"retain", "keep"} (each at the
start of a word) and {"data"}. A text is then scanned once for all the
literals of a set of regexes (:class:`Gate`), and a regex runs only when each
of its clauses has a literal in the text.

Why the output is the same as running every regex:

* The test is a necessary condition of a match, never a sufficient one: a
  regex that passes is still searched; one that fails cannot match.
* Literals are compared case-insensitively, a weaker test than any regex's
  own: a case-sensitive regex passes on more texts, never on fewer. Literals
  hold ASCII characters only (a non-ASCII character needs nothing).
* The scanned text is folded with :func:`fold`: lower-cased after mapping the
  four characters that ``re.IGNORECASE`` matches to an ASCII letter but that
  do not lower-case to it (dotted and dotless i, long s, Kelvin sign). The
  fold keeps the text's length, so positions in it are positions in the text.
* ``\\d`` is its own literal (:data:`DIGIT`), tested with ``\\d`` itself, so
  every Unicode decimal digit counts, as it does for the regex.
* A word boundary before a word character is kept as :data:`WORD_START`; the
  scan tests it with ``\\b`` on the folded text, where it stands where it
  stands in the text.
* Whatever the analysis does not understand (classes, back-references, an
  optional part, a negative look-around) needs nothing, and a regex whose
  pattern the parser cannot read, or a Python without ``re._parser``, needs
  nothing at all: it runs on every text, as without a prefilter.

:func:`leading_literals` and :func:`search_at_starts` add a second trick for
long texts: a regex whose every match starts with one of a few literals is
tried only at the positions where one of them occurs.

>>> gate = Gate([re.compile(r"\\bfirewalls?\\b", re.I), re.compile(r"\\bencrypt\\w*", re.I)])
>>> found = gate.scan("Data is Encrypted in transit.")
>>> gate.may(0, found), gate.may(1, found)
(False, True)
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

try:  # the standard library's own regex parser: the prefilter reads the patterns with it
    from re import _constants as _sre
    from re import _parser as _sre_parse
except ImportError:  # pragma: no cover - a Python whose re module is laid out otherwise: no prefilter
    _sre = _sre_parse = None

__all__ = ["DIGIT", "WORD_START", "Gate", "fold", "leading_literals", "required_literals", "search_at_starts"]

#: In a literal: a word boundary (``\b``) stands here, before a word character.
WORD_START = "\0"
#: A literal of its own: any decimal digit (``\d``).
DIGIT = "\1"

_EXACT_LIMIT = 64  # most strings an exact set (every string a sub-pattern can match) may hold
_CLAUSE_LIMIT = 3  # most clauses kept per (sub-)pattern
_MIN_LITERAL = 3  # shortest literal of a clause kept beside a pattern's strongest one
_DISTRIBUTE_LIMIT = 27  # most clauses an alternation distributes into before keeping fewer
_ANY_DIGIT = re.compile(r"\d")
_MARKERS = (WORD_START, DIGIT)

#: Before lower-casing, the four characters that match an ASCII letter case-insensitively in
#: ``re`` but do not lower-case to it (dotted and dotless i, long s, Kelvin sign). Dotted I is
#: also the one character whose ``lower()`` is two characters long: mapped first, the fold
#: keeps the length of the text.
_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})


def fold(text: str) -> str:
    """``text`` as the prefilter compares it: lower-cased, the same length, positions kept.

    Every character that ``re.IGNORECASE`` matches to an ASCII letter becomes
    that letter.

    >>> fold("\u212aEEP ſafe İD")
    'keep safe id'
    """
    return text.translate(_FOLD).lower()


# ---------------------------------------------------------------- required literals
#
# A regex's need is a conjunction of clauses, each a set of literals of which one must occur.
# Literal runs multiply out into exact sets (every string a sub-pattern can match) while they
# stay small; an exact set becomes a clause when the run ends.


@dataclass(frozen=True, slots=True)
class _Need:
    """What a regular expression needs of a text it matches, read from its syntax.

    ``exact`` holds every string the expression can match (lower-cased;
    :data:`WORD_START` marks a ``\\b``), or is ``None`` when they are too many
    or not literal. ``clauses`` are sets of literals; any match contains one
    literal of each.
    """

    exact: frozenset[str] | None = None
    clauses: tuple[frozenset[str], ...] = ()

    def all_clauses(self) -> tuple[frozenset[str], ...]:
        """``clauses`` plus the clause ``exact`` stands for (when it cannot match nothing)."""
        clause = _clause(self.exact)
        return self.clauses + (clause,) if clause else self.clauses


_NOTHING = _Need()  # may match anything: needs nothing
_EMPTY = _Need(frozenset({""}))  # zero-width: ^, $, a negative lookaround
_BOUNDARY = _Need(frozenset({WORD_START}))


def _literal(string: str) -> str:
    """``string`` with its ``\\b`` marks dropped, but for one at the start of a word.

    >>> _literal("\\0right\\0 to"), _literal("\\0 to")
    ('\\x00right to', ' to')
    """
    core = string.replace(WORD_START, "")
    if string.startswith(WORD_START) and core and (core[0].isalnum() or core[0] == "_"):
        return WORD_START + core
    return core


def _implies(shorter: str, longer: str) -> bool:
    """Whether ``longer`` occurring means ``shorter`` occurs too (both normalised by ``_literal``)."""
    if shorter.startswith(WORD_START):
        return longer.startswith(WORD_START) and longer[1:].startswith(shorter[1:])
    return shorter in longer.lstrip(WORD_START)


def _clause(strings: frozenset[str] | None) -> frozenset[str] | None:
    """A clause from an exact set; ``None`` when the set may match the empty string."""
    if not strings:
        return None
    literals = {_literal(s) for s in strings}
    if any(not lit.lstrip(WORD_START) for lit in literals):
        return None
    # a literal that implies another of the clause adds nothing to it: keep the weakest
    return frozenset(s for s in literals if not any(o != s and _implies(o, s) for o in literals))


#: Words in most sentences of a privacy policy: as literals, they select nothing.
_COMMON_WORDS = frozenset(
    "a an and any are as at be by data for from have in information is it may not of on or our personal "
    "such that the this to us use we will with you your".split()
)
#: Characters few sentences hold: as literals, as good as a three-letter word.
_RARE_CHARS = frozenset("()[]{}<>@#$%&*+=|\\/~^_;!?")


def _rarity(literal: str) -> int:
    """How rarely a literal occurs, roughly its length (:data:`DIGIT` and rare characters count 3)."""
    core = literal.lstrip(WORD_START)
    if core == DIGIT or core in _RARE_CHARS:
        return 3
    if core.strip() in _COMMON_WORDS:
        return min(2, len(core))
    return len(core)


def _strength(clause: frozenset[str]) -> tuple[int, int, list[str]]:
    """Rarer literals select more, and fewer of them (then a fixed order)."""
    return min(map(_rarity, clause)), -len(clause), sorted(clause)


def _strongest(clauses: Iterable[frozenset[str] | None]) -> tuple[frozenset[str], ...]:
    """The most selective clauses; beside the first, only those without one- or two-letter literals.

    Short literals ("e", "to") occur in most sentences: scanning for them costs more than it saves.
    """
    kept = sorted({c for c in clauses if c}, key=_strength, reverse=True)
    return tuple(c for i, c in enumerate(kept[:_CLAUSE_LIMIT]) if i == 0 or _strength(c)[0] >= _MIN_LITERAL)


def _need_of_sequence(items, run: frozenset[str] = frozenset({""})) -> _Need:
    """What ``run`` (strings matched just before) followed by the parsed ``items`` needs.

    Literal runs multiply out; an item that is not literal ends a run, whose
    strings then form a clause.
    """
    clauses: list[frozenset[str] | None] = []
    literal = True
    for op, av in items:
        if op is _sre.SUBPATTERN or op is _sre.ATOMIC_GROUP or op is _sre.BRANCH:
            # the run goes inside, so "\b(?:right|rights)" knows each word starts a word
            need = _need_of_branch([av[-1]] if op is _sre.SUBPATTERN else [av] if op is _sre.ATOMIC_GROUP else av[1], run)
            clauses.extend(need.clauses)
            if need.exact is not None:
                run = need.exact
            else:
                literal, run = False, frozenset({""})
            continue
        need = _need_of(op, av)
        clauses.extend(need.clauses)
        if need.exact is not None:
            product = frozenset(a + b for a in run for b in need.exact)
            if len(product) <= _EXACT_LIMIT:
                run = product
                continue
        literal = False
        clauses.append(_clause(run))
        run = need.exact if need.exact is not None else frozenset({""})
    if literal:
        return _Need(run, _strongest(clauses))
    clauses.append(_clause(run))
    return _Need(None, _strongest(clauses))


def _need_of_branch(branches, run: frozenset[str]) -> _Need:
    """What ``run`` followed by one of ``branches`` (parsed sequences) needs."""
    needs = [_need_of_sequence(branch, run) for branch in branches]
    if all(n.exact is not None for n in needs):
        union = frozenset().union(*(n.exact for n in needs))
        if len(union) <= _EXACT_LIMIT:
            return _Need(union)
    # one alternative matches: (a1 and a2) or b = (a1 or b) and (a2 or b)
    options = [_strongest(need.all_clauses()) for need in needs]
    if not all(options):
        return _NOTHING
    if math.prod(map(len, options)) > _DISTRIBUTE_LIMIT:
        options = [option[:1] for option in options]
    return _Need(None, _strongest(_clause(frozenset().union(*pick)) for pick in itertools.product(*options)))


def _char(code: int) -> str | None:
    """The literal a parsed character stands for, or ``None`` when it cannot be one (not ASCII, a marker)."""
    char = chr(code).lower()
    return char if char.isascii() and len(char) == 1 and char not in _MARKERS else None


def _need_of(op, av) -> _Need:
    """What one parsed regex item (a ``re._parser`` opcode and its argument), not a group, needs."""
    if op is _sre.LITERAL:
        char = _char(av)
        return _Need(frozenset({char})) if char else _NOTHING
    if op is _sre.IN:
        if av == [(_sre.CATEGORY, _sre.CATEGORY_DIGIT)]:
            return _Need(None, (frozenset({DIGIT}),))
        if len(av) > 8 or any(kind is not _sre.LITERAL for kind, _ in av):
            return _NOTHING
        chars = {_char(v) for _, v in av}
        if len(chars) <= 4 and None not in chars:
            return _Need(frozenset(chars))
        return _NOTHING
    if op is _sre.AT:
        return _BOUNDARY if av is _sre.AT_BOUNDARY else _EMPTY
    if op is _sre.ASSERT_NOT:
        return _EMPTY
    if op is _sre.ASSERT:  # a lookaround reads the searched text too: its literals occur in it
        return _Need(frozenset({""}), _strongest(_need_of_sequence(av[1]).all_clauses()))
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, getattr(_sre, "POSSESSIVE_REPEAT", _sre.MAX_REPEAT)):
        low, high, item = av
        need = _need_of_sequence(item)
        if low == high == 1:
            return need
        if low == 0:
            return _Need(need.exact | {""}) if high == 1 and need.exact is not None else _NOTHING
        return _Need(None, _strongest(need.all_clauses()))
    return _NOTHING  # any character, classes, back-references: no literal


def _parse(rx: re.Pattern):
    """The parse tree of ``rx``, or ``None`` when this Python cannot give it."""
    if _sre_parse is None:  # pragma: no cover
        return None
    try:
        return _sre_parse.parse(rx.pattern, rx.flags)
    except Exception:  # noqa: BLE001 - another Python's parser: no prefilter, the same output
        return None


def required_literals(rx: re.Pattern) -> tuple[frozenset[str], ...]:
    """Clauses of literals every match of ``rx`` contains, compared case-insensitively.

    A text can match only if, for each clause, one of its literals occurs in
    :func:`fold` of the text. A literal starting with :data:`WORD_START` starts
    a word; :data:`DIGIT` stands for any decimal digit. At most three clauses,
    the most selective first.

    Args:
        rx: a compiled pattern (``str``; its flags are read too).

    Returns:
        The clauses; none when nothing is certain: the regex always runs.

    >>> [sorted(c) for c in required_literals(re.compile(r"\\bfirewalls?\\b|\\bDPOs?\\b|@"))]
    [['\\x00dpo', '\\x00firewall', '@']]
    >>> required_literals(re.compile(r"[A-Z]\\w+"))
    ()
    """
    parsed = _parse(rx)
    if parsed is None:
        return ()
    return _strongest(_need_of_sequence(parsed).all_clauses())


# ---------------------------------------------------------------- the gate: one scan per text


class Gate:
    """Which of some regexes may match a text, from one scan for their required literals.

    The literals of all the regexes form one trie-shaped regex (two: those at
    the start of a word and the others), searched once over the folded text;
    each literal found sets the bits of the clauses it satisfies.

    Args:
        regexes: the compiled patterns, addressed by their index afterwards.

    >>> gate = Gate([re.compile(r"\\bfirewalls?\\b"), re.compile(r"\\bencrypt\\w*")])
    >>> found = gate.scan("Data is Encrypted in transit.")
    >>> gate.may(0, found), gate.may(1, found)
    (False, True)
    """

    def __init__(self, regexes: Sequence[re.Pattern]) -> None:
        clause_ids: dict[frozenset[str], int] = {}
        needs = []
        for rx in regexes:
            mask = 0
            for clause in required_literals(rx):
                mask |= 1 << clause_ids.setdefault(clause, len(clause_ids))
            needs.append(mask)
        #: For each regex, the clauses (bits) a text must satisfy for it to be run; 0: always run.
        self.needs: tuple[int, ...] = tuple(needs)
        bits: dict[str, int] = {}  # each literal: the clauses it satisfies
        for clause, index in clause_ids.items():
            for literal in clause:
                bits[literal] = bits.get(literal, 0) | 1 << index
        self._digit = bits.pop(DIGIT, 0)
        self._scanners = []
        for anchored in (True, False):
            group = {lit.lstrip(WORD_START): b for lit, b in bits.items() if lit.startswith(WORD_START) is anchored}
            if not group:
                continue
            # a scan reports the longest literal starting at a position; the shorter ones
            # starting there are its prefixes, and occur too
            credit = {lit: _or(group.get(lit[:n], 0) for n in range(1, len(lit) + 1)) for lit in group}
            # folded text, case-sensitive literals: faster than IGNORECASE, same test
            scanner = re.compile(("\\b" if anchored else "") + f"(?=({_trie(group)}))")
            self._scanners.append((scanner, credit))

    def scan(self, text: str, folded: str | None = None) -> int:
        """The clauses ``text`` satisfies, as bits.

        Args:
            text: the text the regexes would be searched in.
            folded: ``fold(text)`` when the caller has it already.
        """
        if folded is None:
            folded = text.translate(_FOLD).lower()  # fold(text), without a call: this runs per sentence
        found = self._digit if self._digit and _ANY_DIGIT.search(text) else 0
        for scanner, credit in self._scanners:
            for literal in scanner.findall(folded):
                found |= credit[literal]
        return found

    def may(self, index: int, found: int) -> bool:
        """Whether regex ``index`` may match a text whose :meth:`scan` gave ``found``."""
        need = self.needs[index]
        return need & found == need


def _or(values: Iterable[int]) -> int:
    out = 0
    for value in values:
        out |= value
    return out


def _trie(literals: Iterable[str]) -> str:
    """A regex matching the longest of ``literals`` at a position (a trie of alternations).

    >>> _trie(["do", "dpo", "dpos"])
    'd(?:o|po(?:s)?)'
    """
    tree: dict = {}
    for literal in literals:
        node = tree
        for char in literal:
            node = node.setdefault(char, {})
        node[""] = {}

    def render(node: dict) -> str:
        branches = [re.escape(char) + render(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body  # longer literals first (greedy), then this one

    return render(tree)


# ---------------------------------------------------------------- start positions


def leading_literals(rx: re.Pattern) -> frozenset[str] | None:
    """Literals (folded) one of which every match of ``rx`` starts with; ``None`` when unknown.

    Zero-width items at the start (``\\b``, look-arounds) are skipped: they
    consume nothing. An alternation starts with the union of its branches'
    starts; a literal run stops at a character that is not ASCII.

    >>> sorted(leading_literals(re.compile(r"\\b(?:retain|keep)\\s+data", re.I)))
    ['keep', 'retain']
    >>> leading_literals(re.compile(r"(?:your\\s+)?consent")) is None
    True
    """
    parsed = _parse(rx)
    if parsed is None:
        return None
    return _sequence_start(list(parsed))


def _sequence_start(items) -> frozenset[str] | None:
    index = 0
    while index < len(items) and items[index][0] in (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT):
        index += 1
    head = ""
    while index < len(items) and items[index][0] is _sre.LITERAL:
        char = _char(items[index][1])
        if char is None:
            return frozenset({head}) if head else None
        head += char
        index += 1
    rest = _item_start(*items[index]) if index < len(items) else None
    if rest is not None:
        return frozenset(head + literal for literal in rest)
    return frozenset({head}) if head else None


def _item_start(op, av) -> frozenset[str] | None:
    if op is _sre.SUBPATTERN:
        return _sequence_start(list(av[-1]))
    if op is _sre.BRANCH:
        union: set[str] = set()
        for branch in av[1]:
            start = _sequence_start(list(branch))
            if start is None:
                return None
            union |= start
        return frozenset(union)
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, getattr(_sre, "POSSESSIVE_REPEAT", _sre.MAX_REPEAT)) and av[0] >= 1:
        return _sequence_start(list(av[2]))
    return None


def search_at_starts(rx: re.Pattern, text: str, folded: str, starts: frozenset[str] | None) -> bool:
    """Whether ``rx`` matches somewhere in ``text``, trying only where a match can start.

    Args:
        rx: the regex.
        text: the text.
        folded: ``fold(text)`` (the same length: positions carry over).
        starts: ``leading_literals(rx)``; ``None`` searches the whole text.

    Returns:
        ``rx.search(text) is not None``. ``rx.match`` at a position sees the
        characters before it (``\\b``, look-behinds), as a search does.

    >>> rx = re.compile(r"\\bkeep\\w*", re.I)
    >>> text = "Upkeep: we KEEP logs."
    >>> search_at_starts(rx, text, fold(text), leading_literals(rx))
    True
    """
    if starts is None:
        return rx.search(text) is not None
    for literal in starts:
        position = folded.find(literal)
        while position >= 0:
            if rx.match(text, position):
                return True
            position = folded.find(literal, position + 1)
    return False
