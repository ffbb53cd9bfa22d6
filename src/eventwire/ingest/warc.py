"""WARC and ARC archives (plain or gzipped) -> one RawArticle per HTML response.

Reads records as a stream with warcio: only ``response`` records whose HTTP status is 200 and
whose content type is HTML become articles (through ``ingest.html``); other records are skipped
silently, a broken or oversized record becomes a Failure and reading goes on where possible.
Never fetches anything.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from eventwire.errors import InputError
from eventwire.ingest.html import read_html
from eventwire.model import Failure, RawArticle

STAGE = "ingest.warc"
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")


def is_warc(path: Path) -> bool:
    """Whether a file name says WARC or ARC."""
    return path.name.lower().endswith(WARC_SUFFIXES)


def read_warc(path: Path, *, max_bytes: int) -> Iterator[RawArticle | Failure]:
    """Yield an article (or a Failure) for every HTML response record in the archive."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    found = 0
    try:
        with path.open("rb") as handle:
            for record in ArchiveIterator(handle, arc2warc=True):
                item = _record_article(record, path=path, max_bytes=max_bytes)
                if item is not None:
                    found += 1
                    yield item
    except (ArchiveLoadFailed, OSError, ValueError, EOFError) as error:
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        yield Failure(str(path), STAGE, f"{path}: the archive is broken after {found} records ({reason}).")
        return
    if not found:
        yield Failure(str(path), STAGE, f"{path}: no HTML response records in the archive.")


def _record_article(record: Any, *, path: Path, max_bytes: int) -> RawArticle | Failure | None:
    if record.rec_type != "response" or record.http_headers is None:
        return None
    status = record.http_headers.get_statuscode()
    content_type = (record.http_headers.get_header("Content-Type") or "").lower()
    if status != "200" or "html" not in content_type:
        return None
    url = record.rec_headers.get_header("WARC-Target-URI")
    name = f"{path}!{url}"
    body = record.content_stream().read(max_bytes + 1)
    if len(body) > max_bytes:
        return Failure(name, STAGE, f"{name}: the response is over the {max_bytes}-byte limit.")
    try:
        return read_html(body, source=name, url=url)
    except InputError as error:
        return Failure(name, STAGE, str(error))
