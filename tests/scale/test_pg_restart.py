"""PostgreSQL really stops for 30 s in the middle of ingest, with 3 workers and a web process.

Unlike the outage test in test_workers.py (which cuts connections through a proxy in front of
the shared server), this runs a private cluster (tests/support/pgcluster.py) and stops its
postmaster: every session drops, new connections are refused, then the server starts again on
the same data. The workers
and the web process are the operator's commands (`python -m broadsheet.jobs`, `broadsheet
serve --no-poll`), started once and never restarted by the test: they must recover by
themselves. While the database is away the web app must answer a clear 503 page (not a stack
trace, not a hang); afterwards every article is stored exactly once and no feed was fetched more
often than its schedule allows (once: the interval is an hour).

BROADSHEET_RESTART_FEEDS sets the number of feeds (default 2,000, as the issue asks).
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import psycopg
import pytest

from broadsheet.jobs.jobapp import conninfo_from_url, ensure_schema
from broadsheet.store import open_store
from tests.scale.support import (
    FeedSite,
    add_feeds,
    start_worker,
    stop_workers,
    wait_for,
    worker_env,
)
from tests.support.pgcluster import PrivateCluster, unavailable_reason

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

FEEDS = int(os.environ.get("BROADSHEET_RESTART_FEEDS", "2000"))
OUTAGE_S = 30
WORKERS = 3
PER_HOST = 4
TIMEOUT_S = float(os.environ.get("BROADSHEET_SCALE_TIMEOUT_S", "600"))


def _count(url: str, query: str) -> int:
    try:
        with psycopg.connect(url.replace("+psycopg", ""), autocommit=True, connect_timeout=5) as c:
            row = c.execute(query).fetchone()
    except psycopg.OperationalError:
        return -1  # the server is away (the test itself stopped it)
    assert row is not None and isinstance(row[0], int)
    return row[0]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _start_web(db_url: str, env: dict[str, str], port: int, log: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "broadsheet", "serve", "--db", db_url, "--no-poll"]
    command += ["--port", str(port)]
    return subprocess.Popen(command, env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT)


def _get(url: str) -> httpx.Response | None:
    try:
        return httpx.get(url, timeout=10)
    except httpx.TransportError:
        return None


@pytest.fixture
def cluster() -> Iterator[PrivateCluster]:
    reason = unavailable_reason()
    if reason:
        pytest.skip(f"the restart test needs a private PostgreSQL cluster: {reason}")
    pg = PrivateCluster()
    pg.start()
    yield pg
    pg.close()


def test_workers_and_web_recover_when_postgres_stops_for_30_s(
    cluster: PrivateCluster, tmp_path: Path
) -> None:
    url = cluster.url
    store = open_store(url)  # runs the migrations
    asyncio.run(ensure_schema(conninfo_from_url(url)))
    entries = "SELECT count(*) FROM entries WHERE article_id IS NOT NULL"
    with FeedSite(FEEDS, per_feed=2) as site:
        add_feeds(store, site)
        store.close()
        env = worker_env(tmp_path, per_host=PER_HOST, interval_s=3600)
        workers = [
            start_worker(url, env, tmp_path / f"w{i}.log", concurrency=8) for i in range(WORKERS)
        ]
        port = _free_port()
        web = _start_web(url, env, port, tmp_path / "web.log")
        base = f"http://127.0.0.1:{port}"

        def logs() -> str:
            return "\n".join(p.read_text(errors="replace")[-3000:] for p in tmp_path.glob("*.log"))

        try:
            assert wait_for(lambda: (r := _get(base + "/")) is not None and r.is_success, 120), (
                logs()
            )
            third = site.expected_entries // 3
            assert wait_for(lambda: _count(url, entries) >= third, TIMEOUT_S), logs()

            cluster.stop()
            stopped_at = time.monotonic()
            page = _get(base + "/")
            assert page is not None, "the web app stopped answering while the database was away"
            assert page.status_code == 503, page.text[:500]
            assert "Database unavailable" in page.text and "Traceback" not in page.text
            assert page.headers.get("retry-after") == "30"
            time.sleep(max(0.0, OUTAGE_S - (time.monotonic() - stopped_at)))
            assert all(w.poll() is None for w in workers), logs()  # waiting, not crashed out
            assert web.poll() is None, logs()
            cluster.start()

            done = wait_for(lambda: _count(url, entries) >= site.expected_entries, TIMEOUT_S)
            assert done, logs()
            assert wait_for(lambda: (r := _get(base + "/")) is not None and r.is_success, 60)
            assert all(w.poll() is None for w in workers), logs()
            fetched_then = dict(site.feed_fetches())
            time.sleep(3)  # a few more ticks: nothing is due for an hour
        finally:
            stop_workers([*workers, web])

        assert _count(url, "SELECT count(*) FROM articles") == site.expected_articles
        assert _count(url, "SELECT count(DISTINCT url) FROM articles") == site.expected_articles
        assert _count(url, "SELECT count(*) FROM entries") == site.expected_entries
        assert _count(url, "SELECT count(*) FROM feeds WHERE last_fetched_at IS NULL") == 0
        # A poll cut off by the outage may run again (its job retries), but no feed is polled
        # on a schedule faster than its interval: at most one retry on top of the one poll.
        assert site.feed_fetches() == fetched_then
        assert len(fetched_then) == FEEDS
        assert max(fetched_then.values()) <= 2
        assert sum(1 for n in fetched_then.values() if n > 1) <= WORKERS * 8
