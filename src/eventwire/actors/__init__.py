"""Actors: resolve each event's party mentions to canonical actors with country and sector.

Reads mentions, entities, tokens and event dates; writes ``Document.actors`` and drops events
whose only actor is a pronoun that points at nobody. The knowledge base is data
(``data/*.jsonl``), loaded once per ``ActorResolver``; never detects events.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from eventwire.actors.context import sentence_country
from eventwire.actors.kb import KnowledgeBase
from eventwire.actors.resolve import (
    POST_HEAD,
    Candidate,
    is_pronoun,
    resolve_description,
    resolve_mention,
    resolve_pronoun,
    resolve_surname,
)
from eventwire.actors.sources import load_kb
from eventwire.actors.spot import spot_actors
from eventwire.model import Actor, Document, Event, Mention
from eventwire.syntax import span_head

__all__ = ["ActorResolver", "KnowledgeBase", "load_kb"]

_PARTY_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
_PLACE_PREPOSITIONS = frozenset({"in", "at", "near", "outside", "inside", "around", "across", "into", "within"})


class ActorResolver:
    """The knowledge base loaded once, applied per document."""

    def __init__(self, *, kb_files: tuple[Path, ...] = ()) -> None:
        self.kb = load_kb(kb_files)

    def spot_actors(self, doc: Document) -> Document:
        """Return the document with every knowledge-base name it contains as ``actor_spans``."""
        return spot_actors(doc, kb=self.kb)

    def resolve_actors(self, doc: Document) -> Document:
        """Return the document with an Actor for every mention, pronouns linked back."""
        dates = _mention_dates(doc)
        candidates = self._entity_candidates(doc, dates)
        actors: dict[str, Actor] = {}
        for mention in sorted(doc.mentions, key=lambda m: m.start):
            if is_pronoun(mention):
                actor = resolve_pronoun(mention, candidates, not_before=_window_start(doc, mention.start))
            else:
                actor = resolve_mention(
                    mention,
                    kb=self.kb,
                    on=dates.get(mention.mention_id, doc.published_on),
                    is_person_entity=_is_person(doc, mention.start, mention.end),
                    in_place_phrase=_in_place_phrase(doc, mention.head),
                )
                actor = resolve_description(mention, actor, candidates)
                actor = resolve_surname(mention, actor, candidates)
                actor = self._with_sentence_country(doc, mention, actor)
                candidates.append(_candidate(doc, mention, actor, title=self._title(actor, doc.published_on)))
            actors[mention.mention_id] = actor
        events = tuple(kept for event in doc.events if (kept := _without_dangling(event, actors)) is not None)
        return replace(doc, actors=tuple(actors.values()), events=events)

    def _with_sentence_country(self, doc: Document, mention: Mention, actor: Actor) -> Actor:
        # "Darfur rebels", "hostage-takers": an agent word or unknown name with no country of its
        # own takes the one country its sentence names.
        said = set(mention.text.lower().split())
        if actor.rule.startswith("kb.demonym") and "ethnic" in said and not said & POST_HEAD:
            # "ethnic Albanians" live outside Albania: in the other country their sentence names.
            code = sentence_country(doc, mention, kb=self.kb, besides=actor.code)
            return actor if code is None else replace(actor, code=code, rule=f"{actor.rule}+ethnic-context")
        if actor.code is not None or actor.rule not in ("kb.agent", "unresolved"):
            return actor
        code = sentence_country(doc, mention, kb=self.kb)
        return actor if code is None else replace(actor, code=code, rule=f"{actor.rule}+sentence-country")

    def _entity_candidates(self, doc: Document, dates: dict[str, date | None]) -> list[Candidate]:
        out = []
        for ent in doc.entities:
            if ent.label not in _PARTY_LABELS:
                continue
            found = span_head(doc.tokens, ent.start, ent.end)
            head = -1 if found is None else found
            ref = Mention(mention_id=f"e{ent.start}-{ent.end}", start=ent.start, end=ent.end, text=ent.text, head=head)
            actor = resolve_mention(ref, kb=self.kb, on=doc.published_on, is_person_entity=ent.label == "PERSON")
            out.append(_candidate(doc, ref, actor, title=self._title(actor, doc.published_on)))
        return out

    def _title(self, actor: Actor, on: date | None) -> str:
        if not actor.rule.startswith(("kb.person", "kb.fuzzy.person")) or actor.entity_name is None:
            return ""
        hit = self.kb.lookup(actor.entity_name)
        role = hit.entry.role_on(on) if hit is not None else None
        return role.title if role is not None else ""


def _candidate(doc: Document, mention: Mention, actor: Actor, *, title: str = "") -> Candidate:
    head = doc.tokens[mention.head] if 0 <= mention.head < len(doc.tokens) else None
    person = _is_person(doc, mention.start, mention.end) or actor.rule.startswith("kb.person")
    return Candidate(
        ref_id=mention.mention_id,
        start=mention.start,
        is_person=person,
        is_subject=head is not None and head.dep in ("nsubj", "nsubjpass"),
        actor=actor,
        title=title,
    )


def _is_person(doc: Document, start: int, end: int) -> bool:
    return any(ent.label == "PERSON" and ent.start < end and start < ent.end for ent in doc.entities)


def _in_place_phrase(doc: Document, head: int) -> bool:
    # "in central Baghdad", "near Paris": the object of a place preposition names the place.
    if not 0 <= head < len(doc.tokens) or doc.tokens[head].dep != "pobj":
        return False
    return doc.tokens[doc.tokens[head].head].text.lower() in _PLACE_PREPOSITIONS


def _window_start(doc: Document, offset: int, *, sentences_back: int = 2) -> int:
    # Pronouns reach back at most two sentences: further antecedents are guesses.
    starts = [sent.start for sent in doc.sentences if sent.start <= offset]
    return starts[-1 - sentences_back] if len(starts) > sentences_back else 0


def _mention_dates(doc: Document) -> dict[str, date | None]:
    dates: dict[str, date | None] = {}
    for event in doc.events:
        for mention_id in event.actor_ids + event.recipient_ids:
            dates.setdefault(mention_id, event.occurred_on or doc.published_on)
    return dates


def _without_dangling(event: Event, actors: dict[str, Actor]) -> Event | None:
    # A pronoun that points at nobody ("It would hurt ...") names no party: drop it, and drop
    # the event when no actor is left.
    def live(ids: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(i for i in ids if actors[i].rule != "coref.unresolved")

    actor_ids, recipient_ids = live(event.actor_ids), live(event.recipient_ids)
    if not actor_ids:
        return None
    return replace(event, actor_ids=actor_ids, recipient_ids=recipient_ids)
