"""Keeping each feed's WebSub subscription alive: subscribe when a hub appears, renew before the
lease ends, and never let a hub's failure become more than a logged line (polling goes on)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Protocol

from broadsheet.config import Settings
from broadsheet.models import Feed
from broadsheet.store import Store
from broadsheet.store.base import utcnow
from broadsheet.websub.hub_client import HubError, send_hub_request
from broadsheet.websub.model import WebSubLease
from broadsheet.websub.protocol import poll_interval_s_for, renewal_due

log = logging.getLogger(__name__)

DEFAULT_LEASE_S = 10 * 24 * 3600


class HubSender(Protocol):
    def __call__(
        self,
        settings: Settings,
        *,
        hub: str,
        topic: str,
        callback: str,
        mode: str,
        secret: str | None = None,
        lease_seconds: int | None = None,
    ) -> Awaitable[None]: ...


def public_url(settings: Settings) -> str:
    return str(settings.public_url).rstrip("/")


def websub_enabled(settings: Settings) -> bool:
    """WebSub needs an address the hub can call back; without `public_url` it stays off."""
    return bool(public_url(settings)) and bool(settings.websub)


def callback_url(settings: Settings, lease: WebSubLease) -> str:
    return f"{public_url(settings)}/websub/{lease.id}"


class WebSubManager:
    def __init__(
        self,
        settings: Settings,
        store: Store,
        *,
        send: HubSender = send_hub_request,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.settings = settings
        self.store = store
        self._send = send
        self._clock = clock

    @property
    def lease_s(self) -> int:
        return int(self.settings.websub_lease_s)

    async def ensure(self, feed: Feed, hub: str | None) -> WebSubLease | None:
        """Subscribe (or renew) when the feed advertises `hub`; call after each poll."""
        if not hub or not websub_enabled(self.settings):
            return None
        lease = await asyncio.to_thread(self.store.websub_for_feed, feed.id)
        same_place = lease is not None and lease.hub == hub and lease.topic == feed.url
        if (
            lease is not None
            and same_place
            and (lease.state == "denied" or not renewal_due(lease, self._clock()))
        ):
            return lease
        secret = lease.secret if lease is not None and same_place else secrets.token_hex(32)
        lease = await asyncio.to_thread(
            self.store.upsert_websub, feed.id, hub=hub, topic=feed.url, secret=secret
        )
        try:
            await self._send(
                self.settings,
                hub=hub,
                topic=feed.url,
                callback=callback_url(self.settings, lease),
                mode="subscribe",
                secret=lease.secret,
                lease_seconds=self.lease_s,
            )
        except HubError as exc:
            log.warning("WebSub subscription for %s failed (polling goes on): %s", feed.url, exc)
        return lease

    async def unsubscribe(self, feed_id: int) -> None:
        lease = await asyncio.to_thread(self.store.websub_for_feed, feed_id)
        if lease is None or lease.state == "unsubscribed":
            return
        await asyncio.to_thread(self.store.set_websub_state, lease.id, "unsubscribed")
        try:
            await self._send(
                self.settings,
                hub=lease.hub,
                topic=lease.topic,
                callback=callback_url(self.settings, lease),
                mode="unsubscribe",
            )
        except HubError as exc:
            log.warning("WebSub unsubscribe at %s failed: %s", lease.hub, exc)

    async def subscribe_advertised(self) -> int:
        """Subscribe every feed whose last fetch named a hub (at start-up, once the callback
        URL answers); returns how many hubs were asked."""
        if not websub_enabled(self.settings):
            return 0
        feeds = await asyncio.to_thread(self.store.list_feeds)
        asked = 0
        for feed in feeds:
            if feed.hub:
                await self.ensure(feed, feed.hub)
                asked += 1
        return asked

    async def renew_due(self) -> int:
        """Renew every verified lease that is close to its end; returns how many were asked."""
        if not websub_enabled(self.settings):
            return 0
        now = self._clock()
        leases = await asyncio.to_thread(self.store.websub_leases)
        renewed = 0
        for lease in leases:
            if lease.state != "verified" or not renewal_due(lease, now):
                continue
            feed = await asyncio.to_thread(self.store.get_feed, lease.feed_id)
            if feed is None:
                continue
            await self.ensure(feed, lease.hub)
            renewed += 1
        return renewed


async def websub_forever(manager: WebSubManager, stop: asyncio.Event, every_s: float = 600) -> None:
    """Subscribe the feeds that advertise a hub, then renew leases every `every_s` seconds
    until `stop` is set (start beside the poller)."""
    # The hub verifies intent by calling us back: give the server a moment to listen first.
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), timeout=1.0)
    try:
        await manager.subscribe_advertised()
    except Exception:
        log.exception("WebSub subscriptions at start-up failed")
    while not stop.is_set():
        try:
            await manager.renew_due()
        except Exception:  # a bad hub or a store hiccup must not end the loop
            log.exception("WebSub renewal failed")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=every_s)


def poll_interval_for(settings: Settings, lease: WebSubLease | None, now: datetime) -> int:
    """Seconds until a feed's next poll, with WebSub taken into account (for the scheduler)."""
    return poll_interval_s_for(
        lease,
        now,
        normal_s=settings.poll_interval_s,
        pushed_s=int(settings.websub_poll_interval_s),
        silence_s=int(settings.websub_silence_s),
    )
