"""RSS 2.0, Atom 1.0 and JSON Feed 1.1 documents from a list of articles.

Built with ElementTree / json so every value is escaped by the serializer, never by hand.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from xml.etree import ElementTree as ET

from broadsheet.models import Article

FORMATS = {
    "rss": "application/rss+xml; charset=utf-8",
    "atom": "application/atom+xml; charset=utf-8",
    "json": "application/feed+json; charset=utf-8",
}
_ATOM = "http://www.w3.org/2005/Atom"


@dataclass(slots=True)
class FeedDoc:
    title: str
    page_url: str  # absolute URL of the HTML page the feed mirrors
    self_url: str  # absolute URL of this feed
    base_url: str  # absolute site root, for article links
    items: Sequence[Article]


def _when(a: Article) -> datetime:
    return a.published or a.fetched_at or datetime(1970, 1, 1, tzinfo=UTC)


def _link(doc: FeedDoc, a: Article) -> str:
    return f"{doc.base_url.rstrip('/')}/articles/{a.id}"


def _summary(a: Article) -> str:
    return a.summary or a.text[:500]


def build(fmt: str, doc: FeedDoc) -> bytes:
    if fmt == "rss":
        return rss(doc)
    if fmt == "atom":
        return atom(doc)
    if fmt == "json":
        return json_feed(doc)
    raise ValueError(f"unknown feed format {fmt!r}")


def rss(doc: FeedDoc) -> bytes:
    ET.register_namespace("atom", _ATOM)
    root = ET.Element("rss", {"version": "2.0"})
    channel = ET.SubElement(root, "channel")
    ET.SubElement(channel, "title").text = doc.title
    ET.SubElement(channel, "link").text = doc.page_url
    ET.SubElement(channel, "description").text = f"{doc.title} — Broadsheet"
    ET.SubElement(
        channel,
        f"{{{_ATOM}}}link",
        {"href": doc.self_url, "rel": "self", "type": FORMATS["rss"].split(";")[0]},
    )
    for a in doc.items:
        item = ET.SubElement(channel, "item")
        ET.SubElement(item, "title").text = a.title
        ET.SubElement(item, "link").text = _link(doc, a)
        ET.SubElement(item, "guid", {"isPermaLink": "true"}).text = _link(doc, a)
        ET.SubElement(item, "pubDate").text = format_datetime(_when(a).astimezone(UTC))
        ET.SubElement(item, "description").text = _summary(a)
        if a.publisher:
            ET.SubElement(item, "source", {"url": a.url}).text = a.publisher
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + bytes(ET.tostring(root, encoding="utf-8"))


def atom(doc: FeedDoc) -> bytes:
    ET.register_namespace("", _ATOM)
    root = ET.Element(f"{{{_ATOM}}}feed")
    ET.SubElement(root, f"{{{_ATOM}}}title").text = doc.title
    ET.SubElement(root, f"{{{_ATOM}}}id").text = doc.self_url
    ET.SubElement(root, f"{{{_ATOM}}}link", {"href": doc.page_url, "rel": "alternate"})
    ET.SubElement(root, f"{{{_ATOM}}}link", {"href": doc.self_url, "rel": "self"})
    updated = max((_when(a) for a in doc.items), default=datetime.now(UTC))
    ET.SubElement(root, f"{{{_ATOM}}}updated").text = updated.isoformat()
    for a in doc.items:
        entry = ET.SubElement(root, f"{{{_ATOM}}}entry")
        ET.SubElement(entry, f"{{{_ATOM}}}title").text = a.title
        ET.SubElement(entry, f"{{{_ATOM}}}id").text = _link(doc, a)
        ET.SubElement(entry, f"{{{_ATOM}}}link", {"href": _link(doc, a), "rel": "alternate"})
        ET.SubElement(entry, f"{{{_ATOM}}}link", {"href": a.url, "rel": "via"})
        ET.SubElement(entry, f"{{{_ATOM}}}updated").text = (a.updated or _when(a)).isoformat()
        ET.SubElement(entry, f"{{{_ATOM}}}published").text = _when(a).isoformat()
        author = ET.SubElement(entry, f"{{{_ATOM}}}author")
        ET.SubElement(author, f"{{{_ATOM}}}name").text = a.author or a.publisher or "Unknown"
        ET.SubElement(entry, f"{{{_ATOM}}}summary").text = _summary(a)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + bytes(ET.tostring(root, encoding="utf-8"))


def json_feed(doc: FeedDoc) -> bytes:
    data = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": doc.title,
        "home_page_url": doc.page_url,
        "feed_url": doc.self_url,
        "items": [
            {
                "id": _link(doc, a),
                "url": _link(doc, a),
                "external_url": a.url,
                "title": a.title,
                "summary": _summary(a),
                "content_text": a.text or _summary(a),
                "date_published": _when(a).isoformat(),
                **(
                    {"authors": [{"name": a.author or a.publisher}]}
                    if (a.author or a.publisher)
                    else {}
                ),
                **({"image": a.image} if a.image else {}),
            }
            for a in doc.items
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")
