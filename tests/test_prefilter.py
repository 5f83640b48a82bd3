"""Tests of policykg.ingest.prefilter: required and leading literals, the gate, and that the
stages using it (statements, categorize) give what running every regex gives.

The prefilter must never skip a regex that would match: then the output is the same as
running every regex.
"""

from __future__ import annotations

import re
import sys

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from policykg.ingest import statements as _statements
from policykg.ingest.categorize import CATEGORY_IRIS, CUES, _leading_heading, category_scores, paragraph_segments
from policykg.ingest.prefilter import DIGIT, WORD_START, Gate, fold, leading_literals, required_literals, search_at_starts
from policykg.ingest.prefilter import _trie
from policykg.ingest.read import read_file
from policykg.ingest.segment import split_sentences
from policykg.ingest.statements import CONTEXT_PATTERNS, PATTERNS

from conftest import SEEDS, require


def _literals(pattern: str, flags: int = re.IGNORECASE) -> list[list[str]]:
    return [sorted(clause) for clause in required_literals(re.compile(pattern, flags))]


# ---------------------------------------------------------------- required literals


def test_required_literals_of_simple_patterns():
    assert _literals(r"\bfirewalls?\b") == [[WORD_START + "firewall"]]  # at the start of a word
    assert _literals(r"\b(?:export|download)(?:ing)?\b") == [["\0download", "\0export"]]
    assert _literals(r"(?i:\bpayment card industry\b)|\bPCI\b", 0) == [["\0payment card industry", "\0pci"]]
    assert _literals(r"\d{3}-\d{4}") == [[DIGIT]]  # any digit; "-" alone selects too little to keep
    # (a and b) or c: both clauses kept
    assert sorted(_literals(r"\bsecurity breach\w*.{0,9}notif|\bSCCs?\b", 0)) == [["\0scc", "\0security breach"], ["\0scc", "notif"]]


def test_required_literals_are_a_conjunction_of_alternatives():
    # "data" is in most sentences: the clause is dropped beside a rarer one
    assert _literals(r"\b(?:retain|keep)s?\s+(?:your\s+)?data\b") == [["\0keep", "\0retain"]]
    assert _literals(r"\bprotect(?:s|ed)?\b") == [["\0protect"]]
    assert _literals(r"\bretain\w*\s+\w+\s+logs\b") == [["\0retain"], ["logs"]]  # no \b before "logs"


def test_required_literals_are_empty_when_nothing_is_certain():
    # an optional part, a class, a negative look-ahead, a back-reference: the regex always runs
    assert required_literals(re.compile(r"(?:cookies)?\w+", re.I)) == ()
    assert required_literals(re.compile(r"(?!opt)\w+", re.I)) == ()
    assert required_literals(re.compile(r"[A-Z]\w+")) == ()
    assert required_literals(re.compile(r"(\w)\1")) == ()


def test_required_literals_skip_characters_that_are_not_ascii():
    # "é" matches "É" but also what only a Unicode fold relates: no literal is safer
    assert _literals(r"caf\u00e9") == [["caf"]]
    assert _literals(r"\u00b5s") == [["s"]]


def test_the_trie_prefers_the_longest_literal():
    assert _trie(["do", "dpo", "dpos"]) == "d(?:o|po(?:s)?)"
    assert re.fullmatch(_trie(["a", "ab", "abc"]), "abc")


# ---------------------------------------------------------------- folding


def test_fold_turns_every_case_insensitive_match_of_an_ascii_letter_into_it():
    letter = re.compile("[a-z]", re.IGNORECASE)
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        assert len(fold(char)) == 1, hex(code)  # positions in the folded text are positions in the text
        if letter.fullmatch(char):
            assert fold(char).isascii() and re.fullmatch(fold(char), char, re.IGNORECASE), hex(code)


# ---------------------------------------------------------------- the gate


def test_gate_tells_which_regexes_may_match():
    gate = Gate([re.compile(r"\bfirewalls?\b", re.I), re.compile(r"\bencrypt\w*", re.I), re.compile(r"\w+")])
    found = gate.scan("Data is Encrypted in transit.")
    assert (gate.may(0, found), gate.may(1, found), gate.may(2, found)) == (False, True, True)
    assert gate.needs[2] == 0  # no literal: always runs
    assert not gate.may(1, gate.scan("Decrypted"))  # "encrypt" does not start a word there


