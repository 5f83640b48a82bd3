"""The memoising parser gives exactly the plain spaCy pipeline's annotations."""

from __future__ import annotations

import pytest

from policykg.ingest.nlp import Parser, load_nlp

SENTENCES = [
    "We may share your name, e-mail address and phone number with our advertising partners.",
    "There are cases where we are required to disclose information to law enforcement.",
    "There is no way for us to guarantee the security of data sent over the Internet.",
    "Let's say you decide to delete your account: we will erase it within 30 days.",
    "We ain't gonna sell it, and y'all can't make us.",
    "It is used to remember you; you can remove it and it will not come back.",
    "We do not knowingly collect personal information from children under 13.",
    "Your information is stored on servers located in the United States.",
]


def _annotations(doc):
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i) for t in doc]


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def test_lookup_gives_the_plain_pipelines_annotations(nlp):
    parser = Parser(nlp, memo_size=0)
    expected = [_annotations(doc) for doc in nlp.pipe(SENTENCES)]
    # Twice: the first pass fills the lookup table, the second is answered from it.
    for _ in range(2):
        assert [_annotations(doc) for doc in parser.pipe(SENTENCES)] == expected


def test_rules_reading_a_neighbour_are_honoured(nlp):
    parser = Parser(nlp, memo_size=0)
    list(parser.pipe(["They are here.", "Let me know."]))  # "are" and "let" seen without their neighbours
    there_are, lets = parser.pipe(["There are cookies.", "Let's go."])
    assert there_are[1].pos_ == "VERB"  # not AUX: "there are" is a rule on two tokens
    assert lets[1].lemma_ == "us"


def _counting(parser: Parser) -> list[str]:
    """The texts ``parser`` sends to spaCy from now on."""
    parsed, parse = [], parser._parse
    parser._parse = lambda texts, batch_size: (parsed.extend(texts), parse(texts, batch_size))[1]
    return parsed


def test_a_repeated_sentence_is_parsed_once(nlp):
    parser = Parser(nlp, memo_size=2)
    parsed = _counting(parser)
    parser.pipe([SENTENCES[0]])
    parser.pipe([SENTENCES[0]])
    assert parsed == [SENTENCES[0]]
    parser.pipe(SENTENCES[1:3])  # pushes the first out of a memo of two
    parser.pipe([SENTENCES[0]])
    assert parsed == [SENTENCES[0], *SENTENCES[1:3], SENTENCES[0]]


def test_a_remembered_parse_is_the_first_parse(nlp):
    parser = Parser(nlp)
    texts = [*SENTENCES, "Two sentences here. And a second one with  two spaces.", ""]
    first = [
        (_annotations(doc), doc.text_with_ws, [s.text for s in doc.sents], [c.text for c in doc.noun_chunks])
        for doc in parser.pipe(texts)
    ]
    parsed = _counting(parser)
    again = [
        (_annotations(doc), doc.text_with_ws, [s.text for s in doc.sents], [c.text for c in doc.noun_chunks])
        for doc in parser.pipe(texts)
    ]
    assert parsed == []
    assert again == first


def test_a_pipeline_without_the_lookup_remembers_what_its_components_set(nlp):
    with nlp.select_pipes(disable=["lemmatizer"]):  # the lookup needs both components: they run as usual
        parser = Parser(nlp)
        first = [_annotations(doc) for doc in parser.pipe(SENTENCES)]
        parsed = _counting(parser)
        again = [_annotations(doc) for doc in parser.pipe(SENTENCES)]
    assert parsed == []
    assert again == first
    assert first[0][2][:3] == ("share", "VB", "VERB")  # the attribute ruler's part of speech, kept and given back


def test_duplicates_in_one_call_come_back_in_order(nlp):
    docs = list(Parser(nlp).pipe([SENTENCES[1], SENTENCES[0], SENTENCES[1]]))
    assert [d.text for d in docs] == [SENTENCES[1], SENTENCES[0], SENTENCES[1]]
    assert docs[0] is docs[2]


def test_indexed_rules_are_the_rules_that_match(nlp):
    """Filing the ruler's rules by token values leaves out only rules that cannot match."""
    from policykg.ingest.nlp import _holds, _TokenRules

    rules = _TokenRules.of(nlp)
    for doc in nlp.pipe(SENTENCES, disable=["attribute_ruler", "lemmatizer"]):
        for token in doc:
            read = {"LOWER": token.lower_, "TAG": token.tag_, "DEP": token.dep_, "IS_SPACE": token.is_space}
            matching = [
                n for n, (tests, _, _) in enumerate(rules.rules) if all(_holds(read[a], t, v) for a, t, v in tests)
            ]
            candidates = rules._rules_for(token.lower_, token.tag_, token.dep_)
            assert set(matching) <= set(candidates), token.text
            assert list(candidates) == sorted(candidates)  # the ruler's order: later rules override


def test_a_sentence_seen_again_is_annotated_from_the_table(nlp):
    parser = Parser(nlp, memo_size=0)
    sentence = "There are cookies that we use, and there is data we keep."
    first = _annotations(parser.pipe([sentence])[0])
    table = len(parser._morphology)
    again = _annotations(parser.pipe([sentence])[0])
    assert len(parser._morphology) == table  # nothing new to annotate
    assert again == first == _annotations(nlp(sentence))


def test_numpy_products_give_the_parses_of_thinc_s_default_blis(nlp):
    # The pipeline is built to multiply with NumPy's BLAS (faster); its parses must be BLIS's.
    import spacy
    from thinc.api import use_ops

    assert {layer.ops.use_blis for layer in nlp.get_pipe("tok2vec").model.walk()} == {False}
    with use_ops("numpy", use_blis=True):
        with_blis = spacy.load(nlp.meta["lang"] + "_" + nlp.meta["name"], exclude=["ner"])
    assert [_annotations(doc) for doc in Parser(nlp, memo_size=0).pipe(SENTENCES)] == [
        _annotations(doc) for doc in with_blis.pipe(SENTENCES)
    ]


def test_a_parse_runs_on_one_blas_thread(nlp):
    # Each ingest worker is a process with a core of its own: a second BLAS thread would take another's core.
    from threadpoolctl import threadpool_info

    seen = []

    def component(doc):
        seen.extend(pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas")
        return doc

    parser = Parser(nlp, memo_size=0)
    original = parser.nlp.pipe
    parser.nlp.pipe = lambda texts, **kwargs: (component(doc) for doc in original(texts, **kwargs))
    try:
        parser.pipe(["We collect your e-mail address."])
    finally:
        del parser.nlp.pipe
    assert seen and set(seen) == {1}


def test_a_verb_written_with_re_is_one_token_lemmatised_as_a_verb(nlp):
    # Split as "re", "-", "distribute", the sentence parsed with "re" as its verb and "sell" out of the denial.
    doc = Parser(nlp, memo_size=0).pipe(["We do not re-distribute or sell personal information; it is never Re-sold."])[0]
    words = {t.text: t for t in doc}
    assert "re" not in words and "-" not in words
    assert (words["re-distribute"].lemma_, words["Re-sold"].lemma_) == ("re-distribute", "re-sell")
    assert words["sell"].head.i == words["re-distribute"].i
    assert any(c.dep_ == "neg" for c in words["re-distribute"].children)
