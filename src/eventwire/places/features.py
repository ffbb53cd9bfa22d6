"""Features of a (event, place) pair for the event-location classifier.

Reads an event's trigger, its sentence's parse and the document's places; returns sparse
string-valued features (name -> value) for each candidate place in the sentence. Pure: no
model, no I/O. The same function feeds ``scripts/train_event_location.py`` and ``locate``, so
training and run time cannot drift apart.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

from eventwire.model import Document, Place, Sentence, Token
from eventwire.syntax import span_head

#: Prepositions that say where something happened.
LOCATIVE = frozenset(
    {"in", "at", "near", "outside", "inside", "across", "throughout", "around", "within", "into", "along", "on"}
)
#: Nouns that stand between a preposition and the place it names ("the city of Rafah").
LOCATION_NOUNS = frozenset(
    {
        "city", "town", "village", "region", "province", "area", "district", "capital", "country", "state",
        "border", "camp", "outskirts", "suburb", "neighborhood", "neighbourhood", "county", "part", "port",
        "territory", "strip", "governorate", "enclave", "centre", "center", "north", "south", "east", "west",
        "parts", "areas", "villages", "towns", "cities", "regions", "provinces", "districts", "heart", "edge",
        "streets", "street", "square", "countryside", "outskirt", "municipality", "island", "coast",
    }
)  # fmt: skip
#: Prepositions of direction or origin: attached to a noun ("a visit to Washington"), they name
#: where something else goes or comes from, not where the event happened.
DIRECTION = frozenset({"to", "from", "toward", "towards", "into"})
_MAX_PATH = 4
Features = dict[str, float]


@dataclass(frozen=True, slots=True)
class Candidate:
    """A place in the event's sentence, with its features."""

    place: Place
    features: Features
    head: int  # the token that heads the place's name
    group: int  # the first token of the coordination the head belongs to (itself when none)


def candidates(
    doc: Document,
    trigger: int,
    sent: Sentence,
    extra: Sequence[Place] = (),
    loose: Sequence[Place] = (),
    *,
    words: bool = False,
) -> list[Candidate]:
    """Every non-demonym place of the sentence, with the features of its link to the trigger.

    ``extra`` adds places outside the document's list (``resolve.syntax_places``), ``loose`` names
    that nothing marks as places (``resolve.loose_places``), each with features of its own;
    ``words`` adds the words before and after each place (for models trained with them).
    """
    known = [*doc.places, *extra, *loose]
    unlicensed = {id(place) for place in loose}
    places = [p for p in known if not p.demonym and sent.start <= p.start < sent.end]
    heads = [span_head(doc.tokens, place.start, place.end) for place in places]
    trigger_start = doc.tokens[trigger].start
    order = sorted(range(len(places)), key=lambda k: abs(places[k].start - trigger_start))
    named = {head for head in heads if head is not None}
    groups = {head: conjunct_group(doc.tokens, head) for head in named}
    found = []
    for rank, k in enumerate(order):
        head = heads[k]
        if head is None:
            continue
        features = _pair_features(doc, places[k], head, trigger, sent)
        features[f"rank={min(rank, 3)}"] = 1.0
        features[f"count={min(len(places), 4)}"] = 1.0
        features.update(_neighbour_features(doc.tokens, head, trigger, named, groups))
        if places[k] in extra or id(places[k]) in unlicensed:
            token = doc.tokens[head]
            features["syntax_name"] = 1.0
            features[f"syntax_name&dep={token.dep}&label={token.ent_type or 'none'}"] = 1.0
            features[f"syntax_name&resolved={places[k].lat is not None}"] = 1.0
        first, last = _token_range(doc.tokens, places[k])
        if words:
            features[f"prev={doc.tokens[first - 1].lemma.lower() if first > 0 else '^'}"] = 1.0
            features[f"next={doc.tokens[last + 1].lemma.lower() if last + 1 < len(doc.tokens) else '$'}"] = 1.0
        if id(places[k]) in unlicensed:
            features.update(_loose_features(doc.tokens, places[k], head, first, last))
        found.append(Candidate(places[k], features, head, groups[head]))
    return found


