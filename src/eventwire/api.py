"""The Python API: compose ingest, clean, the stages and the store. The CLI mirrors it.

Loads the spaCy pipeline, lexicon and knowledge base once per ``Engine``. Never prints.
"""

from __future__ import annotations

import json
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from datetime import date
from functools import cached_property
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
from eventwire.model import Document, Failure, RawArticle, Sentence, Span
from eventwire.nlp import Parser
from eventwire.pipeline import Stage, check_order, run_stages
from eventwire.places import Geocoder
from eventwire.quotes import QuoteAttributor, link_quotes

MAX_BYTES = 20_000_000
PAIR_BATCH = 64  # classify pairs parsed per batch


class Engine:
    """Everything loaded once per process: the parser, the event coder, the actor resolver.

    The parser and the event coder load at once; the knowledge base, gazetteer and quote
    attributor on first use (``classify`` needs only the first two).
    """

    def __init__(
        self, settings: Settings | None = None, *, kb_files: Sequence[Path] = (), lexicon_files: Sequence[Path] = ()
    ) -> None:
        self.settings = settings or Settings()
        self.kb_files = self.settings.kb_files + tuple(kb_files)
        self.parser = Parser(self.settings.model)
        self.coder = EventCoder(lexicon_files=self.settings.lexicon_files + tuple(lexicon_files))
        self.fetcher = Fetcher()  # URLs: SSRF-safe defaults; replace to allow private hosts or inject a transport

    @cached_property
    def resolver(self) -> ActorResolver:
        """The actor resolver and its knowledge base, loaded on first use."""
        return ActorResolver(kb_files=self.kb_files)

    @cached_property
    def geocoder(self) -> Geocoder:
        """The offline gazetteer, loaded on first use."""
        return Geocoder()

    @cached_property
    def attributor(self) -> QuoteAttributor:
        """The quote attributor, loaded on first use."""
        return QuoteAttributor()

    @cached_property
    def stages(self) -> list[Stage]:
        """The pipeline's stages, checked for order (loads every stage's data)."""
        stages = build_stages(self)
        check_order(stages)
        return stages

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
            "actor spans", frozenset({"tokens", "sentences"}), frozenset({"actor_spans"}), engine.resolver.spot_actors
        ),
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
    """Code each ``{"id", "text", "source": [s, e], "target": [s, e]}`` line with the event coder.

    One result per record, in input order. A line that is not a pair record gives a result with
    ``event: null`` and an ``error`` saying why; the lines after it are still coded. A ``null``
    party is an unmarked one (as ``[null, null]``).
    """
    batch: list[PairRecord | dict[str, Any]] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        batch.append(_pair_record(number, line))
        if len(batch) == PAIR_BATCH:
            yield from _code_batch(engine, batch)
            batch = []
    yield from _code_batch(engine, batch)


PairRecord = tuple[Any, str, tuple[Any, Any], tuple[Any, Any]]


def _pair_record(number: int, line: str) -> PairRecord | dict[str, Any]:
    pair: Any = None
    try:
        pair = json.loads(line)
        source, target = (pair[side] if pair[side] is not None else (None, None) for side in ("source", "target"))
        if not isinstance(pair["text"], str) or len(source) != 2 or len(target) != 2:
            raise ValueError("text must be a string, source and target [start, end] or null")
        return (pair.get("id"), pair["text"], (source[0], source[1]), (target[0], target[1]))
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        pair_id = pair.get("id") if isinstance(pair, dict) else None
        reason = f"line {number}: not a pair record ({error}); see docs/EVENT_RECORD.md"
        return {"id": pair_id, "event": None, "mode": None, "confidence": None, "error": reason}


def _code_batch(engine: Engine, batch: list[PairRecord | dict[str, Any]]) -> Iterator[dict[str, Any]]:
    good = [record for record in batch if isinstance(record, tuple)]
    coded = iter(_code_pairs(engine, good)) if good else iter(())
    for record in batch:
        yield next(coded) if isinstance(record, tuple) else record


def _code_pairs(engine: Engine, batch: list[PairRecord]) -> Iterator[dict[str, Any]]:
    # One parse for the whole batch: the texts become paragraphs of one document (the parser
    # pipes paragraphs in batches, and a sentence never crosses a paragraph).
    texts = [text.replace("\r", " ").replace("\n", " ") for _, text, _, _ in batch]
    offsets = [sum(len(text) + 2 for text in texts[:number]) for number in range(len(texts))]
    doc = engine.parser.parse_text(Document(doc_id="pairs", text="\n\n".join(texts)))
    starts = [token.start for token in doc.tokens]
    pairs = []
    for (_, text, source, target), offset in zip(batch, offsets, strict=True):
        window = Sentence(
            offset, offset + len(text), bisect_left(starts, offset), bisect_left(starts, offset + len(text)), 0
        )
        pairs.append((_span(source, len(text), offset), _span(target, len(text), offset), window))
    for (pair_id, *_), coding in zip(batch, engine.coder.code_pairs(doc, pairs), strict=True):
        yield {
            "id": pair_id,
            "event": coding.event,
            "mode": coding.mode,
            "confidence": coding.confidence,
            "coder": coding.coder,
        }


def _span(bounds: tuple[Any, Any], length: int, offset: int) -> Span | None:
    # PLV marks some pairs with one party only: an unmarked side is [null, null].
    start, end = bounds
    if not isinstance(start, int) or not isinstance(end, int) or not 0 <= start <= end <= length:
        return None
    return Span(offset + start, offset + end)


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
