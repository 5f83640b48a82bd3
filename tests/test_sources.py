"""Tests of policykg.ingest.sources: files, folders, corpora, manifests, overrides."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policykg.errors import InputError, ManifestError
from policykg.ingest.records import PolicyMetadata
from policykg.ingest.sources import Overrides, apply_overrides, iter_sources, load_manifest

POLICY = "Privacy Policy\n\nWe collect your email address to send you receipts.\n"
BULK = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "bulk"


def write(path: Path, text: str = POLICY) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_folder_walk_is_recursive_sorted_and_filtered(tmp_path: Path) -> None:
    write(tmp_path / "b.txt")
    write(tmp_path / "a.md")
    write(tmp_path / "sub" / "c.html", "<html><body><p>We collect your name and email address.</p></body></html>")
    write(tmp_path / "sub" / "policy")  # extension-less text
    write(tmp_path / ".hidden.txt")
    write(tmp_path / ".git" / "x.txt")
    write(tmp_path / "notes.csv", "a,b\n")
    names = [Path(s.name).relative_to(tmp_path).as_posix() for s in iter_sources([tmp_path])]
    assert names == ["a.md", "b.txt", "sub/c.html", "sub/policy"]


def test_missing_path_is_an_error_item_and_batch_goes_on(tmp_path: Path) -> None:
    good = write(tmp_path / "good.txt")
    items = list(iter_sources([tmp_path / "missing.txt", good]))
    assert items[0].error is not None and "missing.txt" in str(items[0].error)
    with pytest.raises(InputError, match="missing.txt: no such file"):
        items[0].read()
    assert items[1].read().text.startswith("Privacy Policy")


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else True, reason="root can read any folder")
def test_unreadable_folder(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    write(locked / "x.txt")
    write(tmp_path / "z.txt")
    locked.chmod(0)
    try:
        items = list(iter_sources([tmp_path]))
    finally:
        locked.chmod(0o755)
    assert any(s.error and "locked" in s.name for s in items)
    assert any(s.name.endswith("z.txt") and s.error is None for s in items)


def test_unreadable_folder_via_scandir_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Same as above for root, who can read anything: make scandir fail for one folder."""
    write(tmp_path / "locked" / "x.txt")
    write(tmp_path / "z.txt")
    real_scandir = os.scandir

    def scandir(path):
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    items = list(iter_sources([tmp_path]))
    errors = [s for s in items if s.error]
    assert len(errors) == 1 and errors[0].name.endswith("locked")
    assert "permission denied" in str(errors[0].error)
    assert [Path(s.name).name for s in items if not s.error] == ["z.txt"]


def _corpus_lines() -> list[bytes]:
    return [
        json.dumps({"service": "Acme", "date": "2020-05-01", "format": "markdown", "commit": "ab12", "text": POLICY}).encode(),
        b"{not json",
        json.dumps({"id": "EU-pre-1", "region": "EU", "url": "https://x.example/p", "yyyymm": "201805"}).encode(),
        b"",
        json.dumps({"id": "EU-pre-2", "yyyymm": "201806", "url": "https://y.example/p", "text": POLICY}).encode(),
    ]


