"""Store: documents, events, entities and failures in an embedded database.

SQLite is the default; ``open_store`` picks the backend from the database setting.
"""

from __future__ import annotations

from eventwire.store.sqlite import SqliteStore, WriteResult

__all__ = ["SqliteStore", "WriteResult"]
