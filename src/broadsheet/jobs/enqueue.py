"""Putting work on the shared queue: due feeds, single articles, story recomputes.

Every job carries a `lock` (two jobs with one lock never run at once, whatever the number of
workers) and a `queueing_lock` (at most one such job waits in the queue), both named after the
thing it works on. That is what keeps a feed from being polled by two workers at once, and the
periodic enqueuer from piling up copies of a feed that is still waiting its turn.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

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

# Due feeds with no poll waiting (its queueing lock, status todo) or running (its lock, status
# doing); both probes use procrastinate's partial unique indexes.
_DUE_NOT_QUEUED = """
SELECT f.id FROM feeds AS f
 WHERE (f.next_check_at IS NULL OR f.next_check_at <= %(now)s)
   AND NOT EXISTS (SELECT 1 FROM procrastinate_jobs AS j
                    WHERE j.queueing_lock = %(prefix)s::text || f.id::text AND j.status = 'todo')
   AND NOT EXISTS (SELECT 1 FROM procrastinate_jobs AS j
                    WHERE j.lock = %(prefix)s::text || f.id::text AND j.status = 'doing')
 ORDER BY f.next_check_at IS NOT NULL, f.next_check_at, f.id
 LIMIT %(limit)s
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


async def enqueue_due_feeds(
    app: App, store: Store, *, now: datetime | None = None, limit: int = 100_000
) -> int:
    """Queue a poll for every due feed not already queued or running; returns how many.

    One query finds them, in the database, next to the queue it checks (the feeds a tick
    finds due are mostly those still waiting from the last tick: reading them all into this
    process every tick cost more CPU than polling them). Feeds are inserted in batches; a
    batch that meets a feed queued meanwhile (someone pressed "refresh") falls back to one
    insert per feed, skipping the one already there. `store` names the database the feeds
    live in; it is the queue's own.
    """
    when = (now or utcnow()).astimezone(UTC).replace(tzinfo=None)  # the store keeps naive UTC
    rows = await app.connector.execute_query_all_async(
        _DUE_NOT_QUEUED, now=when, limit=limit, prefix=feed_lock(0)[:-1]
    )
    jobs = [_poll_job(app, int(row["id"])) for row in rows]
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
