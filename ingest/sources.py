"""Walk the inputs of an ingest run: files, folders, JSON-lines corpora, a manifest.

``iter_sources`` yields one ``Source`` per policy, in a stable order, without
reading anything yet: ``source.read()`` does the work (and raises
``InputError``), so a pipeline can read sources in worker processes and a bad
file or corpus line never stops the batch. Problems found while walking (a
missing path, a folder that cannot be listed, a broken JSON line, a corrupt
gzip stream) are yielded as sources whose ``error`` is set and whose ``read()``
raises it.

Corpora are streamed line by line (``.jsonl`` or ``.jsonl.gz``, one policy per
line: ``text`` plus metadata keys), so a corpus of any size uses the memory of
one line. Metadata given by a manifest or a corpus line is carried as
``Overrides`` and applied over what detection found with ``apply_overrides``.
"""

from __future__ import annotations

import csv
import dataclasses
import errno
import datetime as _dt
import gzip
import json
import os
import re
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from policykg.errors import InputError, ManifestError
from policykg.ingest.read import TEXT_EXTENSIONS, read_file, read_text
from policykg.ingest.records import Document, PolicyMetadata

__all__ = [
    "CORPUS_SUFFIXES",
    "Overrides",
    "Source",
    "apply_overrides",
    "iter_sources",
    "load_manifest",
]

#: Suffixes of JSON-lines corpora (one policy per line).
CORPUS_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")

# Corpus keys, by what they mean. The bulk corpora use ``service`` (Open Terms
# Archive) and ``yyyymm`` (GDPR landscape) for company and crawl month.
_COMPANY_KEYS = ("company", "service", "organization", "organisation", "org")
_DATE_KEYS = ("date", "yyyymm", "last_updated", "effective_date")
_MEDIA_KEYS = ("format", "media_type", "mediatype", "content_type")


@dataclass(frozen=True, slots=True)
class Overrides:
    """Metadata a manifest row or corpus line states about a policy.

    Every field is optional; ``None`` means "not stated". ``date_kind`` says what
    the stated date is (``"declared"`` for a manifest date, ``"snapshot"`` for a
    corpus crawl date); a month-only date (``yyyymm``, ``2023-02``) is the first
    of that month. ``extra`` keeps other scalar keys of a corpus line
    (``region``, ``period``, ``commit``...) as sorted ``(key, value)`` pairs.
    """

    id: str | None = None
    company: str | None = None
    url: str | None = None
    date: _dt.date | None = None
    date_kind: str | None = None
    media_type: str | None = None
    extra: tuple[tuple[str, str], ...] = ()

    def is_empty(self) -> bool:
        return all(getattr(self, f.name) in (None, ()) for f in dataclasses.fields(self))


@dataclass(frozen=True, slots=True)
class Source:
    """One policy to ingest, not read yet.

    ``name`` is the file path, or ``corpus.jsonl.gz#L123`` for a corpus line.
    ``overrides`` is what a manifest or the corpus line states about it.
    ``error`` is set when the walk already knows the source cannot be read;
    then ``read()`` raises it.
    """

    name: str
    overrides: Overrides = field(default_factory=Overrides)
    error: InputError | None = None
    _loader: Callable[[], Document] | None = field(default=None, repr=False, compare=False)

    def read(self) -> Document:
        """Read and normalise the policy.

        :raises InputError: the source is unreadable (see ``error``), or reading
            it failed.
        """
        if self.error is not None:
            raise self.error
        if self._loader is None:  # pragma: no cover - every constructor sets one
            raise InputError(self.name, "nothing to read")
        return self._loader()


def apply_overrides(metadata: PolicyMetadata, overrides: Overrides | Mapping[str, Any] | None) -> PolicyMetadata:
    """Metadata with stated fields (company, url, date) replacing detected ones.

    A manifest date replaces the detected one; a corpus crawl date (kind
    ``"snapshot"``) is used only when the text gives no date. A detected company that differs from the stated one is kept as an alias, so
    the organisation can still be matched by either name.

    :param metadata: what ``detect_metadata`` found.
    :param overrides: an ``Overrides`` or a mapping with the same keys.
    :returns: a new ``PolicyMetadata``.

    >>> md = PolicyMetadata(company="BlueSnap, Inc.", aliases=("Plimus",))
    >>> apply_overrides(md, {"company": "Plimus", "date": "2012-04-10"})
    ... # doctest: +NORMALIZE_WHITESPACE
    PolicyMetadata(company='Plimus', aliases=('BlueSnap, Inc.',), website=None, emails=(), phones=(),
    addresses=(), date=datetime.date(2012, 4, 10), date_kind='declared', version=None, url=None, language=None)
    """
    if overrides is None:
        return metadata
    if not isinstance(overrides, Overrides):
        overrides = _overrides_from_mapping(overrides, where="overrides")
    changes: dict[str, Any] = {}
    if overrides.company and overrides.company != metadata.company:
        changes["company"] = overrides.company
        names = [metadata.company, *metadata.aliases] if metadata.company else list(metadata.aliases)
        changes["aliases"] = tuple(dict.fromkeys(n for n in names if n and n != overrides.company))
    if overrides.url:
        changes["url"] = overrides.url
    # A declared date (manifest) always wins; a corpus crawl date ("snapshot")
    # only fills in when the text states no date of its own.
    if overrides.date and (overrides.date_kind != "snapshot" or metadata.date is None):
        changes["date"] = overrides.date
        changes["date_kind"] = overrides.date_kind or "declared"
    return dataclasses.replace(metadata, **changes) if changes else metadata


