"""The bench's loopback feed site in its own process, cheap enough never to be the bottleneck.

The threaded FixtureServer (tests/scale/support.py) records every request, which the tests
need, but costs a thread and several Python-level parses per request inside the process being
measured. For bench/scale.py this server instead runs in a child process on a bare asyncio
protocol: every response (200 with the feed, 304 Not Modified) is built once at start, a
request costs one header scan and one write, connections are kept alive, and pipelined
requests are answered in order. It serves the same feeds as `FeedSite` (same bodies, same
ETags), so a store filled from either is the same.

    python -m tests.scale.fastsite --feeds 10000 [--per-feed 2]   # prints "PORT <n>" when ready

`GET /_stats` answers JSON: requests served, how many were 304, and how many were 200.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path
from types import TracebackType

from tests.scale.feedxml import FeedCounts, feed_etag, feed_xml

_REQUEST_LINE = re.compile(rb"^GET (\S+) HTTP/1\.[01]\r\n", re.ASCII)
_IF_NONE_MATCH = re.compile(rb"\r\nif-none-match:[ \t]*([^\r\n]*)", re.IGNORECASE)
_NOT_FOUND = b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"


class _Site:
    def __init__(self, feeds: int, per_feed: int, base_url: str) -> None:
        self.full: dict[bytes, tuple[bytes, bytes]] = {}  # path -> (etag, 200 response)
        self.not_modified: dict[bytes, bytes] = {}
        self.served = 0
        self.served_304 = 0
        for i in range(feeds):
            path = f"/feeds/{i}.xml".encode()
            etag = feed_etag(i).encode()
            body = feed_xml(base_url, i, feeds, per_feed)
            head = (
                b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml; charset=utf-8\r\n"
                b"ETag: " + etag + b"\r\nContent-Length: " + str(len(body)).encode() + b"\r\n\r\n"
            )
            self.full[path] = (etag, head + body)
            self.not_modified[path] = b"HTTP/1.1 304 Not Modified\r\nETag: " + etag + b"\r\n\r\n"

    def answer(self, head: bytes) -> bytes:
        self.served += 1
        line = _REQUEST_LINE.match(head)
        if line is None:
            return _NOT_FOUND
        path = line.group(1).split(b"?", 1)[0]
        found = self.full.get(path)
        if found is None:
            if path == b"/_stats":
                stats = json.dumps(
                    {
                        "served": self.served,
                        "not_modified": self.served_304,
                        "full": self.served - self.served_304,
                    }
                ).encode()
                return (
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                    + str(len(stats)).encode()
                    + b"\r\n\r\n"
                    + stats
                )
            return _NOT_FOUND
        etag, response = found
        match = _IF_NONE_MATCH.search(head)
        if match is not None and match.group(1).strip() == etag:
            self.served_304 += 1
            return self.not_modified[path]
        return response


class FastFeedSite(FeedCounts):
    """Starts this server in a child process; `with FastFeedSite(10_000) as site: site.feed_url(0)`.

    Same feeds, URLs and counts as `FeedSite`, without its request log (see `stats`)."""

    def __init__(self, feeds: int, per_feed: int = 2) -> None:
        self.feeds = feeds
        self.per_feed = per_feed
        self.base_url = ""
        self._proc: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> FastFeedSite:
        repo = str(Path(__file__).resolve().parents[2])
        env = dict(os.environ)
        env["PYTHONPATH"] = repo + os.pathsep + env.get("PYTHONPATH", "")
        command = [sys.executable, "-m", "tests.scale.fastsite", "--feeds", str(self.feeds)]
        command += ["--per-feed", str(self.per_feed)]
        self._proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, cwd=repo)
        assert self._proc.stdout is not None
        line = self._proc.stdout.readline().decode().split()
        if len(line) != 2 or line[0] != "PORT":
            self._proc.kill()
            raise RuntimeError(f"feed site did not start: {line!r}")
        self.base_url = f"http://127.0.0.1:{line[1]}"
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._proc is not None:
            self._proc.send_signal(signal.SIGTERM)
            self._proc.wait(timeout=10)

    @property
    def pid(self) -> int:
        assert self._proc is not None
        return self._proc.pid

    def feed_url(self, i: int) -> str:
        return f"{self.base_url}/feeds/{i}.xml"

    def stats(self) -> dict[str, int]:
        with urllib.request.urlopen(self.base_url + "/_stats", timeout=10) as response:
            data = json.loads(response.read())
        return {str(k): int(v) for k, v in data.items()}


class _Connection(asyncio.Protocol):
    def __init__(self, site: _Site) -> None:
        self._site = site
        self._buffer = b""
        self._transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self._transport = transport

    def data_received(self, data: bytes) -> None:
        self._buffer += data
        replies: list[bytes] = []
        while True:
            end = self._buffer.find(b"\r\n\r\n")
            if end < 0:
                break
            replies.append(self._site.answer(self._buffer[: end + 2]))
            self._buffer = self._buffer[end + 4 :]
        if replies and self._transport is not None:
            self._transport.write(b"".join(replies))


async def _serve(feeds: int, per_feed: int, port: int) -> None:
    loop = asyncio.get_running_loop()
    holder: list[_Site] = []
    server = await loop.create_server(
        lambda: _Connection(holder[0]), "127.0.0.1", port, backlog=1024, reuse_address=True
    )
    bound = server.sockets[0].getsockname()[1]
    holder.append(_Site(feeds, per_feed, f"http://127.0.0.1:{bound}"))
    stop = asyncio.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    print(f"PORT {bound}", flush=True)
    async with server:
        await stop.wait()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--feeds", type=int, required=True)
    parser.add_argument("--per-feed", type=int, default=2)
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args(argv)
    asyncio.run(_serve(args.feeds, args.per_feed, args.port))
    sys.exit(0)


if __name__ == "__main__":
    main()
