"""Learned attribution spans: which words are cues, and where each cue's content starts and ends.

PolNeAR marks speech, beliefs, intentions and findings, with hundreds of cue words and contents
that need not follow the parse (a clause less its last phrase, two sentences of a paragraph). Four
linear models over the features of ``span_features``, trained by ``scripts/train_quote_spans.py`` on
PolNeAR train and shipped as ``data/span_model.json`` (feature weights only): a logistic cue model
scores every word as the head of a cue; two log-linear pointers rank the words near a cue as the
first and the last word of its content; a log-linear pair model chooses among the pointers' best
few (first, last) pairs. An attribution is kept when P(cue) * P(pair) ** span_weight reaches the
threshold. Reads the parse and quotation spans; returns ``Attribution`` values. Never names a word.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any, Protocol

from eventwire.model import Document, Span
from eventwire.quotes.attribute import Attribution
from eventwire.quotes.span_features import View, candidate, cue_features, pair_features, pointer_features
from eventwire.quotes.speaker import speaker_head
from eventwire.syntax import ParseTree

TOP = 5  # first and last words of each pointer the pair model chooses among
# The cue's children whose words belong to the cue's own clause, not to a content around it.
CLAUSE_SIDE = frozenset(
    {"nsubj", "nsubjpass", "aux", "auxpass", "neg", "advmod", "npadvmod", "punct", "prep", "agent", "dobj", "dative"}
)
SAME_SHARE = 0.7  # contents sharing this much of the longer one are the same attribution


@dataclass(frozen=True, slots=True)
class Weights:
    """One linear scorer: feature weights and a bias."""

    weights: Mapping[str, float]
    bias: float = 0.0

    def score(self, features: Sequence[str]) -> float:
        """The linear score of a feature list."""
        get = self.weights.get
        return self.bias + sum(get(feature, 0.0) for feature in features)


@dataclass(frozen=True, slots=True)
class SpanModel:
    """The cue scorer, its threshold, and the start and end pointers."""

    cue: Weights
    start: Weights
    end: Weights
    pair: Weights
    threshold: float  # the least confidence an attribution keeps
    span_weight: float = 1.0  # confidence = P(cue) * P(span) ** span_weight

    def find(self, view: View, *, skip: frozenset[int] = frozenset()) -> list[Found]:
        """Every word the cue model accepts, with its best content span."""
        return find_spans(view, self, skip=skip)


class Finder(Protocol):
    """A learned model that finds attributions in a document's view (this linear model, or
    ``contextual.ContextModel``)."""

    def find(self, view: View, *, skip: frozenset[int] = frozenset()) -> list[Found]:
        """Every accepted cue word with its content span."""


@dataclass(frozen=True, slots=True)
class Found:
    """One learned attribution: its cue word, the cue's probability, its content's words."""

    cue: int
    probability: float
    first: int
    last: int


def load_span_model() -> SpanModel | None:
    """The shipped model, or None when the package has none."""
    path = resources.files("eventwire.quotes").joinpath("data", "span_model.json")
    if not path.is_file():
        return None
    return span_model_from(json.loads(path.read_text("utf-8")))


def span_model_from(data: Mapping[str, Any]) -> SpanModel:
    """A model from its JSON form."""
    parts = {
        name: Weights(dict(data[name]["weights"]), float(data[name]["bias"]))
        for name in ("cue", "start", "end", "pair")
    }
    weight = float(data.get("span_weight", 1.0))
    return SpanModel(parts["cue"], parts["start"], parts["end"], parts["pair"], float(data["threshold"]), weight)


def find_spans(view: View, model: SpanModel, *, skip: frozenset[int] = frozenset()) -> list[Found]:
    """Every word the cue model accepts, with its best content span."""
    out = []
    for index, token in enumerate(view.tokens):
        if index in skip or not candidate(token.pos, token.text):
            continue
        probability = sigmoid(model.cue.score(cue_features(view, index)))
        if probability < model.threshold:
            continue
        span = best_span(view, model, index)
        confidence = probability * span[2] ** model.span_weight if span is not None else 0.0
        if span is not None and confidence >= model.threshold:
            out.append(Found(index, confidence, span[0], span[1]))
    return out


def best_span(view: View, model: SpanModel, cue: int) -> tuple[int, int, float] | None:
    """The (first, last) words the pair model ranks best among the pointers' top choices, and
    that choice's probability among them."""
    pairs = span_pairs(view, model, cue)
    if not pairs:
        return None
    scores = [model.pair.score(pair[2]) for pair in pairs]
    top = max(range(len(pairs)), key=scores.__getitem__)
    total = sum(math.exp(score - scores[top]) for score in scores)
    return pairs[top][0], pairs[top][1], 1.0 / total


