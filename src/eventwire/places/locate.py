"""Event location: link an event to the place where it happened, not every place in its sentence.

Reads an event, its sentence's parse and the document's places; returns a place id or None.
A place locates an event when the parse joins it to the trigger through a locative preposition
("met in Tehran", "in the southern Gaza city of Rafah"), or when it is the object of a verb of
arrival or attack ("visiting Tehran", "shelled Kharkiv"). A place reached through another noun
("called off a visit to Washington") locates that noun, not the event. Tuned on the
event_location corpus (Halterman 2019, MIT) with its RELABEL part held out.
"""

from __future__ import annotations

from eventwire.model import Document, Event, Place, Token

#: Prepositions that say where something happened.
LOCATIVE = frozenset(
    {"in", "at", "near", "outside", "inside", "across", "throughout", "around", "within", "into", "along"}
)
#: Verbs whose direct object is where the event took place.
PLACE_OBJECT_VERBS = frozenset(
    {
        "visit", "enter", "reach", "tour", "attack", "bomb", "raid", "storm", "capture", "seize", "occupy",
        "invade", "shell", "strike", "hit", "besiege", "overrun", "liberate", "take", "control", "patrol",
        "target", "bombard", "surround", "retake", "recapture", "cross", "flee", "leave", "evacuate", "shake",
    }
)  # fmt: skip
#: Nouns that stand between a preposition and the place it names ("the city of Rafah").
LOCATION_NOUNS = frozenset(
    {
        "city", "town", "village", "region", "province", "area", "district", "capital", "country", "state",
        "border", "camp", "outskirts", "suburb", "neighborhood", "neighbourhood", "county", "part", "port",
        "territory", "strip", "governorate", "enclave", "centre", "center", "north", "south", "east", "west",
        "parts", "areas", "villages", "towns", "cities", "regions", "provinces", "districts", "heart", "edge",
    }
)  # fmt: skip
_MAX_STEPS = 8
#: Prepositions that name somewhere the event is not: a destination or origin of something else.
_NOT_HERE = frozenset({"to", "from", "toward", "towards", "for", "against", "with", "by"})


def locate_event(doc: Document, event: Event) -> str | None:
    """The id of the place where the event happened, or None when its sentence does not say."""
    trigger = _token_at(doc.tokens, event.trigger.start)
    if trigger is None:
        return None
    sent = next((s for s in doc.sentences if s.start <= event.evidence.start < s.end), None)
    if sent is None:
        return None
    anchors = _anchors(doc.tokens, trigger)
    best: tuple[float, str] | None = None
    for place in doc.places:
        if place.demonym or not sent.start <= place.start < sent.end:
            continue
        score = _link_score(doc, place, anchors)
        if score is None and place.geonameid is not None and not _elsewhere(doc, place, trigger):
            # No parse path: the sentence's nearest place still most often is where it happened
            # (event_location: "the explosion ... in downtown Manila destroyed").
            score = -abs(place.start - doc.tokens[trigger].start) / 1000
        if score is not None and (best is None or score > best[0]):
            best = (score, place.place_id)
    return best[1] if best else None


def _elsewhere(doc: Document, place: Place, trigger: int) -> bool:
    """Whether the place is reached through a preposition of direction or origin ("visit to Washington")."""
    head = _span_head(doc.tokens, place)
    if head is None:
        return True
    parent = doc.tokens[doc.tokens[head].head]
    if doc.tokens[head].dep in ("compound", "amod") and parent.lemma.lower() not in LOCATION_NOUNS:
        return True  # "a close U.S. ally": a modifier, not a setting
    return parent.pos == "ADP" and parent.lemma.lower() in _NOT_HERE and parent.head != trigger


def _anchors(tokens: tuple[Token, ...], trigger: int) -> dict[int, float]:
    """The trigger and the verbs it hangs from in its clause ("scheduled to meet"), with a cost."""
    anchors = {trigger: 0.0}
    current, cost = trigger, 0.0
    for _ in range(3):
        token = tokens[current]
        if token.dep not in ("xcomp", "aux", "auxpass", "ccomp") or token.head == current:
            break
        current, cost = token.head, cost + 0.5
        anchors[current] = cost
    for token in tokens:
        if token.head == trigger and token.dep in ("dobj", "nsubjpass", "attr") and token.pos in ("NOUN", "PROPN"):
            anchors.setdefault(token.i, 0.5)  # "captured two Germans ... in a district"
    return anchors


def _link_score(doc: Document, place: Place, anchors: dict[int, float]) -> float | None:
    tokens = doc.tokens
    head = _span_head(tokens, place)
    if head is None:
        return None
    if tokens[head].dep == "dobj" and tokens[head].head in anchors:
        verb = tokens[tokens[head].head]
        if verb.lemma.lower() in PLACE_OBJECT_VERBS:
            return 2.5 - anchors[verb.i]
    saw_preposition, current = False, head
    for step in range(_MAX_STEPS):
        parent = tokens[current].head
        if parent == current:
            return None
        if parent in anchors:
            if not saw_preposition:
                return None
            # "the Gaza city of Rafah": the modifier is less specific than the place it modifies.
            modifier = 1.0 if tokens[head].dep in ("compound", "amod", "nmod") else 0.0
            return 3.0 - anchors[parent] - 0.1 * step - modifier
        if not _passable(tokens[parent], tokens[current]):
            return None
        saw_preposition = saw_preposition or tokens[parent].lemma.lower() in LOCATIVE
        current = parent
    return None


def _passable(token: Token, child: Token) -> bool:
    """Whether the path to the trigger may go through this token and keep locating the event."""
    lemma = token.lemma.lower()
    if token.pos == "ADP":
        return lemma in LOCATIVE or (lemma == "of" and child.pos == "PROPN")
    if token.pos == "PROPN":
        return True  # "Rafah, Gaza" or "Kafr Naya and Aleppo"
    return token.pos == "NOUN" and lemma in LOCATION_NOUNS


def _span_head(tokens: tuple[Token, ...], place: Place) -> int | None:
    inside = [t for t in tokens if place.start <= t.start < place.end]
    for token in inside:
        if not place.start <= tokens[token.head].start < place.end or token.head == token.i:
            return token.i
    return inside[-1].i if inside else None


def _token_at(tokens: tuple[Token, ...], offset: int) -> int | None:
    return next((token.i for token in tokens if token.start <= offset < token.end), None)
