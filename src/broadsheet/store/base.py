"""The connection plumbing every part of the store shares."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, Table
from sqlalchemy.dialects import postgresql, sqlite


def utcnow() -> datetime:
    return datetime.now(UTC)


class StoreBase:
    """Owns the engine; the feature mixins (feeds, articles, users, …) build on it."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._local = threading.local()  # the thread's shared read connection, in `reading()`

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def reading(self) -> Iterator[None]:
        """Every read this thread makes inside the block shares one connection.

        A page makes a dozen small queries; alone, each pays a pool checkout, a BEGIN and a
        reset on return, which was a fifth of the article page's CPU. Writes inside the block
        still get their own connection and transaction (`_write`), and end the shared
        connection's snapshot, so the thread reads its own writes.
        """
        if getattr(self._local, "conn", None) is not None:
            yield
            return
        with self.engine.connect() as conn:
            self._local.conn = conn
            try:
                yield
            finally:
                self._local.conn = None

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        shared: Connection | None = getattr(self._local, "conn", None)
        if shared is not None:
            yield shared
            return
        with self.engine.connect() as conn:
            yield conn

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """One write transaction (BEGIN IMMEDIATE on SQLite), committed on success."""
        with self.engine.connect() as conn:
            conn = conn.execution_options(immediate=True)
            with conn.begin():
                yield conn
        shared: Connection | None = getattr(self._local, "conn", None)
        if shared is not None and shared.in_transaction():
            shared.rollback()  # end its snapshot: this thread's next read sees what it wrote


def insert_ignore(conn: Connection, table: Table, values: dict[str, Any]) -> None:
    """INSERT that quietly does nothing when a unique key already exists (both engines).

    Needed where concurrent writers may race to create the same shared row (a topic, a story):
    on PostgreSQL a failed INSERT would abort the whole transaction, so catching is too late.
    """
    if conn.dialect.name == "postgresql":
        conn.execute(postgresql.insert(table).values(**values).on_conflict_do_nothing())
    else:
        conn.execute(sqlite.insert(table).values(**values).on_conflict_do_nothing())
