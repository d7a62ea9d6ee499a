"""The demo's path for real: a news site on loopback → feeds → pages → store → web pages."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from broadsheet.cli.feeds import refresh_all
from broadsheet.config import Settings
from broadsheet.demo import DemoSite
from broadsheet.store import Store
from broadsheet.web import create_app

FURNITURE = [
    "Share on",
    "ADVERTISEMENT",
    "STORY CONTINUES BELOW THIS AD",
    "Live Events",
    "Sign up for",
    "cookie",
    "All rights reserved",
]


@pytest.fixture(scope="module")
def site() -> Iterator[DemoSite]:
    demo = DemoSite(port=0, feed_limit=8)
    demo.start()
    try:
        yield demo
    finally:
        demo.stop()


async def test_demo_site_ingests_cleanly_once(
    site: DemoSite, settings: Settings, store: Store
) -> None:
    for url in site.feed_urls():
        store.add_feed(url)
    outcomes = await refresh_all(settings, store, credit_for=site.credit_for)
    assert all(o.error is None for o in outcomes), [o.error for o in outcomes if o.error]
    assert not [e for o in outcomes for e in o.entry_errors]
    stored = store.count_articles()
    assert stored >= 40
    again = await refresh_all(settings, store)
    assert sum(o.new_articles for o in again) == 0 and store.count_articles() == stored

    articles = store.latest_articles(limit=500, include_duplicates=True)
    publishers = {a.publisher for a in articles}
    assert publishers == {"The Daily Ledger", "The Evening Courier", "The Morning Globe"}
    for article in articles:
        for junk in FURNITURE:
            assert junk not in article.text, (junk, article.url)
        assert article.language == "en"
        assert article.story_id is not None
        assert article.credit and "Wikinews" in article.credit and "CC BY 2.5" in article.credit
    assert sum(1 for a in articles if store.article_topics(a.id)) >= len(articles) * 0.9

    with TestClient(create_app(settings, store, poll=False)) as client:
        front = client.get("/")
        assert front.status_code == 200
        first = articles[0]
        page = client.get(f"/articles/{first.id}")
        assert page.status_code == 200 and first.title.split()[0] in page.text
        assert "CC BY 2.5" in page.text, "the credit line shows on every article page"
