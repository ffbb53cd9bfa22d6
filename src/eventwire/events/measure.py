"""Measure the pair coder: k-fold cross-validation and the PLV task's figures.

Parses labelled pairs into feature rows and cross-validates them (``scripts/train_events.py``,
``tests/eval/test_events.py``); returns accuracy, macro-F1 over the 15 PLV classes, per-class
F1 and the top confusions, as ``../shared/tools/eventscore.py pairs`` computes them. Never
reads corpora from disk (callers pass the pairs) and never writes files.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from eventwire.events.corpora import PLV_CLASSES, LabelledPair
from eventwire.events.dense import DenseOptions, combine, fit_dense_head
from eventwire.events.encoder import PairEncoder, pair_text
from eventwire.events.learned import TrainOptions, fit_pair_model
from eventwire.events.lexicon import Lexicon
from eventwire.events.paircoder import features_of, sentence_of
from eventwire.model import Document
from eventwire.nlp import Parser

#: The options of the shipped model (``make train``) and of the quality gate.
OPTIONS = TrainOptions(l2=3e-5, epochs=300, learning_rate=0.5, min_count=2)
DENSE_OPTIONS = DenseOptions(l2=1e-4, epochs=300, learning_rate=0.02)
#: Ensemble weights of the MiniLM head tried by ``choose_alpha`` (0: the sparse model alone).
ALPHAS = (0.0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7)


@dataclass(frozen=True, slots=True)
class Scores:
    """The PLV task's figures for one set of predictions."""

    rows: int
    accuracy: float
    macro_f1: float
    per_class_f1: dict[str, float]
    top_confusions: list[str]

    def as_dict(self) -> dict[str, Any]:
        """The figures as a JSON-ready record."""
        return {
            "rows": self.rows,
            "accuracy": self.accuracy,
            "macro_f1": self.macro_f1,
            "per_class_f1": self.per_class_f1,
            "top_confusions": self.top_confusions,
        }


def feature_rows(pairs: Sequence[LabelledPair], parser: Parser, lexicon: Lexicon) -> list[list[str]]:
    """Parse each pair's sentence and return its feature names."""
    rows = []
    for pair in pairs:
        doc = parser.parse_text(Document(doc_id=pair.pair_id, text=pair.text))
        sent = sentence_of(doc, pair.source, pair.target)
        rows.append(features_of(doc, sent, pair.source, pair.target, lexicon=lexicon))
    return rows


def pair_vectors(pairs: Sequence[LabelledPair], parser: Parser, encoder: PairEncoder) -> NDArray[np.float32]:
    """Parse each pair's sentence and return its MiniLM pair vector (the coder's own text window)."""
    items = []
    for pair in pairs:
        doc = parser.parse_text(Document(doc_id=pair.pair_id, text=pair.text))
        items.append(pair_text(doc, sentence_of(doc, pair.source, pair.target), pair.source, pair.target))
    return encoder.encode(items)


def score_labels(truth: Sequence[str], guess: Sequence[str]) -> Scores:
    """Accuracy, macro-F1 over the PLV classes, per-class F1 and the eight top confusions."""
    f1s = {}
    for label in PLV_CLASSES:
        tp = sum(t == g == label for t, g in zip(truth, guess, strict=True))
        fp = sum(g == label != t for t, g in zip(truth, guess, strict=True))
        fn = sum(t == label != g for t, g in zip(truth, guess, strict=True))
        f1s[label] = round(2 * tp / (2 * tp + fp + fn), 3) if tp else 0.0
    right = sum(t == g for t, g in zip(truth, guess, strict=True))
    confusions = Counter((t, g) for t, g in zip(truth, guess, strict=True) if t != g).most_common(8)
    return Scores(
        rows=len(truth),
        accuracy=round(right / len(truth), 3) if truth else 0.0,
        macro_f1=round(sum(f1s.values()) / len(f1s), 3),
        per_class_f1=f1s,
        top_confusions=[f"{t}->{g} x{n}" for (t, g), n in confusions],
    )


