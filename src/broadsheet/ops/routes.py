"""/metrics and /readyz, and `install()`, which wires them and the request middleware into an app.

/metrics answers only to a bearer token (`metrics_token`) or to a peer inside `metrics_allow`
(CIDR networks). The peer is the socket address the ASGI server reports (`scope["client"]`);
X-Forwarded-For and friends are never read here, since any client can send them. (Run uvicorn
with `proxy_headers=False`, or it rewrites the client address from a trusted proxy's header.)
With neither configured, /metrics is off (403) rather than open.
"""

from __future__ import annotations

import asyncio
import hmac
import ipaddress
import logging
from dataclasses import dataclass

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response

from broadsheet.config import Settings
from broadsheet.ops.metrics import Metrics
from broadsheet.ops.middleware import RequestIdMiddleware
from broadsheet.store import Store

log = logging.getLogger(__name__)

router = APIRouter(include_in_schema=False)

PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
_READY_TIMEOUT_S = 5.0


@dataclass(slots=True)
class OpsState:
    settings: Settings
    store: Store
    metrics: Metrics


def install(
    app: FastAPI, settings: Settings, store: Store, metrics: Metrics | None = None
) -> Metrics:
    """Mount /metrics and /readyz, add request ids and access logs; returns the app's Metrics
    (hand it to the pipeline so polls and stages are counted)."""
    metrics = metrics or Metrics()
    app.state.ops = OpsState(settings=settings, store=store, metrics=metrics)
    app.add_middleware(RequestIdMiddleware, metrics=metrics)
    app.include_router(router)
    return metrics


def _state(request: Request) -> OpsState:
    state = request.app.state.ops
    assert isinstance(state, OpsState)
    return state


def allowed_networks(settings: Settings) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    raw: tuple[str, ...] = tuple(settings.metrics_allow)
    return [ipaddress.ip_network(item.strip(), strict=False) for item in raw if item.strip()]


def peer_allowed(host: str | None, settings: Settings) -> bool:
    if not host:
        return False
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return any(address in network for network in allowed_networks(settings))


def token_ok(request: Request, settings: Settings) -> bool:
    expected: str = settings.metrics_token
    if not expected:
        return False
    header = request.headers.get("authorization", "")
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer" or not given:
        return False
    return hmac.compare_digest(given.strip().encode(), expected.encode())


@router.get("/metrics")
def metrics_endpoint(request: Request) -> Response:
    state = _state(request)
    settings = state.settings
    peer = request.scope.get("client")
    if token_ok(request, settings) or peer_allowed(peer[0] if peer else None, settings):
        return PlainTextResponse(state.metrics.render(), media_type=PROMETHEUS_CONTENT_TYPE)
    if not settings.metrics_token and not allowed_networks(settings):
        return PlainTextResponse(
            "Metrics are off: set BROADSHEET_METRICS_TOKEN or BROADSHEET_METRICS_ALLOW.",
            status_code=403,
        )
    return PlainTextResponse(
        "Not allowed",
        status_code=401 if settings.metrics_token else 403,
        headers={"WWW-Authenticate": "Bearer"} if settings.metrics_token else {},
    )


@router.get("/readyz")
async def readyz(request: Request) -> Response:
    """200 when the store answers a query in time; 503 otherwise (take this one out of rotation)."""
    state = _state(request)
    try:
        await asyncio.wait_for(asyncio.to_thread(state.store.ping), timeout=_READY_TIMEOUT_S)
    except Exception as exc:  # any failure to reach the store is "not ready"
        log.warning("readiness check failed: %s", type(exc).__name__)
        return JSONResponse(
            {"status": "unavailable", "store": "unreachable"},
            status_code=503,
            headers={"Retry-After": "10"},
        )
    return JSONResponse({"status": "ready", "store": "ok"})
