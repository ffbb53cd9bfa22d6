"""Train the trigger-conditioned location tagger (``eventwire.places.tagger``); run through
``scripts/train_event_location.py --minilm --tagger``, which fits the contextual candidate model first.

Each (sentence, event trigger) is one example; each word of the sentence is labelled inside the
event's location when it covers a gold location token. The tagger is fitted with torch (Adam,
binary log loss) on MiniLM word states and the word's categories (``tagger.token_categories``).
Its out-of-fold probabilities on the same 5 folds as the candidate model choose, together with
the candidate model's, the mix, the further-place threshold and the two decision thresholds.
Needs the ``[embeddings]`` extra.

Not shipped. On 5-fold CV of the training part (the candidate model's folds, Masdar_RA out) it
chose mix 0.5, further-place threshold 0.5 and thresholds 0.35 / 0.75: token P/R 0.806 / 0.776,
F1 0.791, against 0.766 / 0.755, F1 0.760 for the candidate model alone in the same run. On
RELABEL (looked at twice: the trainer's figure, then the gate's, both 0.826 / 0.763) recall fell
below the MiniLM gate's floor (0.824 / 0.784 without it, floor 0.82 / 0.78), so the shipped model
stays without it. Earlier CV runs (candidate probabilities from the round-1 experiments): the mix
alone 0.35 -> F1 0.770 (baseline 0.764); with further places at 0.6 / 0.65 / 0.7 / 0.75: 0.786 /
0.783 / 0.780 / 0.777; extending chosen candidates by the tagger's adjacent words +0.003 to
+0.005 more (not built).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch

from eventwire.model import Document
from eventwire.places.locate import choose_places
from eventwire.places.tagger import CONTEXT, FIELDS, PRODUCT_SCALE, candidate_marks, token_categories, unlisted_runs
from train_event_location import MIN_COUNT, Example, _f1

#: Chosen on 5-fold CV of the training part (the candidate model's folds): hidden 128, dropout
#: 0.3, 4 epochs, embeddings of 16 and one neighbour each side gave out-of-fold word F1 0.742.
HIDDEN, DROPOUT, EPOCHS, BATCH, DIM, SEED = 128, 0.3, 4, 256, 16, 0
MIXES = (0.35, 0.5, 0.65)
SPAN_THRESHOLDS = (0.5, 0.6, 0.7, 1.01)  # 1.01: no further places
Table = dict[int, tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]


@dataclass(frozen=True)
class Trained:
    """The tagger's arrays, the decision thresholds chosen with it, and its figures."""

    arrays: dict[str, Any]
    threshold: float
    also: float
    metrics: dict[str, Any]


def train_tagger(
    examples: list[Example],
    docs: dict[str, Document],
    states: dict[tuple[str, int], np.ndarray],
    folded: list[tuple[int, int]],
    cv: dict[int, list[float]],
    held: dict[int, list[float]],
) -> Trained:
    """Fit the tagger per fold of ``folded`` (example, fold), choose its settings with the candidate
    model's out-of-fold probabilities ``cv``, fit it on every training example and score ``held``."""
    table = tagger_table(examples, docs, states)
    tagged: dict[int, np.ndarray] = {}
    for fold in sorted({f for _, f in folded}):
        fit = [k for k, f in folded if f != fold]
        tagged.update(predict_tagger(fit_tagger(table, fit), table, [k for k, f in folded if f == fold]))
    settings, cv_scores = choose_settings(examples, cv, tagged)
    mix, span_threshold, threshold, also = settings
    tagger = fit_tagger(table, [k for k, _ in folded])
    held_scores = score_with_tagger(examples, held, predict_tagger(tagger, table, list(held)), settings)
    metrics = {
        "threshold": threshold,
        "also": also,
        "tagger": {"mix": mix, "span_threshold": span_threshold, "hidden": HIDDEN, "epochs": EPOCHS},
        "cv": cv_scores,
        "held_out_scores": held_scores,
    }
    return Trained(tagger_arrays(tagger, mix, span_threshold), threshold, also, metrics)


