"""The country a party's sentence names, for parties that name none themselves.

Reads sentences and the parser's place and nationality entities; never resolves mentions by
itself. "Rebels attacked a village in Chad": the rebels are Chad's when the sentence names no
other country (PLOVER coders take an agent's country from its context).
"""

from __future__ import annotations

from eventwire.actors.kb import KnowledgeBase
from eventwire.model import Document, Mention

_PLACE_LABELS = frozenset({"GPE", "NORP", "LOC"})


def sentence_country(doc: Document, mention: Mention, *, kb: KnowledgeBase, besides: str | None = None) -> str | None:
    """The one country (other than ``besides``) the mention's sentence names outside the mention, or None."""
    sent = next((s for s in doc.sentences if s.start <= mention.start < s.end), None)
    if sent is None:
        return None
    codes = set()
    for ent in doc.entities:
        inside = sent.start <= ent.start and ent.end <= sent.end
        if ent.label not in _PLACE_LABELS or not inside or (ent.start < mention.end and mention.start < ent.end):
            continue
        code = country_of(ent.text, kb=kb)
        if code is not None and code != besides:
            codes.add(code)
    return codes.pop() if len(codes) == 1 else None


def country_of(text: str, *, kb: KnowledgeBase) -> str | None:
    """The country a place or nationality phrase names: by country name, demonym or capital, else city."""
    hit = next((hit for _, _, hit in kb.scan(text) if hit.entry.kind == "country"), None)
    if hit is not None:
        return hit.entry.code
    city = kb.city(text)
    return city[1] if city is not None else None
