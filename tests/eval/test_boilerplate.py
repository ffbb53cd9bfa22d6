"""Quality gate: main-text extraction on the scrapinghub article-extraction benchmark.

181 real pages with their ``articleBody`` (../shared/data/boilerplate/scrapinghub, MIT). The
measure is the benchmark's own: per page, true/false positives and negatives over bags of
4-word shingles (``\\w+`` tokens), normalised per page; precision and recall are averaged over
pages and F1 combines the averages. Single-word F1 is the same with 1-word shingles. Prints
the figures (``make eval``); floors only rise. trafilatura 2.3.1 alone: F1 0.953 with its
defaults, 0.960 without comments.
"""

from __future__ import annotations

import gzip
import json
import re
import statistics
from collections import Counter

from eventwire.ingest.html import extract_page
from tests.conftest import shared_path

FLOORS = {"f1": 0.96, "precision": 0.955, "recall": 0.965, "word_f1": 0.965}
_TOKEN = re.compile(r"\w+")
Counts = tuple[float, float, float]


def _shingles(text: str, n: int) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text)
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i : i + n])


def _counts(true: str, pred: str, n: int) -> Counts:
    expected, found = _shingles(true, n), _shingles(pred, n)
    tp, fp, fn = sum((expected & found).values()), sum((found - expected).values()), sum((expected - found).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _score(rows: list[Counts]) -> dict[str, float]:
    def ratio(hit: float, miss: float, fp: float, fn: float) -> float:
        if fp == fn == 0:
            return 1.0
        return 0.0 if hit == miss == 0 else hit / (hit + miss)

    precision = statistics.mean(ratio(tp, fp, fp, fn) for tp, fp, fn in rows if tp + fp > 0)
    recall = statistics.mean(ratio(tp, fn, fp, fn) for tp, fp, fn in rows if tp + fn > 0)
    return {"precision": precision, "recall": recall, "f1": 2 * precision * recall / (precision + recall)}


def test_counts_follow_the_benchmark_definition() -> None:
    assert _counts("a b c d e", "a b c d e", 4) == (1.0, 0.0, 0.0)
    assert _counts("a b c d e", "a b c d", 4) == (0.5, 0.0, 0.5)  # shingles abcd, bcde vs abcd
    assert _score([(1.0, 0.0, 0.0), (0.5, 0.0, 0.5)]) == {"precision": 1.0, "recall": 0.75, "f1": 6 / 7}


def test_boilerplate_benchmark() -> None:
    root = shared_path("data/boilerplate/scrapinghub")
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    shingle_rows, word_rows = [], []
    for key, expected in sorted(truth.items()):
        page = extract_page(gzip.decompress((root / "html" / f"{key}.html.gz").read_bytes()), url=expected.get("url"))
        text = page.text if page else ""
        shingle_rows.append(_counts(expected["articleBody"], text, 4))
        word_rows.append(_counts(expected["articleBody"], text, 1))
    figures = {**_score(shingle_rows), "word_f1": _score(word_rows)["f1"]}
    print(f"\nboilerplate (scrapinghub, {len(truth)} pages): " + "  ".join(f"{k}={v:.3f}" for k, v in figures.items()))
    for name, floor in FLOORS.items():
        assert figures[name] >= floor, f"{name} {figures[name]:.3f} fell below its floor {floor}"
