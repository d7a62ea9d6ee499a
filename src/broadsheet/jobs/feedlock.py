"""A second, database-held guarantee that one feed is polled by one worker at a time.

procrastinate's job `lock` already serialises the jobs of a feed. But a worker that misses its
heartbeats (a paused VM, an overloaded host) has its jobs handed back to the queue while it may
still be running them; a PostgreSQL advisory lock held for the whole poll, on a connection that
dies with its worker, keeps even that case from fetching a feed twice at once.

The same connection also carries the feed's own reads and writes on the re-poll path, so that a
feed answering 304 Not Modified costs two round trips here in all: one that takes the lock and
reads the feed, one (pipelined) that records the poll and releases the lock.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from psycopg import AsyncConnection
from psycopg.rows import dict_row

from broadsheet.jobs.lockpool import LockPool
from broadsheet.models import Feed
from broadsheet.store.feeds import NotModifiedPoll, feed_from_mapping

# First half of the two-int advisory key; the feed id is the second.
_FEED_NAMESPACE = 724_010

# The lock and the feed in one round trip. The feed row is read whether or not the lock is
# taken (it is one index lookup), and an unknown id still answers one row.
_CLAIM = """
SELECT pg_try_advisory_lock(%(ns)s, %(id)s) AS broadsheet_held, f.*
  FROM (SELECT 1) AS one LEFT JOIN feeds AS f ON f.id = %(id)s
"""
_NOT_MODIFIED = """
UPDATE feeds SET last_fetched_at = %(fetched_at)s, next_check_at = %(next_check_at)s,
       etag = %(etag)s, last_modified = %(last_modified)s, last_error = NULL, error_count = 0
 WHERE id = %(id)s
"""
_UNLOCK = "SELECT pg_advisory_unlock(%s, %s)"


def _naive_utc(value: datetime) -> datetime:
    """The store keeps UTC in `timestamp without time zone` columns (store/schema.py)."""
    return value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo else value


def _aware_utc(value: Any) -> Any:
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


@dataclass(slots=True)
class FeedClaim:
    """What `FeedLocks.claim` found: whether this process holds the feed, and the feed."""

    feed_id: int
    held: bool
    feed: Feed | None
    _pending: dict[str, Any] | None = field(default=None, repr=False)

    async def record_not_modified(self, poll: NotModifiedPoll) -> None:
        """The 304 path's only write; sent with the unlock, in the same round trip.

        Written before the job ends (the claim is released inside the job), so the queue never
        sees a finished poll whose schedule is not stored yet.
        """
        self._pending = {
            "id": poll.feed_id,
            "fetched_at": _naive_utc(poll.fetched_at),
            "next_check_at": _naive_utc(poll.next_check_at),
            "etag": poll.etag,
            "last_modified": poll.last_modified,
        }


class FeedLocks(LockPool):
    @asynccontextmanager
    async def claim(self, feed_id: int) -> AsyncIterator[FeedClaim]:
        """Yields the claim; `held` is False when another process holds the feed.

        A connection whose release did not complete (cancelled between sending the lock and
        reading its answer, or the database failed) is closed rather than pooled: that is what
        guarantees no pooled connection still holds a feed's lock, without paying a reset
        round trip on every poll. The job's own errors pass through after a normal release.
        """
        async with self._pool.connection() as conn:
            released = False
            try:
                claim = await self._claim(conn, feed_id)
                try:
                    yield claim
                finally:
                    if claim.held:
                        await self._release(conn, claim)
                    released = True
            finally:
                if not released:
                    await conn.close()

    async def _claim(self, conn: AsyncConnection[Any], feed_id: int) -> FeedClaim:
        cursor = conn.cursor(row_factory=dict_row)
        await cursor.execute(_CLAIM, {"ns": _FEED_NAMESPACE, "id": feed_id})
        row = await cursor.fetchone()
        held = bool(row and row.pop("broadsheet_held"))
        feed = None
        if row and row.get("id") is not None:
            feed = feed_from_mapping({k: _aware_utc(v) for k, v in row.items()})
        return FeedClaim(feed_id=feed_id, held=held, feed=feed)

    async def _release(self, conn: AsyncConnection[Any], claim: FeedClaim) -> None:
        if claim._pending is None:
            await conn.execute(_UNLOCK, (_FEED_NAMESPACE, claim.feed_id))
            return
        async with conn.pipeline():
            await conn.execute(_NOT_MODIFIED, claim._pending)
            await conn.execute(_UNLOCK, (_FEED_NAMESPACE, claim.feed_id))
