"""One feed through every stage, against real feeds and pages served on loopback."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from broadsheet.config import Settings
from broadsheet.fetch import HttpClient
from broadsheet.jobs.poller import refresh_feeds
from broadsheet.pipeline import Pipeline, SubscribeError, discover_and_add
from broadsheet.store import Store
from tests.support.httpserver import FixtureServer, RecordedRequest, Route

PARAGRAPHS = [
    "The river rose above its banks on Tuesday night, flooding the lower town for the first time "
    "since the great flood of 1953, according to the regional water authority.",
    "Emergency crews evacuated more than four hundred residents from the low-lying streets near "
    "the old harbour, and the town hall opened as a shelter for families with nowhere to go.",
    "Officials said the water would recede slowly over the weekend, but warned that more rain was "
    "forecast for the hills upstream, where the ground is already saturated after a wet autumn.",
    "Local businesses counted the cost on Wednesday morning as shopkeepers swept mud from their "
    "floors, and insurers sent assessors to the worst-hit streets along the waterfront.",
]


def article_page(title: str, paragraphs: list[str]) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<meta property="og:site_name" content="Riverside Gazette"></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<article><h1>{title}</h1><p class="byline">By Ann Reporter</p>{body}</article>
<footer>Copyright Riverside Gazette. All rights reserved.</footer></body></html>""".encode()


def rss(items: list[tuple[str, str, str]], *, full: bool) -> bytes:
    """items: (guid/path, title, pubdate offset hours)."""
    now = datetime(2026, 11, 1, 12, tzinfo=UTC)
    parts = []
    for path, title, hours in items:
        content = ""
        if full:
            html = f"<p>{title}: the latest.</p>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
            content = f"<content:encoded><![CDATA[{html}]]></content:encoded>"
        when = format_datetime(now - timedelta(hours=float(hours)))
        parts.append(
            f"<item><title>{title}</title><link>{{base}}{path}</link><guid>{{base}}{path}</guid>"
            f"<pubDate>{when}</pubDate><description>Short summary.</description>{content}</item>"
        )
    return (
        '<?xml version="1.0"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        "<title>Riverside Gazette</title><link>{base}/</link>" + "".join(parts) + "</channel></rss>"
    ).encode()


@pytest.fixture
def site() -> FixtureServer:
    with FixtureServer() as server:
        yield server  # type: ignore[misc]


def serve_feed(site: FixtureServer, path: str, body: bytes, etag: str = '"v1"') -> str:
    payload = body.replace(b"{base}", site.base_url.encode())

    def handler(req: RecordedRequest) -> Route:
        if req.headers.get("if-none-match") == etag:
            return Route(status=304, headers={"ETag": etag})
        return Route(body=payload, headers={"Content-Type": "application/rss+xml", "ETag": etag})

    return site.add(path, handler)


@pytest.fixture
async def pipeline(settings: Settings, store: Store) -> AsyncIterator[Pipeline]:
    async with HttpClient(settings) as client:
        yield Pipeline(settings, store, client)


async def test_full_content_feed_is_stored_once(
    site: FixtureServer, pipeline: Pipeline, store: Store
) -> None:
    url = serve_feed(
        site,
        "/full.xml",
        rss([("/a1", "Flood in the lower town", 1), ("/a2", "Clean-up begins", 2)], full=True),
    )
    feed, _ = store.add_feed(url)
    outcome = await pipeline.refresh_feed(feed)
    assert outcome.error is None and outcome.new_articles == 2
    assert not site.requests_to("/a1"), "full content in the feed: no page fetch needed"
    stored = store.latest_articles()
    assert {a.title for a in stored} == {"Flood in the lower town", "Clean-up begins"}
    assert all("four hundred residents" in a.text for a in stored)
    assert all(a.publisher == "Riverside Gazette" for a in stored)
    # A second refresh: conditional GET answers 304, nothing is added.
    again = await pipeline.refresh_feed(store.get_feed(feed.id))  # type: ignore[arg-type]
    assert again.not_modified and again.new_articles == 0
    assert store.count_articles() == 2


async def test_summary_feed_fetches_and_cleans_the_page(
    site: FixtureServer, pipeline: Pipeline, store: Store
) -> None:
    url = serve_feed(
        site, "/summary.xml", rss([("/story", "Flood in the lower town", 1)], full=False)
    )
    site.add(
        "/story",
        Route(
            body=article_page("Flood in the lower town", PARAGRAPHS),
            headers={"Content-Type": "text/html; charset=utf-8"},
        ),
    )
    feed, _ = store.add_feed(url)
    outcome = await pipeline.refresh_feed(feed)
    assert outcome.new_articles == 1, outcome
    [article] = store.latest_articles()
    for paragraph in PARAGRAPHS:
        assert paragraph in article.text
    assert "Copyright" not in article.text and "Sport" not in article.text
    assert article.published == datetime(2026, 11, 1, 11, tzinfo=UTC)


