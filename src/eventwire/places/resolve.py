"""Place mentions: find them (entities plus a gazetteer scan) and resolve each to one entry.

Reads the document's tokens, sentences and entities and a ``Gazetteer``; returns ``Place``
records. Never guesses a far-fetched reading: a mention with no candidate keeps its text and a
null resolution. Disambiguation (see ``choose``) adds the gazetteer's prior (countries, then size)
to a bonus for places in the countries the document already names unambiguously, and a second
pass (see ``near_bonus``) a bonus for readings in the same state or near the document's other places.
"""

from __future__ import annotations

import bisect
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from eventwire.model import Document, Entity, Place, Token
from eventwire.places.features import LOCATION_NOUNS
from eventwire.places.gazetteer import COUNTRY_LEVEL, Gazetteer, GeoEntry, Hit, hit_prior
from eventwire.places.names import loose_names, syntax_names
from eventwire.syntax import span_head

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
#: Labels whose mentions count only when the whole text is a known country, state or continent
#: (spaCy often tags "Russia" as ORG, and demonyms such as "Russian" as NORP).
BROAD_LABELS = frozenset({"ORG", "NORP", "PERSON"})
#: Labels the small parser gives to unfamiliar place names ("in Khanasir" as ORG, "Manbij" as
#: PRODUCT): such a mention is a place when its syntax says so ("in X", "the town of X", "X district").
MISLABELLED = frozenset({"ORG", "NORP", "PERSON", "PRODUCT", "WORK_OF_ART", "EVENT"})
_GENERIC_TAILS = frozenset({"state", "province", "region", "governorate", "district", "prefecture", "oblast"})
_DIRECTIONS = frozenset({"eastern", "western", "northern", "southern", "central", "east", "west", "north", "south"})
_NOT_PERSON = frozenset({"ORG", "PRODUCT", "WORK_OF_ART", "EVENT"})
#: Prepositions whose object is a place ("at" is left out: "at Google" is an employer).
_PLACE_PREPOSITIONS = frozenset({"in", "near", "outside", "inside", "across", "throughout", "around", "into"})
#: Words that are place names but are far more often something else when capitalised alone.
_AMBIGUOUS_WORDS = frozenset({"of", "march", "may", "university", "police", "president", "mobile", "reading"})
CONTEXT_BONUS = 2.0  # a candidate in a country the document names outweighs two orders of size, not three
#: A reading in the same state as, or within NEAR_KM of, another place of the document, worth one and
#: a half orders of size (national stories name far-apart cities: Boston stays Boston): "Riverdale"
#: beside "Pompton Lakes" is the New Jersey one, "Salisbury" beside "Wiltshire" the English city.
NEAR_BONUS = 1.5
NEAR_KM = 120.0
_MAX_CANDIDATES = 12  # readings the second pass weighs: the likeliest by prior


@dataclass(frozen=True, slots=True)
class Mention:
    """A place-like span before resolution."""

    start: int
    end: int
    text: str
    hits: tuple[Hit, ...]
    label: str = ""  # the entity label, "" for gazetteer runs


def find_mentions(doc: Document, gazetteer: Gazetteer) -> list[Mention]:
    """Every place mention: place entities, broad entities that are whole countries, gazetteer runs."""
    mentions: list[Mention] = []
    starts = {token.start: token.i for token in doc.tokens}
    for ent in doc.entities:
        mention = _from_entity(doc, ent, gazetteer, starts)
        if mention is not None:
            mentions.append(mention)
    covered = {i for m in mentions for i in range(m.start, m.end)}
    mentions.extend(_gazetteer_runs(doc, gazetteer, covered))
    return sorted(mentions, key=lambda m: m.start)


def syntax_places(doc: Document, gazetteer: Gazetteer) -> list[Place]:
    """Further places of a geocoded document that only the grammar marks (see ``names``).

    Not part of the document's ``places``: a geoparser's list holds the names it can resolve or
    the recogniser tags, while an event's location may be a village or a square no gazetteer
    knows ("the cities of Palmyra and Quaryatayn"). Event location weighs these too and keeps
    the ones it links. Ids continue the document's numbering.
    """
    tokens = doc.tokens
    mentions = [p for p in doc.places if not p.demonym]
    inside = covered_tokens(tokens, mentions)
    heads = {span_head(tokens, p.start, p.end) for p in mentions}
    context: Counter[str | None] = Counter(p.country_code for p in mentions if p.country_code)
    places: list[Place] = []
    for first, last, label in syntax_names(doc, inside, lambda i: i in heads):
        start, end = tokens[first].start, tokens[last].end
        number = len(doc.places) + len(places) + 1
        places.append(named_place(doc, gazetteer, Mention(start, end, doc.text[start:end], (), label), number, context))
    return places


