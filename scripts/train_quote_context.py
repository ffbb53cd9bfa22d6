"""Train the contextual attribution model on PolNeAR train and measure it on PolNeAR dev.

    OMP_NUM_THREADS=1 nice .venv/bin/python scripts/train_quote_context.py --cache DIR

Needs the ``[embeddings]`` extra (torch). PolNeAR is research-use data, read from
../shared/data/corpus/polnear and never copied; only network weights are written, to
src/eventwire/quotes/data/context_model.npz (float16), with the figures in
context_model.metrics.json.

The three networks of ``eventwire.quotes.contextual`` are fitted with Adam on CPU: the cue network
over every candidate word (binary cross-entropy; positive: a gold cue head, as in
``train_quote_spans.gold_items``), the start and end networks over the words of each gold cue's
window (softmax cross-entropy; target: the gold first or last word). They are fitted on 80% of
train; the epochs, the linear model's shares in the mixture (cue_mix, span_mix; the linear span
model of ``train_quote_spans`` fitted on the same 80%), the confidence threshold and the span weight
are the ones that give the best content-span F1 of the whole quotes stage on the other 20%; then
the networks are refitted on all of train with those settings (mixed in use with the shipped linear
model, itself fitted on all of train) and scored once on dev. Parses, MiniLM states, samples and
the held-out linear model are cached in --cache.
"""

from __future__ import annotations

import argparse
import itertools
import json
import pickle
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scripts.train_quote_spans import Parsed, _view, as_json, gold_items, measure, parsed  # noqa: E402
from scripts.train_quote_spans import fit as fit_linear  # noqa: E402

from eventwire.events.encoder import WIDTH  # noqa: E402
from eventwire.model import Document  # noqa: E402
from eventwire.quotes.context import word_states  # noqa: E402
from eventwire.quotes.contextual import ContextModel, context_model_from, pointer_words  # noqa: E402
from eventwire.quotes.span_features import View, candidate, cue_features, pointer_features  # noqa: E402
from eventwire.quotes.spans import Found, SpanModel, span_model_from  # noqa: E402

OUT = ROOT / "src" / "eventwire" / "quotes" / "data"
HIDDEN = 128
# Feature names seen fewer times get no row (noise, and a file under 10 MB): about 18,000 cue
# features and 5,000 of each pointer's are kept.
CUE_MIN_COUNT, POINTER_MIN_COUNT = 30, 10
EPOCHS = (2, 3, 4)
MIXES = (
    (0.0, 0.0),
    (0.5, 0.0),
    (0.5, 0.5),
    (0.5, 1.0),
)  # (cue_mix, span_mix): the linear model's shares  # tried on held-out train
THRESHOLDS = (0.3, 0.4, 0.5)
SPAN_WEIGHTS = (0.25, 0.5, 1.0)
CUE_INPUTS, POINTER_INPUTS = 2, 3
Setting = tuple[int, float, float, float, float]  # epochs, cue_mix, span_mix, threshold, span_weight


Rows = tuple[np.ndarray, np.ndarray]  # feature ids of many rows: flat ids and each row's start (CSR)


@dataclass
class Samples:
    """Training rows of one part: state indices into the part's state matrix and feature ids."""

    cue_rows: list[tuple[int, int, Rows, int]]  # (word, its head, features, label)
    groups: list[tuple[int, np.ndarray, Rows, Rows, int, int]]  # cue, words, start and end features, targets


def _csr(rows: list[list[int]]) -> Rows:
    flat = np.array([f for row in rows for f in row], dtype=np.int32)
    return flat, np.cumsum([0] + [len(row) for row in rows]).astype(np.int32)


def states_of(part: str, data: Parsed, cache: Path) -> tuple[np.ndarray, list[int]]:
    """All documents' MiniLM states stacked (float16) and each document's first row, cached."""
    path, offsets_path = cache / f"states-{part}.npy", cache / f"offsets-{part}.npy"
    if not path.exists():
        out = []
        for begin in range(0, len(data), 16):
            out += [s.astype(np.float16) for s in word_states([doc for doc, _ in data[begin : begin + 16]])]
            _log(f"encoded {begin + 16} of {len(data)} {part} articles")
        np.save(path, np.concatenate(out))
        np.save(offsets_path, np.cumsum([0] + [len(s) for s in out]))
    return np.load(path), [int(n) for n in np.load(offsets_path)]


