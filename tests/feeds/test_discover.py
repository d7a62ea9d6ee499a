"""Feed discovery from a site's HTML page."""

from __future__ import annotations

from collections.abc import Callable

from broadsheet.feeds import DiscoveredFeed, discover_feeds
from broadsheet.feeds.discover import fallback_candidates

Read = Callable[[str], bytes]


def test_discovers_alternate_links_as_absolute_urls(fixture_bytes: Read):
    found = discover_feeds(fixture_bytes("site.html"), "https://www.example.org/news/today.html")
    assert found == [
        DiscoveredFeed("https://www.example.org/rss.xml", "All stories", "rss"),
        DiscoveredFeed("https://www.example.org/news/sections/sport.atom", "Sport", "atom"),
        DiscoveredFeed("https://cdn.example.org/feed.json", "JSON", "json"),
    ]


def test_base_href_is_respected():
    page = (
        '<html><head><base href="https://static.example.net/site/">'
        '<link rel="alternate" type="application/atom+xml" href="feed.atom"></head></html>'
    )
    found = discover_feeds(page, "https://www.example.net/")
    assert [f.url for f in found] == ["https://static.example.net/site/feed.atom"]


def test_page_without_feeds():
    assert (
        discover_feeds(b"<html><head><title>x</title></head><body></body></html>", "https://x/")
        == []
    )


def test_fallback_candidates_are_on_the_same_site():
    candidates = fallback_candidates("https://www.example.org/some/page")
    assert "https://www.example.org/feed" in candidates
    assert all(c.startswith("https://www.example.org/") for c in candidates)
