"""Feed documents in, plain data out: RSS/Atom/RDF/JSON Feed, OPML, discovery in HTML.

A pure stage: no network, no database. Public API::

    parse_feed(content, url, *, max_entries=500) -> ParsedFeed      raises FeedParseError
    parse_opml(content) -> list[OutlineFeed]                         raises OpmlError
    build_opml(feeds, title=...) -> str
    discover_feeds(html, base_url) -> list[DiscoveredFeed]
    parse_sitemap(content, url) -> list[Entry]; read_sitemap(...) -> Sitemap (index children too)
"""

from broadsheet.feeds.discover import DiscoveredFeed, discover_feeds
from broadsheet.feeds.errors import FeedParseError, OpmlError
from broadsheet.feeds.opml import build_opml, parse_opml
from broadsheet.feeds.parse import parse_feed
from broadsheet.feeds.sitemap import Sitemap, parse_sitemap, read_sitemap

__all__ = [
    "DiscoveredFeed",
    "FeedParseError",
    "OpmlError",
    "Sitemap",
    "build_opml",
    "discover_feeds",
    "parse_feed",
    "parse_opml",
    "parse_sitemap",
    "read_sitemap",
]
