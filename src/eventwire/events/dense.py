"""The embedding head of the pair coder: logistic regression over MiniLM pair vectors, in numpy.

Reads and writes ``data/pair_embed_head.json`` (labels, weights, the ensemble weight ``alpha``
and the encoder settings the vectors were made with); ``fit_dense_head`` trains it from vectors
(``events.encoder`` makes them, ``scripts/train_events.py`` calls both). Never imports torch:
the head loads and scores without it, only the vectors need the encoder.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from eventwire.events.learned import fit_softmax, label_weights, softmax

HEAD_FILE = "pair_embed_head.json"


@dataclass(frozen=True)
class DenseOptions:
    """Regularisation and optimisation settings of ``fit_dense_head``."""

    l2: float = 1e-4
    epochs: int = 300
    learning_rate: float = 0.02


@dataclass(frozen=True)
class DenseHead:
    """Weights over pair vectors; ``alpha`` is its share of the log-probability ensemble."""

    labels: tuple[str, ...]
    weights: NDArray[np.float32]  # (vector width + 1 bias, labels)
    alpha: float = 0.5
    meta: dict[str, Any] = field(default_factory=dict)

    def predict(self, vectors: NDArray[np.float32]) -> NDArray[np.float32]:
        """Class probabilities, one row per vector, columns in ``labels`` order."""
        return softmax(_with_bias(vectors) @ self.weights)

    def to_json(self) -> dict[str, Any]:
        """The head as a JSON-ready record (weights rounded to 4 decimals)."""
        return {
            "meta": self.meta,
            "labels": list(self.labels),
            "alpha": self.alpha,
            "weights": [[round(float(w), 4) for w in row] for row in self.weights],
        }


def combine(sparse: NDArray[np.float32], dense: NDArray[np.float32], *, alpha: float) -> NDArray[np.float32]:
    """Weighted geometric mean of two models' probabilities (same label order), renormalised."""
    scores = (1 - alpha) * np.log(sparse + 1e-9) + alpha * np.log(dense + 1e-9)
    return softmax(scores.astype(np.float32))


def fit_dense_head(
    vectors: NDArray[np.float32],
    labels: Sequence[str],
    *,
    classes: Sequence[str],
    options: DenseOptions | None = None,
) -> DenseHead:
    """Train a class-balanced multinomial logistic regression on pair vectors (Adam, full batch)."""
    options = options or DenseOptions()
    x = _with_bias(vectors)
    y = label_weights(labels, classes, balanced=True)  # each class weighs the same: the target is macro-F1
    weights = fit_softmax(
        lambda w: x @ w,
        lambda delta: x.T @ delta,
        y,
        width=x.shape[1],
        l2=options.l2,
        epochs=options.epochs,
        step=options.learning_rate,
    )
    return DenseHead(tuple(classes), weights)


def load_dense_head(path: Path | None = None) -> DenseHead:
    """Load the shipped head (or one written by ``scripts/train_events.py``)."""
    if path is None:
        text = resources.files("eventwire.events").joinpath("data", HEAD_FILE).read_text(encoding="utf-8")
    else:
        text = path.read_text(encoding="utf-8")
    record = json.loads(text)
    weights = np.array(record["weights"], dtype=np.float32)
    return DenseHead(tuple(record["labels"]), weights, float(record["alpha"]), record["meta"])


def _with_bias(vectors: NDArray[np.float32]) -> NDArray[np.float32]:
    return np.hstack([vectors, np.ones((len(vectors), 1), dtype=np.float32)]).astype(np.float32)
