"""Places: find place mentions, resolve them offline to GeoNames, and locate each event.

Reads tokens, sentences, entities and events; writes the document's ``places`` and each event's
``location_id``. The gazetteer is built once per ``Geocoder`` (build one per process and pass it
in). Never reaches the network.
"""

from __future__ import annotations

from dataclasses import replace

from eventwire.model import Document, Place
from eventwire.places.gazetteer import Gazetteer, GeoEntry, Hit, normalize_name
from eventwire.places.locate import LocationModel, locate_event
from eventwire.places.resolve import find_mentions, resolve_mentions, syntax_places

__all__ = ["Gazetteer", "GeoEntry", "Geocoder", "Hit", "LocationModel", "normalize_name"]


class Geocoder:
    """A loaded gazetteer and the two stage functions that use it."""

    def __init__(self, gazetteer: Gazetteer | None = None, location_model: LocationModel | None = None) -> None:
        self.gazetteer = gazetteer or Gazetteer()
        self.location_model = location_model or LocationModel.load()

    def geocode_places(self, doc: Document) -> Document:
        """Return the document with every place mention, resolved where the gazetteer allows."""
        return replace(doc, places=tuple(resolve_mentions(find_mentions(doc, self.gazetteer))))

    def syntax_places(self, doc: Document) -> list[Place]:
        """Places of a geocoded document that only its grammar marks, for event location to weigh."""
        return syntax_places(doc, self.gazetteer)

    def locate_events(self, doc: Document) -> Document:
        """Return the document with each event linked to the places where it happened, if stated.

        Names that only the grammar marks as places (``syntax_places``) join ``places`` when an
        event is located there.
        """
        extra = self.syntax_places(doc) if doc.events else []
        events, used = [], set[str]()
        for event in doc.events:
            located = locate_event(doc, event, self.location_model, extra)
            used.update(p.place_id for p in located if p in extra)
            ids = tuple(place.place_id for place in located)
            events.append(replace(event, location_id=ids[0] if ids else None, location_ids=ids))
        places = doc.places + tuple(p for p in extra if p.place_id in used)
        return replace(doc, events=tuple(events), places=places)
