"""Read policy files (text, Markdown, HTML, PDF) into normalised ``Document`` records.

The first stage of the ingest chain. It turns bytes into a ``Document`` whose
``text`` every later offset refers to, and whose ``blocks`` say which parts of the
text are headings, paragraphs and list items.

What it does, in order:

1. decode (BOMs, UTF-16 without BOM, UTF-8, cp1252 / charset-normalizer fallback)
   and refuse binary junk and empty input with an ``InputError``;
2. for HTML, extract the main content with trafilatura (Markdown output, headings
   and lists kept), falling back to an lxml block walk; for PDF, take pypdf's text
   layer and drop running headers, footers and page numbers;
3. normalise: ``\\n`` line ends, NFC, no-break spaces to spaces, control and
   zero-width characters removed;
4. parse lines: Markdown headings (ATX, setext, bold-only lines), list markers,
   blockquotes, tables, links and emphasis, and crawler placeholders such as
   ``{list item}`` (dropped, but the line after it becomes a list item);
5. remove page chrome: menus, breadcrumbs, cart / newsletter / cookie-banner
   lines, copyright footers, archive notes, before the policy starts and after
   it ends;
6. decide which remaining lines are headings (short title-like lines followed by
   more text, numbered section titles) and give them levels;
7. lay the text out: blocks separated by a blank line, list items of one list by a
   single line break.

Everything runs line by line with regular expressions that cannot backtrack
badly, so a 50 MB input reads in linear time.
"""

from __future__ import annotations

import codecs
import contextlib
import hashlib
import io
import logging
import re
import warnings
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from policykg.errors import InputError
from policykg.ingest.records import Block, BlockKind, Document

__all__ = [
    "MEDIA_HTML",
    "MEDIA_MARKDOWN",
    "MEDIA_PDF",
    "MEDIA_TEXT",
    "TEXT_EXTENSIONS",
    "decode_text",
    "detect_language",
    "media_type_for",
    "read_bytes",
    "read_file",
    "read_text",
    "sniff_media_type",
    "MAX_FILE_BYTES",
    "MAX_TEXT_CHARS",
]

MEDIA_TEXT = "text/plain"
MEDIA_MARKDOWN = "text/markdown"
MEDIA_HTML = "text/html"
MEDIA_PDF = "application/pdf"

#: File extensions this reader accepts, with the media type each one means.
TEXT_EXTENSIONS: dict[str, str] = {
    ".txt": MEDIA_TEXT,
    ".text": MEDIA_TEXT,
    ".md": MEDIA_MARKDOWN,
    ".markdown": MEDIA_MARKDOWN,
    ".html": MEDIA_HTML,
    ".htm": MEDIA_HTML,
    ".xhtml": MEDIA_HTML,
    ".pdf": MEDIA_PDF,
}

_MEDIA_ALIASES = {
    "txt": MEDIA_TEXT,
    "text": MEDIA_TEXT,
    "plain": MEDIA_TEXT,
    "text/plain": MEDIA_TEXT,
    "md": MEDIA_MARKDOWN,
    "markdown": MEDIA_MARKDOWN,
    "text/markdown": MEDIA_MARKDOWN,
    "text/x-markdown": MEDIA_MARKDOWN,
    "html": MEDIA_HTML,
    "htm": MEDIA_HTML,
    "xhtml": MEDIA_HTML,
    "text/html": MEDIA_HTML,
    "application/xhtml+xml": MEDIA_HTML,
    "pdf": MEDIA_PDF,
    "application/pdf": MEDIA_PDF,
}


#: Largest file read at all (bytes). Policies are far smaller; this guards memory.
MAX_FILE_BYTES = 64 * 1024 * 1024
#: Longest text (characters, after decoding / HTML or PDF extraction) read as one
#: policy. The longest of the 13,192 policies of the GDPR-landscape corpus has
#: about 800,000; anything past this is a dump, a log or an archive, not a policy.
MAX_TEXT_CHARS = 10_000_000


# --------------------------------------------------------------------------- entry points


def read_file(path: str | Path) -> Document:
    """Read one policy file.

    The format comes from the extension (``.txt .md .markdown .html .htm .xhtml
    .pdf``; anything else is sniffed from the content).

    :param path: the file to read.
    :returns: the normalised ``Document``; its ``source`` is ``str(path)``.
    :raises InputError: the file is missing, unreadable, empty, binary, an
        encrypted or scanned PDF.
    """
    p = Path(path)
    source = str(path)
    try:
        size = p.stat().st_size
        if size > MAX_FILE_BYTES and p.is_file():
            raise InputError(source, f"too large: {_size(size)}; policykg reads policy files up to {_size(MAX_FILE_BYTES)}")
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError(source, "no such file") from None
    except IsADirectoryError:
        raise InputError(source, "is a folder, not a file") from None
    except PermissionError:
        raise InputError(source, "permission denied: cannot read the file") from None
    except OSError as exc:
        raise InputError(source, f"cannot read the file: {exc.strerror or exc}") from None
    return read_bytes(data, source=source, media_type=media_type_for(p))


def read_bytes(
    data: bytes,
    *,
    source: str,
    media_type: str | None = None,
    url: str | None = None,
) -> Document:
    """Read a policy from raw bytes.

    :param data: the file content.
    :param source: where it came from (a path, ``corpus.jsonl.gz#L12``); used in
        ``Document.source`` and in error messages.
    :param media_type: ``text/plain``, ``text/markdown``, ``text/html`` or
        ``application/pdf`` (or a short alias such as ``"markdown"``); ``None``
        sniffs the content. A PDF or HTML signature in the content wins over a
        text media type.
    :param url: where the policy was published, if known.
    :returns: the normalised ``Document``; ``sha256`` is the digest of ``data``.
    :raises InputError: the data is empty, binary, or an unreadable PDF.

    >>> doc = read_bytes(b"Privacy\\n\\nWe collect your email address.", source="x.txt")
    >>> [(b.kind.value, doc.block_text(b)) for b in doc.blocks]
    [('heading', 'Privacy'), ('paragraph', 'We collect your email address.')]
    """
    if len(data) > MAX_FILE_BYTES:
        raise InputError(source, f"too large: {_size(len(data))}; policykg reads policy files up to {_size(MAX_FILE_BYTES)}")
    digest = hashlib.sha256(data).hexdigest()
    if not data.strip(b" \t\r\n\x00\x0b\x0c"):
        raise InputError(source, "empty: no text")
    media = _resolve_media_type(data, media_type)
    if media == MEDIA_PDF:
        raw = _check_length(_pdf_text(data, source), source)
        text, blocks, found_url = _structure(raw, source, pdf=True)
    elif media == MEDIA_HTML:
        html = decode_text(data, source=source, html=True)
        markdown = _check_length(_html_to_markdown(html), source)
        text, blocks, found_url = _structure(markdown, source)
    else:
        raw = _check_length(decode_text(data, source=source), source)
        if media == MEDIA_TEXT and _looks_like_markdown(raw):
            media = MEDIA_MARKDOWN
        text, blocks, found_url = _structure(raw, source)
    return Document(
        text=text,
        blocks=blocks,
        source=source,
        media_type=media,
        sha256=digest,
        url=url or found_url,
    )