def samples(data: Parsed, offsets: list[int], names: dict[str, int]) -> Samples:
    """The cue rows and pointer groups of parsed articles (feature names numbered in ``names``)."""

    def ids(features: list[str]) -> list[int]:
        return [names.setdefault(f, len(names)) for f in features]

    out = Samples([], [])
    for (doc, gold), base in zip(data, offsets, strict=False):
        view = _view(doc)
        items = gold_items(view, gold)
        heads = {head for head, _, _, _ in items}
        for index, token in enumerate(view.tokens):
            if candidate(token.pos, token.text):
                features = _csr([ids(cue_features(view, index))])
                out.cue_rows.append((base + index, base + token.head, features, int(index in heads)))
        for cue, first, last, _ in items:
            words = pointer_words(view, cue)
            if first in words and last in words:
                starts, ends = view.edges(cue)
                s = _csr([ids(pointer_features(view, cue, i, starts, side="s")) for i in words])
                e = _csr([ids(pointer_features(view, cue, i, ends, side="e")) for i in words])
                at = np.array([base + i for i in words])
                out.groups.append((base + cue, at, s, e, words.index(first), words.index(last)))
    return out


def _network(torch: Any, inputs: int, vocab: int) -> Any:
    nn = torch.nn

    class Network(nn.Module):  # type: ignore[misc,name-defined]
        def __init__(self) -> None:
            super().__init__()
            self.blocks = nn.ModuleList([nn.Linear(WIDTH, HIDDEN, bias=False) for _ in range(inputs)])
            self.embed = nn.EmbeddingBag(vocab + 1, HIDDEN, mode="sum", padding_idx=vocab)
            self.bias = nn.Parameter(torch.zeros(HIDDEN))
            self.out = nn.Linear(HIDDEN, 1)

        def forward(self, blocks: list[Any], features: Any, offsets: Any) -> Any:
            hidden = self.bias + self.embed(features, offsets)
            for block, layer in zip(blocks, self.blocks, strict=True):
                hidden = hidden + layer(block)
            return self.out(torch.relu(hidden)).squeeze(-1)

    return Network()


def _bags(torch: Any, parts: list[Rows], remap: np.ndarray) -> tuple[Any, Any]:
    # The kept features of every row of every part, as EmbeddingBag's flat ids and row offsets.
    flats, counts = [], []
    for flat, starts in parts:
        mapped = remap[flat]
        kept = mapped >= 0
        flats.append(mapped[kept])
        rows = np.repeat(np.arange(len(starts) - 1), np.diff(starts))
        counts.append(np.bincount(rows[kept], minlength=len(starts) - 1))
    sizes = np.concatenate(counts)
    offsets = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    return torch.from_numpy(np.concatenate(flats)), torch.from_numpy(offsets.astype(np.int64))


def _remap(parts: list[Rows], size: int, min_count: int) -> tuple[np.ndarray, list[int]]:
    counts = np.bincount(np.concatenate([flat for flat, _ in parts]), minlength=size)
    kept = [int(f) for f in np.flatnonzero(counts >= min_count)]
    remap = np.full(size, -1, dtype=np.int64)
    remap[kept] = np.arange(len(kept))
    return remap, kept


def fit_cue(torch: Any, part: Samples, states: Any, size: int) -> Iterator[tuple[Any, list[int]]]:
    """The cue network fitted on the part's candidate words, yielded after each epoch."""
    remap, kept = _remap([row[2] for row in part.cue_rows], size, CUE_MIN_COUNT)
    net = _network(torch, CUE_INPUTS, len(kept))

    def loss_of(chosen: np.ndarray) -> Any:
        rows = [part.cue_rows[n] for n in chosen]
        blocks = [states[[row[0] for row in rows]].float(), states[[row[1] for row in rows]].float()]
        features, offsets = _bags(torch, [row[2] for row in rows], remap)
        labels = torch.tensor([float(row[3]) for row in rows])
        return torch.nn.functional.binary_cross_entropy_with_logits(net(blocks, features, offsets), labels)

    for _ in _epochs(torch, net, loss_of, len(part.cue_rows), batch=512, rate=2e-3, seed=0, name="cue"):
        yield net, kept


