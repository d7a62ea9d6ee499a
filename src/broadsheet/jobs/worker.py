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
from collections.abc import Coroutine
from dataclasses import dataclass
from typing import Any

import psycopg
from procrastinate.exceptions import ConnectorException
from sqlalchemy import event
from sqlalchemy.exc import DBAPIError

from broadsheet.config import Settings
from broadsheet.jobs.feedlock import FeedLocks
from broadsheet.jobs.hostgate import HostGate, PoliteClient
from broadsheet.jobs.jobapp import (
    build_app,
    conninfo_from_url,
    ensure_schema,
    relaxed_commit_conninfo,
)
from broadsheet.jobs.tasks import WorkerResources, worker_context
from broadsheet.pipeline import Pipeline
from broadsheet.store import Store, open_store
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
    # procrastinate fetches a process's jobs one at a time, one round trip (and one commit)
    # each: with short jobs (a 304 re-poll) that serial fetch, not the jobs, bounds a worker.
    # This many fetch loops share the process and its `concurrency` (0: one per 4 jobs, <= 4).
    fetchers: int = 0

    def fetch_loops(self) -> int:
        wanted = self.fetchers or (self.concurrency + 3) // 4
        return max(1, min(wanted, 4, self.concurrency))


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
    relax_store_commits(store)
    created = await ensure_schema(conninfo)
    if created:
        log.info("applied the procrastinate job schema")
    loops = options.fetch_loops()
    queue_conninfo = relaxed_commit_conninfo(conninfo)
    app = build_app(
        queue_conninfo,
        tick_s=options.tick_s,
        stalled_after_s=options.stalled_after_s,
        pool_size=4 + loops,
    )
    gate = HostGate(
        conninfo,
        per_host=settings.fetch_per_host,
        max_connections=max(1, min(settings.fetch_concurrency, options.concurrency, 8)),
    )
    feed_locks = FeedLocks(queue_conninfo, max_connections=max(1, options.concurrency))
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
            name = options.name or "broadsheet-worker"
            share, extra = divmod(max(1, options.concurrency), loops)
            runs = [
                app.run_worker_async(
                    concurrency=share + (1 if k < extra else 0),
                    wait=not options.burst,
                    name=name if loops == 1 else f"{name}.{k}",
                    additional_context=worker_context(res),
                    delete_jobs="successful",
                    update_heartbeat_interval=max(0.5, options.stalled_after_s / 3),
                    stalled_worker_timeout=options.stalled_after_s,
                    install_signal_handlers=own_signals and loops == 1,
                    # One loop listens for new jobs; the others look every half second when
                    # idle (while busy they fetch back to back), sparing a connection each.
                    listen_notify=k == 0,
                    fetch_job_polling_interval=0.5,
                )
                for k in range(loops)
            ]
            await _run_together(runs, own_signals=own_signals and loops > 1)
    finally:
        await feed_locks.close()
        await gate.close()
        store.close()


def relax_store_commits(store: Store) -> None:
    """This worker's store connections commit without waiting for the WAL flush.

    Ingest wrote one synchronous commit per article and per entry, and those flushes, not
    CPU, bounded a worker. It is safe for the jobs' guarantees: PostgreSQL writes its log in
    order and a crash keeps a prefix of it, so a job's "finished" (committed after every
    write of the job) never survives a crash that lost one of those writes; the job runs
    again and its idempotent writes fill the gap. The web app keeps synchronous commits.
    """

    @event.listens_for(store.engine, "connect")
    def _relax(dbapi_connection: Any, _record: Any) -> None:
        with dbapi_connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit = off")
        dbapi_connection.commit()  # or the pool's reset (a rollback) would undo the SET

    store.engine.dispose()  # connections opened before (migrations) start over relaxed


async def _run_together(runs: list[Coroutine[Any, Any, None]], *, own_signals: bool) -> None:
    """Run the fetch loops until all return; the first to fail (the database went away)
    stops the others, and its error is raised. Being cancelled, or SIGINT/SIGTERM when
    `own_signals`, cancels them all: procrastinate's graceful stop (jobs in hand finish)."""
    tasks = [asyncio.create_task(run) for run in runs]
    stopped = asyncio.Event()
    if own_signals:
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stopped.set)
    stopper = asyncio.create_task(stopped.wait())
    try:
        await asyncio.wait([*tasks, stopper], return_when=asyncio.FIRST_COMPLETED)
        while not stopped.is_set() and not any(t.done() and t.exception() for t in tasks):
            pending = [t for t in tasks if not t.done()]
            if not pending:
                break
            await asyncio.wait([*pending, stopper], return_when=asyncio.FIRST_COMPLETED)
    finally:
        stopper.cancel()
        for task in tasks:
            task.cancel()
        results = await asyncio.gather(*tasks, return_exceptions=True)
    for result in results:
        if isinstance(result, BaseException) and not isinstance(result, asyncio.CancelledError):
            raise result
