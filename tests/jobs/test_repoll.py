"""The re-poll path: a 304 moves only the schedule, on one kept-alive connection, in batches.

Runs on both store engines (the `store` fixture) against a real loopback server.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from broadsheet.config import Settings
from broadsheet.fetch import HttpClient
from broadsheet.jobs.poller import NotModifiedBatch, refresh_feeds
from broadsheet.pipeline import Pipeline
from broadsheet.store import Store
from broadsheet.store.base import utcnow
from broadsheet.store.feeds import NotModifiedPoll
from tests.support.httpserver import FixtureServer, RecordedRequest, Route

_RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Town news - Local</title>
<link>https://town.example/</link><item><title>Bridge reopens</title>
<link>https://town.example/a/1</link><guid>town-1</guid>
<description>The bridge reopened on Monday after two years of repairs.</description>
</item></channel></rss>"""


def _conditional(etag: str) -> Route | object:
    def handle(request: RecordedRequest) -> Route:
        if request.headers.get("if-none-match") == etag:
            return Route(304, headers={"ETag": etag})
        return Route(200, _RSS, {"Content-Type": "application/rss+xml", "ETag": etag})

    return handle


async def test_304s_are_recorded_in_one_batch_and_touch_nothing_else(
    store: Store, settings: Settings
) -> None:
    paths = [f"/f/{i}.xml" for i in range(5)]
    server = FixtureServer({p: _conditional(f'"v{i}"') for i, p in enumerate(paths)})  # type: ignore[misc]
    with server:
        for i, path in enumerate(paths):
            store.add_feed(
                server.url(path), title=f"My name {i}" if i == 0 else "", full_text=False
            )
        polite = replace(settings, poll_interval_s=600, fetch_per_host=2)
        async with HttpClient(polite) as client:
            pipeline = Pipeline(polite, store, client)
            first = await refresh_feeds(pipeline, store.list_feeds(), concurrency=3)
            assert sum(o.new_articles for o in first) == 1  # one article, five feeds
            articles = store.count_articles()
            before = {f.id: f for f in store.list_feeds()}
            second = await refresh_feeds(pipeline, store.list_feeds(), concurrency=3)
            # What each pooled connection has served ("…, IDLE, Request Count: 4").
            pool = client._http._transport._pool  # type: ignore[attr-defined]
            served = [int(c.info().rsplit(" ", 1)[1]) for c in pool.connections]
    assert all(o.not_modified for o in second)
    assert store.count_articles() == articles
    now = utcnow()
    for feed in store.list_feeds():
        old = before[feed.id]
        assert feed.etag == old.etag and feed.etag is not None
        assert feed.title == old.title  # the user's name and the feed's own stay as they were
        assert feed.last_fetched_at is not None and old.last_fetched_at is not None
        assert feed.last_fetched_at >= old.last_fetched_at
        assert feed.next_check_at is not None and feed.next_check_at > now + timedelta(seconds=500)
    assert store.get_feed_by_url(server.url(paths[0])).title == "My name 0"  # type: ignore[union-attr]
    assert store.get_feed_by_url(server.url(paths[1])).title == "Town news - Local"  # type: ignore[union-attr]
    # Every 304 was read to its end, so its connection stayed open for the next request: the
    # (at most 2, the per-host limit) live connections served all ten requests between them.
    assert 1 <= len(served) <= 2 and sum(served) == 2 * len(paths)


async def test_a_batch_is_written_when_full_and_on_flush(store: Store) -> None:
    feeds = [store.add_feed(f"https://example.org/{i}.xml")[0] for i in range(3)]
    batch = NotModifiedBatch(store, size=2)
    now = utcnow()
    later = now + timedelta(hours=1)
    for feed in feeds:
        await batch(NotModifiedPoll(feed.id, now, later, etag='"e"', last_modified=None))
    written = [store.get_feed(f.id) for f in feeds]
    assert [f.next_check_at is not None for f in written if f] == [True, True, False]
    await batch.flush()
    last = store.get_feed(feeds[2].id)
    assert last is not None and last.etag == '"e"' and last.next_check_at == later


def test_record_fetch_success_fills_only_missing_names(store: Store) -> None:
    named, _ = store.add_feed("https://example.org/a.xml", title="Mine", publisher="Me")
    bare, _ = store.add_feed("https://example.org/b.xml")
    now = utcnow()
    for feed in (named, bare):
        store.record_fetch_success(
            feed.id,
            fetched_at=now,
            next_check_at=now,
            etag=None,
            last_modified=None,
            title="Theirs",
            site_url="https://example.org/",
            publisher="Them",
        )
    a, b = store.get_feed(named.id), store.get_feed(bare.id)
    assert a is not None and (a.title, a.publisher, a.site_url) == (
        "Mine",
        "Me",
        "https://example.org/",
    )
    assert b is not None and (b.title, b.publisher) == ("Theirs", "Them")
    store.record_not_modified_many([NotModifiedPoll(bare.id, now, now, '"x"', "yesterday")])
    c = store.get_feed(bare.id)
    assert c is not None and (c.etag, c.last_modified, c.title) == ('"x"', "yesterday", "Theirs")
