"""Ingest reads text files, folders and JSONL; every bad input becomes a Failure and reading goes on."""

import json
from datetime import date
from pathlib import Path

from eventwire.ingest import read_inputs
from eventwire.model import Failure, RawArticle


def _read(*paths: Path) -> list[RawArticle | Failure]:
    return list(read_inputs(list(paths), max_bytes=10_000))


def test_text_file_id_is_its_name_and_meta_sidecar_is_read(tmp_path: Path) -> None:
    (tmp_path / "story-1.txt").write_text("Officials met.", encoding="utf-8")
    (tmp_path / "story-1.meta.json").write_text(json.dumps({"published": "2024-03-26", "title": "T"}))
    [raw] = _read(tmp_path / "story-1.txt")
    assert isinstance(raw, RawArticle)
    assert (raw.doc_id, raw.published_on, raw.title) == ("story-1", date(2024, 3, 26), "T")


def test_folder_is_read_recursively_in_name_order_without_sidecars(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.txt").write_text("Second.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("First.", encoding="utf-8")
    (tmp_path / "a.meta.json").write_text("{}")
    assert [r.doc_id for r in _read(tmp_path) if isinstance(r, RawArticle)] == ["a", "two"]


def test_jsonl_lines_with_a_broken_line_in_the_middle(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl"
    path.write_text(
        "\n".join(
            [
                json.dumps({"id": "1", "text": "One.", "published": "2024-01-02", "url": "http://x"}),
                "{broken",
                json.dumps({"id": "3", "title": "no text"}),
                json.dumps({"id": 4, "text": "Four."}),
            ]
        ),
        encoding="utf-8",
    )
    out = _read(path)
    assert [type(item).__name__ for item in out] == ["RawArticle", "Failure", "Failure", "RawArticle"]
    assert out[0].published_on == date(2024, 1, 2) and out[3].doc_id == "4"  # type: ignore[union-attr]
    assert "not valid JSON" in out[1].reason and "no 'text'" in out[2].reason  # type: ignore[union-attr]


def test_bad_files_become_failures_with_reasons(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "latin1.txt").write_bytes("caf\xe9".encode("latin-1"))
    (tmp_path / "huge.txt").write_bytes(b"a" * 20_000)
    (tmp_path / "good.txt").write_text("Fine.", encoding="utf-8")
    out = {Path(item.source).name: item for item in _read(tmp_path)}
    reasons = {name: item.reason for name, item in out.items() if isinstance(item, Failure)}
    assert "empty" in reasons["empty.txt"]
    assert "binary" in reasons["binary.txt"]
    assert "UTF-8" in reasons["latin1.txt"]
    assert "limit" in reasons["huge.txt"]
    assert isinstance(out["good.txt"], RawArticle)


def test_missing_path_is_a_failure(tmp_path: Path) -> None:
    [failure] = _read(tmp_path / "nope.txt")
    assert isinstance(failure, Failure) and "No such file" in failure.reason
