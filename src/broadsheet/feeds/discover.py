"""Feed discovery: the feeds a site's HTML page advertises with <link rel="alternate">."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin

from selectolax.lexbor import LexborHTMLParser as HTMLParser

from broadsheet.feeds.text import absolute_url

_KINDS = {
    "application/rss+xml": "rss",
    "application/atom+xml": "atom",
    "application/feed+json": "json",
    "application/json": "json",
    "application/rdf+xml": "rdf",
    "application/x.atom+xml": "atom",
    "application/x-atom+xml": "atom",
    "text/xml": "rss",
    "application/xml": "rss",
}

FALLBACK_PATHS = ("/feed", "/rss", "/feed.xml", "/rss.xml", "/atom.xml", "/index.xml", "/feed/")
"""Where sites that advertise nothing often keep a feed; callers may probe these in order."""


@dataclass(frozen=True, slots=True)
class DiscoveredFeed:
    url: str
    title: str
    kind: str  # rss | atom | json | rdf


def discover_feeds(html: bytes | str, base_url: str) -> list[DiscoveredFeed]:
    """Feeds linked from a page's <link rel="alternate" type=…>, absolute, deduplicated, in
    page order (so the site's main feed, usually first, stays first)."""
    tree = HTMLParser(html if isinstance(html, str) else html.decode("utf-8", "replace"))
    base = base_url
    base_tag = tree.css_first("base[href]")
    if base_tag is not None:
        base = urljoin(base_url, (base_tag.attributes.get("href") or "").strip())
    found: dict[str, DiscoveredFeed] = {}
    for link in tree.css("link[href]"):
        attrs = link.attributes
        rels = (attrs.get("rel") or "").lower().split()
        kind = _KINDS.get((attrs.get("type") or "").split(";")[0].strip().lower())
        if kind is None or not ({"alternate", "feed"} & set(rels)):
            continue
        if kind == "json" and "oembed" in (attrs.get("href") or "").lower():
            continue  # WordPress advertises its oEmbed JSON as an alternate too
        url = absolute_url(attrs.get("href"), base)
        if url and url not in found:
            found[url] = DiscoveredFeed(url, (attrs.get("title") or "").strip(), kind)
    return list(found.values())


def fallback_candidates(base_url: str) -> list[str]:
    """Common feed locations on the site of `base_url`, to try when discovery finds none."""
    return [urljoin(base_url, path) for path in FALLBACK_PATHS]
