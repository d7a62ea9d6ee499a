"""Articles and subscriptions in the JSON shapes Google Reader clients parse."""

from __future__ import annotations

import html
from datetime import UTC, datetime
from typing import Any

from broadsheet.models import Article, Feed
from broadsheet.store.apikeys import StreamItem
from broadsheet.store.users import Subscription
from broadsheet.web.greader.ids import (
    FRESH,
    READ,
    READING_LIST,
    STARRED,
    label_id,
    long_item_id,
    stream_id_of_feed,
)

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def usec(when: datetime | None) -> int:
    if when is None:
        return 0
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    delta = when - EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def seconds(when: datetime | None) -> int:
    return usec(when) // 1_000_000


def body_html(article: Article) -> str:
    """The stored safe HTML, else the plain text as paragraphs."""
    if article.html.strip():
        return article.html
    paragraphs = [p.strip() for p in article.text.split("\n\n") if p.strip()]
    return "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)


def origin_of(feed_id: int | None, subs: dict[int, Subscription], feeds: dict[int, Feed]) -> Any:
    if feed_id is None:
        return {"streamId": "", "title": "", "htmlUrl": ""}
    sub = subs.get(feed_id)
    if sub is not None:
        return {
            "streamId": stream_id_of_feed(feed_id),
            "title": sub.title,
            "htmlUrl": sub.site_url or sub.url,
        }
    feed = feeds.get(feed_id)
    return {
        "streamId": stream_id_of_feed(feed_id),
        "title": (feed.title or feed.url) if feed else "",
        "htmlUrl": (feed.site_url or feed.url) if feed else "",
    }


def categories(item: StreamItem, subs: dict[int, Subscription]) -> list[str]:
    cats = [READING_LIST]
    cats.append(READ if item.read else FRESH)
    if item.starred:
        cats.append(STARRED)
    sub = subs.get(item.article.feed_id or 0)
    if sub is not None and sub.folder:
        cats.append(label_id(sub.folder))
    return cats


def item_json(
    item: StreamItem, subs: dict[int, Subscription], feeds: dict[int, Feed]
) -> dict[str, Any]:
    a = item.article
    content = {"direction": "ltr", "content": body_html(a)}
    return {
        "id": long_item_id(a.id),
        "crawlTimeMsec": str(usec(a.fetched_at or item.when) // 1000),
        "timestampUsec": str(usec(item.when)),
        "published": seconds(item.when),
        "updated": seconds(a.updated or item.when),
        "title": a.title,
        "author": a.author or "",
        "canonical": [{"href": a.url}],
        "alternate": [{"href": a.url, "type": "text/html"}],
        "categories": categories(item, subs),
        "origin": origin_of(a.feed_id, subs, feeds),
        "summary": content,
        "content": content,
        "enclosure": [],
    }


def subscription_json(sub: Subscription) -> dict[str, Any]:
    cats = [{"id": label_id(sub.folder), "label": sub.folder}] if sub.folder else []
    return {
        "id": stream_id_of_feed(sub.feed_id),
        "title": sub.title,
        "categories": cats,
        "url": sub.url,
        "htmlUrl": sub.site_url or sub.url,
        "iconUrl": "",
        "firstitemmsec": str(usec(datetime.now(UTC)) // 1000),
        "sortid": f"{sub.feed_id:08X}",
    }
