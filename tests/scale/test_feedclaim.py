"""The feed claim: one round trip takes the feed's lock and reads it; a 304 goes with the unlock."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from broadsheet.jobs.feedlock import FeedLocks
from broadsheet.jobs.jobapp import conninfo_from_url, relaxed_commit_conninfo
from broadsheet.store import open_store
from broadsheet.store.base import utcnow
from broadsheet.store.feeds import NotModifiedPoll

pytestmark = pytest.mark.postgres


def test_relaxed_commit_keeps_the_connection_and_adds_the_option() -> None:
    relaxed = relaxed_commit_conninfo("host=db user=u dbname=news options='-c work_mem=8MB'")
    assert "dbname=news" in relaxed and "work_mem=8MB" in relaxed
    assert "synchronous_commit=off" in relaxed
    assert relaxed_commit_conninfo(relaxed) == relaxed


async def test_a_claimed_feed_is_held_once_and_its_304_is_written_with_the_unlock(
    pg_url: str,
) -> None:
    store = open_store(pg_url)
    conninfo = relaxed_commit_conninfo(conninfo_from_url(pg_url))
    ours, theirs = FeedLocks(conninfo, max_connections=2), FeedLocks(conninfo, max_connections=2)
    await ours.open()
    await theirs.open()
    try:
        feed, _ = store.add_feed("https://example.org/feed.xml", title="Town")
        now = utcnow()
        async with ours.claim(feed.id) as claim:
            assert claim.held and claim.feed is not None
            assert claim.feed.title == "Town" and claim.feed.next_check_at is None
            async with theirs.claim(feed.id) as other:
                assert not other.held  # another process (its own pool) is turned away
            await claim.record_not_modified(
                NotModifiedPoll(
                    feed.id,
                    fetched_at=now,
                    next_check_at=now + timedelta(hours=1),
                    etag='"v2"',
                    last_modified=None,
                )
            )
            unchanged = store.get_feed(feed.id)
            assert unchanged is not None and unchanged.etag is None  # not before the unlock
        stored = store.get_feed(feed.id)
        assert stored is not None and stored.etag == '"v2"'
        assert stored.next_check_at == now + timedelta(hours=1)
        async with theirs.claim(feed.id) as other:
            assert other.held  # released
        async with theirs.claim(feed.id + 1000) as missing:
            assert missing.held and missing.feed is None  # deleted feed: nothing to poll

        # A claim cancelled half-way never leaves a pooled connection holding the lock.
        task = asyncio.create_task(_hold_forever(ours, feed.id))
        await asyncio.sleep(0.2)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        async with theirs.claim(feed.id) as other:
            assert other.held
    finally:
        await ours.close()
        await theirs.close()
        store.close()


async def _hold_forever(locks: FeedLocks, feed_id: int) -> None:
    async with locks.claim(feed_id) as claim:
        assert claim.held
        await asyncio.Event().wait()