def read_text(
    text: str,
    *,
    source: str,
    media_type: str = MEDIA_TEXT,
    url: str | None = None,
) -> Document:
    """Read a policy whose text is already a ``str`` (a corpus line, say).

    ``sha256`` is the digest of the UTF-8 bytes of ``text``. HTML text goes
    through the HTML extractor, anything else through the text parser (a PDF
    media type is not accepted here: its bytes are needed).

    :raises InputError: the text is empty or binary junk, or ``media_type`` is PDF.

    >>> read_text("# Privacy\\n\\nWe never sell data.", source="c#L1").text
    'Privacy\\n\\nWe never sell data.'
    """
    media = _MEDIA_ALIASES.get((media_type or MEDIA_TEXT).strip().lower(), MEDIA_TEXT)
    if media == MEDIA_PDF:
        raise InputError(source, "a PDF must be read from its bytes (read_bytes), not from text")
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    if "\ud800" <= max(text, default="") and _SURROGATE.search(text):
        text = _SURROGATE.sub("", text)  # a JSON "\\ud83d" escape alone: not writable as UTF-8
    if not text.strip():
        raise InputError(source, "empty: no text")
    _check_text_not_binary(text, source)
    if media == MEDIA_HTML or (media_type is None and _sniff_html_text(text[:2048])):
        _check_length(text, source, limit=MAX_FILE_BYTES)
        body, blocks, found_url = _structure(_check_length(_html_to_markdown(text), source), source)
        media = MEDIA_HTML
    else:
        body, blocks, found_url = _structure(_check_length(text, source), source)
    return Document(
        text=body, blocks=blocks, source=source, media_type=media, sha256=digest, url=url or found_url
    )


def media_type_for(path: str | Path) -> str | None:
    """The media type an extension means, or ``None`` when it has to be sniffed.

    >>> media_type_for("policy.HTM"), media_type_for("README")
    ('text/html', None)
    """
    return TEXT_EXTENSIONS.get(Path(path).suffix.lower())


def sniff_media_type(data: bytes) -> str:
    """Guess the media type of raw bytes from their content.

    >>> sniff_media_type(b"%PDF-1.7 ..."), sniff_media_type(b"<!doctype html><p>x")
    ('application/pdf', 'text/html')
    >>> sniff_media_type(b"# Title\\n\\n- [link](http://x)"), sniff_media_type(b"plain words")
    ('text/markdown', 'text/plain')
    """
    head = data[:4096]
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"%PDF-"):
        return MEDIA_PDF
    try:
        sample = _decode_sample(head)
    except UnicodeError:
        return MEDIA_TEXT
    if _sniff_html_text(sample):
        return MEDIA_HTML
    if _looks_like_markdown(sample):
        return MEDIA_MARKDOWN
    return MEDIA_TEXT


_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _size(n: int) -> str:
    """``"50.0 MB"``.

    >>> _size(52_428_800)
    '50.0 MB'
    """
    return f"{n / 1024 / 1024:.1f} MB"


def _check_length(text: str, source: str, *, limit: int | None = None) -> str:
    """``text``, or an ``InputError`` when it is longer than a policy can be."""
    limit = MAX_TEXT_CHARS if limit is None else limit
    if len(text) > limit:
        raise InputError(
            source,
            f"too long: {len(text):,} characters of text; policykg reads policies up to {limit:,} "
            "(is this a dump or a log rather than one policy?)",
        )
    return text


# --------------------------------------------------------------------------- decoding

_HTML_SIGNATURE = re.compile(
    r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b"
    r"|<(?:html|body)\b[^>]*>",
    re.IGNORECASE | re.DOTALL,
)
_HTML_TAGS = re.compile(r"</?(?:p|div|span|a|br|li|ul|ol|h[1-6]|table|td|tr)\b[^>]*>", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.IGNORECASE)


def _decode_sample(head: bytes) -> str:
    for bom, enc in _BOMS:
        if head.startswith(bom):
            return head[len(bom) :].decode(enc, "ignore")
    nul_enc = _utf16_without_bom(head)
    if nul_enc:
        return head.decode(nul_enc, "ignore")
    return head.decode("utf-8", "ignore")


def _sniff_html_text(sample: str) -> bool:
    if _HTML_SIGNATURE.search(sample[:4096]):
        return True
    return len(_HTML_TAGS.findall(sample[:4096])) >= 5


def _resolve_media_type(data: bytes, media_type: str | None) -> str:
    sniffed = sniff_media_type(data)
    if media_type is None:
        return sniffed
    declared = _MEDIA_ALIASES.get(media_type.strip().lower())
    if declared is None:
        return sniffed
    # A PDF or HTML signature is definitive; a ".txt" holding HTML is HTML.
    if sniffed in (MEDIA_PDF, MEDIA_HTML) and declared != sniffed:
        if sniffed == MEDIA_PDF or declared == MEDIA_TEXT:
            return sniffed
    return declared


