"""The contextual event-location model: the sparse link features read together with MiniLM states.

Scores each (event, candidate place) pair as ``locate.LocationModel`` does, adding a network of one
hidden layer over all-MiniLM-L6-v2's word states: the place's mean state, the trigger's, their
product and absolute difference, the mean over the words between them and the state of the place's
head word. The pair's logit is the sparse weights' sum plus the network's output. The states come
from the shared encoder (``events.encoder.shared_encoder``, one reading per sentence; trained by
``scripts/train_event_location.py --minilm``) or, when the model file carries an adapter, from
MiniLM adapted to the task that reads the sentence once per event with its trigger marked
(``places.adapted``; trained with ``--adapted``). Shipped as ``data/event_location_minilm.npz``
(float16); used only with the ``[embeddings]`` extra. Numpy only here: the encoders import torch when
they are built. Never picks a place (``locate.choose_places`` does).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from eventwire.events.encoder import WIDTH, packaged_arrays, shared_encoder
from eventwire.model import Document, Sentence, Span
from eventwire.places.adapted import AdaptedEncoder, adapter_arrays
from eventwire.places.features import Candidate, token_rows
from eventwire.places.tagger import LocationTagger, tagger_from, unlisted_runs

MODEL_FILE = "event_location_minilm.npz"
#: Scale of the product block: the product of two unit vectors is small beside the other blocks.
PRODUCT_SCALE = 20.0
#: Word pieces MiniLM reads of one sentence (longer sentences lose their tail's states).
MAX_PIECES = 256
States = NDArray[np.float32]


@dataclass(frozen=True, slots=True)
class ContextualLocationModel:
    """Sparse weights, a one-hidden-layer network over state blocks, ``locate.choose_places``'s thresholds."""

    vocab: Mapping[str, int]
    sparse: NDArray[np.float32]  # one weight per vocab entry
    hidden_weights: NDArray[np.float32]  # (6 * WIDTH, hidden)
    hidden_bias: NDArray[np.float32]
    out: NDArray[np.float32]  # (hidden,)
    bias: float  # the sparse part's bias plus the network's output bias
    threshold: float
    also: float
    tagger: LocationTagger | None = None
    adapter: AdaptedEncoder | None = None  # reads the sentence once per event (``event_states``)

    def probabilities(
        self, doc: Document, trigger: int, found: Sequence[Candidate], states: States | None
    ) -> list[float]:
        """The probability that each candidate is where the event happened; ``states`` are the
        sentence's word states from ``event_states`` (rows follow the document's tokens); a model
        with an adapted encoder reads the sentence itself when they are not given. With the tagger,
        its mean over the candidate's words is mixed in."""
        if not found:
            return []
        if self.adapter is not None and states is None:
            states = self.adapter.word_states(doc, [(_sentence(doc, trigger), trigger)])[0]
        states = _needed(states)
        inputs = np.stack([pair_inputs(states, _token_rows(doc, c), c.head, trigger) for c in found])
        hidden = np.maximum(inputs @ self.hidden_weights + self.hidden_bias, 0.0)
        logits = hidden @ self.out + self.bias
        for row, cand in enumerate(found):
            logits[row] += sum(
                float(self.sparse[self.vocab[n]]) * v for n, v in cand.features.items() if n in self.vocab
            )
        probabilities = [float(p) for p in 1 / (1 + np.exp(-np.clip(logits, -30.0, 30.0)))]
        if self.tagger is None:
            return probabilities
        sent = _sentence(doc, trigger)
        words = self.tagger.probabilities(doc, trigger, sent, found, states)
        mix = self.tagger.mix
        means = [float(words[[r - sent.token_start for r in rows]].mean()) if rows else None
                 for rows in (_token_rows(doc, c) for c in found)]  # fmt: skip
        return [p if m is None else (1 - mix) * p + mix * m for p, m in zip(probabilities, means, strict=True)]

    def event_states(self, doc: Document, requests: Sequence[tuple[int, int]]) -> list[States]:
        """Word states for each (sentence number, trigger token): the adapted encoder's reading of
        the sentence for that trigger, or else the shared encoder's reading of the sentence."""
        if self.adapter is not None:
            return self.adapter.word_states(doc, [(doc.sentences[number], trigger) for number, trigger in requests])
        by_sentence = sentence_states(doc, [number for number, _ in requests])
        return [by_sentence[number] for number, _ in requests]

    @property
    def name(self) -> str:
        """The versioned name events record as their ``location_coder``."""
        return "places.contextual.v2+adapted" if self.adapter is not None else "places.contextual.v1"

    @property
    def reads_names(self) -> bool:
        """Whether the model was trained with the loose names and the words around each candidate."""
        return "loose" in self.vocab

    def further_spans(
        self, doc: Document, trigger: int, found: Sequence[Candidate], states: States | None
    ) -> list[Span]:
        """Character spans of names the tagger places the event in that no candidate covers."""
        if self.tagger is None:
            return []
        sent = _sentence(doc, trigger)
        words = self.tagger.probabilities(doc, trigger, sent, found, _needed(states))
        covered = {r - sent.token_start for c in found for r in _token_rows(doc, c)}
        runs = unlisted_runs(words.tolist(), covered, self.tagger.span_threshold)
        first = sent.token_start
        return [Span(doc.tokens[first + low].start, doc.tokens[first + high - 1].end) for low, high in runs]


