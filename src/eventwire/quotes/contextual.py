"""The contextual attribution model: the span model's features read together with MiniLM states.

Three small networks of one hidden layer, trained by ``scripts/train_quote_context.py`` on PolNeAR
train and shipped as ``data/context_model.npz`` (weights only, float16): a cue network scores
every candidate word as the head of a cue from its own and its head word's MiniLM state
(``quotes.context``) and its ``span_features.cue_features``; a start and an end network score each
word of the cue's window as its content's first or last word from the word's state, the cue's, their
product and ``pointer_features``. A content is the (first, last) pair, first <= last, of the best
summed log-probability; an attribution is kept when P(cue) * P(first and last) ** span_weight
reaches the threshold. Used only with the ``[embeddings]`` extra; numpy only here (the encoder
imports torch). Returns ``spans.Found`` values; never names a word.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import numpy as np
from numpy.typing import NDArray

from eventwire.events.encoder import encoder_available
from eventwire.model import Document
from eventwire.quotes.context import word_states
from eventwire.quotes.span_features import View, candidate, cue_features, pointer_features
from eventwire.quotes.spans import Found, SpanModel, load_span_model, sigmoid, span_pairs

MODEL_FILE = "context_model.npz"
States = NDArray[np.float32]


@dataclass(frozen=True, slots=True)
class Head:
    """One network: hidden = relu(sum of state blocks @ their weights + feature rows + bias);
    score = hidden @ out + out_bias. ``vocab`` maps a feature name to its row of ``embed``."""

    vocab: Mapping[str, int]
    blocks: tuple[NDArray[np.float32], ...]  # one (WIDTH, hidden) matrix per state input
    embed: NDArray[np.float32]  # (features, hidden)
    bias: NDArray[np.float32]
    out: NDArray[np.float32]
    out_bias: float

    def scores(self, inputs: Sequence[States], features: Sequence[Sequence[str]]) -> NDArray[np.float32]:
        """One score per row: ``inputs`` are (rows, WIDTH) state blocks, ``features`` each row's names."""
        hidden = np.tile(self.bias, (len(features), 1))
        for block, weights in zip(inputs, self.blocks, strict=True):
            hidden += block @ weights
        for row, names in enumerate(features):
            rows = [self.vocab[name] for name in names if name in self.vocab]
            if rows:
                hidden[row] += self.embed[rows].sum(axis=0)
        return np.asarray(np.maximum(hidden, 0.0) @ self.out + self.out_bias, dtype=np.float32)


def _default_states(doc: Document) -> States:
    return word_states([doc])[0]


@dataclass(frozen=True, slots=True)
class ContextModel:
    """The cue, start and end networks, the threshold and the span weight; with ``linear`` (the
    shipped linear span model), a mixture: P(cue) = (1 - cue_mix) * network's + cue_mix * linear's,
    and a content chosen among the linear pair model's candidates and the networks' best pair by
    the networks' log-probabilities plus ``span_mix`` times the pair model's score."""

    cue: Head
    start: Head
    end: Head
    threshold: float
    span_weight: float = 1.0
    linear: SpanModel | None = None
    cue_mix: float = 0.0
    span_mix: float = 0.0
    states: Callable[[Document], States] = field(default=_default_states, compare=False)

    def find(self, view: View, *, skip: frozenset[int] = frozenset()) -> list[Found]:
        """Every word the cue network accepts, with its best content span."""
        out = []
        for cue, chance, (first, last, chance_span) in self.scored(view, skip=skip):
            confidence = chance * chance_span**self.span_weight
            if confidence >= self.threshold:
                out.append(Found(cue, confidence, first, last))
        return out

    def scored(
        self, view: View, *, skip: frozenset[int] = frozenset()
    ) -> list[tuple[int, float, tuple[int, int, float]]]:
        """Each candidate word whose cue probability reaches the threshold, with that probability and
        its best (first, last, probability) content."""
        words = [i for i, t in enumerate(view.tokens) if i not in skip and candidate(t.pos, t.text)]
        if not words:
            return []
        states = self.states(view.doc)
        heads = [view.tokens[i].head for i in words]
        features = [cue_features(view, i) for i in words]
        scores = self.cue.scores([states[words], states[heads]], features)
        chances = 1.0 / (1.0 + np.exp(-np.clip(scores, -30.0, 30.0)))
        if self.linear is not None and self.cue_mix > 0.0:
            linear = np.array([sigmoid(self.linear.cue.score(names)) for names in features])
            chances = (1.0 - self.cue_mix) * chances + self.cue_mix * linear
        out = []
        for cue, chance in zip(words, chances.tolist(), strict=True):
            span = best_pair(view, self, states, cue) if chance >= self.threshold else None
            if span is not None:
                out.append((cue, chance, span))
        return out


