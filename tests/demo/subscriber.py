"""A WebSub subscriber's callback on loopback, for testing the demo hub over real sockets.

GET answers intent checks: it echoes `hub.challenge` when `accept` is true, and answers 404
otherwise (a callback that did not ask for the subscription). POST records each push (body and
headers) and answers 204. Every GET's query is kept, so tests can read what the hub asked.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from urllib.parse import parse_qsl, urlsplit


@dataclass(frozen=True, slots=True)
class Push:
    body: bytes
    headers: dict[str, str]  # lower-cased names


@dataclass
class Callback:
    accept: bool = True
    checks: list[dict[str, str]] = field(default_factory=list)
    pushes: list[Push] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._lock = threading.Condition()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                query = dict(parse_qsl(urlsplit(self.path).query))
                with owner._lock:
                    owner.checks.append(query)
                    owner._lock.notify_all()
                body = query.get("hub.challenge", "").encode() if owner.accept else b"no"
                self.send_response(200 if owner.accept else 404)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                headers = {k.lower(): v for k, v in self.headers.items()}
                with owner._lock:
                    owner.pushes.append(Push(body, headers))
                    owner._lock.notify_all()
                self.send_response(204)
                self.end_headers()

            def log_message(self, format: str, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/websub/1?feed=ledger"

    def __enter__(self) -> Callback:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._server.shutdown()
        self._server.server_close()
