"""The demo site over loopback HTTP: pages, feeds, conditional GET, OPML, wire copy, credits."""

from __future__ import annotations

import json
import re
from collections import Counter
from email.utils import format_datetime
from xml.etree import ElementTree as ET

import feedparser
import httpx
import pytest

from broadsheet.demo import DemoSite
from broadsheet.demo.publishers import PUBLISHERS


@pytest.fixture(scope="module")
def client() -> httpx.Client:
    return httpx.Client(timeout=10)


def test_publisher_home_pages_list_articles_and_link_feeds(
    site: DemoSite, client: httpx.Client
) -> None:
    for publisher in PUBLISHERS:
        response = client.get(site.base_url + publisher.prefix())
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/html")
        html = response.text
        assert "<title>" in html and publisher.name in html
        advertised = 'type="application/rss+xml"' in html and 'type="application/atom+xml"' in html
        assert advertised == publisher.has_feeds  # the Herald has only a news sitemap
        newest = max(
            (p for p in site.article_pages() if p.publisher is publisher), key=lambda p: p.published
        )
        assert newest.path in html


def test_every_feed_parses_newest_first_with_all_its_articles(
    site: DemoSite, client: httpx.Client
) -> None:
    urls = site.feed_urls()
    assert len(urls) == 2 * sum(len(p.sections) for p in PUBLISHERS if p.has_feeds)
    assert set(site.feed_urls("rss")) | set(site.feed_urls("atom")) == set(urls)
    expected = Counter((p.publisher.slug, p.section.lower()) for p in site.article_pages())
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200
        parsed = feedparser.parse(response.content)
        assert not parsed.bozo, (url, parsed.get("bozo_exception"))
        slug, section = re.search(r"/(\w+)/feeds/([\w-]+)\.(?:rss|atom)$", url).groups()  # type: ignore[union-attr]
        assert len(parsed.entries) == expected[(slug, section)] > 0
        times = [entry.published_parsed for entry in parsed.entries]
        assert times == sorted(times, reverse=True)
        assert all(entry.link.startswith(site.base_url + f"/{slug}/") for entry in parsed.entries)


def test_feed_links_resolve_to_article_pages(site: DemoSite, client: httpx.Client) -> None:
    links: set[str] = set()
    for url in site.feed_urls("atom"):
        links.update(entry.link for entry in feedparser.parse(client.get(url).content).entries)
    assert links == {site.url_for(p) for p in site.article_pages() if p.publisher.has_feeds}
    for link in sorted(links):
        response = client.get(link)
        assert response.status_code == 200, link
        assert '<meta property="og:type" content="article">' in response.text


def test_full_content_feeds_and_summary_feeds(site: DemoSite, client: httpx.Client) -> None:
    pages = {site.url_for(p): p for p in site.article_pages()}
    for url in site.feed_urls():
        publisher = next(p for p in PUBLISHERS if f"/{p.slug}/" in url)
        for entry in feedparser.parse(client.get(url).content).entries:
            page = pages[entry.link]
            if publisher.full_content_feeds:
                content = entry.content[0].value
                assert all(
                    p.replace("&", "&amp;").replace("<", "&lt;")[:60] in content
                    for p in page.paragraphs
                )
            else:
                assert "content" not in entry
                assert page.paragraphs[0].startswith(entry.summary.replace("&amp;", "&")[:40])
                assert len(entry.summary) < sum(len(p) for p in page.paragraphs)
    assert any(p.full_content_feeds for p in PUBLISHERS)
    assert not all(p.full_content_feeds for p in PUBLISHERS)


def test_conditional_get_answers_304(site: DemoSite, client: httpx.Client) -> None:
    url = site.feed_urls()[0]
    first = client.get(url)
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    assert client.get(url, headers={"If-Modified-Since": modified}).status_code == 304
    again = client.get(url, headers={"If-None-Match": '"something-else"'})
    assert again.status_code == 200 and again.content == first.content
    page = site.article_pages()[0]
    earlier = format_datetime(page.published.replace(year=page.published.year - 1), usegmt=True)
    assert client.get(site.url_for(page), headers={"If-Modified-Since": earlier}).status_code == 200
    assert client.get(site.url_for(page)).headers["last-modified"] == format_datetime(
        page.published, usegmt=True
    )


