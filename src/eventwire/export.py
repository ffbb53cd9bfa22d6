"""Export: documents as the PLOVER-style records of docs/EVENT_RECORD.md; JSONL, CSV, Parquet.

Reads Document records, or the same records as dicts (as a store returns them); filters events
by date, type and country; writes text streams, or a Parquet dataset partitioned by event date.
Never touches the database.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from eventwire.model import Document, Event, Place, Quote

CSV_COLUMNS = (
    "doc_id",
    "event_id",
    "event",
    "mode",
    "status",
    "date",
    "enddate",
    "actor",
    "actor_code",
    "actor_sector",
    "recipient",
    "recipient_code",
    "recipient_sector",
    "event_text",
    "confidence",
    "coder",
)


def document_record(doc: Document) -> dict[str, Any]:
    """The document line of ``process --format jsonl``."""
    return {
        "doc_id": doc.doc_id,
        "title": doc.title,
        "url": doc.url,
        "published": doc.published_on.isoformat() if doc.published_on else None,
        "events": [event_record(doc, event) for event in doc.events],
        "quotes": [quote_record(doc, quote) for quote in doc.quotes],
        "places": [place_record(place) for place in doc.places],
        "failures": [],
    }


def event_record(doc: Document, event: Event) -> dict[str, Any]:
    """One EVENT of the record format, parties joined to their resolved actors."""
    place = next((p for p in doc.places if p.place_id == event.location_id), None)
    places = {p.place_id: p for p in doc.places}
    return {
        "id": event.event_id,
        "event": event.event,
        "mode": event.mode,
        "context": list(event.contexts),
        "status": event.status.value,
        "date": event.occurred_on.isoformat() if event.occurred_on else None,
        "enddate": event.ends_on.isoformat() if event.ends_on else None,
        "date_text": event.date_text,
        "actor": [entity_record(doc, mention_id) for mention_id in event.actor_ids],
        "recipient": [entity_record(doc, mention_id) for mention_id in event.recipient_ids],
        "event_loc": place_record(place) if place else None,
        "event_locs": [place_record(places[i]) for i in event.location_ids or (event.location_id,) if i in places],
        "event_loc_coder": event.location_coder,
        "event_text": doc.text[event.evidence.start : event.evidence.end],
        "text_info": {"start": event.evidence.start, "end": event.evidence.end},
        "trigger": {
            "start": event.trigger.start,
            "end": event.trigger.end,
            "text": doc.text[event.trigger.start : event.trigger.end],
        },
        "confidence": event.confidence,
        "coder": event.coder,
        "rule": event.rule,
        "quotes": list(event.quote_ids),
    }


def entity_record(doc: Document, mention_id: str) -> dict[str, Any]:
    """One ENTITY: the words in the text and who they name."""
    mention = doc.mention(mention_id)
    actor = doc.actor_for(mention_id)
    if mention is None:
        raise ValueError(f"event refers to unknown mention {mention_id!r} in {doc.doc_id}")
    return {
        "entity_text": mention.text,
        "start": mention.start,
        "end": mention.end,
        "entity_name": actor.entity_name if actor else None,
        "identifier_id": actor.identifier_id if actor else None,
        "code": actor.code if actor else None,
        "sector": actor.sector if actor else None,
        "rule": actor.rule if actor else None,
    }


def place_record(place: Place) -> dict[str, Any]:
    """One PLACE."""
    return {
        "extracted_place": place.extracted_place,
        "resolved_place": place.resolved_place,
        "country_code": place.country_code,
        "lat": place.lat,
        "lon": place.lon,
        "geonameid": place.geonameid,
        "feature_class": place.feature_class,
        "start": place.start,
        "end": place.end,
    }


def quote_record(doc: Document, quote: Quote) -> dict[str, Any]:
    """One QUOTE."""
    speaker = doc.mention(quote.speaker_id) if quote.speaker_id else None
    return {
        "id": quote.quote_id,
        "quote": quote.text,
        "start": quote.start,
        "end": quote.end,
        "direct": quote.direct,
        "cue": quote.cue,
        "speaker_text": speaker.text if speaker else None,
        "speaker": entity_record(doc, quote.speaker_id) if quote.speaker_id else None,
        "events": list(quote.event_ids),
    }


def write_jsonl(docs: Iterable[Document], stream: TextIO) -> None:
    """Write one document record per line."""
    for doc in docs:
        stream.write(json.dumps(document_record(doc), ensure_ascii=False) + "\n")


def event_rows(doc: Document) -> list[dict[str, Any]]:
    """Flat rows, one per event, for tables and CSV (first actor and recipient)."""
    return [record_row(doc.doc_id, record) for record in document_record(doc)["events"]]


def record_row(doc_id: str, record: dict[str, Any]) -> dict[str, Any]:
    """One EVENT record as a flat row of ``CSV_COLUMNS`` (first actor and recipient)."""
    actor = (record["actor"] or [{}])[0]
    recipient = (record["recipient"] or [{}])[0]
    return {
        "doc_id": doc_id,
        "event_id": record["id"],
        "event": record["event"],
        "mode": record["mode"],
        "status": record["status"],
        "date": record["date"],
        "enddate": record["enddate"],
        "actor": actor.get("entity_name") or actor.get("entity_text"),
        "actor_code": actor.get("code"),
        "actor_sector": actor.get("sector"),
        "recipient": recipient.get("entity_name") or recipient.get("entity_text"),
        "recipient_code": recipient.get("code"),
        "recipient_sector": recipient.get("sector"),
        "event_text": record["event_text"],
        "confidence": record["confidence"],
        "coder": record["coder"],
    }


def write_csv(docs: Iterable[Document], stream: TextIO) -> None:
    """Write one CSV row per event."""
    writer = csv.DictWriter(stream, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    for doc in docs:
        writer.writerows(event_rows(doc))


@dataclass(frozen=True, slots=True)
class EventFilter:
    """Which events an export keeps: on or after a date, of a PLOVER type, involving a country."""

    since: date | None = None
    event: str | None = None
    country: str | None = None  # ISO-3: an actor's, a recipient's or the event location's code

    def keeps(self, record: dict[str, Any]) -> bool:
        """Whether one EVENT record passes every filter set."""
        if self.since is not None and (record["date"] is None or record["date"] < self.since.isoformat()):
            return False
        if self.event is not None and record["event"] != self.event.upper():
            return False
        if self.country is not None:
            codes = {party.get("code") for party in record["actor"] + record["recipient"]}
            codes.add((record.get("event_loc") or {}).get("country_code"))
            return self.country.upper() in codes
        return True

    @property
    def active(self) -> bool:
        """Whether any filter is set."""
        return any(value is not None for value in (self.since, self.event, self.country))


def filter_documents(records: Iterable[dict[str, Any]], keep: EventFilter) -> Iterator[dict[str, Any]]:
    """Document records with only the events the filter keeps; with a filter, documents left empty go."""
    for record in records:
        events = [event for event in record["events"] if keep.keeps(event)]
        if events or not keep.active:
            yield {**record, "events": events}


def write_document_jsonl(records: Iterable[dict[str, Any]], stream: TextIO) -> int:
    """Write document records one per line; return the number of events written."""
    count = 0
    for record in records:
        stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += len(record["events"])
    return count


def write_records_csv(records: Iterable[dict[str, Any]], stream: TextIO) -> int:
    """Write one CSV row per event of the document records; return the number of rows."""
    writer = csv.DictWriter(stream, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    count = 0
    for record in records:
        for event in record["events"]:
            writer.writerow(record_row(record["doc_id"], event))
            count += 1
    return count


def write_parquet(records: Iterable[dict[str, Any]], folder: Path) -> int:
    """Write the events as a Parquet dataset under folder, partitioned ``event_date=YYYY-MM-DD``.

    Columns are ``CSV_COLUMNS`` plus ``record`` (the EVENT record as JSON); events without a
    date go to ``event_date=unknown``. Readable by DuckDB (``read_parquet('DIR/**/*.parquet',
    hive_partitioning=true)``) and pandas (``read_parquet(DIR)``). Needs the ``parquet`` extra.
    """
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise ImportError("Parquet export needs pyarrow: pip install 'eventwire[parquet]'.") from None
    rows = [
        {**record_row(record["doc_id"], event), "record": json.dumps(event, ensure_ascii=False),
         "event_date": event["date"] or "unknown"}
        for record in records
        for event in record["events"]
    ]  # fmt: skip
    columns = [*CSV_COLUMNS, "record", "event_date"]
    schema = pa.schema([(name, pa.float64() if name == "confidence" else pa.string()) for name in columns])
    table = pa.Table.from_pylist(rows, schema=schema)
    folder.mkdir(parents=True, exist_ok=True)
    pq.write_to_dataset(
        table,
        root_path=str(folder),
        partition_cols=["event_date"],
        existing_data_behavior="delete_matching",
        basename_template="events-{i}.parquet",
    )
    return len(rows)
