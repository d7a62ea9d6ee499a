"""The demo site's HTTP server: a stdlib threading server over the pre-rendered resources.

It answers GET and HEAD, conditional requests (ETag / Last-Modified, 304), redirects a section
path without its trailing slash, and 404s everything else, which is all a feed reader asks of a
news site. POSTs to the hub path go to the WebSub hub (hub.py), the one part that reaches out:
to the callbacks subscribers name, nowhere else.
"""

from __future__ import annotations

import threading
from datetime import datetime
from email.utils import format_datetime, parsedate_to_datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

from broadsheet.demo.hub import Hub, HubRequestError
from broadsheet.demo.site import HUB_PATH, Resource

MAX_FORM_BYTES = 64 * 1024


def not_modified(
    resource: Resource, if_none_match: str | None, if_modified_since: str | None
) -> bool:
    """RFC 9110 precedence: If-None-Match decides when present, else If-Modified-Since."""
    if if_none_match is not None:
        tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return "*" in tags or resource.etag in tags
    if if_modified_since is not None:
        try:
            since = parsedate_to_datetime(if_modified_since)
        except (TypeError, ValueError):
            return False
        if since.tzinfo is None:
            return False
        return _seconds(resource.last_modified) <= since
    return False


def _seconds(when: datetime) -> datetime:
    return when.replace(microsecond=0)


class _Handler(BaseHTTPRequestHandler):
    server: DemoHTTPServer
    protocol_version = "HTTP/1.1"
    # Headers and body go out in separate writes; with Nagle on, a keep-alive client waits for
    # the delayed ACK (~40 ms) on every request.
    disable_nagle_algorithm = True
    server_version = "BroadsheetDemo/1.0"

    def do_GET(self) -> None:
        self._respond(with_body=True)

    def do_HEAD(self) -> None:
        self._respond(with_body=False)

    def do_POST(self) -> None:
        """A WebSub subscription request: 202 when accepted for checking, 4xx otherwise."""
        path = urlsplit(self.path).path
        hub = self.server.hub
        text = "text/plain; charset=utf-8"
        if path != HUB_PATH or hub is None:
            self.close_connection = True  # the body is not read
            self._send(HTTPStatus.METHOD_NOT_ALLOWED, b"", text, True, {"Allow": "GET, HEAD"})
            return
        length = int(self.headers.get("Content-Length") or 0)
        media_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if length > MAX_FORM_BYTES or media_type != "application/x-www-form-urlencoded":
            self.close_connection = True
            message = b"expected an application/x-www-form-urlencoded form"
            self._send(HTTPStatus.BAD_REQUEST, message, text, True)
            return
        form = dict(parse_qsl(self.rfile.read(length).decode("utf-8", "replace")))
        try:
            hub.handle_request(form)
        except HubRequestError as exc:
            self._send(HTTPStatus.BAD_REQUEST, str(exc).encode(), text, True)
            return
        self._send(HTTPStatus.ACCEPTED, b"", text, True)

    def _respond(self, *, with_body: bool) -> None:
        path = urlsplit(self.path).path or "/"
        resources = self.server.resources
        resource = resources.get(path)
        if resource is None:
            if not path.endswith("/") and path + "/" in resources:
                self._send(
                    HTTPStatus.MOVED_PERMANENTLY,
                    b"",
                    "text/plain",
                    with_body,
                    {"Location": path + "/"},
                )
            else:
                body = b"<!DOCTYPE html><html><body><h1>404 Not Found</h1></body></html>"
                self._send(HTTPStatus.NOT_FOUND, body, "text/html; charset=utf-8", with_body)
            return
        validators = {
            "ETag": resource.etag,
            "Last-Modified": format_datetime(_seconds(resource.last_modified), usegmt=True),
            "Cache-Control": "max-age=300",
        }
        if resource.links:
            validators["Link"] = ", ".join(resource.links)
        if not_modified(
            resource, self.headers.get("If-None-Match"), self.headers.get("If-Modified-Since")
        ):
            self.send_response(HTTPStatus.NOT_MODIFIED)
            for name, value in validators.items():
                self.send_header(name, value)
            self.end_headers()
            return
        self._send(HTTPStatus.OK, resource.body, resource.content_type, with_body, validators)

    def _send(
        self,
        status: HTTPStatus,
        body: bytes,
        content_type: str,
        with_body: bool,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if with_body:
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the demo prints its own progress, and tests should not spam stderr."""


class DemoHTTPServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int]) -> None:
        super().__init__(address, _Handler)
        self.resources: dict[str, Resource] = {}
        self.hub: Hub | None = None


def serve_in_thread(server: DemoHTTPServer) -> threading.Thread:
    thread = threading.Thread(target=server.serve_forever, name="broadsheet-demo-site", daemon=True)
    thread.start()
    return thread
