"""The database goes away for a while during ingest: workers carry on by themselves after."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

from broadsheet.jobs.jobapp import conninfo_from_url, ensure_schema
from broadsheet.store import open_store
from tests.scale.proxy import CuttableProxy
from tests.scale.support import FeedSite, start_worker, stop_workers, wait_for, worker_env

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

OUTAGE_S = 15


def _count(url: str, query: str) -> int:
    with psycopg.connect(url.replace("+psycopg", ""), autocommit=True) as conn:
        row = conn.execute(query).fetchone()
    assert row is not None
    value = row[0]
    assert isinstance(value, int)
    return value


def test_workers_recover_after_the_database_comes_back(pg_url: str, tmp_path: Path) -> None:
    direct = make_url(pg_url)
    proxy = CuttableProxy(direct.port or 5432)
    via_proxy = direct.set(port=proxy.port).render_as_string(hide_password=False)
    asyncio.run(ensure_schema(conninfo_from_url(pg_url)))
    with FeedSite(40, per_feed=2) as site:
        store = open_store(pg_url)
        for i in range(20):  # half the feeds now, half during the outage
            store.add_feed(site.feed_url(i), title=f"Feed {i}", full_text=False)
        env = worker_env(tmp_path, per_host=4)
        workers = [start_worker(via_proxy, env, tmp_path / f"w{i}.log") for i in range(2)]
        entries = "SELECT count(*) FROM entries WHERE article_id IS NOT NULL"
        try:
            assert wait_for(lambda: _count(pg_url, entries) >= 60, 180), "first half"
            proxy.cut()
            for i in range(20, 40):
                store.add_feed(site.feed_url(i), title=f"Feed {i}", full_text=False)
            time.sleep(OUTAGE_S)
            assert all(w.poll() is None for w in workers)  # still running, not crashed out
            proxy.restore()
            done = wait_for(lambda: _count(pg_url, entries) >= site.expected_entries, 180)
            logs = "\n".join(p.read_text()[-3000:] for p in tmp_path.glob("w*.log"))
            assert done, logs
            assert all(w.poll() is None for w in workers), logs  # both came back, neither quit
        finally:
            stop_workers(workers)
            proxy.close()
            store.close()
        assert _count(pg_url, "SELECT count(*) FROM articles") == site.expected_articles
        assert _count(pg_url, "SELECT count(*) FROM entries") == site.expected_entries
