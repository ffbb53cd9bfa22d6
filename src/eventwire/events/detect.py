"""Find event triggers in the parse, code them with the lexicon, and pick their parties.

Reads tokens, sentences and entities; writes Event and Mention records. Never resolves who a
party is (the actors stage does) and never names a particular actor, place or phrase: every
word list here is grammatical, the coding knowledge lives in the lexicon data files.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from eventwire.events import petrarch_roles as petrarch
from eventwire.events.lexicon import Entry, Lexicon
from eventwire.events.roles import place_target, quote_speaker
from eventwire.events.status import event_status
from eventwire.model import Document, Event, Mention, Sentence, Span, Status
from eventwire.syntax import ParseTree

CODER = "events.rules.v1"
PARTY_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC"})
NOT_PARTY_LABELS = frozenset({"DATE", "TIME", "CARDINAL", "MONEY", "PERCENT", "QUANTITY", "ORDINAL"})
PRONOUNS = frozenset({"he", "she", "they", "it", "him", "her", "them", "his", "its", "their", "we", "us", "our"})
RELATIVE = frozenset({"which", "who", "that", "whom"})
# Verbs whose object is the subject of their infinitive: "urged Iran to use", "emboldened X to".
OBJECT_CONTROL = frozenset(
    {
        "urge",
        "ask",
        "force",
        "persuade",
        "embolden",
        "encourage",
        "order",
        "allow",
        "call",
        "press",
        "push",
        "invite",
        "tell",
        "warn",
        "compel",
        "help",
    }
)
RECIPIENT_PREPS = frozenset(
    {"with", "to", "against", "on", "for", "from", "toward", "towards", "at", "into", "upon", "over"}
)
# Prepositions on a verb's object that name the recipient: "support for X", "a visit to X"
# (not "efforts against X", where X is not the one acted upon).
OBJECT_PREPS = frozenset({"for", "to", "with", "from", "on"})
QUANTITY_NOUNS = frozenset(
    {
        "dozen",
        "hundred",
        "thousand",
        "million",
        "number",
        "scores",
        "score",
        "group",
        "handful",
        "majority",
        "some",
        "many",
        "all",
        "most",
        "several",
    }
)
# PLOVER 2.0: these types need a recipient.
NEEDS_RECIPIENT = frozenset({"COOPERATE", "AID", "SANCTION"})
# Verbs whose direct object is the topic, not a party ("discussed Gaza with Borrell").
TOPIC_VERBS = frozenset({"discuss"})
# Material conflict a noun announces against a place: the people there are its target.
PLACE_TARGETED = frozenset({"ASSAULT", "COERCE"})
# Verbal events whose clausal complement is their content, not a separate event.
VERBAL = frozenset({"AGREE", "REQUEST", "REJECT", "THREATEN", "ACCUSE", "CONCEDE", "SUPPORT"})
MENTION_DEPS = frozenset(
    {
        "det",
        "amod",
        "compound",
        "poss",
        "case",
        "nmod",
        "appos",
        "flat",
        "nummod",
        "quantmod",
        "punct",
        "prep",
        "pobj",
        "cc",
        "conj",
        "advmod",
        "npadvmod",
    }
)
CLAUSAL = frozenset({"ccomp", "advcl", "parataxis", "relcl", "acl", "conj", "xcomp"})


@dataclass(frozen=True, slots=True)
class _Trigger:
    index: int
    entry: Entry
    particle: int | None


def detect_events(
    doc: Document, *, lexicon: Lexicon, party_nouns: frozenset[str]
) -> tuple[tuple[Event, ...], tuple[Mention, ...]]:
    """Return the events found in every sentence and the mentions of their parties."""
    tree = ParseTree(doc.tokens)
    sentences = doc.sentences
    events: dict[str, Event] = {}
    mentions: dict[str, Mention] = {}
    for sent in sentences:
        triggers = {t.index: t for t in _triggers(tree, sent, lexicon)}
        for trigger in triggers.values():
            if _embedded(tree, trigger.index, triggers):
                continue
            found = _build_event(tree, trigger, sent, doc=doc, party_nouns=party_nouns, lexicon_nouns=lexicon.nouns)
            if found is not None:
                event, parties = found
                for one in petrarch.paired_events(event, trigger.entry):  # one, unless PETRARCH-coded
                    events.setdefault(one.event_id, one)
                mentions.update((mention.mention_id, mention) for mention in parties)
    return tuple(events.values()), tuple(sorted(mentions.values(), key=lambda m: (m.start, m.end)))


def sentence_triggers(tree: ParseTree, sent: Sentence, lexicon: Lexicon) -> tuple[tuple[int, Entry], ...]:
    """Return the lexicon's event triggers in a sentence as (token index, lexicon row)."""
    return tuple((trigger.index, trigger.entry) for trigger in _triggers(tree, sent, lexicon))