def loose_places(doc: Document, gazetteer: Gazetteer, known: Sequence[Place]) -> list[Place]:
    """Places for the proper names outside ``known`` (the document's places and ``syntax_places``):
    names nothing marks as places (``names.loose_names``), for event location to weigh. Resolved
    where the gazetteer knows them; ids continue after ``known``."""
    tokens = doc.tokens
    context: Counter[str | None] = Counter(p.country_code for p in doc.places if p.country_code and not p.demonym)
    places: list[Place] = []
    for first, last, label in loose_names(doc, covered_tokens(tokens, known)):
        start, end = tokens[first].start, tokens[last].end
        number = len(known) + len(places) + 1
        places.append(named_place(doc, gazetteer, Mention(start, end, doc.text[start:end], (), label), number, context))
    return places


def covered_tokens(tokens: Sequence[Token], places: Sequence[Place]) -> set[int]:
    """The indices of the tokens that start inside one of ``places``."""
    starts = [token.start for token in tokens]
    covered: set[int] = set()
    for place in places:
        covered.update(range(bisect.bisect_left(starts, place.start), bisect.bisect_left(starts, place.end)))
    return covered


def named_place(
    doc: Document, gazetteer: Gazetteer, mention: Mention, number: int, context: Counter[str | None] | None = None
) -> Place:
    """A place ``P<number>`` for a name found by other means than the recogniser, resolved when the
    gazetteer knows it (a LOC-labelled name, a region, is never looked up) in the document's
    country context."""
    if context is None:
        context = Counter(p.country_code for p in doc.places if p.country_code and not p.demonym)
    text = mention.text
    hits = () if mention.label == "LOC" else gazetteer.lookup(text) or _part_hits(text, gazetteer)
    best = choose(tuple(h for h in hits if not h.demonym), context)
    return _place(f"P{number}", Mention(mention.start, mention.end, text, hits, mention.label), best)


def resolve_mentions(mentions: list[Mention]) -> list[Place]:
    """Choose one entry per mention, using the countries that unambiguous mentions establish."""
    context: Counter[str | None] = Counter(
        m.hits[0].entry.country_code
        for m in mentions
        if m.hits and _unambiguous(m.hits) and m.hits[0].entry.country_code is not None
    )
    first = [choose(mention.hits, context) for mention in mentions]
    places: list[Place] = []
    city: Hit | None = None  # the last city named, where an unknown street or building most likely is
    for number, mention in enumerate(mentions, start=1):
        best = first[number - 1]
        if best is not None and len(mention.hits) > 1:
            anchors = [
                h.entry for m, h in zip(mentions, first, strict=True) if h is not None and m.text != mention.text
            ]
            best = choose(mention.hits[:_MAX_CANDIDATES], context, _local(anchors))
            best = _division_namesake(mention.hits, Counter(a.country_code for a in anchors)) or best
        if best is None and mention.label == "FAC" and city is not None:
            best = city  # "Royal Street" after "New Orleans" (GeoWebNews places streets at their city)
        elif best is not None and best.entry.feature_class == "P":
            city = best
        places.append(_place(f"P{number}", mention, best))
    return places


def _division_namesake(hits: tuple[Hit, ...], others: Counter[str | None]) -> Hit | None:
    """The division a country's name also names, when the document's other places lie in the
    division's country and none in the named one: "Georgia" beside "Atlanta" is the US state, beside
    "Tbilisi" or alone the country."""
    countries = [h.entry.country_code for h in hits if h.entry.feature_code == "PCLI" and not h.alias]
    for hit in hits:
        code = hit.entry.country_code
        division = hit.entry.feature_code == "ADM1" and not hit.alias and others[code] > 0
        if division and countries and all(country != code and not others[country] for country in countries):
            return hit
    return None


