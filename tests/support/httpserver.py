"""A real HTTP server on loopback for tests: routes map a path to a canned response.

Tests of anything that fetches (the client, the pipeline, discovery) talk to this over real
sockets instead of mocking httpx, so timeouts, redirects, compression and concurrency behave as
they do against publishers. Usage::

    with FixtureServer({"/feed.xml": Route(body=b"<rss/>", headers={"Content-Type": "..."})}) as s:
        url = s.url("/feed.xml")

A route may be a `Route`, or a callable taking the `RecordedRequest` and returning a `Route`
(for conditional GET, cookies, anything that depends on the request). `delay_s` waits before the
status line; `drip` sends the body `chunk` bytes every `interval_s` seconds (slow-drip servers).
Every request is recorded in `server.requests`; `server.max_in_flight(path_prefix)` reports the
highest number of requests that were being served at once.
"""

from __future__ import annotations

import ssl
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType


@dataclass(frozen=True, slots=True)
class Route:
    status: int = 200
    body: bytes = b""
    headers: Mapping[str, str] = field(default_factory=dict)
    delay_s: float = 0.0
    drip: tuple[int, float] | None = None  # (chunk bytes, seconds between chunks)


@dataclass(frozen=True, slots=True)
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]  # lower-cased names


Handler = Route | Callable[[RecordedRequest], Route]


class FixtureServer:
    """Threaded HTTP/1.1 server on 127.0.0.1 with a free port; a context manager."""

    def __init__(
        self,
        routes: Mapping[str, Handler] | None = None,
        host: str = "127.0.0.1",
        tls: ssl.SSLContext | None = None,
    ):
        """`tls` (a server-side SSLContext with a certificate loaded) serves HTTPS instead."""
        self.routes: dict[str, Handler] = dict(routes or {})
        self.scheme = "https" if tls else "http"
        self.requests: list[RecordedRequest] = []
        self._lock = threading.Lock()
        self._in_flight: dict[str, int] = {}
        self._max_in_flight: dict[str, int] = {}
        self._server = _Server((host, 0), _make_handler(self))
        if tls is not None:
            self._server.socket = tls.wrap_socket(self._server.socket, server_side=True)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def add(self, path: str, handler: Handler) -> str:
        self.routes[path] = handler
        return self.url(path)

    def requests_to(self, path: str) -> list[RecordedRequest]:
        with self._lock:
            return [r for r in self.requests if r.path == path]

    def max_in_flight(self, path_prefix: str = "") -> int:
        with self._lock:
            return max(
                (n for p, n in self._max_in_flight.items() if p.startswith(path_prefix)),
                default=0,
            )

    def start(self) -> FixtureServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> FixtureServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # Called from handler threads.
    def _enter(self, request: RecordedRequest) -> None:
        with self._lock:
            self.requests.append(request)
            now = self._in_flight.get(request.path, 0) + 1
            self._in_flight[request.path] = now
            self._max_in_flight[request.path] = max(now, self._max_in_flight.get(request.path, 0))

    def _leave(self, request: RecordedRequest) -> None:
        with self._lock:
            self._in_flight[request.path] -= 1


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that hung up early (timeouts, byte caps) is what many tests do on purpose


def _make_handler(owner: FixtureServer) -> type[BaseHTTPRequestHandler]:
    class _Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            self._serve(send_body=True)

        def do_HEAD(self) -> None:
            self._serve(send_body=False)

        def log_message(self, format: str, *args: object) -> None:
            pass  # keep test output clean

        def _serve(self, *, send_body: bool) -> None:
            path = self.path.split("?", 1)[0]
            request = RecordedRequest(
                self.command, path, {k.lower(): v for k, v in self.headers.items()}
            )
            owner._enter(request)
            try:
                handler = owner.routes.get(path) or owner.routes.get(self.path)
                if handler is None:
                    route = Route(404, b"not found", {"Content-Type": "text/plain"})
                else:
                    route = handler if isinstance(handler, Route) else handler(request)
                self._respond(route, send_body)
            except OSError:  # the client hung up: expected in timeout and cap tests
                self.close_connection = True
            finally:
                owner._leave(request)

        def _respond(self, route: Route, send_body: bool) -> None:
            if route.delay_s:
                time.sleep(route.delay_s)
            self.send_response(route.status)
            names = {k.lower() for k in route.headers}
            for name, value in route.headers.items():
                self.send_header(name, value)
            if "content-length" not in names and route.status not in (204, 304):
                self.send_header("Content-Length", str(len(route.body)))
            self.end_headers()
            if not send_body or route.status in (204, 304):
                return
            if route.drip is None:
                self.wfile.write(route.body)
                return
            size, interval = route.drip
            for start in range(0, len(route.body), max(1, size)):
                self.wfile.write(route.body[start : start + size])
                self.wfile.flush()
                time.sleep(interval)

    return _Handler
