"""An opt-in learned segment categoriser, fitted by the user on a gold corpus they point to.

The default categoriser (:mod:`policykg.ingest.categorize`) is a table of
weighted, readable cues. This module stacks a model on top of it: one-vs-rest
logistic regression over

* the words and word pairs of the segment and, separately, of its heading
  (hashed into a fixed-size index, so the model needs no vocabulary file);
* the rule-based categoriser's own evidence: each cue and item cue that fired
  (what :func:`~policykg.ingest.categorize.explain_segment` lists), each
  category's summed score and whether the rules chose it;
* what the extraction stages found in the segment: practices by action, actor
  and polarity, statements by topic and polarity;
* where the segment lies in the policy (the first ones introduce it, the last
  ones give contacts).

So it learns when to trust each cue. Fitting is deterministic (full-batch
Adam from zero weights; folds drawn with a fixed seed). A threshold per
category is chosen on out-of-fold predictions of the training set, by policy.

Nothing here is trained on anything shipped: ``policykg train categories DIR``
fits a model on the OPP-115 release the user names and saves it in the user's
data directory (:func:`default_model_path`); ``policykg ingest --learned`` and
``policykg eval opp115 --categories-model`` use it. A model file is NumPy's
``.npz`` (never pickle) with a JSON header: format version, policykg version,
feature configuration, categories, thresholds and the SHA-256 of every training
policy's text, so an evaluation can tell when it scores the training set.

>>> PK = "https://w3id.org/policykg#"
>>> examples = [Example("We retain your data for 30 days.", None, (PK + "DataRetention",), "a"),
...             Example("Data is encrypted with SSL.", None, (PK + "DataSecurity",), "b")]
>>> model = fit(examples, training=TrainConfig(steps=60, inner_folds=0))
>>> [c.rsplit("#", 1)[-1] for c in model.classify("Logs are retained for 90 days.")]
['DataRetention']
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import os
import re
import time
import zipfile
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from policykg.errors import InputError, PolicyKGError

from .categorize import CATEGORY_IRIS, CUES, ITEM_CUES, ITEM_WEIGHT, THRESHOLD, Contribution, fired_cues, segment_units
from .records import FIRST_PARTY, Document, Polarity, Practice, Segment, Span, Statement

if TYPE_CHECKING:
    from policykg.evaluate.scoring import Confusion, Score

__all__ = [
    "CategoryModel",
    "CrossValidation",
    "Example",
    "FORMAT",
    "FORMAT_VERSION",
    "FeatureConfig",
    "TrainConfig",
    "TrainingPolicy",
    "TrainingReport",
    "categorize_with",
    "cross_validate",
    "data_dir",
    "default_model_path",
    "examples_of",
    "explain_with",
    "fit",
    "load_model",
    "prepare_opp115",
    "text_sha256",
    "train_categories",
    "unit_features",
    "with_context",
]

#: What the ``format`` field of a model file's header says.
FORMAT = "policykg-categories-model"
#: Bumped whenever features or the file layout change; other versions are refused on load.
FORMAT_VERSION = 1
#: Where a model lives inside the data directory.
MODEL_FILE = Path("models") / "categories.npz"

#: The source named in explanations of learned decisions (``Contribution.source``).
SOURCE = "learned model"


# ---------------------------------------------------------------- where models live


def data_dir(environ: Mapping[str, str] | None = None) -> Path:
    """The user's policykg data directory.

    ``$POLICYKG_DATA_DIR`` when set, else ``$XDG_DATA_HOME/policykg``, else
    ``~/.local/share/policykg`` (the XDG base-directory default).

    Args:
        environ: the environment to read (default ``os.environ``).

    >>> data_dir({"POLICYKG_DATA_DIR": "/data/pk"}).as_posix()
    '/data/pk'
    >>> data_dir({"XDG_DATA_HOME": "/xdg"}).as_posix()
    '/xdg/policykg'
    """
    env = os.environ if environ is None else environ
    if env.get("POLICYKG_DATA_DIR"):
        return Path(env["POLICYKG_DATA_DIR"]).expanduser()
    if env.get("XDG_DATA_HOME"):
        return Path(env["XDG_DATA_HOME"]).expanduser() / "policykg"
    home = Path(env["HOME"]) if env.get("HOME") else Path.home()
    return home / ".local" / "share" / "policykg"


def default_model_path(environ: Mapping[str, str] | None = None) -> Path:
    """Where ``policykg train categories`` saves the model and ``--learned`` looks for it.

    >>> default_model_path({"POLICYKG_DATA_DIR": "/data/pk"}).as_posix()
    '/data/pk/models/categories.npz'
    """
    return data_dir(environ) / MODEL_FILE


def text_sha256(text: str) -> str:
    """The SHA-256 of a policy's normalised text (UTF-8): how a model names its training policies.

    >>> text_sha256("")[:12]
    'e3b0c44298fc'
    """
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# ---------------------------------------------------------------- features


@dataclass(frozen=True, slots=True)
class FeatureConfig:
    """Which features a model reads and the size of the hashed index.

    Invariants: ``dim > 0``. Feature names are hashed with CRC-32 (stable across
    runs and machines, unlike Python's ``hash``) into ``[0, dim)``. ``context``:
    a unit also reads the rule decisions, topics and actions of the units just
    before and after it in its policy (``prev-`` / ``next-`` features).
    """

    dim: int = 1 << 18
    bigrams: bool = True
    heading: bool = True
    rules: bool = True
    items: bool = True
    position: bool = True
    context: bool = False


@dataclass(frozen=True, slots=True)
class TrainConfig:
    """How a model is fitted.

    ``steps`` of full-batch Adam at ``learning_rate`` on the mean logistic loss
    plus ``l2`` / 2 times the squared weights. ``inner_folds`` (by policy, drawn
    with ``seed``) give the out-of-fold predictions each category's threshold is
    chosen on; 0 or 1 keeps 0.5. ``at_least_one``: a unit no category reaches
    gets the one nearest its threshold (OPP-115 annotates almost every segment).
    ``pooled``: gold labels belong to segments that may hold several units, so
    the loss is taken per segment on the noisy-OR of its units' probabilities
    (multiple-instance learning) instead of copying the segment's labels to
    every unit.
    """

    steps: int = 200
    learning_rate: float = 0.05
    l2: float = 3e-3
    inner_folds: int = 3
    seed: int = 0
    at_least_one: bool = True
    pooled: bool = True


_WORD = re.compile(r"[a-z][a-z0-9'’]*|\d+")
_CUE_INDEX = {cue: index for index, cue in reversed(list(enumerate(CUES)))}


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _words(text: str) -> list[str]:
    return ["0" if token[0].isdigit() else token.replace("’", "'") for token in _WORD.findall(text.lower())]


def _ngrams(prefix: str, text: str, bigrams: bool) -> set[str]:
    words = _words(text)
    names = {f"{prefix}:{w}" for w in words}
    if bigrams:
        names.update(f"{prefix}2:{a} {b}" for a, b in zip(words, words[1:]))
    return names


def unit_features(
    text: str,
    heading: str | None = None,
    *,
    practices: Iterable[Practice] = (),
    statements: Iterable[Statement] = (),
    position: float | None = None,
    config: FeatureConfig = FeatureConfig(),
) -> dict[str, float]:
    """The named features of one unit (before hashing).

    Word features (``w:`` words, ``w2:`` word pairs, ``h:`` / ``h2:`` of the
    heading) are binary and scaled to unit length per group, so long segments
    do not outweigh short ones. Rule features: ``cue:`` / ``heading-cue:`` /
    ``item:`` per fired cue of the rule-based categoriser, ``score:`` its
    summed score per category (clipped to [-1, 3]), ``rule:`` the categories it
    chooses. Item features: ``act:`` action (with ``/neg`` when negated),
    ``actor:``, ``subject:``, ``topic:`` of statements. ``pos:`` the fifth of
    the policy the unit lies in, ``len:`` a length bucket.

    Args:
        text: the unit's text.
        heading: the heading above it, when known.
        practices: practices whose evidence lies in the unit.
        statements: statements whose evidence lies in the unit.
        position: where the unit lies in its policy, 0 (first) to 1 (last).
        config: which feature groups to read.

    >>> f = unit_features("We do not sell data.", "Sale", position=0.0)
    >>> sorted(k for k in f if k.startswith(("w:", "h:", "pos:")))
    ['h:sale', 'pos:0', 'pos:first', 'w:data', 'w:do', 'w:not', 'w:sell', 'w:we']
    """
    features: dict[str, float] = {}

    def group(names: set[str]) -> None:
        if names:
            value = 1.0 / math.sqrt(len(names))
            for name in names:
                features[name] = features.get(name, 0.0) + value

    group(_ngrams("w", text, config.bigrams))
    if config.heading and heading:
        group(_ngrams("h", heading, config.bigrams))
    practices, statements = tuple(practices), tuple(statements)
    if config.rules:
        scores = dict.fromkeys(CATEGORY_IRIS, 0.0)
        for cue in fired_cues(text, heading):
            scores[cue.category] += cue.weight
            kind = "heading-cue" if cue.heading else "cue"
            features[f"{kind}:{_local(cue.category)}:{_CUE_INDEX[cue]}"] = 1.0
        items = (*practices, *statements)
        for item_cue in ITEM_CUES:
            if any(item_cue.matches(item) for item in items):
                scores[item_cue.category] += ITEM_WEIGHT
                features[f"item:{item_cue.name}"] = 1.0
        chosen = []
        for category, score in scores.items():
            name = _local(category)
            if score:
                features[f"score:{name}"] = max(-1.0, min(3.0, score)) / 3.0
            if score >= THRESHOLD:
                chosen.append(name)
        for name in chosen or ["none"]:
            features[f"rule:{name}"] = 1.0
    if config.items:
        for practice in practices:
            negated = "/neg" if practice.polarity is Polarity.NEGATED else ""
            for action in practice.actions:
                features[f"act:{_local(action)}{negated}"] = 1.0
            actor = "first" if practice.actor == FIRST_PARTY else "third"
            features[f"actor:{actor}{negated}"] = 1.0
            for subject in practice.data_subjects:
                features[f"subject:{_local(subject)}"] = 1.0
            if practice.purposes:
                features["practice:purpose"] = 1.0
            if practice.recipients or practice.recipient_names:
                features["practice:recipient"] = 1.0
        for statement in statements:
            negated = "/neg" if statement.polarity is Polarity.NEGATED else ""
            features[f"topic:{_local(statement.topic)}{negated}"] = 1.0
    if config.position and position is not None:
        features[f"pos:{min(4, int(position * 5))}"] = 1.0
        if position <= 0.0:
            features["pos:first"] = 1.0
        elif position >= 1.0:
            features["pos:last"] = 1.0
    features[f"len:{min(6, int(math.log2(1 + len(text.split()))))}"] = 1.0
    return features


def _hash(name: str, dim: int) -> int:
    return zlib.crc32(name.encode("utf-8")) % dim


_CONTEXT_PREFIXES = ("rule:", "topic:", "act:", "heading-cue:")


def with_context(features: Sequence[dict[str, float]], policies: Sequence[str] | None = None) -> list[dict[str, float]]:
    """Each unit's features plus ``prev-`` / ``next-`` copies of its neighbours' rule decisions,
    statement topics, actions and heading cues (neighbours within the same policy).

    Args:
        features: :func:`unit_features` of consecutive units.
        policies: the policy of each unit (default: all one policy).

    >>> with_context([{"rule:DataSecurity": 1.0}, {"w:ssl": 1.0}])[1]
    {'w:ssl': 1.0, 'prev-rule:DataSecurity': 1.0}
    """
    out = [dict(f) for f in features]
    for i, own in enumerate(features):
        for j, prefix in ((i - 1, "prev-"), (i + 1, "next-")):
            if 0 <= j < len(features) and (policies is None or policies[j] == policies[i]):
                for name in features[j]:
                    if name.startswith(_CONTEXT_PREFIXES):
                        out[i][prefix + name] = 1.0
    return out


def _example_features(examples: Sequence[Example], config: FeatureConfig) -> list[dict[str, float]]:
    """The features of training examples (in policy order), with context when configured."""
    features = [
        unit_features(e.text, e.heading, practices=e.practices, statements=e.statements, position=e.position, config=config)
        for e in examples
    ]
    return with_context(features, [e.policy for e in examples]) if config.context else features


@dataclass(frozen=True, slots=True, eq=False)
class _Rows:
    """Hashed feature rows in compressed sparse row form (``indptr``, ``indices``, ``values``)."""

    indptr: np.ndarray
    indices: np.ndarray
    values: np.ndarray

    @property
    def n(self) -> int:
        return len(self.indptr) - 1

    @staticmethod
    def build(feature_dicts: Iterable[Mapping[str, float]], dim: int) -> _Rows:
        indptr, indices, values = [0], [], []
        for features in feature_dicts:
            for name, value in features.items():
                indices.append(_hash(name, dim))
                values.append(value)
            indptr.append(len(indices))
        return _Rows(np.asarray(indptr, np.int64), np.asarray(indices, np.int64), np.asarray(values, np.float64))

    def take(self, rows: np.ndarray) -> _Rows:
        """The rows ``rows`` (indices into this matrix), in that order."""
        starts, ends = self.indptr[rows], self.indptr[rows + 1]
        lengths = ends - starts
        pick = np.concatenate([np.arange(s, e) for s, e in zip(starts, ends)]) if len(rows) else np.zeros(0, np.int64)
        return _Rows(np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64), self.indices[pick], self.values[pick])

    def row_ids(self) -> np.ndarray:
        return np.repeat(np.arange(self.n), np.diff(self.indptr))


def _logits(rows: _Rows, weights: np.ndarray, bias: np.ndarray) -> np.ndarray:
    """``rows @ weights + bias``, ``weights`` indexed like ``rows.indices`` (``(features, C)``).

    Summed in float32 (half the memory traffic of float64; the fit does not need more).
    """
    out = np.tile(bias.astype(np.float32), (rows.n, 1))
    lengths = np.diff(rows.indptr)
    if len(rows.indices):
        contributions = rows.values.astype(np.float32)[:, None] * weights.astype(np.float32, copy=False)[rows.indices]
        if lengths.all():
            out += np.add.reduceat(contributions, rows.indptr[:-1], axis=0)
        else:
            nonempty = np.flatnonzero(lengths)
            out[nonempty] += np.add.reduceat(contributions, rows.indptr[nonempty], axis=0)
    return out


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * z))  # = 1 / (1 + e^-z), without overflow


def _fit_weights(
    rows: _Rows, labels: np.ndarray, config: TrainConfig, targets: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Fit one-vs-rest logistic regression; returns ``(used feature indices, weights, bias)``.

    With ``targets`` (one id per row, ``0..T-1``) and ``config.pooled``, rows
    sharing a target are one bag: the bag's probability of a category is
    ``1 - prod(1 - p_row)`` (noisy-OR) and the loss is the mean over bags of
    its log loss against the bag's labels (the rows' labels, all equal). Its
    gradient with respect to a row's logit is ``(P - y) * p_row / P`` over the
    number of bags.

    Only features that occur in ``rows`` can get a non-zero weight (zero start,
    zero gradient otherwise), so the fit runs on those columns alone. The
    gradient ``X^T g`` sums over the entries sorted by column once.
    """
    used, compact = np.unique(rows.indices, return_inverse=True)
    local = _Rows(rows.indptr, compact.reshape(-1).astype(np.int64), rows.values)
    by_column = np.argsort(local.indices, kind="stable")
    column_starts = np.flatnonzero(np.diff(local.indices[by_column], prepend=-1))  # every used column occurs
    column_rows = local.row_ids()[by_column]
    column_values = local.values[by_column][:, None].astype(np.float32)
    n, classes = labels.shape
    pooled = config.pooled and targets is not None
    if pooled:
        bags = int(targets.max()) + 1
        bag_labels = np.zeros((bags, classes), np.float32)
        np.maximum.at(bag_labels, targets, labels)
    weights = np.zeros((len(used), classes), np.float32)
    # Start the bias at each category's log-odds: fewer steps spent learning the base rate.
    rate = np.clip(labels.mean(axis=0), 1e-3, 1 - 1e-3)
    bias = np.log(rate / (1 - rate)).astype(np.float32)
    m_w, v_w = np.zeros_like(weights), np.zeros_like(weights)
    m_b, v_b = np.zeros_like(bias), np.zeros_like(bias)
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    for step in range(1, config.steps + 1):
        z = _logits(local, weights, bias).astype(np.float64)
        p = _sigmoid(z)
        if pooled:
            log_none = np.zeros((bags, classes))  # log prod(1 - p) per bag: -sum softplus(z)
            softplus = np.logaddexp(0.0, z)
            for c in range(classes):
                log_none[:, c] = -np.bincount(targets, weights=softplus[:, c], minlength=bags)
            bag_p = -np.expm1(log_none)  # 1 - prod(1 - p)
            ratio = p / np.maximum(bag_p[targets], 1e-12)
            error = ((bag_p - bag_labels)[targets] * np.minimum(ratio, 1.0) / bags).astype(np.float32)
        else:
            error = ((p - labels) / n).astype(np.float32)  # d(mean loss)/dz
        grad_w = np.add.reduceat(column_values * error[column_rows], column_starts, axis=0) if len(used) else weights.copy()
        grad_w += config.l2 * weights
        grad_b = error.sum(axis=0)
        m_w = beta1 * m_w + (1 - beta1) * grad_w
        v_w = beta2 * v_w + (1 - beta2) * grad_w**2
        m_b = beta1 * m_b + (1 - beta1) * grad_b
        v_b = beta2 * v_b + (1 - beta2) * grad_b**2
        correction1, correction2 = 1 - beta1**step, 1 - beta2**step
        weights -= config.learning_rate * (m_w / correction1) / (np.sqrt(v_w / correction2) + eps)
        bias -= config.learning_rate * (m_b / correction1) / (np.sqrt(v_b / correction2) + eps)
    return used, weights, bias


def _decide(probabilities: np.ndarray, thresholds: np.ndarray, at_least_one: bool) -> np.ndarray:
    """Boolean ``(units, categories)``: each category at or above its threshold (or the nearest one)."""
    chosen = probabilities >= thresholds
    if at_least_one and len(chosen):
        empty = ~chosen.any(axis=1)
        nearest = np.argmax(probabilities / np.maximum(thresholds, 1e-9), axis=1)
        chosen[np.flatnonzero(empty), nearest[empty]] = True
    return chosen


# ---------------------------------------------------------------- the model


@dataclass(frozen=True, slots=True)
class TrainingSet:
    """What a model was fitted on: the SHA-256 of each policy's text, and counts.

    Invariant: ``policies == len(sha256)``.
    """

    sha256: tuple[str, ...]
    policies: int
    units: int
    corpus: str = ""


@dataclass(frozen=True, slots=True, eq=False)
class CategoryModel:
    """A fitted one-vs-rest segment categoriser.

    Invariants: ``rows`` is sorted and unique, the hashed feature indices with a
    weight; ``weights`` has shape ``(len(rows), len(categories))``; ``bias`` and
    ``thresholds`` have one entry per category; thresholds lie in ``(0, 1)``.
    ``categories`` are IRIs of ``pk:OPP115Categories``. The arrays are
    read-only.
    """

    categories: tuple[str, ...]
    features: FeatureConfig
    rows: np.ndarray
    weights: np.ndarray
    bias: np.ndarray
    thresholds: np.ndarray
    training: TrainingSet
    at_least_one: bool = True
    policykg_version: str = ""

    @property
    def digest(self) -> str:
        """A short SHA-256 of the weights and thresholds: names this model in provenance."""
        h = hashlib.sha256()
        for array in (self.rows, self.weights, self.bias, self.thresholds):
            h.update(np.ascontiguousarray(array).tobytes())
        return h.hexdigest()[:16]

    def _dense(self, rows: _Rows) -> tuple[_Rows, np.ndarray]:
        """``rows`` re-indexed onto this model's weight rows (unknown features dropped) and the weights.

        A model without any weight gets one zero row, so the indexing stays valid.
        """
        table, weights = self.rows, self.weights
        if not len(table):
            table, weights = np.zeros(1, np.int64), np.zeros((1, len(self.categories)), np.float32)
        position = np.minimum(np.searchsorted(table, rows.indices), len(table) - 1)
        values = np.where(table[position] == rows.indices, rows.values, 0.0)
        return _Rows(rows.indptr, position, values), weights

    def _probabilities_rows(self, rows: _Rows) -> np.ndarray:
        mapped, weights = self._dense(rows)
        return _sigmoid(_logits(mapped, weights, self.bias).astype(np.float64))

    def probabilities(self, feature_dicts: Sequence[Mapping[str, float]]) -> np.ndarray:
        """Probability of each category (columns in ``categories`` order) for each unit's named features."""
        return self._probabilities_rows(_Rows.build(feature_dicts, self.features.dim))

    def decide(self, probabilities: np.ndarray) -> list[tuple[str, ...]]:
        """The categories of each unit given its probabilities, in scheme order."""
        chosen = _decide(probabilities, self.thresholds, self.at_least_one)
        return [tuple(c for c, keep in zip(self.categories, row) if keep) for row in chosen]

    def classify(
        self,
        text: str,
        heading: str | None = None,
        *,
        practices: Iterable[Practice] = (),
        statements: Iterable[Statement] = (),
        position: float | None = None,
    ) -> tuple[str, ...]:
        """The categories of one unit (IRIs, scheme order)."""
        features = unit_features(text, heading, practices=practices, statements=statements, position=position, config=self.features)
        return self.decide(self.probabilities([features]))[0]

    def header(self) -> dict:
        """The JSON header written beside the arrays."""
        return {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "policykg_version": self.policykg_version,
            "features": asdict(self.features),
            "categories": list(self.categories),
            "thresholds": [round(float(t), 6) for t in self.thresholds],
            "at_least_one": self.at_least_one,
            "rules_digest": rules_digest(),
            "training": {
                "corpus": self.training.corpus,
                "policies": self.training.policies,
                "units": self.training.units,
                "sha256": list(self.training.sha256),
            },
        }

    def save(self, path: str | Path) -> Path:
        """Write the model to ``path`` (NumPy ``.npz``, no pickle), creating folders; returns the path.

        Written to a temporary file first and renamed, so a crash never leaves half a model.

        Raises:
            InputError: the file cannot be written.
        """
        path = Path(path)
        header = json.dumps(self.header(), sort_keys=True).encode("utf-8")
        buffer = io.BytesIO()
        np.savez_compressed(
            buffer,
            header=np.frombuffer(header, dtype=np.uint8),
            rows=self.rows.astype(np.int64),
            weights=self.weights.astype(np.float32),
            bias=self.bias.astype(np.float32),
            thresholds=self.thresholds.astype(np.float32),
        )
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_name(path.name + ".partial")
            partial.write_bytes(buffer.getvalue())
            partial.replace(path)
        except OSError as exc:
            raise InputError(str(path), f"cannot write the categories model ({exc.strerror or exc})") from exc
        return path

    def overlap(self, sha256s: Iterable[str]) -> list[str]:
        """Those of ``sha256s`` (policy texts, :func:`text_sha256`) the model was trained on."""
        trained = set(self.training.sha256)
        return [sha for sha in sha256s if sha in trained]


def rules_digest() -> str:
    """A short digest of the rule-based cue table; a model records the one it was fitted with."""
    h = hashlib.sha256()
    for cue in CUES:
        h.update(f"{cue.category}\t{cue.heading}\t{cue.pattern}\t{cue.weight}\n".encode())
    return h.hexdigest()[:16]


def _corrupt(path: Path, reason: str) -> InputError:
    return InputError(str(path), f"not a usable policykg categories model: {reason}; train one with 'policykg train categories DIR'")


def load_model(path: str | Path) -> CategoryModel:
    """Read a model written by :meth:`CategoryModel.save`.

    Raises:
        InputError: the file is missing, not a model, corrupt, or of another
            format version (the message names the file and says what to do).
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(str(path), "no categories model here; train one with 'policykg train categories DIR' (or give --categories-model PATH)")
    try:
        with np.load(path, allow_pickle=False) as data:
            arrays = {name: data[name] for name in ("header", "rows", "weights", "bias", "thresholds")}
    except KeyError as exc:
        raise _corrupt(path, f"array {exc} is missing") from exc
    except (OSError, ValueError, EOFError, zipfile.BadZipFile, zlib.error) as exc:
        raise _corrupt(path, f"cannot be read as .npz ({type(exc).__name__}: {exc})") from exc
    try:
        header = json.loads(arrays["header"].tobytes().decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _corrupt(path, "its header is not JSON") from exc
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise _corrupt(path, f"header format is {header.get('format') if isinstance(header, dict) else header!r}, expected {FORMAT!r}")
    if header.get("format_version") != FORMAT_VERSION:
        raise _corrupt(
            path, f"format version {header.get('format_version')!r}, this policykg reads version {FORMAT_VERSION} (retrain the model)"
        )
    try:
        categories = tuple(str(c) for c in header["categories"])
        features = FeatureConfig(**header["features"])
        training = header["training"]
        training_set = TrainingSet(
            sha256=tuple(str(s) for s in training["sha256"]),
            policies=int(training["policies"]),
            units=int(training["units"]),
            corpus=str(training.get("corpus", "")),
        )
        at_least_one = bool(header.get("at_least_one", True))
        version = str(header.get("policykg_version", ""))
    except (KeyError, TypeError, ValueError) as exc:
        raise _corrupt(path, f"header field missing or malformed ({exc})") from exc
    rows, weights = arrays["rows"].astype(np.int64), arrays["weights"].astype(np.float32)
    bias, thresholds = arrays["bias"].astype(np.float32), arrays["thresholds"].astype(np.float32)
    classes = len(categories)
    if (
        rows.ndim != 1
        or weights.shape != (len(rows), classes)
        or bias.shape != (classes,)
        or thresholds.shape != (classes,)
        or (len(rows) and (np.any(np.diff(rows) <= 0) or rows[0] < 0 or rows[-1] >= features.dim))
        or not np.all(np.isfinite(weights))
        or not np.all((thresholds > 0) & (thresholds < 1))
        or set(categories) - set(CATEGORY_IRIS)
    ):
        raise _corrupt(path, "arrays do not match the header (shapes, order or values)")
    return _model(categories, features, rows, weights, bias, thresholds, training_set, at_least_one, version)


def _model(categories, features, rows, weights, bias, thresholds, training, at_least_one, version) -> CategoryModel:
    arrays = [np.ascontiguousarray(a) for a in (rows, weights, bias, thresholds)]
    for array in arrays:
        array.flags.writeable = False
    return CategoryModel(categories, features, *arrays, training, at_least_one, version)


# ---------------------------------------------------------------- training data


@dataclass(frozen=True, slots=True)
class Example:
    """One unit to learn from: its text, context, extracted items and gold categories.

    Invariants: ``categories`` are IRIs of ``CATEGORY_IRIS``; ``0 <= position
    <= 1``; ``policy`` is the SHA-256 of the policy text (folds are drawn by
    it); ``target`` identifies the gold segment the unit lies in (units of one
    target share its gold categories, and are scored as one).
    """

    text: str
    heading: str | None
    categories: tuple[str, ...]
    policy: str
    target: int = 0
    position: float = 0.0
    practices: tuple[Practice, ...] = ()
    statements: tuple[Statement, ...] = ()


@dataclass(frozen=True, slots=True)
class TrainingPolicy:
    """One gold policy, run through the real pipeline, ready for fitting and cross-validation.

    ``gold`` and ``rule`` are ``(segment index, category name)`` pairs: the
    annotators' and the rule-based categoriser's. ``examples`` are the units of
    the pipeline, each labelled with the gold categories of the segment it lies in.
    """

    name: str
    sha256: str
    examples: tuple[Example, ...]
    gold: frozenset[tuple[int, str]]
    rule: frozenset[tuple[int, str]]


def examples_of(
    document: Document,
    *,
    practices: Sequence[Practice] = (),
    statements: Sequence[Statement] = (),
    segment_spans: Sequence[Span] = (),
    gold: Iterable[tuple[int, str]] = (),
) -> tuple[Example, ...]:
    """Labelled units of one policy, each with its gold segment's categories.

    The units are the gold segments when ``segment_spans`` are given (as the
    evaluation classifies them), else the pipeline's paragraph units.

    Args:
        document: the policy.
        practices: what the pipeline extracted from it.
        statements: likewise.
        segment_spans: the gold segments' spans in ``document.text``.
        gold: ``(segment index, category IRI)`` pairs.
    """
    from policykg.evaluate.opp115 import segment_of

    by_segment: dict[int, set[str]] = {}
    for index, category in gold:
        by_segment.setdefault(index, set()).add(category)
    units = segment_units(document, segment_spans or None, practices=practices, statements=statements)
    sha = text_sha256(document.text)
    examples = []
    last = max(1, len(units) - 1)
    for number, unit in enumerate(units):
        target = segment_of(unit.span, segment_spans) if segment_spans else None
        labels = by_segment.get(target, set()) if target is not None else set()
        examples.append(
            Example(
                text=document.text[unit.span.start : unit.span.end],
                heading=unit.heading,
                categories=tuple(c for c in CATEGORY_IRIS if c in labels),
                policy=sha,
                target=-1 if target is None else target,
                position=number / last,
                practices=unit.practices,
                statements=unit.statements,
            )
        )
    return tuple(examples)


def _category_iris_by_name() -> dict[str, str]:
    from policykg.ontology import concept

    return {concept(iri).pref_label: iri for iri in CATEGORY_IRIS}


def prepare_opp115(
    folder: str | Path,
    *,
    limit: int | None = None,
    process: Callable[..., object] | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> tuple[TrainingPolicy, ...]:
    """Read an OPP-115 release and run the real pipeline on each policy, for fitting.

    Args:
        folder: the release folder (``sanitized_policies/``, ``consolidation/``).
        limit: only the first ``limit`` policies.
        process: the pipeline (default ``policykg.ingest.pipeline.process``), given
            each policy's segments as ``segment_spans``.
        progress: called as ``progress(done, total, name)`` after each policy.

    Raises:
        EvaluationError: the folder is not an OPP-115 release.
    """
    from policykg.evaluate.opp115 import gold_categories, load_process, predicted_categories, read_opp115
    from policykg.ingest.records import PolicyMetadata, PolicyRecord

    policies = read_opp115(folder, limit=limit)
    run = process or load_process()
    names = _category_iris_by_name()
    prepared = []
    for done, policy in enumerate(policies, start=1):
        document, spans = policy.document()
        try:
            record = run(document, segment_spans=spans)
        except PolicyKGError:  # refused: no items, no rule predictions (as the evaluation scores it)
            record = PolicyRecord(document=document, metadata=PolicyMetadata())
        gold = gold_categories(policy)
        examples = examples_of(
            document,
            practices=record.practices,
            statements=record.statements,
            segment_spans=spans,
            gold=[(index, names[name]) for index, name in gold if name in names],
        )
        prepared.append(
            TrainingPolicy(
                name=policy.name,
                sha256=text_sha256(document.text),
                examples=examples,
                gold=frozenset(gold),
                rule=frozenset(predicted_categories(record, spans)),
            )
        )
        if progress is not None:
            progress(done, len(policies), policy.name)
    return tuple(prepared)


# ---------------------------------------------------------------- fitting


def _folds(groups: Sequence[str], k: int, seed: int) -> list[np.ndarray]:
    """``k`` folds of example indices, whole groups (policies) per fold, drawn with ``seed``."""
    unique = sorted(set(groups))
    order = np.random.default_rng(seed).permutation(len(unique))
    fold_of = {unique[j]: rank % k for rank, j in enumerate(order)}
    assignment = np.array([fold_of[g] for g in groups])
    return [np.flatnonzero(assignment == f) for f in range(k)]


def _label_matrix(examples: Sequence[Example], categories: Sequence[str]) -> np.ndarray:
    column = {c: i for i, c in enumerate(categories)}
    labels = np.zeros((len(examples), len(categories)), np.float32)
    for row, example in enumerate(examples):
        for category in example.categories:
            labels[row, column[category]] = 1.0
    return labels


def _targets(examples: Sequence[Example]) -> np.ndarray:
    """One id per (policy, target) pair, numbered ``0..T-1``: the unit of scoring.

    A unit outside every gold segment (``target < 0``) is a target of its own.
    """
    ids: dict[tuple, int] = {}
    keys = ((e.policy, e.target) if e.target >= 0 else (e.policy, "unit", i) for i, e in enumerate(examples))
    return np.array([ids.setdefault(key, len(ids)) for key in keys], dtype=np.int64)


_GRID = np.round(np.arange(0.05, 0.951, 0.025), 3)


def _tune_thresholds(probabilities: np.ndarray, labels: np.ndarray, targets: np.ndarray, at_least_one: bool) -> np.ndarray:
    """Per category, the threshold of ``_GRID`` with the best F1 over targets (a target is
    predicted when any of its units is), ties to the lower threshold; 0.5 without positives.

    Chosen one category at a time, then once more with the others fixed, so the
    at-least-one fallback is accounted for.
    """
    n_targets = int(targets.max()) + 1 if len(targets) else 0
    gold = np.zeros((n_targets, labels.shape[1]), bool)
    np.logical_or.at(gold, targets, labels.astype(bool))
    thresholds = np.full(labels.shape[1], 0.5)
    for _ in range(2):
        for c in range(labels.shape[1]):
            if not gold[:, c].any():
                continue
            best, best_f1 = thresholds[c], -1.0
            for t in _GRID:
                trial = thresholds.copy()
                trial[c] = t
                chosen = _decide(probabilities, trial, at_least_one)[:, c]
                predicted = np.zeros(n_targets, bool)
                np.logical_or.at(predicted, targets, chosen)
                tp = np.sum(predicted & gold[:, c])
                f1 = 2 * tp / (predicted.sum() + gold[:, c].sum())
                if f1 > best_f1 + 1e-12:
                    best, best_f1 = t, f1
            thresholds[c] = best
    return thresholds


def fit(
    examples: Sequence[Example],
    *,
    features: FeatureConfig = FeatureConfig(),
    training: TrainConfig = TrainConfig(),
    corpus: str = "",
    categories: Sequence[str] = CATEGORY_IRIS,
) -> CategoryModel:
    """Fit a model on labelled units (deterministic for the same examples and configs).

    Args:
        examples: labelled units (:func:`examples_of`, :func:`prepare_opp115`).
        features: which features to read.
        training: how to fit, and how many inner folds choose the thresholds.
        corpus: a name for the training corpus, kept in the model's header.
        categories: the categories to learn (default: the ten OPP-115 ones).

    Returns:
        The fitted :class:`CategoryModel`.

    Raises:
        InputError: ``examples`` is empty.
    """
    if not examples:
        raise InputError(corpus or "<training set>", "no training examples")
    categories = tuple(categories)
    rows = _Rows.build(_example_features(examples, features), features.dim)
    return _fit_rows(rows, examples, features, training, corpus, categories)


def _fit_rows(
    rows: _Rows, examples: Sequence[Example], features: FeatureConfig, training: TrainConfig, corpus: str, categories: tuple[str, ...]
) -> CategoryModel:
    from policykg import __version__

    labels = _label_matrix(examples, categories)
    groups = [e.policy for e in examples]
    thresholds = np.full(len(categories), 0.5)
    if training.inner_folds >= 2 and len(set(groups)) >= training.inner_folds:
        out_of_fold = np.zeros_like(labels)
        for held_out in _folds(groups, training.inner_folds, training.seed):
            train = np.setdiff1d(np.arange(len(examples)), held_out)
            used, weights, bias = _fit_weights(rows.take(train), labels[train], training, _targets([examples[i] for i in train]))
            inner = _model(categories, features, used, weights, bias, thresholds, TrainingSet((), 0, 0), training.at_least_one, "")
            out_of_fold[held_out] = inner._probabilities_rows(rows.take(held_out))
        thresholds = _tune_thresholds(out_of_fold, labels, _targets(examples), training.at_least_one)
    used, weights, bias = _fit_weights(rows, labels, training, _targets(examples))
    keep = np.any(weights != 0, axis=1)
    shas = tuple(sorted(set(groups)))
    return _model(
        categories,
        features,
        used[keep],
        weights[keep].astype(np.float32),
        bias.astype(np.float32),
        thresholds.astype(np.float32),
        TrainingSet(shas, len(shas), len(examples), corpus),
        training.at_least_one,
        __version__,
    )




# ---------------------------------------------------------------- using a model


def categorize_with(
    model: CategoryModel,
    document: Document,
    segment_spans: Sequence[Span] | None = None,
    *,
    practices: Sequence[Practice] = (),
    statements: Sequence[Statement] = (),
) -> tuple[Segment, ...]:
    """Classify the segments of ``document`` with a learned model: :func:`~policykg.ingest.categorize.categorize`'s twin.

    The same units, headings and item evidence as the rule-based stage
    (:func:`~policykg.ingest.categorize.segment_units`); the categories come
    from ``model`` (:func:`explain_with` says why).

    Args:
        model: a fitted model (:func:`load_model`).
        document: the normalised policy.
        segment_spans: the spans to classify (default: paragraph-sized units).
        practices: the practices extracted from ``document``.
        statements: the statements extracted from ``document``.

    Returns:
        One ``Segment`` per non-empty span, in order.
    """
    units = segment_units(document, segment_spans, practices=practices, statements=statements)
    if not units:
        return ()
    last = max(1, len(units) - 1)
    features = [
        unit_features(
            document.text[u.span.start : u.span.end],
            u.heading,
            practices=u.practices,
            statements=u.statements,
            position=i / last,
            config=model.features,
        )
        for i, u in enumerate(units)
    ]
    if model.features.context:
        features = with_context(features)
    decided = model.decide(model.probabilities(features))
    return tuple(Segment(span=unit.span, categories=categories) for unit, categories in zip(units, decided))


def explain_with(
    model: CategoryModel,
    text: str,
    heading: str | None = None,
    *,
    practices: Iterable[Practice] = (),
    statements: Iterable[Statement] = (),
    position: float | None = None,
    top: int = 6,
) -> dict[str, tuple[Contribution, ...]]:
    """Why the model scores each category as it does: the features that weigh most for it.

    Each :class:`~policykg.ingest.categorize.Contribution` has ``source`` "learned model",
    ``label`` a feature name (``w:retain``, ``cue:DataRetention:57``, ``topic:Retention``,
    see :func:`unit_features`) and ``weight`` its weight times its value (the
    contribution to the category's log-odds). Features sharing a hashed slot
    share a weight.

    Returns:
        ``{category IRI: the top contributions by absolute weight}``.
    """
    features = unit_features(text, heading, practices=practices, statements=statements, position=position, config=model.features)
    result: dict[str, tuple[Contribution, ...]] = {}
    names = list(features)
    slots = np.array([_hash(name, model.features.dim) for name in names], dtype=np.int64)
    rows, weights = model._dense(_Rows(np.array([0, len(slots)], np.int64), slots, np.ones(len(slots))))
    for c, category in enumerate(model.categories):
        parts = []
        for name, slot, value in zip(names, rows.indices, rows.values):
            if value:
                parts.append(Contribution(category, SOURCE, name, round(float(weights[slot, c]) * features[name], 4)))
        parts.sort(key=lambda p: (-abs(p.weight), p.label))
        result[category] = tuple(p for p in parts[:top] if p.weight)
    return result


# ---------------------------------------------------------------- honest measurement


@dataclass(frozen=True, slots=True)
class CrossValidation:
    """Rule-based and learned categories scored on the same held-out folds (by policy).

    ``rule`` and ``learned`` hold TP/FP/FN per OPP-115 category name, summed
    over folds: every policy is scored once, by a model that never saw it.
    """

    folds: int
    policies: int
    segments: int
    rule: Confusion
    learned: Confusion
    seconds: float = 0.0

    def scores(self, which: str) -> list[tuple[str, Score]]:
        """``(category name, Score)`` in scheme order for ``which`` ("rule" or "learned")."""
        from policykg.evaluate.opp115 import CATEGORY_NAMES
        from policykg.evaluate.scoring import Score

        confusion = getattr(self, which)
        return [(name, confusion.per_value.get(name, Score())) for name in CATEGORY_NAMES]

    def macro(self, which: str) -> tuple[float, float, float]:
        """Macro-averaged ``(precision, recall, F1)`` of ``which``."""
        from policykg.evaluate.scoring import macro_average

        return macro_average(score for _, score in self.scores(which))

    def micro(self, which: str) -> Score:
        """Micro-averaged counts of ``which``."""
        from policykg.evaluate.scoring import micro_average

        return micro_average(score for _, score in self.scores(which))

    def as_dict(self) -> dict:
        """Every figure, JSON-ready."""

        def block(which: str) -> dict:
            p, r, f = self.macro(which)
            return {
                "per_category": {name: s.as_dict() for name, s in self.scores(which)},
                "micro": self.micro(which).as_dict(),
                "macro": {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)},
            }

        return {
            "folds": self.folds,
            "policies": self.policies,
            "segments": self.segments,
            "seconds": round(self.seconds, 2),
            "rule_based": block("rule"),
            "learned": block("learned"),
        }


def _feature_rows(policies: Sequence[TrainingPolicy], features: FeatureConfig) -> tuple[list[Example], _Rows]:
    examples = [e for p in policies for e in p.examples]
    return examples, _Rows.build(_example_features(examples, features), features.dim)


def cross_validate(
    policies: Sequence[TrainingPolicy],
    *,
    folds: int = 5,
    features: FeatureConfig = FeatureConfig(),
    training: TrainConfig = TrainConfig(),
    progress: Callable[[int, int], None] | None = None,
) -> CrossValidation:
    """K-fold cross-validation by policy: the learned model against the rule-based categoriser.

    Each fold's model is fitted (thresholds included) on the other folds only;
    both categorisers are scored on the fold's segments against the gold, as
    ``policykg eval opp115`` scores them (a segment gets the union of its units'
    categories). Folds are drawn with ``training.seed``.

    Args:
        policies: prepared gold policies (:func:`prepare_opp115`).
        folds: K (at least 2, at most the number of policies).
        features: the feature configuration of the fitted models.
        training: how each fold's model is fitted.
        progress: called as ``progress(fold done, folds)``.

    Raises:
        InputError: fewer policies than folds, or ``folds < 2``.
    """
    from policykg.evaluate.opp115 import _category_name
    from policykg.evaluate.scoring import Confusion

    if folds < 2 or len(policies) < folds:
        raise InputError("<training set>", f"cross-validation needs at least 2 folds and one policy per fold ({len(policies)} policies, {folds} folds)")
    started = time.perf_counter()
    examples, rows = _feature_rows(policies, features)
    by_policy = {p.sha256: p for p in policies}
    rule, learned = Confusion(), Confusion()
    for done, held_out in enumerate(_folds([e.policy for e in examples], folds, training.seed), start=1):
        train = np.setdiff1d(np.arange(len(examples)), held_out)
        model = _fit_rows(rows.take(train), [examples[i] for i in train], features, training, "", CATEGORY_IRIS)
        decided = model.decide(model._probabilities_rows(rows.take(held_out)))
        predicted: dict[str, set[tuple[int, str]]] = {}
        for index, categories in zip(held_out, decided):
            example = examples[index]
            if example.target >= 0:
                predicted.setdefault(example.policy, set()).update((example.target, _category_name(c)) for c in categories)
        for sha in sorted({examples[i].policy for i in held_out}):
            policy = by_policy[sha]
            rule.add({(sha, *g) for g in policy.gold}, {(sha, *r) for r in policy.rule})
            learned.add({(sha, *g) for g in policy.gold}, {(sha, *r) for r in predicted.get(sha, ())})
        if progress is not None:
            progress(done, folds)
    segments = len({(e.policy, e.target) for e in examples if e.target >= 0})
    return CrossValidation(folds, len(policies), segments, rule, learned, time.perf_counter() - started)


@dataclass(frozen=True, slots=True)
class TrainingReport:
    """What ``policykg train categories`` did: where the model went, its size, the CV figures if asked."""

    path: Path
    model: CategoryModel
    policies: int
    units: int
    bytes: int
    fit_seconds: float
    prepare_seconds: float
    cross_validation: CrossValidation | None = None


def train_categories(
    folder: str | Path,
    *,
    out: str | Path | None = None,
    folds: int | None = None,
    limit: int | None = None,
    features: FeatureConfig = FeatureConfig(),
    training: TrainConfig = TrainConfig(),
    progress: Callable[[str, int, int], None] | None = None,
) -> TrainingReport:
    """Fit the learned categoriser on an OPP-115 release and save it.

    Args:
        folder: the OPP-115 release the user points to.
        out: where to save (default :func:`default_model_path`).
        folds: when given, first run ``folds``-fold cross-validation by policy
            (:func:`cross_validate`), the honest figure.
        limit: use only the first ``limit`` policies.
        features: feature configuration.
        training: fitting configuration.
        progress: called as ``progress(stage, done, total)``, stage "pipeline",
            "cross-validation" or "fit".

    Returns:
        A :class:`TrainingReport`.

    Raises:
        EvaluationError: ``folder`` is not an OPP-115 release.
        InputError: the model cannot be written, or too few policies for ``folds``.
    """
    started = time.perf_counter()
    policies = prepare_opp115(
        folder, limit=limit, progress=(lambda d, t, _n: progress("pipeline", d, t)) if progress else None
    )
    prepared = time.perf_counter() - started
    cv = None
    if folds is not None:
        cv = cross_validate(
            policies, folds=folds, features=features, training=training,
            progress=(lambda d, t: progress("cross-validation", d, t)) if progress else None,
        )
    started = time.perf_counter()
    examples = [e for p in policies for e in p.examples]
    model = fit(examples, features=features, training=training, corpus=Path(folder).name)
    seconds = time.perf_counter() - started
    if progress is not None:
        progress("fit", 1, 1)
    path = model.save(Path(out) if out is not None else default_model_path())
    return TrainingReport(path, model, len(policies), len(examples), path.stat().st_size, seconds, prepared, cv)