def _triggers(tree: ParseTree, sent: Sentence, lexicon: Lexicon) -> list[_Trigger]:
    found = []
    for index in range(sent.token_start, sent.token_end):
        token = tree[index]
        pos = "VERB" if token.pos == "VERB" else "NOUN" if token.pos == "NOUN" else None
        if token.pos == "ADJ" and tree.children(index, "ccomp"):
            pos = "ADJ"  # "critical that Iran uses its influence": a judgement on a clause
        lemma = lexicon.key(pos, token.lemma.lower(), token.text.lower())
        if pos is None or not lexicon.has(pos, lemma):
            continue
        particles = tree.children(index, "prt") if pos == "VERB" else []
        before, after = _context(tree, index, pos, wide=lexicon.positional(pos, lemma))
        entry = lexicon.match(
            pos,
            lemma,
            particle=particles[0].text.lower() if particles else "",
            before=before,
            after=after,
        )
        if entry is None and particles:  # "carried out" coded by "carry" when no particle row exists
            continue
        if entry is not None and entry.is_event:
            found.append(_Trigger(index, entry, particles[0].i if particles else None))
    return found


def _context(tree: ParseTree, index: int, pos: str, *, wide: bool) -> tuple[frozenset[str], frozenset[str]]:
    if wide:  # a PETRARCH pattern reads the verb's whole phrase, its clausal complement included
        return petrarch.phrase_words(tree, index)
    skip = CLAUSAL if pos == "VERB" else frozenset({"relcl", "acl"})
    words = tree.subtree(index, skip=skip)
    aux = [kid.i for kid in tree.children(index, "aux", "auxpass", "neg")]
    before = {w for i in words + aux if i < index for w in (tree[i].lemma.lower(), tree[i].text.lower())}
    after = {w for i in words if i > index for w in (tree[i].lemma.lower(), tree[i].text.lower())}
    return frozenset(before), frozenset(after)


def _embedded(tree: ParseTree, index: int, triggers: dict[int, _Trigger]) -> bool:
    # "agreed to withdraw", "alleged the resolution emboldened Hamas to demand": the outer verbal
    # event carries the inner one as its content.
    if triggers[index].entry.positional:
        return False  # PETRARCH codes every verb's own event, a reported one too
    current = index
    for head in tree.ancestors(index):
        if tree[current].dep not in ("xcomp", "ccomp", "advcl", "dobj", "pcomp", "prep", "pobj", "conj"):
            return False
        outer = triggers.get(head.i)
        if outer is not None and outer.entry.plover in VERBAL and tree[current].dep != "conj":
            return True
        current = head.i
    return False


