"""Actor resolution with the packaged knowledge base: names, titles, capitals, pronouns, dated roles."""

from dataclasses import replace
from datetime import date

import pytest

from eventwire.actors import ActorResolver
from eventwire.actors.resolve import Candidate, resolve_mention, resolve_pronoun
from eventwire.events import EventCoder
from eventwire.model import Actor, Mention
from tests.conftest import build_doc


@pytest.fixture(scope="module")
def resolver() -> ActorResolver:
    return ActorResolver()


def _resolve(resolver: ActorResolver, text: str, *, on: date | None = None, person: bool = False) -> Actor:
    mention = Mention("m", 0, len(text), text, 0)
    return resolve_mention(mention, kb=resolver.kb, on=on, is_person_entity=person)


@pytest.mark.parametrize(
    ("text", "code", "sector"),
    [
        ("Israeli foreign minister Israel Katz", "ISR", "GOV"),
        ("Israeli foreign minister John Example", "ISR", "GOV"),
        ("Washington", "USA", "GOV"),
        ("Tehran", "IRN", "GOV"),
        ("Hamas leader Ismail Haniyeh", "PSE", "REB"),
        ("the UN Security Council", "UNO", "GOV"),  # organs of intergovernmental bodies act for governments
        ("Iraqi police", "IRQ", "COP"),
        ("The West", None, None),
    ],
)
def test_kb_resolution(resolver: ActorResolver, text: str, code: str | None, sector: str | None) -> None:
    actor = _resolve(resolver, text, on=date(2024, 3, 26), person=text.split()[-1][0].isupper())
    assert (actor.code, actor.sector) == (code, sector), actor.rule


@pytest.mark.parametrize(
    ("text", "sector"),
    [("Palestinians", "CVL"), ("Iraqi Kurds", "CVL"), ("Israeli", "GOV")],  # a lone adjective: the state acts
)
def test_demonyms_name_a_population_or_the_acting_state(resolver: ActorResolver, text: str, sector: str) -> None:
    actor = _resolve(resolver, text, on=date(2024, 3, 26), person=False)
    assert actor.sector == sector, actor.rule


def test_roles_hold_only_on_their_dates(resolver: ActorResolver) -> None:
    in_office = _resolve(resolver, "Hossein Amir-Abdollahian", on=date(2024, 3, 26), person=True)
    assert (in_office.code, in_office.sector, in_office.rule) == ("IRN", "GOV", "kb.person.role")
    before = _resolve(resolver, "Hossein Amir-Abdollahian", on=date(2010, 1, 1), person=True)
    assert before.sector is None and before.rule == "kb.person.no-role-on-date"


def test_he_points_at_the_nearest_earlier_person() -> None:
    earlier = Actor("e0-9", "Benjamin Netanyahu", "ISR", "GOV", None, "kb.person.role")
    candidates = [
        Candidate("e0-9", 0, True, True, earlier),
        Candidate("e20-26", 20, False, True, Actor("e20-26", "Israel", "ISR", "GOV")),
    ]
    actor = resolve_pronoun(Mention("m40-42", 40, 42, "He", 9), candidates, not_before=0)
    assert (actor.entity_name, actor.rule, actor.antecedent_id) == ("Benjamin Netanyahu", "coref.pronoun", "e0-9")


def test_it_needs_an_earlier_non_person_subject() -> None:
    person = Candidate("e0-9", 0, True, True, Actor("e0-9", "Benjamin Netanyahu", "ISR", "GOV"))
    assert resolve_pronoun(Mention("m", 40, 42, "It", 9), [person], not_before=0).rule == "coref.unresolved"


def test_events_whose_only_actor_is_an_unresolved_pronoun_are_dropped(resolver: ActorResolver) -> None:
    doc = build_doc(
        [
            ("It", "it", "PRON", "nsubj", 1, ""),
            ("attacked", "attack", "VERB", "ROOT", 1, ""),
            ("Hamas", "Hamas", "PROPN", "dobj", 1, "ORG"),
        ]
    )
    coded = resolver.resolve_actors(EventCoder().code_events(doc))
    assert coded.events == () and {a.rule for a in coded.actors} >= {"coref.unresolved"}


