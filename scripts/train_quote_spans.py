"""Train the learned attribution-span model on PolNeAR train and measure it on PolNeAR dev.

    nice .venv/bin/python scripts/train_quote_spans.py [--limit N] [--cache DIR]

PolNeAR (Newell, Margolin & Ruths, LREC 2018) is research-use data: it is read from
../shared/data/corpus/polnear and never copied; only feature weights are written, to
src/eventwire/quotes/data/span_model.json, with the figures beside them in span_model.metrics.json.

Each gold attribution's cue head is its first cue word whose syntactic head lies outside the cue;
its content runs from its first to its last word. Four models of ``eventwire.quotes.spans``, all
numpy (AdaGrad, L2): a logistic cue model over every candidate word (positive: a gold cue head),
two log-linear pointers over the words of the cue's window (the gold first and last word), and a
log-linear pair model over the pointers' best few (first, last) pairs (target: the pair whose words
overlap the gold content most, when that reaches 0.5). The pair model is cross-fitted: the pairs of
each of 3 folds are ranked by pointers fitted on the other folds, so it learns from pointer scores
on unseen articles, as it meets them in use. They are fitted on 80% of train; the confidence
threshold and the span weight are the ones that give the best content-span F1 of the whole quotes
stage on the other 20%, and the larger minimum feature count (fewer features, a smaller file) is
kept when its F1 there is no lower; then all is refitted on all of train and scored once on dev.
Parses are cached (pickled, outside the repo) with --cache, so a retrain takes minutes.
"""

from __future__ import annotations

import argparse
import json
import pickle
import random
import sys
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.eval.test_quotes import GoldAttribution, _words, figures, read_polnear, score_doc  # noqa: E402

from eventwire.config import Settings  # noqa: E402
from eventwire.model import Document  # noqa: E402
from eventwire.nlp import Parser  # noqa: E402
from eventwire.quotes import QuoteAttributor  # noqa: E402
from eventwire.quotes.marks import quotation_spans  # noqa: E402
from eventwire.quotes.span_features import View, candidate, cue_features, pointer_features  # noqa: E402
from eventwire.quotes.spans import Finder, SpanModel, Weights, span_pairs  # noqa: E402
from eventwire.syntax import ParseTree  # noqa: E402

POLNEAR = ROOT.parent / "shared" / "data" / "corpus" / "polnear" / "data"
OUT = ROOT / "src" / "eventwire" / "quotes" / "data"
MIN_COUNT = 3  # features seen fewer times are dropped (noise, and a smaller model file)
MIN_COUNTS = (3, 10)  # the counts tried on held-out train; the larger wins unless F1 drops
FOLDS = 3  # cross-fitting folds for the pair model's training pairs
THRESHOLDS = (0.3, 0.4, 0.5)
SPAN_WEIGHTS = (0.5, 1.0)
Group = tuple[list[list[str]], int]  # the candidates' features and the gold one's place
Parsed = list[tuple[Document, list[GoldAttribution]]]


def parsed(part: str, limit: int | None, cache: Path | None) -> Parsed:
    """PolNeAR articles of one part with their parse (cached outside the repo when asked)."""
    path = cache / f"polnear-{part}-{limit}.pkl" if cache else None
    if path is not None and path.exists():
        loaded: Parsed = pickle.loads(path.read_bytes())
        # Rebuilt, so a cache written before Document gained a field still loads.
        return [(_parse_of(doc), gold) for doc, gold in loaded]
    items = read_polnear(POLNEAR / part)
    random.Random(0).shuffle(items)
    parser = Parser(Settings().model)
    out = [(parser.parse_text(Document(doc_id=name, text=text)), gold) for name, text, gold in items[:limit]]
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(pickle.dumps(out))
    return out


def _parse_of(doc: Document) -> Document:
    return Document(doc_id=doc.doc_id, text=doc.text, tokens=doc.tokens, sentences=doc.sentences, entities=doc.entities)


def gold_items(view: View, gold: list[GoldAttribution]) -> list[tuple[int, int, int, GoldAttribution]]:
    """(cue head, first content word, last content word, attribution) of each gold attribution."""
    tokens, out = view.tokens, []
    for item in gold:
        cue = [t.i for t in tokens if any(s <= t.start < e for s, e in item.cue)]
        words = [t.i for t in tokens if any(s <= t.start < e for s, e in item.content) and t.pos != "PUNCT"]
        if cue and words:
            inside = set(cue)
            heads = [i for i in cue if tokens[i].head not in inside or tokens[i].head == i]
            out.append((heads[0], words[0], words[-1], item))
    return out


def _view(doc: Document) -> View:
    return View(doc, ParseTree(doc.tokens), quotation_spans(doc.text))


