"""RSS and Atom feeds -> one RawArticle per entry, with its link and date.

An entry's text is its full content when the feed carries it (``content:encoded``, Atom
``content``), else its summary; HTML in either is reduced to text. Never fetches the entry
links (a URL list does that); never raises for a bad feed except ``InputError``.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import date
from typing import Any

from eventwire.errors import InputError
from eventwire.model import Failure, RawArticle

STAGE = "ingest.feed"


def looks_like_feed(data: bytes) -> bool:
    """Whether bytes start like an RSS, RDF or Atom document."""
    head = data[:2048].lstrip().lower()
    return b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head


def read_feed(data: bytes, *, source: str) -> Iterator[RawArticle | Failure]:
    """Parse a feed; yield one article per entry with text, or a Failure per unusable entry."""
    import feedparser

    parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    items: list[RawArticle | Failure] = []
    for number, entry in enumerate(parsed.get("entries") or [], start=1):
        name = f"{source}#{number}"
        try:
            items.append(_entry_article(entry, name=name))
        except InputError as error:
            items.append(Failure(name, STAGE, str(error)))
    if not any(isinstance(item, RawArticle) for item in items):
        # Nothing usable: say why once for the whole feed (broken XML, or simply no entries).
        problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
        reason = f" (broken XML: {str(problem).strip().splitlines()[0]})" if problem else ""
        raise InputError(f"{source}: not a usable RSS/Atom feed, no entry with text{reason}.")
    yield from items


def _entry_article(entry: Any, *, name: str) -> RawArticle:
    text = _entry_text(entry)
    if not text.strip():
        raise InputError(f"{name}: the feed entry has no content or summary text.")
    link = entry.get("link") or None
    return RawArticle(
        source=name,
        text=text,
        doc_id=str(entry.get("id") or link or "") or None,
        title=entry.get("title") or None,
        url=link,
        published_on=_entry_date(entry),
    )


def _entry_text(entry: Any) -> str:
    contents = [part.get("value", "") for part in entry.get("content") or []]
    html = max(contents, key=len) if contents else entry.get("summary", "")
    return _html_to_text(str(html or ""))


def _html_to_text(html: str) -> str:
    if "<" not in html:
        return html
    import lxml.html
    from lxml.etree import ParserError

    try:
        tree = lxml.html.fromstring(html)
    except (ParserError, ValueError):
        return ""
    for node in tree.xpath("//script|//style"):
        node.drop_tree()
    for node in tree.xpath("//p|//br|//div|//li|//h1|//h2|//h3|//h4"):
        node.tail = "\n" + (node.tail or "")
    return "\n".join(line.strip() for line in tree.text_content().splitlines() if line.strip())


def _entry_date(entry: Any) -> date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if isinstance(value, time.struct_time):
            return date(value.tm_year, value.tm_mon, value.tm_mday)
    return None
