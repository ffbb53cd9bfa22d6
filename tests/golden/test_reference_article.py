"""The whole pipeline on the reference article (examples/haniyeh-tehran.txt, quoted for reference).

The expected coding in haniyeh-tehran.expected.tsv is reviewed like code: rewrite it only on
purpose, when a change makes the coding better, and say so in the commit.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from eventwire.cli import main
from eventwire.store import SqliteStore

HERE = Path(__file__).parent
EXAMPLE = HERE.parents[1] / "examples" / "haniyeh-tehran.txt"
COLUMNS = (
    "event",
    "mode",
    "status",
    "date",
    "actor",
    "actor_code",
    "actor_sector",
    "recipient",
    "recipient_code",
    "trigger",
)


def _rows(record: dict) -> list[dict[str, str]]:  # type: ignore[type-arg]
    rows = []
    for event in record["events"]:
        actor = (event["actor"] or [{}])[0]
        recipient = (event["recipient"] or [{}])[0]
        values = (
            event["event"],
            event["mode"],
            event["status"],
            event["date"],
            actor.get("entity_name") or actor.get("entity_text"),
            actor.get("code"),
            actor.get("sector"),
            recipient.get("entity_name") or recipient.get("entity_text"),
            recipient.get("code"),
            event["trigger"]["text"],
        )
        rows.append({key: "" if value is None else str(value) for key, value in zip(COLUMNS, values, strict=True)})
    return rows


@pytest.fixture(scope="module")
def record(tmp_path_factory: pytest.TempPathFactory) -> dict:  # type: ignore[type-arg]
    db = tmp_path_factory.mktemp("golden") / "e.db"
    result = CliRunner().invoke(main, ["process", str(EXAMPLE), "--format", "jsonl", "--db", str(db)])
    assert result.exit_code == 0, result.output
    [line] = [line for line in result.stdout.splitlines() if line.startswith("{")]
    return {**json.loads(line), "db": str(db)}


def test_events_match_the_reviewed_coding(record: dict) -> None:  # type: ignore[type-arg]
    with (HERE / "haniyeh-tehran.expected.tsv").open(encoding="utf-8") as handle:
        expected = list(csv.DictReader(handle, delimiter="\t"))
    assert _rows(record) == expected


def test_record_offsets_point_at_the_text(record: dict) -> None:  # type: ignore[type-arg]
    text = EXAMPLE.read_text(encoding="utf-8")
    for event in record["events"]:
        assert event["event_text"] in text
        for party in event["actor"] + event["recipient"]:
            assert party["entity_text"] and party["start"] < party["end"]


def test_events_are_stored_once_even_when_processed_twice(record: dict) -> None:  # type: ignore[type-arg]
    result = CliRunner().invoke(main, ["process", str(EXAMPLE), "--format", "none", "--db", record["db"]])
    assert result.exit_code == 0, result.output
    with SqliteStore(record["db"]) as store:
        assert store.count("documents") == 1 and store.count("events") == len(record["events"])