_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` when NUL bytes sit at every other position, else None.

    ASCII-range text in UTF-16 has a NUL in the high byte of almost every code
    unit; binary data has NULs scattered over both positions.
    """
    sample = data[:8192]
    n = len(sample) // 2
    if n < 2:
        return None
    even = sample[0 : 2 * n : 2].count(0)
    odd = sample[1 : 2 * n : 2].count(0)
    if odd >= 0.6 * n and even <= 0.05 * n:
        return "utf-16-le"
    if even >= 0.6 * n and odd <= 0.05 * n:
        return "utf-16-be"
    return None


def decode_text(data: bytes, *, source: str, html: bool = False) -> str:
    """Decode bytes to text, whatever the (common) encoding.

    Order: a byte-order mark; UTF-16 without BOM (NUL-byte pattern); UTF-8;
    ``<meta charset>`` for HTML; cp1252 when the text is mostly ASCII and decodes
    cleanly (Windows quotes are the usual culprit); charset-normalizer's guess;
    latin-1. The result is checked for binary junk.

    :raises InputError: ``"not text: looks like binary data"`` or ``"empty: no text"``.

    >>> decode_text("caf\\u00e9 \\u201cquoted\\u201d".encode("cp1252"), source="x")
    'café “quoted”'
    """
    text = _decode(data, html=html)
    if text is None:
        raise InputError(source, "not text: looks like binary data")
    _check_text_not_binary(text, source)
    if not text.strip():
        raise InputError(source, "empty: no text")
    return text


def _decode(data: bytes, *, html: bool) -> str | None:
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(enc)
            except UnicodeDecodeError:
                return data[len(bom) :].decode(enc, "replace")
    nul_enc = _utf16_without_bom(data)
    if nul_enc:
        try:
            return data.decode(nul_enc)
        except UnicodeDecodeError:
            pass
    if data.count(0) > max(8, len(data) // 100):  # text may carry a stray NUL; binary has many
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if html:
        m = _META_CHARSET.search(data[:4096])
        if m:
            try:
                return data.decode(m.group(1).decode("ascii").lower())
            except (LookupError, UnicodeDecodeError, ValueError):
                pass
    if _looks_western(data[:65536]):
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            pass
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:1_000_000]).best()
    except Exception:  # noqa: BLE001 - a guesser failing only means "no guess"
        best = None
    if best is not None and best.encoding:
        try:
            return data.decode(best.encoding)
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _looks_western(sample: bytes) -> bool:
    """True when non-ASCII bytes sit inside ASCII words (café, “quoted”), as in
    Western text in cp1252 / latin-1; Cyrillic or Greek in a single-byte code
    page gives whole words of high bytes instead."""
    mixed = pure = 0
    for word in sample.split():
        if max(word) < 0x80:
            continue
        if any(0x41 <= b <= 0x5A or 0x61 <= b <= 0x7A for b in word):
            mixed += 1
        else:
            pure += 1
    return mixed >= pure


_BINARY_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd\ud800-\udfff\ue000-\uf8ff\U000f0000-\U0010ffff]")


def _check_text_not_binary(text: str, source: str) -> None:
    """Raise when control, replacement or private-use characters exceed 5 %."""
    sample = text[:65536]
    if not sample:
        return
    bad = len(_BINARY_CHARS.findall(sample))
    if bad > max(2, 0.05 * len(sample)):
        raise InputError(source, "not text: looks like binary data")


# --------------------------------------------------------------------------- PDF


@contextlib.contextmanager
def _quiet_pypdf():
    """Keep pypdf's warnings about broken files ("EOF marker not found") off
    stderr: a bad file gets one line from the caller, not stray log lines."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.ERROR + 10)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)


def _pdf_text(data: bytes, source: str) -> str:
    """The text layer of a PDF, pages separated by blank lines, running heads removed."""
    with _quiet_pypdf():
        return _pdf_text_layer(data, source)


def _pdf_text_layer(data: bytes, source: str) -> str:
    try:
        from pypdf import PdfReader
        from pypdf.errors import FileNotDecryptedError, PdfReadError
    except ImportError as exc:  # pragma: no cover - pypdf is a dependency
        raise InputError(source, f"cannot read PDF: pypdf is not installed ({exc})") from None
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")
            except Exception:  # noqa: BLE001 - any failure means "cannot decrypt"
                ok = 0
            if not ok:
                raise InputError(
                    source,
                    "PDF is encrypted with a password; decrypt it first (e.g. qpdf --decrypt)",
                )
        pages = []
        for page in reader.pages:
            pages.append(page.extract_text() or "")
    except InputError:
        raise
    except FileNotDecryptedError:
        raise InputError(
            source, "PDF is encrypted with a password; decrypt it first (e.g. qpdf --decrypt)"
        ) from None
    except (PdfReadError, RecursionError) as exc:
        raise InputError(source, f"corrupt PDF: {exc}") from None
    except Exception as exc:  # noqa: BLE001 - pypdf raises many untyped errors on broken files
        raise InputError(source, f"corrupt PDF: {type(exc).__name__}: {exc}") from None
    if not any(p.strip() for p in pages):
        raise InputError(source, "PDF has no text layer (scanned?); run OCR first")
    pages = _drop_running_heads(pages)
    text = "\n\n".join(pages)
    _check_text_not_binary(text, source)
    return text


_PAGE_NUMBER = re.compile(r"^\s*(?:page\s*)?\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?\s*$|^\s*-\s*\d{1,4}\s*-\s*$", re.I)


def _drop_running_heads(pages: list[str]) -> list[str]:
    """Remove page numbers and lines repeated at the top or bottom of most pages."""
    split = [p.split("\n") for p in pages]
    counts: Counter[str] = Counter()
    for lines in split:
        edge = {ln.strip() for ln in lines[:2] + lines[-2:] if ln.strip()}
        counts.update(edge)
    threshold = max(2, int(0.5 * len(pages)) + 1) if len(pages) >= 3 else None
    out = []
    for lines in split:
        kept = []
        for i, ln in enumerate(lines):
            s = ln.strip()
            at_edge = i < 2 or i >= len(lines) - 2
            if at_edge and _PAGE_NUMBER.match(s):
                continue
            if at_edge and threshold and counts[s] >= threshold:
                continue
            kept.append(ln)
        out.append("\n".join(kept))
    return out


# --------------------------------------------------------------------------- HTML

_SKIP_TAGS = frozenset(
    "script style noscript template nav footer aside button select option "
    "iframe svg canvas head title meta link object embed input textarea label".split()
)
_BLOCK_TAGS = frozenset(
    "p div section article main header li ul ol dl dt dd table tr td th thead tbody tfoot caption "
    "blockquote pre h1 h2 h3 h4 h5 h6 br hr address figure figcaption center body html".split()
)
_NEVER_SKIP = frozenset("html body main article".split())
# Only unmistakable widgets are skipped by class / id: layout classes such as
# "header-master" or "nav-page-content" wrap whole pages on real sites.
_CHROME_ATTR = re.compile(
    r"(?:^|[\s_-])(?:cookie|cookies|consent|gdpr|breadcrumbs?|skip-?link|social|share-?buttons?)(?:$|[\s_-])",
    re.IGNORECASE,
)


def _html_to_markdown(html: str) -> str:
    """Main content of an HTML page as Markdown-ish text (headings ``#``, lists ``-``)."""
    result = None
    try:
        import trafilatura

        result = trafilatura.extract(
            html,
            output_format="markdown",
            include_formatting=True,
            include_tables=True,
            include_links=False,
            include_images=False,
            include_comments=False,
            favor_recall=True,
            deduplicate=False,
        )
    except ImportError:
        result = None
    except (RecursionError, MemoryError, ValueError, TypeError, AttributeError, IndexError, KeyError):
        # trafilatura and its lxml tree walks give up on pathological pages
        # (nesting thousands deep); the iterative fallback below copes.
        result = None
    fallback = _html_blocks_lxml(html) if (not result or len(html) <= _MERGE_LIMIT) else ""
    if not result:
        # libxml2 stops building the tree past ~2,000 levels of nesting and
        # drops what is deeper; a flat tag scan still sees that text.
        flat = _html_strip_tags(html)
        if len(flat) > 1.5 * len(fallback) + 10:
            fallback = flat
    if result and fallback:
        merged = _recover_headings(result, fallback)
        if merged:
            return merged
    if fallback and (not result or len(result.strip()) < 200 and len(fallback.strip()) > len(result.strip())):
        return fallback
    return result or fallback or ""


#: Pages larger than this skip heading recovery (it searches one text in another).
_MERGE_LIMIT = 5_000_000
_FP = re.compile(r"[^\w]+")


def _fingerprint(s: str) -> str:
    return _FP.sub(" ", s.lower()).strip()


def _recover_headings(extracted: str, blocks_md: str) -> str | None:
    """trafilatura's choice of content, with the page's own headings and lists.

    trafilatura is good at finding the main text but often drops ``<h2>``
    section titles (they sit in anchors or collapsible widgets), the page title
    with the date line under it (``<h1>`` + ``<p class="meta"><time>``), and
    the short lines that close a page (an ``<address>`` split by ``<br>``). The
    lxml walk keeps every heading but also every menu. Keep the lxml blocks
    whose text trafilatura kept, plus the headings between them; above the
    first one, the headings and date lines right before it; after the last
    one, the short blocks trafilatura kept right after it, in its order. Give
    up (None) when that covers less than 80 % of trafilatura's text.

    >>> _recover_headings("We collect your email address to reply.",
    ...     "# Acme Privacy Policy\\n\\nEffective as of 28 October 2023\\n\\n"
    ...     "We collect your email address to reply.\\n\\nAcme, Inc.\\n\\nBend, OR 97703\\n\\nHome")
    '# Acme Privacy Policy\\n\\nEffective as of 28 October 2023\\n\\nWe collect your email address to reply.'
    """
    target = _fingerprint(extracted)
    if not target:
        return None
    blocks = [b for b in blocks_md.split("\n\n") if b.strip()]
    heading = [b.startswith("#") for b in blocks]
    keys = [_fingerprint(b.lstrip("#- ")) for b in blocks]
    found = [bool(k) and k[:120] in target for k in keys]
    long_found = [i for i, k in enumerate(keys) if found[i] and len(k) >= 20 and not heading[i]]
    if not long_found:
        return None
    first, last = long_found[0], long_found[-1]
    # above the text: the page title and its date line ("Effective as of ...")
    taken = 0
    while first > 0 and taken < 6 and (heading[first - 1] or _is_date_line(blocks[first - 1])):
        first -= 1
        taken += 1
    while first < long_found[0] and not heading[first] and not found[first] and not _is_date_line(blocks[first]):
        first += 1
    # after the text: the short closing blocks trafilatura kept right after it
    # (address lines, a phone number), matched in order so menus are not taken
    pos = target.rfind(keys[last][:120])
    pos = pos + len(keys[last][:120]) if pos >= 0 else len(target)
    end = last
    while end + 1 < len(blocks) and pos < len(target):
        key = keys[end + 1]
        at = target.find(key, pos) if key else -1
        if at < 0 or at - pos > 2:
            break
        end += 1
        pos = at + len(key)
    kept = [blocks[i] for i in range(first, end + 1) if heading[i] or found[i] or i < long_found[0]]
    covered = sum(len(keys[i]) for i in range(first, end + 1) if found[i] and not heading[i])
    if covered < 0.8 * len(target):
        return None
    return "\n\n".join(kept)


_DATE_WORDS = re.compile(
    r"\b(?:last\s+)?(?:updated|modified|revised|effective|amended|version|dated?)\b"
    r"|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(?:\d{1,2}(?:st|nd|rd|th)?,?\s+)?(?:19|20)\d{2}\b"
    r"|\b\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+(?:19|20)\d{2}\b"
    r"|\b(?:19|20)\d{2}-\d{1,2}-\d{1,2}\b",
    re.IGNORECASE,
)


def _is_date_line(block: str) -> bool:
    """A short line that states the policy's date ("Effective as of 28 October 2023").

    >>> _is_date_line("Last updated: March 3, 2024"), _is_date_line("Features")
    (True, False)
    """
    return not block.startswith("#") and len(block.split()) <= 16 and bool(_DATE_WORDS.search(block))


_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)?[^<>]*>")


def _html_strip_tags(html: str) -> str:
    """Text of an HTML page by a linear tag scan (no tree): blocks become paragraphs."""
    import html as html_lib

    out: list[str] = []
    skip = None
    pos = 0
    for m in _TAG.finditer(html):
        if skip is None and m.start() > pos:
            out.append(html[pos : m.start()])
        pos = m.end()
        closing, tag = m.group(1), (m.group(2) or "").lower()
        if skip is not None:
            if closing and tag == skip:
                skip = None
            continue
        if not closing and tag in ("script", "style", "noscript", "template", "head"):
            skip = tag
            continue
        if tag in _BLOCK_TAGS:
            out.append("\n\n- " if (tag == "li" and not closing) else "\n\n")
    if skip is None:
        out.append(html[pos:])
    text = html_lib.unescape("".join(out))
    paras = (re.sub(r"[ \t\r\n]+", " ", p).strip() for p in text.split("\n\n"))
    return "\n\n".join(p for p in paras if p and p != "-")


def _html_blocks_lxml(html: str) -> str:
    """Iterative block extraction with lxml: no recursion, so any nesting depth works."""
    try:
        from lxml import etree
        from lxml import html as lxml_html
    except ImportError:  # pragma: no cover - lxml is a dependency of trafilatura
        return re.sub(r"<[^>]*>", " ", html)
    parser = lxml_html.HTMLParser(huge_tree=True, remove_comments=True, remove_pis=True)
    try:
        root = lxml_html.document_fromstring(html.encode("utf-8", "replace"), parser=parser)
    except (etree.ParserError, ValueError, TypeError):
        return ""
    if root is None:
        return ""
    out: list[str] = []
    buf: list[str] = []
    prefix = [""]

    def flush() -> None:
        txt = re.sub(r"\s+", " ", "".join(buf)).strip()
        buf.clear()
        if txt:
            out.append(prefix[0] + txt)
            prefix[0] = ""

    walker = etree.iterwalk(root, events=("start", "end"))
    for event, el in walker:
        tag = el.tag if isinstance(el.tag, str) else ""
        tag = tag.lower()
        if event == "start":
            attrs = " ".join(filter(None, (el.get("class"), el.get("id"), el.get("role"))))
            chrome_attr = bool(attrs) and tag not in _NEVER_SKIP and bool(_CHROME_ATTR.search(attrs))
            if tag in _SKIP_TAGS or chrome_attr or not tag:
                # skip the element's content but still read its tail text
                walker.skip_subtree()
                if tag in _BLOCK_TAGS or tag in _SKIP_TAGS:
                    flush()
                if el.tail:
                    buf.append(el.tail)
                continue
            if tag in _BLOCK_TAGS:
                flush()
                if len(tag) == 2 and tag[0] == "h" and tag[1].isdigit():
                    prefix[0] = "#" * int(tag[1]) + " "
                elif tag in ("li", "dd"):
                    prefix[0] = "- "
            if el.text:
                buf.append(el.text)
        else:
            if tag in _BLOCK_TAGS:
                flush()
                prefix[0] = ""
            else:
                buf.append(" ") if tag in ("td", "th") else None
            if el.tail:
                buf.append(el.tail)
    flush()
    return "\n\n".join(out)


# --------------------------------------------------------------------------- normalisation

_CONTROL_CHARS = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200d\u2060\ufeff\u00ad\ufffe\uffff\ud800-\udfff]"
)  # lone surrogates too (a JSON "\\ud83d" escape): they cannot be written as UTF-8
_ODD_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000]")
_PRIVATE = re.compile(r"[\ue000-\uf8ff]")


def _normalise(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = unicodedata.normalize("NFC", text)
    text = _ODD_SPACES.sub(" ", text)
    text = text.replace("\t", "    ")
    text = _PRIVATE.sub("", text)
    return _CONTROL_CHARS.sub("", text)


# --------------------------------------------------------------------------- inline Markdown

_PLACEHOLDER = re.compile(r"\{\s*([a-z]+(?:[ _-][a-z]+){0,3})\s*\}", re.IGNORECASE)
_PLACEHOLDER_WORDS = frozenset(
    "list item items bullet number numbered ordered unordered removed hyperref href link links "
    "image img table figure".split()
)
_IMAGE = re.compile(r"!\[([^\]\n]*)\]\([^)\n]*\)")
_LINK = re.compile(r"\[([^\[\]\n]*)\]\(\s*(<[^>\n]*>|[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'))?\s*\)")
_REF_LINK = re.compile(r"\[([^\[\]\n]+)\]\[[^\[\]\n]*\]")
_AUTOLINK = re.compile(r"<((?:https?|ftp)://[^>\s]+|www\.[^>\s]+)>", re.IGNORECASE)
_AUTOMAIL = re.compile(r"<(?:mailto:)?([^@<>\s]+@[^@<>\s]+)>", re.IGNORECASE)
_INLINE_HTML = re.compile(
    r"</?(?:br|span|div|p|b|i|strong|em|u|sup|sub|a|font|small|big|mark|abbr|code|ins|del|s)\b[^<>\n]{0,500}>",
    re.IGNORECASE,
)
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~<])")
_EMPH_OPEN = re.compile(r"(?<![\w*\\])\*{1,3}(?=[^\s*])|(?<![\w\\])_{1,3}(?=[^\s_])")
_EMPH_CLOSE = re.compile(r"(?<=[^\s*\\])\*{1,3}(?![\w*])|(?<=[^\s_\\])_{1,3}(?!\w)")
_EMPH_LONE = re.compile(r"(?<!\S)(?:\*{2,}|_{1,3})(?!\S)|\*{4,}|~~")
_SPACE_RUN = re.compile(r"[ ]{2,}")
_SPACE_BEFORE_PUNCT = re.compile(r"(?<=\S) +([,.;:!?])(?=\s|$)")
_ENTITY = re.compile(r"&(?:amp|lt|gt|quot|nbsp|#39|apos);")
_ENTITIES = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&nbsp;": " ", "&#39;": "'", "&apos;": "'"}


def _protect_escapes(s: str) -> str:
    return _ESCAPE.sub(lambda m: chr(0xE000 + ord(m.group(1))), s)


def _restore_escapes(s: str) -> str:
    return _PRIVATE.sub(lambda m: chr(ord(m.group(0)) - 0xE000), s)


def _strip_emphasis(s: str) -> str:
    s = _EMPH_LONE.sub(" ", s)
    s = _EMPH_OPEN.sub("", s)
    return _EMPH_CLOSE.sub("", s)


def _link_sub(m: re.Match[str]) -> str:
    label = _strip_emphasis(m.group(1)).strip()
    target = m.group(2).strip("<> ")
    if not label:
        if target.lower().startswith("mailto:"):
            label = target[7:].split("?", 1)[0]
        else:
            return ""
    after = m.string[m.end() : m.end() + 1]
    before = m.string[m.start() - 1 : m.start()] if m.start() else ""
    return (
        (" " if before.isalnum() else "")
        + label
        + (" " if after and (after.isalnum() or after in "([") else "")
    )


def _clean_inline(s: str) -> str:
    """Strip Markdown inline syntax, keep the words.

    >>> _clean_inline("mail [Us@x.com](mailto:us@x.com?s=1) or see **[docs](http://d)** and <http://a.b>")
    'mail Us@x.com or see docs and http://a.b'
    """
    if not s:
        return s
    s = _protect_escapes(s)
    if "[" in s:
        s = _IMAGE.sub(lambda m: m.group(1), s)
        s = _LINK.sub(_link_sub, s)
        s = _REF_LINK.sub(r"\1", s)
    if "<" in s:
        s = _AUTOLINK.sub(r"\1", s)
        s = _AUTOMAIL.sub(r"\1", s)
        s = _INLINE_HTML.sub(" ", s)
    if "&" in s:
        s = _ENTITY.sub(lambda m: _ENTITIES[m.group(0)], s)
    if "`" in s:
        s = s.replace("`", "")
    if "*" in s or "_" in s or "~" in s:
        s = _strip_emphasis(s)
    s = _restore_escapes(s)
    s = _SPACE_RUN.sub(" ", s).strip()
    return _SPACE_BEFORE_PUNCT.sub(r"\1", s)


