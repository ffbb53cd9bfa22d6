"""Frozen records passed from stage to stage.

Reads nothing and writes nothing: these are plain values. Positions are half-open character
offsets into ``Document.text`` (the cleaned text); records point to each other by id, so a
document serialises flat. Stages return ``dataclasses.replace(doc, ...)`` and never mutate.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Status(StrEnum):
    """Whether an event happened, per the PLOVER auxiliary modes we implement."""

    OCCURRED = "occurred"
    FUTURE = "future"
    HYPOTHETICAL = "hypothetical"
    NEGATED = "negated"


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character range in the document text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"bad span [{self.start}, {self.end})")


@dataclass(frozen=True, slots=True)
class RawArticle:
    """One input article before cleaning, as read by ingest."""

    source: str  # file path, URL or "jsonl:PATH:LINE"
    text: str
    doc_id: str | None = None
    title: str | None = None
    url: str | None = None
    published_on: date | None = None


@dataclass(frozen=True, slots=True)
class Removal:
    """A line that clean dropped from the raw text, and why."""

    text: str
    reason: str  # breadcrumb | headline | caption | promotion


@dataclass(frozen=True, slots=True)
class Token:
    """One token of the parse; ``head`` is the token index of its syntactic head."""

    i: int
    start: int
    end: int
    text: str
    lemma: str
    pos: str
    tag: str
    dep: str
    head: int
    ent_type: str = ""


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence: character span, token range [token_start, token_end), paragraph number."""

    start: int
    end: int
    token_start: int
    token_end: int
    paragraph: int


@dataclass(frozen=True, slots=True)
class Entity:
    """A named-entity mention found by the parser (spaCy label, e.g. GPE, ORG, PERSON)."""

    start: int
    end: int
    label: str
    text: str


@dataclass(frozen=True, slots=True)
class Mention:
    """A span that names a party to an event, found by the events stage."""

    mention_id: str
    start: int
    end: int
    text: str
    head: int  # token index of the span's syntactic head


@dataclass(frozen=True, slots=True)
class Actor:
    """What a mention resolves to: a canonical party with its PLOVER code and sector."""

    mention_id: str
    entity_name: str | None
    code: str | None  # ISO-3 country or IGO/UNO/EUR/NGO/...; None when unsure
    sector: str | None
    identifier_id: str | None = None  # Wikidata QID when known
    rule: str = ""  # why: "kb.alias", "kb.demonym+title", "coref.pronoun", ...
    antecedent_id: str | None = None  # the mention a pronoun or description points back to


@dataclass(frozen=True, slots=True)
class Place:
    """A place mention and, when resolved, the gazetteer entry it names."""

    place_id: str
    extracted_place: str
    start: int
    end: int
    resolved_place: str | None = None
    country_code: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    feature_class: str | None = None  # GeoNames class: A (country, state), P (city), L (continent)
    feature_code: str | None = None  # GeoNames code: PCLI, ADM1, PPLC, PPL, CONT
    demonym: bool = False  # named by an adjective or demonym ("Russian"), never an event location


@dataclass(frozen=True, slots=True)
class Event:
    """Who did what to whom, when, and the sentence that says so."""

    event_id: str
    event: str  # PLOVER type, e.g. "CONSULT"
    evidence: Span  # the sentence that licenses the event
    trigger: Span  # the word or phrase that names the event
    coder: str  # versioned rule or model name, e.g. "events.rules.v1"
    actor_ids: tuple[str, ...] = ()  # mention ids
    recipient_ids: tuple[str, ...] = ()
    mode: str | None = None
    contexts: tuple[str, ...] = ()
    status: Status = Status.OCCURRED
    confidence: float = 1.0
    rule: str = ""  # the lexicon row that fired, e.g. "cameo_verbs.tsv:CAMEO.2.0.txt:5521"
    occurred_on: date | None = None
    ends_on: date | None = None
    date_text: str | None = None
    location_id: str | None = None  # a Place id: where it happened (the main place when several)
    location_ids: tuple[str, ...] = ()  # every place where it happened, location_id first
    location_coder: str | None = None  # the versioned model that located it, e.g. "places.locate.v1"
    quote_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Quote:
    """Words attributed to a speaker, with the events they report or support."""

    quote_id: str
    text: str
    start: int
    end: int
    direct: bool
    cue: str | None = None
    speaker_id: str | None = None  # a Mention id
    event_ids: tuple[str, ...] = ()
    cue_span: Span | None = None  # where the cue word stands (for linking to events)
    parts: tuple[Span, ...] = ()  # a direct quote's quotation marks spans ('“A,” she said, “B.”')


@dataclass(frozen=True, slots=True)
class Failure:
    """An input that could not be processed: which, at what stage, and why (one line)."""

    source: str
    stage: str
    reason: str


@dataclass(frozen=True, slots=True)
class Document:
    """One article and everything the stages found in it."""

    doc_id: str
    text: str
    source: str = ""
    title: str | None = None
    url: str | None = None
    published_on: date | None = None
    removed: tuple[Removal, ...] = ()
    tokens: tuple[Token, ...] = ()
    sentences: tuple[Sentence, ...] = ()
    entities: tuple[Entity, ...] = ()
    mentions: tuple[Mention, ...] = ()
    actors: tuple[Actor, ...] = ()
    events: tuple[Event, ...] = ()
    places: tuple[Place, ...] = ()
    quotes: tuple[Quote, ...] = ()
    actor_spans: tuple[Span, ...] = ()  # knowledge-base names found in the text (actors.spot)

    def actor_for(self, mention_id: str) -> Actor | None:
        """Return the resolved actor of a mention, if the actors stage resolved it."""
        return next((actor for actor in self.actors if actor.mention_id == mention_id), None)

    def mention(self, mention_id: str) -> Mention | None:
        """Return the mention with this id."""
        return next((mention for mention in self.mentions if mention.mention_id == mention_id), None)
