"""Robustness of ``policykg ingest``: one batch of hostile inputs through the real CLI.

Issue 7 ("Robustness"): none of the bad inputs crashes the run; each gets one
clear line on stderr naming the file (or corpus line) and the problem; the batch
goes on, so the good policies in it are stored; the exit code (1) says the run
was a partial failure; and nothing already stored changes because of a file
that failed.

Inputs come in two kinds. *Refused* inputs are not policies policykg can read
(empty, binary, encrypted, German, a recipe, a corrupt gzip ...): each must get
exactly one stderr line matching its reason. *Recovered* inputs are awkward but
readable policies (UTF-16 without BOM, truncated or mixed encodings, NUL bytes,
HTML nested 10,000 deep, a PDF named ``.html``, a lone surrogate in a corpus
line): they must be stored, with no error line.

The batch runs once per module (``policykg.cli.main`` in-process, ``-q``); the
tests below check one aspect of its outcome each.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import os
import random
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from pdfs import pdf_pages

from policykg.cli import main
from policykg.store import Store

EXAMPLES = Path(__file__).resolve().parents[1] / "policykg" / "examples"
#: Policies stored before the batch; the batch must leave their graphs as they are.
PRESTORED = "cobblestack-outfitters-2019.txt"
#: Good policies in the batch, stored by it.
GOOD = ("glimmerpane-photo.txt", "zinnober-labs.md")


def policy(company: str, *, extra: str = "") -> str:
    """A short, real-sounding English privacy policy of a made-up company."""
    return (
        f"{company} Privacy Policy\n\n"
        "Last updated: March 3, 2024\n\n"
        f'{company}, Inc. ("{company}", "we", "us") respects your privacy. This policy explains what personal '
        "information we collect, how we use it and who we share it with.\n\n"
        "Information we collect\n\n"
        "When you create an account, we collect your name, email address and phone number. When you visit our "
        "website, we collect your IP address and we use cookies to remember your preferences.\n\n"
        "How we share information\n\n"
        "We share your email address with our email service provider so that we can send you receipts. "
        "We do not sell your personal information to third parties.\n\n"
        f"Contact\n\nWrite to privacy@{company.lower()}.example with any question about your data.{extra}\n"
    )


RECIPE = (
    "Grandma's Apple Pie\n\nIngredients\n\n- 6 apples, peeled and sliced\n- 1 cup of sugar\n- 2 tablespoons of flour\n"
    "- 1 teaspoon of cinnamon\n- 2 pie crusts\n\nMethod\n\nHeat the oven to 220 degrees. Mix the apples with the "
    "sugar, flour and cinnamon. Fill the bottom crust, cover it with the top crust and bake for 45 minutes until "
    "golden. Let it cool for an hour before you slice it and serve it with vanilla ice cream.\n"
)
GERMAN = (
    "Datenschutzerklärung\n\nStand: 1. März 2024\n\nDie Wiesel GmbH (\"wir\") nimmt den Schutz Ihrer "
    "personenbezogenen Daten sehr ernst. Wir verarbeiten Ihre Daten nur, wenn Sie uns die Einwilligung geben "
    "oder das Gesetz es erlaubt. Wir erheben Ihren Namen, Ihre E-Mail-Adresse und Ihre IP-Adresse, wenn Sie "
    "unsere Website besuchen. Die Daten werden nicht an Dritte verkauft. Cookies setzen wir nur mit Ihrer "
    "Einwilligung. Sie haben das Recht auf Auskunft, Berichtigung und Löschung Ihrer Daten.\n"
)
FRENCH = (
    "Politique de confidentialité\n\nNous collectons les données que vous nous fournissez pour la gestion de vos "
    "commandes et pour le service. Nous ne vendons pas vos données personnelles. Les cookies sont utilisés "
    "avec votre consentement. Vous pouvez demander l'accès, la rectification et la suppression de vos données.\n"
)


def pdf_bytes(lines: list[str]) -> bytes:
    """A one-page PDF whose text layer holds ``lines`` (an empty list: no text layer)."""
    return pdf_pages([lines])


def encrypted_pdf(lines: list[str]) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes(lines))))
    writer.encrypt(user_password="secret", owner_password="owner")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


PDF_POLICY_LINES = [
    "Quillfeather Privacy Notice",
    "Last updated: January 5, 2024",
    "Quillfeather, Inc. collects your name and email address when you register.",
    "We use cookies to keep you signed in and we collect your IP address for security.",
    "We do not sell your personal information to third parties.",
    "We share your email address with our payment processor to send receipts.",
]


@dataclass(frozen=True)
class Case:
    """One input of the batch: ``name`` as it appears on stderr, and what must happen."""

    name: str
    reason: str | None  # regex the stderr line must match; None: the input is a readable policy
    company: str | None = None  # for recovered inputs: the company whose policy must be stored


def build_inputs(root: Path) -> tuple[list[str], list[Case]]:
    """Write every input under ``root``; return the CLI arguments and the expectations."""
    rng = random.Random(7)
    args: list[str] = []
    cases: list[Case] = []

    def file(name: str, data: bytes | str, reason: str | None, company: str | None = None) -> Path:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        args.append(str(path))
        cases.append(Case(str(path), reason, company))
        return path

    # ----- refused: not a policy policykg can read
    file("empty.txt", b"", r"empty")
    file("whitespace-only.txt", b"  \n\t\r\n   \n", r"empty")
    file("random-bytes.bin", rng.randbytes(8192), r"binary")
    file("image-named.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + rng.randbytes(4000), r"binary")
    file("policy.docx", b"PK\x03\x04\x14\x00\x06\x00" + rng.randbytes(6000), r"binary")
    file("archive.txt", gzip.compress(policy("Gzipped").encode()), r"binary")
    file("control-characters.txt", "".join(chr(rng.randrange(1, 31)) for _ in range(5000)), r"binary|empty")
    big = (RECIPE.replace("\n", " ") + "\n") * (50 * 1024 * 1024 // len(RECIPE) + 1)
    file("huge-50mb.txt", big[: 50 * 1024 * 1024], r"too (?:large|long)")
    del big
    items = "\n".join(f"- data item number {i}" for i in range(100_000))
    file("list-100k-items.md", "Lists\n\nThe items:\n\n" + items + "\n", r"does not read as a privacy policy")
    file("no-spaces-2mb.txt", "x" * 2_000_000, r"does not read as a privacy policy|binary")
    file("scripts-only.html", "<html><head><script>var a = 1;</script></head><body><script>track();</script>"
         "<style>p {color: red}</style><noscript></noscript></body></html>", r"empty")
    file("menus-only.html", "<html><body><nav><a href='/'>Home</a><a href='/shop'>Shop</a></nav>"
         "<footer>&copy; 2024 Acme Inc. All rights reserved.</footer></body></html>", r"empty")
    file("links-only.md", "[Home](/)\n\n![logo](/logo.png)\n\n[Shop](/shop)\n", r"empty|does not read as a privacy policy")
    file("scanned.pdf", pdf_bytes([]), r"no text layer")
    file("locked.pdf", encrypted_pdf(PDF_POLICY_LINES), r"encrypted")
    file("zero-bytes.pdf", b"", r"empty")
    file("truncated.pdf", pdf_bytes(PDF_POLICY_LINES)[:300], r"corrupt PDF|no text layer")
    file("recipe.txt", RECIPE, r"does not read as a privacy policy")
    file("datenschutz.txt", GERMAN, r"not in English")
    file("confidentialite.txt", FRENCH, r"not in English")
    file("title-only.txt", "Privacy Policy\n", r"empty|does not read as a privacy policy")
    missing = root / "does-not-exist.txt"
    args.append(str(missing))
    cases.append(Case(str(missing), r"no such file"))
    loop_a, loop_b = root / "loop-a.txt", root / "loop-b.txt"
    os.symlink(loop_b.name, loop_a)
    os.symlink(loop_a.name, loop_b)
    for link in (loop_a, loop_b):
        args.append(str(link))
        cases.append(Case(str(link), r"symbolic link loop"))
    dangling = root / "dangling-link.txt"
    os.symlink("nowhere.txt", dangling)
    args.append(str(dangling))
    cases.append(Case(str(dangling), r"broken symbolic link"))
    corrupt_gz = root / "corrupt.jsonl.gz"
    corrupt_gz.write_bytes(b"\x1f\x8b\x08\x00" + rng.randbytes(2000))
    args.append(str(corrupt_gz))
    cases.append(Case(f"{corrupt_gz}#L1", r"corrupt gzip"))
    not_gz = root / "not-gzip.jsonl.gz"
    not_gz.write_bytes(b"this is not gzip at all\n")
    args.append(str(not_gz))
    cases.append(Case(f"{not_gz}#L1", r"corrupt gzip"))

    # a folder the walk cannot list (root can list anything: then it is left out)
    locked = root / "locked-folder"
    (locked).mkdir()
    (locked / "inside.txt").write_text(policy("Inside"))
    locked.chmod(0)
    try:
        os.listdir(locked)
        readable = True
    except PermissionError:
        readable = False
    if readable:
        locked.chmod(0o755)
        (locked / "inside.txt").unlink()
        locked.rmdir()
    else:
        args.append(str(locked))
        cases.append(Case(str(locked), r"permission denied"))

    # ----- a corpus of broken lines (and one good one)
    corpus = root / "broken-lines.jsonl"
    lines: list[tuple[bytes, str | None, str | None]] = [
        (b'{"text": "We collect your email", ', r"invalid JSON", None),
        (b"[1, 2, 3]", r"expected a JSON object", None),
        (json.dumps({"company": "Notext", "url": "https://x.example"}).encode(), r"missing 'text'", None),
        (json.dumps({"text": 42}).encode(), r"'text' must be a string", None),
        (b"[" * 100_000 + b"]" * 100_000, r"invalid JSON|nested too deeply|expected a JSON object", None),
        (b'{"text": "\xff\xfe caf\xe9"}', r"not UTF-8", None),
        (json.dumps({"text": RECIPE}).encode(), r"does not read as a privacy policy", None),
        (json.dumps({"text": GERMAN}).encode(), r"not in English", None),
        (json.dumps({"text": policy("Datebad"), "date": "sometime soon"}).encode(), r"cannot read 'date'", None),
        (json.dumps({"text": ""}).encode(), r"empty", None),
        # a lone surrogate escape (half an emoji) in the text and the company: readable
        (json.dumps({"text": policy("Surrogata", extra=" \ud83d"), "company": "Surrogata\ud83d, Inc."}).encode(), None, "Surrogata"),
    ]
    corpus.write_bytes(b"\n".join(raw for raw, _, _ in lines) + b"\n")
    args.append(str(corpus))
    for i, (_, reason, company) in enumerate(lines, 1):
        cases.append(Case(f"{corpus}#L{i}", reason, company))

    # ----- recovered: awkward but readable policies
    file("utf16-no-bom.txt", policy("Sixteenly").encode("utf-16-le"), None, "Sixteenly")
    file("utf32-bom.txt", policy("Thirtytwo").encode("utf-32"), None, "Thirtytwo")
    file("truncated-utf8.txt", policy("Truncata").encode() + "é".encode()[:1], None, "Truncata")
    mixed = policy("Mixtura").encode("utf-8").replace(b"respects", "respects caf\u00e9".encode("utf-8"))
    mixed = mixed.replace(b"Information we collect", "Information we collect \u2013 r\u00e9sum\u00e9".encode("cp1252"))
    file("mixed-encodings.txt", mixed, None, "Mixtura")
    nul = policy("Nullary").encode()
    file("nul-bytes-inside.txt", nul[:200] + b"\x00" + nul[200:400] + b"\x00\x00" + nul[400:], None, "Nullary")
    body = "".join(f"<p>{para}</p>" for para in policy("Deepnest").split("\n\n"))
    file("nested-10000-deep.html", "<html><body>" + "<div>" * 10_000 + body + "</div>" * 10_000 + "</body></html>",
         None, "Deepnest")
    file("really-a-pdf.html", pdf_bytes(PDF_POLICY_LINES), None, "Quillfeather")
    looped = root / "folder-with-loop"
    looped.mkdir()
    (looped / "policy.txt").write_text(policy("Loopwise"))
    os.symlink(".", looped / "self")
    os.symlink("..", looped / "parent-of-self")  # walks back up into root: must not ingest root twice
    args.append(str(looped))
    cases.append(Case(str(looped / "policy.txt"), None, "Loopwise"))

    # ----- the good policies
    for name in GOOD:
        args.append(str(EXAMPLES / name))
    return args, cases


def nquads(store_dir: Path) -> list[str]:
    """Every quad of the store as sorted N-Quads lines (IRIs are deterministic)."""
    with Store.open(store_dir, read_only=True) as store:
        data = store.oxigraph.dump(format=__import__("pyoxigraph").RdfFormat.N_QUADS)
    return sorted(line for line in data.decode("utf-8").splitlines() if line.strip())


def organisations(store_dir: Path) -> set[str]:
    with Store.open(store_dir, read_only=True) as store:
        return {str(row["name"]) for row in store.rows("_organisations") if row.get("name")}


def run_cli(argv: list[str]) -> tuple[int, str, str]:
    """``policykg`` in-process; returns (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


@dataclass
class Batch:
    root: Path
    store: Path
    cases: list[Case]
    code: int
    stdout: str
    stderr: str
    before: list[str]
    after: list[str]
    orgs_before: set[str]
    orgs_after: set[str]


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> Batch:
    root = tmp_path_factory.mktemp("bad-inputs")
    store = tmp_path_factory.mktemp("robust-store")
    code, _, err = run_cli(["ingest", str(EXAMPLES / PRESTORED), "--store", str(store), "-q"])
    assert code == 0, err
    before = nquads(store)
    orgs_before = organisations(store)
    args, cases = build_inputs(root / "in")
    args.append(str(EXAMPLES / PRESTORED))  # already stored: skipped, untouched
    code, out, err = run_cli(["ingest", *args, "--store", str(store), "-q"])
    return Batch(root, store, cases, code, out, err, before, nquads(store), orgs_before, organisations(store))


# --------------------------------------------------------------------------- the tests


def test_batch_has_at_least_thirty_refused_inputs(batch: Batch) -> None:
    refused = [c for c in batch.cases if c.reason]
    assert len(refused) >= 30, len(refused)


def test_exit_code_is_1_partial_failure(batch: Batch) -> None:
    assert batch.code == 1, batch.stderr[-2000:]


def test_no_traceback_and_summary_printed(batch: Batch) -> None:
    assert "Traceback" not in batch.stderr and "Traceback" not in batch.stdout
    assert re.search(r"stored \d+ policy versions", batch.stdout)


def _lines_naming(stderr: str, name: str) -> list[str]:
    # "<name>: reason" -- the colon after the name keeps "x.jsonl" from matching "x.jsonl#L2"
    return [ln for ln in stderr.splitlines() if f"{name}: " in ln]


def test_each_refused_input_gets_one_clear_line(batch: Batch) -> None:
    problems = []
    for case in (c for c in batch.cases if c.reason):
        lines = _lines_naming(batch.stderr, case.name)
        if len(lines) != 1:
            problems.append(f"{case.name}: expected one stderr line, got {lines!r}")
            continue
        reason = lines[0].split(f"{case.name}: ", 1)[1]
        if not re.search(case.reason, reason, re.IGNORECASE):
            problems.append(f"{case.name}: {reason!r} does not match {case.reason!r}")
        if len(lines[0]) > 400:
            problems.append(f"{case.name}: not one short line: {lines[0][:200]!r}...")
    assert not problems, "\n".join(problems)


def test_every_stderr_line_is_about_a_known_input(batch: Batch) -> None:
    names = [c.name for c in batch.cases if c.reason]
    for line in batch.stderr.splitlines():
        if line.strip():
            assert any(f"{n}: " in line for n in names), f"unexpected stderr line {line!r}"


def test_recovered_inputs_are_stored_without_error(batch: Batch) -> None:
    recovered = [c for c in batch.cases if c.reason is None]
    assert len(recovered) >= 9
    for case in recovered:
        assert not _lines_naming(batch.stderr, case.name), f"{case.name} should have been read"
        assert any(case.company in org for org in batch.orgs_after), f"{case.company} not stored"


def test_good_policies_are_stored(batch: Batch) -> None:
    assert {"Glimmerpane Apps, Inc.", "Zinnober Labs GmbH"} <= batch.orgs_after
    assert not any(f"{name}: " in batch.stderr for name in GOOD)


def test_loop_folder_is_walked_once(batch: Batch) -> None:
    # "self -> ." and "parent-of-self -> .." must not make the walk ingest anything twice or forever
    recovered = [c for c in batch.cases if c.reason is None]
    stored = re.search(r"stored (\d+) policy versions", " ".join(batch.stdout.split()))
    assert stored and int(stored.group(1)) == len(recovered) + len(GOOD), batch.stdout
    assert re.search(r"skipped 1 already stored", " ".join(batch.stdout.split())), batch.stdout


def test_nothing_already_stored_changes(batch: Batch) -> None:
    before, after = set(batch.before), set(batch.after)
    assert before <= after, f"{len(before - after)} stored quads were removed or changed"
    assert batch.orgs_before <= batch.orgs_after


def test_only_failed_inputs_leave_the_store_byte_identical(batch: Batch, tmp_path: Path) -> None:
    """A run of nothing but bad inputs changes no quad of the store, and still exits 1."""
    refused = [c.name.split("#L")[0] for c in batch.cases if c.reason]
    refused = [n for n in dict.fromkeys(refused) if not n.endswith("broken-lines.jsonl")]
    code, _, err = run_cli(["ingest", *refused, "--store", str(batch.store), "-q"])
    assert code == 1
    assert "Traceback" not in err
    assert nquads(batch.store) == batch.after


def _cli_subprocess(args: list[str], timeout: float = 120) -> "subprocess.CompletedProcess[str]":
    import subprocess
    import sys

    code = f"import sys; from policykg.cli import main; sys.exit(main({args!r}))"
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=timeout)


def test_no_stray_library_output_in_a_real_process(tmp_path: Path) -> None:
    """In a real process (no pytest log capture) pypdf's warnings must not add stray stderr lines."""
    bad = {
        "truncated.pdf": pdf_bytes(PDF_POLICY_LINES)[:300],
        "no-eof.pdf": pdf_bytes(PDF_POLICY_LINES).replace(b"%%EOF", b""),
        "empty.txt": b"",
        "scanned.pdf": pdf_bytes([]),
    }
    for name, data in bad.items():
        (tmp_path / name).write_bytes(data)
    result = _cli_subprocess(["ingest", str(tmp_path), "--store", str(tmp_path / "store"), "-q"])
    assert result.returncode == 1, result.stderr
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == len(bad), lines  # pypdf's "EOF marker not found" warnings are not among them
    for name in bad:
        assert sum(f"{tmp_path / name}: " in ln for ln in lines) == 1, (name, lines)


def test_file_names_with_brackets_are_named_exactly(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "notes[bold].txt").write_bytes(b"")
    code, _, err = run_cli(["ingest", str(folder), "--store", str(tmp_path / "store"), "-q"])
    assert code == 1
    assert f"{folder / 'notes[bold].txt'}: empty" in err
