"""The Python API: compose ingest, clean, the stages and the store. The CLI mirrors it.

Loads the spaCy pipeline, lexicon and knowledge base once per ``Engine``. Never prints.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from eventwire.actors import ActorResolver
from eventwire.clean import clean_article
from eventwire.config import Settings
from eventwire.dates import normalize_dates
from eventwire.errors import InputError
from eventwire.events import EventCoder
from eventwire.export import event_rows
from eventwire.ingest import Fetcher, is_url, read_inputs
from eventwire.model import Document, Failure, RawArticle
from eventwire.nlp import Parser
from eventwire.places import Geocoder
from eventwire.pipeline import Stage, check_order, run_stages
from eventwire.quotes import QuoteAttributor, link_quotes

MAX_BYTES = 20_000_000


class Engine:
    """Everything loaded once per process: the parser, the event coder, the actor resolver."""

    def __init__(self, settings: Settings | None = None, *, kb_files: Sequence[Path] = ()) -> None:
        self.settings = settings or Settings()
        self.parser = Parser(self.settings.model)
        self.coder = EventCoder()
        self.resolver = ActorResolver(kb_files=self.settings.kb_files + tuple(kb_files))
        self.geocoder = Geocoder()
        self.attributor = QuoteAttributor()
        self.fetcher = Fetcher()  # URLs: SSRF-safe defaults; replace to allow private hosts or inject a transport
        self.stages = build_stages(self)
        check_order(self.stages)

    def documents(
        self,
        inputs: Iterable[str | Path],
        *,
        published_on: date | None = None,
        debug: bool = False,
        skip: Callable[[Document], bool] | None = None,
    ) -> Iterator[Document | Failure]:
        """Read, clean and run every input through the stages; bad inputs become Failures.

        ``skip`` sees each cleaned document before the expensive stages; a document it accepts
        (say, already stored with the same text) is not processed again.
        """
        cleaned = self._cleaned(inputs, published_on=published_on, skip=skip)
        return run_stages(cleaned, self.stages, debug=debug)

    def _cleaned(
        self, inputs: Iterable[str | Path], *, published_on: date | None, skip: Callable[[Document], bool] | None
    ) -> Iterator[Document | Failure]:
        for raw in _raw_articles(inputs, fetcher=self.fetcher):
            if isinstance(raw, Failure):
                yield raw
                continue
            if published_on is not None:
                raw = replace(raw, published_on=published_on)
            try:
                doc = clean_article(raw, max_chars=self.settings.max_chars)
            except InputError as error:
                yield Failure(raw.source, "clean", str(error))
                continue
            if skip is None or not skip(doc):
                yield doc


def build_stages(engine: Engine) -> list[Stage]:
    """The default pipeline, in order, each stage declaring what it needs and provides."""
    return [
        Stage("nlp", frozenset({"text"}), frozenset({"tokens", "sentences", "entities"}), engine.parser.parse_text),
        Stage(
            "quotes",
            frozenset({"tokens", "sentences"}),
            frozenset({"quotes", "mentions"}),
            engine.attributor.attribute_quotes,
        ),
        Stage(
            "events", frozenset({"tokens", "sentences"}), frozenset({"events", "mentions"}), engine.coder.code_events
        ),
        Stage("dates", frozenset({"events", "entities", "published_on"}), frozenset({"event_dates"}), normalize_dates),
        Stage(
            "actors",
            frozenset({"mentions", "entities", "event_dates"}),
            frozenset({"actors"}),
            engine.resolver.resolve_actors,
        ),
        Stage(
            "places",
            frozenset({"tokens", "sentences", "entities"}),
            frozenset({"places"}),
            engine.geocoder.geocode_places,
        ),
        Stage(
            "event locations",
            frozenset({"events", "places"}),
            frozenset({"event_locations"}),
            engine.geocoder.locate_events,
        ),
        Stage("quote links", frozenset({"quotes", "events", "actors"}), frozenset({"quote_links"}), link_quotes),
    ]


def process(
    inputs: str | Path | Iterable[str | Path],
    *,
    published: date | str | None = None,
    settings: Settings | None = None,
    engine: Engine | None = None,
) -> list[Document]:
    """Process files, folders, JSONL dumps or article texts; return the Document records.

    A ``str`` that names an existing file or folder is read from disk; any other ``str`` is
    article text. Inputs that fail are skipped (use ``Engine.documents`` to see the failures).
    """
    engine = engine or Engine(settings)
    items = [inputs] if isinstance(inputs, str | Path) else list(inputs)
    published_on = date.fromisoformat(published) if isinstance(published, str) else published
    return [doc for doc in engine.documents(items, published_on=published_on) if isinstance(doc, Document)]


def events_frame(docs: Iterable[Document]) -> Any:
    """One pandas DataFrame row per event (needs the ``pandas`` extra)."""
    try:
        import pandas as pd
    except ImportError:
        raise ImportError("events_frame needs pandas: pip install 'eventwire[pandas]'.") from None
    return pd.DataFrame([row for doc in docs for row in event_rows(doc)])


def classify_pairs(lines: Iterable[str], *, engine: Engine) -> Iterator[dict[str, Any]]:
    """Code each ``{"id", "text", "source": [s, e], "target": [s, e]}`` line with the event coder."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            pair = json.loads(line)
            text, source, target = pair["text"], tuple(pair["source"]), tuple(pair["target"])
        except (ValueError, KeyError, TypeError) as error:
            raise InputError(f"line {number}: not a pair record ({error}); see docs/EVENT_RECORD.md.") from None
        yield {"id": pair.get("id"), **_code_pair(engine, str(text), source, target)}


def _code_pair(engine: Engine, text: str, source: tuple[int, int], target: tuple[int, int]) -> dict[str, Any]:
    doc = engine.coder.code_events(engine.parser.parse_text(Document(doc_id="pair", text=text)))
    best = None
    for event in doc.events:
        actors = [doc.mention(i) for i in event.actor_ids]
        recipients = [doc.mention(i) for i in event.recipient_ids]
        score = 2 * any(m is not None and _overlaps(m.start, m.end, source) for m in actors) + any(
            m is not None and _overlaps(m.start, m.end, target) for m in recipients
        )
        if score and (best is None or (score, event.confidence) > best[0]):
            best = ((score, event.confidence), event)
    if best is None:
        return {"event": None, "mode": None, "confidence": None}
    event = best[1]
    return {"event": event.event, "mode": event.mode, "confidence": event.confidence}


def _overlaps(start: int, end: int, span: tuple[int, int]) -> bool:
    return start < span[1] and span[0] < end


def _raw_articles(inputs: Iterable[str | Path], *, fetcher: Fetcher) -> Iterator[RawArticle | Failure]:
    for item in inputs:
        if isinstance(item, str) and is_url(item):
            yield from read_inputs([item], max_bytes=MAX_BYTES, fetcher=fetcher)
        elif isinstance(item, Path) or _looks_like_path(item):
            yield from read_inputs([Path(item)], max_bytes=MAX_BYTES, fetcher=fetcher)
        else:
            yield RawArticle(source="text", text=item)


def _looks_like_path(item: str) -> bool:
    if "\n" in item or len(item) > 4096:
        return False
    try:
        return Path(item).exists()
    except OSError:
        return False