@pytest.mark.parametrize("suffix", [".jsonl", ".jsonl.gz"])
def test_corpus_with_broken_lines_goes_on(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"corpus{suffix}"
    data = b"\n".join(_corpus_lines()) + b"\n"
    path.write_bytes(gzip.compress(data) if suffix.endswith(".gz") else data)
    items = list(iter_sources([path]))
    assert [s.name.rsplit("#", 1)[1] for s in items] == ["L1", "L2", "L3", "L5"]
    first, bad_json, no_text, last = items
    assert first.overrides.company == "Acme"
    assert first.overrides.date == dt.date(2020, 5, 1) and first.overrides.date_kind == "snapshot"
    assert first.overrides.extra == (("commit", "ab12"),)
    doc = first.read()
    assert doc.source.endswith("#L1") and doc.media_type == "text/markdown"
    with pytest.raises(InputError, match=r"#L2: invalid JSON"):
        bad_json.read()
    with pytest.raises(InputError, match=r"#L3: missing 'text'"):
        no_text.read()
    assert last.overrides.id == "EU-pre-2" and last.overrides.date == dt.date(2018, 6, 1)
    assert last.read().url == "https://y.example/p"


def test_corrupt_gzip_is_reported_and_next_file_is_read(tmp_path: Path) -> None:
    good = gzip.compress(b"\n".join(_corpus_lines()[:1] * 50) + b"\n")
    broken = tmp_path / "a.jsonl.gz"
    broken.write_bytes(good[: len(good) // 2] + b"\x00garbage" * 10)
    other = write(tmp_path / "b.txt")
    items = list(iter_sources([broken, other]))
    errors = [s for s in items if s.error]
    assert len(errors) == 1 and "a.jsonl.gz#L" in errors[0].name
    assert "gzip" in str(errors[0].error) or "corpus" in str(errors[0].error)
    assert items[-1].name == str(other) and items[-1].error is None


def test_manifest_csv_and_json(tmp_path: Path) -> None:
    a = write(tmp_path / "docs" / "a.txt")
    write(tmp_path / "docs" / "b.txt")
    csv_manifest = tmp_path / "manifest.csv"
    csv_manifest.write_text("file,company,url,date\ndocs/a.txt,Plimus,https://plimus.com/privacy,2012-04-10\n")
    items = {Path(s.name).name: s for s in iter_sources([tmp_path / "docs"], manifest=csv_manifest)}
    assert items["a.txt"].overrides == Overrides(
        company="Plimus", url="https://plimus.com/privacy", date=dt.date(2012, 4, 10), date_kind="declared"
    )
    assert items["b.txt"].overrides.is_empty()
    json_manifest = tmp_path / "m.json"
    json_manifest.write_text(json.dumps([{"file": str(a), "company": "Acme", "date": "2023-02"}]))
    only = list(iter_sources([], manifest=json_manifest))
    assert [s.name for s in only] == [str(a)] and only[0].overrides.date == dt.date(2023, 2, 1)


def test_manifest_missing_file_names_manifest_and_row(tmp_path: Path) -> None:
    write(tmp_path / "a.txt")
    manifest = tmp_path / "manifest.csv"
    manifest.write_text("file,company\na.txt,Acme\nghost.txt,Ghost\n")
    with pytest.raises(ManifestError, match=r"manifest\.csv: row 3: file not found: ghost\.txt"):
        load_manifest(manifest)
    bad = tmp_path / "bad.csv"
    bad.write_text("name,company\na.txt,Acme\n")
    with pytest.raises(ManifestError, match="'file' column"):
        load_manifest(bad)


def test_apply_overrides_keeps_detected_name_as_alias() -> None:
    md = PolicyMetadata(company="BlueSnap, Inc.", aliases=("Plimus",), date=dt.date(2012, 4, 10), date_kind="version")
    out = apply_overrides(md, Overrides(company="Plimus", url="https://plimus.com"))
    assert out.company == "Plimus" and out.aliases == ("BlueSnap, Inc.",)
    assert out.url == "https://plimus.com" and out.date == dt.date(2012, 4, 10) and out.date_kind == "version"
    assert apply_overrides(md, Overrides()) is md
    snapshot = Overrides(date=dt.date(2018, 5, 24), date_kind="snapshot")
    assert apply_overrides(md, snapshot).date == dt.date(2012, 4, 10)  # the text's own date wins
    assert apply_overrides(PolicyMetadata(), snapshot).date_kind == "snapshot"
    declared = apply_overrides(md, {"date": "2013-01-01"})
    assert (declared.date, declared.date_kind) == (dt.date(2013, 1, 1), "declared")


def test_bulk_corpora_stream() -> None:
    if not BULK.is_dir():
        pytest.skip(f"bulk corpora not found at {BULK}")
    for name, company_key in (("ota-privacy-versions.jsonl.gz", True), ("gdpr-landscape-13k.jsonl.gz", False)):
        path = BULK / name
        if not path.exists():
            pytest.skip(f"{path} not found")
        it = iter_sources([path])
        first = next(it)
        assert first.name.endswith("#L1") and first.error is None
        assert (first.overrides.company is not None) == company_key
        assert first.overrides.date is not None
        assert first.read().text
        it.close()  # the generator closes the gzip stream


def test_store_folder_inside_the_input_is_not_walked(tmp_path: Path) -> None:
    # "policykg ingest ." with ./policykg-store beside the policies read the store's
    # extension-less RocksDB files (IDENTITY, CURRENT, LOG) as policies
    from policykg.store import Store

    write(tmp_path / "a.txt")
    with Store.open(tmp_path / "policykg-store"):
        pass
    names = [Path(s.name).relative_to(tmp_path).as_posix() for s in iter_sources([tmp_path])]
    assert names == ["a.txt"]


def test_symlink_loops_and_dangling_links_are_reported_once(tmp_path: Path) -> None:
    write(tmp_path / "ok.txt")
    os.symlink("b.txt", tmp_path / "a.txt")
    os.symlink("a.txt", tmp_path / "b.txt")
    os.symlink("gone.txt", tmp_path / "dangling.txt")
    os.symlink(".", tmp_path / "self")  # a folder loop
    items = list(iter_sources([tmp_path, tmp_path / "a.txt", tmp_path / "self" / "ok.txt"]))
    by_name = {Path(s.name).name: s for s in items}
    assert len(items) == 4, [s.name for s in items]
    assert "symbolic link loop" in by_name["a.txt"].error.reason
    assert "symbolic link loop" in by_name["b.txt"].error.reason
    assert "broken symbolic link (points to gone.txt" in by_name["dangling.txt"].error.reason
    assert by_name["ok.txt"].error is None


def test_corpus_line_metadata_is_cleaned(tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    line = {"text": POLICY + " \ud83d", "company": " Acme\ud83d\n Inc. ", "url": "https://a.example/p\x07"}
    corpus.write_text(json.dumps(line) + "\n" + json.dumps({"text": 5}) + "\n", encoding="utf-8")
    first, second = iter_sources([corpus])
    assert first.overrides.company == "Acme Inc."
    assert first.overrides.url == "https://a.example/p"
    first.read().text.encode("utf-8")  # no lone surrogate left
    assert "'text' must be a string" in second.error.reason


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.binary(max_size=200)
        | st.dictionaries(
            st.sampled_from(["text", "company", "date", "url", "format", "id", "yyyymm", "x"]),
            st.none() | st.booleans() | st.integers() | st.text(max_size=60) | st.lists(st.integers(), max_size=2),
            max_size=5,
        ).map(lambda d: json.dumps(d).encode()),
        max_size=6,
    )
)
def test_any_corpus_lines_give_documents_or_input_errors(lines: list[bytes]) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        corpus = Path(folder) / "fuzz.jsonl"
        corpus.write_bytes(b"\n".join(line.replace(b"\n", b" ") for line in lines) + b"\n")
        for source in iter_sources([corpus]):
            assert "#L" in source.name
            try:
                doc = source.read()
            except InputError as exc:
                assert exc.path == source.name and exc.reason
            else:
                doc.text.encode("utf-8")
                assert doc.source == source.name


def test_a_folders_readme_is_not_a_policy(tmp_path):
    (tmp_path / "README.md").write_text("# Examples\n\nThese are example policies.", encoding="utf-8")
    (tmp_path / "policy.txt").write_text("We collect your email address.", encoding="utf-8")
    assert [Path(s.name).name for s in iter_sources([tmp_path])] == ["policy.txt"]
