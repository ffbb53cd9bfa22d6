"""Resolve party mentions to actors: knowledge-base names, titles with demonyms, agent words,
and pronouns or definite descriptions to an earlier party in the same document.

Reads mentions, entities, tokens and event dates; writes Actor records. Never creates events.
Each actor records the rule that resolved it, so every code can be explained.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from eventwire.actors.kb import AliasHit, KbEntry, KnowledgeBase, Role, normalize, raw_words, words
from eventwire.model import Actor, Document, Mention

PERSONAL = frozenset({"he", "him", "his", "she", "her", "hers"})
NONPERSONAL = frozenset({"it", "its", "they", "them", "their"})
#: Codes of intergovernmental bodies: their organs and officials act for governments (GOV).
INTERGOVERNMENTAL = frozenset({"IGO", "UNO", "EUR"})
#: Words that put a person's office in the past.
FORMER = frozenset({"former", "ousted", "ex", "deposed", "exiled", "toppled"})
_ARTICLES = frozenset({"the", "a", "an"})
#: Words that end a noun phrase's head part: "rebels in Darfur", "Union of Teachers".
POST_HEAD = frozenset({"of", "in", "at", "from", "for", "with", "on", "near", "based", "loyal", "living", "operating"})
#: Kinds whose sector is the country government when a country name stands alone.
_NAMED_KINDS = ("person", "group", "igo", "construct")


@dataclass(frozen=True, slots=True)
class Candidate:
    """An earlier party a pronoun or description may point back to."""

    ref_id: str  # mention id, or "e{start}-{end}" for a parser entity
    start: int
    is_person: bool
    is_subject: bool
    actor: Actor
    title: str = ""  # the knowledge base's title for the person's role then, e.g. "Foreign Minister"


def resolve_mention(
    mention: Mention, *, kb: KnowledgeBase, on: date | None, is_person_entity: bool, in_place_phrase: bool = False
) -> Actor:
    """Resolve one non-pronoun mention by names, demonyms, capitals, agent words, then spelling."""
    named, place, agent = _hits(mention.text, kb)
    if named is None and is_person_entity:
        for how, found in (
            ("surname", kb.surname(mention.text)),
            ("fuzzy", kb.fuzzy(mention.text, kinds=_NAMED_KINDS)),
        ):
            if found is not None:
                actor = _from_named(mention, found.entry, on=on, agent=agent)
                return replace(actor, rule=actor.rule.replace("kb.", f"kb.{how}.", 1))
    if named is not None:
        return _from_named(mention, named.entry, on=on, agent=agent)
    city = kb.city(mention.text) if place is None and not is_person_entity else None
    if city is not None:  # "Tel Aviv", "militias in Samarra": a city names its country's people
        sector = agent.entry.sector if agent else "CVL"
        return Actor(mention.mention_id, None, city[1], sector, None, "gazetteer.city" + ("+agent" if agent else ""))
    if place is None and agent is None and not is_person_entity:
        misspelt = kb.fuzzy_place(mention.text)
        if misspelt is not None:  # "Afganistan": a country or capital, spelled a little wrong
            return Actor(mention.mention_id, misspelt.entry.name, misspelt.entry.code, "GOV", None, "kb.fuzzy.country")
    if place is not None:
        sector = agent.entry.sector if agent else ("GOV" if place.how in ("alias", "capital") else None)
        rule = f"kb.{place.how}" + ("+agent" if agent else "")
        if place.how == "demonym" and not agent and not is_person_entity:
            # "Palestinians", "Iraqi Kurds": a population (PLOVER manual, CVL); a lone adjective
            # ("Israeli" of "Israeli strikes") names the state that acts.
            sector = "GOV" if _lone_adjective(mention.text) else "CVL"
        if place.how == "capital" and in_place_phrase and not agent:
            sector = "CVL"  # "in central Baghdad": the city, not its government (PLOVER GSR readme)
        return Actor(
            mention.mention_id,
            _name_of(mention, place.entry, is_person_entity),
            place.entry.code,
            sector,
            place.entry.qid,
            rule,
        )
    if agent is not None:
        return Actor(mention.mention_id, mention.text, agent.entry.code, agent.entry.sector, None, "kb.agent")
    return Actor(mention.mention_id, mention.text if is_person_entity else None, None, None, None, "unresolved")


def is_pronoun(mention: Mention) -> bool:
    """Whether a mention is a bare personal pronoun."""
    return normalize(mention.text) in PERSONAL | NONPERSONAL


def resolve_pronoun(mention: Mention, candidates: list[Candidate], *, not_before: int) -> Actor:
    """Point a pronoun at the nearest earlier fitting party from ``not_before`` on: a person for
    he/she, a non-person party that was a subject for it/they ("Israel has withdrawn ... It")."""
    word = normalize(mention.text)
    earlier = [c for c in candidates if not_before <= c.start < mention.start]
    if word in PERSONAL:
        fitting = [c for c in earlier if c.is_person]
    else:
        fitting = [c for c in earlier if not c.is_person and c.is_subject and c.actor.code is not None]
    if not fitting:
        return Actor(mention.mention_id, None, None, None, None, "coref.unresolved")
    chosen = max(fitting, key=lambda c: c.start)
    return _pointing(mention, chosen, rule="coref.pronoun")


def resolve_description(mention: Mention, actor: Actor, candidates: list[Candidate]) -> Actor:
    """Link "the Iranian foreign minister" to the person named earlier with that country and role."""
    if actor.entity_name is not None or actor.code is None or not normalize(mention.text).split()[0:1]:
        return actor
    if not mention.text.lower().startswith("the "):
        return actor
    earlier = [
        c
        for c in candidates
        if c.start < mention.start
        and c.is_person
        and c.actor.code == actor.code
        and c.actor.sector == actor.sector
        and c.actor.entity_name is not None
    ]
    # A known title must fit the description: "the Iranian foreign minister" is not the Foreign
    # Ministry spokesperson named after him.
    described = set(words(mention.text))
    fitting = [c for c in earlier if not c.title or set(words(c.title)) <= described]
    titled = [c for c in fitting if c.title]
    chosen = titled or fitting
    if not chosen:
        return actor
    return _pointing(mention, max(chosen, key=lambda c: c.start), rule="coref.description")


def resolve_surname(mention: Mention, actor: Actor, candidates: list[Candidate]) -> Actor:
    """Link "Example" to "John Example" named earlier when the knowledge base does not know it."""
    units = words(mention.text)
    if actor.rule != "unresolved" or len(units) != 1 or not mention.text[:1].isupper():
        return actor
    earlier = [
        c
        for c in candidates
        if c.start < mention.start
        and c.is_person
        and c.actor.entity_name
        and len(words(c.actor.entity_name)) > 1
        and words(c.actor.entity_name)[-1] == units[0]
    ]
    if not earlier:
        return actor
    return _pointing(mention, max(earlier, key=lambda c: c.start), rule="coref.surname")


def _pointing(mention: Mention, chosen: Candidate, *, rule: str) -> Actor:
    source = chosen.actor
    return Actor(
        mention.mention_id,
        source.entity_name,
        source.code,
        source.sector,
        source.identifier_id,
        rule,
        antecedent_id=chosen.ref_id,
    )


def _hits(text: str, kb: KnowledgeBase) -> tuple[AliasHit | None, AliasHit | None, AliasHit | None]:
    """The (named entry, country, agent word) a phrase names, each the best of its kind.

    A name is not counted inside a longer unknown capitalised name ("Tigers" in "Liberation
    Tigers of Tamil Eelam", "Hassan" in "Omar Hassan al-Bashir", "the West" in "the West Bank").
    The agent word is the head's: the last one before any preposition ("Palestinian suicide
    bombers", "Tamil civilian refugees", "president of Armenia").
    """
    hits = list(kb.scan(text))
    units = raw_words(text)
    covered = {i for start, end, _ in hits for i in range(start, end)}

    def inside_longer_name(start: int, end: int) -> bool:
        if len([unit for unit in units[start:end] if unit.lower() != "the"]) > 1:
            return False  # "Arab League Secretary General": a name of two words or more stands
        before = start - 1 if start and not units[start - 1].endswith("'s") else -1  # "bin Laden's al-Qaeda"
        return any(
            0 <= i < len(units) and units[i][:1].isupper() and i not in covered and units[i].lower() not in _ARTICLES
            for i in (before, end)
        )

    named = [
        (start, end, hit)
        for start, end, hit in hits
        if hit.entry.kind in _NAMED_KINDS and hit.how == "alias" and not inside_longer_name(start, end)
    ]
    place = _best(hits, lambda h: h.entry.kind == "country")
    head_end = next((i for i, unit in enumerate(units) if unit.lower() in POST_HEAD), len(units))
    # An agent word inside a body's name is part of it: "union" in "the European Union" (a
    # person's alias may carry their title: "President Reagan").
    body = named[0] if named and named[0][2].entry.kind != "person" else None
    name_units = set(range(body[0], body[1])) if body else set()
    agents = [
        (start, end, hit)
        for start, end, hit in hits
        if hit.entry.kind == "agent" and not name_units & set(range(start, end))
    ]
    specific = [item for item in agents if item[2].entry.sector != "UNK"] or agents  # "groups" says nothing
    before_head = [item for item in specific if item[1] <= head_end] or specific
    agent = max(before_head, key=lambda item: (item[1], item[1] - item[0]))[2] if before_head else None
    return (named[0][2] if named else None), _located(place, hits, head_end, agent), agent


def _located(
    place: AliasHit | None, hits: list[tuple[int, int, AliasHit]], head_end: int, agent: AliasHit | None
) -> AliasHit | None:
    """A population's country is where the phrase puts it: "ethnic Albanians in south Serbia" -> SRB."""
    population = (
        place is not None and place.how == "demonym" and (agent is None or agent.entry.sector in ("CVL", "REF"))
    )
    after = [hit for start, _, hit in hits if start > head_end and hit.entry.kind == "country" and hit.how == "alias"]
    # Still a population (CVL): the country changes, not what the phrase names.
    return AliasHit(after[0].entry, "demonym") if population and after else place


def _best(hits: list[tuple[int, int, AliasHit]], keep: object) -> AliasHit | None:
    chosen = [hit for hit in hits if keep(hit[2])]  # type: ignore[operator]
    return chosen[0][2] if chosen else None  # scan yields longest first


def _from_named(mention: Mention, entry: KbEntry, *, on: date | None, agent: AliasHit | None) -> Actor:
    code, sector, rule = entry.code, entry.sector, f"kb.{entry.kind}"
    if entry.roles:
        role = _role(entry, on=on, mention=mention, agent=agent)
        if role is None:  # out of office on that day: a private person of their country
            code, sector, rule = entry.code, None, "kb.person.no-role-on-date"
        else:
            code, sector, rule = role.code, role.sector, "kb.person.role"
    elif sector is None and agent is not None and entry.kind != "construct":
        sector = agent.entry.sector
    if sector is None and code in INTERGOVERNMENTAL and entry.kind in ("igo", "person"):
        sector = "GOV"  # the UN Security Council, the Arab League's secretary-general (PLOVER GSR)
    return Actor(mention.mention_id, entry.name, code, sector, entry.qid, rule)


def _role(entry: KbEntry, *, on: date | None, mention: Mention, agent: AliasHit | None) -> Role | None:
    """The role held on the day; with no date, the role the text's own title names.

    "President Suharto" with no date is the president, not the elder he later became; "ousted
    President Askar Akayev" is the elder.
    """
    if on is not None:
        return entry.role_on(on)
    described = set(words(mention.text))
    wanted = "ELI" if described & FORMER else (agent.entry.sector if agent is not None else None)
    titled = [role for role in entry.roles if wanted is not None and role.sector == wanted]
    return titled[-1] if titled else entry.role_on(None)


def _lone_adjective(text: str) -> bool:
    # One capitalised word that is not a plural: "Israeli", "Iranian" (not "Israelis").
    units = text.split()
    return len(units) == 1 and units[0][:1].isupper() and not units[0].endswith("s")


def _name_of(mention: Mention, entry: KbEntry, is_person_entity: bool) -> str | None:
    # "Israeli foreign minister Israel Katz": an unknown person keeps their own name; a bare
    # country or capital names the country.
    if is_person_entity:
        return mention.text
    units = words(mention.text)
    return entry.name if len(units) <= 2 else None


def person_entity_spans(doc: Document) -> list[tuple[int, int]]:
    """Spans of the parser's PERSON entities."""
    return [(ent.start, ent.end) for ent in doc.entities if ent.label == "PERSON"]
