"""Actor resolution with the packaged knowledge base: names, titles, capitals, pronouns, dated roles."""

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