def _build_event(
    tree: ParseTree,
    trigger: _Trigger,
    sent: Sentence,
    *,
    doc: Document,
    party_nouns: frozenset[str],
    lexicon_nouns: frozenset[str],
) -> tuple[Event, list[Mention]] | None:
    index, entry, doc_id = trigger.index, trigger.entry, doc.doc_id
    is_noun, is_adj = tree[index].pos == "NOUN", entry.pos == "ADJ"
    if is_adj:
        actor_heads = [kid.i for kid in tree.children(index, "nsubj") if kid.text.lower() != "it"]
    else:
        actor_heads = _noun_actors(tree, index) if is_noun else _verb_actors(tree, index)
    nouns = party_nouns - lexicon_nouns
    actors = [h for h in actor_heads if _is_party(tree, h, nouns, lexicon_nouns, doc.actor_spans)]
    if is_adj:
        recipient_heads = [
            sub.i for clause in tree.children(index, "ccomp") for sub in tree.children(clause.i, "nsubj")
        ]
    else:
        recipient_heads = _noun_recipients(tree, index) if is_noun else _verb_recipients(tree, index)
    recipients = [
        h for h in recipient_heads if _is_party(tree, h, nouns, lexicon_nouns, doc.actor_spans) and h not in actors
    ]
    names = petrarch.Names(tree, doc.actor_spans) if entry.positional else None
    if names is not None:  # a user's PETRARCH verb dictionary: parties as PETRARCH finds them
        actors, recipients = petrarch.positional_parties(
            tree, index, actor_heads, recipients, names, lambda h: _is_party(tree, h, nouns, lexicon_nouns), entry.swap
        )
    status = event_status(tree, index)
    if is_noun and not recipients and status is Status.FUTURE and entry.plover in PLACE_TARGETED:
        recipients = [h for h in place_target(tree, index) if h not in actors]  # "a planned operation in Rafah"
    speaker = None if actors or is_noun else quote_speaker(doc, tree, index, sent)
    if (not actors and speaker is None) or (is_noun and not recipients) or (speaker and not recipients):
        return None  # PLOVER needs an actor; a bare noun is usually a back-reference
    if not recipients and (entry.plover in NEEDS_RECIPIENT or entry.lemma in TOPIC_VERBS):
        return None  # "the delegation was to discuss a planned operation": a topic, no counterpart
    parties = {h: petrarch.mention(tree, h, names, text=doc.text, otherwise=_mention) for h in actors + recipients}
    plover, mode = entry.plover, entry.mode
    if plover == "CONSULT" and status is Status.FUTURE:
        plover, mode = "AGREE", None  # PLOVER manual: future meetings are AGREE
    end = tree[trigger.particle].end if trigger.particle is not None else tree[index].end
    actor_ids = tuple(parties[h].mention_id for h in actors) or ((speaker.mention_id,) if speaker else ())
    recipient_ids = tuple(parties[h].mention_id for h in recipients)
    event = Event(
        event_id=_event_id(doc_id, sent, plover, actor_ids, recipient_ids),
        event=plover,
        mode=mode,
        contexts=entry.contexts,
        status=status,
        evidence=Span(sent.start, sent.end),
        trigger=Span(tree[index].start, end),
        coder=CODER,
        rule=entry.origin,
        confidence=_confidence(entry),
        actor_ids=actor_ids,
        recipient_ids=recipient_ids,
    )
    return event, list(parties.values()) + ([speaker] if speaker is not None else [])


def _verb_actors(tree: ParseTree, index: int, *, controller: bool = False) -> list[int]:
    token = tree[index]
    # A passive subject controls an infinitive ("he is scheduled to meet") but is the
    # recipient of the passive verb itself ("Hamas was attacked by Israel").
    subjects = tree.children(index, "nsubj", "nsubjpass") if controller else tree.children(index, "nsubj")
    if subjects:
        subject = subjects[0]
        head = tree.head(index)
        if subject.text.lower() in RELATIVE and token.dep == "relcl" and head is not None:
            return [head.i]
        return _with_conjuncts(tree, subject.i)
    agents = [pobj for agent in tree.children(index, "agent") for pobj in tree.children(agent.i, "pobj")]
    if agents:
        return _with_conjuncts(tree, agents[0].i)
    head = tree.head(index)
    if head is None or token.dep not in ("xcomp", "conj", "advcl", "ccomp"):
        return []
    objects = tree.children(head.i, "dobj")
    if token.dep in ("xcomp", "advcl") and objects and head.lemma.lower() in OBJECT_CONTROL:
        return _with_conjuncts(tree, objects[0].i)
    copula = tree.head(head.i) if head.pos == "ADJ" and head.dep == "acomp" else None
    if token.dep == "xcomp" and copula is not None:
        head = copula  # "X is about to restore", "X is ready to talk": the copula's subject acts
    return _verb_actors(tree, head.i, controller=True) if head.pos in ("VERB", "AUX") else []


def _verb_recipients(tree: ParseTree, index: int) -> list[int]:
    heads: list[int] = []
    objects = ("dative", "nsubjpass") if tree[index].lemma.lower() in TOPIC_VERBS else ("dobj", "dative", "nsubjpass")
    for obj in tree.children(index, *objects):
        heads.extend(_with_conjuncts(tree, obj.i))
        heads.extend(_prep_objects(tree, obj.i, preps=OBJECT_PREPS))
    heads.extend(_prep_objects(tree, index))
    for clause in tree.children(index, "ccomp"):
        heads.extend(s.i for s in tree.children(clause.i, "nsubj", "nsubjpass"))
    # "threatened to attack Israel": the content verb's object is the recipient.
    for clause in tree.children(index, "xcomp"):
        heads.extend(obj.i for obj in tree.children(clause.i, "dobj"))
        heads.extend(_prep_objects(tree, clause.i))
    return list(dict.fromkeys(_quantified(tree, head) for head in heads))


