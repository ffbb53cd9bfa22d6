"""SQLite store (the default): one writer connection, WAL, migrations applied on open.

All storage logic lives in ``store.sql``; this module only opens the file and runs statements.
WAL with ``synchronous=NORMAL`` keeps every committed transaction across a killed process, so
a run killed at any moment leaves a consistent database.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from eventwire.errors import ConfigError, StoreError
from eventwire.store.schema import Migration
from eventwire.store.sql import SqlStore, WriteResult

__all__ = ["SqliteStore", "WriteResult"]


class SqliteStore(SqlStore):
    """The single writer of one SQLite database file."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.location = str(self.path)
        try:
            self._db = sqlite3.connect(self.path, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
        except sqlite3.Error as error:
            raise ConfigError(f"Cannot open database {self.path} ({error}): check the --db path.") from None
        self._db.execute("PRAGMA foreign_keys=ON")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("PRAGMA busy_timeout=10000")
        self._migrate()

    def close(self) -> None:
        """Close the connection."""
        self._db.close()

    def _rows(self, sql: str, args: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        try:
            return self._db.execute(sql, tuple(args)).fetchall()
        except sqlite3.DataError as error:
            raise StoreError(f"SQLite refused a value ({error}).") from None

    def _many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            self._db.executemany(sql, rows)

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def _migration_sql(self, migration: Migration) -> tuple[str, ...]:
        return migration.statements
