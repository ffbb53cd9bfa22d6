"""The storage logic both backends share: rows of a document, idempotent writes, reads.

A backend (SQLite, PostgreSQL) supplies a connection, a transaction and its placeholder style;
everything else, and therefore every guarantee, is written once here: a document and all its
rows are written in one transaction; identity is the doc id plus the SHA-256 of the clean text,
so re-writing an unchanged document adds nothing and a changed one replaces its rows. Never
parses or codes text.
"""

from __future__ import annotations

import hashlib
import json
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, Self

from eventwire.export import event_record, place_record, quote_record
from eventwire.model import Document, Failure
from eventwire.store.schema import MIGRATIONS, Migration

__all__ = ["SqlStore", "WriteResult", "text_digest"]

TABLES = frozenset({"documents", "events", "entities", "event_parties", "failures", "quotes", "places"})


@dataclass(frozen=True, slots=True)
class WriteResult:
    """What writing one document did: inserted, replaced, or unchanged (nothing added)."""

    doc_id: str
    outcome: str
    events: int


def text_digest(text: str) -> str:
    """The SHA-256 of a clean text: with the doc id, a document's identity."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class SqlStore(ABC):
    """The single writer of one database; subclasses provide the connection."""

    #: Where the database is, for messages and summaries.
    location: str

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    @abstractmethod
    def close(self) -> None:
        """Close the connection."""

    @abstractmethod
    def _rows(self, sql: str, args: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Run one statement with ``?`` placeholders; return its rows (empty for writes)."""

    @abstractmethod
    def _many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        """Run one statement with ``?`` placeholders once per row."""

    @abstractmethod
    def _transaction(self) -> AbstractContextManager[None]:
        """A write transaction: committed on success, rolled back on any error."""

    @abstractmethod
    def _migration_sql(self, migration: Migration) -> tuple[str, ...]:
        """The migration's statements in this backend's dialect."""

    @property
    def schema_version(self) -> int:
        """The highest migration applied."""
        return int(self._rows("SELECT MAX(version) FROM schema_version")[0][0] or 0)

    def has_document(self, doc_id: str, digest: str) -> bool:
        """Whether this document, with this exact clean text, is already stored (a cheap check)."""
        rows = self._rows("SELECT text_sha256 FROM documents WHERE doc_id = ?", (doc_id,))
        return bool(rows) and rows[0][0] == digest

    def write_document(self, doc: Document) -> WriteResult:
        """Store a document and everything found in it, atomically and idempotently."""
        digest = text_digest(doc.text)
        with self._transaction():
            rows = self._rows("SELECT text_sha256 FROM documents WHERE doc_id = ?", (doc.doc_id,))
            if rows and rows[0][0] == digest:
                return WriteResult(doc.doc_id, "unchanged", 0)
            if rows:
                self._rows("DELETE FROM documents WHERE doc_id = ?", (doc.doc_id,))
            self._insert(doc, digest)
        return WriteResult(doc.doc_id, "replaced" if rows else "inserted", len(doc.events))

    def write_failure(self, failure: Failure) -> None:
        """Record an input that could not be processed (once: the same failure again adds nothing)."""
        with self._transaction():
            self._rows(  # a re-run that meets the same bad input adds nothing
                "INSERT INTO failures (source, stage, reason, failed_at) SELECT ?, ?, ?, ? WHERE NOT EXISTS"
                " (SELECT 1 FROM failures WHERE source = ? AND stage = ? AND reason = ?)",
                (failure.source, failure.stage, failure.reason, _now(), failure.source, failure.stage, failure.reason),
            )

    def count(self, table: str) -> int:
        """Number of rows in one of the schema's tables."""
        if table not in TABLES:
            raise ValueError(f"unknown table {table!r}; known: {', '.join(sorted(TABLES))}")
        return int(self._rows(f"SELECT COUNT(*) FROM {table}")[0][0])

    def event_records(self, doc_id: str | None = None) -> list[dict[str, Any]]:
        """Stored EVENT records, optionally of one document, in document then text order."""
        sql, args = "SELECT doc_id, record FROM events", ()
        if doc_id is not None:
            sql, args = sql + " WHERE doc_id = ?", (doc_id,)  # type: ignore[assignment]
        rows = self._rows(sql + " ORDER BY doc_id, seq, evidence_start, trigger_start", args)
        return [{"doc_id": row[0], **json.loads(row[1])} for row in rows]

    def document_records(self) -> Iterator[dict[str, Any]]:
        """Every stored document as its ``document_record``, in doc id order."""
        for doc_id, title, url, published in self._rows(
            "SELECT doc_id, title, url, published FROM documents ORDER BY doc_id"
        ):
            yield {
                "doc_id": doc_id,
                "title": title,
                "url": url,
                "published": published,
                "events": [_without_doc_id(record) for record in self.event_records(doc_id)],
                "quotes": self._json_column("quotes", doc_id),
                "places": self._json_column("places", doc_id),
                "failures": [],
            }

    def failures(self) -> list[Failure]:
        """Every recorded failure, oldest first."""
        return [Failure(*row) for row in self._rows("SELECT source, stage, reason FROM failures ORDER BY failure_id")]

    def _json_column(self, table: str, doc_id: str) -> list[dict[str, Any]]:
        rows = self._rows(f"SELECT record FROM {table} WHERE doc_id = ? ORDER BY seq", (doc_id,))
        return [json.loads(row[0]) for row in rows]

    def _insert(self, doc: Document, digest: str) -> None:
        published = doc.published_on.isoformat() if doc.published_on else None
        self._rows(
            "INSERT INTO documents (doc_id, source, title, url, published, text_sha256, text, processed_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (doc.doc_id, doc.source, doc.title, doc.url, published, digest, doc.text, _now()),
        )
        self._many(
            'INSERT INTO entities (doc_id, mention_id, start, "end", entity_text, entity_name, code, sector,'
            " identifier_id, rule, antecedent_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (doc.doc_id, m.mention_id, m.start, m.end, m.text, *_actor_columns(doc, m.mention_id))
                for m in doc.mentions
            ],
        )
        self._many(_EVENT_SQL, [_event_row(doc, seq) for seq in range(len(doc.events))])
        self._many(
            "INSERT INTO event_parties (event_id, doc_id, mention_id, role) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
            [
                (event.event_id, doc.doc_id, mention_id, role)
                for event in doc.events
                for role, ids in (("actor", event.actor_ids), ("recipient", event.recipient_ids))
                for mention_id in ids
            ],
        )
        self._many(_QUOTE_SQL, [_quote_row(doc, seq) for seq in range(len(doc.quotes))])
        self._many(_PLACE_SQL, [_place_row(doc, seq) for seq in range(len(doc.places))])

    def _migrate(self) -> None:
        with self._transaction():
            self._rows("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TEXT)")
        for migration in MIGRATIONS:
            with self._transaction():
                if migration.version <= self.schema_version:
                    continue
                for statement in self._migration_sql(migration):
                    self._rows(statement)
                self._rows("INSERT INTO schema_version VALUES (?, ?)", (migration.version, _now()))


