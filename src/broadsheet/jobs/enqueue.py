"""Putting work on the shared queue: due feeds, single articles, story recomputes.

Every job carries a `lock` (two jobs with one lock never run at once, whatever the number of
workers) and a `queueing_lock` (at most one such job waits in the queue), both named after the
thing it works on. That is what keeps a feed from being polled by two workers at once, and the
periodic enqueuer from piling up copies of a feed that is still waiting its turn.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime

from procrastinate import App
from procrastinate.exceptions import AlreadyEnqueued
from procrastinate.jobs import Job

from broadsheet.store import Store
from broadsheet.store.base import utcnow

log = logging.getLogger(__name__)

POLL_FEED = "broadsheet.poll_feed"
FETCH_ARTICLE = "broadsheet.fetch_article"
RECOMPUTE_STORY = "broadsheet.recompute_story"
ENQUEUE_DUE = "broadsheet.enqueue_due_feeds"
RETRY_STALLED = "broadsheet.retry_stalled_jobs"

_BATCH = 500

_QUEUED_LOCKS = """
SELECT queueing_lock FROM procrastinate_jobs
 WHERE task_name = %(task_name)s AND status IN ('todo', 'doing') AND queueing_lock IS NOT NULL
"""


def feed_lock(feed_id: int) -> str:
    return f"broadsheet:feed:{feed_id}"


def url_lock(url: str) -> str:
    return f"broadsheet:url:{url}"


def story_lock(story_id: int) -> str:
    return f"broadsheet:story:{story_id}"


def _poll_job(app: App, feed_id: int) -> Job:
    lock = feed_lock(feed_id)
    deferrer = app.tasks[POLL_FEED].configure(
        lock=lock, queueing_lock=lock, task_kwargs={"feed_id": feed_id}
    )
    return deferrer.job


async def _defer(app: App, job: Job) -> bool:
    """Defer one job; False when an equal one is already waiting."""
    try:
        await app.job_manager.defer_job_async(job)
    except AlreadyEnqueued:
        return False
    return True


async def defer_poll_feed(app: App, feed_id: int) -> bool:
    return await _defer(app, _poll_job(app, feed_id))


async def defer_fetch_article(app: App, url: str, feed_id: int | None = None) -> bool:
    lock = url_lock(url)
    deferrer = app.tasks[FETCH_ARTICLE].configure(
        lock=lock, queueing_lock=lock, task_kwargs={"url": url, "feed_id": feed_id}
    )
    return await _defer(app, deferrer.job)


async def defer_recompute_story(app: App, story_id: int) -> bool:
    lock = story_lock(story_id)
    deferrer = app.tasks[RECOMPUTE_STORY].configure(
        lock=lock, queueing_lock=lock, task_kwargs={"story_id": story_id}
    )
    return await _defer(app, deferrer.job)


async def queued_feed_locks(app: App) -> set[str]:
    rows = await app.connector.execute_query_all_async(_QUEUED_LOCKS, task_name=POLL_FEED)
    return {str(row["queueing_lock"]) for row in rows}


async def enqueue_due_feeds(
    app: App, store: Store, *, now: datetime | None = None, limit: int = 100_000
) -> int:
    """Queue a poll for every due feed not already queued or running; returns how many.

    Feeds are inserted in batches; a batch that meets a feed queued meanwhile (someone pressed
    "refresh") falls back to one insert per feed, skipping the one already there.
    """
    due = await asyncio.to_thread(store.due_feeds, now or utcnow(), limit)
    queued = await queued_feed_locks(app)
    jobs = [_poll_job(app, feed.id) for feed in due if feed_lock(feed.id) not in queued]
    added = 0
    for start in range(0, len(jobs), _BATCH):
        chunk = jobs[start : start + _BATCH]
        try:
            await app.job_manager.batch_defer_jobs_async(chunk)
            added += len(chunk)
        except AlreadyEnqueued:
            for job in chunk:
                added += int(await _defer(app, job))
    if added:
        log.info("queued %d due feeds", added)
    return added
