"""The jobs workers run, registered on a procrastinate App under stable `broadsheet.*` names.

A job is small and idempotent: everything it writes goes through the store's transactional,
idempotent writes (an article is keyed by canonical URL and content hash, an entry by feed and
guid), so a job that dies half-way — worker killed, database gone — is simply run again, by
procrastinate's retry for errors and by `retry_stalled_jobs` for workers that vanished.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from typing import Any

import psycopg
from procrastinate import App, JobContext, RetryStrategy
from procrastinate.exceptions import ConnectorException, UniqueViolation
from procrastinate.jobs import Status
from sqlalchemy.exc import DBAPIError

from broadsheet.config import Settings
from broadsheet.fetch import FetchError
from broadsheet.jobs.enqueue import (
    ENQUEUE_DUE,
    FETCH_ARTICLE,
    POLL_FEED,
    RECOMPUTE_STORY,
    RETRY_STALLED,
    enqueue_due_feeds,
)
from broadsheet.jobs.feedlock import FeedLocks
from broadsheet.models import Article
from broadsheet.pipeline import ArticleHook, FeedOutcome, Pipeline
from broadsheet.store import Store
from broadsheet.store.base import utcnow

log = logging.getLogger(__name__)

_CONTEXT_KEY = "broadsheet"

# A poll recovers from anything (its writes are idempotent); waits 4, 8, 16 … 256 s.
POLL_RETRY = RetryStrategy(max_attempts=7, exponential_wait=2)
# A single page: only what may pass (network, database), a few times.
FETCH_RETRY = RetryStrategy(
    max_attempts=4,
    exponential_wait=2,
    retry_exceptions={FetchError, DBAPIError, psycopg.Error, OSError},
)
# Maintenance runs before the backlog, so a long queue cannot starve the enqueuer.
_MAINTENANCE_PRIORITY = 100


@dataclass(slots=True)
class WorkerResources:
    """What one worker process shares between its concurrent jobs."""

    settings: Settings
    store: Store
    pipeline: Pipeline
    feed_locks: FeedLocks
    hooks: list[ArticleHook] = field(default_factory=list)


def resources(context: JobContext) -> WorkerResources:
    found = context.additional_context.get(_CONTEXT_KEY)
    if not isinstance(found, WorkerResources):
        raise RuntimeError("job run outside a Broadsheet worker (no WorkerResources in context)")
    return found


def worker_context(res: WorkerResources) -> dict[str, Any]:
    """The `additional_context` a worker passes to procrastinate."""
    return {_CONTEXT_KEY: res}


def cron_every(seconds: int) -> str:
    """A procrastinate cron string (seconds in the 6th column) firing every `seconds`."""
    if 1 <= seconds < 60 and 60 % seconds == 0:
        return f"* * * * * */{seconds}"
    if seconds % 60 == 0 and 60 % (seconds // 60) == 0:
        return f"*/{seconds // 60} * * * *"
    raise ValueError(f"a tick must divide a minute or an hour evenly, not {seconds} s")


async def poll_feed(context: JobContext, feed_id: int) -> dict[str, Any]:
    res = resources(context)
    # One round trip takes the feed's lock and reads it; a 304 is recorded with the unlock.
    async with res.feed_locks.claim(feed_id) as claim:
        if not claim.held:
            return {"skipped": "being polled by another worker"}
        feed = claim.feed
        if feed is None:
            return {"skipped": "feed deleted"}
        if feed.next_check_at is not None and feed.next_check_at > utcnow():
            # Polled since this job was queued (by a job that held the feed's lock before us).
            return {"skipped": "not due"}
        outcome = await res.pipeline.refresh_feed(
            feed, record_not_modified=claim.record_not_modified
        )
        return _outcome_json(outcome)


async def fetch_article(context: JobContext, url: str, feed_id: int | None = None) -> int:
    res = resources(context)
    feed = await asyncio.to_thread(res.store.get_feed, feed_id) if feed_id else None
    article, _created = await res.pipeline.ingest_url(url, feed=feed)
    return article.id


async def recompute_story(context: JobContext, story_id: int) -> int:
    """Run the understanding hooks again over a story's articles.

    A stand-in until the stories stage exposes its own recompute: the hooks are what attach
    articles to stories today, so re-running them is the recompute that exists.
    """
    res = resources(context)
    story_articles = getattr(res.store, "story_articles", None)
    if story_articles is None or not res.hooks:
        return 0
    articles: list[Article] = await asyncio.to_thread(story_articles, story_id)
    for article in articles:
        for hook in res.hooks:
            await asyncio.to_thread(hook, article)
    return len(articles)


async def enqueue_due(context: JobContext, timestamp: int) -> int:
    return await enqueue_due_feeds(context.app, resources(context).store)


def register_tasks(app: App, *, tick_s: int, stalled_after_s: float) -> None:
    """Declare every Broadsheet task (and the two periodic ones) on `app`."""
    app.task(name=POLL_FEED, pass_context=True, retry=POLL_RETRY)(poll_feed)
    app.task(name=FETCH_ARTICLE, pass_context=True, retry=FETCH_RETRY)(fetch_article)
    app.task(name=RECOMPUTE_STORY, pass_context=True, retry=FETCH_RETRY)(recompute_story)

    cron = cron_every(tick_s)
    enqueue_task = app.task(
        name=ENQUEUE_DUE,
        pass_context=True,
        priority=_MAINTENANCE_PRIORITY,
        lock=ENQUEUE_DUE,
        queueing_lock=ENQUEUE_DUE,
    )(enqueue_due)
    app.periodic(cron=cron, queueing_lock=ENQUEUE_DUE)(enqueue_task)

    async def retry_stalled_jobs(context: JobContext, timestamp: int) -> int:
        """Hand the jobs of workers that stopped sending heartbeats back to the queue."""
        manager = context.app.job_manager
        stalled = await manager.get_stalled_jobs(seconds_since_heartbeat=stalled_after_s)
        count = 0
        for job in stalled:
            if job.id is None or job.id == context.job.id:
                continue
            try:
                try:
                    await manager.retry_job(job)
                    count += 1
                except UniqueViolation:
                    # An equal job is already queued (its queueing lock): this one is superseded.
                    await manager.finish_job_by_id_async(
                        job.id, status=Status.FAILED, delete_job=False
                    )
            except ConnectorException:
                # Another copy of this job (or the worker, come back) handled it meanwhile.
                log.debug("stalled job %s was handled meanwhile", job.id)
        if count:
            log.warning("re-queued %d jobs of stalled workers", count)
        return count

    stalled_task = app.task(
        name=RETRY_STALLED,
        pass_context=True,
        priority=_MAINTENANCE_PRIORITY,
        # No `lock`: a worker killed while running this job would hold it, and only this job
        # hands stalled locks back. Two copies running at once are harmless (see above).
        queueing_lock=RETRY_STALLED,
    )(retry_stalled_jobs)
    app.periodic(cron=cron, queueing_lock=RETRY_STALLED)(stalled_task)


def _outcome_json(outcome: FeedOutcome) -> dict[str, Any]:
    return {
        "new_articles": outcome.new_articles,
        "already_known": outcome.already_known,
        "not_modified": outcome.not_modified,
        "error": outcome.error,
        "entry_errors": len(outcome.entry_errors),
    }