def test_gate_counts_every_unicode_digit_and_the_special_folds():
    gate = Gate([re.compile(r"\b\d+ days\b", re.I), re.compile(r"\bkeep\b", re.I), re.compile(r"\bsell\b", re.I)])
    text = "We \u212aeep logs for \u0663 days and never \u017fell them."  # Kelvin K, Arabic-Indic 3, long s
    found = gate.scan(text)
    assert all(gate.may(i, found) for i in range(3))
    assert all(re.search(p, text, re.I) for p in (r"\b\d+ days\b", r"\bkeep\b", r"\bsell\b"))


def test_gate_scan_takes_the_folded_text_when_given():
    gate = Gate([re.compile(r"\bopt[- ]?out\b", re.I)])
    text = "You may OPT-OUT at any time."
    assert gate.scan(text) == gate.scan(text, fold(text)) != 0


# ---------------------------------------------------------------- leading literals


def test_leading_literals_skip_zero_width_and_join_factored_prefixes():
    def starts(pattern):
        return leading_literals(re.compile(pattern, re.IGNORECASE))

    assert starts(r"\b(?:secure|safeguard)s?\b") == frozenset({"secure", "safeguard"})
    assert starts(r"(?<!not )\bshare") == frozenset({"share"})
    assert starts(r"\bOpt(?:-| )?out") == frozenset({"opt"})
    assert starts(r"(?:your\s+)?consent") is None
    assert starts(r"[\w.]+@example") is None
    assert starts("caf\u00e9") == frozenset({"caf"})  # stops before a character that is not ASCII
    assert starts("\u00e9t\u00e9") is None


def test_search_at_starts_sees_what_precedes_a_start():
    rx = re.compile(r"(?<!not )\bshare\w*", re.IGNORECASE)
    starts = leading_literals(rx)
    for text in ("We do not share it.", "We SHARE it.", "Timeshare", "Sharing is not sharing: we do not share", "\u017fhare"):
        assert search_at_starts(rx, text, fold(text), starts) == (rx.search(text) is not None), text


# A small grammar of regexes built from literals, boundaries, digits, classes, look-arounds,
# groups, alternations and repeats; texts from the same letters and the characters case
# folding treats specially.
_ATOMS = st.sampled_from(
    ["a", "b", "ab", "K", "S", "I", "data", "keep", "\\b", "\\B", "\\d", "[ab]", "[sk]", "\\w", "\\s", ".", "-",
     "(?=a)", "(?!b)", "(?<=a)", "(?<!k)", "^", "$", "\u00e9"]
)
_REGEXES = st.recursive(
    _ATOMS,
    lambda inner: st.one_of(
        st.lists(inner, min_size=1, max_size=4).map("".join),
        st.lists(inner, min_size=2, max_size=3).map(lambda xs: "(?:" + "|".join(xs) + ")"),
        st.tuples(inner, st.sampled_from(["?", "*", "+", "{2}", "{1,3}", "??", "+?"])).map(lambda t: f"(?:{t[0]}){t[1]}"),
    ),
    max_leaves=10,
)
_TEXTS = st.lists(
    st.sampled_from(["a", "b", "ab", "data", "keep", "Keep", "KEEP", "\u212aeep", "\u017f", "\u0131", "\u0130", "S", "5", "\u0663",
                     " ", "-", "x", "\u00c9", "\u00e9"]),
    max_size=12,
).map("".join)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(_REGEXES, st.sampled_from([0, re.IGNORECASE]), _TEXTS)
def test_never_skips_a_regex_that_matches_and_starts_where_search_does(pattern, flags, text):
    try:
        rx = re.compile(pattern, flags)
    except re.error:
        assume(False)
    matches = rx.search(text) is not None
    gate = Gate([rx])
    if matches:
        assert gate.may(0, gate.scan(text)), (pattern, text, required_literals(rx))
    assert search_at_starts(rx, text, fold(text), leading_literals(rx)) == matches, (pattern, text)


# ---------------------------------------------------------------- the statements stage


_GATED = (
    [rx for _, rx in _statements._COMPILED]
    + [item for _, _, item in _statements._COMPILED_CONTEXT]
    + [item for _, item in _statements._RIGHT_ITEMS]
    + [_statements._CUE, _statements._RIGHTS_SENTENCE]
)


