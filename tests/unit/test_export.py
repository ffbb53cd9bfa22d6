"""`eventwire export`: JSONL document records, CSV rows, Parquet by event date; filters."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

from click.testing import CliRunner

from eventwire.cli import main
from eventwire.export import document_record
from eventwire.model import Actor, Document, Event, Mention, Place, Span
from eventwire.store import SqliteStore


def _doc(doc_id: str, events: list[tuple[str, date | None, str]]) -> Document:
    text = "Israel attacked Hamas in Gaza."
    mentions = (Mention("m0", 0, 6, "Israel", 0), Mention("m1", 16, 21, "Hamas", 2))
    return Document(
        doc_id=doc_id,
        text=text,
        mentions=mentions,
        actors=(Actor("m0", "Israel", "ISR", "GOV", rule="kb.alias"), Actor("m1", "Hamas", "PSE", "REB")),
        places=(Place("p0", "Gaza", 25, 29, "Gaza Strip", "PSE", 31.4, 34.3, 281133),),
        events=tuple(
            Event(
                f"{doc_id}-{i}",
                kind,
                Span(0, len(text)),
                Span(7, 15),
                "events.rules.v1",
                ("m0",),
                ("m1",),
                occurred_on=day,
                location_id=place,
            )
            for i, (kind, day, place) in enumerate(events)
        ),  # fmt: skip
    )


def _db(tmp_path: Path) -> Path:
    path = tmp_path / "e.db"
    with SqliteStore(path) as store:
        store.write_document(_doc("a", [("ASSAULT", date(2024, 3, 1), "p0"), ("CONSULT", date(2024, 4, 2), "")]))
        store.write_document(_doc("b", [("PROTEST", None, "")]))
    return path


def _export(db: Path, *args: str) -> str:
    result = CliRunner().invoke(main, ["export", "--db", str(db), *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_jsonl_is_the_document_record_of_each_stored_document(tmp_path: Path) -> None:
    db = _db(tmp_path)
    lines = [json.loads(line) for line in _export(db).splitlines()]
    expected = _doc("a", [("ASSAULT", date(2024, 3, 1), "p0"), ("CONSULT", date(2024, 4, 2), "")])
    assert [line["doc_id"] for line in lines] == ["a", "b"] and lines[0] == document_record(expected)


def test_filters_by_date_type_and_country(tmp_path: Path) -> None:
    db = _db(tmp_path)
    ids = lambda *args: [e["id"] for line in _export(db, *args).splitlines() for e in json.loads(line)["events"]]  # noqa: E731
    assert ids("--since", "2024-03-15") == ["a-1"]
    assert ids("--event", "protest") == ["b-0"]
    assert ids("--country", "PSE") == ["a-0", "a-1", "b-0"]  # recipient Hamas is PSE in every event
    assert ids("--country", "USA") == []


def test_csv_has_one_row_per_event(tmp_path: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(_export(_db(tmp_path), "--format", "csv"))))
    assert [(r["event_id"], r["actor_code"], r["recipient_code"]) for r in rows][0] == ("a-0", "ISR", "PSE")
    assert len(rows) == 3


def test_parquet_is_partitioned_by_event_date_and_read_by_duckdb_and_pandas(tmp_path: Path) -> None:
    import duckdb
    import pandas as pd

    out = tmp_path / "events"
    _export(_db(tmp_path), "--format", "parquet", "--output", str(out))
    partitions = sorted(p.name for p in out.iterdir())
    assert partitions == ["event_date=2024-03-01", "event_date=2024-04-02", "event_date=unknown"]
    frame = pd.read_parquet(out)
    assert sorted(frame["event_id"]) == ["a-0", "a-1", "b-0"]
    rows = duckdb.sql(
        f"SELECT event, event_date FROM read_parquet('{out}/**/*.parquet', hive_partitioning=true) ORDER BY event"
    ).fetchall()
    assert [(event, str(day)) for event, day in rows] == [
        ("ASSAULT", "2024-03-01"),
        ("CONSULT", "2024-04-02"),
        ("PROTEST", "unknown"),
    ]
    assert json.loads(frame.sort_values("event_id")["record"].iloc[0])["event_loc"]["country_code"] == "PSE"


def test_parquet_without_output_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["export", "--db", str(_db(tmp_path)), "--format", "parquet"])
    assert result.exit_code == 2 and "--output" in result.output
