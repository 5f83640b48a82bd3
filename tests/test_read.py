"""Tests of policykg.ingest.read: formats, encodings, noise, structure, robustness."""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pdfs import pdf_pages

from policykg.errors import InputError
from policykg.ingest.read import detect_language, read_bytes, read_file, read_text, sniff_media_type
from policykg.ingest.records import BlockKind, Document

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEEDS = SHARED / "seeds"


def seed(prefix: str) -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"shared seeds not found at {SEEDS}")
    found = sorted(SEEDS.glob(f"{prefix}_*"))
    if not found:
        pytest.skip(f"seed {prefix} not found in {SEEDS}")
    return found[0]


def check_invariants(doc: Document) -> None:
    """Blocks are sorted, disjoint, within the text, and cover every non-blank character."""
    assert doc.blocks, "a document has at least one block"
    prev_end = 0
    covered = []
    for b in doc.blocks:
        assert 0 <= b.start < b.end <= len(doc.text)
        assert b.start >= prev_end
        gap = doc.text[prev_end : b.start]
        assert gap.strip() == "", f"uncovered text {gap!r}"
        assert gap in ("", "\n", "\n\n") or prev_end == 0
        covered.append(doc.block_text(b))
        prev_end = b.end
    assert doc.text[prev_end:].strip() == ""
    assert doc.text == doc.text.strip()


def blocks_of(doc: Document, kind: BlockKind) -> list[str]:
    return [doc.block_text(b) for b in doc.blocks if b.kind == kind]


# --------------------------------------------------------------------------- seeds


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seed_invariants_and_no_placeholders(prefix: str) -> None:
    doc = read_file(seed(prefix))
    check_invariants(doc)
    assert "{" not in doc.text
    assert "](" not in doc.text and "**" not in doc.text
    assert "\r" not in doc.text and "\u00a0" not in doc.text


def test_seed_000_headings_and_placeholder_lists() -> None:
    doc = read_file(seed("000"))
    headings = blocks_of(doc, BlockKind.HEADING)
    assert "What PII do we collect from the people that visit our website?" in headings
    assert "Privacy Policy." in headings and "Cookies." in headings
    items = blocks_of(doc, BlockKind.LIST_ITEM)
    assert "Users may visit our website anonymously;" in items
    assert "Allow users to unsubscribe by using the link at or near the bottom of each email." in items
    assert len(items) == 15
    assert "See more at" not in doc.text
    # the list after its lead-in is separated by single line breaks
    assert "to the following:\n\nUsers may visit our website anonymously;\nWe have added" in doc.text
    # the contact sentence keeps its commas where a removed link stood
    assert "3PLUS international Inc., 1502 Foothill Blvd., Suite 103-260, La Verne, CA 91750; Toll Free" in doc.text


def test_seed_001_numbered_section_headings() -> None:
    doc = read_file(seed("001"))
    levels = {doc.block_text(b): b.level for b in doc.blocks if b.kind == BlockKind.HEADING}
    assert levels["1. Changes to this Privacy Statement"] == 2
    assert levels["(a) Information Provided Directly to PLUS"] == 3
    assert levels["(1) Account and Contact Information"] == 4
    assert "Last updated: February 2023" in blocks_of(doc, BlockKind.PARAGRAPH)
    # a lead-in whose list is missing in the source stays as it is
    assert "Personal Information for the following purposes:\n\nLegal Basis" in doc.text


def test_seed_002_markdown_in_txt() -> None:
    doc = read_file(seed("002"))
    assert doc.media_type == "text/markdown"
    headings = blocks_of(doc, BlockKind.HEADING)
    assert "Introduction" in headings and "Part I. Information Collection" in headings
    assert "Wayback Machine" not in doc.text  # the archive note is page chrome
    assert "contact us at PrivacyOptions@plimus.com." in doc.text
    assert "http://www.export.gov/safeharbor/" in doc.text
    assert "mailto:" not in doc.text


def test_seed_003_breadcrumb_and_source_url() -> None:
    doc = read_file(seed("003"))
    assert doc.text.startswith("Policy on Privacy and Personal Information Use")
    assert "Home > About Us" not in doc.text and "Source URL" not in doc.text
    assert doc.url == "http://home.plimus.com/ecommerce/about-us/legal/privacy-policy"


