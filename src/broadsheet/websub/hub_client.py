"""Asking a hub to (un)subscribe: one form POST, through the same SSRF-guarded transport that
every fetch uses (a hub URL comes from a feed, i.e. from a stranger)."""

from __future__ import annotations

import httpcore
import httpx

from broadsheet.config import Settings
from broadsheet.fetch.guard import AddressPolicy
from broadsheet.fetch.transport import AddressRefused, GuardedTransport, ResolveFailed


class HubError(Exception):
    """The hub could not be reached or refused the request."""


async def send_hub_request(
    settings: Settings,
    *,
    hub: str,
    topic: str,
    callback: str,
    mode: str,
    secret: str | None = None,
    lease_seconds: int | None = None,
) -> None:
    form = {"hub.mode": mode, "hub.topic": topic, "hub.callback": callback}
    if secret:
        form["hub.secret"] = secret
    if lease_seconds:
        form["hub.lease_seconds"] = str(lease_seconds)
    transport = GuardedTransport(AddressPolicy.from_allow_list(settings.allow_private_hosts))
    async with httpx.AsyncClient(
        transport=transport,
        timeout=httpx.Timeout(settings.fetch_timeout_s),
        headers={"User-Agent": settings.user_agent},
        follow_redirects=False,
        trust_env=False,
    ) as http:
        try:
            response = await http.post(hub, data=form)
        except (
            httpx.HTTPError,
            httpcore.NetworkError,
            httpcore.TimeoutException,
            httpcore.ProtocolError,
            AddressRefused,
            ResolveFailed,
            OSError,
        ) as exc:
            raise HubError(f"hub {hub} unreachable: {exc}") from exc
    if not 200 <= response.status_code < 300:
        raise HubError(f"hub {hub} answered {response.status_code}: {response.text[:200]}")
