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

from eventwire.events.corpora import PLV_CLASSES, LabelledPair
from eventwire.events.learned import TrainOptions, fit_pair_model
from eventwire.events.lexicon import Lexicon
from eventwire.events.paircoder import features_of, sentence_of
from eventwire.model import Document
from eventwire.nlp import Parser

#: The options of the shipped model (``make train``) and of the quality gate.
OPTIONS = TrainOptions(l2=3e-5, epochs=300, learning_rate=0.5, min_count=2)


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