def test_seed_004_menus_and_footer_removed() -> None:
    doc = read_file(seed("004"))
    assert doc.text.startswith("Privacy and Security\n\nAt Plantraco")
    assert doc.text.endswith("Updated Aug 23, 2017")
    for chrome in ("Compare Products", "My Account", "Log In", "shopping cart.", "©", "away until May"):
        assert chrome not in doc.text
    headings = blocks_of(doc, BlockKind.HEADING)
    assert "Security" in headings and "Notification and Changes" in headings
    # bullets glued on one line become list items
    assert "Phone: 1-306-955-1836" in blocks_of(doc, BlockKind.LIST_ITEM)


# --------------------------------------------------------------------------- formats


def test_plain_text_paragraphs_and_heading() -> None:
    doc = read_bytes(b"Security\r\n\r\nWe protect your data.\r\nWe use TLS.\r\n", source="p.txt")
    assert doc.text == "Security\n\nWe protect your data.\n\nWe use TLS."
    assert [b.kind for b in doc.blocks] == [BlockKind.HEADING, BlockKind.PARAGRAPH, BlockKind.PARAGRAPH]


def test_hard_wrapped_text_is_joined() -> None:
    para = (
        "We collect information that you provide to us when you register for an\n"
        "account, place an order, enter a contest or sweepstakes, respond to a\n"
        "survey, or otherwise communicate with our customer service team by email.\n"
    )
    doc = read_text("Information We Collect\n\n" + para * 4, source="w.txt")
    paras = blocks_of(doc, BlockKind.PARAGRAPH)
    assert paras[0].startswith("We collect information that you provide to us when you register for an account, place")


def test_markdown_structures() -> None:
    md = (
        "Title\n=====\n\n## Data we collect\n\nWe collect:\n\n- your **name**\n- your [email](mailto:a@b.co)\n"
        "  * nested item\n\n1. first\n2. second\n\n> This notice is quoted from our _terms of service_ page.\n\n| Data | Purpose |\n| --- | --- |\n"
        "| Email | Login |\n\nSee <https://example.com/x>.\n"
    )
    doc = read_bytes(md.encode(), source="m.md")
    check_invariants(doc)
    assert doc.media_type == "text/markdown"
    kinds = [(b.kind, b.level, doc.block_text(b)) for b in doc.blocks]
    assert (BlockKind.HEADING, 1, "Title") in kinds
    assert (BlockKind.HEADING, 2, "Data we collect") in kinds
    assert (BlockKind.LIST_ITEM, 1, "your name") in kinds
    assert (BlockKind.LIST_ITEM, 1, "your email") in kinds
    assert (BlockKind.LIST_ITEM, 2, "nested item") in kinds
    assert (BlockKind.LIST_ITEM, 1, "first") in kinds
    assert (BlockKind.PARAGRAPH, 0, "This notice is quoted from our terms of service page.") in kinds
    assert (BlockKind.PARAGRAPH, 0, "Email: Login") in kinds
    assert "See https://example.com/x." in doc.text


def test_html_keeps_headings_lists_drops_chrome() -> None:
    body = " ".join(["We collect your name and email address when you create an account."] * 4)
    html = f"""<!DOCTYPE html><html><head><title>t</title><script>var x = 1;</script></head><body>
    <nav><a href="/">Home</a> <a href="/shop">Shop</a></nav>
    <div id="cookie-banner">This site uses cookies. <button>Accept</button></div>
    <main><h1>Privacy Policy</h1><p>{body}</p>
    <h2>How we use data</h2><p>{body}</p>
    <ul><li>To provide the service you asked for and to keep it secure.</li>
    <li>To send you receipts and important notices about your account.</li></ul>
    <h2>Contact</h2><p>Write to privacy@example.com with any question about this policy or your data.</p></main>
    <footer>&copy; 2024 Example Inc. All rights reserved.</footer></body></html>"""
    doc = read_bytes(html.encode(), source="p.html")
    check_invariants(doc)
    assert doc.media_type == "text/html"
    headings = blocks_of(doc, BlockKind.HEADING)
    assert "How we use data" in headings and "Contact" in headings
    items = blocks_of(doc, BlockKind.LIST_ITEM)
    assert "To send you receipts and important notices about your account." in items
    for chrome in ("var x", "Accept", "All rights reserved", "Shop"):
        assert chrome not in doc.text


def test_html_nested_10000_deep_does_not_crash() -> None:
    html = "<html><body>" + "<div>" * 10000 + "<p>We collect your email address to answer you.</p>" + "</div>" * 10000
    doc = read_bytes(html.encode(), source="deep.html")
    assert "We collect your email address" in doc.text


