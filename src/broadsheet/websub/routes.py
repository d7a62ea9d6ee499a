"""The callback a hub talks to: GET verifies our intent, POST delivers a signed push.

Mount with `install(app, settings, store)`; the callback URL is `<public_url>/websub/<lease id>`.
A push whose signature does not verify is acknowledged (202, as the spec asks, so the hub does
not retry it) and otherwise ignored; a valid one makes the feed due now, so the ordinary
pipeline fetches and stores what is new (and `on_push`, when given, may start that at once).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import PlainTextResponse, Response

from broadsheet.config import Settings
from broadsheet.store import Store
from broadsheet.store.base import utcnow
from broadsheet.websub.protocol import check_intent, signature_valid

log = logging.getLogger(__name__)

router = APIRouter(include_in_schema=False)

PushHook = Callable[[int], None]  # feed id; called after a valid push


@dataclass(slots=True)
class WebSubState:
    settings: Settings
    store: Store
    on_push: PushHook | None = None


def install(
    app: FastAPI, settings: Settings, store: Store, on_push: PushHook | None = None
) -> None:
    app.state.websub = WebSubState(settings, store, on_push)
    app.include_router(router)


def _state(request: Request) -> WebSubState:
    state = request.app.state.websub
    assert isinstance(state, WebSubState)
    return state


@router.get("/websub/{lease_id}")
async def verify(lease_id: int, request: Request) -> Response:
    state = _state(request)
    lease = await asyncio.to_thread(state.store.get_websub, lease_id)
    if lease is None:
        return PlainTextResponse("unknown subscription", status_code=404)
    result = check_intent(dict(request.query_params), lease)
    if not result.ok:
        log.info("WebSub verification refused for %s: %s", lease.topic, result.reason)
        return PlainTextResponse("not confirmed", status_code=404)
    if result.mode == "denied":
        log.warning("hub %s denied %s: %s", lease.hub, lease.topic, result.reason)
        await asyncio.to_thread(state.store.set_websub_state, lease.id, "denied")
        return PlainTextResponse("ok")
    if result.mode == "subscribe":
        seconds = result.lease_seconds or 0
        await asyncio.to_thread(
            state.store.set_websub_state,
            lease.id,
            "verified",
            lease_seconds=seconds,
            expires_at=utcnow() + timedelta(seconds=seconds),
        )
    return PlainTextResponse(result.challenge)


@router.post("/websub/{lease_id}")
async def push(lease_id: int, request: Request) -> Response:
    state = _state(request)
    lease = await asyncio.to_thread(state.store.get_websub, lease_id)
    if lease is None or lease.state == "unsubscribed":
        return PlainTextResponse("gone", status_code=410)
    cap = int(state.settings.fetch_max_bytes)
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > cap:
            return PlainTextResponse("too large", status_code=413)
    if lease.state != "verified" or not signature_valid(
        bytes(body), request.headers.get("x-hub-signature"), lease.secret
    ):
        log.warning("ignored an unverified WebSub push for %s", lease.topic)
        return PlainTextResponse("ignored", status_code=202)
    await asyncio.to_thread(state.store.record_websub_push, lease.id, utcnow())
    await asyncio.to_thread(state.store.schedule_feed_now, lease.feed_id)
    if state.on_push is not None:
        state.on_push(lease.feed_id)
    return PlainTextResponse("accepted", status_code=202)
