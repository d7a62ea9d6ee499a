"""News sitemaps (issue 10): follow a publisher that has a sitemap but no feed.

Handles <urlset> (with the Google News `news:` and `image:` extensions), <sitemapindex>, and
gzip-compressed files (sitemap.xml.gz), with the same XML safety as feeds: entity declarations
refused, no DTD or network access, decompression capped.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field

from lxml import etree

from broadsheet.feeds.errors import FeedParseError
from broadsheet.feeds.sniff import sniff
from broadsheet.feeds.text import absolute_url, parse_date, to_text
from broadsheet.models import Entry

MAX_UNCOMPRESSED = 50 * 1024 * 1024  # the sitemaps.org limit for one file
_NEWS = "http://www.google.com/schemas/sitemap-news/0.9"
_IMAGE = "http://www.google.com/schemas/sitemap-image/1.1"


@dataclass(slots=True)
class Sitemap:
    """A urlset's pages (`entries`) or an index's child sitemaps (`sitemaps`)."""

    entries: list[Entry] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)
    is_index: bool = False


def parse_sitemap(
    content: bytes, url: str, *, max_entries: int = 1000, max_bytes: int = MAX_UNCOMPRESSED
) -> list[Entry]:
    """The pages a (news) sitemap lists, newest first when dated; [] for a sitemap index
    (use `read_sitemap` to get its child sitemaps)."""
    return read_sitemap(content, url, max_entries=max_entries, max_bytes=max_bytes).entries


def read_sitemap(
    content: bytes, url: str, *, max_entries: int = 1000, max_bytes: int = MAX_UNCOMPRESSED
) -> Sitemap:
    content = _gunzip(content, max_bytes)
    sniffed = sniff(content)
    if sniffed.format != "xml" or sniffed.root not in ("urlset", "sitemapindex"):
        raise FeedParseError("not a sitemap: expected a <urlset> or <sitemapindex> document")
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, recover=True, huge_tree=False
    )
    try:
        root = etree.fromstring(content, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise FeedParseError(f"malformed XML: {exc.msg}") from exc
    if root is None:
        raise FeedParseError("malformed XML: nothing could be recovered")
    if etree.QName(root).localname == "sitemapindex":
        children = [_text(node, "loc") for node in root if _local(node) == "sitemap"]
        locs = [absolute_url(loc, url) for loc in children]
        return Sitemap(sitemaps=[loc for loc in locs if loc], is_index=True)
    entries = [e for e in (_entry(node, url) for node in root if _local(node) == "url") if e]
    if any(e.published for e in entries):
        entries.sort(key=lambda e: e.published.timestamp() if e.published else 0.0, reverse=True)
    return Sitemap(entries=entries[:max_entries])


def _entry(node: etree._Element, base: str) -> Entry | None:
    link = absolute_url(_text(node, "loc"), base)
    if link is None:
        return None
    news = node.find(f"{{{_NEWS}}}news")
    title, published, keywords = "", None, []
    if news is not None:
        title = to_text(news.findtext(f"{{{_NEWS}}}title") or "")
        published = parse_date((news.findtext(f"{{{_NEWS}}}publication_date") or "").strip())
        raw_keywords = news.findtext(f"{{{_NEWS}}}keywords") or ""
        keywords = [k.strip() for k in raw_keywords.split(",") if k.strip()]
    image = node.find(f"{{{_IMAGE}}}image/{{{_IMAGE}}}loc")
    return Entry(
        url=link,
        title=title,
        guid=link,
        published=published,
        updated=parse_date(_text(node, "lastmod")),
        image=absolute_url((image.text or "") if image is not None else "", base),
        categories=keywords,
    )


def _local(node: etree._Element) -> str:
    return etree.QName(node).localname if isinstance(node.tag, str) else ""


def _text(node: etree._Element, name: str) -> str:
    for child in node:
        if _local(child) == name:
            return (child.text or "").strip()
    return ""


def _gunzip(content: bytes, max_bytes: int) -> bytes:
    if not content.startswith(b"\x1f\x8b"):
        return content
    decoder = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = decoder.decompress(content, max_bytes + 1)
    except zlib.error as exc:
        raise FeedParseError(f"corrupt gzip sitemap: {exc}") from exc
    if len(out) > max_bytes:
        raise FeedParseError(f"sitemap too large: over {max_bytes:,} bytes once decompressed")
    return out
