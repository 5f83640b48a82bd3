"""Precision, recall and F1 over sets of labelled items, with per-value confusion.

Every evaluation of ``policykg.evaluate`` reduces to comparing a set of gold
items with a set of predicted items (``(segment, value)`` pairs, token spans,
...). This module scores such sets, adds scores up (micro averaging) and keeps
true positives, false positives and false negatives per value so that errors
can be read.

>>> score = score_sets({(0, "contact"), (1, "location")}, {(0, "contact"), (2, "financial")})
>>> score.tp, score.fp, score.fn, round(score.f1, 2)
(1, 1, 1, 0.5)
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field

__all__ = [
    "Confusion",
    "Score",
    "macro_average",
    "micro_average",
    "score_sets",
]


def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 0.0


@dataclass(frozen=True, slots=True)
class Score:
    """Counts of true positives, false positives and false negatives.

    Invariants: all counts are ``>= 0``. Precision is 0 when nothing was
    predicted, recall 0 when there is no gold item (so an empty category scores 0,
    never a division error); ``support`` is the number of gold items.

    >>> s = Score(tp=3, fp=1, fn=2)
    >>> round(s.precision, 2), round(s.recall, 2), round(s.f1, 3)
    (0.75, 0.6, 0.667)
    """

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return _ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float:
        return _ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def support(self) -> int:
        return self.tp + self.fn

    @property
    def predicted(self) -> int:
        return self.tp + self.fp

    def __add__(self, other: Score) -> Score:
        return Score(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    def as_dict(self) -> dict[str, float | int]:
        """The counts and the three measures (rounded to 4 places), for JSON."""
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


def score_sets(gold: Iterable[Hashable], predicted: Iterable[Hashable]) -> Score:
    """Score a predicted set against a gold set (items compared by equality).

    Duplicates count once: both arguments are turned into sets.

    >>> score_sets({"a", "b"}, {"b", "c", "d"})
    Score(tp=1, fp=2, fn=1)
    """
    gold_set, predicted_set = set(gold), set(predicted)
    tp = len(gold_set & predicted_set)
    return Score(tp=tp, fp=len(predicted_set) - tp, fn=len(gold_set) - tp)


def micro_average(scores: Iterable[Score]) -> Score:
    """The sum of the counts (micro averaging).

    >>> micro_average([Score(1, 0, 1), Score(2, 2, 0)])
    Score(tp=3, fp=2, fn=1)
    """
    total = Score()
    for score in scores:
        total = total + score
    return total


def macro_average(scores: Iterable[Score]) -> tuple[float, float, float]:
    """Unweighted means of precision, recall and F1 over ``scores``.

    Returns ``(precision, recall, f1)``; ``(0, 0, 0)`` for no scores. F1 is the
    mean of the per-class F1 values (not the F1 of the mean P and R).

    >>> macro_average([Score(1, 0, 0), Score(0, 1, 1)])
    (0.5, 0.5, 0.5)
    """
    items = list(scores)
    if not items:
        return (0.0, 0.0, 0.0)
    n = len(items)
    return (
        sum(s.precision for s in items) / n,
        sum(s.recall for s in items) / n,
        sum(s.f1 for s in items) / n,
    )


@dataclass(slots=True)
class Confusion:
    """True positives, false positives and false negatives per value.

    ``add`` takes gold and predicted sets of items and ``value_of`` (how to read
    an item's value, by default the last element of a tuple), and adds each
    item to its value's counts; ``total`` is the micro average over values.

    >>> c = Confusion()
    >>> c.add({(0, "contact"), (1, "location")}, {(0, "contact"), (0, "location")})
    >>> c.per_value["location"], c.total
    (Score(tp=0, fp=1, fn=1), Score(tp=1, fp=1, fn=1))
    """

    per_value: dict[str, Score] = field(default_factory=dict)

    def add(
        self,
        gold: Iterable[Hashable],
        predicted: Iterable[Hashable],
        value_of: Callable[[Hashable], str] = lambda item: item[-1],  # type: ignore[index]
    ) -> None:
        gold_set, predicted_set = set(gold), set(predicted)
        for item in gold_set | predicted_set:
            in_gold, in_pred = item in gold_set, item in predicted_set
            delta = Score(tp=int(in_gold and in_pred), fp=int(in_pred and not in_gold), fn=int(in_gold and not in_pred))
            key = str(value_of(item))
            self.per_value[key] = self.per_value.get(key, Score()) + delta

    @property
    def total(self) -> Score:
        return micro_average(self.per_value.values())

    def as_dict(self) -> dict[str, dict[str, float | int]]:
        """Per-value counts and measures, values sorted by gold support then name."""
        return {value: score.as_dict() for value, score in self.sorted()}

    def sorted(self) -> list[tuple[str, Score]]:
        """``(value, score)`` pairs, most gold support first, then most predictions, then by name."""
        return sorted(self.per_value.items(), key=lambda kv: (-kv[1].support, -kv[1].predicted, kv[0]))