def choose(hits: tuple[Hit, ...], context: Counter[str | None], anchors: Sequence[GeoEntry] = ()) -> Hit | None:
    """The likeliest candidate: prior plus a bonus for countries the document names and nearness to anchors."""
    if not hits:
        return None
    return max(
        hits,
        key=lambda hit: (
            hit_prior(hit)
            + (CONTEXT_BONUS if context[hit.entry.country_code] else 0.0)
            + (NEAR_BONUS if anchors and near_any(hit.entry, anchors) else 0.0)
        ),
    )


def near_any(entry: GeoEntry, anchors: Sequence[GeoEntry]) -> bool:
    """Whether an entry lies in the same state as an anchor, or within NEAR_KM of one."""
    if entry.feature_class not in ("P", "A") or entry.feature_code in COUNTRY_LEVEL:
        return False
    for anchor in anchors:
        if entry.admin1 and anchor.admin1 == entry.admin1 and anchor.country_code == entry.country_code:
            return True
        if _km(entry, anchor) <= NEAR_KM:
            return True
    return False


def _local(entries: list[GeoEntry]) -> list[GeoEntry]:
    """Anchors worth measuring from: towns and divisions (a country's or sea's point says nothing local)."""
    return [e for e in entries if e.feature_class in ("P", "A") and e.feature_code not in COUNTRY_LEVEL]


def _km(a: GeoEntry, b: GeoEntry) -> float:
    # Equirectangular distance: exact enough at a hundred kilometres, and cheap.
    x = math.radians(b.lon - a.lon) * math.cos(math.radians((a.lat + b.lat) / 2))
    return 6371.0 * math.hypot(x, math.radians(b.lat - a.lat))


def _unambiguous(hits: tuple[Hit, ...]) -> bool:
    first = hits[0].entry
    return first.feature_class in ("A", "L") and first.feature_code not in ("ADM1", "ADM2") or len(hits) == 1


def _from_entity(doc: Document, ent: Entity, gazetteer: Gazetteer, starts: dict[int, int]) -> Mention | None:
    start, text = ent.start, ent.text
    if text.lower().startswith("the "):
        start, text = start + 4, text[4:]
    dotted = text.endswith(".")  # "Calif.", "N.J." keep their point for the lookup
    text = text.rstrip(".,;:") if not text.endswith(".S.") else text
    text = _trim_tail(_strip_possessive(text))
    hits = (dotted and gazetteer.lookup(text + ".")) or gazetteer.lookup(text) or _part_hits(text, gazetteer)
    if ent.label in ("FAC", "ORG"):  # "White House" is an alternate name of Casablanca, not a building's
        hits = tuple(hit for hit in hits if not hit.alias)
    mention = Mention(start, start + len(text), text, hits, ent.label)
    if ent.label in PLACE_LABELS:
        return mention
    if ent.label in BROAD_LABELS and hits and hits[0].entry.feature_class in ("A", "L"):
        return mention
    if ent.label in MISLABELLED and not (hits and hits[0].demonym) and _placed_by_syntax(doc, start, ent.end, starts):
        return mention
    if ent.label in _NOT_PERSON and hits and hits[0].entry.feature_class == "P" and not text.isupper():
        return mention  # "Manbij" (PRODUCT), "Kobane" (ORG)
    return None


def _part_hits(text: str, gazetteer: Gazetteer) -> tuple[Hit, ...]:
    """Candidates of an unknown name's most specific known part: "Thruxton, Hampshire", "Oaxaca State"."""
    words = text.split()
    parts = [text.rsplit(",", 1)[-1], *text.split("/")]
    if len(words) > 1 and words[-1].lower() in _GENERIC_TAILS:
        parts.append(" ".join(words[:-1]))
    if len(words) > 1 and words[0].lower() in _DIRECTIONS:
        parts.append(" ".join(words[1:]))
    for part in parts:
        hits = gazetteer.lookup(part.strip()) if part.strip() != text else ()
        if hits and not hits[0].demonym and hits[0].entry.feature_class != "L":  # "North Africa" is no point
            return hits
    return ()


