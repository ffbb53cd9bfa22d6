"""Spot knowledge-base names in the text, so that parties the parser does not tag still count.

Reads tokens and sentences; writes ``Document.actor_spans``: every longest token run whose text
names a knowledge-base entry (a person, group, international body, country, demonym, capital or
construct; agent words are common nouns and are left to the event coder's party nouns). Never
resolves who a span is (the actors stage does) and never creates events or mentions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from eventwire.actors.kb import AliasHit, KnowledgeBase, normalize
from eventwire.model import Document, Span, Token

#: Names this short or shorter ("US", "UN", "EU") must be written in capitals: "us" is a pronoun.
SHORT_NAME_CHARS = 3


def spot_actors(doc: Document, *, kb: KnowledgeBase) -> Document:
    """Return the document with every knowledge-base name it contains as ``actor_spans``."""
    spans: list[Span] = []
    for sent in doc.sentences:
        index = sent.token_start
        while index < sent.token_end:
            width = _longest_name(doc, doc.tokens[index : sent.token_end], kb=kb)
            if width:
                spans.append(Span(doc.tokens[index].start, doc.tokens[index + width - 1].end))
            index += max(width, 1)
    return replace(doc, actor_spans=tuple(spans))


def _longest_name(doc: Document, tokens: Sequence[Token], *, kb: KnowledgeBase) -> int:
    """How many tokens from the first one form the longest name, 0 when none starts there."""
    first = tokens[0]
    if not first.text[:1].isupper():
        return 0  # names are capitalised; "police" and "army" are the event coder's party nouns
    for width in range(min(kb.longest + 2, len(tokens)), 0, -1):
        text = doc.text[first.start : tokens[width - 1].end]
        hit = kb.lookup(text)
        if hit is not None and _acceptable(text, hit, tokens[:width], listed=_listed(doc, first)):
            return width
    return 0


def _listed(doc: Document, token: Token) -> bool:
    """Whether a proper name is coordinated with the word: "Fornost and Gondor" (the parser may
    read a sentence-initial unknown word as a common noun)."""
    return any(kid.head == token.i and kid.dep == "conj" and kid.pos == "PROPN" for kid in doc.tokens[token.i :])


def _acceptable(text: str, hit: AliasHit, tokens: Sequence[Token], *, listed: bool = False) -> bool:
    if hit.entry.kind == "agent":
        return False
    if len(normalize(text).replace(" ", "")) <= SHORT_NAME_CHARS and not text.isupper():
        return False
    if len(tokens) == 1 and hit.how == "alias":
        # A single capitalised word at the start of a sentence ("Hope", "Justice") is a name only
        # when the parser reads it as one.
        return tokens[0].pos == "PROPN" or bool(tokens[0].ent_type) or listed
    return True
