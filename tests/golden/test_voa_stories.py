"""The whole pipeline on three public-domain VOA stories (tests/golden/voa, credit: VOA).

Checks what must hold for any article rather than a frozen coding: every story yields events,
each event is traceable (evidence and trigger inside the text, coder and rule named), and most
actors resolve to a code or a name.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.api import Engine
from eventwire.model import Document

STORIES = Path(__file__).with_name("voa") / "stories.jsonl"


@pytest.fixture(scope="module")
def docs() -> list[Document]:
    out = list(Engine().documents([STORIES]))
    assert all(isinstance(doc, Document) for doc in out), out
    return out  # type: ignore[return-value]


def test_every_story_yields_events(docs: list[Document]) -> None:
    assert len(docs) == 3
    assert all(len(doc.events) >= 3 for doc in docs), [len(doc.events) for doc in docs]


def test_events_are_traceable(docs: list[Document]) -> None:
    for doc in docs:
        for event in doc.events:
            assert 0 <= event.evidence.start <= event.trigger.start < event.trigger.end <= event.evidence.end
            assert event.evidence.end <= len(doc.text) and event.coder and event.rule
            assert event.actor_ids and all(doc.mention(i) is not None for i in event.actor_ids)


def test_most_actors_are_resolved(docs: list[Document]) -> None:
    actors = [doc.actor_for(i) for doc in docs for event in doc.events for i in event.actor_ids]
    resolved = [a for a in actors if a is not None and (a.code or a.entity_name)]
    assert len(resolved) / len(actors) >= 0.6, [a for a in actors if a not in resolved]


def test_dates_fall_near_publication(docs: list[Document]) -> None:
    for doc in docs:
        assert doc.published_on is not None
        for event in doc.events:
            if event.occurred_on is not None:
                assert abs((event.occurred_on - doc.published_on).days) <= 366, (event, doc.published_on)
