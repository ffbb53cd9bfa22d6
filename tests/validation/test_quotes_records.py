"""Validation records for quotes: one sentence per attribution rule, through the whole pipeline."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.api import Engine, process

RECORDS = Path(__file__).with_name("quotes.tsv")


def _records() -> list[dict[str, str]]:
    lines = [line for line in RECORDS.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    names = ("rule", "text", "quote_words", "speaker", "cue")
    return [dict(zip(names, line.split("\t"), strict=True)) for line in lines]


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine()


@pytest.mark.parametrize("record", _records(), ids=lambda record: record["rule"])
def test_quote_record(engine: Engine, record: dict[str, str]) -> None:
    [doc] = process(record["text"].replace("\\n", "\n\n"), published="2024-03-26", engine=engine)
    found = [
        (quote.text, (doc.mention(quote.speaker_id) or None) and doc.mention(quote.speaker_id).text, quote.cue)  # type: ignore[union-attr]
        for quote in doc.quotes
    ]
    wanted = [f for f in found if record["quote_words"] in f[0]]
    assert wanted, f"{record['rule']}: no quote containing {record['quote_words']!r} in {found}"
    assert wanted[0][1:] == (record["speaker"], record["cue"]), f"{record['rule']}: {found}"
