"""The reader's pages and JSON endpoints, in-process (ASGI) against a real SQLite store."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from broadsheet.config import Settings
from broadsheet.fingerprint import content_hash
from broadsheet.models import NewArticle
from broadsheet.store import Store
from broadsheet.web import create_app


def add(store: Store, n: int, **kw: Any) -> int:
    text = kw.pop("text", f"Paragraph one of article {n}.\n\nParagraph two of article {n}.")
    article, _ = store.add_article(
        NewArticle(
            url=f"https://news.example/{n}",
            title=str(kw.pop("title", f"Headline {n}")),
            text=str(text),
            content_hash=content_hash(str(text)),
            **kw,
        )
    )
    return article.id


@pytest.fixture
def client(settings: Settings, store: Store) -> Iterator[TestClient]:
    with TestClient(create_app(settings, store, poll=False)) as c:
        yield c


def test_front_page_lists_newest_first_with_relative_time(client: TestClient, store: Store) -> None:
    now = datetime.now(UTC)
    add(store, 1, publisher="The Hindu", published=now - timedelta(minutes=13), title="Older")
    add(store, 2, publisher="Le Monde", published=now - timedelta(minutes=2), title="Newer")
    page = client.get("/")
    assert page.status_code == 200
    html = page.text
    assert html.index("Newer") < html.index("Older")
    assert "13 minutes ago" in html and "The Hindu" in html


def test_article_page_shows_body_publisher_and_original_link(
    client: TestClient, store: Store
) -> None:
    aid = add(
        store,
        1,
        publisher="The Hindu",
        author="A. Writer",
        html="<p>First para.</p><p>Second <script>alert(1)</script>para.</p>",
        credit='"Headline 1", Wikinews, 2020-01-01, CC BY 2.5',
    )
    page = client.get(f"/articles/{aid}")
    assert page.status_code == 200
    assert "First para." in page.text and "<script>alert" not in page.text
    assert 'href="https://news.example/1"' in page.text
    assert "By A. Writer" in page.text and "CC BY 2.5" in page.text


def test_article_page_says_also_published_by(client: TestClient, store: Store) -> None:
    first = add(store, 1, publisher="AP", text="Identical wire copy.")
    store.add_article(
        NewArticle(
            url="https://other.example/x",
            title="Same",
            text="Identical wire copy.",
            content_hash=content_hash("Identical wire copy."),
            publisher="Reuters",
        )
    )
    page = client.get(f"/articles/{first}")
    assert "Also published by" in page.text and "Reuters" in page.text


def test_missing_article_is_404(client: TestClient) -> None:
    assert client.get("/articles/999").status_code == 404
    assert client.get("/articles/not-a-number").status_code == 422


def test_publisher_page_and_search(client: TestClient, store: Store) -> None:
    add(store, 1, publisher="The Hindu", title="Monsoon arrives in Kerala")
    add(store, 2, publisher="Le Monde", title="Grève à Paris")
    page = client.get("/publishers/The Hindu")
    assert "Monsoon arrives" in page.text and "Grève" not in page.text
    found = client.get("/search", params={"q": "monsoon"})
    assert "<mark>Monsoon</mark> arrives" in found.text and "Grève" not in found.text
    assert client.get("/search", params={"q": "(("}).status_code == 200


def test_feeds_page_shows_errors(client: TestClient, store: Store) -> None:
    feed, _ = store.add_feed("https://broken.example/feed", title="Broken feed")
    now = datetime.now(UTC)
    store.record_fetch_error(
        feed.id, error="HTTP 500 Internal Server Error", fetched_at=now, next_check_at=now
    )
    page = client.get("/feeds")
    assert "Broken feed" in page.text and "HTTP 500 Internal Server Error" in page.text


def test_json_endpoints_and_health(client: TestClient, store: Store) -> None:
    aid = add(store, 1, publisher="X")
    assert client.get("/healthz").json() == {"status": "ok", "articles": 1}
    listed = client.get("/api/articles").json()
    assert [a["id"] for a in listed] == [aid]
    one = client.get(f"/api/articles/{aid}").json()
    assert one["text"].startswith("Paragraph one")
    store.add_feed("https://feeds.example/rss")
    assert client.get("/api/feeds").json()[0]["url"] == "https://feeds.example/rss"


def test_the_app_serves_readiness_and_guarded_metrics(settings: Settings, store: Store) -> None:
    from dataclasses import replace

    with TestClient(create_app(settings, store, poll=False)) as plain:
        assert plain.get("/readyz").status_code == 200
        assert plain.get("/metrics").status_code == 403  # off until a token or network is set
        assert plain.get("/metrics", headers={"X-Forwarded-For": "127.0.0.1"}).status_code == 403
    guarded = replace(settings, metrics_token="s3cret-token")
    with TestClient(create_app(guarded, store, poll=False)) as client:
        assert client.get("/metrics").status_code == 401
        client.get("/")
        scraped = client.get("/metrics", headers={"Authorization": "Bearer s3cret-token"})
        assert scraped.status_code == 200
        assert "broadsheet_articles" in scraped.text
        assert 'route="/"' in scraped.text or 'route="/"' in scraped.text
