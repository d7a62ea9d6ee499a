"""`/fever/?api&…`: one endpoint whose query flags say what to return or change.

Authentication is the `api_key` form field, md5("user:app password"); a wrong or missing key
answers `{"api_version": 3, "auth": 0}` with HTTP 200, as the protocol requires.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from broadsheet.store import Store
from broadsheet.store.apikeys import StreamQuery
from broadsheet.store.users import User
from broadsheet.web.fever import render
from broadsheet.web.greader.params import Params, read_params
from broadsheet.web.rest.credentials import user_for_fever_key
from broadsheet.web.services import services

router = APIRouter(include_in_schema=False)

API_VERSION = 3
PAGE = 50  # items per request, fixed by the protocol


def _int(value: str) -> int | None:
    value = value.strip()
    if value.lstrip("-").isdigit():
        return int(value)
    return None


def _ids(value: str) -> list[int]:
    ids = [_int(v) for v in value.split(",")]
    return [i for i in ids if i is not None and i > 0]


def _last_refreshed(store: Store, user_id: int) -> int:
    times = [s for s in _feed_times(store, user_id).values()]
    return max(times, default=0)


def _feed_times(store: Store, user_id: int) -> dict[int, int]:
    out: dict[int, int] = {}
    for sub in store.list_subscriptions(user_id):
        feed = store.get_feed(sub.feed_id)
        if feed is not None and feed.last_fetched_at is not None:
            out[sub.feed_id] = int(feed.last_fetched_at.timestamp())
    return out


def _id_list(store: Store, q: StreamQuery) -> str:
    q.order = "id_asc"
    return ",".join(str(aid) for aid, _ in store.stream_refs(q))


def _before(params: Params) -> datetime | None:
    raw = _int(params.get("before"))
    if raw is None or raw <= 0:
        return None
    return datetime.fromtimestamp(min(raw, 253_402_300_799), UTC)


def _mark(store: Store, user: User, params: Params, out: dict[str, Any]) -> None:
    kind, action = params.get("mark"), params.get("as")
    target = _int(params.get("id"))
    if target is None:
        return
    if kind == "item":
        if store.visible_article_ids(user.id, [target]) != {target}:
            return
        changes = {
            "read": {"read": True},
            "unread": {"read": False},
            "saved": {"starred": True},
            "unsaved": {"starred": False},
        }.get(action)
        if changes:
            store.set_states_bulk(user.id, [target], **changes)
    elif kind in ("feed", "group") and action == "read":
        q = StreamQuery(user_id=user.id, published_before=_before(params))
        if kind == "feed":
            q.feed_ids = [target]
        elif target > 0:  # group 0 is "Kindling" (everything), -1 is Sparks (also everything)
            q.folder_id = target
        store.mark_stream_read(q)
    if action in ("read", "unread"):
        out["unread_item_ids"] = _id_list(store, StreamQuery(user_id=user.id, read=False))
    elif action in ("saved", "unsaved"):
        out["saved_item_ids"] = _id_list(
            store, StreamQuery(user_id=user.id, starred=True, subscribed_only=False)
        )


def _items(store: Store, user: User, params: Params) -> dict[str, Any]:
    q = StreamQuery(user_id=user.id, limit=PAGE, order="id_asc")
    with_ids = params.get("with_ids")
    if with_ids:
        wanted = _ids(with_ids)[:PAGE]
        visible = store.visible_article_ids(user.id, wanted)
        q.ids = [i for i in wanted if i in visible]
        q.subscribed_only = False
    elif params.get("max_id"):
        q.max_id = _int(params.get("max_id")) or 0
        q.order = "id_desc"
    else:
        q.min_id = _int(params.get("since_id")) or 0
    entries = store.stream_items(q)
    total = store.stream_count(StreamQuery(user_id=user.id))
    return {"items": [render.item(e) for e in entries], "total_items": total}


def _answer(store: Store, user: User, params: Params) -> dict[str, Any]:
    out: dict[str, Any] = {"api_version": API_VERSION, "auth": 1}
    if "mark" in params.values:
        _mark(store, user, params, out)
    out["last_refreshed_on_time"] = _last_refreshed(store, user.id)
    wants = set(params.values)
    subs = store.list_subscriptions(user.id) if wants & {"groups", "feeds"} else []
    if "groups" in wants:
        out["groups"] = render.groups(store.list_folders(user.id))
        out["feeds_groups"] = render.feeds_groups(subs)
    if "feeds" in wants:
        out["feeds"] = render.feeds(subs, _feed_times(store, user.id))
        out["feeds_groups"] = render.feeds_groups(subs)
    if "favicons" in wants:
        out["favicons"] = [{"id": render.FAVICON_ID, "data": render.BLANK_GIF}]
    if "items" in wants:
        out.update(_items(store, user, params))
    if "links" in wants:
        out["links"] = []
    if "unread_item_ids" in wants:
        out["unread_item_ids"] = _id_list(store, StreamQuery(user_id=user.id, read=False))
    if "saved_item_ids" in wants:
        out["saved_item_ids"] = _id_list(
            store, StreamQuery(user_id=user.id, starred=True, subscribed_only=False)
        )
    return out


@router.api_route("/fever/", methods=["GET", "POST"])
@router.api_route("/fever", methods=["GET", "POST"])
async def fever(request: Request) -> JSONResponse:
    params = await read_params(request)
    store = services(request).store
    user = await run_in_threadpool(user_for_fever_key, store, params.get("api_key"))
    if user is None:
        return JSONResponse({"api_version": API_VERSION, "auth": 0})
    return JSONResponse(await run_in_threadpool(_answer, store, user, params))
