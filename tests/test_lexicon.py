"""Tests of ingest.lexicon: label matching, and that its speed-ups change no result.

``find`` shares the words of a span between the schemes that scan it in turn and walks a
trie of label words; ``_reference_find`` below is the plain algorithm it replaced
(tokenise, then try every label length at every word, longest first).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policykg.ingest.lexicon import _SKIPPED, _WORD, LOOSE_SCHEMES, Lexicon, _normal, _opening, lexicon

SCHEMES = ("datatypes", "recipients", "purposes", "subjects")
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def _reference_find(lex: Lexicon, text: str, start: int = 0, end: int | None = None):
    end = len(text) if end is None else end
    lowered = text[start:end].lower()
    tokens = [
        (_normal(m.group(0)) if lex.loose else m.group(0), m.start() + start, m.end() + start)
        for m in _WORD.finditer(lowered)
        if not (lex.loose and m.group(0) in _SKIPPED)
    ]
    longest = max(map(len, lex._by_words))
    out, i = [], 0
    while i < len(tokens):
        for length in range(min(longest, len(tokens) - i), 0, -1):
            words = tuple(t[0] for t in tokens[i : i + length])
            iri = lex._by_words.get(words)
            s, e = tokens[i][1], tokens[i + length - 1][2]
            if iri is not None and (words in lex._listing or not any(c in text[s:e] for c in ",;")):
                s = _opening(text, s, e, start)
                out.append((iri, s, e, text[s:e]))
                i += length
                break
        else:
            i += 1
    return out


def _found(lex: Lexicon, text: str, start: int = 0, end: int | None = None):
    return [(m.concept, m.span.start, m.span.end, m.label) for m in lex.find(text, start, end)]


def test_labels_are_found_with_spans():
    text = "We collect the e-mail address and IP addresses."
    found = lexicon("datatypes").find(text)
    assert [m.label for m in found] == ["e-mail address", "IP addresses"]
    assert all(text[m.span.start : m.span.end] == m.label for m in found)


def test_a_label_runs_across_a_list_only_when_written_as_one():
    lex = lexicon("datatypes")
    # "access, date" is no "access date"
    assert [m.label for m in lex.find("the time of your access, date of birth")] == ["date of birth"]
    assert [m.label for m in lex.find("comments, questions or complaints")] == ["comments, questions or complaints"]


def test_a_mention_starting_inside_parentheses_takes_in_what_they_follow():
    text = "We log your Internet (IP) address and Internet Protocol (IP) address."
    assert [m.label for m in lexicon("datatypes").find(text)] == ["Internet (IP) address", "Internet Protocol (IP) address"]


def test_loose_scheme_skips_articles_and_plurals():
    assert "purposes" in LOOSE_SCHEMES
    text = "We use your e-mail address to respond to the inquiries you send us."
    assert [m.label for m in lexicon("purposes").find(text)] == _labels(_reference_find(lexicon("purposes"), text))
    assert lexicon("purposes").find(text), "a purpose is named"


def _labels(found):
    return [f[3] for f in found]


def test_spans_inside_a_sentence_are_absolute():
    text = "Intro. We share your postal address with shipping companies. End."
    start, end = 7, 60
    for scheme in SCHEMES:
        lex = lexicon(scheme)
        assert _found(lex, text, start, end) == _reference_find(lex, text, start, end)
    assert any(m.label == "postal address" for m in lexicon("datatypes").find(text, start, end))


def test_shared_words_do_not_leak_between_spans_or_texts():
    one = "We collect your email address."
    two = "We collect your phone numbers."  # as long as ``one``: the same span in another text
    assert len(one) == len(two)
    lex = lexicon("datatypes")
    first = _found(lex, one)
    assert _found(lex, two) == _reference_find(lex, two) != first
    assert _found(lex, one, 0, 10) == _reference_find(lex, one, 0, 10)  # same text, another span
    assert _found(lex, one) == first


def test_same_results_as_the_plain_algorithm_on_the_seeds():
    if not SEEDS.is_dir():
        pytest.skip(f"seeds not found at {SEEDS}")
    from policykg.ingest.read import read_file
    from policykg.ingest.segment import split_sentences

    compared = 0
    for path in sorted(SEEDS.glob("*.txt")):
        document = read_file(path)
        for sentence in split_sentences(document):
            for scheme in SCHEMES:  # in turn on each sentence, as the extractor does
                lex = lexicon(scheme)
                s, e = sentence.span.start, sentence.span.end
                assert _found(lex, document.text, s, e) == _reference_find(lex, document.text, s, e)
                compared += 1
    assert compared > 400


_WORDS = st.sampled_from(
    "personal information email address the your ip addresses postal mailing name phone number "
    "respond to inquiries customer service providers advertisers children under 13 don't İ ſ , . -".split()
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(_WORDS, st.text(max_size=4)), max_size=20).map(" ".join), st.data())
def test_same_results_as_the_plain_algorithm_on_any_text(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    for scheme in SCHEMES:
        lex = lexicon(scheme)
        assert _found(lex, text, start, end) == _reference_find(lex, text, start, end)
