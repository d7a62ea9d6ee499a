"""The in-process poller: polls due feeds with bounded concurrency, forever or once.

On one machine this is all the scheduling there is. The store's next_check_at is the schedule,
so a restart picks up exactly where the last run left off.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable

from sqlalchemy.exc import SQLAlchemyError

from broadsheet.models import Feed
from broadsheet.pipeline import FeedOutcome, Pipeline
from broadsheet.store import Store
from broadsheet.store.base import utcnow
from broadsheet.store.feeds import NotModifiedPoll

log = logging.getLogger(__name__)

ProgressCallback = Callable[[FeedOutcome], None]


async def refresh_feeds(
    pipeline: Pipeline,
    feeds: list[Feed],
    *,
    concurrency: int = 8,
    on_done: ProgressCallback | None = None,
) -> list[FeedOutcome]:
    """Refresh the given feeds, at most `concurrency` at a time; one failure stops nothing."""
    gate = asyncio.Semaphore(max(1, concurrency))
    not_modified = NotModifiedBatch(pipeline.store)

    async def one(feed: Feed) -> FeedOutcome:
        async with gate:
            try:
                outcome = await pipeline.refresh_feed(feed, record_not_modified=not_modified)
            except SQLAlchemyError:
                # The store is failing, not this feed: never record it against the feed; let
                # the caller see it (the poller retries the cycle, the CLI reports it).
                raise
            except Exception as exc:  # a bug in one feed's path must not stop the others
                log.exception("refreshing %s crashed", feed.url)
                outcome = FeedOutcome(feed_id=feed.id, url=feed.url, error=f"internal error: {exc}")
        if on_done is not None:
            on_done(outcome)
        return outcome

    try:
        return list(await asyncio.gather(*(one(f) for f in feeds)))
    finally:
        # Before returning: the next poll_due_once must not see these feeds as due again.
        await not_modified.flush()


class NotModifiedBatch:
    """Collects the 304 polls of one `refresh_feeds` call and writes them `size` at a time,
    one transaction each, instead of one transaction (and one thread hop) per feed: most
    polls are 304s, and their write was most of what a re-poll cost besides the request.

    Each feed appears at most once per call and nothing reads these fields meanwhile; a
    crash before a flush only means those feeds are polled once more (304 again).
    """

    def __init__(self, store: Store, size: int = 200) -> None:
        self._store = store
        self._size = size
        self._polls: list[NotModifiedPoll] = []

    async def __call__(self, poll: NotModifiedPoll) -> None:
        self._polls.append(poll)
        if len(self._polls) >= self._size:
            await self.flush()

    async def flush(self) -> None:
        polls, self._polls = self._polls, []
        if polls:
            await asyncio.to_thread(self._store.record_not_modified_many, polls)


async def poll_due_once(
    pipeline: Pipeline,
    *,
    concurrency: int = 8,
    batch: int = 200,
    on_done: ProgressCallback | None = None,
) -> list[FeedOutcome]:
    due = await asyncio.to_thread(pipeline.store.due_feeds, utcnow(), batch)
    return await refresh_feeds(pipeline, due, concurrency=concurrency, on_done=on_done)


async def poll_forever(
    pipeline: Pipeline,
    stop: asyncio.Event,
    *,
    concurrency: int = 8,
    idle_s: float = 30.0,
) -> None:
    """Poll what is due, sleep until something may be due again, until `stop` is set."""
    while not stop.is_set():
        try:
            outcomes = await poll_due_once(pipeline, concurrency=concurrency)
            added = sum(o.new_articles for o in outcomes)
            if outcomes:
                log.info("polled %d feeds, %d new articles", len(outcomes), added)
        except Exception:  # e.g. the database is away; try again after the idle wait
            log.exception("poll cycle failed")
            outcomes = []
        if outcomes:
            continue  # more may be due right away
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=idle_s)
