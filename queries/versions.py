"""What changed between two versions of one company's policy.

Practices are compared by what they say, not by their IRIs (which hash the
policy text): the signature of a practice is its set of actions, data types,
purposes and recipients plus its polarity. A signature present only in the
newer version is *added*, only in the older one *removed*. A removed and an
added practice with the same actions, data types and polarity but other
purposes or recipients are reported once, as *changed*, with what moved.
Statements are compared by (topic, polarity, value): a topic whose value or
polarity differs is *changed*. Every change carries the quotes it rests on,
from both versions where both exist.

>>> Change("added", "practice", "collect: email address", None, "We collect ...", "").change
'added'
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from policykg.errors import NotFoundError, QueryError

from . import QueryResult, resolve_company, rows_of


@dataclass(frozen=True, slots=True)
class Version:
    """One stored version of a company's policy; ``date`` is ``YYYY-MM-DD`` or ``None``."""

    policy: str
    date: str | None


@dataclass(frozen=True, slots=True)
class Change:
    """One difference between two versions.

    ``change`` is ``added``, ``removed`` or ``changed``; ``kind`` is ``practice``
    or ``statement``. ``before`` / ``after`` are quotes from the older / newer
    version (``None`` when the side has none). ``detail`` says what moved for a
    ``changed`` entry ("purposes +fraud prevention").
    """

    change: str
    kind: str
    summary: str
    before: str | None
    after: str | None
    detail: str = ""


@dataclass(frozen=True, slots=True)
class VersionDiff:
    """The changes from version ``old`` to version ``new`` of ``company``'s policy, added first."""

    company: str
    old: Version
    new: Version
    changes: tuple[Change, ...]

    def of(self, change: str, kind: str | None = None) -> list[Change]:
        """The changes of one type (``added`` / ``removed`` / ``changed``), optionally of one kind."""
        return [c for c in self.changes if c.change == change and (kind is None or c.kind == kind)]

    def to_result(self) -> QueryResult:
        """The diff as a table: change, kind, summary, detail, before, after."""
        columns = ("change", "kind", "summary", "detail", "before", "after")
        return QueryResult(columns, tuple((c.change, c.kind, c.summary, c.detail, c.before, c.after) for c in self.changes))


def _label(iri: str) -> str:
    from policykg.ontology import concept

    try:
        return concept(iri).pref_label
    except KeyError:
        return iri.rstrip("/").rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _labels(iris) -> str:
    return ", ".join(sorted(_label(i) for i in iris))


def versions(source, company: str) -> list[Version]:
    """The stored versions of ``company``'s policy, oldest first (undated ones last).

    Raises:
        NotFoundError: no such company.
    """
    org = resolve_company(source, company)
    rows = rows_of(source, "company-versions", company=org).as_dicts()
    found = {r["policy"]: Version(r["policy"], r["date"]) for r in rows}
    return sorted(found.values(), key=lambda v: (v.date is None, v.date or "", v.policy))


def _bound(text: str) -> str:
    """The last day a partial date (``2007``, ``2007-02``) can mean, as a comparable string."""
    text = text.strip()
    if len(text) == 4:
        return text + "-12-31"
    if len(text) == 7:
        return text + "-31"
    return text


def _pick(all_versions: list[Version], date: str) -> Version:
    dated = [v for v in all_versions if v.date and v.date <= _bound(date)]
    if not dated:
        known = ", ".join(v.date or "undated" for v in all_versions)
        raise NotFoundError(f"no version dated on or before {date} (versions: {known})")
    return dated[-1]


@dataclass(frozen=True, slots=True)
class _Practice:
    actions: frozenset[str]
    data_types: frozenset[str]
    purposes: frozenset[str]
    recipients: frozenset[str]
    polarity: str

    @property
    def core(self) -> tuple:
        return (self.actions, self.data_types, self.polarity)

    def summary(self) -> str:
        text = f"{'not ' if self.polarity.endswith('Negated') else ''}{_labels(self.actions)}: {_labels(self.data_types)}"
        if self.purposes:
            text += f"; for {_labels(self.purposes)}"
        if self.recipients:
            text += f"; to {_labels(self.recipients)}"
        return text


def _split(value) -> frozenset[str]:
    return frozenset(str(value).split()) if value else frozenset()


def _practices(source, policy: str) -> dict[_Practice, list[str]]:
    result: dict[_Practice, list[str]] = defaultdict(list)
    for row in rows_of(source, "practices-of-policy", policy=policy).as_dicts():
        key = _Practice(
            _split(row["actions"]), _split(row["dataTypes"]), _split(row["purposes"]),
            _split(row["recipients"]), str(row["polarity"] or ""),
        )
        if row["quote"]:
            result[key].append(str(row["quote"]))
        else:
            result.setdefault(key, [])
    return result


