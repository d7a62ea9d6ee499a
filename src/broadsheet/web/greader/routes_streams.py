"""Streams (contents, item ids, item contents, Atom) and the state changes made on them."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from starlette.concurrency import run_in_threadpool

from broadsheet.models import Feed
from broadsheet.store import Store
from broadsheet.store.apikeys import StreamItem, StreamQuery
from broadsheet.store.users import Subscription
from broadsheet.web.greader.atom import render_atom
from broadsheet.web.greader.auth import ReaderAuth, check_edit_token, reader_auth
from broadsheet.web.greader.ids import parse_item_id, parse_stream
from broadsheet.web.greader.params import Params, read_params
from broadsheet.web.greader.render import item_json, usec
from broadsheet.web.greader.streams import (
    UnknownStream,
    continuation_for,
    stream_request,
)
from broadsheet.web.services import services

router = APIRouter(include_in_schema=False)
API = "/reader/api/0"

# Google Reader allowed 1000 ids per edit; more is a client bug or an attack on the database.
MAX_IDS = 10_000


class _Page:
    def __init__(self, items: list[StreamItem], continuation: str | None) -> None:
        self.items = items
        self.continuation = continuation


def _page(store: Store, user_id: int, stream_id: str, params: Params, html: bool) -> _Page:
    req = stream_request(store, user_id, stream_id, params)
    items = store.stream_items(req.query, with_html=html)
    cont = None
    if len(items) > req.count:
        items = items[: req.count]
        cont = continuation_for(items[-1].when, items[-1].article.id)
    return _Page(items, cont)


def _context(
    store: Store, user_id: int, items: list[StreamItem]
) -> tuple[dict[int, Subscription], dict[int, Feed]]:
    subs = {s.feed_id: s for s in store.list_subscriptions(user_id)}
    feeds: dict[int, Feed] = {}
    for item in items:
        fid = item.article.feed_id
        if fid is not None and fid not in subs and fid not in feeds:
            feed = store.get_feed(fid)
            if feed is not None:
                feeds[fid] = feed
    return subs, feeds


def _stream_title(store: Store, user_id: int, stream_id: str) -> tuple[str, str | None]:
    stream = parse_stream(stream_id)
    if stream is None:
        return stream_id, None
    if stream.kind == "feed" and stream.feed_id is not None:
        sub = store.get_subscription(user_id, stream.feed_id)
        if sub is not None:
            return sub.title, sub.site_url or sub.url
    if stream.kind == "label":
        return stream.name, None
    titles = {"reading-list": "Reading list", "starred": "Starred", "read": "Read"}
    return titles.get(stream.kind, stream_id), None


def _contents(
    store: Store, auth: ReaderAuth, stream_id: str, params: Params, self_url: str
) -> dict[str, Any]:
    page = _page(store, auth.user.id, stream_id, params, html=True)
    subs, feeds = _context(store, auth.user.id, page.items)
    title, site = _stream_title(store, auth.user.id, stream_id)
    body: dict[str, Any] = {
        "direction": "ltr",
        "id": stream_id,
        "title": title,
        "description": "",
        "self": [{"href": self_url}],
        "updated": usec(page.items[0].when) // 1_000_000 if page.items else 0,
        "author": auth.user.name,
        "items": [item_json(i, subs, feeds) for i in page.items],
    }
    if site:
        body["alternate"] = [{"href": site, "type": "text/html"}]
    if page.continuation:
        body["continuation"] = page.continuation
    return body


def _unknown(stream_id: str) -> Response:
    return JSONResponse({"error": f"unknown stream {stream_id!r}"}, status_code=400)


@router.api_route(API + "/stream/contents/{stream_id:path}", methods=["GET", "POST"])
@router.api_route(API + "/stream/contents", methods=["GET", "POST"])
async def stream_contents(
    request: Request, stream_id: str = "", auth: ReaderAuth = Depends(reader_auth)
) -> Response:
    params = await read_params(request)
    stream_id = stream_id or params.get("s") or "user/-/state/com.google/reading-list"
    store = services(request).store
    try:
        body = await run_in_threadpool(_contents, store, auth, stream_id, params, str(request.url))
    except UnknownStream:
        return _unknown(stream_id)
    return JSONResponse(body)


def _ids(store: Store, user_id: int, stream_id: str, params: Params) -> dict[str, Any]:
    req = stream_request(store, user_id, stream_id, params)
    refs = store.stream_refs(req.query)
    body: dict[str, Any] = {
        "itemRefs": [
            {"id": str(aid), "directStreamIds": [], "timestampUsec": str(usec(when))}
            for aid, when in refs[: req.count]
        ]
    }
    if len(refs) > req.count:
        last, when = refs[req.count - 1]
        body["continuation"] = continuation_for(when, last)
    return body


@router.api_route(API + "/stream/items/ids", methods=["GET", "POST"])
async def stream_item_ids(request: Request, auth: ReaderAuth = Depends(reader_auth)) -> Response:
    params = await read_params(request)
    stream_id = params.get("s")
    if not stream_id:
        return JSONResponse({"error": "s (stream id) is required"}, status_code=400)
    try:
        body = await run_in_threadpool(
            _ids, services(request).store, auth.user.id, stream_id, params
        )
    except UnknownStream:
        return _unknown(stream_id)
    return JSONResponse(body)


def _item_ids(params: Params) -> list[int]:
    ids = [parse_item_id(v) for v in params.getlist("i")]
    return [i for i in ids if i is not None][:MAX_IDS]


def _item_contents(store: Store, auth: ReaderAuth, ids: list[int], self_url: str) -> Any:
    visible = store.visible_article_ids(auth.user.id, ids)
    wanted = [i for i in ids if i in visible]
    q = StreamQuery(user_id=auth.user.id, ids=wanted, subscribed_only=False)
    found = {i.article.id: i for i in store.stream_items(q)}
    items = [found[i] for i in wanted if i in found]
    subs, feeds = _context(store, auth.user.id, items)
    return {
        "direction": "ltr",
        "id": "user/-/state/com.google/reading-list",
        "title": "Reading list",
        "self": [{"href": self_url}],
        "updated": max((usec(i.when) for i in items), default=0) // 1_000_000,
        "author": auth.user.name,
        "items": [item_json(i, subs, feeds) for i in items],
    }


@router.api_route(API + "/stream/items/contents", methods=["GET", "POST"])
async def stream_item_contents(
    request: Request, auth: ReaderAuth = Depends(reader_auth)
) -> Response:
    params = await read_params(request)
    body = await run_in_threadpool(
        _item_contents, services(request).store, auth, _item_ids(params), str(request.url)
    )
    return JSONResponse(body)


def _edit_tags(store: Store, user_id: int, ids: list[int], add: list[str], rm: list[str]) -> None:
    def has(tags: list[str], state: str) -> bool:
        return any(t.endswith("/state/com.google/" + state) for t in tags)

    read: bool | None = None
    if has(add, "read") or has(rm, "kept-unread"):
        read = True
    if has(rm, "read") or has(add, "kept-unread"):
        read = False
    starred: bool | None = None
    if has(add, "starred"):
        starred = True
    if has(rm, "starred"):
        starred = False
    if read is None and starred is None:
        return
    visible = store.visible_article_ids(user_id, ids)
    store.set_states_bulk(user_id, [i for i in ids if i in visible], read=read, starred=starred)


@router.post(API + "/edit-tag")
async def edit_tag(request: Request, auth: ReaderAuth = Depends(reader_auth)) -> Response:
    params = await read_params(request)
    check_edit_token(auth, params)
    ids = _item_ids(params)
    if not ids:
        return PlainTextResponse("i (item id) is required", status_code=400)
    await run_in_threadpool(
        _edit_tags,
        services(request).store,
        auth.user.id,
        ids,
        params.getlist("a"),
        params.getlist("r"),
    )
    return PlainTextResponse("OK")


def _mark_all(store: Store, user_id: int, stream_id: str, params: Params) -> None:
    marking = Params({"ot": [], "nt": params.getlist("ts"), "n": ["1"]})
    req = stream_request(store, user_id, stream_id, marking)
    store.mark_stream_read(req.query)


@router.post(API + "/mark-all-as-read")
async def mark_all_as_read(request: Request, auth: ReaderAuth = Depends(reader_auth)) -> Response:
    params = await read_params(request)
    check_edit_token(auth, params)
    stream_id = params.get("s")
    if not stream_id:
        return PlainTextResponse("s (stream id) is required", status_code=400)
    try:
        await run_in_threadpool(_mark_all, services(request).store, auth.user.id, stream_id, params)
    except UnknownStream:
        return PlainTextResponse(f"unknown stream {stream_id!r}", status_code=400)
    return PlainTextResponse("OK")


def _atom(store: Store, auth: ReaderAuth, stream_id: str, params: Params, url: str) -> bytes:
    page = _page(store, auth.user.id, stream_id, params, html=True)
    subs, _ = _context(store, auth.user.id, page.items)
    title, site = _stream_title(store, auth.user.id, stream_id)
    return render_atom(
        stream_id=stream_id,
        title=title,
        self_url=url,
        site_url=site,
        user_id=auth.user.id,
        items=page.items,
        subs=subs,
    )


@router.get("/reader/atom/{stream_id:path}")
async def atom(
    request: Request, stream_id: str, auth: ReaderAuth = Depends(reader_auth)
) -> Response:
    params = await read_params(request)
    try:
        body = await run_in_threadpool(
            _atom, services(request).store, auth, stream_id, params, str(request.url)
        )
    except UnknownStream:
        return PlainTextResponse(f"unknown stream {stream_id!r}", status_code=404)
    return Response(body, media_type="application/atom+xml; charset=utf-8")
