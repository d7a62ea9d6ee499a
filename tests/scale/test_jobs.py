"""The job layer in one process: queueing locks, the cross-worker host gate, a burst worker."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from pathlib import Path

import pytest

from broadsheet.config import Settings
from broadsheet.jobs.enqueue import defer_fetch_article, defer_poll_feed, enqueue_due_feeds
from broadsheet.jobs.hostgate import HostGate, PoliteClient
from broadsheet.jobs.jobapp import build_app, conninfo_from_url, ensure_schema
from broadsheet.jobs.worker import WorkerOptions, run_worker
from broadsheet.store import open_store
from tests.scale.support import CountingServer, FeedSite, add_feeds
from tests.support.httpserver import FixtureServer, Route

pytestmark = pytest.mark.postgres

_HTML = {"Content-Type": "text/html; charset=utf-8"}
_PAGE = (
    "<html><head><title>Bridge reopens</title></head><body><article><h1>Bridge reopens</h1>"
    + "".join(
        f"<p>Paragraph {n}: the bridge over the river reopened after two years of repairs, "
        "and the first buses crossed it on Monday morning before dawn.</p>"
        for n in range(8)
    )
    + "</article></body></html>"
).encode()


def test_conninfo_refuses_sqlite() -> None:
    with pytest.raises(ValueError, match="PostgreSQL"):
        conninfo_from_url("sqlite:///x.db")
    assert conninfo_from_url("postgresql+psycopg://u:p@h:5/db") == "postgresql://u:p@h:5/db"


async def test_a_due_feed_is_queued_once(pg_url: str) -> None:
    store = open_store(pg_url)
    conninfo = conninfo_from_url(pg_url)
    assert await ensure_schema(conninfo)
    assert not await ensure_schema(conninfo)  # a second worker start changes nothing
    app = build_app(conninfo)
    try:
        for i in range(5):
            store.add_feed(f"https://example.org/{i}.xml")
        async with app.open_async():
            assert await enqueue_due_feeds(app, store) == 5
            assert await enqueue_due_feeds(app, store) == 0  # all still waiting in the queue
            first = store.list_feeds()[0]
            assert not await defer_poll_feed(app, first.id)
            assert await defer_fetch_article(app, "https://example.org/a.html")
            assert not await defer_fetch_article(app, "https://example.org/a.html")
    finally:
        store.close()


async def test_host_gate_holds_across_workers(pg_url: str, settings: Settings) -> None:
    """Two clients with their own gates (as two worker processes have) share a host's slots:
    without the gate each client alone would allow `fetch_per_host` requests at once."""
    polite = replace(settings, fetch_per_host=2, fetch_concurrency=16)
    conninfo = conninfo_from_url(pg_url)
    server = CountingServer()
    urls = [
        server.add(f"/slow/{n}", Route(200, b"ok", {"Content-Type": "text/plain"}, delay_s=0.05))
        for n in range(16)
    ]
    with server:
        gates = [HostGate(conninfo, per_host=2), HostGate(conninfo, per_host=2)]
        for gate in gates:
            await gate.open()
        clients = [PoliteClient(polite, gate) for gate in gates]
        try:
            results = await asyncio.gather(*(clients[n % 2].get(url) for n, url in enumerate(urls)))
        finally:
            for client in clients:
                await client.aclose()
            for gate in gates:
                await gate.close()
    assert [r.content for r in results] == [b"ok"] * len(urls)
    assert 1 <= server.max_total_in_flight <= 2


async def test_burst_worker_ingests_due_feeds(
    pg_url: str, settings: Settings, tmp_path: Path
) -> None:
    with FeedSite(6, per_feed=2) as site:
        store = open_store(pg_url)
        try:
            add_feeds(store, site)
            worker_settings = replace(settings, db_url=pg_url, fetch_per_host=4)
            conninfo = conninfo_from_url(pg_url)
            await ensure_schema(conninfo)
            app = build_app(conninfo)
            async with app.open_async():
                await enqueue_due_feeds(app, store)
            await run_worker(worker_settings, WorkerOptions(burst=True, understand=False))
            assert store.count_articles() == site.expected_articles
            assert all(n == 1 for n in site.feed_fetches().values())
            assert len(site.feed_fetches()) == site.feeds
            # Nothing is due now: a second burst fetches no feed again.
            async with app.open_async():
                assert await enqueue_due_feeds(app, store) == 0
        finally:
            store.close()


async def test_fetch_article_job_stores_and_understands_a_page(
    pg_url: str, settings: Settings
) -> None:
    with FixtureServer({"/news/bridge.html": Route(200, _PAGE, _HTML)}) as server:
        store = open_store(pg_url)
        try:
            conninfo = conninfo_from_url(pg_url)
            await ensure_schema(conninfo)
            app = build_app(conninfo)
            url = server.url("/news/bridge.html")
            async with app.open_async():
                assert await defer_fetch_article(app, url)
            worker_settings = replace(settings, db_url=pg_url)
            await run_worker(worker_settings, WorkerOptions(burst=True, understand=True))
            article = store.get_article_by_url(url)
            assert article is not None
            assert "bridge over the river" in article.text
            understood = store.get_article(article.id)
            assert understood is not None and understood.story_id is not None
            assert store.count_articles() == 1
        finally:
            store.close()
