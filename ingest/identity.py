"""Stage 4 of the ingest chain: which organisation publishes a policy.

An organisation known by several names is one organisation: a policy is
attributed to a known organisation when its company name, one of its aliases,
or its website's domain matches one already seen (in the store or earlier in
the same run). Seed 002 ('BlueSnap, Inc. ("Plimus")') and seed 003
('Plimus, Inc.') thus become two versions of one organisation's policy.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import PurePath

from policykg.ontology.iris import slugify

from .records import PolicyMetadata
from .to_rdf import Publisher

# Names too generic to identify anyone on their own.
_GENERIC = {
    "we", "us", "our", "company", "the-company", "site", "website", "service", "services", "app", "unknown",
    "privacy", "privacy-policy", "policy", "customer", "customers", "user", "users",
}


def _domain(url: str) -> str | None:
    match = re.search(r"(?:https?://)?(?:www\d?\.|home\.|m\.)?([a-z0-9-]+(?:\.[a-z0-9-]+)+)", url.lower())
    if not match:
        return None
    parts = match.group(1).split(".")
    # keep the registrable part: example.com, example.co.uk
    keep = 3 if len(parts) >= 3 and len(parts[-1]) == 2 and parts[-2] in ("co", "com", "org", "net", "ac", "gov") else 2
    return ".".join(parts[-keep:])


def _keys(names: Iterable[str], urls: Iterable[str]) -> set[str]:
    keys = set()
    for name in names:
        slug = slugify(name)
        if len(slug) >= 3 and slug not in _GENERIC:
            keys.add("name:" + slug)
    for url in urls:
        domain = _domain(url)
        if domain:
            keys.add("domain:" + domain)
    return keys


class OrganisationRegistry:
    """Organisations seen so far, and the keys (name slugs, domains) that identify them."""

    def __init__(self) -> None:
        self._slug_of_key: dict[str, str] = {}
        self._names: dict[str, list[str]] = {}

    @classmethod
    def from_rows(cls, rows: Iterable[dict]) -> "OrganisationRegistry":
        """Build from ``_organisations.rq`` rows (org, slug, name, url)."""
        registry = cls()
        for row in rows:
            slug = row["slug"]
            registry._remember(slug, [n for n in [row.get("name")] if n], [u for u in [row.get("url")] if u])
        return registry

    def _remember(self, slug: str, names: list[str], urls: list[str]) -> None:
        for key in _keys([slug, *names], urls):
            self._slug_of_key.setdefault(key, slug)
        known = self._names.setdefault(slug, [])
        for name in names:
            if name not in known:
                known.append(name)

    def resolve(self, metadata: PolicyMetadata, *, source: str) -> Publisher:
        """The publisher of a policy: a known organisation when a key matches, else a new one.

        >>> reg = OrganisationRegistry()
        >>> reg.resolve(PolicyMetadata(company="Plimus, Inc."), source="a.txt").slug
        'plimus'
        >>> reg.resolve(PolicyMetadata(company="BlueSnap, Inc.", aliases=("Plimus",)), source="b.txt").slug
        'plimus'
        """
        names = [n for n in (metadata.company, *metadata.aliases) if n]
        urls = [u for u in (metadata.website, metadata.url) if u]
        keys = _keys(names, urls)
        # Name keys decide before domain keys: two brands may share a host.
        ordered = sorted(keys, key=lambda k: (not k.startswith("name:"), k))
        slug = next((self._slug_of_key[k] for k in ordered if k in self._slug_of_key), None)
        if slug is None:
            if metadata.company:
                slug = slugify(metadata.company)
            elif urls and _domain(urls[0]):
                slug = slugify(_domain(urls[0]).split(".")[0])
            else:
                slug = slugify(PurePath(source.split("#")[0]).stem)
        self._remember(slug, names, urls)
        legal = metadata.company if metadata.company and re.search(r"\b(inc|llc|ltd|limited|gmbh|corp|plc|s\.?a|co)\b\.?", metadata.company, re.I) else None
        name = metadata.company or (self._names.get(slug) or [slug])[0]
        return Publisher(slug=slug, name=name, legal_name=legal, aliases=tuple(a for a in metadata.aliases if a != name))
