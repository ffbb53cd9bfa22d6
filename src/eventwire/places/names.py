"""Place names the entity recogniser misses or mislabels, found through the syntax around them.

Reads the document's tokens and the place mentions already found (entities and gazetteer runs);
returns further mentions, each a run of proper-noun tokens that the grammar licenses as a place:

- a conjunct of a place ("the cities of Palmyra and Quaryatayn", "the Jumla and Diwan villages");
- a name that a location or facility noun governs ("the village of Ashmi", "Nuwakot district",
  "the Kissufim crossing", "the vicinity of Kobane");
- an untagged name after a place preposition ("withdrawing from Akhtreen");
- a name ending in a facility word ("Manger Square", "the Bardo Museum", "Darulaman Palace");
- a border named by two adjectives ("the Iraqi-Syrian border").

``loose_names`` returns every other proper-noun run: nothing marks those as places, but an event
may still happen there ("Jaysh Al-Fateh entered Dahiyat Al-Assad", the recogniser's PERSON), so
event location weighs them from their own features (``features.candidates``).

Pure: the caller (``resolve.find_mentions``) looks the names up and resolves them. A facility
mention carries the FAC label, so that resolution places an unknown one at the last city named.
"""

from __future__ import annotations

from collections.abc import Callable

from eventwire.model import Document, Token
from eventwire.places.features import LOCATION_NOUNS, conjunct_groups
from eventwire.syntax import ParseTree

#: Nouns that a place name modifies or that govern one through "of" ("the Kissufim crossing").
PLACE_HEAD_NOUNS = LOCATION_NOUNS | frozenset(
    {
        "outpost", "crossing", "base", "airport", "airbase", "school", "hospital", "checkpoint", "camp", "prison",
        "settlement", "settlements", "vicinity", "neighbourhoods", "neighborhoods", "quarter", "valley", "mountains",
        "hills", "plain", "oasis", "junction", "highway", "road", "refinery", "field", "fields", "mosque",
    }
)  # fmt: skip
#: Last words that make a proper name a facility ("Manger Square", "Bardo Museum").
FACILITY_WORDS = frozenset(
    {
        "square", "museum", "cathedral", "school", "embassy", "palace", "road", "street", "airport", "mosque",
        "church", "hospital", "bridge", "stadium", "gate", "camp", "base", "prison", "hotel", "market",
        "avenue", "highway", "boulevard", "crossing", "checkpoint", "consulate", "temple", "shrine", "fortress",
    }
)  # fmt: skip
#: Prepositions whose untagged proper-noun object is a place.
PLACE_PREPOSITIONS = frozenset({"in", "near", "outside", "inside", "across", "throughout", "around", "from", "at"})
#: Lower-case particles inside Arabic, Spanish and other names ("Ras al-Ain", "San Cristobal de las Casas").
PARTICLES = frozenset({"al", "el", "ad", "as", "ash", "ez", "de", "del", "la", "las", "los", "da", "di", "du", "bin"})
_JOINERS = frozenset({"-", "/"})
#: Entity labels of numbers and times: never part of a place name.
_NUMERIC = frozenset({"DATE", "TIME", "MONEY", "CARDINAL", "ORDINAL", "PERCENT", "QUANTITY"})
#: The label of a name that nothing marks as a place (``loose_names``).
LOOSE_LABEL = "NAME"
Found = tuple[int, int, str]  # first token, last token (inclusive), entity label for the mention


def syntax_names(doc: Document, covered: set[int], is_place: Callable[[int], bool]) -> list[Found]:
    """Token runs of further place names; ``covered`` holds the token indices of mentions found so far.

    ``is_place(i)`` says whether token ``i`` heads a place mention already found.
    """
    tree = ParseTree(doc.tokens)
    taken = set(covered)
    found: list[Found] = []
    groups = conjunct_groups(doc.tokens)
    placed_groups = {groups[i] for i in range(len(doc.tokens)) if is_place(i)}
    for token in doc.tokens:
        if token.i in taken or not _name_word(token):
            continue
        run = _run(doc.tokens, token.i, taken)
        if run is None:
            continue
        first, last = run
        head = _run_head(doc.tokens, first, last)
        label = _licence(tree, head, first, last, groups[head] in placed_groups)
        if label is None:
            continue
        found.append((first, last, label))
        taken.update(range(first, last + 1))
    found.extend(_borders(doc.tokens, taken))
    return sorted(found)