# --------------------------------------------------------------------------- walking


def iter_sources(
    paths: Sequence[str | Path],
    *,
    manifest: Path | str | None = None,
) -> Iterator[Source]:
    """Yield a ``Source`` for every policy under ``paths``.

    Files are read by extension (``.txt .md .markdown .html .htm .xhtml .pdf``
    and extension-less files); folders are walked recursively in sorted order,
    skipping hidden entries, other extensions and a folder's own README /
    LICENSE / CHANGELOG; ``.jsonl`` / ``.jsonl.gz``
    corpora give one source per line. With a ``manifest`` (CSV or JSON with
    ``file, company, url, date``), listed files get its metadata as overrides;
    with no ``paths``, the manifest's files are the inputs.

    :raises ManifestError: the manifest is malformed or names a missing file
        (raised before anything is yielded).

    Problems with individual inputs do not raise: they are yielded as sources
    with ``error`` set.
    """
    by_file: dict[str, Overrides] = {}
    order: list[Path] = []
    if manifest is not None:
        for file, ov in load_manifest(Path(manifest)):
            key = _key(file)
            by_file[key] = ov
            order.append(file)
    inputs = [Path(p) for p in paths] if paths else order
    seen: set[str] = set()  # files, corpora, folders and errors already yielded, across all inputs
    for p in inputs:
        for src in _walk(p, seen):
            if src.error is None and src.overrides.is_empty():
                ov = by_file.get(_key(Path(src.name)))
                if ov is not None:
                    src = dataclasses.replace(src, overrides=ov)
            yield src


def _key(path: Path) -> str:
    try:
        return str(path.resolve())
    except OSError:
        return os.path.abspath(path)


def _is_corpus(path: Path) -> bool:
    name = path.name.lower()
    return any(name.endswith(s) for s in CORPUS_SUFFIXES)


# A folder's own documentation, not a policy: README.md, LICENSE, CHANGELOG.txt (skipped in folder walks;
# named explicitly on the command line, such a file is still read).
_PROJECT_FILE = re.compile(r"^(?:readme|license|licence|changelog|changes|notice|authors|contributing)(?:\.[a-z]+)?$", re.I)


def _accepts(path: Path) -> bool:
    if _is_corpus(path):
        return True
    suffix = path.suffix.lower()
    return suffix in TEXT_EXTENSIONS or suffix == ""


#: The lock file every policykg store directory holds (``policykg.store``); the walk skips such folders.
_STORE_MARKER = "policykg.lock"


def _missing_reason(path: Path) -> str:
    """Why a path that does not resolve to a file cannot be read."""
    try:
        if path.is_symlink():
            try:
                os.stat(path)
            except OSError as exc:
                if exc.errno == errno.ELOOP:
                    return "symbolic link loop: the link never reaches a file"
            return f"broken symbolic link (points to {os.readlink(path)}, which does not exist)"
    except OSError as exc:
        return f"cannot access: {exc.strerror or exc}"
    return "no such file or folder"


def _error(name: str, reason: str) -> Source:
    return Source(name=name, error=InputError(name, reason))


def _file_source(path: Path) -> Source:
    return Source(name=str(path), _loader=lambda: read_file(path))