def _strip_placeholders(s: str) -> tuple[str, bool, bool]:
    """Remove ``{list item}``-style placeholders.

    Returns the cleaned line, whether a list-item placeholder was seen, and
    whether anything was removed.
    """
    item = False
    removed = False

    def sub(m: re.Match[str]) -> str:
        nonlocal item, removed
        words = set(re.split(r"[ _-]", m.group(1).lower()))
        if not words <= _PLACEHOLDER_WORDS:
            return m.group(0)
        removed = True
        if "item" in words or "items" in words:
            item = True
        return "\x00"

    out = _PLACEHOLDER.sub(sub, s)
    if removed:
        out = re.sub(r"\x00(?:[\s.,;:]*\x00)+", "\x00", out)
        # a label whose value was the removed link ("email: {removed}") goes with it
        out = re.sub(r"(?:[A-Za-z][\w-]*\s){0,3}[A-Za-z][\w-]*:\s*\x00(?=\s*(?:[;,.)]|$))", "\x00", out)

        def orphan(m: re.Match[str]) -> str:
            before, after = m.group(1), m.group(2)
            if before and after:
                return before + " "
            return (before or after or "") + " "

        out = re.sub(r"\s*([;,.:])?\s*\x00\s*([;,.:])?", orphan, out)
        out = _SPACE_BEFORE_PUNCT.sub(r"\1", _SPACE_RUN.sub(" ", out)).strip()
        out = re.sub(r"^[\s;,.:]+", "", out).strip()
        if not re.search(r"[^\W_]", out):
            out = ""
    return out, item, removed