def conjunct_groups(tokens: Sequence[Token]) -> list[int]:
    """For each token, the first token of its coordination ("A, B and C" all map to A)."""
    return [conjunct_group(tokens, token.i) for token in tokens]


def conjunct_group(tokens: Sequence[Token], index: int) -> int:
    """The first token of the coordination token ``index`` stands in (itself when none)."""
    current, steps = tokens[index], 0
    while current.dep == "conj" and current.head != current.i and steps < 50:
        current, steps = tokens[current.head], steps + 1
    return current.i


def token_rows(tokens: Sequence[Token], place: Place) -> range:
    """The indices of the tokens that start inside the place's span."""
    first = bisect_left(tokens, place.start, key=lambda token: token.start)
    return range(first, bisect_left(tokens, place.end, lo=first, key=lambda token: token.start))


def _token_range(tokens: tuple[Token, ...], place: Place) -> tuple[int, int]:
    """The first and last of ``token_rows`` (the first twice when the span starts no token)."""
    rows = token_rows(tokens, place)
    return rows.start, max(rows.start, rows.stop - 1)


def _loose_features(tokens: tuple[Token, ...], place: Place, head: int, first: int, last: int) -> Features:
    """What a name nothing marks as a place has instead: its label, role, governor, the word before
    it, and its first and last word ("Jabal", "Tal", "Kafr" begin villages; "Abu" begins a person)."""
    token = tokens[head]
    before = tokens[first - 1].lemma.lower() if first > 0 else "^"
    label = token.ent_type or "none"
    return {
        f"loose&first={tokens[first].text.lower().split('-')[0]}": 1.0,
        f"loose&last={tokens[last].text.lower().split('-')[-1]}": 1.0,
        "loose": 1.0,
        f"loose&dep={token.dep}": 1.0,
        f"loose&label={label}": 1.0,
        f"loose&label={label}&dep={token.dep}": 1.0,
        f"loose&resolved={place.lat is not None}": 1.0,
        f"loose&parent={tokens[token.head].lemma.lower()}": 1.0,
        f"loose&prev={before}": 1.0,
        f"loose&words={min(3, len(place.extracted_place.split()))}": 1.0,
    }


def _neighbour_features(
    tokens: tuple[Token, ...], head: int, trigger: int, named: set[int], groups: dict[int, int]
) -> Features:
    """How the place stands to the sentence's other places: inside one, holding one, listed with one."""
    features: Features = {}
    others = named - {head}
    route = [i for i in ancestors(tokens, head)[:4] if i != trigger]
    if any(i in others for i in route):
        features["under_place"] = 1.0  # "Homs province" of "Palmyra ... in the Homs province"
    if any(head in ancestors(tokens, other)[:4] for other in others):
        features["over_place"] = 1.0
    if any(groups[other] == groups[head] for other in others):
        features["listed_with_place"] = 1.0
    features[f"trigger={tokens[trigger].lemma.lower()}"] = 1.0
    return features


