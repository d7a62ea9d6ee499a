"""Request ids, access logs and HTTP latency metrics for every web request.

A plain ASGI middleware (not BaseHTTPMiddleware, which buffers streaming responses). The id
comes from a well-formed incoming `X-Request-ID` (so a proxy's id carries through) or is made
here; it is echoed in the response and stamped on every log record of the request.

The access log names the *route template* (`/articles/{article_id}`), never the raw path or
query string: paths and queries can carry tokens (feed keys, `?api_key=`), templates cannot.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from broadsheet.ops.logs import request_id_var
from broadsheet.ops.metrics import Metrics

access_log = logging.getLogger("broadsheet.access")

_VALID_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
UNMATCHED = "(unmatched)"


def route_template(scope: Scope) -> str:
    """The path pattern of the route that served this request, or "(unmatched)"."""
    route: Any = scope.get("route")
    path = getattr(route, "path_format", None) or getattr(route, "path", None)
    if isinstance(path, str) and path:
        mount = scope.get("root_path", "") or ""
        return mount + path if not path.startswith(mount) else path
    return UNMATCHED


class RequestIdMiddleware:
    def __init__(self, app: ASGIApp, metrics: Metrics | None = None) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = _header(scope, b"x-request-id")
        request_id = incoming if incoming and _VALID_ID.match(incoming) else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        token = request_id_var.set(request_id)
        status = 500
        start = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
                headers = list(message.get("headers", []))
                headers.append((b"x-request-id", request_id.encode("ascii")))
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            elapsed = time.perf_counter() - start
            route = route_template(scope)
            if self.metrics is not None:
                self.metrics.observe_http(scope.get("method", "GET"), route, status, elapsed)
            access_log.info(
                "%s %s %d %.1fms",
                scope.get("method", "GET"),
                route,
                status,
                elapsed * 1000,
                extra={
                    "method": scope.get("method", "GET"),
                    "route": route,
                    "status": status,
                    "duration_ms": round(elapsed * 1000, 1),
                },
            )
            request_id_var.reset(token)


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            try:
                return bytes(value).decode("ascii")
            except UnicodeDecodeError:
                return None
    return None
