"""The Harbour Herald: a publisher with no feed, followed through its news sitemaps."""

from __future__ import annotations

import gzip
import re
from xml.etree import ElementTree as ET

import httpx
import pytest
from protego import Protego

from broadsheet.config import Settings
from broadsheet.demo import DemoSite, load_corpus
from broadsheet.feeds import discover_feeds
from broadsheet.feeds.sitemap import read_sitemap
from broadsheet.fetch import HttpClient
from broadsheet.pipeline import Pipeline, discover_and_add
from broadsheet.store import Store


@pytest.fixture(scope="module")
def client() -> httpx.Client:
    return httpx.Client(timeout=10)


def _herald_urls(site: DemoSite) -> dict[str, str]:
    """URL → title of every Herald article page."""
    return {site.url_for(p): p.title for p in site.article_pages() if p.publisher.slug == "herald"}


def test_the_herald_advertises_no_feed(site: DemoSite, client: httpx.Client) -> None:
    herald = [p for p in site.article_pages() if p.publisher.slug == "herald"]
    assert len(herald) >= 10
    for url in [
        site.base_url + "/herald/",
        site.base_url + "/herald/health/",
        site.url_for(herald[0]),
    ]:
        response = client.get(url)
        assert response.status_code == 200
        assert discover_feeds(response.content, url) == []
        assert 'rel="alternate"' not in response.text
    assert not [u for u in site.feed_urls() if "/herald/" in u]
    assert "/herald/" not in client.get(site.opml_url).text


def test_every_corpus_article_is_published_somewhere(site: DemoSite) -> None:
    published = {p.article.id for p in site.article_pages() if not p.wire}
    assert published == {a.id for a in load_corpus()}


def test_news_sitemap_plain_gzip_and_index_list_the_herald(
    site: DemoSite, client: httpx.Client
) -> None:
    expected = _herald_urls(site)
    plain_url, index_url = site.sitemap_urls("news")[0], site.sitemap_urls("index")[0]
    assert site.sitemap_urls() == [plain_url, index_url]

    plain = read_sitemap(client.get(plain_url).content, plain_url)
    assert not plain.is_index
    assert {e.url: e.title for e in plain.entries} == expected
    pages = {site.url_for(p): p for p in site.article_pages()}
    assert all(e.published == pages[e.url].published for e in plain.entries)

    index = read_sitemap(client.get(index_url).content, index_url)
    assert index.is_index and len(index.sitemaps) == 1
    gz_response = client.get(index.sitemaps[0])
    assert gz_response.status_code == 200 and gz_response.content[:2] == b"\x1f\x8b"
    assert gzip.decompress(gz_response.content) == client.get(plain_url).content
    child = read_sitemap(gz_response.content, index.sitemaps[0])
    assert [(e.url, e.title, e.published) for e in child.entries] == [
        (e.url, e.title, e.published) for e in plain.entries
    ]
    assert site.sitemap_urls("gzip") == index.sitemaps

    news = "{http://www.google.com/schemas/sitemap-news/0.9}"
    root = ET.fromstring(client.get(plain_url).content)
    assert len(list(root.iter(f"{news}publication_date"))) == len(expected)
    assert len(list(root.iter(f"{news}title"))) == len(expected)


def test_robots_txt_names_the_sitemaps_and_keeps_crawlers_out_of_private(
    site: DemoSite, client: httpx.Client
) -> None:
    robots = Protego.parse(client.get(site.base_url + "/robots.txt").text)
    named = list(robots.sitemaps)
    assert set(site.sitemap_urls()) <= set(named)
    assert site.base_url + "/globe/sitemap-news.xml" in named
    assert site.sitemap_urls("gzip")[0] not in named  # reachable through the index only
    private = site.base_url + "/herald/private/"
    assert not robots.can_fetch(private, "Broadsheet")
    assert client.get(private).status_code == 200  # robots.txt, not the server, keeps it out
    for url in list(_herald_urls(site))[:5] + site.sitemap_urls():
        assert robots.can_fetch(url, "Broadsheet"), url


async def test_adding_the_herald_by_its_address_follows_a_sitemap(
    site: DemoSite, settings: Settings, store: Store
) -> None:
    async with HttpClient(settings) as http:
        pipeline = Pipeline(settings, store, http)
        feed, created = await discover_and_add(pipeline, site.base_url + "/herald/")
    assert created and feed.kind == "sitemap"
    assert re.search(r"/sitemap[\w.-]*\.xml", feed.url), feed.url


async def test_adding_the_herald_follows_the_heralds_own_sitemap(
    site: DemoSite, settings: Settings, store: Store
) -> None:
    async with HttpClient(settings) as http:
        pipeline = Pipeline(settings, store, http)
        feed, _ = await discover_and_add(pipeline, site.base_url + "/herald/")
    assert feed.url in site.sitemap_urls()
