"""Crash safety: `broadsheet refresh` killed with SIGKILL at random moments, then run to the end.

Ingest is keyed by canonical URL and content hash, so however often a run dies (mid-fetch,
mid-extract, mid-commit), the next run must finish the job: every article stored exactly once
and a database that passes SQLite's integrity check. The kill moments come from a seeded
random generator, so a failure names the same schedule on every run.

And a database error is not a feed error: the feed did nothing wrong, so its error count,
backoff and visible error must not change when the store fails under the pipeline.
"""

from __future__ import annotations

import asyncio
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy.exc import DBAPIError

from broadsheet.config import Settings
from broadsheet.fetch import HttpClient
from broadsheet.jobs.poller import refresh_feeds
from broadsheet.pipeline import Pipeline
from broadsheet.store import open_store
from support.httpserver import FixtureServer, Route

FEEDS = 4
ENTRIES = 20
KILLS = 6


def feed_body(base: str, feed: int) -> bytes:
    items = []
    for n in range(ENTRIES):
        words = " ".join(f"word{feed}x{n}x{k}" for k in range(40))
        body = "".join(
            f"<p>Paragraph {p} of story {n} in feed {feed}: the committee reviewed {words}.</p>"
            for p in range(4)
        )
        items.append(
            f"<item><title>Story {feed}-{n}</title><link>{base}/f{feed}/s{n}</link>"
            f"<guid>{base}/f{feed}/s{n}</guid><description>Summary {feed}-{n}</description>"
            f"<content:encoded><![CDATA[{body}]]></content:encoded></item>"
        )
    return (
        '<?xml version="1.0"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        f"<title>Feed {feed}</title><link>{base}/</link>{''.join(items)}</channel></rss>"
    ).encode()


def refresh_command(db_url: str, data_dir: Path) -> tuple[list[str], dict[str, str]]:
    env = {
        **os.environ,
        "BROADSHEET_DATA_DIR": str(data_dir),
        "BROADSHEET_ALLOW_PRIVATE_HOSTS": "127.0.0.1",
        "BROADSHEET_POLL": "false",
    }
    return [sys.executable, "-m", "broadsheet", "refresh", "--db", db_url], env


@pytest.mark.slow
def test_kill_9_at_random_moments_loses_and_duplicates_nothing(tmp_path: Path):
    db_path = tmp_path / "crash.db"
    db_url = f"sqlite:///{db_path}"
    with FixtureServer() as server:
        store = open_store(db_url)
        for f in range(FEEDS):
            url = server.add(
                f"/feed{f}.xml",
                Route(
                    body=feed_body(server.base_url, f),
                    headers={"Content-Type": "application/rss+xml"},
                ),
            )
            store.add_feed(url)
        store.close()
        argv, env = refresh_command(db_url, tmp_path)
        expected = FEEDS * ENTRIES
        rng = random.Random(9)
        killed = 0
        for _ in range(KILLS):
            # Kill once the store holds a random number of articles (plus a random delay), so
            # the kills land anywhere from start-up to the last commit.
            target = rng.randint(0, expected - 1)
            proc = subprocess.Popen(
                argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
            deadline = time.monotonic() + 120
            while proc.poll() is None and time.monotonic() < deadline:
                if _count(db_path) >= target:
                    break
                time.sleep(0.05)
            time.sleep(rng.uniform(0, 0.3))
            if proc.poll() is None:
                proc.send_signal(signal.SIGKILL)
                killed += 1
            proc.wait(timeout=30)
        final = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=300)
    assert final.returncode == 0, final.stderr[-2000:]
    assert killed >= KILLS - 1, f"only {killed} runs were still going when killed"

    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        count, urls, hashes = conn.execute(
            "SELECT count(*), count(DISTINCT url), count(DISTINCT content_hash) FROM articles"
        ).fetchone()
        entries = conn.execute(
            "SELECT count(*) - count(DISTINCT feed_id || ' ' || guid) FROM entries"
        ).fetchone()[0]
    print(f"\ncrash safety: {killed} kill -9s, then {count} articles of {expected}")
    assert (count, urls, hashes) == (expected, expected, expected)
    assert entries == 0, "an entry was recorded twice"


def _count(db_path: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=1) as conn:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.Error:
        return 0  # not created yet, or busy


# -- a database error is not a feed error --------------------------------------------------------
def _feed_server(server: FixtureServer) -> str:
    return server.add(
        "/feed.xml",
        Route(body=feed_body(server.base_url, 0), headers={"Content-Type": "application/rss+xml"}),
    )


def _break_article_inserts(db_path: Path) -> None:
    """A real database failure on every article insert (a trigger that aborts it)."""
    with sqlite3.connect(db_path) as conn:
        conn.execute(
            "CREATE TRIGGER broken BEFORE INSERT ON articles "
            "BEGIN SELECT RAISE(ABORT, 'simulated database failure'); END"
        )


async def _refresh(settings: Settings, db_url: str, feed_url: str):  # type: ignore[no-untyped-def]
    store = open_store(db_url)
    try:
        feed = store.get_feed_by_url(feed_url)
        assert feed is not None
        async with HttpClient(settings) as client:
            outcomes = await refresh_feeds(Pipeline(settings, store, client), [feed])
        return outcomes[0], store.get_feed(feed.id)
    finally:
        store.close()


def test_a_database_error_leaves_the_feed_without_error(settings: Settings, tmp_path: Path):
    db_path = tmp_path / "broken.db"
    db_url = f"sqlite:///{db_path}"
    with FixtureServer() as server:
        url = _feed_server(server)
        store = open_store(db_url)
        store.add_feed(url)
        store.close()
        _break_article_inserts(db_path)
        with pytest.raises(DBAPIError):  # the store's failure surfaces as what it is
            asyncio.run(_refresh(replace(settings, poll=False), db_url, url))
    reopened = open_store(db_url)
    feed = reopened.get_feed_by_url(url)
    reopened.close()
    assert feed is not None
    assert feed.error_count == 0, f"the feed was blamed for the database: {feed.last_error}"
    assert not feed.last_error


def test_a_database_error_is_not_reported_as_a_feed_error(settings: Settings, tmp_path: Path):
    db_path = tmp_path / "broken.db"
    db_url = f"sqlite:///{db_path}"
    with FixtureServer() as server:
        url = _feed_server(server)
        store = open_store(db_url)
        store.add_feed(url)
        store.close()
        _break_article_inserts(db_path)
        try:
            outcome, _feed = asyncio.run(_refresh(replace(settings, poll=False), db_url, url))
        except DBAPIError:
            return  # the store's failure surfaced as what it is: fine
    assert outcome.error is None, f"reported as a feed error: {outcome.error}"
