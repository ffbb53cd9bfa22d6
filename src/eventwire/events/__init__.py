"""Events: detect events in the parse and code them to PLOVER 2.0.

Reads tokens and sentences; writes ``Document.events`` and the party ``Document.mentions``.
The lexicon and word lists are data files under ``data/``; never resolves actors.
"""

from __future__ import annotations

from dataclasses import replace
from importlib import resources
from pathlib import Path

from eventwire.events.detect import CODER, detect_events
from eventwire.events.lexicon import Lexicon, load_lexicon
from eventwire.model import Document

__all__ = ["CODER", "EventCoder", "Lexicon", "load_lexicon"]


class EventCoder:
    """The rule coder: lexicon and party nouns loaded once, applied per document."""

    def __init__(self, *, lexicon_files: tuple[Path, ...] = ()) -> None:
        self.lexicon = load_lexicon(lexicon_files)
        text = resources.files("eventwire.events").joinpath("data", "party_nouns.txt").read_text("utf-8")
        self.party_nouns = frozenset(
            line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#")
        )

    def code_events(self, doc: Document) -> Document:
        """Return the document with its events and their party mentions."""
        events, mentions = detect_events(doc, lexicon=self.lexicon, party_nouns=self.party_nouns)
        # Keep mentions an earlier stage added (quote speakers); the same span is one mention.
        merged = {m.mention_id: m for m in doc.mentions} | {m.mention_id: m for m in mentions}
        return replace(doc, events=events, mentions=tuple(sorted(merged.values(), key=lambda m: (m.start, m.end))))
