"""Articles with the caller's read/starred state: lists, one article, search, state changes.

Articles are the instance's shared content (the web pages show them to everyone); the state on
them is per user and only ever read or written for the caller.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fastapi import APIRouter, Depends, Query, Request

from broadsheet.models import Article
from broadsheet.store import Store
from broadsheet.store.apikeys import StreamItem, StreamQuery
from broadsheet.store.users import User
from broadsheet.web.rest.auth import current_user
from broadsheet.web.rest.feeds import owned
from broadsheet.web.rest.folders import owned_folder
from broadsheet.web.rest.problems import ApiProblem, problem_responses
from broadsheet.web.rest.schemas import (
    ArticleFull,
    ArticleOut,
    ArticlePage,
    BulkState,
    Count,
    MarkReadIn,
    StatePatch,
    Status,
)
from broadsheet.web.services import services

router = APIRouter(tags=["articles"], responses=problem_responses(401, 422))

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(9999, 12, 31, tzinfo=UTC)


def _out(a: Article, read: bool, starred: bool) -> ArticleOut:
    return ArticleOut(
        id=a.id,
        url=a.url,
        title=a.title,
        publisher=a.publisher,
        author=a.author,
        published=a.published,
        language=a.language,
        image=a.image,
        summary=a.summary,
        feed_id=a.feed_id,
        story_id=a.story_id,
        read=read,
        starred=starred,
    )


def _cursor(item: StreamItem) -> str:
    delta = item.when - EPOCH
    micros = (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds
    return f"{micros}-{item.article.id}"


def _parse_cursor(cursor: str) -> tuple[datetime, int]:
    head, _, tail = cursor.partition("-")
    if not head.isdigit() or not tail.isdigit() or len(head) > 18:
        raise ApiProblem(400, "cursor is not one this API gave out", "bad-cursor")
    return EPOCH + timedelta(microseconds=int(head)), int(tail)


def _bounded(when: datetime | None) -> datetime | None:
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return min(max(when, EPOCH), LATEST)


@router.get("/articles", response_model=ArticlePage, responses=problem_responses(400, 404))
def list_articles(
    request: Request,
    user: User = Depends(current_user),
    feed_id: int | None = None,
    folder_id: int | None = None,
    status: Status = "all",
    starred: bool | None = None,
    since: datetime | None = Query(None, description="Published at or after."),
    until: datetime | None = Query(None, description="Published at or before."),
    order: str = Query("newest", pattern="^(newest|oldest)$"),
    limit: int = Query(50, ge=1, le=500),
    cursor: str | None = Query(None, max_length=64),
) -> ArticlePage:
    """The articles of the feeds you follow (or your starred ones), newest first."""
    store = services(request).store
    q = StreamQuery(
        user_id=user.id, limit=limit + 1, order="oldest" if order == "oldest" else "newest"
    )
    if feed_id is not None:
        owned(store, user, feed_id)
        q.feed_ids = [feed_id]
    if folder_id is not None:
        owned_folder(store, user, folder_id)
        q.folder_id = folder_id
    if status != "all":
        q.read = status == "read"
    if starred is not None:
        q.starred = starred
        q.subscribed_only = not starred and feed_id is None and folder_id is None
        if starred and (feed_id is not None or folder_id is not None):
            q.subscribed_only = True
    q.published_after = _bounded(since)
    q.published_before = _bounded(until)
    if cursor:
        q.after = _parse_cursor(cursor)
    items = store.stream_items(q, with_html=False)
    next_cursor = _cursor(items[limit - 1]) if len(items) > limit else None
    return ArticlePage(
        items=[_out(i.article, i.read, i.starred) for i in items[:limit]], next_cursor=next_cursor
    )


def _full(store: Store, user: User, article_id: int) -> ArticleFull:
    article = store.get_article(article_id)
    if article is None:
        raise ApiProblem(404, f"no article {article_id}", "no-such-article")
    read, starred = store.article_states_for(user.id, [article_id]).get(article_id, (False, False))
    base = _out(article, read, starred)
    return ArticleFull(
        **base.model_dump(), text=article.text, html=article.html, credit=article.credit
    )


@router.get("/articles/{article_id}", response_model=ArticleFull, responses=problem_responses(404))
def get_article(
    article_id: int, request: Request, user: User = Depends(current_user)
) -> ArticleFull:
    return _full(services(request).store, user, article_id)


@router.patch(
    "/articles/{article_id}", response_model=ArticleFull, responses=problem_responses(404)
)
def set_state(
    article_id: int, body: StatePatch, request: Request, user: User = Depends(current_user)
) -> ArticleFull:
    """Mark read/unread, star/unstar (for you only)."""
    store = services(request).store
    if store.get_article(article_id) is None:
        raise ApiProblem(404, f"no article {article_id}", "no-such-article")
    store.set_states_bulk(user.id, [article_id], read=body.read, starred=body.starred)
    return _full(store, user, article_id)


@router.post("/articles/state", response_model=Count)
def set_states(body: BulkState, request: Request, user: User = Depends(current_user)) -> Count:
    """The same change on many articles; `count` says how many existed."""
    store = services(request).store
    return Count(
        count=store.set_states_bulk(user.id, body.ids, read=body.read, starred=body.starred)
    )


@router.post("/articles/mark-read", response_model=Count, responses=problem_responses(404))
def mark_read(body: MarkReadIn, request: Request, user: User = Depends(current_user)) -> Count:
    """Mark everything unread read: all your feeds, one feed, or one folder."""
    store = services(request).store
    q = StreamQuery(user_id=user.id, published_before=_bounded(body.before))
    if body.feed_id is not None:
        owned(store, user, body.feed_id)
        q.feed_ids = [body.feed_id]
    if body.folder_id is not None:
        owned_folder(store, user, body.folder_id)
        q.folder_id = body.folder_id
    return Count(count=store.mark_stream_read(q))


@router.get("/search", response_model=list[ArticleOut])
def search(
    request: Request,
    user: User = Depends(current_user),
    q: str = Query(min_length=1, max_length=500),
    limit: int = Query(20, ge=1, le=100),
    offset: int = Query(0, ge=0, le=10_000),
) -> list[ArticleOut]:
    """Full-text search over the instance's articles, best match first, with your state."""
    store = services(request).store
    found = store.search_articles(q, limit=limit, offset=offset)
    states = store.article_states_for(user.id, [a.id for a in found])
    return [_out(a, *states.get(a.id, (False, False))) for a in found]
