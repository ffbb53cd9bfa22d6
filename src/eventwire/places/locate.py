"""Event location: link an event to the place where it happened, not every place in its sentence.

Reads an event, its sentence's parse and the document's places; returns a place id or None. A
logistic regression (``data/event_location.json``, trained by ``scripts/train_event_location.py``
on the event_location corpus, Halterman 2019, MIT, with its RELABEL gold part held out) scores
every place of the event's sentence from the features of its link to the trigger (dependency
path, preposition, distance, entity label, subject or destination position; see ``features``).
The best place above the model's threshold locates the event; none above it, no location:
"Netanyahu called off a visit to Washington" is not located in Washington.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eventwire.errors import ModelError
from eventwire.model import Document, Event, Place
from eventwire.places.features import LOCATION_NOUNS, Features, candidates

MODEL_PATH = Path(__file__).with_name("data") / "event_location.json"


@dataclass(frozen=True, slots=True)
class LocationModel:
    """Feature weights and the probability a place needs to locate an event."""

    weights: dict[str, float]
    threshold: float

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> LocationModel:
        """Read a model written by ``scripts/train_event_location.py``."""
        try:
            data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise ModelError(f"Cannot read the event-location model {path} ({error}): reinstall eventwire.") from None
        return cls({str(k): float(v) for k, v in data["weights"].items()}, float(data["threshold"]))

    def to_json(self) -> dict[str, Any]:
        """The model as the JSON object ``load`` reads."""
        return {"weights": self.weights, "threshold": self.threshold}

    def probability(self, features: Features) -> float:
        """The probability that the place with these features is where the event happened."""
        score = sum(self.weights.get(name, 0.0) * value for name, value in features.items())
        return 1 / (1 + math.exp(-max(-30.0, min(30.0, score))))

    def best(self, options: list[Features]) -> int | None:
        """The index of the likeliest option if it clears the threshold, else None.

        A destination reached through a noun ("called off a visit to Washington") is never the
        event's place: the corpus has few such sentences, so this rule stands beside the weights.
        """
        scored = [(self.probability(f), k) for k, f in enumerate(options) if "destination" not in f]
        top = max(scored, default=None)
        return top[1] if top is not None and top[0] >= self.threshold else None


def locate_event(doc: Document, event: Event, model: LocationModel) -> str | None:
    """The id of the place where the event happened, or None when its sentence does not say."""
    trigger = next((t.i for t in doc.tokens if t.start <= event.trigger.start < t.end), None)
    sent = next((s for s in doc.sentences if s.start <= event.trigger.start < s.end), None)
    if trigger is None or sent is None:
        return None
    found = candidates(doc, trigger, sent)
    best = model.best([candidate.features for candidate in found])
    if best is None:
        return None
    return _more_specific(doc, found[best].place, [c.place for c in found]).place_id


def _more_specific(doc: Document, place: Place, others: list[Place]) -> Place:
    """The named place a modifier introduces: "the southern Gaza city of Rafah" is Rafah."""
    head = next((t for t in doc.tokens if place.start <= t.start < place.end and t.dep == "compound"), None)
    if head is None or doc.tokens[head.head].lemma.lower() not in LOCATION_NOUNS:
        return place
    noun = head.head
    for other in others:
        inner = next((t for t in doc.tokens if other.start <= t.start < other.end and t.dep == "pobj"), None)
        if inner is not None and doc.tokens[inner.head].lemma.lower() == "of" and doc.tokens[inner.head].head == noun:
            return other
    return place