def _walk(path: Path, seen: set[str]) -> Iterator[Source]:
    """Sources under ``path``; ``seen`` (shared by all inputs of a run) keeps a
    file, corpus, folder or error from being yielded twice, whatever symlinks,
    loops or overlapping inputs lead to it again."""

    def once(key: str) -> bool:
        if key in seen:
            return False
        seen.add(key)
        return True

    def error(name: str, reason: str) -> Iterator[Source]:
        # the link itself, not its target, is the thing that failed: key on its real folder
        where = os.path.join(os.path.realpath(os.path.dirname(name) or "."), os.path.basename(name))
        if once("error:" + where):
            yield _error(name, reason)

    def file(child: Path) -> Iterator[Source]:
        if once(_key(child)):
            yield from (_iter_corpus(child) if _is_corpus(child) else [_file_source(child)])

    name = str(path)
    try:
        is_dir = path.is_dir()
        exists = is_dir or path.exists()
    except OSError as exc:
        yield from error(name, f"cannot access: {exc.strerror or exc}")
        return
    if not exists:
        yield from error(name, _missing_reason(path))
        return
    if not is_dir:
        yield from file(path)
        return
    stack = [path]
    while stack:
        folder = stack.pop()
        if not once("folder:" + os.path.realpath(folder)):  # a symlink loop, or listed twice
            continue
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except PermissionError:
            yield from error(str(folder), "permission denied: cannot list the folder")
            continue
        except OSError as exc:
            yield from error(str(folder), f"cannot list the folder: {exc.strerror or exc}")
            continue
        if folder != path and any(e.name == _STORE_MARKER for e in entries):
            continue  # a policykg store (``policykg ingest .`` beside ./policykg-store): not policies
        subfolders = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            child = Path(folder) / entry.name
            try:
                if entry.is_dir():
                    subfolders.append(child)
                    continue
                if not entry.is_file():
                    if entry.is_symlink() and _accepts(child):
                        yield from error(str(child), _missing_reason(child))
                    continue
            except OSError as exc:
                if _accepts(child):
                    reason = _missing_reason(child) if exc.errno == errno.ELOOP else f"cannot access: {exc.strerror or exc}"
                    yield from error(str(child), reason)
                continue
            if _accepts(child) and not _PROJECT_FILE.match(entry.name):
                yield from file(child)
        # depth-first, in sorted order: push in reverse so the first pops first
        stack.extend(reversed(subfolders))


# --------------------------------------------------------------------------- corpora


def _iter_corpus(path: Path) -> Iterator[Source]:
    """One source per line of a JSON-lines corpus; bad lines become error sources."""
    name = str(path)
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    lineno = 0
    try:
        with opener(path, "rb") as fh:
            for raw in fh:
                lineno += 1
                if not raw.strip():
                    continue
                yield _corpus_line(name, lineno, raw)
    except PermissionError:
        yield _error(name, "permission denied: cannot read the corpus")
    except (gzip.BadGzipFile, zlib.error, EOFError) as exc:
        where = f"{name}#L{lineno + 1}"
        after = f" after line {lineno}" if lineno else ""
        yield _error(where, f"corrupt gzip stream{after}: {exc}; the rest of the file is skipped")
    except OSError as exc:
        where = f"{name}#L{lineno + 1}" if lineno else name
        yield _error(where, f"cannot read the corpus: {exc.strerror or exc}")


def _corpus_line(name: str, lineno: int, raw: bytes) -> Source:
    where = f"{name}#L{lineno}"
    try:
        obj = json.loads(raw.strip())
    except UnicodeDecodeError as exc:
        return _error(where, f"not UTF-8: {exc.reason} at byte {exc.start}")
    except json.JSONDecodeError as exc:
        return _error(where, f"invalid JSON: {exc.msg} at column {exc.colno}")
    except RecursionError:
        return _error(where, "invalid JSON: nested too deeply")
    if not isinstance(obj, dict):
        return _error(where, f"expected a JSON object, got {type(obj).__name__}")
    text = obj.get("text")
    if text is None:
        return _error(where, "missing 'text' (a string holding the policy)")
    if not isinstance(text, str):
        return _error(where, f"'text' must be a string holding the policy, not {type(text).__name__}")
    try:
        overrides = _overrides_from_mapping(obj, where=where, corpus=True)
    except InputError as exc:
        return Source(name=where, error=exc)
    media = overrides.media_type or "text/plain"
    url = overrides.url

    def load() -> Document:
        return read_text(text, source=where, media_type=media, url=url)

    return Source(name=where, overrides=overrides, _loader=load)


# --------------------------------------------------------------------------- metadata values

_FORMATS = {
    "markdown": "text/markdown",
    "md": "text/markdown",
    "html": "text/html",
    "htm": "text/html",
    "text": "text/plain",
    "txt": "text/plain",
    "plain": "text/plain",
}


