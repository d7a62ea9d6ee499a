"""Feeds out: RSS, Atom and JSON Feed for the front page, topics, stories, publishers, saved
searches and (with a private token in the URL, since feed readers send no cookies) folders."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import Response

from broadsheet.models import Article
from broadsheet.store.pages import parse_search
from broadsheet.web.feedout import FORMATS, FeedDoc, build
from broadsheet.web.services import Services, services

router = APIRouter()
FEED_SIZE = 50
_LABELS = {"rss": "RSS", "atom": "Atom", "json": "JSON Feed"}


def alternates(title: str, base: str, **params: str) -> list[dict[str, Any]]:
    """What a page puts in <link rel="alternate"> and its "Follow" links."""
    suffix = "?" + urlencode(params) if params else ""
    return [
        {
            "type": FORMATS[fmt].split(";")[0],
            "href": f"{base}.{fmt}{suffix}",
            "title": f"{title} ({_LABELS[fmt]})",
            "label": _LABELS[fmt],
        }
        for fmt in ("rss", "atom", "json")
    ]


def folder_token(secret: str, user_id: int, folder_id: int) -> str:
    message = f"folder-feed:{user_id}:{folder_id}".encode()
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()[:32]


def _respond(request: Request, fmt: str, title: str, page: str, items: list[Article]) -> Response:
    if fmt not in FORMATS:
        raise HTTPException(404, "Feeds come as .rss, .atom or .json")
    base = str(request.base_url).rstrip("/")
    doc = FeedDoc(
        title=f"{title} · Broadsheet",
        page_url=base + page,
        self_url=str(request.url),
        base_url=base,
        items=items,
    )
    return Response(build(fmt, doc), media_type=FORMATS[fmt])


@router.get("/feed.{fmt}")
def latest_feed(request: Request, fmt: str, svc: Services = Depends(services)) -> Response:
    return _respond(request, fmt, "Latest", "/latest", svc.store.latest_articles(limit=FEED_SIZE))


@router.get("/topics/{key}/feed.{fmt}")
def topic_feed(request: Request, key: str, fmt: str, svc: Services = Depends(services)) -> Response:
    topic = svc.store.get_topic(key)
    if topic is None:
        raise HTTPException(404, "No such topic")
    items = svc.store.topic_articles(topic.id, limit=FEED_SIZE)
    return _respond(request, fmt, f"#{topic.name}", f"/topics/{quote(key)}", items)


@router.get("/stories/{story_id}/feed.{fmt}")
def story_feed(
    request: Request, story_id: int, fmt: str, svc: Services = Depends(services)
) -> Response:
    story = svc.store.get_story(story_id)
    if story is None:
        raise HTTPException(404, "No such story")
    items = list(reversed(svc.store.story_articles(story.id)))[:FEED_SIZE]
    return _respond(request, fmt, story.title, f"/stories/{story.id}", items)


@router.get("/publishers/{name}/feed.{fmt}")
def publisher_feed(
    request: Request, name: str, fmt: str, svc: Services = Depends(services)
) -> Response:
    items = svc.store.latest_articles(publisher=name, limit=FEED_SIZE)
    if not items:
        raise HTTPException(404, "No articles from this publisher")
    return _respond(request, fmt, name, f"/publishers/{quote(name)}", items)


@router.get("/search/feed.{fmt}")
def search_feed(
    request: Request,
    fmt: str,
    q: str = Query(..., min_length=1, max_length=500),
    svc: Services = Depends(services),
) -> Response:
    """A saved search: the query lives in the URL the reader subscribes to."""
    items = svc.store.search_filtered(parse_search(q), limit=FEED_SIZE)
    items.sort(key=_newest, reverse=True)
    return _respond(request, fmt, f"Search: {q}", "/search?" + urlencode({"q": q}), items)


@router.get("/folders/{folder_id}/feed.{fmt}")
def folder_feed(
    request: Request,
    folder_id: int,
    fmt: str,
    token: str = Query("", max_length=100),
    svc: Services = Depends(services),
) -> Response:
    owner = svc.store.folder_owner(folder_id)
    if owner is None or not hmac.compare_digest(token, folder_token(svc.secret, owner, folder_id)):
        raise HTTPException(404, "No such folder")
    items = svc.store.user_articles(owner, folder_id=folder_id, limit=FEED_SIZE)
    name = next((f.name for f in svc.store.list_folders(owner) if f.id == folder_id), "Folder")
    return _respond(request, fmt, name, f"/folders/{folder_id}", items)


def _newest(a: Article) -> tuple[float, int]:
    when = a.published or a.fetched_at
    return (when.timestamp() if when else 0.0, a.id)