def loose_names(doc: Document, covered: set[int]) -> list[Found]:
    """Every proper-noun run outside ``covered`` (the token indices of the places found so far),
    labelled ``LOOSE_LABEL``; names of numbers and times are left out."""
    taken = set(covered)
    found: list[Found] = []
    for token in doc.tokens:
        if token.i in taken or not _name_word(token) or token.ent_type in _NUMERIC:
            continue
        run = _run(doc.tokens, token.i, taken)
        if run is not None:
            found.append((run[0], run[1], LOOSE_LABEL))
            taken.update(range(run[0], run[1] + 1))
    return found


def _licence(tree: ParseTree, head: int, first: int, last: int, conjoined: bool) -> str | None:
    """The label a licensed run gets ("FAC" or ""), or None when nothing says it is a place."""
    tokens = tree.tokens
    token = tokens[head]
    if token.ent_type in ("PERSON", "NORP") and not conjoined and token.lemma.lower() not in FACILITY_WORDS:
        return None
    if tokens[last].lemma.lower() in FACILITY_WORDS and last > first:
        return "FAC"
    if conjoined and token.pos == "PROPN" and token.ent_type != "ORG":  # "Israel and Hamas" stays an actor
        return ""
    parent = tree.head(head)
    if parent is None:
        return None
    lemma = parent.lemma.lower()
    if token.dep in ("compound", "nmod", "amod") and parent.pos in ("NOUN", "PROPN") and lemma in PLACE_HEAD_NOUNS:
        return ""
    if token.dep == "pobj" and lemma == "of":
        grand = tree.head(parent.i)
        return "" if grand is not None and grand.lemma.lower() in PLACE_HEAD_NOUNS else None
    if token.dep == "pobj" and lemma in PLACE_PREPOSITIONS and not token.ent_type:
        return ""
    return None


def _name_word(token: Token) -> bool:
    return token.pos == "PROPN" and token.text[:1].isupper() and token.text.lower() not in ("the", "of")


def _run(tokens: tuple[Token, ...], i: int, taken: set[int]) -> tuple[int, int] | None:
    """The proper-noun run through token ``i``: names, particles and the hyphens or slashes joining them."""

    def inside(k: int) -> bool:
        if k < 0 or k >= len(tokens) or k in taken:
            return False
        word = tokens[k]
        if _name_word(word) or word.text.lower() in PARTICLES and word.pos in ("PROPN", "X", "ADP", "DET"):
            return True
        if word.text in _JOINERS:  # only between two name parts, written without spaces
            return 0 < k < len(tokens) - 1 and tokens[k - 1].end == word.start and word.end == tokens[k + 1].start
        return False

    first = last = i
    while inside(first - 1):
        first -= 1
    while inside(last + 1):
        last += 1
    while first < last and not _name_word(tokens[first]) and tokens[first].text not in ("al", "Al", "el", "El"):
        first += 1
    while last > first and not _name_word(tokens[last]):
        last -= 1
    return (first, last) if _name_word(tokens[last]) else None


def _run_head(tokens: tuple[Token, ...], first: int, last: int) -> int:
    """The run's token whose head lies outside it (the last such: "Darulaman Palace" is Palace)."""
    outside = [k for k in range(first, last + 1) if not first <= tokens[k].head <= last or tokens[k].head == k]
    return outside[-1] if outside else last


def _borders(tokens: tuple[Token, ...], taken: set[int]) -> list[Found]:
    """ "the Greek-Macedonian border": two joined adjectives of nationality before "border"."""
    found = []
    for token in tokens:
        k = token.i
        if token.lemma.lower() != "border" or k < 3 or any(j in taken for j in range(k - 3, k + 1)):
            continue
        left, joiner, right = tokens[k - 3], tokens[k - 2], tokens[k - 1]
        names = left.text[:1].isupper() and right.text[:1].isupper()
        if joiner.text == "-" and names and left.pos in ("ADJ", "PROPN") and right.pos in ("ADJ", "PROPN"):
            found.append((k - 3, k, "LOC"))
    return found
