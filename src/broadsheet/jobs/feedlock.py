"""A second, database-held guarantee that one feed is polled by one worker at a time.

procrastinate's job `lock` already serialises the jobs of a feed. But a worker that misses its
heartbeats (a paused VM, an overloaded host) has its jobs handed back to the queue while it may
still be running them; a PostgreSQL advisory lock held for the whole poll, on a connection that
dies with its worker, keeps even that case from fetching a feed twice at once.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from psycopg import AsyncConnection
from psycopg_pool import AsyncConnectionPool

# First half of the two-int advisory key; the feed id is the second.
_FEED_NAMESPACE = 724_010


async def _unlock_all(conn: AsyncConnection[Any]) -> None:
    await conn.execute("SELECT pg_advisory_unlock_all()")


class FeedLocks:
    def __init__(self, conninfo: str, *, max_connections: int) -> None:
        self._pool = AsyncConnectionPool(
            conninfo,
            min_size=1,
            max_size=max(1, max_connections),
            kwargs={"autocommit": True},
            reset=_unlock_all,
            open=False,
        )

    async def open(self) -> None:
        await self._pool.open(wait=True, timeout=30)

    async def close(self) -> None:
        await self._pool.close()

    @asynccontextmanager
    async def hold(self, feed_id: int) -> AsyncIterator[bool]:
        """Yields True while this process holds the feed, False when another one does."""
        async with self._pool.connection() as conn:
            row = await (
                await conn.execute(
                    "SELECT pg_try_advisory_lock(%s, %s)", (_FEED_NAMESPACE, feed_id)
                )
            ).fetchone()
            held = bool(row and row[0])
            try:
                yield held
            finally:
                if held:
                    await conn.execute(
                        "SELECT pg_advisory_unlock(%s, %s)", (_FEED_NAMESPACE, feed_id)
                    )
