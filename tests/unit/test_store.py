"""Both stores (SQLite, PostgreSQL): migrations, idempotent writes, replacement, round trips.

The PostgreSQL cases need a server named by EVENTWIRE_TEST_POSTGRES (a postgresql:// URL whose
database the tests may wipe); ``.ci/run`` starts one. Without it they skip locally and fail in CI.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwire.export import document_record
from eventwire.model import Actor, Document, Event, Failure, Mention, Place, Quote, Span, Status
from eventwire.store import SqliteStore, SqlStore, open_store

POSTGRES_ENV = "EVENTWIRE_TEST_POSTGRES"
Opener = Callable[[], SqlStore]


def _postgres_url() -> str:
    url = os.environ.get(POSTGRES_ENV)
    if url:
        return url
    message = f"{POSTGRES_ENV} is not set: start PostgreSQL and export a postgresql:// URL (see .ci/run)."
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def _wipe_postgres(url: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as db:
        db.execute("DROP SCHEMA public CASCADE")
        db.execute("CREATE SCHEMA public")


@pytest.fixture(params=["sqlite", "postgres"])
def opener(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[[], SqlStore]]:
    """A function that opens the same fresh database each time it is called."""
    if request.param == "sqlite":
        yield lambda: SqliteStore(tmp_path / "e.db")
        return
    url = _postgres_url()
    _wipe_postgres(url)
    yield lambda: open_store(url)


def _doc(text: str = "Israel attacked Hamas.", doc_id: str = "d1") -> Document:
    actor, recipient = Mention("m0-6", 0, 6, "Israel", 0), Mention("m16-21", 16, 21, "Hamas", 2)
    event = Event(
        event_id=f"{doc_id}-e1",
        event="ASSAULT",
        evidence=Span(0, len(text)),
        trigger=Span(7, 15),
        coder="events.rules.v1",
        actor_ids=("m0-6",),
        recipient_ids=("m16-21",),
        status=Status.OCCURRED,
        location_id="p1",
        quote_ids=("q1",),
    )
    return Document(
        doc_id=doc_id,
        text=text,
        mentions=(actor, recipient),
        events=(event,),
        actors=(Actor("m0-6", "Israel", "ISR", "GOV", None, "kb.alias"),),
        places=(Place("p1", "Gaza", 0, 4, "Gaza Strip", "PSE", 31.4, 34.3, 281133),),
        quotes=(Quote("q1", "We attacked", 0, 11, True, "said", "m0-6", (f"{doc_id}-e1",)),),
    )


def test_schema_is_migrated_and_writes_are_idempotent(opener: Opener) -> None:
    with opener() as store:
        assert store.schema_version == 2
        assert store.write_document(_doc()).outcome == "inserted"
        assert store.write_document(_doc()).outcome == "unchanged"
        counts = [store.count(table) for table in ("documents", "events", "entities", "quotes", "places")]
        assert counts == [1, 1, 2, 1, 1]
    with opener() as store:  # reopening applies nothing twice
        assert store.schema_version == 2 and store.count("events") == 1


def test_a_changed_text_replaces_the_earlier_rows(opener: Opener) -> None:
    with opener() as store:
        store.write_document(_doc())
        changed = _doc("Israel attacked Hamas again.")
        assert store.write_document(changed).outcome == "replaced"
        assert [store.count(t) for t in ("documents", "events", "quotes", "places", "event_parties")] == [1, 1, 1, 1, 2]
        [record] = store.event_records("d1")
        assert record["event_text"] == "Israel attacked Hamas again."
        assert record["actor"][0]["code"] == "ISR" and record["recipient"][0]["code"] is None


def test_has_document_checks_id_and_text(opener: Opener) -> None:
    from eventwire.store import text_digest

    with opener() as store:
        store.write_document(_doc())
        assert store.has_document("d1", text_digest("Israel attacked Hamas."))
        assert not store.has_document("d1", text_digest("Israel attacked Hamas again."))
        assert not store.has_document("d2", text_digest("Israel attacked Hamas."))


def test_a_failed_write_leaves_nothing_behind(opener: Opener) -> None:
    doc = _doc()
    duplicate = Document(doc_id="d1", text=doc.text, mentions=doc.mentions * 2)  # same mention id twice
    with opener() as store:
        with pytest.raises(Exception):  # noqa: B017 - sqlite3 and psycopg raise different integrity errors
            store.write_document(duplicate)
        assert store.count("documents") == 0 and store.count("entities") == 0
        assert store.write_document(doc).outcome == "inserted"


def test_failures_are_recorded(opener: Opener) -> None:
    with opener() as store:
        store.write_failure(Failure("bad.bin", "ingest", "looks binary"))
        assert store.failures() == [Failure("bad.bin", "ingest", "looks binary")]


def test_open_store_picks_the_backend_from_the_url(tmp_path: Path) -> None:
    with open_store(tmp_path / "x.db") as store:
        assert isinstance(store, SqliteStore)
    with open_store(str(tmp_path / "y.db")) as store:
        assert isinstance(store, SqliteStore)


_text = st.text(st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)), max_size=40)
_opt_text = st.none() | _text
_floats = st.floats(allow_nan=False, allow_infinity=False)


@st.composite
def documents(draw: st.DrawFn) -> Document:
    """Any document whose records point at each other consistently."""
    body = draw(st.text(st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)), min_size=1))
    doc_id = draw(_text.filter(bool))
    n = len(body)
    span = st.tuples(st.integers(0, n), st.integers(0, n)).map(sorted)
    mentions = tuple(Mention(f"m{i}", *draw(span), text=draw(_text), head=0) for i in range(draw(st.integers(0, 3))))
    ids = [m.mention_id for m in mentions]
    actors = tuple(
        Actor(m, draw(_opt_text), draw(_opt_text), draw(_opt_text), draw(_opt_text), draw(_text), draw(_opt_text))
        for m in ids
        if draw(st.booleans())
    )
    places = tuple(
        Place(f"p{i}", draw(_text), *draw(span), draw(_opt_text), draw(_opt_text), draw(_floats), draw(_floats),
              draw(st.none() | st.integers(0, 2**62)))
        for i in range(draw(st.integers(0, 2)))
    )  # fmt: skip
    events = tuple(
        Event(
            event_id=f"{doc_id}-e{i}",
            event=draw(st.sampled_from(["ASSAULT", "CONSULT", "PROTEST"])),
            evidence=Span(*draw(span)),
            trigger=Span(*draw(span)),
            coder="events.rules.v1",
            actor_ids=tuple(draw(st.lists(st.sampled_from(ids), max_size=2, unique=True))) if ids else (),
            status=draw(st.sampled_from(list(Status))),
            confidence=draw(st.floats(0, 1)),
            occurred_on=draw(st.none() | st.dates(date(1900, 1, 1), date(2100, 1, 1))),
            date_text=draw(_opt_text),
            location_id=draw(st.sampled_from([None, *[p.place_id for p in places]])),
        )
        for i in range(draw(st.integers(0, 3)))
    )
    quotes = tuple(
        Quote(f"q{i}", draw(_text), *draw(span), draw(st.booleans()), draw(_opt_text),
              draw(st.sampled_from([None, *ids])), tuple(e.event_id for e in events[:1]))
        for i in range(draw(st.integers(0, 2)))
    )  # fmt: skip
    published = draw(st.none() | st.dates())
    return Document(doc_id, body, "src", draw(_opt_text), draw(_opt_text), published, mentions=mentions,
                    actors=actors, events=events, places=places, quotes=quotes)  # fmt: skip


def _round_trip(opener: Opener, doc: Document) -> None:
    with opener() as store:
        store.write_document(doc)
        assert list(store.document_records()) == [document_record(doc)]
        assert store.write_document(doc).outcome == "unchanged"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(doc=documents())
def test_round_trip_of_any_document_through_sqlite(tmp_path_factory: pytest.TempPathFactory, doc: Document) -> None:
    path = tmp_path_factory.mktemp("db") / "e.db"
    _round_trip(lambda: SqliteStore(path), doc)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(doc=documents())
def test_round_trip_of_any_document_through_postgres(doc: Document) -> None:
    url = _postgres_url()
    _wipe_postgres(url)
    _round_trip(lambda: open_store(url), doc)