def pair_inputs(states: States, place_rows: Sequence[int], head: int, trigger: int) -> States:
    """The network's input for one pair: six unit-length blocks of ``WIDTH`` (rows index ``states``)."""
    place = _unit(states[list(place_rows) or [head]].mean(axis=0))
    verb = _unit(states[trigger])
    low, high = sorted((trigger, head))
    between = _unit(states[low + 1 : high].mean(axis=0)) if high > low + 1 else np.zeros(WIDTH, np.float32)
    blocks = (place, verb, place * verb * PRODUCT_SCALE, np.abs(place - verb), between, _unit(states[head]))
    return np.asarray(np.concatenate(blocks), dtype=np.float32)


def sentence_states(doc: Document, sentences: Sequence[int]) -> dict[int, States]:
    """MiniLM word states of the named sentences (by index): for each, an array with a row per
    document token (zeros outside the sentence)."""
    return batch_sentence_states([(doc, sentences)])[0]


def batch_sentence_states(requests: Sequence[tuple[Document, Sequence[int]]]) -> list[dict[int, States]]:
    """``sentence_states`` for several documents in one batched encoder run."""
    items, owners = [], []
    for number_of_doc, (doc, sentences) in enumerate(requests):
        for number in sorted(set(sentences)):
            sent = doc.sentences[number]
            words = doc.tokens[sent.token_start : sent.token_end]
            spans = [Span(t.start - sent.start, t.end - sent.start) for t in words]
            items.append((doc.text[sent.start : sent.end], spans))
            owners.append((number_of_doc, number))
    # The encoder reads each sentence alone (``EncoderSettings.batch`` 1), so its states depend on
    # the sentence only, in training and at run time alike.
    vectors = shared_encoder().word_vectors(items, max_tokens=MAX_PIECES)
    out: list[dict[int, States]] = [{} for _ in requests]
    for (number_of_doc, number), words_states in zip(owners, vectors, strict=True):
        doc = requests[number_of_doc][0]
        sent = doc.sentences[number]
        states = np.zeros((len(doc.tokens), WIDTH), dtype=np.float32)
        states[sent.token_start : sent.token_end] = words_states
        out[number_of_doc][number] = states
    return out


def load_contextual_model() -> ContextualLocationModel | None:
    """The shipped model when the ``[embeddings]`` extra is installed and the package has it."""
    arrays = packaged_arrays("eventwire.places", MODEL_FILE)
    return None if arrays is None else contextual_model_from(arrays)


def contextual_model_from(arrays: Mapping[str, Any]) -> ContextualLocationModel:
    """A model from its arrays (``scripts/train_event_location.py --minilm`` writes them)."""
    return ContextualLocationModel(
        {str(name): n for n, name in enumerate(arrays["vocab"].tolist())},
        np.asarray(arrays["sparse"], dtype=np.float32),
        np.asarray(arrays["hidden_weights"], dtype=np.float32),
        np.asarray(arrays["hidden_bias"], dtype=np.float32),
        np.asarray(arrays["out"], dtype=np.float32),
        float(arrays["bias"]),
        float(arrays["threshold"]),
        float(arrays["also"]),
        tagger_from(arrays),
        AdaptedEncoder(adapted) if (adapted := adapter_arrays(arrays)) else None,
    )


def _needed(states: States | None) -> States:
    if states is None:
        raise ValueError("The contextual event-location model needs the sentence's MiniLM states.")
    return states


def _sentence(doc: Document, trigger: int) -> Sentence:
    start = doc.tokens[trigger].start
    return next(s for s in doc.sentences if s.start <= start < s.end)


def _token_rows(doc: Document, cand: Candidate) -> list[int]:
    return list(token_rows(doc.tokens, cand.place))


def _unit(vector: States) -> States:
    return np.asarray(vector / (np.linalg.norm(vector) + 1e-6), dtype=np.float32)
