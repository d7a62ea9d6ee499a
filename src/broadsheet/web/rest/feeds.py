"""The caller's feeds (subscriptions): add by discovery, edit, drop, refresh, errors."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, BackgroundTasks, Depends, Request, Response

from broadsheet.feeds import FeedParseError, discover_feeds, parse_feed
from broadsheet.fetch import FetchError
from broadsheet.pipeline import SubscribeError
from broadsheet.store import Store
from broadsheet.store.users import Subscription, User
from broadsheet.web.rest.auth import current_user
from broadsheet.web.rest.problems import ApiProblem, problem_responses
from broadsheet.web.rest.schemas import (
    Candidate,
    DiscoverIn,
    EntryError,
    FeedErrors,
    FeedIn,
    FeedOut,
    FeedPatch,
    RefreshOut,
)
from broadsheet.web.rest.subscribing import subscribe_url
from broadsheet.web.services import Services, services

router = APIRouter(tags=["feeds"], responses=problem_responses(401, 422))


def feed_out(store: Store, sub: Subscription, unread: dict[int, int]) -> FeedOut:
    feed = store.get_feed(sub.feed_id)
    return FeedOut(
        id=sub.feed_id,
        url=sub.url,
        title=sub.title,
        site_url=sub.site_url,
        folder_id=sub.folder_id,
        folder=sub.folder,
        unread_count=unread.get(sub.feed_id, 0),
        last_fetched_at=feed.last_fetched_at if feed else None,
        last_error=feed.last_error if feed else None,
        error_count=feed.error_count if feed else 0,
    )


def _unread(store: Store, user_id: int) -> dict[int, int]:
    return {c.feed_id: c.count for c in store.unread_counts(user_id)}


def owned(store: Store, user: User, feed_id: int) -> Subscription:
    sub = store.get_subscription(user.id, feed_id)
    if sub is None:
        raise ApiProblem(404, f"you do not follow a feed {feed_id}", "no-such-feed")
    return sub


@router.get("/feeds", response_model=list[FeedOut])
def list_feeds(request: Request, user: User = Depends(current_user)) -> list[FeedOut]:
    store = services(request).store
    unread = _unread(store, user.id)
    return [feed_out(store, s, unread) for s in store.list_subscriptions(user.id)]


@router.post(
    "/feeds", response_model=FeedOut, status_code=201, responses=problem_responses(400, 503)
)
async def add_feed(
    body: FeedIn,
    request: Request,
    background: BackgroundTasks,
    user: User = Depends(current_user),
) -> FeedOut:
    """Follow a feed URL, or the feed a site's page advertises; its first fetch starts now."""
    svc = services(request)
    if svc.pipeline is None:
        raise ApiProblem(503, "the server is starting up; try again in a moment")
    try:
        _, sub, _ = await subscribe_url(
            svc, user.id, body.url, folder=body.folder, title=body.title, background=background
        )
    except SubscribeError as exc:
        raise ApiProblem(400, str(exc), "cannot-subscribe") from exc
    return await asyncio.to_thread(feed_out, svc.store, sub, {})


@router.get("/feeds/{feed_id}", response_model=FeedOut, responses=problem_responses(404))
def get_feed(feed_id: int, request: Request, user: User = Depends(current_user)) -> FeedOut:
    store = services(request).store
    return feed_out(store, owned(store, user, feed_id), _unread(store, user.id))


@router.patch("/feeds/{feed_id}", response_model=FeedOut, responses=problem_responses(404))
def edit_feed(
    feed_id: int, body: FeedPatch, request: Request, user: User = Depends(current_user)
) -> FeedOut:
    store = services(request).store
    owned(store, user, feed_id)
    if body.title is not None and body.title.strip():
        store.update_subscription(user.id, feed_id, title=body.title.strip())
    if body.folder is not None:
        if body.folder.strip():
            folder = store.folder_for(user.id, body.folder.strip())
            store.update_subscription(user.id, feed_id, folder_id=folder.id)
        else:
            store.update_subscription(user.id, feed_id, clear_folder=True)
    return feed_out(store, owned(store, user, feed_id), _unread(store, user.id))


@router.delete(
    "/feeds/{feed_id}", status_code=204, response_class=Response, responses=problem_responses(404)
)
def delete_feed(feed_id: int, request: Request, user: User = Depends(current_user)) -> Response:
    """Stop following the feed (the instance keeps the articles: others may read them)."""
    store = services(request).store
    if not store.unsubscribe(user.id, feed_id):
        raise ApiProblem(404, f"you do not follow a feed {feed_id}", "no-such-feed")
    return Response(status_code=204)


@router.post(
    "/feeds/{feed_id}/refresh", response_model=RefreshOut, responses=problem_responses(404, 503)
)
async def refresh_feed(
    feed_id: int, request: Request, user: User = Depends(current_user)
) -> RefreshOut:
    svc: Services = services(request)
    await asyncio.to_thread(owned, svc.store, user, feed_id)
    feed = await asyncio.to_thread(svc.store.get_feed, feed_id)
    if feed is None:
        raise ApiProblem(404, f"no feed {feed_id}", "no-such-feed")
    if svc.pipeline is None:
        raise ApiProblem(503, "the server is starting up; try again in a moment")
    outcome = await svc.pipeline.refresh_feed(feed)
    return RefreshOut(
        feed_id=feed_id,
        new_articles=outcome.new_articles,
        already_known=outcome.already_known,
        not_modified=outcome.not_modified,
        error=outcome.error,
        entry_errors=outcome.entry_errors,
    )


@router.get("/feeds/{feed_id}/errors", response_model=FeedErrors, responses=problem_responses(404))
def feed_errors(feed_id: int, request: Request, user: User = Depends(current_user)) -> FeedErrors:
    """Why a feed fails: its last fetch error and the entries whose pages could not be read."""
    store = services(request).store
    owned(store, user, feed_id)
    feed = store.get_feed(feed_id)
    if feed is None:
        raise ApiProblem(404, f"no feed {feed_id}", "no-such-feed")
    return FeedErrors(
        feed_id=feed_id,
        last_error=feed.last_error,
        error_count=feed.error_count,
        last_fetched_at=feed.last_fetched_at,
        next_check_at=feed.next_check_at,
        entries=[EntryError(guid=g, error=e) for g, e in store.entry_errors(feed_id)],
    )


@router.post("/discover", response_model=list[Candidate], responses=problem_responses(400, 503))
async def discover(
    body: DiscoverIn, request: Request, user: User = Depends(current_user)
) -> list[Candidate]:
    """The feeds a URL is or advertises, without following any."""
    svc = services(request)
    if svc.pipeline is None:
        raise ApiProblem(503, "the server is starting up; try again in a moment")
    url = body.url.strip()
    if not url.startswith(("http://", "https://")):
        url = "https://" + url
    try:
        page = await svc.pipeline.client.get(url)
    except FetchError as exc:
        raise ApiProblem(400, f"could not fetch {url}: {exc}", "cannot-fetch") from exc
    try:
        parsed = await asyncio.to_thread(parse_feed, page.content, page.final_url)
        return [Candidate(url=page.final_url, title=parsed.title)]
    except FeedParseError:
        found = await asyncio.to_thread(discover_feeds, page.content, page.final_url)
        return [Candidate(url=f.url, title=f.title or "") for f in found]
