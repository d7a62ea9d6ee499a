"""JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1) to ParsedFeed.

Read directly rather than through a feed library: the format is small and exact, and mapping it
here keeps content_html / content_text / summary apart as the spec does.
"""

from __future__ import annotations

import json
from typing import Any

from broadsheet.feeds.errors import FeedParseError
from broadsheet.feeds.text import absolute_url, parse_date, to_text
from broadsheet.models import Entry, ParsedFeed


def parse_json_feed(content: bytes, url: str, *, max_entries: int) -> ParsedFeed:
    try:
        doc = json.loads(content.decode("utf-8-sig", "replace"))
    except json.JSONDecodeError as exc:
        raise FeedParseError(f"malformed JSON: {exc.msg} at line {exc.lineno}") from exc
    if not isinstance(doc, dict) or not (
        str(doc.get("version", "")).startswith("https://jsonfeed.org/version/")
        or isinstance(doc.get("items"), list)
    ):
        raise FeedParseError("not a feed: the JSON document is not a JSON Feed (no version/items)")
    base = _str(doc.get("feed_url")) or url
    feed = ParsedFeed(
        kind="json",
        title=to_text(_str(doc.get("title"))),
        site_url=absolute_url(_str(doc.get("home_page_url")), base),
        description=to_text(_str(doc.get("description"))),
        language=_str(doc.get("language")) or None,
        hub=_hub(doc.get("hubs"), base),
    )
    feed_author = _author(doc)
    items = doc.get("items")
    for item in items if isinstance(items, list) else []:
        if len(feed.entries) >= max_entries:
            break
        if isinstance(item, dict):
            entry = _entry(item, base, feed_author)
            if entry is not None:
                feed.entries.append(entry)
    return feed


def _entry(item: dict[str, Any], base: str, feed_author: str | None) -> Entry | None:
    link = absolute_url(_str(item.get("url")), base) or absolute_url(
        _str(item.get("external_url")), base
    )
    guid = _str(item.get("id")) or None
    if link is None:
        link = absolute_url(guid, "")  # an id that is itself a URL; never resolved as a path
    if link is None:
        return None
    content_html = _str(item.get("content_html")) or None
    summary = to_text(_str(item.get("summary")))
    if not summary:
        summary = to_text(_str(item.get("content_text")) or content_html or "")
    tags = item.get("tags")
    return Entry(
        url=link,
        title=to_text(_str(item.get("title"))),
        guid=guid,
        author=_author(item) or feed_author,
        published=parse_date(_str(item.get("date_published"))),
        updated=parse_date(_str(item.get("date_modified"))),
        summary=summary,
        content_html=content_html,
        image=absolute_url(_str(item.get("image")) or _str(item.get("banner_image")), base)
        or _image_attachment(item.get("attachments"), base),
        categories=[str(t) for t in tags if isinstance(t, str | int)]
        if isinstance(tags, list)
        else [],
    )


def _str(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def _author(obj: dict[str, Any]) -> str | None:
    authors = obj.get("authors")
    if isinstance(authors, list):
        names = [_str(a.get("name")) for a in authors if isinstance(a, dict)]
        if any(names):
            return ", ".join(n for n in names if n)
    author = obj.get("author")
    if isinstance(author, dict):
        return _str(author.get("name")) or None
    return None


def _hub(hubs: object, base: str) -> str | None:
    if isinstance(hubs, list):
        for hub in hubs:
            if isinstance(hub, dict):
                found = absolute_url(_str(hub.get("url")), base)
                if found:
                    return found
    return None


def _image_attachment(attachments: object, base: str) -> str | None:
    if isinstance(attachments, list):
        for att in attachments:
            if isinstance(att, dict) and _str(att.get("mime_type")).startswith("image/"):
                return absolute_url(_str(att.get("url")), base)
    return None