async def test_a_broken_entry_page_does_not_stop_the_others(
    site: FixtureServer, pipeline: Pipeline, store: Store
) -> None:
    url = serve_feed(site, "/f.xml", rss([("/ok", "Fine", 1), ("/gone", "Gone", 2)], full=False))
    site.add(
        "/ok", Route(body=article_page("Fine", PARAGRAPHS), headers={"Content-Type": "text/html"})
    )
    feed, _ = store.add_feed(url)
    outcome = await pipeline.refresh_feed(feed)
    assert outcome.new_articles == 1
    assert len(outcome.entry_errors) == 1 and "404" in outcome.entry_errors[0]
    assert store.entry_errors(feed.id)[0][0].endswith("/gone")
    # The failed entry is tried again next time; the stored one is not fetched again.
    site.add(
        "/gone",
        Route(body=article_page("Gone", PARAGRAPHS[::-1]), headers={"Content-Type": "text/html"}),
    )
    site.routes.pop("/f.xml")
    serve_feed(
        site, "/f.xml", rss([("/ok", "Fine", 1), ("/gone", "Gone", 2)], full=False), etag='"v2"'
    )
    before = len(site.requests_to("/ok"))
    outcome = await pipeline.refresh_feed(store.get_feed(feed.id))  # type: ignore[arg-type]
    assert outcome.new_articles == 1 and len(site.requests_to("/ok")) == before
    assert store.count_articles() == 2


@pytest.mark.parametrize(
    ("route", "expected"),
    [
        (Route(status=404, body=b"nope"), "404"),
        (Route(status=410, body=b"gone"), "410"),
        (Route(status=500, body=b"boom"), "500"),
        (
            Route(
                body=b"<html><body><p>Hello</p></body></html>",
                headers={"Content-Type": "text/html"},
            ),
            "not a feed",
        ),
        (
            Route(
                body=b"<?xml version='1.0'?><rss><channel><item><title>x</item></rss>",
                headers={"Content-Type": "application/rss+xml"},
            ),
            "malformed",
        ),
    ],
    ids=["404", "410", "500", "html-page", "malformed-xml"],
)
async def test_bad_feeds_are_recorded_errors_and_others_carry_on(
    site: FixtureServer, pipeline: Pipeline, store: Store, route: Route, expected: str
) -> None:
    bad_url = site.add("/bad", route)
    good_url = serve_feed(site, "/good.xml", rss([("/a1", "Flood", 1)], full=True))
    store.add_feed(bad_url)
    store.add_feed(good_url)
    kept, _ = store.add_feed("https://unreachable.invalid/feed")  # not polled here
    outcomes = await refresh_feeds(pipeline, [f for f in store.list_feeds() if f.id != kept.id])
    by_url = {o.url: o for o in outcomes}
    assert by_url[good_url].new_articles == 1 and by_url[good_url].error is None
    assert by_url[bad_url].error is not None and expected in by_url[bad_url].error.lower()
    bad = store.get_feed_by_url(bad_url)
    assert bad is not None and bad.error_count == 1 and expected in (bad.last_error or "").lower()
    assert bad.next_check_at is not None and bad.next_check_at > datetime.now(UTC)
    assert store.count_articles() == 1


