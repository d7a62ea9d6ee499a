"""Engine creation and migrations for both backends.

SQLite gets WAL, a busy timeout and foreign keys on every connection, and write transactions
start with BEGIN IMMEDIATE so that two writers queue on the lock instead of failing half-way
(the shape Datasette uses). PostgreSQL gets a plain pooled engine.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url

_HERE = Path(__file__).resolve().parent


def create_store_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url)
    if parsed.get_backend_name() == "postgresql":
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        return create_engine(parsed, pool_pre_ping=True, pool_size=10, max_overflow=10)
    raise ValueError(f"unsupported store URL {url!r}: use sqlite:///PATH or postgresql://…")


def _sqlite_engine(url: str) -> Engine:
    database = make_url(url).database
    if database and database != ":memory:":
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves, below
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        immediate = conn.get_execution_options().get("immediate", False)
        # Straight to the driver: exec_driver_sql's event and cursor machinery cost ~0.2 ms per
        # transaction, a sixth of an article page's CPU (py-spy under bench/web.py load).
        conn.connection.driver_connection.execute("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def alembic_config() -> Config:
    cfg = Config(str(_HERE / "alembic.ini"))
    cfg.set_main_option("script_location", str(_HERE / "migrations"))
    return cfg


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the schema up to `revision`; safe to call at every start-up."""
    cfg = alembic_config()
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            # Two processes starting at once must not both run the same migration.
            conn.exec_driver_sql("SELECT pg_advisory_lock(724001)")
        try:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)
            conn.commit()
        finally:
            if engine.dialect.name == "postgresql":
                conn.exec_driver_sql("SELECT pg_advisory_unlock(724001)")
                conn.commit()


def table_names(engine: Engine) -> list[str]:
    return sorted(inspect(engine).get_table_names())


def sqlite_path(url: str) -> str | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    return os.path.abspath(os.path.expanduser(parsed.database))