def _statements(source, policy: str) -> dict[str, dict[tuple, list[str]]]:
    """``{topic: {(polarity, value): [quotes]}}``."""
    result: dict[str, dict[tuple, list[str]]] = defaultdict(lambda: defaultdict(list))
    for row in rows_of(source, "statements-of-policy", policy=policy).as_dicts():
        value = " ".join(str(row["value"]).lower().split()) if row["value"] else ""
        quotes = result[row["topic"]][(str(row["polarity"] or ""), value)]
        if row["quote"]:
            quotes.append(str(row["quote"]))
    return result


def _first(quotes: list[str] | None) -> str | None:
    return quotes[0] if quotes else None


def _moved(old: frozenset[str], new: frozenset[str], what: str) -> str:
    parts = [f"+{_label(i)}" for i in sorted(new - old)] + [f"-{_label(i)}" for i in sorted(old - new)]
    return f"{what} {' '.join(parts)}" if parts else ""


def _diff_practices(old: dict[_Practice, list[str]], new: dict[_Practice, list[str]]) -> list[Change]:
    removed = [p for p in old if p not in new]
    added = [p for p in new if p not in old]
    changes: list[Change] = []
    by_core: dict[tuple, list[_Practice]] = defaultdict(list)
    for practice in added:
        by_core[practice.core].append(practice)
    paired_added: set[_Practice] = set()
    for before in removed:
        candidates = [p for p in by_core.get(before.core, []) if p not in paired_added]
        if not candidates:
            changes.append(Change("removed", "practice", before.summary(), _first(old[before]), None))
            continue
        after = max(
            candidates,
            key=lambda p: (len(p.purposes & before.purposes) + len(p.recipients & before.recipients), p.summary()),
        )
        paired_added.add(after)
        detail = "; ".join(
            d for d in (_moved(before.purposes, after.purposes, "purposes"), _moved(before.recipients, after.recipients, "recipients")) if d
        )
        changes.append(Change("changed", "practice", after.summary(), _first(old[before]), _first(new[after]), detail))
    for after in added:
        if after not in paired_added:
            changes.append(Change("added", "practice", after.summary(), None, _first(new[after])))
    return changes


def _diff_statements(old, new) -> list[Change]:
    changes: list[Change] = []
    for topic in sorted(set(old) | set(new)):
        before, after = old.get(topic, {}), new.get(topic, {})
        label = _label(topic)
        if not before:
            for (polarity, value), quotes in sorted(after.items()):
                changes.append(Change("added", "statement", _statement_summary(label, polarity, value), None, _first(quotes)))
        elif not after:
            for (polarity, value), quotes in sorted(before.items()):
                changes.append(Change("removed", "statement", _statement_summary(label, polarity, value), _first(quotes), None))
        elif set(before) != set(after):
            old_keys, new_keys = set(before) - set(after), set(after) - set(before)
            detail = "; ".join(
                [f"was {_statement_summary(label, p, v)}" for p, v in sorted(old_keys)]
                + [f"now {_statement_summary(label, p, v)}" for p, v in sorted(new_keys)]
            )
            old_quote = next((q for k in sorted(old_keys) for q in before[k]), None)
            new_quote = next((q for k in sorted(new_keys) for q in after[k]), None)
            changes.append(Change("changed", "statement", label, old_quote, new_quote, detail))
    return changes


def _statement_summary(label: str, polarity: str, value: str) -> str:
    text = f"{'not ' if polarity.endswith('Negated') else ''}{label}"
    return f"{text}: {value}" if value else text


def diff(source, company: str, *, from_date: str | None = None, to_date: str | None = None) -> VersionDiff:
    """Compare two versions of one company's policy.

    Args:
        source: an open store or an :class:`~policykg.queries.endpoint.Endpoint`.
        company: name, slug or IRI.
        from_date: the older version is the last one dated on or before this
            (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``); default the one before ``to``.
        to_date: the newer version likewise; default the latest.

    Returns:
        A :class:`VersionDiff`: added, then removed, then changed practices and statements.

    Raises:
        NotFoundError: unknown company, fewer than two versions, or no version at a date.
        QueryError: both dates pick the same version.
    """
    org = resolve_company(source, company)
    known = versions(source, org)
    if len(known) < 2:
        raise NotFoundError(f"{company}: the store holds {len(known)} version(s) of this policy; a diff needs two")
    new = _pick(known, to_date) if to_date else known[-1]
    if from_date:
        old = _pick(known, from_date)
    else:
        earlier = [v for v in known if v is not new and known.index(v) < known.index(new)]
        if not earlier:
            raise NotFoundError(f"{company}: no version older than {new.date or new.policy}")
        old = earlier[-1]
    if old.policy == new.policy:
        raise QueryError(f"{company}: --from and --to pick the same version ({old.date or old.policy})")
    changes = _diff_practices(_practices(source, old.policy), _practices(source, new.policy))
    changes += _diff_statements(_statements(source, old.policy), _statements(source, new.policy))
    order = {"added": 0, "removed": 1, "changed": 2}
    changes.sort(key=lambda c: (order[c.change], c.kind, c.summary))
    return VersionDiff(org, old, new, tuple(changes))
