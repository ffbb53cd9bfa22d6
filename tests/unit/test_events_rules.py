"""The rule coder on hand-built parses: triggers, parties, status, and PLOVER coding rules."""

from dataclasses import replace
from datetime import date

import pytest

from eventwire.dates import normalize_dates
from eventwire.events import EventCoder
from eventwire.model import Document, Status
from tests.conftest import build_doc


@pytest.fixture(scope="module")
def coder() -> EventCoder:
    return EventCoder()


def _events(coder: EventCoder, doc: Document) -> list[tuple[str, str | None, str, list[str], list[str]]]:
    coded = coder.code_events(doc)
    out = []
    for event in coded.events:
        actors = [coded.mention(i).text for i in event.actor_ids]  # type: ignore[union-attr]
        recipients = [coded.mention(i).text for i in event.recipient_ids]  # type: ignore[union-attr]
        out.append((event.event, event.mode, event.status.value, actors, recipients))
    return out


def test_transitive_verb_codes_actor_and_recipient(coder: EventCoder) -> None:
    doc = build_doc(
        [
            ("Israel", "Israel", "PROPN", "nsubj", 1, "GPE"),
            ("attacked", "attack", "VERB", "ROOT", 1, ""),
            ("Hamas", "Hamas", "PROPN", "dobj", 1, "ORG"),
        ]
    )
    assert _events(coder, doc) == [("ASSAULT", None, "occurred", ["Israel"], ["Hamas"])]


def test_passive_agent_is_the_actor(coder: EventCoder) -> None:
    doc = build_doc(
        [
            ("Hamas", "Hamas", "PROPN", "nsubjpass", 2, "ORG"),
            ("was", "be", "AUX", "auxpass", 2, ""),
            ("attacked", "attack", "VERB", "ROOT", 2, ""),
            ("by", "by", "ADP", "agent", 2, ""),
            ("Israel", "Israel", "PROPN", "pobj", 3, "GPE"),
        ]
    )
    assert _events(coder, doc) == [("ASSAULT", None, "occurred", ["Israel"], ["Hamas"])]


def test_future_visit_is_agree(coder: EventCoder) -> None:
    # PLOVER manual: future meetings and visits are AGREE.
    doc = build_doc(
        [
            ("He", "he", "PRON", "nsubj", 2, ""),
            ("will", "will", "AUX", "aux", 2, ""),
            ("visit", "visit", "VERB", "ROOT", 2, ""),
            ("Tehran", "Tehran", "PROPN", "dobj", 2, "GPE"),
        ]
    )
    assert _events(coder, doc) == [("AGREE", None, "future", ["He"], ["Tehran"])]


def test_scheduled_to_meet_is_future_with_the_passive_subject_as_actor(coder: EventCoder) -> None:
    doc = build_doc(
        [
            ("He", "he", "PRON", "nsubjpass", 2, ""),
            ("is", "be", "AUX", "auxpass", 2, ""),
            ("scheduled", "schedule", "VERB", "ROOT", 2, ""),
            ("to", "to", "PART", "aux", 4, ""),
            ("meet", "meet", "VERB", "xcomp", 2, ""),
            ("with", "with", "ADP", "prep", 4, ""),
            ("Borrell", "Borrell", "PROPN", "pobj", 5, "PERSON"),
        ]
    )
    assert _events(coder, doc) == [("AGREE", None, "future", ["He"], ["Borrell"])]


def test_negated_meeting(coder: EventCoder) -> None:
    doc = build_doc(
        [
            ("Iran", "Iran", "PROPN", "nsubj", 3, "GPE"),
            ("did", "do", "AUX", "aux", 3, ""),
            ("not", "not", "PART", "neg", 3, ""),
            ("meet", "meet", "VERB", "ROOT", 3, ""),
            ("Iraq", "Iraq", "PROPN", "dobj", 3, "GPE"),
        ]
    )
    assert _events(coder, doc) == [("CONSULT", None, "negated", ["Iran"], ["Iraq"])]


