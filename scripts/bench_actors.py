"""Benchmark: seconds to load the actor knowledge base (target: under 3 s) and to spot names.

Loads the packaged knowledge base (curated, countries, PETRARCH2/NGEC entries, cities) the way
``Engine`` does, then spots knowledge-base names in the reference article, split into tokens at
whitespace so that no spaCy model is needed. Run with ``make bench``.
"""

from __future__ import annotations

import time
from pathlib import Path

from eventwire.actors import ActorResolver
from eventwire.model import Document, Sentence, Token

ARTICLE = Path(__file__).resolve().parents[1] / "examples" / "haniyeh-tehran.txt"
TARGET_LOAD_S = 3.0


def _document(text: str) -> Document:
    tokens, offset = [], 0
    for i, word in enumerate(text.split()):
        start = text.index(word, offset)
        offset = start + len(word)
        tokens.append(Token(i, start, offset, word, word, "PROPN", "", "dep", i))
    return Document("bench", text, tokens=tuple(tokens), sentences=(Sentence(0, len(text), 0, len(tokens), 0),))


def main() -> int:
    """Time the knowledge-base load and spotting; print the figures; fail above the target."""
    started = time.perf_counter()
    resolver = ActorResolver()
    load_s = time.perf_counter() - started
    doc = _document(ARTICLE.read_text(encoding="utf-8"))
    started = time.perf_counter()
    spotted = resolver.spot_actors(doc)
    spot_s = time.perf_counter() - started
    print(f"actors: knowledge base of {len(resolver.kb)} entries loaded in {load_s:.2f} s (target {TARGET_LOAD_S} s)")
    print(f"actors: {len(spotted.actor_spans)} names spotted in {len(doc.tokens)} tokens in {spot_s * 1000:.0f} ms")
    return 0 if load_s < TARGET_LOAD_S else 1


if __name__ == "__main__":
    raise SystemExit(main())