def tagger_table(
    examples: list[Example], docs: dict[str, Document], states: dict[tuple[str, int], np.ndarray]
) -> Table:
    """Per example: unit word states, the unit trigger state, the words' categories and labels."""
    out: Table = {}
    for k, e in enumerate(examples):
        doc = docs[e.text]
        sent = doc.sentences[e.sentence]
        array = states[(e.text, e.sentence)].astype(np.float32)
        words = array[sent.token_start : sent.token_end]
        words = words / (np.linalg.norm(words, axis=1, keepdims=True) + 1e-6)
        verb = array[e.trigger] / (np.linalg.norm(array[e.trigger]) + 1e-6)
        categories = token_categories(doc, e.trigger, sent, candidate_marks(doc, e.cands))
        labels = np.array([bool(ids & e.gold) for ids in e.word_ids], dtype=np.float32)
        out[k] = (words, verb, np.array(categories, dtype=object), labels)
    return out


class _Tagger(torch.nn.Module):
    def __init__(self, vocabs: list[dict[str, int]], width: int) -> None:
        super().__init__()
        self.vocabs = vocabs
        self.tables = torch.nn.ModuleList([torch.nn.Embedding(len(v) + 1, DIM) for v in vocabs])
        size = 3 * width + (1 + 2 * CONTEXT) * len(vocabs) * DIM
        self.hidden = torch.nn.Linear(size, HIDDEN)
        self.out = torch.nn.Linear(HIDDEN, 1)
        self.drop = torch.nn.Dropout(DROPOUT)

    def forward(self, words: torch.Tensor, verbs: torch.Tensor, ids: torch.Tensor) -> torch.Tensor:
        blocks = [words, verbs, words * verbs * PRODUCT_SCALE]
        blocks += [table(ids[:, shift, f]) for shift in range(ids.shape[1]) for f, table in enumerate(self.tables)]
        hidden = torch.relu(self.hidden(self.drop(torch.cat(blocks, 1))))
        return self.out(self.drop(hidden)).squeeze(1)


def _matrices(net: _Tagger, table: Table, ids: Sequence[int]) -> tuple[torch.Tensor, ...]:
    words, verbs, windows, labels = [], [], [], []
    for k in ids:
        state, verb, categories, label = table[k]
        coded = np.array([[v.get(c, 0) for v, c in zip(net.vocabs, row, strict=True)] for row in categories], np.int64)
        coded = coded.reshape(len(label), len(FIELDS))
        pad = np.zeros((CONTEXT, len(FIELDS)), np.int64)
        padded = np.concatenate([pad, coded, pad])
        windows.append(np.stack([padded[s : s + len(label)] for s in range(2 * CONTEXT + 1)], 1))
        words.append(state)
        verbs.append(np.broadcast_to(verb, state.shape))
        labels.append(label)
    return tuple(torch.tensor(np.concatenate(x)) for x in (words, verbs, windows, labels))


def fit_tagger(table: Table, ids: Sequence[int]) -> _Tagger:
    """Fit the tagger on the words of the examples ``ids``."""
    torch.manual_seed(SEED)
    vocabs = []
    for f in range(len(FIELDS)):
        counts = Counter(row[f] for k in ids for row in table[k][2])
        vocabs.append({v: n + 1 for n, v in enumerate(sorted(v for v, c in counts.items() if c >= MIN_COUNT))})
    net = _Tagger(vocabs, table[ids[0]][0].shape[1])
    words, verbs, windows, labels = _matrices(net, table, ids)
    optimiser = torch.optim.Adam(net.parameters(), lr=1e-3, weight_decay=1e-5)
    for _ in range(EPOCHS):
        net.train()
        order = torch.randperm(len(labels))
        for begin in range(0, len(order), BATCH):
            batch = order[begin : begin + BATCH]
            logits = net(words[batch], verbs[batch], windows[batch])
            loss = torch.nn.functional.binary_cross_entropy_with_logits(logits, labels[batch])
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
    return net.eval()


def predict_tagger(net: _Tagger, table: Table, ids: Sequence[int]) -> dict[int, np.ndarray]:
    """Each example's per-word probabilities."""
    words, verbs, windows, _ = _matrices(net, table, ids)
    with torch.no_grad():
        flat = torch.sigmoid(net(words, verbs, windows)).numpy()
    out, at = {}, 0
    for k in ids:
        out[k] = flat[at : at + len(table[k][3])]
        at += len(table[k][3])
    return out


