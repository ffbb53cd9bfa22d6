"""Validation records for actor resolution: one sentence per rule, through the whole pipeline."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.api import Engine, process

RECORDS = Path(__file__).with_name("actors.tsv")


def _records() -> list[dict[str, str]]:
    lines = [line for line in RECORDS.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    names = ("rule", "sentence", "mention", "code", "sector", "resolved_rule")
    return [dict(zip(names, line.split("\t"), strict=True)) for line in lines]


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine()


@pytest.mark.parametrize("record", _records(), ids=lambda record: record["rule"])
def test_actor_record(engine: Engine, record: dict[str, str]) -> None:
    [doc] = process(record["sentence"], published="2024-03-26", engine=engine)
    found = {m.text: doc.actor_for(m.mention_id) for m in doc.mentions}
    actor = found.get(record["mention"])
    assert actor is not None, f"{record['rule']}: no mention {record['mention']!r} in {list(found)}"
    assert (actor.code or "", actor.sector or "") == (record["code"], record["sector"]), actor
    assert actor.rule.startswith(record["resolved_rule"]), actor.rule