def best_pair(view: View, model: ContextModel, states: States, cue: int) -> tuple[int, int, float] | None:
    """The (first, last) words, first <= last, of the best summed pointer log-probability, and
    that pair's probability (the product of the two pointers'); with a linear model, the best
    of the mixture's candidates and its probability among them."""
    words = pointer_words(view, cue)
    if not words:
        return None
    starts, ends = view.edges(cue)
    inputs = pointer_inputs(states, cue, words)
    first = _log_softmax(model.start.scores(inputs, [pointer_features(view, cue, i, starts, side="s") for i in words]))
    last = _log_softmax(model.end.scores(inputs, [pointer_features(view, cue, i, ends, side="e") for i in words]))
    # where[k]: the best first word at or before position k, so each last word pairs in one pass.
    where, best = [], 0
    for k in range(len(words)):
        best = k if first[k] > first[best] else best
        where.append(best)
    total = first[where] + last
    k = int(np.argmax(total))
    if model.linear is None or model.span_mix <= 0.0:
        return words[where[k]], words[k], float(np.exp(total[k]))
    at = {word: n for n, word in enumerate(words)}
    pairs = {
        (one, two): model.linear.pair.score(features) for one, two, features in span_pairs(view, model.linear, cue)
    }
    pairs.setdefault((words[where[k]], words[k]), min(pairs.values(), default=0.0))
    keys = list(pairs)
    mixed = np.array([model.span_mix * pairs[key] + first[at[key[0]]] + last[at[key[1]]] for key in keys])
    chances = np.exp(mixed - mixed.max())
    top = int(np.argmax(mixed))
    return keys[top][0], keys[top][1], float(chances[top] / chances.sum())


def pointer_words(view: View, cue: int) -> list[int]:
    """The words a content of this cue may start or end at: its window less the cue and punctuation."""
    return [i for i in view.window(cue) if i != cue and view.tokens[i].pos != "PUNCT"]


def pointer_inputs(states: States, cue: int, words: Sequence[int]) -> list[States]:
    """The pointer networks' state blocks: each word's state, the cue's, and their product."""
    own = states[list(words)]
    at_cue = np.tile(states[cue], (len(words), 1))
    return [own, at_cue, own * at_cue]


def _log_softmax(scores: NDArray[np.float32]) -> NDArray[np.float32]:
    shifted = scores - scores.max()
    return np.asarray(shifted - np.log(np.exp(shifted).sum()), dtype=np.float32)


def load_context_model() -> ContextModel | None:
    """The shipped model when the ``[embeddings]`` extra is installed and the package has it."""
    path = resources.files("eventwire.quotes").joinpath("data", MODEL_FILE)
    if not encoder_available() or not path.is_file():
        return None
    with path.open("rb") as handle, np.load(handle) as data:
        arrays = {name: data[name] for name in data.files}
    return context_model_from(arrays)


def context_model_from(arrays: Mapping[str, Any], *, linear: SpanModel | None = None) -> ContextModel:
    """A model from its arrays (``train_quote_context.as_arrays`` writes them); a mixture reads
    the given linear model, else the shipped one."""
    heads = {}
    for name, count in (("cue", 2), ("start", 3), ("end", 3)):
        heads[name] = Head(
            {str(word): n for n, word in enumerate(arrays[f"{name}.vocab"].tolist())},
            tuple(np.asarray(arrays[f"{name}.block{n}"], dtype=np.float32) for n in range(count)),
            np.asarray(arrays[f"{name}.embed"], dtype=np.float32),
            np.asarray(arrays[f"{name}.bias"], dtype=np.float32),
            np.asarray(arrays[f"{name}.out"], dtype=np.float32),
            float(arrays[f"{name}.out_bias"]),
        )
    threshold, weight = float(arrays["threshold"]), float(arrays["span_weight"])
    mixes = float(arrays.get("cue_mix", 0.0)), float(arrays.get("span_mix", 0.0))
    linear = (linear or load_span_model()) if max(mixes) > 0.0 else None
    return ContextModel(heads["cue"], heads["start"], heads["end"], threshold, weight, linear, *mixes)
