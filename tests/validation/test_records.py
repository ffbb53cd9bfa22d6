"""Validation records: one sentence per coding rule, through the whole pipeline with the real model."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.api import Engine, process

RECORDS = Path(__file__).with_name("records.tsv")


def _records() -> list[dict[str, str]]:
    lines = [line for line in RECORDS.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    names = ("rule", "sentence", "event", "status", "actor_code", "recipient_code")
    return [dict(zip(names, line.split("\t"), strict=True)) for line in lines]


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine()


@pytest.mark.parametrize("record", _records(), ids=lambda record: record["rule"])
def test_record(engine: Engine, record: dict[str, str]) -> None:
    [doc] = process(record["sentence"], published="2024-03-26", engine=engine)
    coded = [
        (
            event.event,
            event.status.value,
            (doc.actor_for(event.actor_ids[0]) or None) and doc.actor_for(event.actor_ids[0]).code,  # type: ignore[union-attr]
            [doc.actor_for(i).code for i in event.recipient_ids],
        )  # type: ignore[union-attr]
        for event in doc.events
    ]
    wanted = [c for c in coded if c[0] == record["event"] and c[1] == record["status"]]
    assert wanted, f"{record['rule']}: expected {record['event']}/{record['status']}, got {coded}"
    event, status, actor_code, recipients = wanted[0]
    assert actor_code == record["actor_code"]
    if record["recipient_code"]:
        assert record["recipient_code"] in recipients