def _quantified(tree: ParseTree, index: int) -> int:
    # "dozens of protesters", "hundreds of civilians": the party is the "of" object.
    token = tree[index]
    if token.ent_type == "CARDINAL" or token.lemma.lower() in QUANTITY_NOUNS:
        for prep in tree.children(index, "prep"):
            if prep.text.lower() == "of":
                objects = tree.children(prep.i, "pobj")
                if objects:
                    return objects[0].i
    return index


def _noun_actors(tree: ParseTree, index: int) -> list[int]:
    owners = tree.children(index, "poss")
    if owners:
        return [owners[0].i]
    modifiers = [kid.i for kid in tree.children(index, "amod", "compound") if kid.ent_type in PARTY_LABELS]
    if modifiers:
        return modifiers[:1]
    return [
        pobj.i
        for prep in tree.children(index, "prep")
        if prep.text.lower() == "by"
        for pobj in tree.children(prep.i, "pobj")
    ][:1]


def _noun_recipients(tree: ParseTree, index: int) -> list[int]:
    return _prep_objects(tree, index)


def _prep_objects(tree: ParseTree, index: int, *, preps: frozenset[str] = RECIPIENT_PREPS) -> list[int]:
    heads = []
    for prep in tree.children(index, "prep"):
        if prep.text.lower() in preps:
            for pobj in tree.children(prep.i, "pobj"):
                heads.extend(_with_conjuncts(tree, pobj.i))
    return heads


def _with_conjuncts(tree: ParseTree, index: int) -> list[int]:
    return [index] + [kid.i for kid in tree.children(index, "conj") if kid.pos in ("PROPN", "NOUN", "PRON")]


def _is_party(
    tree: ParseTree, index: int, party_nouns: frozenset[str], event_nouns: frozenset[str], names: tuple[Span, ...] = ()
) -> bool:
    token = tree[index]
    if any(span.start <= token.start and token.end <= span.end for span in names):
        return True  # a knowledge-base name (actors.spot), even one the parser does not tag
    if token.ent_type in NOT_PARTY_LABELS or (token.pos == "NOUN" and token.lemma.lower() in event_nouns):
        return False  # "U.S. military operations" names an event, not a party
    if token.pos == "PRON":
        return token.text.lower() in PRONOUNS and token.dep != "expl"
    if token.ent_type in PARTY_LABELS or token.lemma.lower() in party_nouns:
        return True
    # "the UN resolution", "Iran's envoy": a noun owned by or compounded with a named party.
    modifiers = tree.children(index, "compound", "poss", "nmod")
    return token.pos == "NOUN" and any(kid.ent_type in PARTY_LABELS for kid in modifiers)


def _mention(tree: ParseTree, head: int, *, text: str) -> Mention:
    indices = _mention_tokens(tree, head)
    while len(indices) > 1 and tree[indices[-1]].pos in ("PUNCT", "CCONJ", "ADP"):
        indices.pop()
    while len(indices) > 1 and tree[indices[0]].pos in ("PUNCT", "CCONJ", "ADP"):
        indices.pop(0)
    start, end = tree[indices[0]].start, tree[indices[-1]].end
    return Mention(mention_id=f"m{start}-{end}", start=start, end=end, text=text[start:end], head=head)


def _mention_tokens(tree: ParseTree, head: int) -> list[int]:
    keep = {head}
    for kid in tree.children(head):
        if kid.dep not in MENTION_DEPS or kid.dep in ("conj", "cc"):
            continue
        if kid.dep == "prep" and not _qualifies(tree, kid.i):
            continue
        keep.update(_mention_tokens(tree, kid.i))
    # A mention is the contiguous run of kept tokens around its head.
    low = high = head
    while low - 1 in keep:
        low -= 1
    while high + 1 in keep:
        high += 1
    return list(range(low, high + 1))


def _qualifies(tree: ParseTree, prep: int) -> bool:
    # "leader of Hamas", "police in Nigeria", "officials from Iran" name who the party is.
    word = tree[prep].text.lower()
    if word == "of":
        return True
    return word in ("in", "from") and any(obj.ent_type in ("GPE", "NORP") for obj in tree.children(prep, "pobj"))


def _event_id(doc_id: str, sent: Sentence, plover: str, actors: tuple[str, ...], recipients: tuple[str, ...]) -> str:
    key = "|".join([doc_id, f"{sent.start}-{sent.end}", plover, ",".join(actors), ",".join(recipients)])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def _confidence(entry: Entry) -> float:
    base = 0.75 if entry.priority <= 0 else 0.6
    return round(min(0.95, base + 0.05 * entry.specificity), 2)