def choose_settings(
    examples: list[Example], pairs: dict[int, list[float]], words: dict[int, np.ndarray]
) -> tuple[tuple[float, float, float, float], dict[str, float]]:
    """The (mix, span threshold, threshold, also) with the best F1, and its scores."""
    grid = [(t / 100, a / 100) for t in range(10, 70, 5) for a in range(t, 105, 5)]
    best: tuple[float, tuple[float, float, float, float], dict[str, float]] = (-1.0, (0, 1, 1, 1), {})
    for mix in MIXES:
        for span_threshold in SPAN_THRESHOLDS:
            prepared = _prepare(examples, pairs, words, mix, span_threshold)
            for threshold, also in grid:
                scores = _score_prepared(examples, prepared, threshold, also)
                f1 = _f1(scores)
                if f1 > best[0]:
                    best = (f1, (mix, span_threshold, threshold, also), scores)
    return best[1], best[2]


def score_with_tagger(
    examples: list[Example], pairs: dict[int, list[float]], words: dict[int, np.ndarray], settings: Sequence[float]
) -> dict[str, float]:
    """Token-level precision and recall of candidates mixed with the tagger plus its further places."""
    mix, span_threshold, threshold, also = settings
    return _score_prepared(examples, _prepare(examples, pairs, words, mix, span_threshold), threshold, also)


def _prepare(
    examples: list[Example], pairs: dict[int, list[float]], words: dict[int, np.ndarray], mix: float, span: float
) -> dict[int, tuple[list[float], set[int]]]:
    """Per example: the candidates' mixed probabilities and the corpus tokens of further places."""
    out = {}
    for k, probs in pairs.items():
        e, tagged = examples[k], words[k]
        first = e.sentence_start
        mixed = [(1 - mix) * p + mix * float(np.mean(tagged[[r - first for r in rows]])) if rows else p
                 for p, rows in zip(probs, e.rows, strict=True)]  # fmt: skip
        covered = {r - first for rows in e.rows for r in rows}
        further: set[int] = set()
        for low, high in unlisted_runs(tagged.tolist(), covered, span):
            further = further.union(*e.word_ids[low:high])
        out[k] = (mixed, further)
    return out


def _score_prepared(
    examples: list[Example], prepared: dict[int, tuple[list[float], set[int]]], threshold: float, also: float
) -> dict[str, float]:
    right = predicted = gold = 0
    for k, (mixed, further) in prepared.items():
        e = examples[k]
        options, groups = [c.features for c in e.cands], [c.group for c in e.cands]
        picked = choose_places(mixed, options, groups, threshold, also)
        guess = further.union(*(e.cand_tokens[i] for i in picked))
        gold += len(e.gold)
        predicted += len(guess)
        right += len(guess & e.gold)
    return {
        "precision": round(right / predicted if predicted else 0.0, 3),
        "recall": round(right / gold if gold else 0.0, 3),
        "gold_tokens": gold,
    }


def tagger_arrays(net: _Tagger, mix: float, span_threshold: float) -> dict[str, Any]:
    """The tagger's arrays as ``tagger.tagger_from`` reads them (float16 matrices)."""
    arrays: dict[str, Any] = {}
    for name, vocab, table in zip(FIELDS, net.vocabs, net.tables, strict=True):
        arrays[f"tagger_vocab_{name}"] = np.array(["<unknown>", *sorted(vocab, key=vocab.__getitem__)])
        arrays[f"tagger_embedding_{name}"] = table.weight.detach().numpy().astype(np.float16)
    arrays["tagger_hidden_weights"] = net.hidden.weight.detach().numpy().T.astype(np.float16)
    arrays["tagger_hidden_bias"] = net.hidden.bias.detach().numpy().astype(np.float16)
    arrays["tagger_out"] = net.out.weight.detach().numpy()[0].astype(np.float16)
    arrays["tagger_bias"] = np.array(float(net.out.bias.item()))
    arrays["tagger_mix"] = np.array(mix)
    arrays["tagger_span_threshold"] = np.array(span_threshold)
    return arrays
