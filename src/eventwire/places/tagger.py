"""A trigger-conditioned location tagger: for one event, each word of its sentence inside the
event's location or not.

Reads the sentence's parse, its MiniLM word states (``contextual.sentence_states``) and the
event's candidate places (``features.candidates``); returns a probability per sentence word. The
word's state, the trigger's and their product, plus learned embeddings of the word's and its two
neighbours' categories (position relative to the trigger, dependency label, tag, entity label,
parent's class, link to the trigger, dependency path length, governing preposition, whether a
candidate place covers it) feed one hidden layer. ``contextual.ContextualLocationModel`` mixes the
mean probability over a candidate's words into that candidate's probability, and runs of likely
words no candidate covers are further places (``unlisted_runs``). Trained by
``scripts/train_event_location.py --minilm --tagger`` into ``data/event_location_minilm.npz``
(``tagger_*`` arrays); the shipped file has none, so the tagger is off (see
``scripts/train_event_location_tagger.py`` for why). Numpy
only: never imports torch, never picks a place.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from eventwire.model import Document, Sentence, Token
from eventwire.places.features import Candidate, ancestors, word_class

#: The categories of a word, in the order of the embedding tables.
FIELDS = ("rel", "dep", "tag", "ent", "parent", "link", "cand", "prev", "next", "path", "prep")
#: Neighbours read on each side of the word.
CONTEXT = 1
#: Scale of the product block, as ``contextual.PRODUCT_SCALE``.
PRODUCT_SCALE = 20.0
States = NDArray[np.float32]


@dataclass(frozen=True, slots=True)
class LocationTagger:
    """Embedding tables per category, one hidden layer, and how probabilities are used."""

    vocabs: tuple[Mapping[str, int], ...]  # one per FIELDS entry; 0 is the unknown value
    embeddings: tuple[NDArray[np.float32], ...]
    hidden_weights: NDArray[np.float32]  # (3 * WIDTH + (1 + 2 * CONTEXT) * fields * dim, hidden)
    hidden_bias: NDArray[np.float32]
    out: NDArray[np.float32]
    bias: float
    mix: float  # weight of the tagger's mean over a candidate's words in its probability
    span_threshold: float  # a word no candidate covers needs this to start a further place

    def probabilities(
        self, doc: Document, trigger: int, sent: Sentence, found: Sequence[Candidate], states: States
    ) -> States:
        """The probability that each word of ``sent`` is inside the event's location."""
        words = states[sent.token_start : sent.token_end]
        words = words / (np.linalg.norm(words, axis=1, keepdims=True) + 1e-6)
        verb = states[trigger] / (np.linalg.norm(states[trigger]) + 1e-6)
        categories = token_categories(doc, trigger, sent, candidate_marks(doc, found))
        ids = np.array([[v.get(c[f], 0) for f, v in enumerate(self.vocabs)] for c in categories], dtype=np.int64)
        padded = np.concatenate(
            [np.zeros((CONTEXT, len(FIELDS)), np.int64), ids, np.zeros((CONTEXT, len(FIELDS)), np.int64)]
        )
        blocks = [words, np.broadcast_to(verb, words.shape), words * verb * PRODUCT_SCALE]
        for shift in range(2 * CONTEXT + 1):
            window = padded[shift : shift + len(ids)]
            blocks.extend(table[window[:, f]] for f, table in enumerate(self.embeddings))
        hidden = np.maximum(np.concatenate(blocks, axis=1) @ self.hidden_weights + self.hidden_bias, 0.0)
        logits = hidden @ self.out + self.bias
        return np.asarray(1 / (1 + np.exp(-np.clip(logits, -30.0, 30.0))), dtype=np.float32)


def candidate_marks(doc: Document, found: Sequence[Candidate]) -> dict[int, str]:
    """Each token a candidate covers: whether the place is a syntax name, and whether it is resolved."""
    marks = {}
    for cand in found:
        kind = ("syn" if "syntax_name" in cand.features else "doc") + ("R" if cand.place.lat is not None else "U")
        for token in doc.tokens:
            if cand.place.start <= token.start < cand.place.end:
                marks[token.i] = kind
    return marks


def token_categories(doc: Document, trigger: int, sent: Sentence, marks: Mapping[int, str]) -> list[tuple[str, ...]]:
    """The categories (``FIELDS``) of each word of ``sent`` for the event whose trigger is ``trigger``."""
    tokens = doc.tokens
    trigger_line = [trigger, *ancestors(tokens, trigger)]
    on_line = set(trigger_line)
    out: list[tuple[str, ...]] = []
    for i in range(sent.token_start, sent.token_end):
        token = tokens[i]
        up = [i, *ancestors(tokens, i)]
        shared = next((x for x in up if x in on_line), None)
        path = "none" if shared is None else f"{min(up.index(shared), 5)}/{min(trigger_line.index(shared), 4)}"
        prev = word_class(tokens[i - 1]) if i > sent.token_start else "<s>"
        after = word_class(tokens[i + 1]) if i + 1 < sent.token_end else "</s>"
        prep = next((word_class(tokens[x]) for x in up[1:4] if tokens[x].pos == "ADP"), "none")
        row = (_bucket(i - trigger), token.dep, token.tag, token.ent_type or "O", word_class(tokens[token.head]))
        out.append((*row, _link(tokens, i, trigger), marks.get(i, "no"), prev, after, path, prep))
    return out


def unlisted_runs(probabilities: Sequence[float], covered: set[int], threshold: float) -> list[tuple[int, int]]:
    """Runs ``[first, last)`` of word positions at ``threshold`` or above that no candidate covers."""
    runs: list[tuple[int, int]] = []
    start = None
    for k, p in enumerate([*probabilities, 0.0]):
        if p >= threshold and start is None:
            start = k
        elif p < threshold and start is not None:
            if not covered.intersection(range(start, k)):
                runs.append((start, k))
            start = None
    return runs


def tagger_from(arrays: Mapping[str, Any]) -> LocationTagger | None:
    """The tagger stored beside the contextual model (``tagger_*`` arrays), or None without one."""
    if "tagger_hidden_weights" not in arrays:
        return None
    vocabs = tuple({str(v): n for n, v in enumerate(arrays[f"tagger_vocab_{f}"].tolist())} for f in FIELDS)
    return LocationTagger(
        vocabs,
        tuple(np.asarray(arrays[f"tagger_embedding_{f}"], dtype=np.float32) for f in FIELDS),
        np.asarray(arrays["tagger_hidden_weights"], dtype=np.float32),
        np.asarray(arrays["tagger_hidden_bias"], dtype=np.float32),
        np.asarray(arrays["tagger_out"], dtype=np.float32),
        float(arrays["tagger_bias"]),
        float(arrays["tagger_mix"]),
        float(arrays["tagger_span_threshold"]),
    )


def _link(tokens: Sequence[Token], i: int, trigger: int) -> str:
    if i == trigger:
        return "trig"
    if tokens[i].head == trigger:
        return "child"
    if tokens[tokens[i].head].head == trigger:
        return "grandchild"
    if tokens[trigger].head == i:
        return "parent"
    return "sibling" if tokens[i].head == tokens[trigger].head else "other"


def _bucket(distance: int) -> str:
    side = "-" if distance < 0 else "+"
    for limit in (0, 1, 2, 3, 5, 8, 12, 20):
        if abs(distance) <= limit:
            return f"{side}{limit}"
    return f"{side}far"
