"""A stream as an Atom document, the form `/reader/atom/<stream>` served to older clients.

Read state travels as Google Reader did it: `<category scheme="http://www.google.com/reader/">`
elements whose `label` is `read`, `fresh` or `starred` (newsboat's "feedhq" mode reads exactly
these to set an item's read flag).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime

from broadsheet.store.apikeys import StreamItem
from broadsheet.store.users import Subscription
from broadsheet.web.greader.ids import long_item_id
from broadsheet.web.greader.render import body_html

ATOM_NS = "http://www.w3.org/2005/Atom"
READER_SCHEME = "http://www.google.com/reader/"


def _iso(when: datetime | None) -> str:
    when = when or datetime.now(UTC)
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _label(entry: ET.Element, user_id: int, state: str) -> None:
    ET.SubElement(
        entry,
        "category",
        {
            "term": f"user/{user_id}/state/com.google/{state}",
            "scheme": READER_SCHEME,
            "label": state,
        },
    )


def render_atom(
    *,
    stream_id: str,
    title: str,
    self_url: str,
    site_url: str | None,
    user_id: int,
    items: list[StreamItem],
    subs: dict[int, Subscription],
) -> bytes:
    feed = ET.Element("feed", {"xmlns": ATOM_NS})
    ET.SubElement(feed, "id").text = f"tag:google.com,2005:reader/{stream_id}"
    ET.SubElement(feed, "title").text = title
    ET.SubElement(feed, "link", {"rel": "self", "href": self_url})
    if site_url:
        ET.SubElement(feed, "link", {"rel": "alternate", "href": site_url, "type": "text/html"})
    ET.SubElement(feed, "updated").text = _iso(items[0].when if items else None)
    for item in items:
        a = item.article
        entry = ET.SubElement(feed, "entry")
        ET.SubElement(entry, "id").text = long_item_id(a.id)
        ET.SubElement(entry, "title", {"type": "text"}).text = a.title
        ET.SubElement(entry, "published").text = _iso(item.when)
        ET.SubElement(entry, "updated").text = _iso(a.updated or item.when)
        ET.SubElement(entry, "link", {"rel": "alternate", "href": a.url, "type": "text/html"})
        if a.author:
            ET.SubElement(ET.SubElement(entry, "author"), "name").text = a.author
        _label(entry, user_id, "reading-list")
        _label(entry, user_id, "read" if item.read else "fresh")
        if item.starred:
            _label(entry, user_id, "starred")
        sub = subs.get(a.feed_id or 0)
        if sub is not None and sub.folder:
            ET.SubElement(
                entry,
                "category",
                {
                    "term": f"user/{user_id}/label/{sub.folder}",
                    "label": sub.folder,
                },
            )
        source = ET.SubElement(entry, "source")
        ET.SubElement(source, "id").text = f"tag:google.com,2005:reader/feed/{a.feed_id}"
        ET.SubElement(source, "title").text = sub.title if sub else (a.publisher or "")
        ET.SubElement(entry, "content", {"type": "html"}).text = body_html(a)
    text = ET.tostring(feed, encoding="unicode")
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + text).encode("utf-8")
