"""The one place where instance IRIs are minted.

IRIs are deterministic: they are built from slugs, dates and hashes of what they
name, so ingesting the same file twice yields the same triples and a resumed run
cannot create duplicates.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from rdflib import URIRef

from .namespaces import ID

_LEGAL_SUFFIX = re.compile(
    r"[\s,]+(inc|incorporated|llc|l\.l\.c|ltd|limited|plc|gmbh|ag|sa|s\.a|sas|srl|bv|b\.v|nv|corp|corporation|co|company|lp|llp|pty|oy|ab|as|kg)\.?$",
    re.IGNORECASE,
)


def slugify(name: str) -> str:
    """A lower-case ASCII slug of an organisation name, legal suffixes dropped.

    >>> slugify("Plimus, Inc.")
    'plimus'
    >>> slugify("3PLUS international Inc.")
    '3plus-international'
    >>> slugify("Société Générale S.A.")
    'societe-generale'
    """
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    text = text.strip().strip("\"'“”")
    previous = None
    while previous != text:
        previous = text
        text = _LEGAL_SUFFIX.sub("", text).strip()
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug or "unknown"


def digest(*parts: object, length: int = 16) -> str:
    """A short hex digest of ``parts`` (joined with a separator no part contains)."""
    h = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8"))
    return h.hexdigest()[:length]


def org_iri(slug: str) -> URIRef:
    return ID[f"org/{slug}"]


def policy_iri(org_slug: str, sha256: str, date: str | None) -> URIRef:
    """``id:policy/<org>/<date>-<sha8>``; the hash keeps same-day versions apart."""
    stem = f"{date}-{sha256[:8]}" if date else sha256[:12]
    return ID[f"policy/{org_slug}/{stem}"]


def span_iri(sha256: str, start: int, end: int) -> URIRef:
    return ID[f"span/{sha256[:16]}/{start}-{end}"]


def practice_iri(sha256: str, *key: object) -> URIRef:
    return ID[f"practice/{digest(sha256, *key)}"]


def statement_iri(sha256: str, *key: object) -> URIRef:
    return ID[f"statement/{digest(sha256, *key)}"]


def segment_iri(sha256: str, start: int, end: int) -> URIRef:
    return ID[f"segment/{sha256[:16]}/{start}-{end}"]


def report_iri(policy: str, profile: str) -> URIRef:
    return ID[f"report/{digest(policy, profile)}"]
