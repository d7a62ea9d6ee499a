"""One worker process: the store, a polite HTTP client and the pipeline behind procrastinate.

Start as many as wanted, on as many machines, against one PostgreSQL; they share nothing but
the database. A fresh database needs no manual step: the store's migrations and procrastinate's
schema are both applied at start under advisory locks, so workers starting together are safe.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from broadsheet.config import Settings
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


async def run_worker(settings: Settings, options: WorkerOptions) -> None:
    """Run jobs until SIGINT/SIGTERM (procrastinate finishes the jobs in hand, then returns)."""
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
    try:
        await gate.open()
        async with app.open_async(), PoliteClient(settings, gate) as client:
            hooks = article_hooks(settings, store) if options.understand else []
            pipeline = Pipeline(settings, store, client, on_article=hooks)
            res = WorkerResources(settings=settings, store=store, pipeline=pipeline, hooks=hooks)
            await app.run_worker_async(
                concurrency=max(1, options.concurrency),
                wait=not options.burst,
                name=options.name or "broadsheet-worker",
                additional_context=worker_context(res),
                delete_jobs="successful",
                update_heartbeat_interval=max(0.5, options.stalled_after_s / 3),
                stalled_worker_timeout=options.stalled_after_s,
            )
    finally:
        await gate.close()
        store.close()
