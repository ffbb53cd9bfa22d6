"""Places: find place mentions, resolve them offline to GeoNames, and locate each event.

Reads tokens, sentences, entities and events; writes the document's ``places`` and each event's
``location_id``. The gazetteer is built once per ``Geocoder`` (build one per process and pass it
in). Never reaches the network.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from eventwire.model import Document, Event, Place, Span
from eventwire.places.contextual import ContextualLocationModel, load_contextual_model
from eventwire.places.gazetteer import Gazetteer, GeoEntry, Hit, normalize_name
from eventwire.places.locate import LocationModel, PairScorer, locate_event, trigger_token
from eventwire.places.resolve import Mention, find_mentions, loose_places, named_place, resolve_mentions, syntax_places

__all__ = ["ContextualLocationModel", "Gazetteer", "GeoEntry", "Geocoder", "Hit", "LocationModel", "normalize_name"]


class Geocoder:
    """A loaded gazetteer and the two stage functions that use it."""

    def __init__(self, gazetteer: Gazetteer | None = None, location_model: PairScorer | None = None) -> None:
        """``location_model`` defaults to the contextual model with the ``[embeddings]`` extra, else
        the sparse one."""
        self.gazetteer = gazetteer or Gazetteer()
        self.location_model = location_model or load_contextual_model() or LocationModel.load()

    def geocode_places(self, doc: Document) -> Document:
        """Return the document with every place mention, resolved where the gazetteer allows."""
        return replace(doc, places=tuple(resolve_mentions(find_mentions(doc, self.gazetteer))))

    def syntax_places(self, doc: Document) -> list[Place]:
        """Places of a geocoded document that only its grammar marks, for event location to weigh."""
        return syntax_places(doc, self.gazetteer)

    def loose_places(self, doc: Document, extra: list[Place]) -> list[Place]:
        """Places for the document's other proper names (outside its places and ``extra``)."""
        return loose_places(doc, self.gazetteer, [*doc.places, *extra])

    def locate_events(self, doc: Document) -> Document:
        """Return the document with each event linked to the places where it happened, if stated.

        Names that only the grammar marks as places (``syntax_places``), the other proper names
        (``loose_places``, when the model was trained with them), and the names the contextual
        model's tagger finds beyond every candidate join ``places`` when an event is located there.
        """
        model = self.location_model
        extra = self.syntax_places(doc) if doc.events else []
        loose = self.loose_places(doc, extra) if doc.events and model.reads_names else []
        numbers = [_sentence_of(doc, event) for event in doc.events]
        states: dict[int, Any] = {}
        if isinstance(model, ContextualLocationModel):  # MiniLM reads sentences with places only
            starts = {p.start for p in (*doc.places, *extra, *loose)}
            asked = [
                (k, number, trigger)
                for k, (event, number) in enumerate(zip(doc.events, numbers, strict=True))
                if number is not None
                and (trigger := trigger_token(doc, event)) is not None
                and (model.tagger or any(_inside(doc, number, s) for s in starts))
            ]
            found = model.event_states(doc, [(number, trigger) for _, number, trigger in asked])
            states = dict(zip([k for k, _, _ in asked], found, strict=True))
        named: dict[Span, Place] = {}

        def name_place(span: Span) -> Place:
            if span not in named:
                number = len(doc.places) + len(extra) + len(loose) + len(named) + 1
                mention = Mention(span.start, span.end, doc.text[span.start : span.end], ())
                named[span] = named_place(doc, self.gazetteer, mention, number)
            return named[span]

        events, used, coder = [], set[str](), model.name
        for k, event in enumerate(doc.events):
            located = locate_event(doc, event, model, extra, states.get(k), loose=loose, name_place=name_place)
            used.update(p.place_id for p in located if p in extra or p in loose or p in named.values())
            ids = tuple(place.place_id for place in located)
            events.append(replace(event, location_id=ids[0] if ids else None, location_ids=ids, location_coder=coder))
        further = [*extra, *loose, *named.values()]
        places = doc.places + tuple(p for p in further if p.place_id in used)
        return replace(doc, events=tuple(events), places=places)


def _sentence_of(doc: Document, event: Event) -> int | None:
    return next((n for n, s in enumerate(doc.sentences) if s.start <= event.trigger.start < s.end), None)


def _inside(doc: Document, number: int, start: int) -> bool:
    return doc.sentences[number].start <= start < doc.sentences[number].end