def test_threat_to_attack_is_threaten_not_assault(coder: EventCoder) -> None:
    doc = build_doc(
        [
            ("Iran", "Iran", "PROPN", "nsubj", 1, "GPE"),
            ("threatened", "threaten", "VERB", "ROOT", 1, ""),
            ("to", "to", "PART", "aux", 3, ""),
            ("attack", "attack", "VERB", "xcomp", 1, ""),
            ("Israel", "Israel", "PROPN", "dobj", 3, "GPE"),
        ]
    )
    assert [event[0] for event in _events(coder, doc)] == ["THREATEN"]


def test_calling_off_a_visit_is_reject_meet(coder: EventCoder) -> None:
    doc = build_doc(
        [
            ("He", "he", "PRON", "nsubj", 1, ""),
            ("called", "call", "VERB", "ROOT", 1, ""),
            ("off", "off", "ADP", "prt", 1, ""),
            ("a", "a", "DET", "det", 4, ""),
            ("visit", "visit", "NOUN", "dobj", 1, ""),
            ("to", "to", "ADP", "prep", 4, ""),
            ("Washington", "Washington", "PROPN", "pobj", 5, "GPE"),
        ]
    )
    assert _events(coder, doc) == [("REJECT", "meet", "occurred", ["He"], ["Washington"])]


def test_reporting_verb_is_no_event_and_a_bare_event_noun_is_a_back_reference(coder: EventCoder) -> None:
    doc = build_doc(
        [
            ("Hamas", "Hamas", "PROPN", "poss", 2, "ORG"),
            ("’s", "’s", "PART", "case", 0, ""),
            ("attack", "attack", "NOUN", "nsubj", 3, ""),
            ("said", "say", "VERB", "ROOT", 3, ""),
        ]
    )
    assert _events(coder, doc) == []


def test_noun_event_with_owner_and_target_and_its_governed_date(coder: EventCoder) -> None:
    doc = build_doc(
        [
            ("Hamas", "Hamas", "PROPN", "poss", 2, "ORG"),
            ("’s", "’s", "PART", "case", 0, ""),
            ("attacks", "attack", "NOUN", "ROOT", 2, ""),
            ("on", "on", "ADP", "prep", 2, ""),
            ("Israel", "Israel", "PROPN", "pobj", 3, "GPE"),
            ("on", "on", "ADP", "prep", 2, ""),
            ("Oct", "Oct", "PROPN", "pobj", 5, "DATE"),
            ("7", "7", "NUM", "nummod", 6, "DATE"),
        ],
        published_on=date(2024, 3, 26),
    )
    coded = normalize_dates(coder.code_events(doc))
    [event] = coded.events
    assert (event.event, event.occurred_on, event.date_text) == ("ASSAULT", date(2023, 10, 7), "on Oct 7")


def test_event_without_a_party_actor_is_not_coded(coder: EventCoder) -> None:
    doc = build_doc([("Talks", "talk", "NOUN", "nsubj", 1, ""), ("collapsed", "collapse", "VERB", "ROOT", 1, "")])
    assert _events(coder, doc) == []


def test_every_event_has_coder_rule_and_evidence(coder: EventCoder) -> None:
    doc = build_doc(
        [
            ("Israel", "Israel", "PROPN", "nsubj", 1, "GPE"),
            ("attacked", "attack", "VERB", "ROOT", 1, ""),
            ("Hamas", "Hamas", "PROPN", "dobj", 1, "ORG"),
        ]
    )
    [event] = coder.code_events(doc).events
    assert event.coder == "events.rules.v1" and event.rule and event.evidence.end == len(doc.text)
    assert doc.text[event.trigger.start : event.trigger.end] == "attacked"
    assert replace(event, status=Status.FUTURE).status is Status.FUTURE
