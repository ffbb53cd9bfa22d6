"""MiniLM word states for the contextual attribution model (the optional ``[embeddings]`` extra).

Reads a document's sentences and tokens; returns one all-MiniLM-L6-v2 state per token, read from
runs of whole sentences (up to ``CHUNK_WORDS`` tokens, so a word sees its neighbours' sentences).
Training (``scripts/train_quote_context.py``) and use read the states through this one function,
so both see the same chunks. The encoder is ``events.encoder.shared_encoder()``; torch is imported
only when it is first built. Never scores a word: ``quotes.contextual`` does.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from eventwire.events.encoder import WIDTH, shared_encoder
from eventwire.model import Document, Span

CHUNK_WORDS = 120  # tokens of whole sentences read together (a longer sentence is read alone)
CHUNK_PIECES = 320  # word pieces MiniLM reads of one chunk; words past it get zero states


def chunks(doc: Document) -> list[tuple[int, int]]:
    """Token ranges [start, end) of runs of whole sentences, each up to ``CHUNK_WORDS`` tokens."""
    out: list[tuple[int, int]] = []
    for sent in doc.sentences:
        if out and sent.token_end - out[-1][0] <= CHUNK_WORDS and out[-1][1] == sent.token_start:
            out[-1] = (out[-1][0], sent.token_end)
        else:
            out.append((sent.token_start, sent.token_end))
    return out


def word_states(docs: Sequence[Document]) -> list[NDArray[np.float32]]:
    """Each document's ``(tokens, WIDTH)`` MiniLM states; the encoder reads each chunk alone
    (``EncoderSettings.batch`` 1), so a word's state depends on its chunk only."""
    items: list[tuple[str, list[Span]]] = []
    owners: list[tuple[int, int, int]] = []
    for number, doc in enumerate(docs):
        for first, last in chunks(doc):
            begin = doc.tokens[first].start
            text = doc.text[begin : doc.tokens[last - 1].end]
            items.append((text, [Span(t.start - begin, t.end - begin) for t in doc.tokens[first:last]]))
            owners.append((number, first, last))
    out = [np.zeros((len(doc.tokens), WIDTH), dtype=np.float32) for doc in docs]
    vectors = shared_encoder().word_vectors(items, max_tokens=CHUNK_PIECES) if items else []
    for (number, first, last), states in zip(owners, vectors, strict=True):
        out[number][first:last] = states
    return out
