"""News sitemaps, sitemap indexes and gzip."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime

import pytest

from broadsheet.feeds import FeedParseError, parse_sitemap, read_sitemap

NEWS = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"
        xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
  <url>
    <loc>https://paper.example.com/2026/11/28/older.html</loc>
    <news:news>
      <news:publication>
        <news:name>The Paper</news:name><news:language>en</news:language>
      </news:publication>
      <news:publication_date>2026-11-28T08:00:00+00:00</news:publication_date>
      <news:title>Older story &amp; more</news:title>
      <news:keywords>economy, markets</news:keywords>
    </news:news>
  </url>
  <url>
    <loc>/2026/11/29/newer.html</loc>
    <lastmod>2026-11-29T10:00:00Z</lastmod>
    <news:news>
      <news:publication>
        <news:name>The Paper</news:name><news:language>en</news:language>
      </news:publication>
      <news:publication_date>2026-11-29</news:publication_date>
      <news:title>Newer story</news:title>
    </news:news>
    <image:image><image:loc>https://paper.example.com/img/newer.jpg</image:loc></image:image>
  </url>
  <url><loc>javascript:alert(1)</loc></url>
</urlset>
"""

INDEX = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>https://paper.example.com/sitemap-news.xml</loc></sitemap>
  <sitemap><loc>/sitemap-2026-11.xml.gz</loc><lastmod>2026-11-29</lastmod></sitemap>
</sitemapindex>
"""


def test_news_sitemap_entries_newest_first():
    newer, older = parse_sitemap(NEWS, "https://paper.example.com/sitemap-news.xml")
    assert newer.url == "https://paper.example.com/2026/11/29/newer.html"
    assert newer.title == "Newer story"
    assert newer.published == datetime(2026, 11, 29, tzinfo=UTC)
    assert newer.updated == datetime(2026, 11, 29, 10, tzinfo=UTC)
    assert newer.image == "https://paper.example.com/img/newer.jpg"
    assert older.title == "Older story & more"
    assert older.categories == ["economy", "markets"]


def test_gzip_sitemap():
    entries = parse_sitemap(gzip.compress(NEWS), "https://paper.example.com/sitemap.xml.gz")
    assert len(entries) == 2


def test_sitemap_index_lists_children():
    sitemap = read_sitemap(INDEX, "https://paper.example.com/sitemap.xml")
    assert sitemap.is_index and sitemap.entries == []
    assert sitemap.sitemaps == [
        "https://paper.example.com/sitemap-news.xml",
        "https://paper.example.com/sitemap-2026-11.xml.gz",
    ]


def test_gzip_bomb_sitemap_is_refused():
    bomb = gzip.compress(b"<urlset>" + b" " * (4 * 1024 * 1024))
    with pytest.raises(FeedParseError, match="too large"):
        parse_sitemap(bomb, "https://x.example/sitemap.xml.gz", max_bytes=1024 * 1024)


@pytest.mark.parametrize(
    "content",
    [
        b'<rss version="2.0"><channel/></rss>',
        b'<!DOCTYPE urlset [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b"<urlset><url><loc>&x;</loc></url></urlset>",
    ],
)
def test_not_a_sitemap_or_unsafe(content: bytes):
    with pytest.raises(FeedParseError):
        parse_sitemap(content, "https://x.example/sitemap.xml")
