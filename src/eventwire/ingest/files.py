"""Plain-text files, folders of them, and JSONL documents -> RawArticle records.

A text file's id is its name without extension; a ``NAME.meta.json`` beside it may give
``title``, ``url`` and ``published``. JSONL lines carry ``id``, ``text``, ``title``, ``url``,
``published``. Never cleans or parses text; never raises for bad input (yields Failure).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

from eventwire.errors import InputError
from eventwire.model import Failure, RawArticle

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ""})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
STAGE = "ingest"


def read_inputs(paths: Iterable[Path], *, max_bytes: int) -> Iterator[RawArticle | Failure]:
    """Read every path (file or folder) in order; unreadable inputs become Failures."""
    for path in paths:
        yield from read_path(path, max_bytes=max_bytes)


def read_path(path: Path, *, max_bytes: int) -> Iterator[RawArticle | Failure]:
    """Read one file or, recursively and in name order, a folder of files."""
    if path.is_dir():
        for child in sorted(p for p in path.rglob("*") if p.is_file() and not _is_sidecar(p)):
            yield from read_path(child, max_bytes=max_bytes)
        return
    if not path.exists():
        yield Failure(str(path), STAGE, f"No such file or folder: {path}. Check the path.")
        return
    try:
        if path.suffix.lower() in JSONL_SUFFIXES:
            yield from _read_jsonl(path, max_bytes=max_bytes)
        else:
            yield _read_text_file(path, max_bytes=max_bytes)
    except (InputError, OSError) as error:
        yield Failure(str(path), STAGE, str(error))


def decode_text(data: bytes, *, name: str) -> str:
    """Decode article bytes as UTF-8, refusing empty and binary input with a clear reason."""
    if not data.strip():
        raise InputError(f"{name} is empty: nothing to process.")
    if b"\x00" in data[:8192]:
        raise InputError(f"{name} looks binary (NUL bytes): give a text, HTML or JSONL file.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(f"{name} is not valid UTF-8 (byte {error.start}): re-encode it as UTF-8.") from None


def parse_published(value: object, *, name: str) -> date | None:
    """Parse an ISO date (or datetime) string; None stays None."""
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        raise InputError(f"{name}: published {value!r} is not an ISO date (YYYY-MM-DD).") from None


def _is_sidecar(path: Path) -> bool:
    return path.name.endswith(".meta.json")


def _read_text_file(path: Path, *, max_bytes: int) -> RawArticle:
    size = path.stat().st_size
    if size > max_bytes:
        raise InputError(f"{path} is {size} bytes, over the {max_bytes}-byte limit: split it or raise max_bytes.")
    text = decode_text(path.read_bytes(), name=str(path))
    meta = _read_sidecar(path)
    return RawArticle(
        source=str(path),
        text=text,
        doc_id=str(meta.get("id") or path.stem),
        title=_optional_str(meta.get("title")),
        url=_optional_str(meta.get("url")),
        published_on=parse_published(meta.get("published"), name=str(path)),
    )


def _read_sidecar(path: Path) -> dict[str, object]:
    sidecar = path.with_name(path.stem + ".meta.json")
    if not sidecar.is_file():
        return {}
    try:
        meta = json.loads(sidecar.read_text(encoding="utf-8"))
    except (ValueError, OSError) as error:
        raise InputError(f"{sidecar} is not valid JSON ({error}): fix or remove it.") from None
    return meta if isinstance(meta, dict) else {}


def _read_jsonl(path: Path, *, max_bytes: int) -> Iterator[RawArticle | Failure]:
    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            name = f"{path}:{number}"
            if not line.strip():
                continue
            try:
                yield _jsonl_article(line, name=name, max_bytes=max_bytes)
            except InputError as error:
                yield Failure(name, STAGE, str(error))


def _jsonl_article(line: bytes, *, name: str, max_bytes: int) -> RawArticle:
    if len(line) > max_bytes:
        raise InputError(f"{name} is {len(line)} bytes, over the {max_bytes}-byte limit.")
    try:
        record = json.loads(decode_text(line, name=name))
    except ValueError as error:
        raise InputError(f"{name} is not valid JSON ({error}): fix the line.") from None
    if not isinstance(record, dict) or not isinstance(record.get("text"), str) or not record["text"].strip():
        raise InputError(f'{name} has no \'text\' string: each line needs {{"id", "text", ...}}.')
    return RawArticle(
        source=name,
        text=record["text"],
        doc_id=_optional_str(record.get("id") if record.get("id") is not None else record.get("doc_id")),
        title=_optional_str(record.get("title")),
        url=_optional_str(record.get("url")),
        published_on=parse_published(record.get("published"), name=name),
    )


def _optional_str(value: object) -> str | None:
    return None if value is None else str(value)