_EVENT_SQL = (
    "INSERT INTO events (event_id, doc_id, event, mode, contexts, status, date, enddate, date_text, evidence_start,"
    " evidence_end, trigger_start, trigger_end, coder, rule, confidence, record, seq)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_QUOTE_SQL = (
    'INSERT INTO quotes (doc_id, quote_id, seq, text, start, "end", direct, cue, speaker_id, event_ids, record)'
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_PLACE_SQL = (
    'INSERT INTO places (doc_id, place_id, seq, extracted_place, start, "end", resolved_place, country_code, lat,'
    " lon, geonameid, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def _event_row(doc: Document, seq: int) -> tuple[Any, ...]:
    event = doc.events[seq]
    record = event_record(doc, event)
    return (
        event.event_id,
        doc.doc_id,
        event.event,
        event.mode,
        json.dumps(list(event.contexts)),
        event.status.value,
        record["date"],
        record["enddate"],
        event.date_text,
        event.evidence.start,
        event.evidence.end,
        event.trigger.start,
        event.trigger.end,
        event.coder,
        event.rule,
        event.confidence,
        json.dumps(record, ensure_ascii=False),
        seq,
    )


def _quote_row(doc: Document, seq: int) -> tuple[Any, ...]:
    quote = doc.quotes[seq]
    record = quote_record(doc, quote)
    return (
        doc.doc_id,
        quote.quote_id,
        seq,
        quote.text,
        quote.start,
        quote.end,
        int(quote.direct),
        quote.cue,
        quote.speaker_id,
        json.dumps(list(quote.event_ids)),
        json.dumps(record, ensure_ascii=False),
    )


def _place_row(doc: Document, seq: int) -> tuple[Any, ...]:
    place = doc.places[seq]
    return (
        doc.doc_id,
        place.place_id,
        seq,
        place.extracted_place,
        place.start,
        place.end,
        place.resolved_place,
        place.country_code,
        place.lat,
        place.lon,
        place.geonameid,
        json.dumps(place_record(place), ensure_ascii=False),
    )


def _without_doc_id(record: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in record.items() if key != "doc_id"}


def _actor_columns(doc: Document, mention_id: str) -> tuple[str | None, ...]:
    actor = doc.actor_for(mention_id)
    if actor is None:
        return (None, None, None, None, "unresolved", None)
    return (actor.entity_name, actor.code, actor.sector, actor.identifier_id, actor.rule, actor.antecedent_id)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
