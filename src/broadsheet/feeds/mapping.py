"""Map the feedparser-shaped dict (from feedparser or fastfeedparser) to ParsedFeed.

fastfeedparser mirrors feedparser's keys with a few differences, handled here: it calls the
summary "description" and gives dates as ISO strings (feedparser: "summary" and *_parsed
struct_time), and it copies the description into "content" when an item has no full content,
so content equal to the summary is not reported as full content.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any
from urllib.parse import urljoin

from broadsheet.feeds.text import absolute_url, parse_date, to_text
from broadsheet.models import Entry, ParsedFeed

_IMAGE_EXT = re.compile(r"\.(?:jpe?g|png|gif|webp|avif)(?:$|[?#])", re.IGNORECASE)


def map_feed(doc: Mapping[str, Any], url: str, kind: str, *, max_entries: int) -> ParsedFeed:
    meta: Mapping[str, Any] = doc.get("feed") or {}
    base = _base(meta, url)
    feed = ParsedFeed(
        kind=kind,
        title=to_text(_s(meta.get("title"))),
        site_url=absolute_url(_s(meta.get("link")), base),
        description=to_text(_s(meta.get("subtitle")) or _s(meta.get("description"))),
        language=_s(meta.get("language")) or None,
        hub=_link(meta.get("links"), "hub", base),
    )
    for raw in doc.get("entries") or []:
        if len(feed.entries) >= max_entries:
            break
        entry = map_entry(raw, base)
        if entry is not None:
            feed.entries.append(entry)
    return feed


def map_entry(raw: Mapping[str, Any], base: str) -> Entry | None:
    """One entry, or None when it has no http(s) link to read it at."""
    guid = _s(raw.get("id")) or None
    link = (
        absolute_url(_s(raw.get("link")), base)
        or absolute_url(_link(raw.get("links"), "alternate", base), base)
        or absolute_url(guid, "")  # a permalink guid; never resolve an opaque id as a path
    )
    if link is None:
        return None
    summary_html = _s(raw.get("summary")) or _s(raw.get("description"))
    return Entry(
        url=link,
        title=to_text(_s(raw.get("title"))),
        guid=guid,
        author=_author(raw),
        published=_date(raw, "published") or _date(raw, "updated"),
        updated=_date(raw, "updated"),
        summary=to_text(summary_html),
        content_html=_full_content(raw.get("content"), summary_html),
        image=_image(raw, base),
        categories=_categories(raw.get("tags")),
    )


def _date(raw: Mapping[str, Any], name: str) -> datetime | None:
    # dict.get, not raw.get: feedparser's dict silently maps missing keys to others, with a
    # DeprecationWarning each time; the fallback from published to updated is made explicit above.
    parsed = dict.get(raw, name + "_parsed") if isinstance(raw, dict) else raw.get(name + "_parsed")
    text = dict.get(raw, name) if isinstance(raw, dict) else raw.get(name)
    return parse_date(parsed) or parse_date(_s(text))


def _s(value: object) -> str:
    return value if isinstance(value, str) else ""


def _base(meta: Mapping[str, Any], url: str) -> str:
    detail = meta.get("title_detail")
    xml_base = _s(detail.get("base")) if isinstance(detail, Mapping) else ""
    return urljoin(url, xml_base) if xml_base else url


def _link(links: object, rel: str, base: str) -> str | None:
    for link in links if isinstance(links, list) else []:
        if isinstance(link, Mapping) and (link.get("rel") or "alternate") == rel:
            found = absolute_url(_s(link.get("href")), base)
            if found:
                return found
    return None


def _author(raw: Mapping[str, Any]) -> str | None:
    author = to_text(_s(raw.get("author")))
    if author:
        return author
    detail = raw.get("author_detail")
    if isinstance(detail, Mapping):
        return to_text(_s(detail.get("name"))) or None
    return None


def _full_content(contents: object, summary_html: str) -> str | None:
    best: str | None = None
    for item in contents if isinstance(contents, list) else []:
        if not isinstance(item, Mapping):
            continue
        value = _s(item.get("value")).strip()
        if not value or _same(value, summary_html):
            continue
        if best is None or "html" in _s(item.get("type")):
            best = value
    return best


def _same(a: str, b: str) -> bool:
    if a == b:
        return True
    if abs(len(a) - len(b)) > max(64, len(a) // 10):
        return False
    return a.split() == b.split()


def _image(raw: Mapping[str, Any], base: str) -> str | None:
    candidates: list[tuple[str, str]] = []  # (url, type or medium); thumbnails are images
    for key in ("media_thumbnail", "media_content", "enclosures"):
        value = raw.get(key)
        for item in value if isinstance(value, list) else []:
            if isinstance(item, Mapping):
                kind = "image" if key == "media_thumbnail" else _s(item.get("type"))
                url = _s(item.get("url")) or _s(item.get("href"))
                candidates.append((url, kind or _s(item.get("medium"))))
    for link in raw.get("links") or []:
        if isinstance(link, Mapping) and link.get("rel") == "enclosure":
            candidates.append((_s(link.get("href")), _s(link.get("type"))))
    for url, kind in candidates:
        if url and (kind.startswith("image") or (not kind and _IMAGE_EXT.search(url))):
            found = absolute_url(url, base)
            if found:
                return found
    return None


def _categories(tags: object) -> list[str]:
    seen: dict[str, None] = {}
    for tag in tags if isinstance(tags, list) else []:
        if isinstance(tag, Mapping):
            term = to_text(_s(tag.get("term")) or _s(tag.get("label")))
            if term:
                seen[term] = None
    return list(seen)
