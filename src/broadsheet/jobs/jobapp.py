"""The procrastinate application the workers and the web share: connector, tasks, schema.

Built by a function, never at import time, so a process may hold several (tests do) and nothing
connects until asked. Every task is registered under an explicit `broadsheet.*` name, so any
process that builds the app can defer jobs that any worker runs.
"""

from __future__ import annotations

import psycopg
from procrastinate import App, PsycopgConnector
from procrastinate.schema import SchemaManager
from psycopg.conninfo import conninfo_to_dict, make_conninfo
from sqlalchemy.engine import make_url

from broadsheet.jobs.tasks import register_tasks

# pg_advisory_lock key serialising schema set-up between workers that start together
# (store migrations use 724001).
_SCHEMA_LOCK = 724002


def conninfo_from_url(url: str) -> str:
    """A libpq connection string from a store URL (postgresql:// or postgresql+psycopg://)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        raise ValueError(
            f"workers need a PostgreSQL store (postgresql://…), not {parsed.get_backend_name()}"
        )
    return parsed.set(drivername="postgresql").render_as_string(hide_password=False)


def relaxed_commit_conninfo(conninfo: str) -> str:
    """The same database with `synchronous_commit = off`, for the queue's and the schedule's
    own writes (job fetched, job finished, a 304's next check): each would otherwise wait for
    a WAL flush, several per feed, one after another in procrastinate's serial fetch loop.

    Atomicity is unchanged, so nothing is ever half-written. Only a crash of the PostgreSQL
    server itself (not of a worker) can forget the last fraction of a second of these
    commits, and each such loss is one the jobs already survive: a job runs again (every
    write is idempotent), a feed is polled once more, a due feed is queued at the next tick.
    Articles and entries are written through the store, whose commits stay synchronous.
    """
    params = conninfo_to_dict(conninfo)
    options = str(params.get("options") or "")
    if "synchronous_commit" in options:
        return conninfo
    params["options"] = f"{options} -c synchronous_commit=off".strip()
    return make_conninfo("", **params)


def build_app(
    conninfo: str,
    *,
    tick_s: int = 10,
    stalled_after_s: float = 30.0,
    pool_size: int = 5,
) -> App:
    """`tick_s`: how often due feeds are enqueued and stalled jobs looked for."""
    connector = PsycopgConnector(conninfo=conninfo, min_size=1, max_size=max(2, pool_size))
    app = App(connector=connector)
    register_tasks(app, tick_s=tick_s, stalled_after_s=stalled_after_s)
    return app


async def ensure_schema(conninfo: str) -> bool:
    """Apply procrastinate's own schema to a database that lacks it; True when it did.

    Kept beside the store's Alembic migrations rather than inside them: the job schema belongs to
    the job library (it ships its own upgrade scripts), and SQLite installs never need it.
    """
    async with await psycopg.AsyncConnection.connect(conninfo, autocommit=True) as conn:
        await conn.execute("SELECT pg_advisory_lock(%s)", (_SCHEMA_LOCK,))
        try:
            row = await (
                await conn.execute("SELECT to_regclass('procrastinate_jobs') IS NOT NULL")
            ).fetchone()
            if row is not None and row[0]:
                return False
            async with conn.transaction():
                await conn.execute(SchemaManager.get_schema())
            return True
        finally:
            await conn.execute("SELECT pg_advisory_unlock(%s)", (_SCHEMA_LOCK,))
