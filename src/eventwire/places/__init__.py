"""Places: find place mentions, resolve them offline to GeoNames, and locate each event.

Reads tokens, sentences, entities and events; writes the document's ``places`` and each event's
``location_id``. The gazetteer is built once per ``Geocoder`` (build one per process and pass it
in). Never reaches the network.
"""

from __future__ import annotations

from dataclasses import replace

from eventwire.model import Document
from eventwire.places.gazetteer import Gazetteer, GeoEntry, Hit, normalize_name
from eventwire.places.locate import LocationModel, locate_event
from eventwire.places.resolve import find_mentions, resolve_mentions

__all__ = ["Gazetteer", "GeoEntry", "Geocoder", "Hit", "LocationModel", "normalize_name"]


class Geocoder:
    """A loaded gazetteer and the two stage functions that use it."""

    def __init__(self, gazetteer: Gazetteer | None = None, location_model: LocationModel | None = None) -> None:
        self.gazetteer = gazetteer or Gazetteer()
        self.location_model = location_model or LocationModel.load()

    def geocode_places(self, doc: Document) -> Document:
        """Return the document with every place mention, resolved where the gazetteer allows."""
        return replace(doc, places=tuple(resolve_mentions(find_mentions(doc, self.gazetteer))))

    def locate_events(self, doc: Document) -> Document:
        """Return the document with each event linked to the place where it happened, if stated."""
        events = tuple(
            replace(event, location_id=locate_event(doc, event, self.location_model)) for event in doc.events
        )
        return replace(doc, events=events)