async def test_a_timeout_is_a_feed_error(site: FixtureServer, store: Store, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings = Settings(
        data_dir=str(tmp_path), allow_private_hosts=("127.0.0.1",), fetch_timeout_s=0.5
    )
    url = site.add("/slow", Route(body=b"<rss/>", delay_s=3))
    feed, _ = store.add_feed(url)
    async with HttpClient(settings) as client:
        outcome = await Pipeline(settings, store, client).refresh_feed(feed)
    assert outcome.error is not None and "time" in outcome.error.lower()


async def test_retry_after_pushes_the_next_check(
    site: FixtureServer, pipeline: Pipeline, store: Store
) -> None:
    url = site.add("/busy", Route(status=503, headers={"Retry-After": "7200"}))
    feed, _ = store.add_feed(url)
    await pipeline.refresh_feed(feed)
    got = store.get_feed(feed.id)
    assert got is not None and got.next_check_at is not None
    assert got.next_check_at - datetime.now(UTC) > timedelta(minutes=110)


async def test_subscribing_to_a_site_discovers_its_feed(
    site: FixtureServer, pipeline: Pipeline, store: Store
) -> None:
    feed_url = serve_feed(site, "/rss.xml", rss([("/a1", "Flood", 1)], full=True))
    site.add(
        "/",
        Route(
            body=b'<html><head><link rel="alternate" type="application/rss+xml" title="News" '
            b'href="/rss.xml"></head><body>Home</body></html>',
            headers={"Content-Type": "text/html"},
        ),
    )
    feed, created = await discover_and_add(pipeline, site.url("/"))
    assert created and feed.url == feed_url
    again, created = await discover_and_add(pipeline, feed_url)
    assert not created and again.id == feed.id


async def test_subscribing_to_a_page_without_feeds_says_so(
    site: FixtureServer, pipeline: Pipeline
) -> None:
    url = site.add(
        "/plain",
        Route(
            body=b"<html><body>No feeds here</body></html>", headers={"Content-Type": "text/html"}
        ),
    )
    with pytest.raises(SubscribeError, match="not a feed"):
        await discover_and_add(pipeline, url)


async def test_a_site_without_feeds_is_followed_through_its_news_sitemap(
    pipeline: Pipeline, store: Store
) -> None:
    from broadsheet.demo import DemoSite

    with DemoSite(port=0) as demo:
        site_url = demo.base_url + "/globe/"
        # The Globe's pages do advertise feeds; ask for the sitemap route explicitly via robots.
        feed, created = await discover_and_add(pipeline, demo.base_url + "/robots.txt")
        assert created and feed.kind == "sitemap" and feed.url.endswith("sitemap-news.xml")
        outcome = await pipeline.refresh_feed(feed)
        assert outcome.error is None and outcome.new_articles > 10, outcome
        assert {a.publisher for a in store.latest_articles(limit=200)} == {"The Morning Globe"}
        assert site_url


async def test_a_single_article_url_is_saved_under_its_publisher(
    site: FixtureServer, pipeline: Pipeline, store: Store
) -> None:
    from broadsheet.pipeline import save_single_article

    url = site.add(
        "/2026/11/flood",
        Route(
            body=article_page("Flood in the lower town", PARAGRAPHS),
            headers={"Content-Type": "text/html"},
        ),
    )
    with pytest.raises(SubscribeError):
        await discover_and_add(pipeline, url)  # not a feed, no feed advertised
    article, created = await save_single_article(pipeline, url)
    assert created and article.publisher == "Riverside Gazette" and article.feed_id is None
    assert PARAGRAPHS[1] in article.text
    again, created = await save_single_article(pipeline, url + "?utm_source=x")
    assert not created and again.id == article.id
    empty = site.add(
        "/empty", Route(body=b"<html><body></body></html>", headers={"Content-Type": "text/html"})
    )
    with pytest.raises(SubscribeError, match="not a feed"):
        await save_single_article(pipeline, empty)


async def test_polls_and_stage_latencies_reach_the_metrics(
    site: FixtureServer, settings: Settings, store: Store
) -> None:
    from broadsheet.ops.metrics import Metrics

    metrics = Metrics()
    url = serve_feed(site, "/m.xml", rss([("/s1", "Flood", 1)], full=False))
    site.add(
        "/s1", Route(body=article_page("Flood", PARAGRAPHS), headers={"Content-Type": "text/html"})
    )
    feed, _ = store.add_feed(url)
    async with HttpClient(settings) as client:
        outcome = await Pipeline(settings, store, client, metrics=metrics).refresh_feed(feed)
    assert outcome.new_articles == 1
    text = metrics.render()
    for stage in ("parse", "extract", "store"):
        assert f'broadsheet_stage_seconds_count{{stage="{stage}"}} 1' in text, stage


async def test_sitemap_pages_respect_robots_txt(
    site: FixtureServer, pipeline: Pipeline, store: Store
) -> None:
    pages = ["/news/open-story", "/members/locked-story"]
    urls = "".join(
        f"<url><loc>{site.base_url}{p}</loc><news:news><news:publication><news:name>Gazette"
        "</news:name><news:language>en</news:language></news:publication>"
        f"<news:publication_date>2026-11-01T10:00:00Z</news:publication_date>"
        f"<news:title>{p}</news:title></news:news></url>"
        for p in pages
    )
    sitemap = site.add(
        "/sitemap-news.xml",
        Route(
            body=(
                '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
                'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">' + urls + "</urlset>"
            ).encode(),
            headers={"Content-Type": "application/xml"},
        ),
    )
    site.add(
        "/robots.txt",
        Route(body=b"User-agent: *\nDisallow: /members/\n", headers={"Content-Type": "text/plain"}),
    )
    for p in pages:
        site.add(p, Route(body=article_page(p, PARAGRAPHS), headers={"Content-Type": "text/html"}))
    feed, _ = store.add_feed(sitemap, kind="sitemap")
    outcome = await pipeline.refresh_feed(feed)
    assert outcome.error is None and outcome.new_articles == 1
    assert not site.requests_to("/members/locked-story"), "a disallowed page is never fetched"
    assert [a.url for a in store.latest_articles()] == [site.base_url + "/news/open-story"]
