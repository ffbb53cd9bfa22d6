"""Parties as PETRARCH finds them, for events a user's PETRARCH/TABARI verb dictionary codes.

Reads the parse and ``Document.actor_spans`` (the knowledge-base names actors.spot marked);
returns token indices, mentions and events. Used only for lexicon rows marked ``positional``
(loaded from a verb dictionary through ``--lexicon``), so the default coder is unchanged.
Never resolves who a party is and never names an actor: a "name" is any knowledge-base span.

PETRARCH codes the first dictionary actor of the verb phrase as the target, splits compound
actors ("France and Germany", "the ambassadors of A, B and C") into one party each, reads a
reciprocal code ``[A:B]`` as two events (the target does B to the source) and a ``%`` pattern
as a compound actor whose members act on each other.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import replace

from eventwire.events.lexicon import Entry
from eventwire.model import Event, Mention, Span
from eventwire.syntax import ParseTree

#: The verb's own subject and auxiliaries are not in its phrase; a coordinated verb is another phrase.
NOT_IN_PHRASE = frozenset({"nsubj", "nsubjpass", "csubj", "expl", "aux", "auxpass", "neg", "parataxis", "cc", "punct"})
#: What lies outside a verb's phrase below it: a coordinated verb or a parenthetical clause.
OTHER_PHRASES = frozenset({"conj", "parataxis"})
#: The longest run of adjacent words a PETRARCH pattern item joins with `_`.
MAX_RUN = 4
#: Clauses inside a noun phrase say something else about it: "the parade supporting Gondor".
NOT_IN_NOUN_PHRASE = frozenset({"relcl", "acl", "advcl", "ccomp", "parataxis"})
#: A name that only modifies a party noun stands for it: "Osgiliath soldiers", "Ithilen's president".
MODIFIER_DEPS = frozenset({"compound", "amod", "poss", "nmod"})
NOMINAL = frozenset({"PROPN", "NOUN", "PRON", "ADJ"})
#: Prepositions that place a party noun with a name: "lawmakers in Fornost", "soldiers from Gondor".
PLACING_PREPS = frozenset({"in", "from"})

IsParty = Callable[[int], bool]


class Names:
    """Knowledge-base name spans of one document, looked up by token."""

    def __init__(self, tree: ParseTree, spans: tuple[Span, ...]) -> None:
        self._tree = tree
        self._spans = spans

    def span(self, index: int) -> Span | None:
        """The name span a token lies in, or None."""
        token = self._tree[index]
        return next((s for s in self._spans if s.start <= token.start and token.end <= s.end), None)

    def root(self, index: int) -> int:
        """The token of a name whose head lies outside the name (the name's own head)."""
        span = self.span(index)
        current = index
        while span is not None:
            head = self._tree.head(current)
            if head is None or not (span.start <= head.start and head.end <= span.end):
                break
            current = head.i
        return current


def members(tree: ParseTree, index: int, names: Names) -> list[int]:
    """A party and the parties coordinated with it ("Mordor, Rohan, Fornost and Bree"), in order."""
    found = [index]
    for kid in tree.children(index, "conj", "appos"):
        if kid.pos in NOMINAL and (kid.dep == "conj" or names.span(kid.i) is not None):
            found.extend(members(tree, kid.i, names))
    return sorted(dict.fromkeys(found))


def _first_name(tree: ParseTree, indices: list[int], names: Names) -> int | None:
    return next((names.root(i) for i in sorted(indices) if names.span(i) is not None), None)


def _stands_for(tree: ParseTree, root: int, is_party: IsParty) -> int:
    head = tree.head(root)
    if tree[root].dep in MODIFIER_DEPS and head is not None and head.i > root and is_party(head.i):
        return head.i  # "Osgiliath soldiers": the soldiers, of Osgiliath
    return root


def split_parties(tree: ParseTree, heads: list[int], names: Names, is_party: IsParty) -> list[int]:
    """Each party of a compound: coordinated names, or the names a party noun is 'of' / 'in'."""
    out: list[int] = []
    for head in heads:
        if names.span(head) is not None:
            out.extend(members(tree, names.root(head), names))
            continue
        inside = tree.subtree(head, skip=NOT_IN_NOUN_PHRASE)
        first = _first_name(tree, [i for i in inside if i != head], names)
        listed = members(tree, first, names) if first is not None else []
        # "the ambassadors of Arnor, Osgiliath and Gondor": one party per country named; a single
        # name ("the government of Gondor") keeps its noun, which the actors stage reads whole.
        out.extend(listed if len(listed) > 1 else [head])
    return list(dict.fromkeys(out))


def phrase_target(tree: ParseTree, index: int, names: Names, is_party: IsParty, *, exclude: set[int]) -> list[int]:
    """The first knowledge-base name after the verb in its own phrase, with its coordinated names."""
    inside: list[int] = []
    for kid in tree.children(index):
        if kid.dep in NOT_IN_PHRASE or (kid.dep == "conj" and kid.pos in ("VERB", "AUX")):
            continue
        inside.extend(tree.subtree(kid.i))
    first = _first_name(tree, [i for i in inside if i > index and i not in exclude], names)
    if first is None:
        return []
    return [_stands_for(tree, member, is_party) for member in members(tree, first, names)]


def phrase_words(tree: ParseTree, index: int) -> tuple[frozenset[str], frozenset[str]]:
    """Words before and after the verb in its phrase (auxiliaries included), as written and as
    lemmas, plus the runs of up to four adjacent words joined by `_` that PETRARCH's `A_B` needs."""
    inside = sorted({*tree.subtree(index, skip=OTHER_PHRASES), *(k.i for k in tree.children(index, "aux", "auxpass"))})
    sides: tuple[set[str], set[str]] = (set(), set())
    for position, i in enumerate(inside):
        if i == index:
            continue
        side = sides[0] if i < index else sides[1]
        run = [j for j in inside[position : position + MAX_RUN] if j != index]
        run = [j for k, j in enumerate(run) if j - i == k]  # adjacent in the sentence
        for end in range(1, len(run) + 1):
            for text in (
                "_".join(tree[j].text.lower() for j in run[:end]),
                "_".join(tree[j].lemma.lower() for j in run[:end]),
            ):
                side.add(text)
                if run[end - 1] == index - 1:
                    side.add(text + "_*")  # touches the verb: PETRARCH's `RECENTLY_*`
                if i == index + 1:
                    side.add("*_" + text)  # `*_UP`
    return frozenset(sides[0]), frozenset(sides[1])


def _name_modified(tree: ParseTree, head: int, names: Names) -> bool:
    return any(names.span(kid.i) is not None for kid in tree.children(head, *MODIFIER_DEPS))


def is_named(tree: ParseTree, head: int, names: Names) -> bool:
    """Whether a party's noun phrase contains a knowledge-base name."""
    return any(names.span(i) is not None for i in tree.subtree(head, skip=NOT_IN_NOUN_PHRASE))


def name_mention(tree: ParseTree, head: int, names: Names, *, text: str) -> Mention | None:
    """The name itself as the mention, so a listed name does not swallow its neighbours; a party
    noun placed by a name ("Soldiers from Gondor", "Lawmakers in Fornost") runs up to the name."""
    span = names.span(head)
    if span is None:
        place = _placed_by(tree, head, names)
        if place is None:
            return None
        start = min(
            tree[head].start, tree[tree.subtree(head, skip=NOT_IN_NOUN_PHRASE | {"conj", "cc", "prep"})[0]].start
        )
        span = Span(start, place.end)
    return Mention(f"m{span.start}-{span.end}", span.start, span.end, text[span.start : span.end], head)


def mention(
    tree: ParseTree, head: int, names: Names | None, *, text: str, otherwise: Callable[..., Mention]
) -> Mention:
    """A party's mention: `name_mention` for PETRARCH-coded events (names given), else `otherwise`."""
    found = name_mention(tree, head, names, text=text) if names is not None else None
    return found or otherwise(tree, head, text=text)


def _placed_by(tree: ParseTree, head: int, names: Names) -> Span | None:
    for prep in tree.children(head, "prep"):
        if prep.text.lower() in PLACING_PREPS:
            for obj in tree.children(prep.i, "pobj"):
                first = _first_name(tree, tree.subtree(obj.i, skip=NOT_IN_NOUN_PHRASE), names)
                if first is not None:
                    return names.span(first)  # "from Gondor", or a misparse such as "from [Gondor wire]"
    return None


def paired_events(event: Event, entry: Entry) -> Iterator[Event]:
    """The event, split for a `%` compound actor and mirrored for a reciprocal code."""
    if entry.compound and len(event.actor_ids) > 1:  # "X and Y have delayed their meeting": with each other
        pairs = [((a,), (b,)) for a in event.actor_ids for b in event.actor_ids if a != b]
        events = [_variant(event, event.event, event.mode, actors, recipients) for actors, recipients in pairs]
    else:
        events = [event]
    for one in events:
        yield one
        if entry.reverse and one.recipient_ids:
            yield _variant(one, entry.reverse, None, one.recipient_ids, one.actor_ids)


def _variant(
    event: Event, plover: str, mode: str | None, actors: tuple[str, ...], recipients: tuple[str, ...]
) -> Event:
    key = "|".join([event.event_id, plover, ",".join(actors), ",".join(recipients)])
    return replace(
        event,
        event_id=hashlib.sha256(key.encode("utf-8")).hexdigest()[:16],
        event=plover,
        mode=mode,
        actor_ids=actors,
        recipient_ids=recipients,
    )


def positional_parties(
    tree: ParseTree,
    index: int,
    actors: list[int],
    recipients: list[int],
    names: Names,
    is_party: IsParty,
    swap: bool = False,
) -> tuple[list[int], list[int]]:
    """Actors and recipients split into single parties; the target is the phrase's first name
    when the parse found no named one ("condemned an attack by Osgiliath soldiers"). A pattern
    whose source follows the verb (`swap`) turns a subject-first reading round: in "Eriador
    received money from Osgiliath", Osgiliath gives."""
    # A noun a dictionary name modifies is a party even when the noun is not one of ours
    # ("The Danish media", "The KU basketball team"): PETRARCH codes the name.
    actors = [h for h in actors if is_party(h) or names.span(h) or _name_modified(tree, h, names)]
    if not actors:  # "Old foes Gondor and Osgiliath have renewed": a second subject the parser split off
        actors = [kid.i for kid in tree.children(index, "nsubj") if names.span(kid.i) is not None]
    actors = split_parties(tree, actors, names, is_party)
    if any(is_named(tree, head, names) for head in recipients):
        recipients = split_parties(tree, recipients, names, is_party)
    else:
        recipients = phrase_target(tree, index, names, is_party, exclude=set(actors)) or recipients
    # PETRARCH's target follows its verb, or is the subject of a passive one.
    recipients = [h for h in recipients if h not in actors and (h > index or tree[h].dep == "nsubjpass")]
    if swap and recipients and all(h < index for h in actors) and all(h > index for h in recipients):
        return recipients, actors
    return actors, recipients
