"""Subscriptions, labels (Broadsheet's folders) and unread counts."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, BackgroundTasks, Depends, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from starlette.concurrency import run_in_threadpool

from broadsheet.feeds import OpmlError, build_opml
from broadsheet.pipeline import SubscribeError
from broadsheet.store import Store
from broadsheet.web.greader.auth import ReaderAuth, check_edit_token, reader_auth
from broadsheet.web.greader.ids import (
    READING_LIST,
    STARRED,
    label_id,
    parse_stream,
    stream_id_of_feed,
)
from broadsheet.web.greader.params import Params, read_params
from broadsheet.web.greader.render import subscription_json, usec
from broadsheet.web.rest.subscribing import export_outlines, import_opml, subscribe_url
from broadsheet.web.services import services

router = APIRouter(prefix="/reader/api/0", include_in_schema=False)

OK = "OK"


def _bad(message: str, status: int = 400) -> Response:
    return PlainTextResponse(message, status_code=status)


@router.get("/subscription/list")
def subscription_list(request: Request, auth: ReaderAuth = Depends(reader_auth)) -> Any:
    subs = services(request).store.list_subscriptions(auth.user.id)
    return {"subscriptions": [subscription_json(s) for s in subs]}


@router.api_route("/subscription/quickadd", methods=["POST"])
async def quickadd(
    request: Request, background: BackgroundTasks, auth: ReaderAuth = Depends(reader_auth)
) -> Response:
    params = await read_params(request)
    check_edit_token(auth, params)
    url = params.get("quickadd").strip()
    if url.startswith("feed/"):
        url = url[len("feed/") :]
    try:
        feed, sub, _ = await subscribe_url(
            services(request), auth.user.id, url, background=background
        )
    except SubscribeError as exc:
        return JSONResponse({"numResults": 0, "query": url, "error": str(exc)})
    return JSONResponse(
        {
            "numResults": 1,
            "query": url,
            "streamId": stream_id_of_feed(feed.id),
            "streamName": sub.title,
        }
    )


def _folder_of(store: Store, user_id: int, stream_id: str) -> int | None:
    stream = parse_stream(stream_id)
    if stream is None or stream.kind != "label":
        return None
    return store.folder_for(user_id, stream.name).id


def _edit(store: Store, user_id: int, params: Params, feed_ids: list[int]) -> None:
    title = params.get("t").strip()
    add, remove = params.get("a"), params.get("r")
    for feed_id in feed_ids:
        sub = store.get_subscription(user_id, feed_id)
        if sub is None:
            continue
        if add:
            folder_id = _folder_of(store, user_id, add)
            if folder_id is not None:
                store.update_subscription(user_id, feed_id, folder_id=folder_id)
        elif remove:
            stream = parse_stream(remove)
            if stream is not None and stream.kind == "label" and sub.folder == stream.name:
                store.update_subscription(user_id, feed_id, clear_folder=True)
        if title:
            store.update_subscription(user_id, feed_id, title=title)


@router.post("/subscription/edit")
async def subscription_edit(
    request: Request, background: BackgroundTasks, auth: ReaderAuth = Depends(reader_auth)
) -> Response:
    params = await read_params(request)
    check_edit_token(auth, params)
    store = services(request).store
    action = params.get("ac", "edit")
    streams = [parse_stream(s) for s in params.getlist("s")]
    if action == "subscribe":
        urls = [s.name for s in streams if s is not None and s.kind == "feed-url"]
        if not urls:
            return _bad("subscribe needs s=feed/<feed URL>")
        folder = parse_stream(params.get("a")) if params.get("a") else None
        try:
            for url in urls:
                await subscribe_url(
                    services(request),
                    auth.user.id,
                    url,
                    folder=folder.name if folder and folder.kind == "label" else None,
                    title=params.get("t").strip() or None,
                    background=background,
                )
        except SubscribeError as exc:
            return _bad(str(exc))
        return PlainTextResponse(OK)
    feed_ids = [s.feed_id for s in streams if s is not None and s.feed_id is not None]
    if not feed_ids:
        return _bad("s=feed/<id> is required")
    if action == "unsubscribe":
        for feed_id in feed_ids:
            await run_in_threadpool(store.unsubscribe, auth.user.id, feed_id)
        return PlainTextResponse(OK)
    if action == "edit":
        await run_in_threadpool(_edit, store, auth.user.id, params, feed_ids)
        return PlainTextResponse(OK)
    return _bad(f"unknown action {action!r}")


@router.get("/subscription/export")
def subscription_export(request: Request, auth: ReaderAuth = Depends(reader_auth)) -> Response:
    outlines = export_outlines(services(request).store, auth.user.id)
    return Response(
        build_opml(outlines, title=f"{auth.user.name} in Broadsheet"),
        media_type="text/x-opml; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="subscriptions.opml"'},
    )


@router.post("/subscription/import")
async def subscription_import(
    request: Request, auth: ReaderAuth = Depends(reader_auth)
) -> Response:
    content_type = request.headers.get("content-type", "")
    if "form" in content_type:
        form = await request.form()
        raw = form.get("opml") or form.get("file") or ""
        body = raw.encode() if isinstance(raw, str) else await raw.read()
    else:
        body = await request.body()
    try:
        added, _ = await run_in_threadpool(import_opml, services(request).store, auth.user.id, body)
    except OpmlError as exc:
        return _bad(str(exc))
    return PlainTextResponse(OK, headers={"X-Imported": str(added)})


@router.get("/tag/list")
def tag_list(request: Request, auth: ReaderAuth = Depends(reader_auth)) -> Any:
    folders = services(request).store.list_folders(auth.user.id)
    tags: list[dict[str, str]] = [{"id": STARRED}]
    tags += [{"id": label_id(f.name), "label": f.name, "type": "folder"} for f in folders]
    return {"tags": tags}


@router.post("/rename-tag")
async def rename_tag(request: Request, auth: ReaderAuth = Depends(reader_auth)) -> Response:
    params = await read_params(request)
    check_edit_token(auth, params)
    source = parse_stream(params.get("s") or params.get("t"))
    dest = parse_stream(params.get("dest"))
    if source is None or source.kind != "label" or dest is None or dest.kind != "label":
        return _bad("s and dest must be label streams (user/-/label/NAME)")
    store = services(request).store
    folders = await run_in_threadpool(store.list_folders, auth.user.id)
    found = next((f for f in folders if f.name == source.name), None)
    if found is None:
        return _bad("no such label", 404)
    target = next((f for f in folders if f.name == dest.name), None)
    if target is not None and target.id != found.id:
        return _bad("a label with that name exists", 409)
    await run_in_threadpool(store.rename_folder, auth.user.id, found.id, dest.name)
    return PlainTextResponse(OK)


@router.post("/disable-tag")
async def disable_tag(request: Request, auth: ReaderAuth = Depends(reader_auth)) -> Response:
    params = await read_params(request)
    check_edit_token(auth, params)
    store = services(request).store
    names = {s.name for s in map(parse_stream, params.getlist("s")) if s and s.kind == "label"}
    names |= {t for t in params.getlist("t") if t}
    folders = await run_in_threadpool(store.list_folders, auth.user.id)
    for folder in folders:
        if folder.name in names:
            await run_in_threadpool(store.delete_folder, auth.user.id, folder.id)
    return PlainTextResponse(OK)


@router.get("/unread-count")
def unread_count(request: Request, auth: ReaderAuth = Depends(reader_auth)) -> Any:
    store = services(request).store
    counts = store.unread_counts(auth.user.id)
    subs = {s.feed_id: s for s in store.list_subscriptions(auth.user.id)}
    rows: list[dict[str, Any]] = []
    by_label: dict[str, tuple[int, int]] = {}
    total, newest_all = 0, 0
    for c in counts:
        newest = usec(c.newest)
        rows.append(
            {
                "id": stream_id_of_feed(c.feed_id),
                "count": c.count,
                "newestItemTimestampUsec": str(newest),
            }
        )
        total += c.count
        newest_all = max(newest_all, newest)
        sub = subs.get(c.feed_id)
        if sub is not None and sub.folder:
            n, t = by_label.get(sub.folder, (0, 0))
            by_label[sub.folder] = (n + c.count, max(t, newest))
    for name, (n, t) in by_label.items():
        rows.append({"id": label_id(name), "count": n, "newestItemTimestampUsec": str(t)})
    rows.append({"id": READING_LIST, "count": total, "newestItemTimestampUsec": str(newest_all)})
    return {"max": max(total, 1000), "unreadcounts": rows}
