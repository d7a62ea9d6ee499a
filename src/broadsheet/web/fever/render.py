"""Fever's JSON shapes: groups, feeds, feeds_groups, favicons, items."""

from __future__ import annotations

from typing import Any

from broadsheet.store.apikeys import StreamItem
from broadsheet.store.users import Folder, Subscription
from broadsheet.web.greader.render import body_html, seconds

# Fever clients expect every feed to name a favicon; Broadsheet keeps none, so all share one
# transparent 1x1 GIF.
FAVICON_ID = 1
BLANK_GIF = "image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"


def feeds_groups(subs: list[Subscription]) -> list[dict[str, Any]]:
    by_folder: dict[int, list[str]] = {}
    for sub in subs:
        if sub.folder_id is not None:
            by_folder.setdefault(sub.folder_id, []).append(str(sub.feed_id))
    return [{"group_id": gid, "feed_ids": ",".join(ids)} for gid, ids in sorted(by_folder.items())]


def groups(folders: list[Folder]) -> list[dict[str, Any]]:
    return [{"id": f.id, "title": f.name} for f in folders]


def feeds(subs: list[Subscription], last_updated: dict[int, int]) -> list[dict[str, Any]]:
    return [
        {
            "id": s.feed_id,
            "favicon_id": FAVICON_ID,
            "title": s.title,
            "url": s.url,
            "site_url": s.site_url or s.url,
            "is_spark": 0,
            "last_updated_on_time": last_updated.get(s.feed_id, 0),
        }
        for s in subs
    ]


def item(entry: StreamItem) -> dict[str, Any]:
    a = entry.article
    return {
        "id": a.id,
        "feed_id": a.feed_id or 0,
        "title": a.title,
        "author": a.author or "",
        "html": body_html(a),
        "url": a.url,
        "is_saved": int(entry.starred),
        "is_read": int(entry.read),
        "created_on_time": seconds(entry.when),
    }
