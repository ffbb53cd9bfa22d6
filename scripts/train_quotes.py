"""Train the learned attribution-cue model on PolNeAR train and measure it on PolNeAR dev.

    nice .venv/bin/python scripts/train_quotes.py [--limit N] [--cache DIR]

PolNeAR (Newell, Margolin & Ruths, LREC 2018) is research-use data: it is read from
../shared/data/corpus/polnear and never copied; only the feature weights are written, to
src/eventwire/quotes/data/cue_model.json, with the figures beside them in cue_model.metrics.json.
Each (cue word, slot) pair of ``eventwire.quotes.learned.pairs`` is a positive when the word lies
in a gold Cue span and the slot's words overlap that attribution's Content by >= 0.8. A logistic
model (numpy, AdaGrad, L2) is fitted on 80% of train; the threshold is the one that gives the best
content-span F1 of the whole quotes stage on the other 20%; then the model is refitted on all of
train and scored once on dev.
"""

from __future__ import annotations

import argparse
import json
import pickle
import random
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.eval.test_quotes import GoldAttribution, _words, figures, read_polnear, score_doc  # noqa: E402

from eventwire.config import Settings  # noqa: E402
from eventwire.model import Document  # noqa: E402
from eventwire.nlp import Parser  # noqa: E402
from eventwire.quotes import QuoteAttributor, load_cues  # noqa: E402
from eventwire.quotes.attribute import content_span  # noqa: E402
from eventwire.quotes.learned import CueModel, features, pairs  # noqa: E402
from eventwire.quotes.marks import quotation_spans  # noqa: E402
from eventwire.syntax import ParseTree  # noqa: E402

POLNEAR = ROOT.parent / "shared" / "data" / "corpus" / "polnear" / "data"
OUT = ROOT / "src" / "eventwire" / "quotes" / "data"
MIN_COUNT = 3  # features seen fewer times are dropped (noise, and a smaller model file)
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


def samples(data: Parsed, kinds: dict[str, str]) -> tuple[list[list[str]], list[int]]:
    """Features and 0/1 labels of every candidate pair."""
    rows, labels = [], []
    for doc, gold in data:
        tree, marks = ParseTree(doc.tokens), quotation_spans(doc.text)
        golds = [(item, _words(doc.text, item.content)) for item in gold]
        for sent in doc.sentences:
            for index, slot in pairs(tree, sent):
                span = content_span(tree, set(slot.tokens))
                if span is None:
                    continue
                words = _words(doc.text, ((span.start, span.end),))
                start = tree[index].start
                label = any(
                    any(s <= start < e for s, e in item.cue) and len(words & gw) >= 0.8 * max(len(words), len(gw), 1)
                    for item, gw in golds
                )
                quoted = any(q.start <= tree[slot.head].start < q.end for q in marks)
                rows.append(features(tree, index, slot, quoted=quoted, kinds=kinds))
                labels.append(int(label))
    return rows, labels


def fit(
    rows: list[list[str]], labels: list[int], *, epochs: int = 8, l2: float = 1e-4
) -> tuple[dict[str, float], float]:
    """Logistic regression by AdaGrad over sparse binary features; weights and bias."""
    counts = Counter(f for row in rows for f in row)
    names = sorted(f for f, n in counts.items() if n >= MIN_COUNT)
    index = {name: i for i, name in enumerate(names)}
    encoded = [np.array([index[f] for f in row if f in index], dtype=np.int64) for row in rows]
    weights, squares = np.zeros(len(names) + 1), np.full(len(names) + 1, 1e-8)
    order = list(range(len(rows)))
    rate = 0.2
    for epoch in range(epochs):
        random.Random(epoch).shuffle(order)
        for n in order:
            active = np.append(encoded[n], len(names))
            score = float(weights[active].sum())
            error = 1.0 / (1.0 + np.exp(-max(-30.0, min(30.0, score)))) - labels[n]
            grad = error + l2 * weights[active]
            squares[active] += grad * grad
            weights[active] -= rate * grad / np.sqrt(squares[active])
    kept = {name: round(float(weights[i]), 3) for name, i in index.items() if abs(weights[i]) >= 0.01}
    return kept, float(weights[-1])


def measure(data: Parsed, model: CueModel | None) -> dict[str, float]:
    """The quotes stage's content-span figures on parsed articles."""
    attributor = QuoteAttributor(model=model, learned=model is not None)
    return figures([score_doc(attributor.attribute_quotes(doc), gold) for doc, gold in data])


def main() -> None:
    """Fit, choose the threshold, refit, measure on dev, write the model and its figures."""
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--limit", type=int, default=None, help="train articles to use (all by default)")
    args.add_argument("--cache", type=Path, default=None, help="folder for parse caches (outside the repo)")
    options = args.parse_args()
    kinds = load_cues()
    train = parsed("train", options.limit, options.cache)
    cut = len(train) * 4 // 5
    weights, bias = fit(*samples(train[:cut], kinds))
    tuning: dict[float, dict[str, float]] = {}
    for threshold in (0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5):
        tuning[threshold] = measure(train[cut:], CueModel(weights, bias, threshold))
    threshold = max(tuning, key=lambda t: tuning[t]["f1"])
    weights, bias = fit(*samples(train, kinds))
    model = CueModel(weights, bias, threshold)
    dev = parsed("dev", None, options.cache)
    metrics: dict[str, Any] = {
        "train_articles": len(train),
        "threshold": threshold,
        "features": len(weights),
        "heldout_train_by_threshold": {str(t): tuning[t] for t in tuning},
        "dev_rules_only": measure(dev, None),
        "dev": measure(dev, model),
    }
    (OUT / "cue_model.json").write_text(
        json.dumps({"weights": weights, "bias": round(bias, 4), "threshold": threshold}, sort_keys=True) + "\n"
    )
    (OUT / "cue_model.metrics.json").write_text(json.dumps(metrics, indent=1) + "\n")
    print(json.dumps({key: metrics[key] for key in ("threshold", "features", "dev_rules_only", "dev")}, indent=1))


if __name__ == "__main__":
    main()
