"""Feeds and machine-readable indexes of the demo site: RSS 2.0, Atom 1.0, OPML, news sitemaps
(urlset and index) and robots.txt.

Written with ElementTree so that escaping is never hand-rolled. Full-content publishers put the
article's paragraphs in `content:encoded` / Atom `content`; the others give only the first
sentence, so the pipeline has to fetch and extract the page. A feed given a hub URL names it with
`rel="hub"` next to its `rel="self"`, which is how WebSub subscribers discover the hub.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from email.utils import format_datetime
from html import escape
from xml.etree import ElementTree as ET

from broadsheet.demo.catalog import ArticlePage
from broadsheet.demo.pages.common import iso
from broadsheet.demo.publishers import Publisher

ATOM = "http://www.w3.org/2005/Atom"
CONTENT = "http://purl.org/rss/1.0/modules/content/"
DC = "http://purl.org/dc/elements/1.1/"
NEWS = "http://www.google.com/schemas/sitemap-news/0.9"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
for _prefix, _uri in (("atom", ATOM), ("content", CONTENT), ("dc", DC), ("news", NEWS)):
    ET.register_namespace(_prefix, _uri)


@dataclass(frozen=True, slots=True)
class FeedSpec:
    """One feed of the site: a publisher's section in one format."""

    publisher: Publisher
    section: str
    kind: str  # "rss" or "atom"
    path: str
    pages: tuple[ArticlePage, ...]  # newest first

    @property
    def title(self) -> str:
        return f"{self.publisher.name} – {self.section}"


def _xml(root: ET.Element) -> bytes:
    body: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + body


def _content_html(page: ArticlePage) -> str:
    return "\n".join(f"<p>{escape(p, quote=False)}</p>" for p in page.paragraphs)


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    if text is not None:
        element.text = text
    return element


def render_rss(feed: FeedSpec, base_url: str, site_path: str, hub_url: str | None = None) -> bytes:
    rss = ET.Element("rss", {"version": "2.0"})
    channel = _sub(rss, "channel")
    _sub(channel, "title", feed.title)
    _sub(channel, "link", base_url + site_path)
    _sub(channel, "description", f"{feed.section} news from {feed.publisher.name}")
    _sub(channel, "language", "en")
    _sub(
        channel,
        f"{{{ATOM}}}link",
        href=base_url + feed.path,
        rel="self",
        type="application/rss+xml",
    )
    if hub_url:
        _sub(channel, f"{{{ATOM}}}link", href=hub_url, rel="hub")
    if feed.pages:
        _sub(channel, "lastBuildDate", format_datetime(feed.pages[0].published, usegmt=True))
    for page in feed.pages:
        item = _sub(channel, "item")
        _sub(item, "title", page.title)
        _sub(item, "link", base_url + page.path)
        _sub(item, "guid", base_url + page.path, isPermaLink="true")
        _sub(item, "pubDate", format_datetime(page.published, usegmt=True))
        _sub(item, f"{{{DC}}}creator", page.byline.removeprefix("By "))
        _sub(item, "category", page.section)
        _sub(item, "description", page.summary)
        if feed.publisher.full_content_feeds:
            _sub(item, f"{{{CONTENT}}}encoded", _content_html(page))
    return _xml(rss)


def render_atom(feed: FeedSpec, base_url: str, site_path: str, hub_url: str | None = None) -> bytes:
    root = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": "en"})
    _sub(root, f"{{{ATOM}}}title", feed.title)
    _sub(root, f"{{{ATOM}}}id", base_url + feed.path)
    _sub(root, f"{{{ATOM}}}link", href=base_url + site_path, rel="alternate", type="text/html")
    _sub(
        root, f"{{{ATOM}}}link", href=base_url + feed.path, rel="self", type="application/atom+xml"
    )
    if hub_url:
        _sub(root, f"{{{ATOM}}}link", href=hub_url, rel="hub")
    updated = feed.pages[0].published if feed.pages else None
    _sub(root, f"{{{ATOM}}}updated", iso(updated) if updated else "2019-01-01T00:00:00Z")
    for page in feed.pages:
        entry = _sub(root, f"{{{ATOM}}}entry")
        _sub(entry, f"{{{ATOM}}}title", page.title)
        _sub(entry, f"{{{ATOM}}}id", base_url + page.path)
        _sub(entry, f"{{{ATOM}}}link", href=base_url + page.path, rel="alternate", type="text/html")
        _sub(entry, f"{{{ATOM}}}published", iso(page.published))
        _sub(entry, f"{{{ATOM}}}updated", iso(page.published))
        author = _sub(entry, f"{{{ATOM}}}author")
        _sub(author, f"{{{ATOM}}}name", page.byline.removeprefix("By "))
        _sub(entry, f"{{{ATOM}}}category", term=page.section)
        _sub(entry, f"{{{ATOM}}}summary", page.summary, type="text")
        if feed.publisher.full_content_feeds:
            _sub(entry, f"{{{ATOM}}}content", _content_html(page), type="html")
    return _xml(root)


def render_opml(feeds: Sequence[FeedSpec], base_url: str) -> bytes:
    opml = ET.Element("opml", {"version": "2.0"})
    head = _sub(opml, "head")
    _sub(head, "title", "Broadsheet demo publishers")
    body = _sub(opml, "body")
    folders: dict[str, ET.Element] = {}
    for feed in feeds:
        name = feed.publisher.name
        if name not in folders:
            folders[name] = _sub(body, "outline", text=name, title=name)
        _sub(
            folders[name],
            "outline",
            type="rss",
            text=f"{feed.title} ({feed.kind})",
            title=f"{feed.title} ({feed.kind})",
            xmlUrl=base_url + feed.path,
            htmlUrl=base_url + feed.publisher.prefix(),
        )
    return _xml(opml)


def render_news_sitemap(pages: Sequence[ArticlePage], base_url: str) -> bytes:
    urlset = ET.Element(f"{{{SITEMAP}}}urlset")
    for page in pages:
        url = _sub(urlset, f"{{{SITEMAP}}}url")
        _sub(url, f"{{{SITEMAP}}}loc", base_url + page.path)
        _sub(url, f"{{{SITEMAP}}}lastmod", iso(page.published))
        news = _sub(url, f"{{{NEWS}}}news")
        publication = _sub(news, f"{{{NEWS}}}publication")
        _sub(publication, f"{{{NEWS}}}name", page.publisher.name)
        _sub(publication, f"{{{NEWS}}}language", "en")
        _sub(news, f"{{{NEWS}}}publication_date", iso(page.published))
        _sub(news, f"{{{NEWS}}}title", page.title)
    return _xml(urlset)


def render_sitemap_index(sitemap_urls: Sequence[str], lastmod: str) -> bytes:
    index = ET.Element(f"{{{SITEMAP}}}sitemapindex")
    for url in sitemap_urls:
        entry = _sub(index, f"{{{SITEMAP}}}sitemap")
        _sub(entry, f"{{{SITEMAP}}}loc", url)
        _sub(entry, f"{{{SITEMAP}}}lastmod", lastmod)
    return _xml(index)


def render_robots(sitemap_urls: Sequence[str], disallow: Sequence[str] = ()) -> bytes:
    lines = ["User-agent: *", "Disallow: /search", *(f"Disallow: {p}" for p in disallow)]
    lines += ["Allow: /", ""]
    lines += [f"Sitemap: {url}" for url in sitemap_urls]
    return ("\n".join(lines) + "\n").encode()
