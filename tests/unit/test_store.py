"""The SQLite store: migrations, idempotent writes, replacement of changed documents, round trips."""

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire.model import Actor, Document, Event, Failure, Mention, Span, Status
from eventwire.store import SqliteStore


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
    )
    return Document(
        doc_id=doc_id,
        text=text,
        mentions=(actor, recipient),
        events=(event,),
        actors=(Actor("m0-6", "Israel", "ISR", "GOV", None, "kb.alias"),),
    )


def test_schema_is_migrated_and_writes_are_idempotent(tmp_path: Path) -> None:
    with SqliteStore(tmp_path / "e.db") as store:
        assert store.schema_version == 1
        assert store.write_document(_doc()).outcome == "inserted"
        assert store.write_document(_doc()).outcome == "unchanged"
        assert (store.count("documents"), store.count("events"), store.count("entities")) == (1, 1, 2)
    with SqliteStore(tmp_path / "e.db") as store:  # reopening applies nothing twice
        assert store.schema_version == 1 and store.count("events") == 1


def test_a_changed_text_replaces_the_earlier_rows(tmp_path: Path) -> None:
    with SqliteStore(tmp_path / "e.db") as store:
        store.write_document(_doc())
        changed = _doc("Israel attacked Hamas again.")
        assert store.write_document(changed).outcome == "replaced"
        assert store.count("documents") == 1 and store.count("events") == 1
        [record] = store.event_records("d1")
        assert record["event_text"] == "Israel attacked Hamas again."
        assert record["actor"][0]["code"] == "ISR" and record["recipient"][0]["code"] is None


def test_failures_are_recorded(tmp_path: Path) -> None:
    with SqliteStore(tmp_path / "e.db") as store:
        store.write_failure(Failure("bad.bin", "ingest", "looks binary"))
        assert store.failures() == [Failure("bad.bin", "ingest", "looks binary")]


@settings(max_examples=25, deadline=None)
@given(text=st.text(min_size=22, max_size=200), doc_id=st.text(min_size=1, max_size=40))
def test_round_trip_of_any_text_and_id(tmp_path_factory, text: str, doc_id: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("db") / "e.db"
    with SqliteStore(path) as store:
        store.write_document(_doc(text, doc_id))
        [record] = store.event_records(doc_id)
        assert record["event_text"] == text and record["doc_id"] == doc_id
        assert store.write_document(_doc(text, doc_id)).outcome == "unchanged"
