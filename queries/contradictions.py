"""Contradictions within one policy, in the style of PolicyLint (Andow et al., USENIX Security 2019).

A *denial* (a negated practice: "we do not share your personal information")
contradicts an *affirmation* (an affirmed practice of the same policy: "we
share your email address with advertisers") when:

- both have the same actor (the publisher unless the practice names another);
- the affirmed action is the denied one or narrower (``pk:broaderOrSelf``,
  the stored ``skos:broader*`` closure: sharing is a kind of disclosing), and
  so is the data type (an email address is personal data);
- their recipients overlap: the denial names none (so covers all), or an
  affirmed recipient is a denied one or narrower, or is a named organisation
  while the denial covers third parties in general;
- their data subjects overlap: a denial about children (as a data subject, or
  in its words when none was extracted) says nothing about adults;
- the denial's purposes, when it has some and no exception, include the
  affirmation's ("we do not share for marketing" does not contradict "we
  share to process payments"); the bare ``dpv:Purpose`` narrows nothing;
- the affirmation is not under an exception the denial carves out: its
  condition or the words after "except", "unless", "other than", "without"
  ... in its quote. An exception covers the affirmation when it refers to the
  rest of the policy ("except as described in this policy"), names one of the
  affirmation's purposes or recipients by a label, shares a purpose with it,
  is about consent and the affirmation mentions consent, is about the law and
  the affirmation about legal requests, or contains its condition.

All of it is the named query ``contradictions.rq``, so ``policykg query
contradictions`` and :func:`find` agree; this module only shapes the rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import QueryResult, resolve_company, rows_of


@dataclass(frozen=True, slots=True)
class Contradiction:
    """A denied practice and an affirmed one of the same policy that conflict.

    ``data_types`` are the affirmed data types that fall under the denial.
    Offsets are the evidence start offsets in the policy text (``None`` when
    unknown). Both quotes are always given when the graph has evidence.
    """

    company: str
    policy: str
    negated: str
    affirmed: str
    data_types: tuple[str, ...]
    negated_quote: str | None
    affirmed_quote: str | None
    negated_start: int | None
    affirmed_start: int | None
    negated_condition: str | None = None
    affirmed_condition: str | None = None


def find(source, *, company: str | None = None) -> list[Contradiction]:
    """Contradictions in every policy of the store (or of one company), in text order.

    Args:
        source: an open store or an :class:`~policykg.queries.endpoint.Endpoint`.
        company: name, slug or IRI; ``None`` for every company.

    Raises:
        NotFoundError: unknown company.
    """
    org = resolve_company(source, company) if company else None
    result = rows_of(source, "contradictions", company=org)
    return [
        Contradiction(
            company=row["company"],
            policy=row["policy"],
            negated=row["negated"],
            affirmed=row["affirmed"],
            data_types=tuple(sorted(str(row["dataTypes"] or "").split())),
            negated_quote=row["negatedQuote"],
            affirmed_quote=row["affirmedQuote"],
            negated_start=row["negatedStart"],
            affirmed_start=row["affirmedStart"],
            negated_condition=row["negatedCondition"],
            affirmed_condition=row["affirmedCondition"],
        )
        for row in result.as_dicts()
    ]


def to_result(contradictions: list[Contradiction]) -> QueryResult:
    """A table for printing: company, policy, data types, both quotes with their offsets."""
    columns = ("company", "policy", "dataTypes", "negatedQuote", "negatedStart", "affirmedQuote", "affirmedStart")
    rows = tuple(
        (c.company, c.policy, " ".join(c.data_types), c.negated_quote, c.negated_start, c.affirmed_quote, c.affirmed_start)
        for c in contradictions
    )
    return QueryResult(columns, rows)
