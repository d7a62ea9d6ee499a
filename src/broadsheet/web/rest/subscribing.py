"""Following a feed for one user, shared by the three APIs: discover it, store it, subscribe.

A feed new to the instance is fetched once in the background right away, so the person sees
articles without waiting for the poller; a feed the instance already follows just gains a
subscriber.
"""

from __future__ import annotations

import asyncio
import logging

from fastapi import BackgroundTasks

from broadsheet.feeds import parse_opml
from broadsheet.models import Feed, OutlineFeed
from broadsheet.pipeline import Pipeline, SubscribeError, discover_and_add
from broadsheet.store import Store
from broadsheet.store.users import Subscription
from broadsheet.web.services import Services

log = logging.getLogger(__name__)


async def _refresh(pipeline: Pipeline, feed: Feed) -> None:
    try:
        await pipeline.refresh_feed(feed)
    except Exception:  # recorded on the feed by the pipeline; never fail the response
        log.exception("first refresh of %s failed", feed.url)


async def subscribe_url(
    svc: Services,
    user_id: int,
    url: str,
    *,
    folder: str | None = None,
    title: str | None = None,
    background: BackgroundTasks | None = None,
) -> tuple[Feed, Subscription, bool]:
    """Returns (feed, the user's subscription, whether the feed is new to the instance)."""
    pipeline = svc.pipeline
    if pipeline is None:
        raise SubscribeError("the server is starting up; try again in a moment")
    feed, created = await discover_and_add(pipeline, url.strip())
    store = svc.store
    folder_id = (await asyncio.to_thread(store.folder_for, user_id, folder)).id if folder else None
    sub = await asyncio.to_thread(
        store.subscribe, user_id, feed.id, folder_id=folder_id, title=title or None
    )
    if created or feed.last_fetched_at is None:
        if background is not None:
            background.add_task(_refresh, pipeline, feed)
        else:
            await _refresh(pipeline, feed)
    return feed, sub, created


def import_outlines(store: Store, user_id: int, outlines: list[OutlineFeed]) -> tuple[int, int]:
    """Subscribe the user to every feed of an OPML file; (new subscriptions, already had)."""
    had = store.subscribed_feed_ids(user_id)
    added = 0
    for outline in outlines:
        feed, _ = store.add_feed(outline.url, title=outline.title, site_url=outline.site_url)
        if feed.id in had:
            continue
        folder_id = store.folder_for(user_id, outline.folder).id if outline.folder else None
        store.subscribe(user_id, feed.id, folder_id=folder_id)
        had.add(feed.id)
        added += 1
    return added, len(outlines) - added


def import_opml(store: Store, user_id: int, content: bytes) -> tuple[int, int]:
    """Raises broadsheet.feeds.OpmlError for a file that is not usable OPML."""
    return import_outlines(store, user_id, parse_opml(content))


def export_outlines(store: Store, user_id: int) -> list[OutlineFeed]:
    return [
        OutlineFeed(url=s.url, title=s.title, site_url=s.site_url, folder=s.folder)
        for s in store.list_subscriptions(user_id)
    ]
