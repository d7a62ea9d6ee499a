"""Scale-out benchmark: procrastinate workers on PostgreSQL against many feeds on loopback.

For 1, 2 and 4 worker processes (each on a fresh database) it measures
  * ingest: every feed new (200, two articles each, one shared with the next feed): articles
    stored per second, end to end (queue -> fetch -> parse -> store);
  * re-poll: every feed due again and answering 304 Not Modified: feeds polled per minute.
The reference, in the same run, is the single-machine path: the in-process poller
(`broadsheet refresh`, jobs/poller.py) on the same feeds and the same PostgreSQL. Ratios are
workers / in-process, and N workers / 1 worker. Per-host politeness is raised to --per-host for
the run, since every feed lives on one loopback host. The feeds are generated (tests/scale/
support.py); --data is accepted for the bench convention and not read.

CPU time of the workers (user + system from /proc, start-up excluded) is printed beside
wall time, because the shared 2-core machine is rarely idle: feeds per CPU-second does not
depend on what the neighbours run. (The in-process figure's CPU includes the loopback site's
threads, which share its process; the workers' figure does not.)

    .venv/bin/python bench/scale.py [--feeds 2000] [--workers 1,2,4] [--concurrency 8]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests")]

import psycopg  # noqa: E402
from tests.scale.support import (  # noqa: E402
    FeedSite,
    add_feeds,
    start_worker,
    stop_workers,
    wait_for,
    worker_env,
)

from broadsheet.config import Settings  # noqa: E402
from broadsheet.fetch import HttpClient  # noqa: E402
from broadsheet.jobs.poller import refresh_feeds  # noqa: E402
from broadsheet.pipeline import Pipeline  # noqa: E402
from broadsheet.store import open_store  # noqa: E402

DEFAULT_DATA = REPO.parent / "shared" / "bench" / "scale"
ADMIN = os.environ.get("BROADSHEET_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")


@dataclass
class Run:
    label: str
    ingest_s: float
    articles: int
    repoll_s: float
    feeds: int
    cpu_s: float

    @property
    def articles_per_s(self) -> float:
        return self.articles / self.ingest_s

    @property
    def feeds_per_min(self) -> float:
        return self.feeds / self.repoll_s * 60


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


def _peak_rss_mb() -> float:
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(children, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss) / 1024


def run_workers(site: FeedSite, workers: int, args: argparse.Namespace, tmp: Path) -> Run:
    with fresh_database() as url:
        store = open_store(url)
        add_feeds(store, site)
        store.close()
        env = worker_env(tmp, per_host=args.per_host, interval_s=3600)
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("UPDATE feeds SET next_check_at = now() + interval '1 day'")
            procs = [
                start_worker(
                    url,
                    env,
                    tmp / f"bench-{workers}-{i}.log",
                    concurrency=args.concurrency,
                    stalled_after_s=30,
                )
                for i in range(workers)
            ]
            try:
                logs = [tmp / f"bench-{workers}-{i}.log" for i in range(workers)]
                ready = wait_for(
                    lambda: (
                        all("Starting worker" in p.read_text() for p in logs if p.exists())
                        and all(p.exists() for p in logs)
                    ),
                    300,
                )
                if not ready:
                    raise SystemExit("workers did not start; see " + str(tmp))
                cpu0 = _process_cpu([p.pid for p in procs])  # start-up (imports) left out
                # Ingest: every feed due now, every article new.
                start = time.perf_counter()
                conn.execute("UPDATE feeds SET next_check_at = NULL")
                entries = "SELECT count(*) FROM entries WHERE article_id IS NOT NULL"
                wait_for(lambda: _count(conn, entries) >= site.expected_entries, 1800, 0.2)
                ingest_s = time.perf_counter() - start
                articles = _count(conn, "SELECT count(*) FROM articles")
                # Re-poll: every feed due again; the site answers 304 to the stored ETag.
                start = time.perf_counter()
                conn.execute("UPDATE feeds SET next_check_at = NULL, last_fetched_at = NULL")
                polled = "SELECT count(*) FROM feeds WHERE last_fetched_at IS NOT NULL"
                wait_for(lambda: _count(conn, polled) >= site.feeds, 1800, 0.2)
                repoll_s = time.perf_counter() - start
                cpu = _process_cpu([p.pid for p in procs]) - cpu0
            finally:
                stop_workers(procs)
    return Run(f"{workers} worker(s)", ingest_s, articles, repoll_s, site.feeds, cpu)


def run_in_process(site: FeedSite, args: argparse.Namespace, tmp: Path) -> Run:
    settings = Settings(
        data_dir=str(tmp),
        allow_private_hosts=("127.0.0.1",),
        fetch_per_host=args.per_host,
        fetch_concurrency=max(16, args.concurrency),
        poll_interval_s=3600,
    )
    with fresh_database() as url:
        store = open_store(url)
        add_feeds(store, site)
        cpu0 = time.process_time()

        async def poll() -> float:
            async with HttpClient(settings) as client:
                pipeline = Pipeline(settings, store, client)
                start = time.perf_counter()
                await refresh_feeds(pipeline, store.list_feeds(), concurrency=args.concurrency)
                return time.perf_counter() - start

        ingest_s = asyncio.run(poll())
        articles = store.count_articles()
        repoll_s = asyncio.run(poll())
        cpu = time.process_time() - cpu0
        store.close()
    return Run("in-process poller", ingest_s, articles, repoll_s, site.feeds, cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="unused (generated)")
    parser.add_argument("--feeds", type=int, default=2000)
    parser.add_argument("--workers", default="1,2,4")
    parser.add_argument("--concurrency", type=int, default=8, help="jobs per worker")
    parser.add_argument("--per-host", type=int, default=32, help="politeness slots per host")
    args = parser.parse_args()
    counts = [int(w) for w in args.workers.split(",") if w.strip()]
    tmp = Path(tempfile.mkdtemp(prefix="bench-scale-"))
    print(f"{args.feeds} feeds on loopback, 2 articles each; {args.concurrency} jobs per worker")
    runs: list[Run] = []
    with FeedSite(args.feeds, per_feed=2) as site:
        reference = run_in_process(site, args, tmp)
        runs.append(reference)
        for workers in counts:
            runs.append(run_workers(site, workers, args, tmp))
    print(
        f"{'':20} {'ingest art/s':>12} {'re-poll feeds/min':>18} {'CPU s':>7}"
        f" {'feeds/CPU-s':>11} {'vs in-process':>14}"
    )
    for run in runs:
        ratio = run.feeds_per_min / reference.feeds_per_min
        print(
            f"{run.label:20} {run.articles_per_s:12.1f} {run.feeds_per_min:18.0f} {run.cpu_s:7.1f}"
            f" {2 * run.feeds / run.cpu_s:11.1f} {ratio:13.2f}x"
        )
    worker_runs = runs[1:]
    one = next((r for r in worker_runs if r.label.startswith("1 ")), None)
    if one is not None:
        for run in worker_runs:
            print(
                f"scaling {run.label}: ingest {run.articles_per_s / one.articles_per_s:.2f}x,"
                f" re-poll {run.feeds_per_min / one.feeds_per_min:.2f}x vs 1 worker"
            )
    print(f"peak RSS of one process: {_peak_rss_mb():.0f} MB")
    best = max(worker_runs, key=lambda r: r.feeds_per_min) if worker_runs else reference
    print(
        f"scale: {args.feeds} feeds, best {best.label}: {best.feeds_per_min:.0f} feeds/min re-poll"
        f" ({best.feeds_per_min / reference.feeds_per_min:.2f}x in-process),"
        f" {best.articles_per_s:.0f} articles/s ingest"
    )


if __name__ == "__main__":
    main()
