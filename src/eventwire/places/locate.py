"""Event location: link an event to the place where it happened, not every place in its sentence.

Reads an event, its sentence's parse and the document's places; returns a place id or None. A
logistic regression (``data/event_location.json``, trained by ``scripts/train_event_location.py``
on the event_location corpus, Halterman 2019, MIT, with its RELABEL gold part held out) scores
every place of the event's sentence from the features of its link to the trigger (dependency
path, preposition, distance, entity label, subject or destination position; see ``features``).
The best place above the model's threshold locates the event; none above it, no location:
"Netanyahu called off a visit to Washington" is not located in Washington. An event can happen
in several places ("clashes in Palmyra and Quaryatayn"): the places listed with a chosen one,
and any other place above a second, higher threshold (``also``), locate it too.

With the ``[embeddings]`` extra, ``contextual.ContextualLocationModel`` scores the same pairs
from the same features plus MiniLM word states; ``choose_places`` decides for both.

The candidates are the document's places plus the names only the grammar marks as places
(``resolve.syntax_places``: villages, squares, "the Iraqi-Syrian border") and the other proper
names (``resolve.loose_places``: "entered Dahiyat Al-Assad", tagged PERSON); those an event is
linked to join the document's ``places``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from eventwire.errors import ModelError
from eventwire.model import Document, Event, Place, Span
from eventwire.places.features import LOCATION_NOUNS, Candidate, Features, candidates

MODEL_PATH = Path(__file__).with_name("data") / "event_location.json"


@dataclass(frozen=True, slots=True)
class LocationModel:
    """Feature weights, the probability a place needs to locate an event, and to be a further place."""

    weights: dict[str, float]
    threshold: float
    also: float = 1.0

    @property
    def name(self) -> str:
        """The versioned name events record as their ``location_coder``."""
        return "places.locate.v1"

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> LocationModel:
        """Read a model written by ``scripts/train_event_location.py``."""
        try:
            data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
            weights = {str(k): float(v) for k, v in data["weights"].items()}
            return cls(weights, float(data["threshold"]), float(data.get("also", 1.0)))
        except (OSError, ValueError, KeyError) as error:
            raise ModelError(f"Cannot read the event-location model {path} ({error}): reinstall eventwire.") from None

    def to_json(self) -> dict[str, Any]:
        """The model as the JSON object ``load`` reads."""
        return {"weights": self.weights, "threshold": self.threshold, "also": self.also}

    def probability(self, features: Features) -> float:
        """The probability that the place with these features is where the event happened."""
        score = sum(self.weights.get(name, 0.0) * value for name, value in features.items())
        return 1 / (1 + math.exp(-max(-30.0, min(30.0, score))))

    def best(self, options: list[Features]) -> int | None:
        """The index of the likeliest option if it clears the threshold, else None."""
        picked = self.select(options, [k for k in range(len(options))])
        return picked[0] if picked else None

    def select(self, options: list[Features], groups: list[int]) -> list[int]:
        """Indices of every place of the event, the likeliest first (``choose_places``)."""
        return choose_places([self.probability(f) for f in options], options, groups, self.threshold, self.also)

    def probabilities(self, doc: Document, trigger: int, found: Sequence[Candidate], states: Any = None) -> list[float]:
        """The probability of each candidate (the sparse model reads no states)."""
        return [self.probability(c.features) for c in found]

    def further_spans(self, doc: Document, trigger: int, found: Sequence[Candidate], states: Any = None) -> list[Span]:
        """Names outside the candidates the event happened in: the sparse model finds none."""
        return []

    @property
    def reads_names(self) -> bool:
        """Whether the model was trained with the loose names and the words around each candidate."""
        return "loose" in self.weights


class PairScorer(Protocol):
    """What ``locate_event`` needs of a model: a probability per candidate and the two thresholds."""

    @property
    def threshold(self) -> float: ...

    @property
    def also(self) -> float: ...

    def probabilities(self, doc: Document, trigger: int, found: Sequence[Candidate], states: Any) -> list[float]: ...

    def further_spans(self, doc: Document, trigger: int, found: Sequence[Candidate], states: Any) -> list[Span]: ...

    @property
    def reads_names(self) -> bool: ...

    @property
    def name(self) -> str: ...


def choose_places(
    probabilities: list[float], options: list[Features], groups: list[int], threshold: float, also: float
) -> list[int]:
    """Indices of every place of the event, the likeliest first; empty when none clears ``threshold``.

    Any other option at ``also`` or above is a further place, and ``groups[k]`` names the
    coordination option ``k`` stands in: options listed with a chosen one ("Palmyra and
    Quaryatayn") are chosen with it. A destination reached through a noun ("called off a visit to
    Washington") is never the event's place: the corpus has few such sentences, so this rule
    stands beside the weights.
    """
    scored = [(p, k) for k, (p, f) in enumerate(zip(probabilities, options, strict=True)) if "destination" not in f]
    top = max(scored, default=None)
    if top is None or top[0] < threshold:
        return []
    picked = [top[1], *(k for p, k in sorted(scored, reverse=True) if p >= also and k != top[1])]
    listed = {groups[k] for k in picked}
    picked += [k for _, k in scored if groups[k] in listed and k not in picked]
    return picked


def locate_event(
    doc: Document,
    event: Event,
    model: PairScorer,
    extra: Sequence[Place] = (),
    states: Any = None,
    *,
    loose: Sequence[Place] = (),
    name_place: Callable[[Span], Place] | None = None,
) -> list[Place]:
    """The places where the event happened, the main one first; empty when its sentence does not say.

    ``extra`` and ``loose`` add candidates beyond the document's places (``features.candidates``);
    ``states`` are the sentence's MiniLM word states when ``model`` reads them (``contextual``).
    Names the model finds outside the candidates (``further_spans``) become places through
    ``name_place`` and follow the chosen ones.
    """
    trigger = trigger_token(doc, event)
    sent = next((s for s in doc.sentences if s.start <= event.trigger.start < s.end), None)
    if trigger is None or sent is None:
        return []
    found = candidates(doc, trigger, sent, extra, loose, words=model.reads_names)
    probabilities = model.probabilities(doc, trigger, found, states)
    options, groups = [c.features for c in found], [c.group for c in found]
    picked = choose_places(probabilities, options, groups, model.threshold, model.also)
    named = [name_place(span) for span in model.further_spans(doc, trigger, found, states)] if name_place else []
    if not picked:
        return named
    main = _more_specific(doc, found[picked[0]].place, [c.place for c in found])
    rest = [found[k].place for k in picked[1:] if found[k].place is not main]
    return [main, *rest, *named]


def trigger_token(doc: Document, event: Event) -> int | None:
    """The index of the token the event's trigger starts in."""
    return next((t.i for t in doc.tokens if t.start <= event.trigger.start < t.end), None)


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
