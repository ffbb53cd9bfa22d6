"""The database schema as a small, typed registry of numbered migrations.

Reads and writes nothing itself; a store applies ``MIGRATIONS`` in order and records the
version it reached in ``schema_version``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Migration:
    """One schema step: its number, a one-line purpose, and its SQL statements."""

    version: int
    purpose: str
    statements: tuple[str, ...]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "documents, events, entities (party mentions with their actors), event parties, failures",
        (
            """CREATE TABLE documents (
                doc_id TEXT PRIMARY KEY, source TEXT, title TEXT, url TEXT, published TEXT,
                text_sha256 TEXT NOT NULL, text TEXT NOT NULL, processed_at TEXT NOT NULL)""",
            """CREATE TABLE events (
                event_id TEXT PRIMARY KEY, doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
                event TEXT NOT NULL, mode TEXT, contexts TEXT NOT NULL, status TEXT NOT NULL,
                date TEXT, enddate TEXT, date_text TEXT, evidence_start INTEGER NOT NULL,
                evidence_end INTEGER NOT NULL, trigger_start INTEGER NOT NULL, trigger_end INTEGER NOT NULL,
                coder TEXT NOT NULL, rule TEXT NOT NULL, confidence REAL NOT NULL, record TEXT NOT NULL)""",
            "CREATE INDEX events_doc ON events(doc_id)",
            "CREATE INDEX events_type_date ON events(event, date)",
            """CREATE TABLE entities (
                doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE, mention_id TEXT NOT NULL,
                start INTEGER NOT NULL, "end" INTEGER NOT NULL, entity_text TEXT NOT NULL, entity_name TEXT,
                code TEXT, sector TEXT, identifier_id TEXT, rule TEXT NOT NULL, antecedent_id TEXT,
                PRIMARY KEY (doc_id, mention_id))""",
            """CREATE TABLE event_parties (
                event_id TEXT NOT NULL REFERENCES events(event_id) ON DELETE CASCADE, doc_id TEXT NOT NULL,
                mention_id TEXT NOT NULL, role TEXT NOT NULL, PRIMARY KEY (event_id, mention_id, role))""",
            "CREATE INDEX entities_code ON entities(code, sector)",
            """CREATE TABLE failures (
                failure_id INTEGER PRIMARY KEY AUTOINCREMENT, source TEXT NOT NULL, stage TEXT NOT NULL,
                reason TEXT NOT NULL, failed_at TEXT NOT NULL)""",
        ),
    ),
    Migration(
        2,
        "quotes and places of each document, and the order of events, so a stored document keeps its whole record",
        (
            "ALTER TABLE events ADD COLUMN seq INTEGER NOT NULL DEFAULT 0",
            """CREATE TABLE quotes (
                doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE, quote_id TEXT NOT NULL,
                seq INTEGER NOT NULL, text TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
                direct INTEGER NOT NULL, cue TEXT, speaker_id TEXT, event_ids TEXT NOT NULL, record TEXT NOT NULL,
                PRIMARY KEY (doc_id, quote_id))""",
            """CREATE TABLE places (
                doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE, place_id TEXT NOT NULL,
                seq INTEGER NOT NULL, extracted_place TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
                resolved_place TEXT, country_code TEXT, lat REAL, lon REAL, geonameid BIGINT, record TEXT NOT NULL,
                PRIMARY KEY (doc_id, place_id))""",
            "CREATE INDEX places_country ON places(country_code)",
            "CREATE INDEX documents_url ON documents(url)",
        ),
    ),
)