# --------------------------------------------------------------------------- line parsing


@dataclass(slots=True)
class _Line:
    text: str
    kind: str  # "blank" | "para" | "heading" | "item" | "numbered"
    level: int = 0
    indent: int = 0
    style: str | None = None  # numbering style of a numbered line
    explicit: bool = False  # heading marked up by the author (#, setext, bold line)
    chrome: bool = False
    raw: str = ""
    extra: dict = field(default_factory=dict)


_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_HRULE = re.compile(r"^ {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,}|(?:=[ \t]*){3,})$")
_FENCE = re.compile(r"^ {0,3}(?:`{3,}|~{3,})")
_QUOTE = re.compile(r"^ {0,3}(?:>[ \t]?)+")
_BULLET = re.compile(r"^([ ]*)([-*+•·▪◦●■□➢►‣⁃–—✓✔]|o(?= ))[ \t]+(?=\S)")
_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_REF_DEF = re.compile(r"^ {0,3}\[[^\]]+\]:\s+\S+")
_BOLD_LINE = re.compile(r"^[\s*_]*(\*\*|__)(?P<t>(?:(?!\*\*|__).)+?)(?:\*\*|__)[\s*_]*$")
_ITALIC_LINE = re.compile(r"^\s*([*_])(?P<t>[^*_]+?)\1\s*$")
_NUMBER = re.compile(
    r"^([ ]*)(?P<num>"
    r"(?P<kw>(?:part|article|chapter|section|schedule|annex|appendix|title)\s+(?:[ivxlcdm]+|\d+|[a-z])\b[.:)]?)"
    r"|(?P<dec>\d{1,3}(?:\.\d{1,3})+\.?)"
    r"|(?P<par>\((?:\d{1,3}|[a-z]|[ivxlc]{1,6})\))"
    r"|(?P<rp>(?:\d{1,3}|[a-z]|[ivxlc]{1,6})\))"
    r"|(?P<dot>(?:\d{1,3}|[a-z]|[ivxlc]{1,6})\.)"
    r")[ \t]+(?=\S)",
    re.IGNORECASE,
)
_INLINE_BULLETS = re.compile(r"\s*[•▪●■►]\s*")


def _numbering_style(m: re.Match[str]) -> str:
    """A key naming a numbering scheme: ``kw:part``, ``dec2``, ``arabic.``, ``alpha)``..."""
    num = m.group("num")
    if m.group("kw"):
        return "kw:" + num.split()[0].lower()
    if m.group("dec"):
        return f"dec{num.rstrip('.').count('.') + 1}"
    core = num.strip("().")
    delim = "." if num.endswith(".") else ")"
    if core.isdigit():
        kind = "arabic"
    elif re.fullmatch(r"[ivxlc]+", core) and (len(core) > 1 or core in "ivx"):
        kind = "roman"
    elif re.fullmatch(r"[IVXLC]+", core) and (len(core) > 1 or core in "IVX"):
        kind = "ROMAN"
    elif core.islower():
        kind = "alpha"
    else:
        kind = "ALPHA"
    return kind + delim