def test_pdf_text_layer(tmp_path: Path) -> None:
    pdf = pdf_pages([["Privacy Notice", "", "We collect your email address when you sign up."]])
    path = tmp_path / "notice.pdf"
    path.write_bytes(pdf)
    doc = read_file(path)
    assert doc.media_type == "application/pdf"
    assert "We collect your email address when you sign up." in doc.text
    assert sniff_media_type(pdf) == "application/pdf"


def test_pdf_without_text_layer(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(pdf_pages([[]]))
    with pytest.raises(InputError, match=r"scan\.pdf: PDF has no text layer \(scanned\?\); run OCR first"):
        read_file(path)


def test_encryptedpdf_pages(tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_pages([["We sell nothing."]]))))
    writer.encrypt(user_password="secret", owner_password="owner")
    buf = io.BytesIO()
    writer.write(buf)
    path = tmp_path / "locked.pdf"
    path.write_bytes(buf.getvalue())
    with pytest.raises(InputError, match=r"locked\.pdf: PDF is encrypted"):
        read_file(path)


def test_corruptpdf_pages(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\ngarbage")
    with pytest.raises(InputError, match="broken.pdf"):
        read_file(path)


# --------------------------------------------------------------------------- encodings

TEXT = "Privacy\n\nWe don’t sell your “personal data” — café owners’ names included.\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1252"])
def test_encodings(encoding: str) -> None:
    data = TEXT.encode(encoding)
    doc = read_bytes(data, source=f"x.{encoding}.txt")
    assert doc.text == "Privacy\n\nWe don’t sell your “personal data” — café owners’ names included."


def test_latin1_fallback() -> None:
    doc = read_bytes("Données personnelles : nous collectons votre nom.".encode("latin-1"), source="f.txt")
    assert "Données personnelles" in doc.text


def test_nfc_and_line_endings() -> None:
    doc = read_bytes("Cafe\u0301 policy\r\rWe collect data.\r\nMore text here.".encode(), source="n.txt")
    assert "Café policy" in doc.text and "\r" not in doc.text


def test_sha256_is_of_raw_bytes() -> None:
    import hashlib

    data = b"\xef\xbb\xbfWe collect data."
    assert read_bytes(data, source="s.txt").sha256 == hashlib.sha256(data).hexdigest()
    assert read_text("We collect data.", source="c#L1").sha256 == hashlib.sha256(b"We collect data.").hexdigest()


# --------------------------------------------------------------------------- bad inputs


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty: no text"),
        (b" \n\t\r\n  ", "empty: no text"),
        (bytes(range(256)) * 8, "not text: looks like binary data"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" * 20, "not text: looks like binary data"),
    ],
)
def test_bad_bytes(tmp_path: Path, data: bytes, reason: str) -> None:
    path = tmp_path / "bad_input.txt"
    path.write_bytes(data)
    with pytest.raises(InputError) as info:
        read_file(path)
    assert "bad_input.txt" in str(info.value)
    assert info.value.reason.startswith(reason)


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="nope.txt: no such file"):
        read_file(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="is a folder"):
        read_file(tmp_path)


def test_only_chrome_is_empty() -> None:
    with pytest.raises(InputError, match="empty"):
        read_text("{list item}\n{removed hyperref}\n", source="c#L9")


def test_a_sentence_naming_a_camel_case_brand_is_not_a_glued_menu() -> None:
    # OPP-115 (MediaNews): three "MediaNews" in one sentence looked like menu words run together.
    text = ("MediaNews may disclose the information collected where MediaNews, in good faith, believes the disclosure "
            "is necessary to (1) comply with the law; (2) protect and defend MediaNews rights and property.")
    assert read_text(text, source="one-sentence.txt").text.strip() == text
    with pytest.raises(InputError, match="empty"):
        read_text("HomeAbout UsContactPrivacyTerms\n", source="menu.txt")


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=3000))
def test_any_bytes_give_document_or_input_error(data: bytes) -> None:
    try:
        doc = read_bytes(data, source="fuzz.bin")
    except InputError as exc:
        assert exc.path == "fuzz.bin"
    else:
        check_invariants(doc)


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab #*-_[]()<>{}:.\n\t1)|!`\\")) | st.characters(), max_size=400))
def test_any_markdownish_text_gives_document_or_input_error(text: str) -> None:
    try:
        doc = read_bytes(text.encode("utf-8", "surrogatepass"), source="fuzz.md", media_type="text/markdown")
    except InputError:
        return
    check_invariants(doc)


