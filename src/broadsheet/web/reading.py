"""The reader's own things: unread and starred views, folders, subscriptions, star/read
actions and adding feeds. Every query here carries the signed-in user's id, so passing another
reader's folder or article id reaches nothing of theirs."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from broadsheet.pipeline import SubscribeError, discover_and_add, save_single_article
from broadsheet.store.users import Folder, User
from broadsheet.web.pages import PAGE_SIZE, article_list
from broadsheet.web.render import redirect, render
from broadsheet.web.services import Services, services
from broadsheet.web.sessions import csrf_protect, current_user, require_user
from broadsheet.web.syndication import alternates, folder_token

router = APIRouter(dependencies=[Depends(csrf_protect)])


def _folder(svc: Services, user: User, folder_id: int) -> Folder:
    for f in svc.store.list_folders(user.id):
        if f.id == folder_id:
            return f
    raise HTTPException(404, "No such folder")


@router.get("/unread")
def unread_page(
    request: Request,
    page: int = Query(1, ge=1, le=10_000),
    user: User = Depends(require_user),
    svc: Services = Depends(services),
) -> Response:
    items = svc.store.user_articles(
        user.id, view="unread", limit=PAGE_SIZE + 1, offset=(page - 1) * PAGE_SIZE
    )
    return article_list(
        request,
        svc,
        "list.html",
        items,
        page,
        title="Unread",
        empty="You are all caught up.",
        folders=svc.store.list_folders(user.id),
    )


@router.get("/starred")
def starred_page(
    request: Request,
    page: int = Query(1, ge=1, le=10_000),
    user: User = Depends(require_user),
    svc: Services = Depends(services),
) -> Response:
    items = svc.store.user_articles(
        user.id, view="starred", limit=PAGE_SIZE + 1, offset=(page - 1) * PAGE_SIZE
    )
    return article_list(
        request,
        svc,
        "list.html",
        items,
        page,
        title="Starred",
        empty="Star articles (press s) to keep them here and offline.",
    )


@router.get("/folders/{folder_id}")
def folder_page(
    request: Request,
    folder_id: int,
    page: int = Query(1, ge=1, le=10_000),
    user: User = Depends(require_user),
    svc: Services = Depends(services),
) -> Response:
    folder = _folder(svc, user, folder_id)
    items = svc.store.user_articles(
        user.id, folder_id=folder.id, limit=PAGE_SIZE + 1, offset=(page - 1) * PAGE_SIZE
    )
    token = folder_token(svc.secret, user.id, folder.id)
    return article_list(
        request,
        svc,
        "list.html",
        items,
        page,
        title=folder.name,
        feeds_out=alternates(folder.name, f"/folders/{folder.id}/feed", token=token),
    )


@router.get("/subscriptions")
def subscriptions_page(
    request: Request, user: User = Depends(require_user), svc: Services = Depends(services)
) -> Response:
    subs = {s.feed_id: s for s in svc.store.list_subscriptions(user.id)}
    return render(
        request,
        "subscriptions.html",
        title="Subscriptions",
        subs=subs,
        feeds=svc.store.list_feeds(),
        folders=svc.store.list_folders(user.id),
    )


@router.post("/subscriptions")
def subscribe(
    feed_id: int = Form(...),
    folder: str = Form("", max_length=200),
    user: User = Depends(require_user),
    svc: Services = Depends(services),
) -> Response:
    if svc.store.get_feed(feed_id) is None:
        raise HTTPException(404, "No such feed")
    folder_id = svc.store.folder_for(user.id, folder.strip()).id if folder.strip() else None
    svc.store.subscribe(user.id, feed_id, folder_id=folder_id)
    return redirect("/subscriptions")


@router.post("/subscriptions/{feed_id}/delete")
def unsubscribe(
    feed_id: int, user: User = Depends(require_user), svc: Services = Depends(services)
) -> Response:
    if not svc.store.unsubscribe(user.id, feed_id):
        raise HTTPException(404, "You are not subscribed to that feed")
    return redirect("/subscriptions")


@router.post("/subscriptions/{feed_id}/folder")
def move_subscription(
    feed_id: int,
    folder: str = Form("", max_length=200),
    user: User = Depends(require_user),
    svc: Services = Depends(services),
) -> Response:
    if svc.store.get_subscription(user.id, feed_id) is None:
        raise HTTPException(404, "You are not subscribed to that feed")
    if folder.strip():
        svc.store.update_subscription(
            user.id, feed_id, folder_id=svc.store.folder_for(user.id, folder.strip()).id
        )
    else:
        svc.store.update_subscription(user.id, feed_id, clear_folder=True)
    return redirect("/subscriptions")


@router.post("/folders/{folder_id}/rename")
def rename_folder(
    folder_id: int,
    name: str = Form(..., min_length=1, max_length=200),
    user: User = Depends(require_user),
    svc: Services = Depends(services),
) -> Response:
    if not svc.store.rename_folder(user.id, folder_id, name.strip()):
        raise HTTPException(404, "No such folder")
    return redirect("/subscriptions")


@router.post("/folders/{folder_id}/delete")
def delete_folder(
    folder_id: int, user: User = Depends(require_user), svc: Services = Depends(services)
) -> Response:
    if not svc.store.delete_folder(user.id, folder_id):
        raise HTTPException(404, "No such folder")
    return redirect("/subscriptions")


def _state_reply(request: Request, article_id: int, read: bool, starred: bool) -> Response:
    if request.headers.get("hx-request"):
        return render(request, "_actions.html", article_id=article_id, read=read, starred=starred)
    if request.headers.get("accept", "").startswith("application/json"):
        return JSONResponse({"id": article_id, "read": read, "starred": starred})
    return redirect(f"/articles/{article_id}")


def _toggle(
    request: Request, svc: Services, user: User, article_id: int, which: str, on: str
) -> Response:
    """Star/unstar or mark read/unread one article for this reader ("toggle", "1" or "0")."""
    if svc.store.get_article(article_id) is None:
        raise HTTPException(404, "No such article")
    read, starred = svc.store.article_states_for(user.id, [article_id]).get(
        article_id, (False, False)
    )
    if which == "starred":
        starred = not starred if on == "toggle" else on == "1"
        svc.store.set_article_state(user.id, [article_id], starred=starred)
    else:
        read = not read if on == "toggle" else on == "1"
        svc.store.set_article_state(user.id, [article_id], read=read)
    return _state_reply(request, article_id, read, starred)


@router.post("/articles/{article_id}/star")
def star(
    request: Request,
    article_id: int,
    on: str = Query("toggle", pattern="^(toggle|1|0)$"),
    user: User = Depends(require_user),
    svc: Services = Depends(services),
) -> Response:
    return _toggle(request, svc, user, article_id, "starred", on)


@router.post("/articles/{article_id}/read")
def mark_read(
    request: Request,
    article_id: int,
    on: str = Query("toggle", pattern="^(toggle|1|0)$"),
    user: User = Depends(require_user),
    svc: Services = Depends(services),
) -> Response:
    return _toggle(request, svc, user, article_id, "read", on)


@router.get("/feeds")
def feeds_page(request: Request, svc: Services = Depends(services)) -> Response:
    return render(request, "feeds.html", feeds=svc.store.list_feeds(), title="Feeds")


@router.post("/feeds")
async def add_feed(
    request: Request,
    url: str = Form(..., max_length=2048),
    svc: Services = Depends(services),
) -> Response:
    user = await run_in_threadpool(current_user, request)
    if user is None:
        return redirect("/signin?next=/feeds")
    error: str | None = None
    if svc.pipeline is None:
        error = "the fetcher is not running"
    else:
        try:
            feed, _created = await discover_and_add(svc.pipeline, url.strip())
        except SubscribeError as exc:
            error = str(exc)
            if url.strip().startswith(("http://", "https://")):
                # Not a feed and no feed to discover: a single article page is saved as is.
                try:
                    article, _new = await save_single_article(svc.pipeline, url.strip())
                except SubscribeError:
                    pass
                else:
                    return redirect(f"/articles/{article.id}")
        else:
            await run_in_threadpool(svc.store.subscribe, user.id, feed.id)
            await svc.pipeline.refresh_feed(feed)
            return redirect(f"/feeds?added={quote(str(feed.id))}")
    feeds = await run_in_threadpool(svc.store.list_feeds)
    return render(
        request, "feeds.html", status=422, feeds=feeds, error=error, url=url, title="Feeds"
    )
