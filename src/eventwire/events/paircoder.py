"""Code one sentence and two marked parties: the learned model, with the lexicon beside it.

Reads a parsed document, a sentence and the source and target spans; returns the PLOVER type,
mode, confidence and which coder decided. The model weighs lexicon codes among its features;
the lexicon row on the path between the parties gives the mode (PLOVER 2.0 modes are the
lexicon's knowledge). Never parses text and never resolves actors.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from eventwire.events.dense import DenseHead, combine
from eventwire.events.detect import CODER as RULES_CODER
from eventwire.events.detect import sentence_triggers
from eventwire.events.encoder import PairEncoder, pair_text
from eventwire.events.learned import PairModel
from eventwire.events.lexicon import Entry, Lexicon
from eventwire.events.pairs import PairInput, pair_features, span_head
from eventwire.model import Document, Sentence, Span
from eventwire.syntax import ParseTree

MODEL_CODER = "events.model.v1"
JOINT_CODER = "events.rules+model.v1"
#: With the ``[embeddings]`` extra: the sparse model and the MiniLM head, averaged in log space.
ENSEMBLE_CODER = "events.model.v2+minilm"
JOINT_ENSEMBLE_CODER = "events.rules+model.v2+minilm"
#: The label of pairs that hold no event (our own negative sentences, ``data/own_pairs.tsv``).
NO_EVENT = "NONE"
#: PLV's YIELD is PLOVER 2.0's CONCEDE or RETREAT; the lexicon trigger says which.
YIELD_TYPES = ("RETREAT", "CONCEDE")


@dataclass(frozen=True, slots=True)
class PairCoding:
    """The coding of one pair: PLOVER type (None: no event), mode, confidence, deciding coder."""

    event: str | None
    mode: str | None
    confidence: float
    coder: str
    rule: str = ""


class PairCoder:
    """The learned model and the lexicon, applied to (sentence, source, target) pairs."""

    def __init__(
        self, *, lexicon: Lexicon, model: PairModel, head: DenseHead | None = None, encoder: PairEncoder | None = None
    ) -> None:
        if head is not None and head.labels != model.labels:
            raise ValueError("the embedding head and the pair model disagree on labels: retrain both (make train)")
        self.lexicon = lexicon
        self.model = model
        self.head = head if encoder is not None else None
        self.encoder = encoder

    @property
    def coders(self) -> tuple[str, str]:
        """The coder names this coder writes: (model alone, model and lexicon agreeing)."""
        return (ENSEMBLE_CODER, JOINT_ENSEMBLE_CODER) if self.head is not None else (MODEL_CODER, JOINT_CODER)

    def code_pairs(self, doc: Document, pairs: Sequence[tuple[Sentence, Span | None, Span | None]]) -> list[PairCoding]:
        """Code many pairs of one parsed document in one matrix product."""
        tree = ParseTree(doc.tokens)
        inputs = [PairInput(tree, s, a, b, sentence_triggers(tree, s, self.lexicon)) for s, a, b in pairs]
        if not inputs:
            return []
        probabilities = self.model.predict([pair_features(pair) for pair in inputs])
        if self.head is not None and self.encoder is not None:
            vectors = self.encoder.encode([pair_text(doc, s, a, b) for s, a, b in pairs])
            probabilities = combine(probabilities, self.head.predict(vectors), alpha=self.head.alpha)
        labels, coders = self.model.labels, self.coders
        return [_decide(pair, row.tolist(), labels, coders) for pair, row in zip(inputs, probabilities, strict=True)]


def features_of(
    doc: Document, sent: Sentence, source: Span | None, target: Span | None, *, lexicon: Lexicon
) -> list[str]:
    """The model's features for one pair (the training script uses the same)."""
    tree = ParseTree(doc.tokens)
    return pair_features(PairInput(tree, sent, source, target, sentence_triggers(tree, sent, lexicon)))


def sentence_of(doc: Document, *spans: Span | None, window: Sentence | None = None) -> Sentence:
    """The sentence holding the spans, else the window (default: the whole text) around them."""
    marked = [span for span in spans if span is not None]
    for sent in doc.sentences:
        if marked and all(sent.start <= span.start and span.end <= sent.end for span in marked):
            return sent
    return window or Sentence(0, len(doc.text), 0, len(doc.tokens), 0)


def _decide(
    pair: PairInput, probabilities: list[float], labels: tuple[str, ...], coders: tuple[str, str]
) -> PairCoding:
    best = max(range(len(labels)), key=probabilities.__getitem__)
    label, confidence = labels[best], round(probabilities[best], 3)
    if label == NO_EVENT:
        return PairCoding(None, None, confidence, coders[0])  # the pair holds no event
    entry = _path_entry(pair, label)
    event = label
    if label == "YIELD":
        event = entry.plover if entry is not None and entry.plover in YIELD_TYPES else "CONCEDE"
    if entry is None:
        return PairCoding(event, None, confidence, coders[0])
    return PairCoding(event, entry.mode, confidence, coders[1], entry.origin)


def _path_entry(pair: PairInput, label: str) -> Entry | None:
    # The lexicon row that agrees with the model, nearest the source's head: it gives the mode
    # and, when it exists, the event is the joint decision of both coders.
    wanted = set(YIELD_TYPES) if label == "YIELD" else {label}
    source = span_head(pair.tree, pair.sent, pair.source)
    rows = [(index, entry) for index, entry in pair.triggers if entry.plover in wanted]
    if not rows:
        return None
    anchor = pair.tree[source].start if source is not None else 0
    return min(rows, key=lambda row: abs(pair.tree[row[0]].start - anchor))[1]


__all__ = [
    "ENSEMBLE_CODER",
    "JOINT_CODER",
    "JOINT_ENSEMBLE_CODER",
    "MODEL_CODER",
    "RULES_CODER",
    "PairCoder",
    "PairCoding",
    "features_of",
    "sentence_of",
]
