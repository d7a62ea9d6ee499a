"""Scale-out benchmark: procrastinate workers on PostgreSQL against many feeds on loopback.

Two phases, for the in-process poller (the single-machine path: `broadsheet serve`'s
jobs/poller.py, on PostgreSQL and on SQLite) and for 1, 2 and 4 worker processes on PostgreSQL,
each on a fresh database:
  * ingest: the first --ingest-feeds feeds are new (200, two articles each, one shared with the
    next feed): articles stored per second, end to end (queue -> fetch -> parse -> store);
  * re-poll: all --feeds feeds are due again and answer 304 Not Modified to the stored ETag:
    feeds polled per minute, and the seconds from "all due" to "all polled".
Ratios are N workers / 1 worker (ingest and re-poll). Per-host politeness is raised to
--per-host for the run, since every feed lives on one loopback host.

The loopback site (tests/scale/fastsite.py) runs in its own process with every response built
in advance, so it is not what is measured; its CPU is printed to show it. Feeds are generated;
--data is accepted for the bench convention and not read. The feeds of the re-poll phase that
the ingest phase did not fetch get their ETag written with the feed, as a previous poll would
have left it, so 10,000 feeds need no 10,000-feed ingest first.

CPU seconds (user + system, from /proc, start-up excluded) of the polling processes are printed
beside wall time, and feeds per CPU-second with them: the shared machine is rarely idle, and
CPU per feed does not depend on what the neighbours run. PostgreSQL's own CPU is not in them
(its server is shared with other users of the machine).

    .venv/bin/python bench/scale.py [--feeds 10000] [--ingest-feeds 1000] [--workers 1,2,4]
                                    [--concurrency 16] [--in-process pg,sqlite]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests")]

import psycopg  # noqa: E402
from sqlalchemy import insert, update  # noqa: E402
from tests.scale.fastsite import FastFeedSite  # noqa: E402
from tests.scale.feedxml import feed_etag  # noqa: E402
from tests.scale.support import start_worker, stop_workers, wait_for, worker_env  # noqa: E402

from broadsheet.config import Settings  # noqa: E402
from broadsheet.fetch import HttpClient  # noqa: E402
from broadsheet.jobs.poller import poll_due_once  # noqa: E402
from broadsheet.pipeline import Pipeline  # noqa: E402
from broadsheet.store import Store, open_store  # noqa: E402
from broadsheet.store.base import utcnow  # noqa: E402
from broadsheet.store.schema import feeds as feeds_table  # noqa: E402

DEFAULT_DATA = REPO.parent / "shared" / "bench" / "scale"
ADMIN = os.environ.get("BROADSHEET_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")


@dataclass
class Phase:
    wall_s: float
    cpu_s: float
    count: int  # articles (ingest) or feeds (re-poll)


@dataclass
class Run:
    label: str
    ingest: Phase | None = None
    repoll: Phase | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def articles_per_s(self) -> float:
        return self.ingest.count / self.ingest.wall_s if self.ingest else 0.0

    @property
    def feeds_per_min(self) -> float:
        return self.repoll.count / self.repoll.wall_s * 60 if self.repoll else 0.0


@contextmanager
def fresh_database() -> Iterator[str]:
    admin = ADMIN.replace("+psycopg", "")
    name = f"broadsheet_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield admin.rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def seed_feeds(store: Store, site: FastFeedSite, ingest_feeds: int) -> None:
    """Every feed, none due. Feeds past the ingest ones carry the ETag a poll would have left."""
    now = utcnow()
    rows = [
        {
            "url": site.feed_url(i),
            "title": f"Feed {i}",
            "kind": "feed",
            "full_text": False,
            "error_count": 0,
            "created_at": now,
            "etag": feed_etag(i) if i >= ingest_feeds else None,
            "next_check_at": now.replace(year=2100),
        }
        for i in range(site.feeds)
    ]
    with store.engine.begin() as conn:
        for start in range(0, len(rows), 2000):
            conn.execute(insert(feeds_table), rows[start : start + 2000])


def make_due(store: Store, site: FastFeedSite, *, first: int | None = None) -> None:
    """The first `first` feeds due now (all when None), as if their time had come."""
    query = update(feeds_table).values(next_check_at=None, last_fetched_at=None)
    if first is not None:
        query = query.where(feeds_table.c.url.in_([site.feed_url(i) for i in range(first)]))
    with store.engine.begin() as conn:
        conn.execute(query)


def _count(conn: psycopg.Connection[tuple[int]], query: str) -> int:
    row = conn.execute(query).fetchone()
    return int(row[0]) if row else 0


def _process_cpu(pids: list[int]) -> float:
    """User + system CPU seconds of running processes so far (Linux /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / ticks
    return total


_ENTRIES = "SELECT count(*) FROM entries WHERE article_id IS NOT NULL"
_POLLED = "SELECT count(*) FROM feeds WHERE last_fetched_at IS NOT NULL"


def run_workers(
    site: FastFeedSite, workers: int, args: argparse.Namespace, tmp: Path
) -> tuple[Run, float]:
    run = Run(f"{workers} worker(s)")
    with fresh_database() as url:
        store = open_store(url)
        seed_feeds(store, site, args.ingest_feeds)
        env = worker_env(tmp, per_host=args.per_host, interval_s=3600)
        logs = [tmp / f"bench-{workers}-{i}-{uuid.uuid4().hex[:6]}.log" for i in range(workers)]
        procs = [
            start_worker(url, env, log, concurrency=args.concurrency, stalled_after_s=30)
            for log in logs
        ]
        site_cpu = 0.0
        try:
            started = wait_for(
                lambda: all(p.exists() and "Starting worker" in p.read_text() for p in logs), 300
            )
            if not started:
                raise SystemExit("workers did not start; see " + str(tmp))
            pids = [p.pid for p in procs]
            with psycopg.connect(url, autocommit=True) as conn:
                site0 = _process_cpu([site.pid])
                if args.ingest_feeds:
                    cpu0 = _process_cpu(pids)
                    start = time.perf_counter()
                    make_due(store, site, first=args.ingest_feeds)
                    expected = args.ingest_feeds * (site.per_feed + 1)
                    wait_for(lambda: _count(conn, _ENTRIES) >= expected, 1800, 0.1)
                    wall = time.perf_counter() - start
                    articles = _count(conn, "SELECT count(*) FROM articles")
                    run.ingest = Phase(wall, _process_cpu(pids) - cpu0, articles)
                cpu0 = _process_cpu(pids)
                start = time.perf_counter()
                make_due(store, site)
                wait_for(lambda: _count(conn, _POLLED) >= site.feeds, 1800, 0.1)
                run.repoll = Phase(
                    time.perf_counter() - start, _process_cpu(pids) - cpu0, site.feeds
                )
                site_cpu = _process_cpu([site.pid]) - site0
        finally:
            stop_workers(procs)
            store.close()
    return run, site_cpu


def run_in_process(
    site: FastFeedSite, engine: str, args: argparse.Namespace, tmp: Path
) -> tuple[Run, float]:
    settings = Settings(
        data_dir=str(tmp),
        allow_private_hosts=("127.0.0.1",),
        fetch_per_host=args.per_host,
        fetch_concurrency=max(16, args.concurrency),
        poll_interval_s=3600,
    )
    run = Run(f"in-process ({engine})")

    async def poll_until_idle(store: Store) -> None:
        """What `broadsheet serve`'s poller does while feeds are due (poll_forever's loop)."""
        async with HttpClient(settings) as client:
            pipeline = Pipeline(settings, store, client)
            while await poll_due_once(pipeline, concurrency=args.concurrency, batch=args.batch):
                pass

    def timed(store: Store) -> Phase:
        cpu0, start = time.process_time(), time.perf_counter()
        asyncio.run(poll_until_idle(store))
        return Phase(time.perf_counter() - start, time.process_time() - cpu0, 0)

    with _engine_url(engine, tmp) as url:
        store = open_store(url)
        try:
            seed_feeds(store, site, args.ingest_feeds)
            site0 = _process_cpu([site.pid])
            if args.ingest_feeds:
                make_due(store, site, first=args.ingest_feeds)
                run.ingest = timed(store)
                run.ingest.count = store.count_articles()
            make_due(store, site)
            run.repoll = timed(store)
            run.repoll.count = site.feeds
            site_cpu = _process_cpu([site.pid]) - site0
        finally:
            store.close()
    return run, site_cpu


@contextmanager
def _engine_url(engine: str, tmp: Path) -> Iterator[str]:
    if engine == "sqlite":
        yield f"sqlite:///{tmp / f'bench-{uuid.uuid4().hex[:6]}.db'}"
        return
    with fresh_database() as url:
        yield url


def report(runs: list[Run], args: argparse.Namespace) -> None:
    print(
        f"\n{'':20} {'ingest art/s':>12} {'art/CPU-s':>9} | {'re-poll feeds/min':>17}"
        f" {'all polled s':>12} {'CPU s':>6} {'feeds/CPU-s':>11}"
    )
    for run in runs:
        ingest = (
            f"{run.articles_per_s:12.1f} {run.ingest.count / run.ingest.cpu_s:9.1f}"
            if run.ingest and run.ingest.cpu_s
            else f"{'-':>12} {'-':>9}"
        )
        repoll = run.repoll
        assert repoll is not None
        print(
            f"{run.label:20} {ingest} | {run.feeds_per_min:17.0f} {repoll.wall_s:12.1f}"
            f" {repoll.cpu_s:6.1f} {repoll.count / max(repoll.cpu_s, 1e-9):11.0f}"
        )
    workers = [r for r in runs if "worker" in r.label]
    one = next((r for r in workers if r.label.startswith("1 ")), None)
    if one is not None and one.ingest is not None:
        chain = " -> ".join(f"{r.articles_per_s / one.articles_per_s:.2f}x" for r in workers)
        print(f"ingest scaling 1 -> 2 -> 4 workers: {chain}")
        chain = " -> ".join(f"{r.feeds_per_min / one.feeds_per_min:.2f}x" for r in workers)
        print(f"re-poll scaling 1 -> 2 -> 4 workers: {chain}")
    best = max(runs, key=lambda r: r.feeds_per_min)
    assert best.repoll is not None
    print(
        f"scale: {args.feeds} feeds (304), best {best.label}: {best.feeds_per_min:.0f} feeds/min,"
        f" all polled in {best.repoll.wall_s:.1f} s (target < 60 s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="unused (generated)")
    parser.add_argument("--feeds", type=int, default=10_000, help="feeds in the re-poll phase")
    parser.add_argument("--ingest-feeds", type=int, default=1000, help="new feeds to ingest")
    parser.add_argument("--workers", default="1,2,4", help="worker counts ('' for none)")
    parser.add_argument("--in-process", default="pg,sqlite", help="in-process engines")
    parser.add_argument("--concurrency", type=int, default=8, help="jobs per worker/poller")
    parser.add_argument("--batch", type=int, default=500, help="in-process poller batch")
    parser.add_argument("--per-host", type=int, default=32, help="politeness slots per host")
    args = parser.parse_args()
    args.ingest_feeds = min(args.ingest_feeds, args.feeds)
    counts = [int(w) for w in args.workers.split(",") if w.strip()]
    engines = [e.strip() for e in args.in_process.split(",") if e.strip()]
    tmp = Path(tempfile.mkdtemp(prefix="bench-scale-"))
    print(
        f"{args.feeds} feeds on loopback (re-poll, 304), first {args.ingest_feeds} ingested"
        f" (2 articles each); {args.concurrency} jobs per worker or poller; {os.cpu_count()} CPUs"
    )
    runs: list[Run] = []
    with FastFeedSite(args.feeds, per_feed=2) as site:
        for engine in engines:
            run, site_cpu = run_in_process(site, engine, args, tmp)
            runs.append(run)
            print(f"{run.label}: done (feed site used {site_cpu:.1f} CPU-s)", flush=True)
        for workers in counts:
            run, site_cpu = run_workers(site, workers, args, tmp)
            runs.append(run)
            print(f"{run.label}: done (feed site used {site_cpu:.1f} CPU-s)", flush=True)
        stats = site.stats()
    print(f"feed site: {stats['served']} requests, {stats['not_modified']} answered 304")
    report(runs, args)


if __name__ == "__main__":
    main()
