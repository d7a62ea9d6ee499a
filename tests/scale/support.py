"""A loopback site of many feeds, and worker processes started the way an operator starts them.

Shared by the scale tests and bench/scale.py. Each feed lists `per_feed` articles of its own plus
the first article of the next feed (so some articles arrive through two feeds and must still be
stored once). Feeds answer conditional GETs with 304, like real publishers. Articles carry their
whole (short) text in the feed, and feeds are added with full_text off, so ingest costs what
polling costs and not what extracting pages costs.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from broadsheet.store import Store
from tests.scale.feedxml import FeedCounts, article_numbers, feed_etag, feed_xml
from tests.support.httpserver import FixtureServer, RecordedRequest, Route

_RSS = "application/rss+xml; charset=utf-8"


class CountingServer(FixtureServer):
    """FixtureServer that also knows the most requests it ever served at once, all paths together
    (every feed lives on one host, so this is what per-host politeness bounds)."""

    def __init__(self) -> None:
        super().__init__({})
        self._total_lock = threading.Lock()
        self._total = 0
        self.max_total_in_flight = 0

    def _enter(self, request: RecordedRequest) -> None:
        super()._enter(request)
        with self._total_lock:
            self._total += 1
            self.max_total_in_flight = max(self.max_total_in_flight, self._total)

    def _leave(self, request: RecordedRequest) -> None:
        super()._leave(request)
        with self._total_lock:
            self._total -= 1


class FeedSite(FeedCounts):
    def __init__(
        self, feeds: int, per_feed: int = 2, *, delay_s: float = 0.0, changing: bool = False
    ) -> None:
        self.feeds = feeds
        self.per_feed = per_feed
        self.delay_s = delay_s
        self.changing = changing  # bench: feeds never answer 304 (every poll parses)
        self.server = CountingServer()
        for i in range(feeds):
            self.server.add(self.feed_path(i), self._handler(i))

    def __enter__(self) -> FeedSite:
        self.server.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.stop()

    @staticmethod
    def feed_path(i: int) -> str:
        return f"/feeds/{i}.xml"

    def feed_url(self, i: int) -> str:
        return self.server.url(self.feed_path(i))

    def article_url(self, n: int) -> str:
        return self.server.url(f"/articles/{n}.html")

    def article_numbers(self, i: int) -> list[int]:
        return article_numbers(i, self.feeds, self.per_feed)

    def feed_fetches(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for request in self.server.requests:
            if request.path.startswith("/feeds/"):
                counts[request.path] = counts.get(request.path, 0) + 1
        return counts

    def _handler(self, i: int) -> Callable[[RecordedRequest], Route]:
        body = self._feed_xml(i)
        etag = feed_etag(i)

        def handle(request: RecordedRequest) -> Route:
            if self.delay_s:
                time.sleep(self.delay_s)
            if not self.changing and request.headers.get("if-none-match") == etag:
                return Route(304, headers={"ETag": etag})
            return Route(200, body, {"Content-Type": _RSS, "ETag": etag})

        return handle

    def _feed_xml(self, i: int) -> bytes:
        return feed_xml(self.server.base_url, i, self.feeds, self.per_feed)


def add_feeds(store: Store, site: FeedSite) -> None:
    for i in range(site.feeds):
        store.add_feed(site.feed_url(i), title=f"Feed {i}", full_text=False)


def worker_env(data_dir: Path, *, per_host: int, interval_s: int = 3600) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "BROADSHEET_DATA_DIR": str(data_dir),
            "BROADSHEET_ALLOW_PRIVATE_HOSTS": "127.0.0.1,localhost",
            "BROADSHEET_POLL_INTERVAL_S": str(interval_s),
            "BROADSHEET_FETCH_PER_HOST": str(per_host),
            "BROADSHEET_FETCH_TIMEOUT_S": "20",
        }
    )
    src = str(Path(__file__).resolve().parents[2] / "src")
    env["PYTHONPATH"] = src + os.pathsep + env.get("PYTHONPATH", "")
    return env


def start_worker(
    db_url: str,
    env: dict[str, str],
    log_path: Path,
    *,
    concurrency: int = 8,
    tick_s: int = 1,
    stalled_after_s: float = 10.0,
    understand: bool = False,
) -> subprocess.Popen[bytes]:
    command = [
        sys.executable,
        "-m",
        "broadsheet.jobs",
        "--db",
        db_url,
        "--concurrency",
        str(concurrency),
        "--tick-s",
        str(tick_s),
        "--stalled-after-s",
        str(stalled_after_s),
    ]
    if not understand:
        command.append("--no-understand")
    log = log_path.open("ab")
    return subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)


def stop_workers(workers: list[subprocess.Popen[bytes]], timeout_s: float = 20.0) -> None:
    for proc in workers:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + timeout_s
    for proc in workers:
        try:
            proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def wait_for(predicate: Callable[[], bool], timeout_s: float, poll_s: float = 0.5) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(poll_s)
    return predicate()