@settings(max_examples=100, deadline=None)
@given(
    st.binary(max_size=3000) | st.text(max_size=800).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.sampled_from(["text/plain", "text/markdown", "text/html", "application/pdf", "md", "bogus/type", None]),
)
def test_any_bytes_with_any_declared_media_type(data: bytes, media_type: str | None) -> None:
    try:
        doc = read_bytes(data, source="fuzz", media_type=media_type)
    except InputError as exc:
        assert exc.path == "fuzz" and exc.reason
    else:
        check_invariants(doc)
        doc.text.encode("utf-8")  # writable as UTF-8: no lone surrogates


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=800), st.sampled_from(["text/plain", "text/markdown", "text/html"]))
def test_any_text_gives_document_or_input_error(text: str, media_type: str) -> None:
    try:
        doc = read_text(text, source="c#L1", media_type=media_type)
    except InputError as exc:
        assert exc.path == "c#L1"
    else:
        check_invariants(doc)
        doc.text.encode("utf-8")


def test_too_large_inputs_are_refused_before_parsing(tmp_path: Path) -> None:
    from policykg.ingest import read as read_module

    text = "We collect your email address. " * (read_module.MAX_TEXT_CHARS // 31 + 10)
    start = time.perf_counter()
    with pytest.raises(InputError, match=r"too long: [\d,]+ characters"):
        read_text(text, source="dump.txt")
    assert time.perf_counter() - start < 2.0
    with pytest.raises(InputError, match="too long"):
        read_bytes(text.encode(), source="dump.txt")


def test_lone_surrogates_are_dropped_from_corpus_text() -> None:
    doc = read_text("Privacy\n\nWe collect \ud83d your email address.", source="c#L2")
    assert doc.text == "Privacy\n\nWe collect your email address."


def test_stray_nul_bytes_do_not_make_text_binary() -> None:
    data = b"Privacy\n\nWe collect your email address" + b"\x00" * 3 + b" to answer you." * 20
    assert "We collect your email address to answer you." in read_bytes(data, source="n.txt").text


def test_page_of_menus_only_is_empty() -> None:
    html = b"<html><body><nav><a href='/'>Home</a><a href='/shop'>Shop</a></nav><p>Blog</p></body></html>"
    with pytest.raises(InputError, match="empty"):
        read_bytes(html, source="menus.html")


def test_pdf_warnings_do_not_reach_the_log(tmp_path: Path, caplog) -> None:
    path = tmp_path / "no-eof.pdf"
    path.write_bytes(pdf_pages([["We collect your email address."]]).replace(b"%%EOF", b""))
    with caplog.at_level("DEBUG"), pytest.raises(InputError):
        read_file(path)
    assert not [r for r in caplog.records if r.name.startswith("pypdf")]


# --------------------------------------------------------------------------- scale


def test_large_inputs_are_linear() -> None:
    para = "We collect the data you give us and use it to run the service. " * 20
    text = "\n\n".join(f"{para} ({i})" for i in range(4000))  # ~5 MB
    start = time.perf_counter()
    doc = read_text(text, source="big.txt")
    elapsed = time.perf_counter() - start
    assert len(doc.blocks) == 4000
    assert elapsed < 5.0, f"5 MB took {elapsed:.1f} s"


def test_hundred_thousand_item_list() -> None:
    text = "Data we collect:\n\n" + "\n".join(f"- data item {i}" for i in range(100_000))
    doc = read_text(text, source="list.md", media_type="text/markdown")
    assert sum(1 for b in doc.blocks if b.kind == BlockKind.LIST_ITEM) == 100_000


# --------------------------------------------------------------------------- language


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("We collect the information you provide to us and we use it to operate our services.", "en"),
        ("Wir verarbeiten Ihre personenbezogenen Daten nur, wenn Sie uns die Einwilligung geben und das Gesetz es erlaubt.", "de"),
        ("Nous collectons les données que vous nous fournissez pour la gestion de vos commandes et pour le service.", "fr"),
        ("Recopilamos los datos que usted nos proporciona para la gestión de los pedidos y para el servicio.", "es"),
        ("12345 67890", None),
    ],
)
def test_detect_language(text: str, lang: str | None) -> None:
    assert detect_language(text) == lang


