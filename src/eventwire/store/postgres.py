"""PostgreSQL store: the same schema, migrations and guarantees as SQLite, over psycopg 3.

All storage logic lives in ``store.sql``; this module connects, translates the few dialect
differences of the migrations, and serialises writers with an advisory lock (one writer).
Needs the ``postgres`` extra (``pip install 'eventwire[postgres]'``).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from eventwire.errors import ConfigError, StoreError
from eventwire.store.schema import Migration
from eventwire.store.sql import SqlStore

__all__ = ["PostgresStore"]

#: SQLite spellings in the migrations and their PostgreSQL equivalents.
_DIALECT = (
    ("INTEGER PRIMARY KEY AUTOINCREMENT", "BIGSERIAL PRIMARY KEY"),
    (" REAL", " DOUBLE PRECISION"),
)
_WRITER_LOCK = 0x6576656E74  # "event": the advisory lock every eventwire writer takes


class PostgresStore(SqlStore):
    """The single writer of one PostgreSQL database, given as a ``postgresql://`` URL."""

    def __init__(self, url: str) -> None:
        try:
            import psycopg
        except ImportError:
            raise ConfigError("A postgresql:// database needs psycopg: pip install 'eventwire[postgres]'.") from None
        self.location = _redacted(url)
        self._errors = psycopg.DataError
        try:
            self._db = psycopg.connect(url, autocommit=True, connect_timeout=10)
        except psycopg.Error as error:
            reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
            raise ConfigError(f"Cannot connect to {self.location} ({reason}): check the --db URL and server.") from None
        self._migrate()

    def close(self) -> None:
        """Close the connection."""
        self._db.close()

    def _rows(self, sql: str, args: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        try:
            cursor = self._db.execute(sql.replace("?", "%s").encode(), tuple(args))
        except self._errors as error:
            raise StoreError(f"PostgreSQL refused a value ({str(error).strip().splitlines()[0]}).") from None
        return list(cursor.fetchall()) if cursor.description else []

    def _many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if not rows:
            return
        try:
            with self._db.cursor() as cursor:
                cursor.executemany(sql.replace("?", "%s").encode(), [tuple(row) for row in rows])
        except self._errors as error:
            raise StoreError(f"PostgreSQL refused a value ({str(error).strip().splitlines()[0]}).") from None

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        with self._db.transaction():
            self._db.execute("SELECT pg_advisory_xact_lock(%s)", (_WRITER_LOCK,))
            yield

    def _migration_sql(self, migration: Migration) -> tuple[str, ...]:
        statements = []
        for statement in migration.statements:
            for sqlite_text, postgres_text in _DIALECT:
                statement = statement.replace(sqlite_text, postgres_text)
            statements.append(statement)
        return tuple(statements)


def _redacted(url: str) -> str:
    """The URL without its password, for messages."""
    scheme, sep, rest = url.partition("://")
    credentials, at, host = rest.rpartition("@")
    if not at or ":" not in credentials:
        return url
    return f"{scheme}{sep}{credentials.split(':', 1)[0]}:***@{host}"
