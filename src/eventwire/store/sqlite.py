"""SQLite store: one writer connection, WAL, migrations applied on open.

Writes a document with its events, entities and parties in one transaction. Re-writing a
document whose clean text is unchanged adds nothing; a changed text replaces its earlier rows.
Never parses or codes text.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from eventwire.errors import ConfigError
from eventwire.export import event_record
from eventwire.model import Document, Failure
from eventwire.store.schema import MIGRATIONS


@dataclass(frozen=True, slots=True)
class WriteResult:
    """What writing one document did: inserted, replaced, or unchanged (nothing added)."""

    doc_id: str
    outcome: str
    events: int


class SqliteStore:
    """The single writer of one SQLite database file."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        try:
            self._db = sqlite3.connect(self.path, isolation_level=None)
        except sqlite3.Error as error:
            raise ConfigError(f"Cannot open database {self.path} ({error}): check the --db path.") from None
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA foreign_keys=ON")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._migrate()

    def __enter__(self) -> SqliteStore:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection."""
        self._db.close()

    @property
    def schema_version(self) -> int:
        """The highest migration applied."""
        row = self._db.execute("SELECT MAX(version) FROM schema_version").fetchone()
        return int(row[0] or 0)

    def write_document(self, doc: Document) -> WriteResult:
        """Store a document and everything found in it, atomically and idempotently."""
        digest = hashlib.sha256(doc.text.encode("utf-8")).hexdigest()
        row = self._db.execute("SELECT text_sha256 FROM documents WHERE doc_id = ?", (doc.doc_id,)).fetchone()
        if row is not None and row[0] == digest:
            return WriteResult(doc.doc_id, "unchanged", 0)
        with self._transaction():
            if row is not None:
                self._db.execute("DELETE FROM documents WHERE doc_id = ?", (doc.doc_id,))
            self._insert(doc, digest)
        return WriteResult(doc.doc_id, "replaced" if row else "inserted", len(doc.events))

    def write_failure(self, failure: Failure) -> None:
        """Record an input that could not be processed."""
        with self._transaction():
            self._db.execute(
                "INSERT INTO failures (source, stage, reason, failed_at) VALUES (?, ?, ?, ?)",
                (failure.source, failure.stage, failure.reason, _now()),
            )

    def count(self, table: str) -> int:
        """Number of rows in one of the schema's tables."""
        if table not in {"documents", "events", "entities", "event_parties", "failures"}:
            raise ValueError(f"unknown table {table!r}")
        return int(self._db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])

    def event_records(self, doc_id: str | None = None) -> list[dict[str, Any]]:
        """Stored EVENT records, optionally of one document, in text order."""
        sql = "SELECT doc_id, record FROM events"
        args: tuple[str, ...] = ()
        if doc_id is not None:
            sql, args = sql + " WHERE doc_id = ?", (doc_id,)
        rows = self._db.execute(sql + " ORDER BY doc_id, evidence_start, trigger_start", args).fetchall()
        return [{"doc_id": row[0], **json.loads(row[1])} for row in rows]

    def failures(self) -> list[Failure]:
        """Every recorded failure, oldest first."""
        rows = self._db.execute("SELECT source, stage, reason FROM failures ORDER BY failure_id").fetchall()
        return [Failure(*row) for row in rows]

    def _insert(self, doc: Document, digest: str) -> None:
        self._db.execute(
            "INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                doc.doc_id,
                doc.source,
                doc.title,
                doc.url,
                doc.published_on.isoformat() if doc.published_on else None,
                digest,
                doc.text,
                _now(),
            ),
        )
        self._db.executemany(
            "INSERT INTO entities VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (doc.doc_id, m.mention_id, m.start, m.end, m.text, *_actor_columns(doc, m.mention_id))
                for m in doc.mentions
            ],
        )
        for event in doc.events:
            record = event_record(doc, event)
            self._db.execute(
                "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
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
                ),
            )
            self._db.executemany(
                "INSERT OR IGNORE INTO event_parties VALUES (?, ?, ?, ?)",
                [
                    (event.event_id, doc.doc_id, mention_id, role)
                    for role, ids in (("actor", event.actor_ids), ("recipient", event.recipient_ids))
                    for mention_id in ids
                ],
            )

    def _migrate(self) -> None:
        self._db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TEXT)")
        current = self.schema_version
        for migration in MIGRATIONS:
            if migration.version > current:
                with self._transaction():
                    for statement in migration.statements:
                        self._db.execute(statement)
                    self._db.execute("INSERT INTO schema_version VALUES (?, ?)", (migration.version, _now()))

    def _transaction(self) -> _Transaction:
        return _Transaction(self._db)


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT, rolled back on any error."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def __enter__(self) -> None:
        self._db.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self._db.execute("COMMIT" if kind is None else "ROLLBACK")


def _actor_columns(doc: Document, mention_id: str) -> tuple[str | None, ...]:
    actor = doc.actor_for(mention_id)
    if actor is None:
        return (None, None, None, None, "unresolved", None)
    return (actor.entity_name, actor.code, actor.sector, actor.identifier_id, actor.rule, actor.antecedent_id)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