@pytest.mark.parametrize(
    ("text", "code", "sector", "rule"),
    [
        # With no date, the title in the text picks the role; "former" picks the elder.
        ("Iraqi President Saddam Hussein", "IRQ", "GOV", "kb.person.role"),
        # A city the entries lack gives its country; its people are civilians.
        ("Tel Aviv", "ISR", "CVL", "gazetteer.city"),
        # The head's agent word sets the sector, not a modifier before it.
        ("Tamil civilian refugees", None, "REF", "kb.agent"),
        # An agent word inside a body's own name does not set its sector.
        ("the European Union", "EUR", "GOV", "kb.igo"),
        # A population's country is where the phrase puts it.
        ("ethnic Albanians in south Serbia", "SRB", "CVL", "kb.demonym"),
        # A single misspelt country or capital.
        ("Afganistan", "AFG", "GOV", "kb.fuzzy.country"),
        # An acronym in a PETRARCH name is an alias of its own.
        ("MILF", "PHL", "REB", "kb.group"),
    ],
)
def test_resolution_rules_without_a_date(
    resolver: ActorResolver, text: str, code: str | None, sector: str | None, rule: str
) -> None:
    actor = _resolve(resolver, text, on=None, person=False)
    assert (actor.code, actor.sector) == (code, sector), actor.rule
    assert actor.rule.startswith(rule)


def test_former_picks_the_elder_role(resolver: ActorResolver) -> None:
    actor = _resolve(resolver, "Ousted President Askar Akayev", on=None, person=True)
    assert (actor.code, actor.sector) == ("KGZ", "ELI"), actor.rule


def test_a_name_inside_a_longer_unknown_name_is_not_that_name(resolver: ActorResolver) -> None:
    # "Hassan" (a Jordanian entry) inside "Omar Hassan al-Bashir"; "Tigers" inside the LTTE's name.
    actor = _resolve(resolver, "President Omar Hassan al-Bashir", on=None, person=True)
    assert (actor.code, actor.sector, actor.rule) == (None, "GOV", "kb.agent")  # a president, of no known country
    assert _resolve(resolver, "Liberation Tigers of Tamil Eelam", on=None).code == "LKA"


def test_surname_lookup_needs_the_given_name_to_agree(resolver: ActorResolver) -> None:
    assert resolver.kb.surname("Tom King") is None
    hit = resolver.kb.surname("Carlos Menem")
    assert hit is not None and hit.entry.code == "ARG"


def test_an_agent_takes_the_one_country_of_its_sentence(resolver: ActorResolver) -> None:
    doc = build_doc(
        [
            ("Rebels", "rebel", "NOUN", "nsubj", 1, ""),
            ("attacked", "attack", "VERB", "ROOT", 1, ""),
            ("Chad", "Chad", "PROPN", "dobj", 1, "GPE"),
        ]
    )
    rebels = Mention("m0-6", 0, 6, "Rebels", 0)
    actor = resolver.resolve_actors(replace(doc, mentions=(rebels,))).actor_for("m0-6")
    assert actor is not None and (actor.code, actor.sector, actor.rule) == ("TCD", "REB", "kb.agent+sentence-country")


def test_ethnic_groups_take_the_other_country_of_their_sentence(resolver: ActorResolver) -> None:
    doc = build_doc(
        [
            ("Serbia", "Serbia", "PROPN", "nsubj", 1, "GPE"),
            ("arrested", "arrest", "VERB", "ROOT", 1, ""),
            ("ethnic", "ethnic", "ADJ", "amod", 3, ""),
            ("Albanians", "Albanians", "PROPN", "dobj", 1, "NORP"),
        ]
    )
    albanians = Mention("m16-32", 16, 32, "ethnic Albanians", 3)
    actor = resolver.resolve_actors(replace(doc, mentions=(albanians,))).actor_for("m16-32")
    assert actor is not None and (actor.code, actor.sector) == ("SRB", "CVL"), actor.rule
