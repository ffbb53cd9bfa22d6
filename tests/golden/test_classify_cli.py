"""`eventwire classify` end to end: the real parser and the shipped pair coder, our own sentences.

The coder's accuracy is gated in tests/eval/test_events.py; here the shell's contract is checked:
one result per record in input order, unmarked parties, and a malformed line that becomes an
error result while the lines after it are still coded.
"""

from __future__ import annotations

import json

from click.testing import CliRunner

from eventwire.cli import main


def _pair(pair_id: str, text: str, source: str | None, target: str | None) -> str:
    def bounds(name: str | None) -> list[int] | None:
        if name is None:
            return None
        start = text.index(name)
        return [start, start + len(name)]

    return json.dumps({"id": pair_id, "text": text, "source": bounds(source), "target": bounds(target)})


def test_classify_codes_pairs_in_order_and_survives_a_bad_line() -> None:
    lines = [
        _pair("a", "Troops from Ruritania shelled villages in Freedonia on Sunday.", "Ruritania", "Freedonia"),
        "{not json",
        json.dumps({"id": "no-text", "source": [0, 1], "target": [2, 3]}),
        _pair("b", "The foreign minister of Ruritania met his Freedonian counterpart in Geneva.", "Ruritania", None),
        "",
    ]
    result = CliRunner().invoke(main, ["classify", "--input", "-"], input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [row["id"] for row in rows] == ["a", None, "no-text", "b"]
    assert rows[0]["event"] == "ASSAULT" and 0.0 < rows[0]["confidence"] <= 1.0 and rows[0]["coder"]
    assert rows[3]["event"] == "CONSULT"
    for row in rows[1:3]:
        assert row["event"] is None and row["error"].startswith(f"line {rows.index(row) + 1}: not a pair record")
    assert "2 failed" in result.stderr


def test_classify_fails_when_no_line_is_a_pair() -> None:
    result = CliRunner().invoke(main, ["classify", "--input", "-"], input="[1, 2]\n")
    assert result.exit_code == 1
    assert "no line was a pair record" in result.stderr