def fit_pointer(torch: Any, part: Samples, states: Any, size: int, side: int) -> Iterator[tuple[Any, list[int]]]:
    """The start (side 2) or end (side 3) network fitted on the part's gold windows, yielded after
    each epoch."""
    remap, kept = _remap([group[side] for group in part.groups], size, POINTER_MIN_COUNT)
    net = _network(torch, POINTER_INPUTS, len(kept))

    def loss_of(chosen: np.ndarray) -> Any:
        groups = [part.groups[n] for n in chosen]
        own = states[np.concatenate([g[1] for g in groups])].float()
        at_cue = states[np.concatenate([np.full(len(g[1]), g[0]) for g in groups])].float()
        features, offsets = _bags(torch, [g[side] for g in groups], remap)
        scores = net([own, at_cue, own * at_cue], features, offsets)
        losses, at = [], 0
        for g in groups:
            losses.append(-torch.log_softmax(scores[at : at + len(g[1])], 0)[g[side + 2]])
            at += len(g[1])
        return torch.stack(losses).mean()

    for _ in _epochs(torch, net, loss_of, len(part.groups), batch=16, rate=1e-3, seed=1, name=f"pointer {side}"):
        yield net, kept


def _epochs(
    torch: Any,
    net: Any,
    loss_of: Callable[[np.ndarray], Any],
    count: int,
    *,
    batch: int,
    rate: float,
    seed: int,
    name: str,
) -> Iterator[int]:
    # Adam over shuffled batches of the rows; yields after each epoch, without end.
    optimizer = torch.optim.Adam(net.parameters(), lr=rate, weight_decay=1e-6)
    order = np.random.default_rng(seed).permutation(count)
    for epoch in itertools.count(1):
        for begin in range(0, count, batch):
            loss = loss_of(order[begin : begin + batch])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        _log(f"{name} epoch {epoch}: last loss {loss.item():.4f}")
        yield epoch


def as_arrays(
    nets: dict[str, tuple[Any, list[int]]], names: list[str], threshold: float, weight: float
) -> dict[str, Any]:
    """The arrays ``contextual.context_model_from`` reads (float16 weights)."""
    out: dict[str, Any] = {"threshold": np.array(threshold), "span_weight": np.array(weight)}
    for name, (net, kept) in nets.items():
        state = {key: value.detach().numpy() for key, value in net.state_dict().items()}
        out[f"{name}.vocab"] = np.array([names[f] for f in kept])
        for n in range(len(net.blocks)):
            out[f"{name}.block{n}"] = state[f"blocks.{n}.weight"].T.astype(np.float16)
        out[f"{name}.embed"] = state["embed.weight"][: len(kept)].astype(np.float16)
        out[f"{name}.bias"] = state["bias"].astype(np.float16)
        out[f"{name}.out"] = state["out.weight"][0].astype(np.float16)
        out[f"{name}.out_bias"] = np.array(float(state["out.bias"][0]))
    return out


def fitted(torch: Any, part: Samples, states: Any, names: dict[str, int], epochs: int) -> Iterator[dict[str, Any]]:
    """The three networks fitted on one part, as arrays after each epoch up to ``epochs``
    (threshold and span weight still to choose)."""
    size = len(names)
    numbered = [""] * size
    for name, n in names.items():
        numbered[n] = name
    fits = {
        "cue": fit_cue(torch, part, states, size),
        "start": fit_pointer(torch, part, states, size, 2),
        "end": fit_pointer(torch, part, states, size, 3),
    }
    for _ in range(epochs):
        yield as_arrays({name: next(fit) for name, fit in fits.items()}, numbered, 0.5, 1.0)


def with_states(model: ContextModel, data: Parsed, states: np.ndarray, offsets: list[int]) -> ContextModel:
    """The model reading cached states instead of running the encoder."""
    rows = {doc.doc_id: n for n, (doc, _) in enumerate(data)}

    def cached(doc: Document) -> np.ndarray:
        n = rows[doc.doc_id]
        return np.asarray(states[offsets[n] : offsets[n + 1]], dtype=np.float32)

    return replace(model, states=cached)


class _Sweep:
    """The model's scored cues of each article, kept from the first run, so each (threshold, span
    weight) setting is measured without scoring again (cues scored at the lowest threshold)."""

    def __init__(self, model: ContextModel) -> None:
        self.model = replace(model, threshold=min(THRESHOLDS))
        self.memo: dict[tuple[str, frozenset[int]], list[tuple[int, float, tuple[int, int, float]]]] = {}
        self.threshold, self.weight = 0.5, 1.0

    def find(self, view: View, *, skip: frozenset[int] = frozenset()) -> list[Found]:
        """The memo's attributions under this setting."""
        key = (view.doc.doc_id, skip)
        if key not in self.memo:
            self.memo[key] = self.model.scored(view, skip=skip)
        out = []
        for cue, chance, (first, last, chance_span) in self.memo[key]:
            confidence = chance * chance_span**self.weight
            if confidence >= self.threshold:
                out.append(Found(cue, confidence, first, last))
        return out