def _parse_lines(text: str) -> list[_Line]:
    raw_lines = text.split("\n")
    lines: list[_Line] = []
    pending_item = False
    in_fence = False
    for raw in raw_lines:
        s = raw.rstrip()
        if _FENCE.match(s):
            in_fence = not in_fence
            lines.append(_Line("", "blank"))
            continue
        if not s.strip():
            lines.append(_Line("", "blank"))
            continue
        qm = _QUOTE.match(s)
        if qm:
            s = s[qm.end() :]
            if not s.strip():
                lines.append(_Line("", "blank"))
                continue
        if not in_fence and "{" in s:
            s, item_mark, removed = _strip_placeholders(s)
            if removed and not s:
                pending_item = pending_item or item_mark
                continue
            if item_mark:
                line = _Line(_clean_inline(s), "item", level=1, raw=s)
                line.extra["forced"] = True
                lines.append(line)
                pending_item = False
                continue
        if in_fence:
            lines.append(_Line(s.strip(), "para", raw=s))
            continue
        if _REF_DEF.match(s):
            continue
        if _HRULE.match(s):
            # "Title\n----" is a setext heading; a lone rule is a separator
            m = _SETEXT.match(s)
            prev = lines[-1] if lines else None
            if m and prev is not None and prev.kind in ("para", "numbered") and not prev.extra.get("joined"):
                prev.kind = "heading"
                prev.level = 1 if m.group(1)[0] == "=" else 2
                prev.explicit = True
                continue
            lines.append(_Line("", "blank"))
            continue
        m = _SETEXT.match(s)
        if m and lines and lines[-1].kind in ("para", "numbered"):
            lines[-1].kind = "heading"
            lines[-1].level = 1 if m.group(1)[0] == "=" else 2
            lines[-1].explicit = True
            continue
        m = _ATX.match(s)
        if m:
            title = _clean_inline(m.group(2) or "")
            if title:
                lines.append(_Line(title, "heading", level=len(m.group(1)), explicit=True, raw=s))
            else:
                lines.append(_Line("", "blank"))
            continue
        if "|" in s and s.lstrip().startswith("|"):
            if _TABLE_SEP.match(s):
                continue
            cells = [_clean_inline(c) for c in s.strip().strip("|").split("|")]
            cells = [c for c in cells if c]
            if not cells:
                continue
            if len(cells) >= 2 and len(cells[0].split()) <= 8 and not cells[0].endswith((".", ":", "?")):
                row = cells[0] + ": " + " ".join(cells[1:])
            else:
                row = " ".join(cells)
            lines.append(_Line(row, "para", raw=s))
            continue
        indent = len(s) - len(s.lstrip(" "))
        bm = _BULLET.match(s)
        if bm:
            body = s[bm.end() :]
            parts = [body]
            if bm.group(2) in "•▪●■►" and _INLINE_BULLETS.search(body):
                parts = [p for p in _INLINE_BULLETS.split(body) if p.strip()]
            for part in parts:
                lines.append(_Line(_clean_inline(part), "item", indent=len(bm.group(1)), raw=s))
            pending_item = False
            continue
        if s.lstrip()[:1] in "•▪●■►" and _INLINE_BULLETS.search(s):
            # "• Email: a@b.c• Phone: 1-2-3" -- bullets glued in one line
            parts = [p for p in _INLINE_BULLETS.split(s) if p.strip()]
            for part in parts:
                lines.append(_Line(_clean_inline(part), "item", indent=indent, raw=s))
            pending_item = False
            continue
        bold = _BOLD_LINE.match(s) or _ITALIC_LINE.match(s)
        if bold:
            title = _clean_inline(bold.group("t"))
            if title and len(title) <= 150 and len(title.split()) <= 20:
                nm = _NUMBER.match(title)
                line = _Line(title, "heading", level=0, explicit=True, raw=s)
                if nm:
                    line.style = _numbering_style(nm)
                lines.append(line)
                pending_item = False
                continue
        nm = _NUMBER.match(s)
        if nm:
            body = _clean_inline(s[nm.end() :])
            num = nm.group("num")
            if body:
                line = _Line(num + " " + body, "numbered", indent=indent, style=_numbering_style(nm), raw=s)
                line.extra["body"] = body
                line.extra["num_len"] = len(num) + 1
                if pending_item:
                    line.kind = "item"
                    line.extra["forced"] = True
                lines.append(line)
                pending_item = False
                continue
        cleaned = _clean_inline(s)
        if not cleaned:
            continue
        line = _Line(cleaned, "para", indent=indent, raw=s)
        if pending_item:
            line.kind = "item"
            line.extra["forced"] = True
            pending_item = False
        lines.append(line)
    return lines


# --------------------------------------------------------------------------- page chrome

_URL_ONLY = re.compile(r"^[(<\[]*(?:https?://|www\.)\S+?[)>\].,]*$", re.IGNORECASE)
_SOURCE_URL = re.compile(r"^(?:source\s+url|original\s+url|url|source|retrieved\s+from)\s*:\s*<?((?:https?://|www\.)\S+?)>?\s*$", re.I)
_STRONG_CHROME = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"^(?:copyright\s*)?(?:©|\(c\)|copyright)\s*(?:\d{4}|[A-Z])",
        r"\ball rights reserved\b",
        r"^you have no items\b",
        r"\bitems? (?:in|to) (?:your|the) (?:shopping )?(?:cart|basket|bag)\b",
        r"^(?:skip to (?:main )?(?:content|navigation)|back to top|top of page|jump to navigation)\b",
        r"\bwayback machine\b",
        r"\bthe following text is extracted and transformed from\b",
        r"^published on\b",
        r"^(?:source|original)\s+url\s*:",
        r"^(?:[/|»>:·•\-–—]\s*)+$",
        r"^(?:print|email|share)(?:\s+(?:this|page|article))?\s*$",
    )
]
_EDGE_CHROME = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"\b(?:this|our) (?:web ?site|site) uses cookies\b.*\b(?:accept|agree|consent|continu|ok\b)",
        r"^by (?:continuing|using) (?:to browse|this (?:web)?site)\b.*\bcookies\b",
        r"^(?:accept|reject|allow|decline)(?: all)?(?: cookies)?\s*$",
        r"^(?:ok|okay|got it|close|dismiss|no thanks)[.!]?\s*$",
        r"\bsign up for (?:our|the) newsletter\b",
        r"^(?:subscribe|newsletter|log ?in|log ?out|sign ?in|sign ?up|register|my account|my cart|cart|"
        r"checkout|search:?|menu|home|site ?map|advanced search|follow us|contact us)\s*$",
        r"^important!?$",
        r"^notice\s*[-:–]",
    )
]
#: A line holding contact data: an e-mail address, a phone number, a street line or a postcode.
_CONTACT_DATA = re.compile(
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}"
    r"|(?<![\w.])\(?\+?\d(?:[ ().-]{0,2}\d){6,14}(?![\w.])"
    r"|^\d{1,6}[A-Za-z]?(?:-\d{1,6})?\s+(?:[A-Z0-9][\w'’.-]*\s+){0,4}"
    r"(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Drive|Dr|Lane|Ln|Way|Court|Ct|Place|Pl|Parkway|Pkwy|"
    r"Highway|Hwy|Square|Sq|Plaza|Broadway|Terrace|Crescent|Close)\b"
    r"|\b[A-Z]{2}\.?,?\s+\d{5}(?:-\d{4})?\b|\b[A-Z]{1,2}\d[A-Z\d]?\s+\d[A-Z]{2}\b|\b\d{4,5}\s+[A-ZÄÖÜ][\wäöüß-]+$"
)
_BREADCRUMB = re.compile(r"^(?:[^>»|/:]{1,40}\s(?:>|»|/|\||::|›)\s){2,}[^>»|/:]{0,60}$")
_GLUED_NAV = re.compile(r"[a-z][A-Z]")
_DATE_LINE = re.compile(
    r"^(?:last\s+)?(?:updated|modified|revised|effective|amended|version|ver\.?|v\.?\s?\d|dated?)\b", re.I
)


def _word_count(s: str) -> int:
    return len(s.split())


def _is_content(line: _Line) -> bool:
    """A sentence-like line: at least 8 words and sentence punctuation."""
    if line.kind == "heading":
        return False
    t = line.text
    if _word_count(t) < 8:
        return False
    return bool(re.search(r"[.!?:;\"”)]\s*$|[.!?]\s+\S", t))


def _is_menu_like(line: _Line) -> bool:
    if line.kind == "heading" and line.explicit:
        return False
    t = line.text
    if not t or _word_count(t) > 4 or len(t) > 40:
        return False
    if re.search(r"[.?!,;]$|\d|@", t) or re.search(r":\s*\S", t):
        return False
    return True