def _parse_date(value: Any) -> _dt.date | None:
    """``2019-05-24``, ``2019-05`` / ``201905`` (month: the 1st), ``2019``; or None.

    >>> _parse_date("201905"), _parse_date("2019-05-24T10:00:00Z")
    (datetime.date(2019, 5, 1), datetime.date(2019, 5, 24))
    """
    if value is None or value == "":
        return None
    s = str(value).strip()
    m = re.fullmatch(r"((?:19|20)\d{2})-?(\d{2})(?:-?(\d{2}))?(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?", s)
    if m:
        try:
            return _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3) or 1))
        except ValueError:
            return None
    m = re.fullmatch(r"(?:19|20)\d{2}", s)
    if m:
        return _dt.date(int(s), 1, 1)
    return None


_UNWRITABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff]")


def _clean(value: Any) -> str:
    """A metadata value as one clean line: no control characters, no lone
    surrogates (a JSON ``"\\ud83d"`` escape cannot be written as UTF-8).

    >>> _clean(" Acme\\ud83d Inc.\\n ")
    'Acme Inc.'
    """
    return " ".join(_UNWRITABLE.sub("", str(value)).split())


def _overrides_from_mapping(obj: Mapping[str, Any], *, where: str, corpus: bool = False) -> Overrides:
    company = next((_clean(obj[k]) for k in _COMPANY_KEYS if obj.get(k) and _clean(obj[k])), None)
    date = None
    date_kind = None
    for k in _DATE_KEYS:
        if obj.get(k) not in (None, ""):
            date = _parse_date(obj[k])
            if date is None:
                raise InputError(where, f"cannot read {k!r} as a date: {obj[k]!r}")
            date_kind = _clean(obj.get("date_kind") or "") or ("snapshot" if corpus else "declared")
            break
    media = next((str(obj[k]).strip().lower() for k in _MEDIA_KEYS if obj.get(k)), None)
    if media:
        media = _FORMATS.get(media, media)
    skip = {"text", "file", "url", "id", "date_kind", *_COMPANY_KEYS, *_DATE_KEYS, *_MEDIA_KEYS}
    extra = tuple(
        sorted(
            (_clean(k), _clean(v))
            for k, v in obj.items()
            if k not in skip and isinstance(v, (str, int, float, bool)) and v != ""
        )
    )
    ident = obj.get("id")
    return Overrides(
        id=_clean(ident) or None if ident not in (None, "") else None,
        company=company or None,
        url=_clean(obj["url"]) or None if obj.get("url") else None,
        date=date,
        date_kind=date_kind if date else None,
        media_type=media,
        extra=extra,
    )


# --------------------------------------------------------------------------- manifest


def load_manifest(manifest: Path) -> list[tuple[Path, Overrides]]:
    """Rows of a manifest: ``(file, overrides)``.

    CSV with a header row, or JSON (a list of objects), with columns ``file``
    (relative to the manifest's folder, or absolute), ``company``, ``url``,
    ``date`` and optionally ``id``.

    :raises ManifestError: unreadable or malformed manifest, a row without
        ``file``, a bad date, or a file that does not exist (naming the row).
    """
    manifest = Path(manifest)
    try:
        raw = manifest.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ManifestError(f"{manifest}: manifest not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ManifestError(f"{manifest}: cannot read the manifest: {exc}") from None
    rows: list[Mapping[str, Any]]
    if manifest.suffix.lower() == ".json" or raw.lstrip().startswith(("[", "{")):
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise ManifestError(f"{manifest}: invalid JSON at line {exc.lineno}: {exc.msg}") from None
        if isinstance(data, dict) and isinstance(data.get("policies"), list):
            data = data["policies"]
        if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
            raise ManifestError(f"{manifest}: expected a JSON list of objects with a 'file' key")
        rows = data
        first_row = 1
    else:
        reader = csv.DictReader(raw.splitlines())
        fields = [f.strip().lower() for f in (reader.fieldnames or [])]
        if "file" not in fields:
            raise ManifestError(f"{manifest}: the CSV header must have a 'file' column (has: {', '.join(fields) or 'none'})")
        rows = [{(k or "").strip().lower(): (v or "").strip() for k, v in r.items()} for r in reader]
        first_row = 2  # line 1 is the header
    out = []
    base = manifest.parent
    for i, row in enumerate(rows):
        where = f"{manifest}: row {i + first_row}"
        file = row.get("file")
        if not file:
            raise ManifestError(f"{where}: no 'file' given")
        path = Path(str(file))
        if not path.is_absolute():
            path = base / path
        if not path.exists():
            raise ManifestError(f"{where}: file not found: {file}")
        try:
            ov = _overrides_from_mapping(row, where=where)
        except InputError as exc:
            raise ManifestError(f"{where}: {exc.reason}") from None
        out.append((path, ov))
    return out
