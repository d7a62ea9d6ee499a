"""The optional LLM path against an OpenAI-compatible HTTP endpoint on loopback.

The server here is a STAND-IN written for the test: no model weights can run on these machines,
so it speaks the OpenAI chat-completions protocol and rewrites the numbered sentences it is sent
by rule. What is tested is our side of the wire: the request we send, the citations we demand
back, and that every failure — endpoint down, too slow, malformed JSON, wrong shape, HTTP error,
an invented citation — comes back as None so the caller keeps its extractive result.
"""

from __future__ import annotations

import json
import re
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from broadsheet.enrich import CitedSentence, LlmClient

SENTENCES = [
    CitedSentence(
        text="The Queen suspended parliament for five weeks at the request of Boris Johnson.",
        article_key="a1",
        publisher="Wikinews",
        published=None,
        url="https://en.wikinews.org/wiki/a1",
    ),
    CitedSentence(
        text="The Supreme Court later ruled the suspension unlawful.",
        article_key="a2",
        publisher="Another Outlet",
        published=None,
        url="https://example.org/a2",
    ),
]


class _StandIn(BaseHTTPRequestHandler):
    """Answers /<mode>/v1/chat/completions the way a chat endpoint would, or fails on purpose."""

    requests: list[dict[str, Any]]

    def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
        pass

    def do_POST(self) -> None:
        mode = self.path.strip("/").split("/")[0]
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.requests.append(  # type: ignore[attr-defined]
            {"path": self.path, "auth": self.headers.get("Authorization"), "body": body}
        )
        if mode == "slow":
            time.sleep(2.0)
        if mode == "error":
            self._send(500, b'{"error": "model not loaded"}')
            return
        if mode == "garbage":
            self._send(200, b"{this is not json")
            return
        if mode == "shape":
            self._send(200, b'{"result": "ok"}')
            return
        user = body["messages"][-1]["content"]
        markers = re.findall(r"^\[(\d+)\]", user, flags=re.MULTILINE)
        if mode == "invented":
            content = "Parliament was suspended [1] and everyone cheered [7]."
        elif mode == "uncited":
            content = "Parliament was suspended and later the court said no."
        elif mode == "declines":
            content = "NOT ANSWERED"
        else:
            content = " ".join(f"A fluent statement [{m}]." for m in markers)
        reply = {"choices": [{"index": 0, "message": {"role": "assistant", "content": content}}]}
        self._send(200, json.dumps(reply).encode())

    def _send(self, status: int, payload: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


@pytest.fixture
def stand_in() -> Iterator[ThreadingHTTPServer]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _StandIn)
    server.daemon_threads = True
    server.requests = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def _url(server: ThreadingHTTPServer, mode: str) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}/{mode}"


async def test_summary_rewrite_keeps_the_citations(stand_in: ThreadingHTTPServer) -> None:
    async with LlmClient(_url(stand_in, "ok"), "local-model", api_key="k", timeout_s=5) as llm:
        text = await llm.rewrite_summary(SENTENCES)
    assert text is not None
    assert "[1]" in text and "[2]" in text
    sent = stand_in.requests[0]  # type: ignore[attr-defined]
    assert sent["path"] == "/ok/v1/chat/completions"
    assert sent["auth"] == "Bearer k"
    assert sent["body"]["model"] == "local-model"
    user = sent["body"]["messages"][-1]["content"]
    for n, s in enumerate(SENTENCES, start=1):  # only the retrieved sentences, numbered
        assert f"[{n}]" in user and s.text in user


async def test_answer_rewrite_sends_the_question(stand_in: ThreadingHTTPServer) -> None:
    async with LlmClient(_url(stand_in, "ok") + "/v1", "m", timeout_s=5) as llm:
        text = await llm.rewrite_answer("Who suspended parliament?", SENTENCES)
    assert text is not None and "[1]" in text
    sent = stand_in.requests[0]  # type: ignore[attr-defined]
    assert sent["path"] == "/ok/v1/chat/completions"  # "/v1" given or not, one path
    assert sent["auth"] is None
    assert "Who suspended parliament?" in sent["body"]["messages"][-1]["content"]


@pytest.mark.parametrize("mode", ["error", "garbage", "shape", "invented", "uncited"])
async def test_bad_answers_fall_back(stand_in: ThreadingHTTPServer, mode: str) -> None:
    async with LlmClient(_url(stand_in, mode), "m", timeout_s=5) as llm:
        assert await llm.rewrite_summary(SENTENCES) is None
        assert await llm.rewrite_answer("Who suspended parliament?", SENTENCES) is None


async def test_model_declining_means_no_rewrite(stand_in: ThreadingHTTPServer) -> None:
    async with LlmClient(_url(stand_in, "declines"), "m", timeout_s=5) as llm:
        assert await llm.rewrite_answer("What is the price of bitcoin?", SENTENCES) is None


async def test_slow_endpoint_times_out(stand_in: ThreadingHTTPServer) -> None:
    """The stand-in would answer well after 2 s; a None here means the client gave up first."""
    async with LlmClient(_url(stand_in, "slow"), "m", timeout_s=0.3) as llm:
        assert await llm.rewrite_summary(SENTENCES) is None


async def test_endpoint_down() -> None:
    with socket.socket() as s:  # a port that nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    async with LlmClient(f"http://127.0.0.1:{port}", "m", timeout_s=2) as llm:
        assert await llm.rewrite_summary(SENTENCES) is None
        assert await llm.rewrite_answer("Who?", SENTENCES) is None


async def test_nothing_to_rewrite_makes_no_call(stand_in: ThreadingHTTPServer) -> None:
    async with LlmClient(_url(stand_in, "ok"), "m", timeout_s=5) as llm:
        assert await llm.rewrite_summary([]) is None
        assert await llm.rewrite_answer("Who?", []) is None
    assert stand_in.requests == []  # type: ignore[attr-defined]
