"""The human ceiling of the PolNeAR content figure: one annotator scored against another.

Some PolNeAR articles were annotated by several annotators (the annotator-training part and a
few train and dev articles). Each annotator's contents, taken as predictions, are scored against
each other annotator's as gold with the gate's own matcher (``test_quotes.score_doc``: word
overlap >= 0.8 of the longer, one to one), which gives the agreement a system's content F1
against a single annotator is to be read against. Speakers are not compared here. Research-use
data, read from ../shared and never copied.

Measured 2026-11-29: content F1 0.732 over 650 ordered pairs of annotations of the same article
(annotator-training 0.706, train 0.728, dev 0.872 on its 2 articles).
"""

from __future__ import annotations

import json
from itertools import permutations
from pathlib import Path

from eventwire.model import Document, Quote, Span
from tests.conftest import shared_path
from tests.eval.test_quotes import GoldAttribution, _attributions, figures, score_doc

PARTS = ("annotator-training", "train", "dev")


def several_annotators(part: Path) -> list[tuple[str, str, list[list[GoldAttribution]]]]:
    """(name, text, each annotator's attributions) for the articles of a part annotated more than once."""
    out = []
    for text_path in sorted((part / "text").glob("*.txt")):
        annotations = sorted((part / "attributions").glob(text_path.stem + "_*.ann"))
        if len(annotations) > 1:
            text = text_path.read_text(encoding="utf-8")
            out.append((text_path.stem, text, [_attributions(a.read_text(encoding="utf-8")) for a in annotations]))
    return out


def as_predictions(name: str, text: str, attributions: list[GoldAttribution]) -> Document:
    """A document whose quotes are one annotator's contents (a split content keeps its pieces)."""
    quotes = tuple(
        Quote(
            quote_id=f"{name}-{number}",
            text="",
            start=min(start for start, _ in item.content),
            end=max(end for _, end in item.content),
            direct=False,
            parts=tuple(Span(start, end) for start, end in item.content),
        )
        for number, item in enumerate(attributions)
    )
    return Document(doc_id=name, text=text, quotes=quotes)


def test_polnear_annotator_agreement() -> None:
    root = shared_path("data/corpus/polnear/data")
    results = {}
    every: list[dict[str, int]] = []
    for part in PARTS:
        counts = []
        for name, text, annotators in several_annotators(root / part):
            for predicted, gold in permutations(annotators, 2):
                counts.append(score_doc(as_predictions(name, text, predicted), gold))
        every += counts
        results[part] = {**figures(counts), "pairs": len(counts)}
    results["all"] = {**figures(every), "pairs": len(every)}
    for part, result in results.items():
        shown = {key: result[key] for key in ("pairs", "gold", "matched", "precision", "recall", "f1")}
        print(f"\nPolNeAR annotator agreement ({part}), content spans:", json.dumps(shown))
    # Every ordered pair is scored both ways, so precision equals recall; the data must be read.
    assert results["all"]["pairs"] >= 600 and results["all"]["gold"] >= 15000, results["all"]
    assert results["all"]["precision"] == results["all"]["recall"]