def cross_validate(
    rows: Sequence[Sequence[str]],
    labels: Sequence[str],
    *,
    extra: tuple[Sequence[Sequence[str]], Sequence[str]] = ((), ()),
    folds: int = 5,
    seed: int = 0,
    options: TrainOptions | None = None,
) -> list[str]:
    """Predict each row from a model trained on the other folds (plus ``extra`` rows always)."""
    order = list(range(len(rows)))
    random.Random(seed).shuffle(order)
    guesses = [""] * len(rows)
    for fold in range(folds):
        held = sorted(order[fold::folds])
        kept = sorted(set(order) - set(held))
        model = fit_pair_model(
            [rows[i] for i in kept] + list(extra[0]), [labels[i] for i in kept] + list(extra[1]), options=options
        )
        for index, probabilities in zip(held, model.predict([rows[i] for i in held]), strict=True):
            guesses[index] = model.labels[int(probabilities.argmax())]
    return guesses


@dataclass(frozen=True)
class Labelled:
    """Feature rows, MiniLM vectors and gold labels of one set of pairs (kept together when split)."""

    rows: Sequence[Sequence[str]]
    vectors: NDArray[np.float32]
    labels: Sequence[str]

    def take(self, indices: Sequence[int]) -> Labelled:
        """The pairs at these indices."""
        return Labelled([self.rows[i] for i in indices], self.vectors[list(indices)], [self.labels[i] for i in indices])

    def join(self, other: Labelled) -> Labelled:
        """These pairs followed by the other's."""
        return Labelled(
            [*self.rows, *other.rows], np.vstack([self.vectors, other.vectors]), [*self.labels, *other.labels]
        )


def fold_probabilities(
    data: Labelled, extra: Labelled, *, folds: int = 5, seed: int = 0
) -> tuple[tuple[str, ...], NDArray[np.float32], NDArray[np.float32]]:
    """Held-out probabilities of the sparse model and of the MiniLM head (``extra`` always trains)."""
    order = list(range(len(data.labels)))
    random.Random(seed).shuffle(order)
    labels: tuple[str, ...] = ()
    sparse = dense = np.zeros((0, 0), dtype=np.float32)
    for fold in range(folds):
        held = sorted(order[fold::folds])
        train = data.take(sorted(set(order) - set(held))).join(extra)
        model = fit_pair_model(train.rows, train.labels, options=OPTIONS)
        head = fit_dense_head(train.vectors, train.labels, classes=model.labels, options=DENSE_OPTIONS)
        if not labels:
            labels = model.labels
            sparse = np.zeros((len(order), len(labels)), dtype=np.float32)
            dense = np.zeros_like(sparse)
        assert model.labels == labels, "every training fold must hold every class"
        sparse[held] = model.predict([data.rows[i] for i in held])
        dense[held] = head.predict(data.vectors[held])
    return labels, sparse, dense


def choose_alpha(
    truth: Sequence[str], labels: Sequence[str], sparse: NDArray[np.float32], dense: NDArray[np.float32]
) -> float:
    """The ensemble weight in ``ALPHAS`` with the best macro-F1 on these held-out probabilities."""

    def macro_f1(alpha: float) -> float:
        guesses = combine(sparse, dense, alpha=alpha).argmax(axis=1)
        return score_labels(truth, [labels[int(i)] for i in guesses]).macro_f1

    return max(ALPHAS, key=macro_f1)  # the first best: the smaller weight wins ties


def nested_ensemble(data: Labelled, extra: Labelled, *, folds: int = 5, seed: int = 0) -> tuple[list[str], list[float]]:
    """Ensemble guesses, each fold's weight chosen by an inner CV of its own training pairs only."""
    order = list(range(len(data.labels)))
    random.Random(seed).shuffle(order)
    guesses, alphas = [""] * len(order), []
    for fold in range(folds):
        held = sorted(order[fold::folds])
        inner = data.take(sorted(set(order) - set(held)))
        labels, sparse, dense = fold_probabilities(inner, extra, folds=folds - 1, seed=seed)
        alphas.append(choose_alpha(inner.labels, labels, sparse, dense))
        train = inner.join(extra)
        model = fit_pair_model(train.rows, train.labels, options=OPTIONS)
        head = fit_dense_head(train.vectors, train.labels, classes=model.labels, options=DENSE_OPTIONS)
        test = data.take(held)
        probabilities = combine(model.predict(test.rows), head.predict(test.vectors), alpha=alphas[-1])
        for index, row in zip(held, probabilities, strict=True):
            guesses[index] = model.labels[int(row.argmax())]
    return guesses, alphas