def _log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def _training_samples(train: Parsed, offsets: list[int], cache: Path) -> tuple[dict[str, int], Samples]:
    path = cache / "context-samples-train.pkl"
    if path.exists():
        loaded: tuple[dict[str, int], Samples] = pickle.loads(path.read_bytes())
        return loaded
    names: dict[str, int] = {}
    everything = samples(train, offsets, names)
    path.write_bytes(pickle.dumps((names, everything)))
    return names, everything


def _heldout_linear(train: Parsed, cache: Path) -> SpanModel:
    # The linear span model fitted on the same 80% (its shipped refit on all of train is mixed in use).
    path = cache / "span-model-heldout.json"
    if not path.exists():
        model = replace(fit_linear(train), threshold=0.3)
        path.write_text(json.dumps(as_json(model)))
    return span_model_from(json.loads(path.read_text()))


def tune(torch: Any, train: Parsed, cache: Path) -> tuple[dict[Setting, dict[str, float]], Samples, dict[str, int]]:
    """Held-out train figures of every setting: fitted on the first 80%, measured on the rest."""
    states, offsets = states_of("train", train, cache)
    names, everything = _training_samples(train, offsets, cache)
    _log(f"{len(everything.cue_rows)} cue rows, {len(everything.groups)} windows, {len(names)} feature names")
    cut = len(train) * 4 // 5
    border = offsets[cut]
    first_part = Samples(
        [r for r in everything.cue_rows if r[0] < border], [g for g in everything.groups if g[0] < border]
    )
    linear = _heldout_linear(train[:cut], cache)
    tuning: dict[Setting, dict[str, float]] = {}
    torch.manual_seed(0)
    for epochs, arrays in enumerate(fitted(torch, first_part, torch.from_numpy(states), names, max(EPOCHS)), start=1):
        for cue_mix, span_mix in MIXES if epochs in EPOCHS else ():
            mixed = {**arrays, "cue_mix": np.array(cue_mix), "span_mix": np.array(span_mix)}
            sweep = _Sweep(with_states(context_model_from(mixed, linear=linear), train, states, offsets))
            for threshold, weight in itertools.product(THRESHOLDS, SPAN_WEIGHTS):
                sweep.threshold, sweep.weight = threshold, weight
                key = (epochs, cue_mix, span_mix, threshold, weight)
                tuning[key] = measure(train[cut:], sweep)
                _log(f"held-out train {key}: {tuning[key]}")
    return tuning, everything, names


def main() -> None:
    """Fit, choose the settings on held-out train, refit, measure dev, write the model and figures."""
    import torch

    torch.set_num_threads(1)
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--cache", type=Path, required=True, help="folder for parse and state caches (outside the repo)")
    options = args.parse_args()
    train = parsed("train", None, options.cache)
    tuning, everything, names = tune(torch, train, options.cache)
    best = max(tuning, key=lambda key: tuning[key]["f1"])
    epochs, cue_mix, span_mix, threshold, weight = best
    torch.manual_seed(0)
    states, _ = states_of("train", train, options.cache)
    *_, arrays = fitted(torch, everything, torch.from_numpy(states), names, epochs)
    arrays.update(
        threshold=np.array(threshold),
        span_weight=np.array(weight),
        cue_mix=np.array(cue_mix),
        span_mix=np.array(span_mix),
    )
    np.savez_compressed(OUT / "context_model.npz", **arrays)
    dev = parsed("dev", None, options.cache)
    dev_states, dev_offsets = states_of("dev", dev, options.cache)
    model = with_states(context_model_from(arrays), dev, dev_states, dev_offsets)
    chosen = dict(zip(("epochs", "cue_mix", "span_mix", "threshold", "span_weight"), best, strict=True))
    metrics = {
        "train_articles": len(train),
        **chosen,
        "hidden": HIDDEN,
        "min_count": {"cue": CUE_MIN_COUNT, "pointer": POINTER_MIN_COUNT},
        "heldout_train": {"|".join(map(str, key)): value for key, value in tuning.items()},
        "dev": measure(dev, model),
    }
    (OUT / "context_model.metrics.json").write_text(json.dumps(metrics, indent=1) + "\n")
    print(json.dumps({**chosen, "heldout_f1": tuning[best]["f1"], "dev": metrics["dev"]}, indent=1))


if __name__ == "__main__":
    main()