def _skipped_matches(text: str) -> list[str]:
    """Regexes the statements gate would skip on ``text`` although they match it (must be none)."""
    masked = _statements._mask(text)
    found = _statements._GATE.scan(masked)
    return [rx.pattern[:60] for i, rx in enumerate(_GATED) if rx.search(masked) and not _statements._GATE.may(i, found)]


def test_statements_gate_covers_every_regex_it_runs_before():
    assert len(_statements._GATE.needs) == len(_GATED)
    # most patterns have a literal to look for: the gate is not a no-op
    assert sum(1 for need in _statements._GATE.needs if need) >= 0.9 * len(_GATED)


# re's IGNORECASE matches "ſ" (long s) for "s", "K" (Kelvin) for "k", "ı" and "İ" for "i"
_FOLDING = ["We do not ſell your personal information.", "We \u212aeep logs for 30 days.",
            "Your rıght to erasure.", "We use fİrewalls and encryption."]


@pytest.mark.parametrize("text", [p.example for p in PATTERNS] + [e[4] for e in CONTEXT_PATTERNS] + _FOLDING, ids=lambda t: t[:40])
def test_statements_gate_passes_every_example_sentence(text):
    assert _skipped_matches(text) == []


def test_statements_gate_passes_every_matching_sentence_of_the_seeds():
    checked = 0
    for path in sorted(require(SEEDS).glob("*.txt")):
        document = read_file(path)
        for sentence in split_sentences(document):
            assert _skipped_matches(sentence.span.quote(document.text)) == [], sentence.span.quote(document.text)
            checked += 1
    assert checked > 100


# Fragments of the patterns' own vocabulary, joined at random, with characters that case folding
# treats specially (long s, dotless and dotted i, Kelvin sign), digits and punctuation.
_FRAGMENTS = st.sampled_from(
    [p.example[i : i + 12] for p in PATTERNS for i in range(0, len(p.example), 7)]
    + ["ſell", "İnformation", "\u212aeep", "DNT", "Do Not Track", "(", "\u201cwe\u201d", "5", "’", "GDPR", "Art. 6(1)(a)"]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_FRAGMENTS, st.text(max_size=6)), max_size=14).map("".join))
def test_statements_gate_never_skips_a_regex_that_matches(text):
    assert _skipped_matches(text) == []


# ---------------------------------------------------------------- the categorize stage


def _plain_scores(text: str, heading: str | None = None) -> dict[str, float]:
    """The classifier's scores computed the slow, obvious way: every cue's regex searched."""
    scores = dict.fromkeys(CATEGORY_IRIS, 0.0)
    headings = "\n".join(h for h in (heading, _leading_heading(text)) if h)
    for cue in CUES:
        target = headings if cue.heading else text
        if (target or not cue.heading) and re.search(cue.pattern, target, re.IGNORECASE):
            scores[cue.category] += cue.weight
    return scores


@pytest.mark.parametrize("cue", CUES, ids=lambda cue: f"{cue.category.rsplit('#', 1)[-1]}:{cue.example[:30]}")
def test_every_cue_example_scores_as_without_the_prefilter(cue):
    text, heading = ("x", cue.example) if cue.heading else (cue.example, None)
    assert category_scores(text, heading) == _plain_scores(text, heading)


def test_scores_equal_the_plain_computation_on_the_seed_policies():
    units = 0
    for path in sorted(require(SEEDS).iterdir()):
        document = read_file(path)
        for span, heading in paragraph_segments(document):
            text = document.text[span.start : span.end]
            assert category_scores(text, heading) == _plain_scores(text, heading), text[:80]
            units += 1
    assert units > 50


_WORDS = sorted({word for cue in CUES for word in re.findall(r"[A-Za-z']+|\d+|[.,:;@()-]", cue.example)})


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_WORDS + ["\u0130", "\u0131", "\u00df", "\u017f", "\u212a", "\u0663", "\n", "K\u0130DS"]), max_size=40), st.booleans())
def test_scores_equal_the_plain_computation_on_generated_text(words, capitalise):
    text = " ".join(word.upper() if capitalise else word for word in words)
    assert category_scores(text) == _plain_scores(text)
