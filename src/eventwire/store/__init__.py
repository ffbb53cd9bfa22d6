"""Store: documents, events, entities, quotes, places and failures in a database.

SQLite is the default; ``open_store`` picks the backend from the database setting: a
``postgresql://`` URL opens PostgreSQL, anything else is a SQLite file path.
"""

from __future__ import annotations

from pathlib import Path

from eventwire.store.sql import SqlStore, WriteResult, text_digest
from eventwire.store.sqlite import SqliteStore

__all__ = ["SqlStore", "SqliteStore", "WriteResult", "open_store", "text_digest"]

_POSTGRES_SCHEMES = ("postgresql://", "postgres://")


def open_store(url: str | Path) -> SqlStore:
    """Open (and migrate) the database a ``--db`` value names: a SQLite path or a PostgreSQL URL."""
    if isinstance(url, str) and url.startswith(_POSTGRES_SCHEMES):
        from eventwire.store.postgres import PostgresStore

        return PostgresStore(url)
    return SqliteStore(url)
