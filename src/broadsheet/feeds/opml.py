"""OPML subscription lists: import (folders from nested outlines) and export.

Parsed with defusedxml, so an OPML file cannot carry an entity bomb or XXE through import.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import UTC, datetime
from email.utils import format_datetime

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from broadsheet.feeds.errors import FeedParseError, OpmlError
from broadsheet.feeds.sniff import sniff
from broadsheet.feeds.text import absolute_url
from broadsheet.models import OutlineFeed


def parse_opml(content: bytes) -> list[OutlineFeed]:
    """Every feed of an OPML file, in order, each once; `folder` is its nearest enclosing
    outline (or its `category` attribute). Raises OpmlError with a message for the user."""
    try:
        sniffed = sniff(content)
    except FeedParseError as exc:
        raise OpmlError(str(exc)) from exc
    if sniffed.format == "empty":
        raise OpmlError("empty document: the OPML file has no content")
    if sniffed.format != "xml":
        raise OpmlError("not OPML: the file is JSON, not an OPML (XML) subscription list")
    try:
        root = SafeET.fromstring(content)
    except DefusedXmlException as exc:
        raise OpmlError(f"unsafe XML: {exc}") from exc
    except ET.ParseError as exc:
        line = exc.position[0] if exc.position else 0
        detail = str(exc).split(":", 1)[0]
        raise OpmlError(f"not OPML: malformed XML ({detail}) at line {line}") from exc
    if _local(root.tag) != "opml":
        raise OpmlError(
            f"not OPML: the root element is <{_local(root.tag)}>, not <opml>"
            + (
                " (this looks like a feed: add it as a feed instead)"
                if _local(root.tag) in ("rss", "feed", "rdf")
                else ""
            )
        )
    body = next((child for child in root if _local(child.tag) == "body"), None)
    if body is None:
        raise OpmlError("not OPML: the file has no <body>")
    seen: dict[str, OutlineFeed] = {}
    for feed in _walk(body, None):
        seen.setdefault(feed.url, feed)
    return list(seen.values())


def _walk(node: ET.Element, folder: str | None) -> Iterator[OutlineFeed]:
    for outline in node:
        if _local(outline.tag) != "outline":
            continue
        attrs = {k.lower(): v for k, v in outline.attrib.items()}
        name = (attrs.get("text") or attrs.get("title") or "").strip()
        xml_url = attrs.get("xmlurl", "").strip()
        if xml_url:
            url = absolute_url(_feed_scheme(xml_url), "")
            if url is not None:
                category = attrs.get("category", "").strip().strip("/").split(",")[0].strip()
                yield OutlineFeed(
                    url=url,
                    title=name or (attrs.get("title") or "").strip(),
                    site_url=absolute_url(attrs.get("htmlurl", ""), ""),
                    folder=folder or category.rsplit("/", 1)[-1] or None,
                )
        yield from _walk(outline, name or folder if not xml_url else folder)


def _feed_scheme(url: str) -> str:
    """feed://example.org/rss and feed:https://… are old browser spellings of http(s)."""
    if url.startswith("feed:"):
        rest = url[5:]
        return rest if rest.startswith(("http://", "https://")) else "http:" + rest
    return url


def _local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def build_opml(feeds: list[OutlineFeed], title: str = "Broadsheet subscriptions") -> str:
    """OPML 2.0 with one outline per folder (in first-seen order) holding its feeds."""
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = title
    ET.SubElement(head, "dateCreated").text = format_datetime(datetime.now(UTC))
    body = ET.SubElement(root, "body")
    folders: dict[str, ET.Element] = {}
    for feed in feeds:
        parent = body
        if feed.folder:
            if feed.folder not in folders:
                folders[feed.folder] = ET.SubElement(
                    body, "outline", text=feed.folder, title=feed.folder
                )
            parent = folders[feed.folder]
        attrs = {"type": "rss", "text": feed.title or feed.url, "title": feed.title or feed.url}
        attrs["xmlUrl"] = feed.url
        if feed.site_url:
            attrs["htmlUrl"] = feed.site_url
        ET.SubElement(parent, "outline", attrs)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