def _pair_features(doc: Document, place: Place, head: int, trigger: int, sent: Sentence) -> Features:
    tokens = doc.tokens
    token, parent = tokens[head], tokens[tokens[head].head]
    features: Features = {"bias": 1.0}
    features[f"label={token.ent_type or 'none'}"] = 1.0
    features[f"fclass={place.feature_class or 'none'}"] = 1.0
    features[f"fcode={place.feature_code or 'none'}"] = 1.0
    features[f"dep={token.dep}"] = 1.0
    features[f"parent={word_class(parent)}"] = 1.0
    features[f"parent={word_class(parent)}&dep={token.dep}"] = 1.0
    if parent.pos == "ADP":
        grand = tokens[parent.head]
        features[f"prep_head={word_class(grand)}"] = 1.0
        features[f"prep={parent.lemma.lower()}&head_trigger={parent.head == trigger}"] = 1.0
        if parent.lemma.lower() in DIRECTION and grand.pos == "NOUN" and grand.i != trigger:
            features["destination"] = 1.0
    distance = head - trigger
    features[f"side={'before' if distance < 0 else 'after'}"] = 1.0
    features[f"dist={_bucket(abs(distance))}"] = 1.0
    features[f"dist={_bucket(abs(distance))}&side={distance < 0}"] = 1.0
    features[f"trigger_pos={tokens[trigger].pos}"] = 1.0
    features[f"trigger_dep={tokens[trigger].dep}"] = 1.0
    features[f"trigger_tag={tokens[trigger].tag}"] = 1.0
    for kid in tokens[sent.token_start : sent.token_end]:
        if kid.head == trigger and kid.i != trigger and kid.dep in ("auxpass", "prt", "agent", "neg"):
            features[f"trigger_has={kid.dep}"] = 1.0
    features.update(_path_features(tokens, head, trigger))
    if head - sent.token_start <= 4 and any(t.lemma.lower() == "in" for t in tokens[sent.token_start : head]):
        features["opening_in"] = 1.0
    if head + 1 < len(tokens) and tokens[head + 1].tag == "POS" or token.dep == "poss":
        features["possessive"] = 1.0
    if place.lat is None:
        features["unresolved"] = 1.0
    return features


def _path_features(tokens: tuple[Token, ...], head: int, trigger: int) -> Features:
    """The dependency path from the place up to the lowest common ancestor and down to the trigger."""
    up = [head, *ancestors(tokens, head)]
    down = [trigger, *ancestors(tokens, trigger)]
    shared = next((i for i in up if i in set(down)), None)
    if shared is None:
        return {"path=none": 1.0}
    up_path = [_step(tokens[i]) for i in up[: up.index(shared)]]
    down_path = [tokens[i].dep for i in down[: down.index(shared)]]
    features: Features = {
        f"up={'>'.join(up_path[:_MAX_PATH])}": 1.0,
        f"down={'>'.join(down_path[:_MAX_PATH])}": 1.0,
        f"uplen={min(len(up_path), 6)}": 1.0,
        f"downlen={min(len(down_path), 4)}": 1.0,
        f"lca={word_class(tokens[shared])}": 1.0,
    }
    if len(up_path) > 1:
        features[f"up_last={up_path[-1]}"] = 1.0
    route = up[: up.index(shared)]
    if any(tokens[i].dep in ("nsubj", "nsubjpass") for i in route):
        features["in_subject"] = 1.0
    if any(tokens[i].pos == "NOUN" and tokens[i].lemma.lower() not in LOCATION_NOUNS for i in route[1:]):
        features["through_noun"] = 1.0
    preps = [tokens[i].lemma.lower() for i in route if tokens[i].pos == "ADP"]
    if preps:
        features[f"first_prep={preps[0]}"] = 1.0
        features[f"locative={preps[0] in LOCATIVE}"] = 1.0
    return features


def _step(token: Token) -> str:
    if token.pos == "ADP":
        return f"{token.dep}:{token.lemma.lower()}"
    if token.pos == "NOUN" and token.lemma.lower() in LOCATION_NOUNS:
        return f"{token.dep}:LOCNOUN"
    return token.dep


def word_class(token: Token) -> str:
    """Name the token's class: its preposition, a location noun, else its part of speech."""
    lemma = token.lemma.lower()
    if token.pos == "ADP":
        return f"ADP:{lemma}"
    if token.pos == "NOUN" and lemma in LOCATION_NOUNS:
        return "LOCNOUN"
    return token.pos


def _bucket(distance: int) -> str:
    for limit in (1, 3, 6, 10, 20):
        if distance <= limit:
            return str(limit)
    return "far"


def ancestors(tokens: tuple[Token, ...], index: int) -> list[int]:
    """List the token's heads up to the root, nearest first."""
    out, seen = [], {index}
    current = tokens[index].head
    while current not in seen:
        seen.add(current)
        out.append(current)
        current = tokens[current].head
    return out