def cue_samples(data: Parsed) -> tuple[list[list[str]], list[int]]:
    """Features and 0/1 labels of every candidate cue word."""
    rows, labels = [], []
    for doc, gold in data:
        view = _view(doc)
        heads = {head for head, _, _, _ in gold_items(view, gold)}
        for index, token in enumerate(view.tokens):
            if candidate(token.pos, token.text):
                rows.append(cue_features(view, index))
                labels.append(int(index in heads))
    return rows, labels


def pointer_samples(data: Parsed) -> tuple[list[Group], list[Group]]:
    """The first-word and last-word choices of every gold attribution inside its cue's window."""
    firsts, lasts = [], []
    for doc, gold in data:
        view = _view(doc)
        for cue, first, last, _ in gold_items(view, gold):
            words = [i for i in view.window(cue) if i != cue and view.tokens[i].pos != "PUNCT"]
            if first in words and last in words:
                starts, ends = view.edges(cue)
                firsts.append(([pointer_features(view, cue, i, starts, side="s") for i in words], words.index(first)))
                lasts.append(([pointer_features(view, cue, i, ends, side="e") for i in words], words.index(last)))
    return firsts, lasts


def pair_samples(data: Parsed, model: SpanModel) -> list[Group]:
    """The candidate pairs of every gold attribution, the best-overlapping one as the target."""
    groups = []
    for doc, gold in data:
        view = _view(doc)
        for cue, _, _, item in gold_items(view, gold):
            pairs = span_pairs(view, model, cue)
            gold_words = _words(doc.text, item.content)
            overlaps = []
            for first, last, _ in pairs:
                words = _words(doc.text, ((view.tokens[first].start, view.tokens[last].end),))
                overlaps.append(len(words & gold_words) / max(len(words), len(gold_words), 1))
            if len(pairs) > 1 and max(overlaps) >= 0.5:
                groups.append(([pair[2] for pair in pairs], overlaps.index(max(overlaps))))
    return groups


def _vocabulary(rows: list[list[str]], min_count: int) -> dict[str, int]:
    counts = Counter(f for row in rows for f in row)
    return {name: n for n, name in enumerate(sorted(f for f, c in counts.items() if c >= min_count))}


def fit_logistic(
    rows: list[list[str]], labels: list[int], *, min_count: int = MIN_COUNT, epochs: int = 6, l2: float = 1e-5
) -> Weights:
    """Logistic regression by AdaGrad over sparse binary features."""
    index = _vocabulary(rows, min_count)
    bias_at = len(index)
    encoded = [np.array([index[f] for f in row if f in index] + [bias_at], dtype=np.int64) for row in rows]
    weights, squares = np.zeros(bias_at + 1), np.full(bias_at + 1, 1e-8)
    order = list(range(len(rows)))
    for epoch in range(epochs):
        random.Random(epoch).shuffle(order)
        for n in order:
            active = encoded[n]
            score = float(weights[active].sum())
            error = 1.0 / (1.0 + np.exp(-max(-30.0, min(30.0, score)))) - labels[n]
            grad = error + l2 * weights[active]
            squares[active] += grad * grad
            weights[active] -= 0.2 * grad / np.sqrt(squares[active])
    return Weights(_kept(index, weights), round(float(weights[bias_at]), 4))


def fit_choice(groups: list[Group], *, min_count: int = MIN_COUNT, epochs: int = 6, l2: float = 1e-5) -> Weights:
    """A log-linear (softmax) choice among each group's candidates, by AdaGrad."""
    index = _vocabulary([row for rows, _ in groups for row in rows], min_count)
    encoded = []
    for rows, target in groups:
        flat = [(index[f], n) for n, row in enumerate(rows) for f in row if f in index]
        features = np.array([f for f, _ in flat], dtype=np.int64)
        owners = np.array([n for _, n in flat], dtype=np.int64)
        encoded.append((features, owners, len(rows), target))
    weights, squares = np.zeros(len(index)), np.full(len(index), 1e-8)
    order = list(range(len(encoded)))
    for epoch in range(epochs):
        random.Random(epoch).shuffle(order)
        for n in order:
            features, owners, size, target = encoded[n]
            scores = np.bincount(owners, weights=weights[features], minlength=size)
            chances = np.exp(scores - scores.max())
            chances /= chances.sum()
            used, inverse = np.unique(features, return_inverse=True)
            grad = np.bincount(inverse, weights=chances[owners] - (owners == target), minlength=len(used))
            grad += l2 * weights[used]
            squares[used] += grad * grad
            weights[used] -= 0.2 * grad / np.sqrt(squares[used])
    return Weights(_kept(index, weights), 0.0)


def _kept(index: dict[str, int], weights: np.ndarray) -> dict[str, float]:
    return {name: round(float(weights[n]), 3) for name, n in index.items() if abs(weights[n]) >= 0.005}