def _strip_chrome(lines: list[_Line]) -> tuple[list[_Line], str | None]:
    """Drop page chrome: strong patterns anywhere, menus and banners at the edges."""
    url: str | None = None
    idx = [i for i, ln in enumerate(lines) if ln.kind != "blank"]
    if not idx:
        return lines, None
    strong: dict[int, bool] = {}
    edge: dict[int, bool] = {}
    menu: dict[int, bool] = {}
    for i in idx:
        ln = lines[i]
        t = ln.text
        m = _SOURCE_URL.match(t)
        is_url = bool(_URL_ONLY.match(t))
        if m:
            url = m.group(1)
        elif is_url and url is None:
            url = t.strip("()<>[].,")
        is_strong = bool(m) or is_url or any(p.search(t) for p in _STRONG_CHROME)
        if not is_strong and _BREADCRUMB.match(t) and _word_count(t) <= 16 and not t.endswith("."):
            is_strong = True
        # "HomeAbout UsContactPrivacy": menu words run together. A sentence ("MediaNews may ... MediaNews
        # rights.") ends with its full stop, a run of menu words does not.
        if not is_strong and len(_GLUED_NAV.findall(t)) >= 3 and not re.search(r"[.!?](?:\s|$)", t):
            is_strong = True
        if ln.explicit and ln.kind == "heading" and not is_url:
            is_strong = False if not any(p.search(t) for p in _STRONG_CHROME[:2]) else is_strong
        strong[i] = is_strong
        edge[i] = is_strong or (not ln.explicit and _word_count(t) <= 40 and any(p.search(t) for p in _EDGE_CHROME))
        menu[i] = _is_menu_like(ln)
    # the items of a list introduced by a colon are content, however short
    in_list = False
    prev_text = ""
    for i in idx:
        ln = lines[i]
        if ln.kind == "item" or ln.kind == "numbered":
            in_list = in_list or prev_text.endswith(":")
            if in_list:
                menu[i] = False
        else:
            in_list = False
        prev_text = ln.text
    # menus: runs of >= 3 menu-like (or edge) lines
    nav: dict[int, bool] = dict.fromkeys(idx, False)
    run: list[int] = []
    for i in idx + [None]:  # type: ignore[list-item]
        if i is not None and (menu[i] or edge[i]):
            run.append(i)
            continue
        if len(run) >= 3 and sum(menu[j] for j in run) >= 2:
            for j in run:
                nav[j] = True
        run = []
    chrome = {i: strong[i] or edge[i] or nav[i] for i in idx}
    content = {i: _is_content(lines[i]) and not chrome[i] for i in idx}

    # where the policy starts: the first content line with no chrome close after it
    start_pos = None
    for k, i in enumerate(idx):
        if not content[i]:
            continue
        if not any(chrome[j] for j in idx[k + 1 : k + 6]):
            start_pos = k
            break
    if start_pos is None and all(chrome[i] or menu[i] for i in idx):
        return [], url  # nothing but menus and banners: a page without a policy on it
    if start_pos is None:
        start_pos = next((k for k, i in enumerate(idx) if content[i]), 0)
    drop: set[int] = set()
    head = idx[:start_pos]
    last_chrome = max((k for k, i in enumerate(head) if chrome[i]), default=None)
    # menus alone are not enough: the head must show some unmistakable chrome
    if last_chrome is not None and not any(edge[i] for i in head[: last_chrome + 1]):
        last_chrome = None
    if last_chrome is not None:
        head_content = sum(1 for i in head[: last_chrome + 1] if content[i])
        if head_content <= 3:
            drop.update(head[: last_chrome + 1])
            # keep the page title that sits right above the policy ("Privacy and Security")
            i = head[last_chrome]
            if (
                last_chrome == len(head) - 1
                and not strong[i]
                and not edge[i]
                and _title_like(lines[i].text, allow_colon=False)
            ):
                drop.discard(i)
        else:
            drop.update(i for i in head if chrome[i])
    # where it ends: after the last content line, cut at the first chrome line
    last_content = max((k for k, i in enumerate(idx) if content[i]), default=None)
    if last_content is not None:
        tail = idx[last_content + 1 :]
        cut = next((k for k, i in enumerate(tail) if chrome[i]), None)
        # a closing contact block ("Contact Us" over an address, an e-mail, a
        # phone number) is the policy's own, not a footer: cut after it
        while cut is not None and not strong[tail[cut]]:
            stop = next((j for j in range(cut + 1, len(tail)) if strong[tail[j]]), len(tail))
            contact = [j for j in range(cut, stop) if _CONTACT_DATA.search(lines[tail[j]].text)]
            if not contact or any(nav[tail[j]] for j in range(cut, contact[-1] + 1)):
                break
            cut = next((j for j in range(contact[-1] + 1, len(tail)) if chrome[tail[j]]), None)
        if cut is not None and any(edge[i] for i in tail[cut:]):
            drop.update(tail[cut:])
    drop.update(i for i in idx if strong[i])
    out = [ln for i, ln in enumerate(lines) if i not in drop]
    # consecutive duplicates (a title repeated by page, breadcrumb and heading)
    dedup: list[_Line] = []
    last_text = None
    for ln in out:
        if ln.kind == "blank":
            dedup.append(ln)
            continue
        if ln.text == last_text and ln.kind != "item" and _word_count(ln.text) <= 12:
            continue
        last_text = ln.text
        dedup.append(ln)
    return dedup, url


# --------------------------------------------------------------------------- headings

_STOP = frozenset(
    "a an the and or nor of to in on for with by at from as is are be your our my its their his her "
    "we you us it this that these those do does how what when where who whom which why not no vs via "
    "per into onto about under over than".split()
)
_WORD = re.compile(r"[^\W\d_][\w'’\-/&.]*")


def _caps_ratio(s: str) -> float:
    words = [w for w in _WORD.findall(s) if w.lower() not in _STOP]
    if not words:
        return 1.0
    return sum(1 for w in words if w[0].isupper()) / len(words)


def _title_like(s: str, *, allow_colon: bool = True) -> bool:
    """A short line that reads like a section title rather than a sentence.

    >>> _title_like("Links to other Websites."), _title_like("We collect your email address to:")
    (True, False)
    """
    s = s.strip()
    if not s or len(s) > 160:
        return False
    first = s.lstrip("\"'“‘(")[:1]
    if not (first.isupper() or first.isdigit()):
        return False
    if "@" in s or re.search(r"https?://|www\.", s, re.I):
        return False
    if _DATE_LINE.match(s):
        return False
    if _CONTACT_DATA.search(s):
        return False  # an address, phone or e-mail line of a contact block
    # "Label: value" lines (Phone: 1-800..., Last updated: May 2020) are not titles
    if re.search(r":\s+\S", s):
        return False
    n = _word_count(s)
    letters = sum(ch.isalpha() for ch in s)
    if letters < 0.5 * len(s.replace(" ", "")):
        return False
    end = s[-1]
    if end == "?":
        return n <= 20
    if end in ",;":
        return False
    if end == ":":
        return allow_colon and n <= 10 and (n <= 3 or _caps_ratio(s) >= 0.5)
    if end == ".":
        if s.endswith("..."):
            return False
        return n <= 8 and (n <= 3 or _caps_ratio(s) >= 0.5)
    if end == "!":
        return n <= 5
    if n <= 8:
        return True
    return n <= 14 and _caps_ratio(s) >= 0.5


# --------------------------------------------------------------------------- structuring


@dataclass(slots=True)
class _Unit:
    kind: BlockKind
    text: str
    level: int = 0
    style: str | None = None
    explicit: bool = False
    numbered: bool = False
    body: str | None = None


def _wrapped_width(lines: list[_Line]) -> int | None:
    """Line width of hard-wrapped text, or None when lines are not wrapped."""
    lengths = [len(ln.text) for ln in lines if ln.kind == "para" and ln.text]
    if len(lengths) < 8:
        return None
    lengths.sort()
    width = lengths[int(0.9 * (len(lengths) - 1))]
    if not 30 <= width <= 130:
        return None
    near = sum(1 for n in lengths if 0.7 * width <= n <= width)
    return width if near >= 0.5 * len(lengths) else None


_TERMINAL = re.compile(r"[.!?:;\"”)]$")


