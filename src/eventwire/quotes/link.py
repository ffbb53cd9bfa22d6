"""Link quotes and events both ways: the events a quote reports, and the events it is evidence of.

Reads quotes, events, mentions and actors; writes ``Quote.event_ids`` and ``Event.quote_ids``.
Never creates or drops a quote or an event.
"""

from __future__ import annotations

from dataclasses import replace

from eventwire.model import Document, Event, Quote, Span


def link_quotes(doc: Document) -> Document:
    """Return the document with each quote linked to the events it reports or supports."""
    links = {quote.quote_id: tuple(e.event_id for e in doc.events if _linked(doc, quote, e)) for quote in doc.quotes}
    quotes = tuple(replace(quote, event_ids=links[quote.quote_id]) for quote in doc.quotes)
    events = tuple(
        replace(event, quote_ids=tuple(q.quote_id for q in doc.quotes if event.event_id in links[q.quote_id]))
        for event in doc.events
    )
    return replace(doc, quotes=quotes, events=events)


def _linked(doc: Document, quote: Quote, event: Event) -> bool:
    # A quote reports the events whose trigger lies in its words; it is the evidence of an
    # event its speaker is the actor of, or whose trigger is its cue, in the cue's sentence
    # ("X said that Y's failure was a 'clear retreat'" supports X's ACCUSE).
    if _within(event.trigger, quote.start, quote.end):
        return True
    cue = quote.cue_span
    if cue is None or not _within(cue, event.evidence.start, event.evidence.end):
        return False
    if event.trigger.start < cue.end and cue.start < event.trigger.end:
        return True
    return quote.speaker_id is not None and any(_same_party(doc, quote.speaker_id, i) for i in event.actor_ids)


def _within(span: Span, start: int, end: int) -> bool:
    return start <= span.start and span.end <= end


def _same_party(doc: Document, speaker_id: str, mention_id: str) -> bool:
    if speaker_id == mention_id:
        return True
    speaker, actor = doc.actor_for(speaker_id), doc.actor_for(mention_id)
    if speaker is None or actor is None or speaker.entity_name is None:
        return False
    return (speaker.entity_name, speaker.code) == (actor.entity_name, actor.code)