def fit(data: Parsed, *, min_count: int = MIN_COUNT) -> SpanModel:
    """The four models fitted on parsed articles (threshold and span weight still to choose). The
    pair model learns from pointer scores it has not seen fitted: each fold's pairs come from
    pointers fitted on the other folds (cross-fitting), as the shipped pointers' scores on unseen
    articles are; the shipped pointers are then fitted on all the articles."""
    cue = fit_logistic(*cue_samples(data), min_count=min_count)
    per_doc = [pointer_samples([item]) for item in data]
    folds = [list(range(n, len(data), FOLDS)) for n in range(FOLDS)]
    pairs: list[Group] = []
    for fold in folds:
        held = set(fold)
        rest = [per_doc[n] for n in range(len(data)) if n not in held]
        pointers = _pointers(rest, cue, min_count)
        pairs += pair_samples([data[n] for n in fold], pointers)
    model = _pointers(per_doc, cue, min_count)
    return replace(model, pair=fit_choice(pairs, min_count=min_count))


def _pointers(per_doc: list[tuple[list[Group], list[Group]]], cue: Weights, min_count: int) -> SpanModel:
    firsts = [group for doc_firsts, _ in per_doc for group in doc_firsts]
    lasts = [group for _, doc_lasts in per_doc for group in doc_lasts]
    start, end = fit_choice(firsts, min_count=min_count), fit_choice(lasts, min_count=min_count)
    return SpanModel(cue, start, end, Weights({}), 0.5)


def measure(data: Parsed, model: Finder | None) -> dict[str, float]:
    """The quotes stage's content-span figures on parsed articles."""
    attributor = QuoteAttributor(spans=model, learned=model is not None)
    return figures([score_doc(attributor.attribute_quotes(doc), gold) for doc, gold in data])


def as_json(model: SpanModel) -> dict[str, Any]:
    """The JSON form ``spans.span_model_from`` reads."""
    parts = {"cue": model.cue, "start": model.start, "end": model.end, "pair": model.pair}
    out: dict[str, Any] = {name: {"weights": dict(w.weights), "bias": w.bias} for name, w in parts.items()}
    return {**out, "threshold": model.threshold, "span_weight": model.span_weight}


def _log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def main() -> None:
    """Fit, choose threshold and span weight, refit, measure on dev, write the model and figures."""
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--limit", type=int, default=None, help="train articles to use (all by default)")
    args.add_argument("--cache", type=Path, default=None, help="folder for parse caches (outside the repo)")
    options = args.parse_args()
    train = parsed("train", options.limit, options.cache)
    cut = len(train) * 4 // 5
    first = fit(train[:cut], min_count=MIN_COUNTS[0])
    _log("fitted on 80% of train")
    tuning = {
        (MIN_COUNTS[0], threshold, weight): measure(
            train[cut:], replace(first, threshold=threshold, span_weight=weight)
        )
        for threshold in THRESHOLDS
        for weight in SPAN_WEIGHTS
    }
    _, threshold, weight = max(tuning, key=lambda key: tuning[key]["f1"])
    for count in MIN_COUNTS[1:]:
        pruned = replace(fit(train[:cut], min_count=count), threshold=threshold, span_weight=weight)
        tuning[(count, threshold, weight)] = measure(train[cut:], pruned)
    # The fewest features whose held-out F1 is no lower than the best.
    best = max(result["f1"] for result in tuning.values())
    count = max(c for c, t, w in tuning if (t, w) == (threshold, weight) and tuning[(c, t, w)]["f1"] >= best)
    _log(f"held-out train: {tuning}")
    model = replace(fit(train, min_count=count), threshold=threshold, span_weight=weight)
    (OUT / "span_model.json").write_text(json.dumps(as_json(model), sort_keys=True) + "\n")
    _log("fitted on all of train")
    dev = parsed("dev", None, options.cache)
    metrics: dict[str, Any] = {
        "train_articles": len(train),
        "threshold": threshold,
        "span_weight": weight,
        "min_count": count,
        "pair_cross_fit_folds": FOLDS,
        "features": {name: len(getattr(model, name).weights) for name in ("cue", "start", "end", "pair")},
        "heldout_train": {f"{c}|{t}|{w}": tuning[(c, t, w)] for c, t, w in tuning},
        "dev_rules_only": measure(dev, None),
        "dev": measure(dev, model),
    }
    (OUT / "span_model.metrics.json").write_text(json.dumps(metrics, indent=1) + "\n")
    shown = ("threshold", "span_weight", "min_count", "features", "dev_rules_only", "dev")
    print(json.dumps({key: metrics[key] for key in shown}, indent=1))


if __name__ == "__main__":
    main()
