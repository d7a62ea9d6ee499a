"""A small WebSub hub on loopback, enough to drive a subscriber through the real protocol.

On a subscription request it answers 202, then (on its own thread, as real hubs do) calls the
callback with a challenge and keeps the subscription when the challenge comes back.
`publish(topic, body)` POSTs the body to every verified subscriber, signed with its secret.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType


@dataclass
class HubSubscription:
    callback: str
    topic: str
    secret: str
    lease_seconds: int
    verified: bool = False


@dataclass
class LoopbackHub:
    lease_seconds: int = 3600
    requests: list[dict[str, str]] = field(default_factory=list)
    subscriptions: dict[tuple[str, str], HubSubscription] = field(default_factory=dict)
    verifications: list[tuple[str, int]] = field(default_factory=list)  # (callback, status)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._done = threading.Condition(self._lock)
        hub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                form = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode()))
                with hub._lock:
                    hub.requests.append(form)
                self.send_response(202)
                self.send_header("Content-Length", "0")
                self.end_headers()
                threading.Thread(target=hub._verify, args=(form,), daemon=True).start()

            def log_message(self, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/hub"

    def __enter__(self) -> LoopbackHub:
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

    def _verify(self, form: dict[str, str]) -> None:
        challenge = secrets.token_hex(8)
        query = {
            "hub.mode": form["hub.mode"],
            "hub.topic": form["hub.topic"],
            "hub.challenge": challenge,
            "hub.lease_seconds": str(self.lease_seconds),
        }
        callback = form["hub.callback"]
        url = callback + ("&" if "?" in callback else "?") + urllib.parse.urlencode(query)
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                status, body = response.status, response.read().decode()
        except urllib.error.HTTPError as exc:
            status, body = exc.code, ""
        with self._done:
            self.verifications.append((callback, status))
            key = (callback, form["hub.topic"])
            if status == 200 and body == challenge and form["hub.mode"] == "subscribe":
                self.subscriptions[key] = HubSubscription(
                    callback,
                    form["hub.topic"],
                    form.get("hub.secret", ""),
                    self.lease_seconds,
                    verified=True,
                )
            elif form["hub.mode"] == "unsubscribe" and status == 200:
                self.subscriptions.pop(key, None)
            self._done.notify_all()

    def wait_for_verifications(self, count: int, timeout_s: float = 10.0) -> None:
        with self._done:
            self._done.wait_for(lambda: len(self.verifications) >= count, timeout=timeout_s)

    def publish(self, topic: str, body: bytes, *, secret: str | None = None) -> list[int]:
        """Deliver `body` to every subscriber of `topic`; returns their HTTP statuses."""
        with self._lock:
            targets = [s for s in self.subscriptions.values() if s.topic == topic and s.verified]
        statuses = []
        for sub in targets:
            key = (secret if secret is not None else sub.secret).encode()
            signature = "sha256=" + hmac.new(key, body, hashlib.sha256).hexdigest()
            request = urllib.request.Request(
                sub.callback,
                data=body,
                method="POST",
                headers={
                    "Content-Type": "application/atom+xml",
                    "X-Hub-Signature": signature,
                    "Link": f'<{self.url}>; rel="hub", <{topic}>; rel="self"',
                },
            )
            try:
                with urllib.request.urlopen(request, timeout=10) as response:
                    statuses.append(response.status)
            except urllib.error.HTTPError as exc:
                statuses.append(exc.code)
        return statuses
