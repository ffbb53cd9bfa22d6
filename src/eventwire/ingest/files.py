"""Files, folders, archives and URLs -> RawArticle records, dispatched by type.

A folder is read recursively in name order; each file by its suffix: text, JSONL, HTML, feeds
(RSS/Atom), WARC/ARC, gzip and zip (unpacked in memory under ``ingest.archives`` limits), and
``.urls`` lists of URLs (fetched through the run's ``Fetcher``). A text file's id is its name
without extension; a ``NAME.meta.json`` beside it may give ``title``, ``url`` and ``published``.
JSONL lines carry ``id``, ``text`` or ``html``, ``title``, ``url``, ``published``. Never cleans
or parses text; never raises for bad input (yields Failure).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

from eventwire.errors import InputError
from eventwire.ingest.archives import gunzip_limited, zip_members
from eventwire.ingest.feeds import read_feed
from eventwire.ingest.fetch import Fetcher, is_url, read_url
from eventwire.ingest.html import read_html
from eventwire.ingest.language import check_english
from eventwire.ingest.warc import is_warc, read_warc
from eventwire.model import Failure, RawArticle

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ""})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})
FEED_SUFFIXES = frozenset({".rss", ".atom", ".xml"})
STAGE = "ingest"


def read_inputs(
    paths: Iterable[Path | str], *, max_bytes: int, fetcher: Fetcher | None = None
) -> Iterator[RawArticle | Failure]:
    """Read every path (file or folder) or URL in order; unreadable inputs become Failures."""
    for path in paths:
        if isinstance(path, str) and is_url(path):
            items: Iterable[RawArticle | Failure] = _read_url(path, fetcher=fetcher)
        else:
            items = read_path(Path(path), max_bytes=max_bytes, fetcher=fetcher)
        for item in items:
            yield _checked(item)


def read_path(path: Path, *, max_bytes: int, fetcher: Fetcher | None = None) -> Iterator[RawArticle | Failure]:
    """Read one file or, recursively and in name order, a folder of files."""
    if path.is_dir():
        for child in sorted(p for p in path.rglob("*") if p.is_file() and not _is_sidecar(p)):
            yield from read_path(child, max_bytes=max_bytes, fetcher=fetcher)
        return
    if not path.exists():
        yield Failure(str(path), STAGE, f"No such file or folder: {path}. Check the path.")
        return
    try:
        if is_warc(path):
            yield from read_warc(path, max_bytes=max_bytes)
        elif path.suffix.lower() == ".zip":
            for name, data in zip_members(path, max_bytes=max_bytes):
                if isinstance(data, InputError):
                    yield Failure(f"{path}!{name}", STAGE, str(data))
                else:
                    yield from _read_member(f"{path}!{name}", data, max_bytes=max_bytes, fetcher=fetcher)
        elif path.suffix.lower() in TEXT_SUFFIXES:
            yield _read_text_file(path, max_bytes=max_bytes)
        elif path.suffix.lower() in JSONL_SUFFIXES:  # streamed: a dump may be larger than max_bytes
            with path.open("rb") as handle:
                yield from _read_jsonl(handle, name=str(path), max_bytes=max_bytes)
        else:
            yield from _read_member(str(path), _read_limited(path, max_bytes=max_bytes), max_bytes=max_bytes,
                                    fetcher=fetcher)  # fmt: skip
    except (InputError, OSError) as error:
        yield Failure(str(path), STAGE, str(error))


def _read_member(name: str, data: bytes, *, max_bytes: int, fetcher: Fetcher | None) -> Iterator[RawArticle | Failure]:
    """Read bytes named like a file (a file's content, a zip member, an unpacked gzip)."""
    suffix = Path(name).suffix.lower()
    try:
        if suffix == ".gz":
            yield from _read_member(name[:-3], gunzip_limited(data, name=name, max_bytes=max_bytes),
                                    max_bytes=max_bytes, fetcher=fetcher)  # fmt: skip
        elif suffix in JSONL_SUFFIXES:
            yield from _read_jsonl(data.splitlines(keepends=True), name=name, max_bytes=max_bytes)
        elif suffix in HTML_SUFFIXES:
            yield read_html(data, source=name)
        elif suffix in FEED_SUFFIXES:
            yield from read_feed(data, source=name)
        elif suffix == ".urls":
            for url in decode_text(data, name=name).splitlines():
                if url.strip() and not url.lstrip().startswith("#"):
                    yield from _read_url(url.strip(), fetcher=fetcher)
        elif suffix in TEXT_SUFFIXES:
            yield RawArticle(source=name, text=decode_text(data, name=name), doc_id=Path(name).stem)
        else:
            raise InputError(f"{name}: unknown file type {suffix!r}; give text, HTML, a feed, JSONL, WARC, gz or zip.")
    except InputError as error:
        yield Failure(name, STAGE, str(error))


def _read_url(url: str, *, fetcher: Fetcher | None) -> Iterator[RawArticle | Failure]:
    if fetcher is None:
        yield Failure(url, STAGE, f"{url}: URLs need a fetcher; this run was built without one.")
        return
    yield from read_url(url, fetcher=fetcher)


def _checked(item: RawArticle | Failure) -> RawArticle | Failure:
    if isinstance(item, Failure):
        return item
    try:
        check_english(item.text, name=item.source)
    except InputError as error:
        return Failure(item.source, STAGE, str(error))
    return item


def _read_limited(path: Path, *, max_bytes: int) -> bytes:
    size = path.stat().st_size
    if size > max_bytes:
        raise InputError(f"{path} is {size} bytes, over the {max_bytes}-byte limit: split it or raise max_bytes.")
    return path.read_bytes()


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
    text = decode_text(_read_limited(path, max_bytes=max_bytes), name=str(path))
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


def _read_jsonl(lines: Iterable[bytes], *, name: str, max_bytes: int) -> Iterator[RawArticle | Failure]:
    for number, line in enumerate(lines, start=1):
        line_name = f"{name}:{number}"
        if not line.strip():
            continue
        try:
            yield _jsonl_article(line, name=line_name, max_bytes=max_bytes)
        except InputError as error:
            yield Failure(line_name, STAGE, str(error))


def _jsonl_article(line: bytes, *, name: str, max_bytes: int) -> RawArticle:
    if len(line) > max_bytes:
        raise InputError(f"{name} is {len(line)} bytes, over the {max_bytes}-byte limit.")
    try:
        record = json.loads(decode_text(line, name=name))
    except ValueError as error:
        raise InputError(f"{name} is not valid JSON ({error}): fix the line.") from None
    if not isinstance(record, dict):
        raise InputError(f'{name} is not a JSON object: each line needs {{"id", "text" or "html", ...}}.')
    doc_id = _optional_str(record.get("id") if record.get("id") is not None else record.get("doc_id"))
    if isinstance(record.get("html"), str) and not isinstance(record.get("text"), str):
        html = read_html(record["html"].encode("utf-8"), source=name, url=_optional_str(record.get("url")))
        return replace(html, doc_id=doc_id or html.doc_id, title=_optional_str(record.get("title")) or html.title)
    if not isinstance(record.get("text"), str) or not record["text"].strip():
        raise InputError(f'{name} has no \'text\' string: each line needs {{"id", "text", ...}}.')
    if "\x00" in record["text"]:
        raise InputError(f"{name}: the text holds NUL characters; remove them.")
    return RawArticle(
        source=name,
        text=record["text"],
        doc_id=doc_id,
        title=_optional_str(record.get("title")),
        url=_optional_str(record.get("url")),
        published_on=parse_published(record.get("published"), name=name),
    )


def _optional_str(value: object) -> str | None:
    return None if value is None else str(value)
