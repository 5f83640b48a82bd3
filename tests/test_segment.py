from policykg.ingest.records import Block, BlockKind, Document
from policykg.ingest.segment import split_sentences


def _doc(text: str, blocks) -> Document:
    return Document(text, tuple(blocks), "t.txt", "text/plain", "0" * 64)


def _paragraph_sentences(text: str) -> list[str]:
    """The sentences of ``text`` read as one paragraph."""
    doc = _doc(text, [Block(BlockKind.PARAGRAPH, 0, len(text))])
    return [text[s.span.start : s.span.end] for s in split_sentences(doc)]


def test_sentences_keep_abbreviations_and_offsets():
    text = "We collect data, e.g. your name. We use it for billing, i.e. to charge you. Plimus, Inc. is the controller."
    assert _paragraph_sentences(text) == [
        "We collect data, e.g. your name.",
        "We use it for billing, i.e. to charge you.",
        "Plimus, Inc. is the controller.",
    ]


def test_sentences_glued_by_a_lost_space_are_split_but_addresses_are_not():
    # Real page text whose paragraphs lost the space between them (bulk corpus).
    text = (
        "They will use this personal information for trend analysis.We will share your name with our providers. "
        "How does it work?Cookies are small files. Visit www.SheKnows.com or example.com.This is the end."
    )
    assert _paragraph_sentences(text) == [
        "They will use this personal information for trend analysis.",
        "We will share your name with our providers.",
        "How does it work?",
        "Cookies are small files.",
        "Visit www.SheKnows.com or example.com.This is the end.",
    ]


def test_a_heading_glued_to_the_sentence_after_it_is_split_off():
    # Real page text whose headings lost their line break (bulk corpus: 361 of the first 3,000 policies).
    text = (
        "Types of Information We CollectWe collect personal information from you. Disclosure PolicyWe disclose it "
        "as necessary. About our privacy policyThis policy describes our practices. Visit www.exampleWe.com today."
    )
    assert _paragraph_sentences(text) == [
        "Types of Information We Collect",
        "We collect personal information from you.",
        "Disclosure Policy",
        "We disclose it as necessary.",
        "About our privacy policy",
        "This policy describes our practices.",
        "Visit www.exampleWe.com today.",
    ]


def test_list_items_carry_lead_in_and_heading_path():
    text = "Data we hold\n\nCookies\n\nWe collect your email address to:\n\nSend updates;\n\nProcess orders.\n\nAfter the list."
    spans = [(0, 12, BlockKind.HEADING, 1), (14, 21, BlockKind.HEADING, 2), (23, 56, BlockKind.PARAGRAPH, 0),
             (58, 71, BlockKind.LIST_ITEM, 1), (73, 88, BlockKind.LIST_ITEM, 1), (90, 105, BlockKind.PARAGRAPH, 0)]
    doc = _doc(text, [Block(k, s, e, lvl) for s, e, k, lvl in spans])
    sentences = split_sentences(doc)
    items = [s for s in sentences if s.kind is BlockKind.LIST_ITEM]
    assert [text[s.lead_in.start : s.lead_in.end] for s in items] == ["We collect your email address to:"] * 2
    assert [text[h.start : h.end] for h in items[0].headings] == ["Data we hold", "Cookies"]
    after = sentences[-1]
    assert after.lead_in is None and text[after.span.start : after.span.end] == "After the list."


def test_sibling_heading_replaces_previous_one():
    text = "A\n\nB\n\nx.\n\nC\n\ny."
    blocks = [Block(BlockKind.HEADING, 0, 1, 1), Block(BlockKind.HEADING, 3, 4, 2), Block(BlockKind.PARAGRAPH, 6, 8),
              Block(BlockKind.HEADING, 10, 11, 2), Block(BlockKind.PARAGRAPH, 13, 15)]
    last = split_sentences(_doc(text, blocks))[-1]
    assert [text[h.start : h.end] for h in last.headings] == ["A", "C"]
