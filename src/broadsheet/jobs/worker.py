"""One worker process: the store, a polite HTTP client and the pipeline behind procrastinate.

Start as many as wanted, on as many machines, against one PostgreSQL; they share nothing but
the database. A fresh database needs no manual step: the store's migrations and procrastinate's
schema are both applied at start under advisory locks, so workers starting together are safe.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from dataclasses import dataclass

import psycopg
from procrastinate.exceptions import ConnectorException
from sqlalchemy.exc import DBAPIError

from broadsheet.config import Settings
from broadsheet.jobs.feedlock import FeedLocks
from broadsheet.jobs.hostgate import HostGate, PoliteClient
from broadsheet.jobs.jobapp import build_app, conninfo_from_url, ensure_schema
from broadsheet.jobs.tasks import WorkerResources, worker_context
from broadsheet.pipeline import Pipeline
from broadsheet.store import open_store
from broadsheet.understand import article_hooks

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class WorkerOptions:
    """How one worker runs. `stalled_after_s`: silence after which a worker counts as dead and
    its jobs go back to the queue (heartbeats are sent three times as often). `understand`:
    run the understanding hooks (enrich, stories) on new articles; off for workers that only
    ingest (the stories index lives in each process, see docs/scale.md)."""

    concurrency: int = 8
    tick_s: int = 10
    stalled_after_s: float = 30.0
    name: str | None = None
    understand: bool = True
    burst: bool = False  # run what is queued (and one enqueue of due feeds), then return


# What a database that went away looks like from here.
_DATABASE_GONE = (psycopg.OperationalError, ConnectorException, DBAPIError, OSError)


async def run_worker_until_stopped(
    settings: Settings, options: WorkerOptions, *, max_wait_s: float = 30.0
) -> None:
    """`run_worker` until SIGINT/SIGTERM, started again (after 1, 2, 4 … `max_wait_s` s)
    whenever it ends without being asked to: procrastinate stops a worker whose database
    connection broke, and this is what makes workers outlive a database restart.

    The jobs the lost worker held are re-queued by `retry_stalled_jobs`; every write is
    idempotent, so nothing is lost or doubled.
    """
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    wait = 1.0
    while not stop.is_set():
        started = loop.time()
        worker = asyncio.create_task(run_worker(settings, options, own_signals=False))
        stopper = asyncio.create_task(stop.wait())
        await asyncio.wait({worker, stopper}, return_when=asyncio.FIRST_COMPLETED)
        if stop.is_set():
            worker.cancel()  # procrastinate finishes the jobs in hand, then stops
            with contextlib.suppress(asyncio.CancelledError, *_DATABASE_GONE):
                await worker
            return
        stopper.cancel()
        error = worker.exception()
        if error is not None and not isinstance(error, _DATABASE_GONE):
            raise error
        if error is None and options.burst:
            return
        if loop.time() - started > 60:
            wait = 1.0  # it ran for a while: a fresh outage, start the backoff again
        log.warning("worker stopped (%s); starting again in %.0f s", error or "database lost", wait)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=wait)
        wait = min(wait * 2, max_wait_s)


async def run_worker(
    settings: Settings, options: WorkerOptions, *, own_signals: bool = True
) -> None:
    """Run jobs until SIGINT/SIGTERM (procrastinate finishes the jobs in hand, then returns),
    or until cancelled; `own_signals=False` leaves signal handling to the caller."""
    conninfo = conninfo_from_url(settings.database_url)
    store = await asyncio.to_thread(open_store, settings.database_url)
    created = await ensure_schema(conninfo)
    if created:
        log.info("applied the procrastinate job schema")
    app = build_app(conninfo, tick_s=options.tick_s, stalled_after_s=options.stalled_after_s)
    gate = HostGate(
        conninfo,
        per_host=settings.fetch_per_host,
        max_connections=min(max(1, settings.fetch_concurrency), 8),
    )
    feed_locks = FeedLocks(conninfo, max_connections=max(1, options.concurrency))
    try:
        await gate.open()
        await feed_locks.open()
        async with app.open_async(), PoliteClient(settings, gate) as client:
            hooks = article_hooks(settings, store) if options.understand else []
            pipeline = Pipeline(settings, store, client, on_article=hooks)
            res = WorkerResources(
                settings=settings,
                store=store,
                pipeline=pipeline,
                feed_locks=feed_locks,
                hooks=hooks,
            )
            await app.run_worker_async(
                concurrency=max(1, options.concurrency),
                wait=not options.burst,
                name=options.name or "broadsheet-worker",
                additional_context=worker_context(res),
                delete_jobs="successful",
                update_heartbeat_interval=max(0.5, options.stalled_after_s / 3),
                stalled_worker_timeout=options.stalled_after_s,
                install_signal_handlers=own_signals,
            )
    finally:
        await feed_locks.close()
        await gate.close()
        store.close()
