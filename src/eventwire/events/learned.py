"""The learned pair coder: multinomial logistic regression over pair features, in numpy.

Reads the shipped weights (``data/pair_model.json``: labels, feature vocabulary, weights, and
the training data version and metrics); ``fit_pair_model`` trains new weights from feature
lists (``scripts/train_events.py`` calls it). Never parses text and never reads training data.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

MODEL_FILE = "pair_model.json"


@dataclass(frozen=True)
class TrainOptions:
    """Regularisation and optimisation settings of ``fit_pair_model``."""

    l2: float = 1e-3
    epochs: int = 300
    learning_rate: float = 0.5
    min_count: int = 2
    balanced: bool = True  # weigh each class equally (the target is macro-F1)


@dataclass(frozen=True)
class PairModel:
    """Weights of one trained model; ``predict`` gives class probabilities per pair."""

    labels: tuple[str, ...]
    vocabulary: dict[str, int]
    weights: NDArray[np.float32]  # (features, labels)
    meta: dict[str, Any] = field(default_factory=dict)

    def matrix(self, rows: Sequence[Sequence[str]]) -> _SparseRows:
        """Binary feature rows, each scaled to unit length, as sparse rows (columns sorted, so sums
        run in the same order in every process, whatever the string hash seed)."""
        return _SparseRows.build(
            [sorted({self.vocabulary[n] for n in names if n in self.vocabulary}) for names in rows]
        )

    def predict(self, rows: Sequence[Sequence[str]]) -> NDArray[np.float32]:
        """Class probabilities, one row per pair, columns in ``labels`` order."""
        return softmax(self.matrix(rows).dot(self.weights))

    def to_json(self) -> dict[str, Any]:
        """The model as a JSON-ready record (weights rounded to 4 decimals)."""
        names = sorted(self.vocabulary, key=self.vocabulary.__getitem__)
        return {
            "meta": self.meta,
            "labels": list(self.labels),
            "weights": {name: [round(float(w), 4) for w in self.weights[self.vocabulary[name]]] for name in names},
        }


def fit_pair_model(
    rows: Sequence[Sequence[str]], labels: Sequence[str], *, options: TrainOptions | None = None
) -> PairModel:
    """Train a multinomial logistic regression on feature lists and gold labels."""
    options = options or TrainOptions()
    counts = Counter(name for names in rows for name in set(names))
    names = sorted(name for name, count in counts.items() if count >= options.min_count)
    classes = tuple(sorted(set(labels)))
    model = PairModel(
        classes, {name: i for i, name in enumerate(names)}, np.zeros((len(names), len(classes)), dtype=np.float32)
    )
    x = model.matrix(rows)
    y = label_weights(labels, classes, balanced=options.balanced)
    # The 0.1 keeps this model's historical step size: Adam here takes learning_rate / 10 steps.
    weights = fit_softmax(
        x.dot,
        lambda delta: x.tdot(delta, width=len(names)),
        y,
        width=len(names),
        l2=options.l2,
        epochs=options.epochs,
        step=options.learning_rate * 0.1,
    )
    return PairModel(classes, model.vocabulary, weights)


def load_pair_model(path: Path | None = None) -> PairModel:
    """Load the shipped model (or one written by ``scripts/train_events.py``)."""
    if path is None:
        text = resources.files("eventwire.events").joinpath("data", MODEL_FILE).read_text(encoding="utf-8")
    else:
        text = path.read_text(encoding="utf-8")
    record = json.loads(text)
    names = list(record["weights"])
    weights = np.array([record["weights"][name] for name in names], dtype=np.float32)
    return PairModel(tuple(record["labels"]), {name: i for i, name in enumerate(names)}, weights, record["meta"])


def label_weights(labels: Sequence[str], classes: Sequence[str], *, balanced: bool) -> NDArray[np.float32]:
    """One-hot rows of ``labels`` over ``classes``; with ``balanced`` each class weighs the same
    in total (the target is macro-F1), so a row sums to its example's weight."""
    y = np.zeros((len(labels), len(classes)), dtype=np.float32)
    y[np.arange(len(labels)), [list(classes).index(label) for label in labels]] = 1.0
    if balanced:
        y = y * (len(labels) / (len(classes) * np.maximum(y.sum(axis=0), 1.0)))
    return y


def fit_softmax(
    forward: Callable[[NDArray[np.float32]], NDArray[np.float32]],
    backward: Callable[[NDArray[np.float32]], NDArray[np.float32]],
    y: NDArray[np.float32],
    *,
    width: int,
    l2: float,
    epochs: int,
    step: float,
) -> NDArray[np.float32]:
    """Multinomial logistic regression by Adam on the weighted mean cross-entropy plus L2, full
    batch (the data is small). ``forward(w)`` is X @ w and ``backward(d)`` is X.T @ d, so one
    loop serves the sparse pair model and the dense embedding head."""
    weights = np.zeros((width, y.shape[1]), dtype=np.float32)
    first, second = np.zeros_like(weights), np.zeros_like(weights)
    beta1, beta2 = 0.9, 0.999
    for number in range(1, epochs + 1):
        # Rows of y sum to the example's weight: the gradient of weighted cross-entropy.
        probs = softmax(forward(weights)) * y.sum(axis=1, keepdims=True)
        gradient = backward(probs - y) / len(y) + l2 * weights
        first = beta1 * first + (1 - beta1) * gradient
        second = beta2 * second + (1 - beta2) * gradient**2
        corrected = first / (1 - beta1**number)
        weights -= step * corrected / (np.sqrt(second / (1 - beta2**number)) + 1e-8)
    return weights


@dataclass(frozen=True)
class _SparseRows:
    """Rows of a sparse matrix (column indices and values per row): numpy without scipy."""

    rows: NDArray[np.intp]
    columns: NDArray[np.intp]
    values: NDArray[np.float32]
    count: int

    @classmethod
    def build(cls, columns: list[list[int]]) -> _SparseRows:
        lengths = [len(row) for row in columns]
        values = [1.0 / np.sqrt(n) for n in lengths for _ in range(n)]
        return cls(
            np.repeat(np.arange(len(columns)), lengths),
            np.array([c for row in columns for c in row], dtype=np.intp),
            np.array(values, dtype=np.float32),
            len(columns),
        )

    def dot(self, weights: NDArray[np.float32]) -> NDArray[np.float32]:
        """This matrix times a dense one (rows are stored in order: sum each row's run)."""
        return _sum_runs(weights[self.columns] * self.values[:, None], self.rows, self.count)

    def tdot(self, gradient: NDArray[np.float32], *, width: int) -> NDArray[np.float32]:
        """The transpose of this matrix times a dense one."""
        order = np.argsort(self.columns, kind="stable")
        products = (gradient[self.rows] * self.values[:, None])[order]
        return _sum_runs(products, self.columns[order], width)


def _sum_runs(values: NDArray[np.float32], keys: NDArray[np.intp], count: int) -> NDArray[np.float32]:
    # Sum consecutive rows sharing a key into out[key]; keys are sorted. reduceat is the fast path.
    out = np.zeros((count, values.shape[1]), dtype=np.float32)
    if len(keys):
        starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
        out[keys[starts]] = np.add.reduceat(values, starts, axis=0)
    return out


def softmax(scores: NDArray[np.float32]) -> NDArray[np.float32]:
    """Row-wise softmax, as float32."""
    shifted = np.exp(scores - scores.max(axis=1, keepdims=True))
    return np.asarray(shifted / shifted.sum(axis=1, keepdims=True), dtype=np.float32)