def span_pairs(view: View, model: SpanModel, cue: int) -> list[tuple[int, int, list[str]]]:
    """The candidate (first, last) pairs of a cue's content with the pair model's features: the
    pointers' best few first words and last words, first <= last."""
    starts, ends = view.edges(cue)
    words = [i for i in view.window(cue) if i != cue and view.tokens[i].pos != "PUNCT"]
    start = _top(model.start, [(i, pointer_features(view, cue, i, starts, side="s")) for i in words])
    end = _top(model.end, [(i, pointer_features(view, cue, i, ends, side="e")) for i in words])
    out = []
    for first, first_features in start:
        for last, last_features in end:
            if first <= last:
                names = (starts.get(first, ["none"])[0], ends.get(last, ["none"])[0])
                own = pair_features(view, cue, (first, last), names)
                out.append((first, last, own + first_features + last_features))
    return out


def _top(weights: Weights, scored: list[tuple[int, list[str]]]) -> list[tuple[int, list[str]]]:
    ranked = sorted(scored, key=lambda item: -weights.score(item[1]))
    return ranked[:TOP]


def sigmoid(score: float) -> float:
    """The logistic function, clipped."""
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, score))))


def added_spans(
    doc: Document, tree: ParseTree, model: Finder, found: Sequence[Attribution], marks: Sequence[Span]
) -> list[Attribution]:
    """The model's attributions whose cue and content no earlier attribution already has."""
    view = View(doc, tree, marks)
    kept: list[Attribution] = []
    taken = [a.content for a in found]
    spans = model.find(view, skip=frozenset(a.cue for a in found))
    for item in sorted(spans, key=lambda f: -f.probability):
        content = Span(doc.tokens[item.first].start, doc.tokens[item.last].end)
        if any(_same(content, other) for other in taken):
            continue
        taken.append(content)
        quotations = tuple(q for q in marks if content.start <= q.start and q.end <= content.end)
        gap = cue_clause(tree, item.cue, item.first, item.last)
        kept.append(Attribution(item.cue, "learned", speaker_head(tree, item.cue), content, quotations, gap=gap))
    return sorted(kept, key=lambda a: (a.content.start, a.content.end))


def cue_clause(tree: ParseTree, cue: int, first: int, last: int) -> Span | None:
    """The cue's own words inside a content that runs around it ("The economy, Kim said on Monday,
    is weak"): the cue with its subject, auxiliaries, modifiers and punctuation next to it, up to
    its clausal children. None when the content does not run around the cue."""
    if not first < cue < last:
        return None
    own = {cue}
    for kid in tree.children(cue):
        if kid.dep in CLAUSE_SIDE:
            own.update(tree.subtree(kid.i))
    low = high = cue
    while low - 1 > first and (low - 1 in own or tree[low - 1].pos == "PUNCT"):
        low -= 1
    while high + 1 < last and (high + 1 in own or tree[high + 1].pos == "PUNCT"):
        high += 1
    return Span(tree[low].start, tree[high].end)


def _same(one: Span, other: Span) -> bool:
    # Two contents sharing most of the longer one are one attribution; a content nested in a
    # longer one ("X said Y believes Z") is another.
    shared = min(one.end, other.end) - max(one.start, other.start)
    return shared >= SAME_SHARE * max(one.end - one.start, other.end - other.start)
