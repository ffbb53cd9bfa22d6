"""Parties an event's own clause does not name: the speaker of a quotation, the people of a place.

Reads the parse and ``Document.quotes`` / ``Document.mentions`` (the quotes stage runs first);
returns token indices or an existing Mention. Never codes events (``detect`` calls these).
"""

from __future__ import annotations

from eventwire.model import Document, Mention, Sentence
from eventwire.syntax import ParseTree


def place_target(tree: ParseTree, index: int) -> list[int]:
    """The target of a noun event aimed at a place: the people there, else the named place."""
    # "an operation in the city of Rafah, where a million Palestinians shelter": the people
    # the place's "where" clause names, else the named place itself.
    for prep in tree.children(index, "prep"):
        if prep.text.lower() != "in":
            continue
        places = [obj.i for obj in tree.children(prep.i, "pobj")]
        places += [o.i for p in places for of in tree.children(p, "prep") for o in tree.children(of.i, "pobj")]
        for place in places:
            for clause in tree.children(place, "relcl"):
                if any(kid.text.lower() == "where" for kid in tree.children(clause.i, "advmod")):
                    return [sub.i for sub in tree.children(clause.i, "nsubj")][:1]
        return [p for p in places if tree[p].ent_type == "GPE"][-1:]
    return []


def quote_speaker(doc: Document, tree: ParseTree, index: int, sent: Sentence) -> Mention | None:
    """The direct quote's speaker, when the trigger opens a subjectless sentence inside it."""
    # A sentence that opens on its predicate, with no subject, inside a direct quotation
    # ("Spoke to X about ...", "Critical that Iran uses its influence") is the speaker's own act.
    token = tree[index]
    if token.dep != "ROOT" or tree.children(index, "nsubj", "nsubjpass", "expl", "csubj"):
        return None
    first = next((i for i in range(sent.token_start, sent.token_end) if tree[i].pos != "PUNCT"), None)
    if first != index:
        return None
    mentions = {mention.mention_id: mention for mention in doc.mentions}
    for quote in doc.quotes:
        if quote.direct and quote.speaker_id in mentions and quote.start <= token.start < quote.end:
            return mentions[quote.speaker_id]
    return None
