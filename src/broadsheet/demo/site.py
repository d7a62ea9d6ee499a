"""Everything the demo site serves, rendered once into a path → resource map.

Rendering up front keeps the HTTP handler trivial and makes each resource's ETag and
Last-Modified fixed for the life of the server, which is what conditional GET relies on. The one
exception is a feed that gains a held-back article (`DemoSite.release_next`): its entry in the
map is replaced by a newly rendered resource, as a publisher's feed changes when it publishes.
"""

from __future__ import annotations

import gzip
import hashlib
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from html import escape

from broadsheet.demo import feeds as feed_out
from broadsheet.demo import static
from broadsheet.demo.catalog import ArticlePage
from broadsheet.demo.feeds import FeedSpec
from broadsheet.demo.pages import ArticleView, FeedLink, ListingView, render_article, render_listing
from broadsheet.demo.pages.common import iso, section_path, static_path
from broadsheet.demo.publishers import PUBLISHERS, Publisher, section_slug

HTML = "text/html; charset=utf-8"
LISTING_SIZE = 50
OPML_PATH = "/feeds.opml"
HUB_PATH = "/hub"
FEED_TYPES = {"rss": "application/rss+xml", "atom": "application/atom+xml"}
SITEMAP_TYPE = "application/xml; charset=utf-8"
NEWS_SITEMAP = "sitemap-news.xml"
NEWS_SITEMAP_GZ = "sitemap-news.xml.gz"
SITEMAP_INDEX = "sitemap-index.xml"


@dataclass(frozen=True, slots=True)
class Resource:
    body: bytes
    content_type: str
    last_modified: datetime
    links: tuple[str, ...] = ()  # Link header values (RFC 8288), e.g. a feed's WebSub hub

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha256(self.body).hexdigest()[:32] + '"'


@dataclass(frozen=True, slots=True)
class SitemapSpec:
    """One sitemap the site serves: a publisher's news sitemap (plain or gzip) or its index."""

    publisher: Publisher
    kind: str  # "news", "gzip" or "index"
    path: str
    in_robots: bool  # named by a Sitemap: line of /robots.txt


@dataclass(frozen=True, slots=True)
class SiteContent:
    resources: dict[str, Resource]
    feeds: tuple[FeedSpec, ...]
    pages: tuple[ArticlePage, ...]
    sitemaps: tuple[SitemapSpec, ...]
    epoch: datetime


def build_site(
    pages: Sequence[ArticlePage],
    base_url: str,
    feed_limit: int | None = None,
    held_back: Collection[str] = (),
) -> SiteContent:
    """`held_back`: paths of pages served but left out of every feed until they are released."""
    resources: dict[str, Resource] = {}
    epoch = min(page.published for page in pages)
    feeds = feed_specs(pages, feed_limit, held_back)
    for feed in feeds:
        resources[feed.path] = render_feed(feed, base_url, epoch)
    sitemaps = _sitemap_specs()
    for publisher in PUBLISHERS:
        own = [p for p in pages if p.publisher is publisher]
        own_feeds = tuple(f for f in feeds if f.publisher is publisher)
        resources.update(_publisher_resources(publisher, own, own_feeds, base_url, epoch))
    resources["/"] = Resource(_root_page(feeds), HTML, max(p.published for p in pages))
    resources[OPML_PATH] = Resource(
        feed_out.render_opml(feeds, base_url), "text/x-opml; charset=utf-8", epoch
    )
    resources.update(_sitemap_resources(sitemaps, pages, base_url, epoch))
    named = [base_url + s.path for s in sitemaps if s.in_robots]
    disallow = [f"{p.prefix()}private/" for p in PUBLISHERS if not p.has_feeds]
    resources["/robots.txt"] = Resource(
        feed_out.render_robots(named, disallow), "text/plain; charset=utf-8", epoch
    )
    return SiteContent(resources, feeds, tuple(pages), sitemaps, epoch)


def feed_specs(
    pages: Sequence[ArticlePage], limit: int | None, held_back: Collection[str] = ()
) -> tuple[FeedSpec, ...]:
    specs: list[FeedSpec] = []
    for publisher in (p for p in PUBLISHERS if p.has_feeds):
        for section in publisher.sections:
            listed = sorted(
                (
                    p
                    for p in pages
                    if p.publisher is publisher and p.section == section and p.path not in held_back
                ),
                key=lambda p: p.published,
                reverse=True,
            )[:limit]
            for kind in ("rss", "atom"):
                path = f"{publisher.prefix()}feeds/{section_slug(section)}.{kind}"
                specs.append(FeedSpec(publisher, section, kind, path, tuple(listed)))
    return tuple(specs)


def render_feed(feed: FeedSpec, base_url: str, epoch: datetime) -> Resource:
    """A feed as served; a WebSub publisher's feeds name the hub in the body and Link header."""
    site_path = section_path(feed.publisher, feed.section)
    render = feed_out.render_rss if feed.kind == "rss" else feed_out.render_atom
    hub = base_url + HUB_PATH if feed.publisher.websub else None
    links = (f'<{hub}>; rel="hub"', f'<{base_url + feed.path}>; rel="self"') if hub else ()
    return Resource(
        render(feed, base_url, site_path, hub),
        f"{FEED_TYPES[feed.kind]}; charset=utf-8",
        feed.pages[0].published if feed.pages else epoch,
        links,
    )


