"""parse_feed: bytes of a feed document to ParsedFeed, fast where possible, tolerant when needed.

Measured on 213 real feeds (bench/feeds.py): fastfeedparser is far faster than feedparser and
recovers as many entries on nearly all of them, but raises on some odd documents and can find
fewer entries than are there. So it runs first; feedparser runs only when it raised or when it
found fewer entries than the document's item/entry tags promise, and the better result wins.
Documents are sniffed first: JSON Feeds are read directly, HTML pages and other non-feeds get a
message the user can act on, and any DTD declaring entities is refused before parsing.
"""

from __future__ import annotations

import io
import re
import warnings
from typing import Any

import fastfeedparser
import feedparser
from lxml import etree

from broadsheet.feeds.errors import FeedParseError
from broadsheet.feeds.jsonfeed import parse_json_feed
from broadsheet.feeds.mapping import map_feed
from broadsheet.feeds.repair import repair_ampersands, strip_invalid_controls
from broadsheet.feeds.sniff import head_text, sniff
from broadsheet.feeds.text import absolute_url
from broadsheet.models import ParsedFeed

_KINDS = {"rss": "rss", "feed": "atom", "rdf": "rdf", "channel": "rss"}
_NOT_FEEDS = {
    "html": "not a feed: the document is an HTML page (try the site URL to discover its feed)",
    "urlset": "not a feed: the document is a sitemap, not an RSS/Atom feed",
    "sitemapindex": "not a feed: the document is a sitemap index, not an RSS/Atom feed",
    "opml": "not a feed: the document is an OPML subscription list (import it instead)",
    "svg": "not a feed: the document is an SVG image",
}
_ITEM_TAG = re.compile(rb"<(?:[\w.-]+:)?(?:item|entry)[\s>/]")
_LOCATION = re.compile(r",? line \d+, column \d+$")
_LANGUAGE = re.compile(
    r"<(?:[\w.-]+:)?language>\s*([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*)\s*<"
    r"""|<(?:[\w.-]+:)?(?:feed|rss|rdf|channel)\b[^>]*\bxml:lang\s*=\s*["']([^"']+)["']""",
    re.IGNORECASE,
)
_HUB = re.compile(
    r"""<(?:[\w.-]+:)?link\b(?=[^>]*\brel\s*=\s*["']?hub\b)[^>]*\bhref\s*=\s*["']([^"']+)["']""",
    re.IGNORECASE,
)


def parse_feed(content: bytes, url: str, *, max_entries: int = 500) -> ParsedFeed:
    """Parse an RSS 0.9x/1.0/2.0, Atom 0.3/1.0, RDF or JSON Feed document fetched from `url`.

    Entry URLs are absolute; titles and summaries are plain text; dates are UTC or None. At most
    `max_entries` entries are kept (in document order). Raises FeedParseError.
    """
    sniffed = sniff(content)
    if sniffed.format == "empty":
        raise FeedParseError("empty document: the server sent no content")
    if sniffed.root is None and sniffed.format == "xml":
        raise FeedParseError("empty document: no XML element in it (only comments or text)")
    if sniffed.format == "json":
        return parse_json_feed(content, url, max_entries=max_entries)
    if sniffed.root in _NOT_FEEDS:
        raise FeedParseError(_NOT_FEEDS[sniffed.root])
    kind = _KINDS.get(sniffed.root or "", "")
    if not kind:
        if sniffed.root is not None and not _ITEM_TAG.search(content):
            raise FeedParseError(
                f"not a feed: the document's root element is <{sniffed.root}>,"
                " not <rss>, <feed> or <rdf:RDF>"
            )
        kind = "rss"
    feed = _parse_xml(content, url, kind, max_entries)
    if feed.hub is None:
        feed.hub = _find_hub(content, url)
    if feed.language is None:
        feed.language = _find_language(content)
    return feed


def _parse_xml(content: bytes, url: str, kind: str, max_entries: int) -> ParsedFeed:
    expected = min(max_entries, len(_ITEM_TAG.findall(content)))
    fast: ParsedFeed | None = None
    found = 0  # entries the fast parser saw, before those without a link are dropped
    try:
        raw = _fast(repair_ampersands(strip_invalid_controls(content)))
        found = len(raw.get("entries") or [])
        fast = map_feed(raw, url, kind, max_entries=max_entries)
    except Exception:  # any failure of the fast path means: try the tolerant one
        fast = None
    best: ParsedFeed | None
    if fast is not None and found >= expected:
        best = fast  # possibly empty: a new feed with no items yet is still a feed
    else:
        tolerant = _tolerant(content, url, kind, max_entries)
        best = max(
            (f for f in (fast, tolerant) if f is not None),
            key=lambda f: (len(f.entries), bool(f.title)),
            default=None,
        )
    if best is None:
        raise FeedParseError(_why_not(content) or "malformed XML: nothing could be recovered")
    if not best.entries and (expected or not (best.title or best.site_url)):
        # Recovery produced an empty shell: if the document is broken, say so rather than
        # report a feed with no entries (a truncated download looks exactly like this).
        problem = _why_not(content)
        if problem:
            raise FeedParseError(problem)
    return best


def _fast(content: bytes) -> Any:
    return fastfeedparser.parse(content)


def _tolerant(content: bytes, url: str, kind: str, max_entries: int) -> ParsedFeed | None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        # A file object, never bytes or str: feedparser tries to open() those as a URL or a
        # local file name first, so a hostile body naming a local path would be read.
        doc = feedparser.parse(
            io.BytesIO(content),
            response_headers={"content-location": url, "content-type": "application/xml"},
        )
    if not doc.get("entries") and not doc.get("feed") and not doc.get("version"):
        return None  # feedparser gave up: nothing recovered from a broken document
    version = str(doc.get("version") or "")
    kind = "atom" if version.startswith("atom") else "rdf" if version == "rss10" else kind
    return map_feed(doc, url, kind, max_entries=max_entries)


def _why_not(content: bytes) -> str | None:
    """The strict XML parser's first error, written for the user; None if well-formed."""
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(content, parser=parser)
    except etree.XMLSyntaxError as exc:
        detail = _LOCATION.sub("", (exc.msg or str(exc)).strip()).rstrip(".")
        line = f" at line {exc.lineno}" if exc.lineno else ""
        return f"malformed XML: {detail}{line}"
    if root is None:
        return "malformed XML: no root element"
    return None


def _find_language(content: bytes) -> str | None:
    match = _LANGUAGE.search(head_text(content, 64 * 1024))
    if match is None:
        return None
    return (match.group(1) or match.group(2) or "").strip() or None


def _find_hub(content: bytes, url: str) -> str | None:
    match = _HUB.search(head_text(content, 64 * 1024))
    return absolute_url(match.group(1), url) if match else None
