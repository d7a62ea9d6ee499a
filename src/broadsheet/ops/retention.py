"""Dropping old articles nobody will miss, without blocking the people reading.

Policy: starred articles (and articles someone commented on) are kept forever; an article
nobody has read goes after `retention_unread_days`, one somebody read after
`retention_read_days`; 0 turns either off (the default: nothing is dropped unless asked).
Stories are kept with their summaries, so a story page still says what happened.

Deletion runs in small batches, each its own short write transaction, with a pause between them
so that ingest and readers interleave with a long clean-up instead of waiting behind it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from broadsheet.config import Settings
from broadsheet.store import Store
from broadsheet.store.base import utcnow

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class RetentionPolicy:
    unread_days: int = 0  # 0: keep unread articles forever
    read_days: int = 0  # 0: keep read articles forever
    batch_size: int = 500
    pause_s: float = 0.05  # between batches, so other writers get the lock

    @classmethod
    def from_settings(cls, settings: Settings) -> RetentionPolicy:
        return cls(
            unread_days=int(settings.retention_unread_days),
            read_days=int(settings.retention_read_days),
            batch_size=int(settings.retention_batch_size),
        )

    @property
    def enabled(self) -> bool:
        return self.unread_days > 0 or self.read_days > 0


@dataclass(frozen=True, slots=True)
class RetentionReport:
    unread_deleted: int = 0
    read_deleted: int = 0
    batches: int = 0

    @property
    def deleted(self) -> int:
        return self.unread_deleted + self.read_deleted


def is_expired(published: datetime | None, policy: RetentionPolicy, now: datetime) -> bool:
    """Whether a *new* (unread) entry is already past retention: ingest should skip it.

    Without this, an old entry still listed in its feed would be dropped by retention and then
    fetched again at the next poll, over and over.
    """
    if published is None or policy.unread_days <= 0:
        return False
    return published < now - timedelta(days=policy.unread_days)


def run_retention(
    store: Store,
    policy: RetentionPolicy,
    *,
    now: datetime | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> RetentionReport:
    """Apply the policy once, batch by batch, until nothing more is due."""
    now = now or utcnow()
    counts = {True: 0, False: 0}
    batches = 0
    for read, days in ((False, policy.unread_days), (True, policy.read_days)):
        if days <= 0:
            continue
        cutoff = now - timedelta(days=days)
        while True:
            ids = store.expired_article_ids(cutoff, read=read, limit=policy.batch_size)
            if not ids:
                break
            counts[read] += store.delete_articles(ids)
            batches += 1
            if len(ids) < policy.batch_size:
                break
            sleep(policy.pause_s)
    report = RetentionReport(
        unread_deleted=counts[False], read_deleted=counts[True], batches=batches
    )
    if report.deleted:
        log.info("retention dropped %d unread and %d read articles", counts[False], counts[True])
    return report


async def retention_forever(store: Store, settings: Settings, stop: asyncio.Event) -> None:
    """Run retention every `retention_interval_s` until `stop` is set (start it beside the
    poller in the app's lifespan, or in one worker)."""
    policy = RetentionPolicy.from_settings(settings)
    interval = float(settings.retention_interval_s)
    while not stop.is_set():
        if policy.enabled:
            try:
                await asyncio.to_thread(run_retention, store, policy)
            except Exception:  # a failed clean-up must not take the server down; next run retries
                log.exception("retention run failed")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=interval)