def _placed_by_syntax(doc: Document, start: int, end: int, starts: dict[int, int]) -> bool:
    """Whether the span's head is the object of a place preposition, or names a location noun."""
    first = starts.get(start)
    if first is None:
        return False
    tokens = doc.tokens
    inside = range(first, next((t.i for t in tokens[first:] if t.start >= end), len(tokens)))
    head = next((i for i in inside if tokens[i].head not in inside or tokens[i].head == i), None)
    if head is None or not tokens[head].text[:1].isupper():
        return False
    parent = tokens[tokens[head].head]
    lemma = parent.lemma.lower()
    if tokens[head].dep == "pobj" and lemma in _PLACE_PREPOSITIONS:
        return True
    if tokens[head].dep == "pobj" and lemma == "of":
        return tokens[parent.head].lemma.lower() in LOCATION_NOUNS  # "the town of Bakwa"
    return tokens[head].dep == "compound" and lemma in LOCATION_NOUNS  # "Aziziyah district"


def _trim_tail(text: str) -> str:
    """The name without the lower-case words and numbers after it: "Kandahar province" is "Kandahar",
    "Damascus province - 7" is "Damascus" (the event_location gold marks the name alone)."""
    words = text.split(" ")
    while len(words) > 1 and not any(c.isupper() for c in words[-1]) and any(w[:1].isupper() for w in words[:-1]):
        words.pop()
    return " ".join(words).rstrip(" -\u2013,")


def _strip_possessive(text: str) -> str:
    for suffix in ("'s", "\u2019s"):
        if text.endswith(suffix):
            return text[: -len(suffix)]
    return text


def _gazetteer_runs(doc: Document, gazetteer: Gazetteer, covered: set[int]) -> list[Mention]:
    """Capitalised token runs the parser missed that name a country, state, continent or big city."""
    found: list[Mention] = []
    tokens = doc.tokens
    i = 0
    while i < len(tokens):
        match = _longest_match(doc, tokens, i, gazetteer, covered)
        if match is None:
            i += 1
            continue
        found.append(match[0])
        i = match[1]
    return found


def _longest_match(
    doc: Document, tokens: tuple[Token, ...], i: int, gazetteer: Gazetteer, covered: set[int]
) -> tuple[Mention, int] | None:
    if not tokens[i].text[:1].isupper() or tokens[i].start in covered or _sentence_initial_word(doc, tokens[i]):
        return None
    for j in range(min(len(tokens), i + gazetteer.max_words), i, -1):
        run = tokens[i:j]
        if not run[-1].text[:1].isupper() or any(t.start in covered for t in run):
            continue
        text = doc.text[run[0].start : run[-1].end]
        hits = gazetteer.lookup(text)
        if hits and _confident(text, hits[0].entry):
            return Mention(run[0].start, run[-1].end, text, hits), j
    return None


def _confident(text: str, entry: GeoEntry) -> bool:
    if text.lower() in _AMBIGUOUS_WORDS or len(text) < 3 and not text.isupper():
        return False
    if entry.feature_class in ("H", "T", "S"):  # "Indian Ocean", "Korean Peninsula"; "Nile" only when tagged
        return len(text.split()) > 1
    if entry.feature_class in ("A", "L"):  # divisions abroad only when tagged: "Central" is rarely one
        return entry.feature_code not in ("ADM1", "ADM2") or entry.country_code == "USA" and entry.geonameid is not None
    return entry.population >= 100_000 and not text.isupper()  # "IRNA" is an agency


def _sentence_initial_word(doc: Document, token: Token) -> bool:
    # A capitalised first word ("Nice weather...") says nothing about being a name.
    return token.pos != "PROPN" and any(sent.token_start == token.i for sent in doc.sentences)


def _place(place_id: str, mention: Mention, hit: Hit | None) -> Place:
    if hit is None:
        return Place(place_id, mention.text, mention.start, mention.end)
    entry = hit.entry
    return Place(
        place_id=place_id,
        extracted_place=mention.text,
        start=mention.start,
        end=mention.end,
        resolved_place=entry.name,
        country_code=entry.country_code,
        lat=entry.lat,
        lon=entry.lon,
        geonameid=entry.geonameid,
        feature_class=entry.feature_class,
        feature_code=entry.feature_code,
        demonym=hit.demonym,
    )