def _group_units(lines: list[_Line], *, pdf: bool) -> list[_Unit | None]:
    """Turn lines into units (None marks a blank-line boundary)."""
    width = _wrapped_width(lines)
    units: list[_Unit | None] = []
    prev: _Line | None = None
    for ln in lines:
        if ln.kind == "blank":
            if units and units[-1] is not None:
                units.append(None)
            prev = None
            continue
        if ln.kind == "heading":
            units.append(_Unit(BlockKind.HEADING, ln.text, ln.level, ln.style, explicit=True))
            prev = ln
            continue
        if ln.kind == "item":
            units.append(_Unit(BlockKind.LIST_ITEM, ln.text, max(ln.indent, 0)))
            units[-1].style = "forced" if ln.extra.get("forced") else None
            prev = ln
            continue
        cur = units[-1] if units else None
        if prev is not None and cur is not None and prev.kind in ("para", "item", "numbered"):
            a, b = prev.text, ln.text
            join = False
            if ln.kind == "para":
                if prev.kind == "item" and cur.kind == BlockKind.LIST_ITEM:
                    join = (ln.indent > 0 and ln.indent >= prev.indent) or b[:1].islower()
                elif width is not None or pdf:
                    w = width or 80
                    join = not (_TERMINAL.search(a) and len(a) < 0.8 * w) or b[:1].islower()
                    join = join and not (len(a) < 0.5 * w and not b[:1].islower())
                elif len(a) < 60 and " " not in b.strip() and ("@" in b or "://" in b):
                    join = False  # an e-mail address or URL on its own line (a contact block)
                else:
                    join = (not _TERMINAL.search(a) and (b[:1].islower() or len(a) >= 60)) or (
                        b[:1].islower() and not a.endswith((".", "!", "?"))
                    )
            if join:
                if a.endswith("-") and len(a) > 1 and a[-2].isalpha() and b[:1].islower() and (width or pdf):
                    cur.text = cur.text[:-1] + b  # hyphenated word split by wrapping
                else:
                    cur.text = cur.text + " " + b
                prev = ln
                continue
        if ln.kind == "numbered":
            units.append(
                _Unit(BlockKind.PARAGRAPH, ln.text, ln.indent, ln.style, numbered=True, body=ln.extra.get("body"))
            )
        else:
            units.append(_Unit(BlockKind.PARAGRAPH, ln.text))
        prev = ln
    return units


def _classify(units: list[_Unit | None]) -> list[_Unit]:
    """Decide which units are headings and which numbered lines are list items."""
    seq = [u for u in units if u is not None]
    n = len(seq)
    # Numbered lines: adjacent lines of one numbering style form a list; a lone
    # title-like numbered line followed by more text is a section heading.
    for i, u in enumerate(seq):
        if not u.numbered:
            continue
        body = u.body or u.text
        in_run = (i > 0 and seq[i - 1].numbered and seq[i - 1].style == u.style) or (
            i + 1 < n and seq[i + 1].numbered and seq[i + 1].style == u.style
        )
        if not in_run and i + 1 < n and _title_like(body) and not body.endswith(":"):
            u.kind = BlockKind.HEADING
        elif in_run and not (u.style or "").startswith("kw:"):
            u.kind = BlockKind.LIST_ITEM
            u.text = body
        else:
            u.numbered = False  # a numbered clause: a paragraph that keeps its number
    # Plain short title-like lines followed by more text are headings; a line
    # ending in a colon right before a list is that list's lead-in.
    for i, u in enumerate(seq):
        if u.kind != BlockKind.PARAGRAPH or u.numbered or i + 1 >= n:
            continue
        if _title_like(u.text):
            if u.text.endswith(":") and seq[i + 1].kind == BlockKind.LIST_ITEM:
                continue
            u.kind = BlockKind.HEADING
    _assign_levels(seq)
    return seq


def _assign_levels(seq: list[_Unit]) -> None:
    style_rank: dict[str, int] = {}
    seen_text = False
    first_heading = True
    stack: list[int] = []
    for u in seq:
        if u.kind == BlockKind.HEADING:
            stack = []
            if u.explicit and u.level > 0:
                pass  # markdown '#' level
            elif u.style and u.style != "forced":
                if u.style not in style_rank:
                    style_rank[u.style] = len(style_rank)
                u.level = min(6, 2 + style_rank[u.style])
            elif first_heading and not seen_text:
                u.level = 1
            else:
                u.level = 2
            first_heading = False
        elif u.kind == BlockKind.LIST_ITEM:
            indent = u.level if u.style != "forced" else 0
            while stack and indent < stack[-1]:
                stack.pop()
            if not stack or indent > stack[-1]:
                stack.append(indent)
            u.level = min(len(stack), 6)
        else:
            stack = []
            u.level = 0
            seen_text = True
        if u.kind != BlockKind.HEADING:
            seen_text = True


def _structure(raw: str, source: str, *, pdf: bool = False) -> tuple[str, tuple[Block, ...], str | None]:
    text = _normalise(raw)
    lines = _parse_lines(text)
    lines, url = _strip_chrome(lines)
    seq = _classify(_group_units(lines, pdf=pdf))
    parts: list[str] = []
    blocks: list[Block] = []
    pos = 0
    prev_kind = None
    for u in seq:
        t = u.text.strip()
        if not t:
            continue
        if parts:
            sep = "\n" if (u.kind == BlockKind.LIST_ITEM and prev_kind == BlockKind.LIST_ITEM) else "\n\n"
            parts.append(sep)
            pos += len(sep)
        parts.append(t)
        blocks.append(Block(u.kind, pos, pos + len(t), u.level))
        pos += len(t)
        prev_kind = u.kind
    body = "".join(parts)
    if not body.strip():
        raise InputError(source, "empty: no text (only menus, links or other page chrome)")
    return body, tuple(blocks), url


# --------------------------------------------------------------------------- Markdown sniffing

_MD_FEATURES = re.compile(
    r"^ {0,3}#{1,6} \S|\]\([^)\s]+\)|^\s*\*\*[^*\n]+\*\*\s*$|^ {0,3}(?:[-*+]) \S|^[=-]{3,}\s*$|^> ",
    re.MULTILINE,
)


def _looks_like_markdown(sample: str) -> bool:
    return len(_MD_FEATURES.findall(sample[:20000])) >= 3


# --------------------------------------------------------------------------- language

_STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset("the and of to in is that for you we your our with this are be or by as on not may any".split()),
    "de": frozenset("der die das und ist nicht zu den von mit sie wir ihre uns für auf dem des ein eine werden oder".split()),
    "fr": frozenset("le la les et des est une du que pour vous nous vos dans par sur qui pas sont ou aux au".split()),
    "es": frozenset("el la los las y de que en para con por su sus una es no se del nosotros usted como o".split()),
    "it": frozenset("il la le di che per con non sono una della dei delle nostro vostri questo gli da o del".split()),
    "nl": frozenset("de het een en van dat is voor met niet zijn uw wij ons op te deze door of worden".split()),
    "pt": frozenset("o a os as e de que para com não uma por seus suas dos das em você nós ou do".split()),
}
_TOKEN = re.compile(r"[^\W\d_]+")


def detect_language(text: str, *, sample_words: int = 3000) -> str | None:
    """Guess the language of a text from its stop words (ISO 639-1 code).

    Cheap: looks at the first ``sample_words`` words. Returns ``None`` when the
    text is too short or no language's stop words make up 5 % of it.

    >>> detect_language("We collect the data you give us and we use it for the service.")
    'en'
    >>> detect_language("Wir erheben die Daten, die Sie uns geben, und nutzen sie für den Dienst.")
    'de'
    """
    words = []
    for m in _TOKEN.finditer(text):
        words.append(m.group(0).lower())
        if len(words) >= sample_words:
            break
    if len(words) < 5:
        return None
    scores = {lang: sum(1 for w in words if w in sw) for lang, sw in _STOPWORDS.items()}
    lang, best = max(scores.items(), key=lambda kv: kv[1])
    if best < 0.05 * len(words):
        return None
    return lang