# --------------------------------------------------------------------------- regressions on the shipped examples

EXAMPLES = Path(__file__).resolve().parents[1] / "policykg" / "examples"
_BODY = " ".join(["We collect your name and email address when you create an account with us."] * 5)


def test_html_page_title_and_time_date_line_are_kept() -> None:
    # heronstep-fitness.html: trafilatura dropped the <h1> and <p class="meta"><time>, so no date was found
    html = f"""<!doctype html><html><body><nav><a href="/">Home</a><a href="/blog">Blog</a></nav>
    <main><article><h1>Acme Privacy Policy</h1>
    <p class="meta">Effective as of <time datetime="2023-10-28">28 October 2023</time></p>
    <p>{_BODY}</p><h2>Sharing</h2><p>{_BODY}</p></article></main></body></html>"""
    doc = read_bytes(html.encode(), source="title.html")
    check_invariants(doc)
    assert doc.text.startswith("Acme Privacy Policy\n\nEffective as of 28 October 2023\n\n")
    assert blocks_of(doc, BlockKind.HEADING)[0] == "Acme Privacy Policy"
    assert "Home" not in doc.text and "Blog" not in doc.text


def test_html_address_lines_after_the_last_paragraph_are_kept() -> None:
    # cobblestack-outfitters-2024.html lost "Bend, OR 97703" and "United States" of its <address>
    html = f"""<html><body><main><h1>Privacy</h1><p>{_BODY}</p>
    <h2>Contact</h2><p>Write to us at:</p>
    <address>Acme Outfitters, Inc.<br>Attn: Privacy Office<br>2150 NW Juniper Ridge Road<br>Bend, OR 97703<br>United States</address>
    </main><footer><ul><li><a href="/terms">Terms of Use</a></li><li><a href="/p">Privacy Policy</a></li></ul>
    <p>&copy; 2024 Acme Outfitters, Inc. All rights reserved.</p></footer></body></html>"""
    doc = read_bytes(html.encode(), source="address.html")
    check_invariants(doc)
    assert doc.text.endswith("2150 NW Juniper Ridge Road\n\nBend, OR 97703\n\nUnited States")
    assert "Terms of Use" not in doc.text and "All rights reserved" not in doc.text


def test_closing_contact_block_is_not_cut_as_chrome() -> None:
    # glimmerpane-photo.txt lost its final "Contact Us" heading, postal address and phone
    text = (
        f"Privacy Policy\n\n{_BODY}\n\nChanges\n\n{_BODY}\n\nContact Us\n\nAcme Apps, Inc.\n"
        "600 Congress Avenue, Suite 1400\nAustin, TX 78701\nprivacy@acme.example\n(512) 555-0163\n"
    )
    doc = read_text(text, source="contact.txt")
    check_invariants(doc)
    assert "Contact Us" in blocks_of(doc, BlockKind.HEADING)
    paragraphs = blocks_of(doc, BlockKind.PARAGRAPH)
    for line in ("600 Congress Avenue, Suite 1400", "Austin, TX 78701", "privacy@acme.example", "(512) 555-0163"):
        assert line in paragraphs  # one block each: the e-mail is not glued to the postcode line


def test_footer_after_a_contact_block_is_still_removed() -> None:
    text = (
        f"Privacy Policy\n\n{_BODY}\n\nContact Us\n\nprivacy@acme.example\n\n"
        "Home\nShop\nBlog\nLog in\n\n© 2024 Acme Apps, Inc.\n"
    )
    doc = read_text(text, source="footer.txt")
    assert doc.text.endswith("privacy@acme.example")


@pytest.mark.parametrize(
    ("name", "lines"),
    [
        ("glimmerpane-photo.txt", ["Contact Us", "600 Congress Avenue, Suite 1400", "Austin, TX 78701", "(512) 555-0163"]),
        ("cobblestack-outfitters-2024.html", ["Bend, OR 97703", "United States"]),
        ("heronstep-fitness.html", ["Heronstep Privacy Policy", "Effective as of 28 October 2023"]),
    ],
)
def test_examples_keep_title_date_and_contact_lines(name: str, lines: list[str]) -> None:
    doc = read_file(EXAMPLES / name)
    check_invariants(doc)
    texts = {doc.block_text(b) for b in doc.blocks}
    for line in lines:
        assert line in texts
