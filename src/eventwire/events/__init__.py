"""Events: detect events in the parse and code them to PLOVER 2.0.

Reads tokens and sentences; writes ``Document.events`` and the party ``Document.mentions``.
The lexicon and word lists are data files under ``data/``; never resolves actors.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from functools import cached_property
from importlib import resources
from pathlib import Path

from eventwire.errors import ModelError
from eventwire.events.dense import HEAD_FILE, load_dense_head
from eventwire.events.detect import CODER, detect_events
from eventwire.events.encoder import EncoderSettings, PairEncoder, encoder_available
from eventwire.events.learned import load_pair_model
from eventwire.events.lexicon import Lexicon, load_lexicon
from eventwire.events.paircoder import PairCoder, PairCoding, sentence_of
from eventwire.model import Document, Sentence, Span

__all__ = ["CODER", "EventCoder", "Lexicon", "PairCoding", "load_lexicon"]


class EventCoder:
    """The rule coder and the learned pair coder: lexicon, party nouns and model loaded once.

    ``embeddings``: None uses the MiniLM head when the ``[embeddings]`` extra is installed,
    False never does, True requires it. The pair coder (and torch) loads on first use.
    """

    def __init__(self, *, lexicon_files: tuple[Path, ...] = (), embeddings: bool | None = None) -> None:
        self.lexicon = load_lexicon(lexicon_files)
        text = resources.files("eventwire.events").joinpath("data", "party_nouns.txt").read_text("utf-8")
        self.party_nouns = frozenset(
            line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#")
        )
        self.embeddings = embeddings

    @cached_property
    def pairs(self) -> PairCoder:
        """The learned pair coder, with the MiniLM head when it is installed and wanted."""
        model = load_pair_model()
        shipped = resources.files("eventwire.events").joinpath("data", HEAD_FILE).is_file()
        wanted = encoder_available() and shipped if self.embeddings is None else self.embeddings
        if not wanted:
            return PairCoder(lexicon=self.lexicon, model=model)
        if not (encoder_available() and shipped):
            raise ModelError("embeddings need the extra: pip install 'eventwire[embeddings]' (torch==2.13.0)")
        head = load_dense_head()
        encoder = PairEncoder(EncoderSettings(**head.meta["encoder"]))
        return PairCoder(lexicon=self.lexicon, model=model, head=head, encoder=encoder)

    def code_events(self, doc: Document) -> Document:
        """Return the document with its events and their party mentions."""
        events, mentions = detect_events(doc, lexicon=self.lexicon, party_nouns=self.party_nouns)
        # Keep mentions an earlier stage added (quote speakers); the same span is one mention.
        merged = {m.mention_id: m for m in doc.mentions} | {m.mention_id: m for m in mentions}
        return replace(doc, events=events, mentions=tuple(sorted(merged.values(), key=lambda m: (m.start, m.end))))

    def code_pairs(self, doc: Document, pairs: Sequence[tuple[Span | None, Span | None, Sentence]]) -> list[PairCoding]:
        """Code (source, target, window) pairs of a parsed document: the window bounds each pair's text."""
        return self.pairs.code_pairs(doc, [(sentence_of(doc, s, t, window=w), s, t) for s, t, w in pairs])
