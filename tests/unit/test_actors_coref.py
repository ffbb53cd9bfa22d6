"""Coreference and spelling: surnames after full names, titled descriptions, misspelt names."""

from datetime import date

import pytest

from eventwire.actors import ActorResolver
from eventwire.actors.resolve import Candidate, resolve_description, resolve_mention, resolve_surname
from eventwire.model import Actor, Mention


@pytest.fixture(scope="module")
def resolver() -> ActorResolver:
    return ActorResolver()


def test_a_surname_points_back_to_the_full_name_named_earlier() -> None:
    earlier = Candidate("e0-12", 0, True, True, Actor("e0-12", "John Example", "ISR", "GOV", rule="kb.demonym"))
    unresolved = Actor("m40-47", None, None, None, rule="unresolved")
    actor = resolve_surname(Mention("m40-47", 40, 47, "Example", 0), unresolved, [earlier])
    assert (actor.entity_name, actor.rule, actor.antecedent_id) == ("John Example", "coref.surname", "e0-12")


def test_a_description_skips_a_person_whose_title_does_not_fit() -> None:
    minister = Candidate("e0", 0, True, True, Actor("e0", "A Minister", "IRN", "GOV"), title="Foreign Minister")
    spokesman = Candidate(
        "e50", 50, True, True, Actor("e50", "A Spokesman", "IRN", "GOV"), title="Foreign Ministry spokesperson"
    )
    described = Actor("m90", None, "IRN", "GOV", rule="kb.demonym+agent")
    mention = Mention("m90", 90, 118, "The Iranian foreign minister", 0)
    actor = resolve_description(mention, described, [minister, spokesman])
    assert (actor.entity_name, actor.rule) == ("A Minister", "coref.description")


def test_a_misspelt_known_name_is_matched_by_spelling(resolver: ActorResolver) -> None:
    mention = Mention("m", 0, 13, "Nasser Kanami", 0)
    actor = resolve_mention(mention, kb=resolver.kb, on=date(2024, 3, 26), is_person_entity=True)
    assert (actor.entity_name, actor.code, actor.sector, actor.rule) == (
        "Nasser Kanaani",
        "IRN",
        "GOV",
        "kb.fuzzy.person.role",
    )


def test_an_unknown_name_stays_uncoded(resolver: ActorResolver) -> None:
    mention = Mention("m", 0, 17, "Zzyzx Quillobrand", 0)
    actor = resolve_mention(mention, kb=resolver.kb, on=date(2024, 3, 26), is_person_entity=True)
    assert actor.code is None and actor.rule == "unresolved"