def _sitemap_specs() -> tuple[SitemapSpec, ...]:
    """The Globe's sitemap comes first in robots.txt, as it always has; a feedless publisher
    also gets a gzip copy and an index that points at it (both the index and the plain file are
    named in robots.txt, the gzip copy only by the index)."""
    specs: list[SitemapSpec] = []
    for publisher in sorted(PUBLISHERS, key=lambda p: not p.has_feeds):
        if not publisher.news_sitemap:
            continue
        prefix = publisher.prefix()
        specs.append(SitemapSpec(publisher, "news", prefix + NEWS_SITEMAP, True))
        if not publisher.has_feeds:
            specs.append(SitemapSpec(publisher, "gzip", prefix + NEWS_SITEMAP_GZ, False))
            specs.append(SitemapSpec(publisher, "index", prefix + SITEMAP_INDEX, True))
    return tuple(specs)


def _sitemap_resources(
    sitemaps: Sequence[SitemapSpec], pages: Sequence[ArticlePage], base_url: str, epoch: datetime
) -> dict[str, Resource]:
    resources: dict[str, Resource] = {}
    for spec in sitemaps:
        own = sorted(
            (p for p in pages if p.publisher is spec.publisher),
            key=lambda p: p.published,
            reverse=True,
        )
        newest = own[0].published if own else epoch
        urlset = feed_out.render_news_sitemap(own, base_url)
        if spec.kind == "news":
            resources[spec.path] = Resource(urlset, SITEMAP_TYPE, newest)
        elif spec.kind == "gzip":
            # mtime=0: the same bytes (hence the same ETag) on every run.
            resources[spec.path] = Resource(
                gzip.compress(urlset, mtime=0), "application/gzip", newest
            )
        else:
            children = [
                base_url + s.path
                for s in sitemaps
                if s.publisher is spec.publisher and s.kind == "gzip"
            ]
            body = feed_out.render_sitemap_index(children, iso(newest))
            resources[spec.path] = Resource(body, SITEMAP_TYPE, newest)
    return resources


def _links(feeds: Sequence[FeedSpec]) -> tuple[FeedLink, ...]:
    return tuple(
        FeedLink(f"{f.title} ({f.kind.upper()})", f.path, FEED_TYPES[f.kind]) for f in feeds
    )


def _publisher_resources(
    publisher: Publisher,
    pages: list[ArticlePage],
    feeds: tuple[FeedSpec, ...],
    base_url: str,
    epoch: datetime,
) -> dict[str, Resource]:
    resources: dict[str, Resource] = {}
    newest_first = sorted(pages, key=lambda p: p.published, reverse=True)
    for index, page in enumerate(pages):
        section_feeds = [f for f in feeds if f.section == page.section]
        view = ArticleView(
            page=page,
            base_url=base_url,
            feeds=_links(section_feeds),
            read_more=_neighbours(pages, index, 2, lambda p: True),
            related=_neighbours(pages, index, 4, _in_section(page.section), skip=2),
            live=tuple(p for p in newest_first if p is not page)[:3],
            comments=int(hashlib.sha256(page.path.encode()).hexdigest()[:4], 16) % 90 + 3,
        )
        resources[page.path] = Resource(render_article(view).encode(), HTML, page.published)
    sections: list[str | None] = [None, *publisher.sections]
    for section in sections:
        listed = [p for p in newest_first if section is None or p.section == section]
        listing = ListingView(
            publisher=publisher,
            section=section,
            base_url=base_url,
            feeds=_links([f for f in feeds if section is None or f.section == section]),
            pages=tuple(listed[:LISTING_SIZE]),
        )
        modified = listed[0].published if listed else epoch
        resources[listing.path] = Resource(render_listing(listing).encode(), HTML, modified)
    resources[static_path(publisher, "site.css")] = Resource(
        static.stylesheet(publisher), "text/css; charset=utf-8", epoch
    )
    resources[static_path(publisher, "logo.svg")] = Resource(
        static.logo(publisher), "image/svg+xml", epoch
    )
    for section in publisher.sections:
        resources[static_path(publisher, f"lead-{section_slug(section)}.svg")] = Resource(
            static.lead_image(publisher, section), "image/svg+xml", epoch
        )
    if not publisher.has_feeds:
        resources[f"{publisher.prefix()}private/"] = Resource(_private_page(publisher), HTML, epoch)
    return resources


def _neighbours(
    pages: list[ArticlePage],
    index: int,
    count: int,
    keep: Callable[[ArticlePage], bool],
    skip: int = 0,
) -> tuple[ArticlePage, ...]:
    """Pages nearest in time to pages[index] (earlier first), for links from its furniture."""
    own = pages[index]
    by_distance = sorted(
        (p for i, p in enumerate(pages) if i != index and p.article is not own.article and keep(p)),
        key=lambda p: (
            abs((p.published - own.published).total_seconds()),
            p.published > own.published,
        ),
    )
    return tuple(by_distance[skip : skip + count])


def _in_section(section: str) -> Callable[[ArticlePage], bool]:
    return lambda page: page.section == section


def _private_page(publisher: Publisher) -> bytes:
    """What robots.txt keeps crawlers out of: a members' area with nothing to ingest."""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex">
<title>Members' area | {escape(publisher.name)}</title></head>
<body><h1>Members' area</h1><p>Sign in to read the members' edition.</p></body></html>
""".encode()


def _root_page(feeds: Sequence[FeedSpec]) -> bytes:
    items = "".join(
        f'<li><a href="{p.prefix()}">{escape(p.name)}</a> — {escape(p.tagline)}</li>'
        for p in PUBLISHERS
    )
    links = "\n".join(
        f'<link rel="alternate" type="{FEED_TYPES[f.kind]}" title="{escape(f.title)}"'
        f' href="{f.path}">'
        for f in feeds
        if f.kind == "rss"
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Broadsheet demo publishers</title>
{links}
</head><body><h1>Broadsheet demo publishers</h1><ul>{items}</ul>
<p><a href="{OPML_PATH}">All feeds (OPML)</a></p>
<p>The articles are Wikinews articles (CC BY 2.5) rendered into sample publisher pages.</p>
</body></html>
""".encode()