def test_head_404_and_trailing_slash_redirect(site: DemoSite, client: httpx.Client) -> None:
    page_url = site.url_for(site.article_pages()[0])
    head = client.head(page_url)
    assert head.status_code == 200 and head.content == b""
    assert int(head.headers["content-length"]) == len(client.get(page_url).content)
    assert client.get(site.base_url + "/ledger/no-such-story.html").status_code == 404
    assert client.head(site.base_url + "/nowhere").status_code == 404
    redirect = client.get(site.base_url + "/courier")
    assert redirect.status_code == 301 and redirect.headers["location"] == "/courier/"


def test_opml_lists_every_feed(site: DemoSite, client: httpx.Client) -> None:
    root = ET.fromstring(client.get(site.opml_url).content)
    assert root.tag == "opml"
    listed = [str(o.get("xmlUrl")) for o in root.iter("outline") if o.get("xmlUrl")]
    assert sorted(listed) == sorted(site.feed_urls())


def test_wire_copies_appear_at_two_publishers(site: DemoSite, client: httpx.Client) -> None:
    pages = site.article_pages()
    wires = [p for p in pages if p.wire]
    assert 10 <= len(wires) <= 20
    for wire in wires:
        original = next(p for p in pages if p.article is wire.article and not p.wire)
        assert wire.publisher is not original.publisher
        assert wire.title != original.title
        assert wire.paragraphs[0] == original.paragraphs[0]
        assert sorted(wire.paragraphs) == sorted(original.paragraphs[:-1])
        assert wire.paragraphs != original.paragraphs[:-1]  # one paragraph moved
        html = client.get(site.url_for(wire)).text
        assert "Wire Service staff" in html
        assert client.get(site.url_for(original)).status_code == 200
    again = DemoSite()
    again.start()
    try:
        assert [p.path for p in again.article_pages() if p.wire] == [w.path for w in wires]
    finally:
        again.stop()


def test_every_article_page_has_a_credit_line(site: DemoSite, client: httpx.Client) -> None:
    for page in site.article_pages()[::7]:
        url = site.url_for(page)
        credit = site.credit_for(url)
        assert credit is not None
        assert credit.startswith(f'"{page.article.title}", Wikinews, {page.article.date}')
        assert page.article.source_url in credit and "CC BY 2.5" in credit
        html = client.get(url).text
        assert re.search(r'<p class="credit"[^>]*>Source: [^<]*Wikinews[^<]*CC BY 2\.5', html)
    assert all(site.credit_for(site.url_for(p)) for p in site.article_pages())
    assert site.credit_for(site.base_url + "/ledger/") is None
    assert site.credit_for("https://example.org/ledger/x.html") is None


def test_article_pages_carry_publisher_metadata(site: DemoSite, client: httpx.Client) -> None:
    for publisher in PUBLISHERS:
        page = next(p for p in site.article_pages() if p.publisher is publisher)
        html = client.get(site.url_for(page)).text
        assert re.search(r'<html lang="en', html)
        assert f'<link rel="canonical" href="{site.url_for(page)}">' in html
        assert f'<meta property="og:site_name" content="{publisher.name}">' in html
        assert f'content="{page.published:%Y-%m-%dT%H:%M:%SZ}"' in html
        assert '<time class="published" datetime=' in html or "<time datetime=" in html
        scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
        if publisher.json_ld:
            data = json.loads(scripts[0])
            assert data["@type"] == "NewsArticle" and data["publisher"]["name"] == publisher.name
        else:
            assert not scripts


def test_news_sitemap_and_robots(site: DemoSite, client: httpx.Client) -> None:
    robots = client.get(site.base_url + "/robots.txt").text
    sitemap_url = site.base_url + "/globe/sitemap-news.xml"
    assert f"Sitemap: {sitemap_url}" in robots
    root = ET.fromstring(client.get(sitemap_url).content)
    news = "{http://www.google.com/schemas/sitemap-news/0.9}"
    locs = [str(e.text) for e in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    globe = [site.url_for(p) for p in site.article_pages() if p.publisher.slug == "globe"]
    assert sorted(locs) == sorted(globe)
    assert len(list(root.iter(f"{news}publication_date"))) == len(globe)
