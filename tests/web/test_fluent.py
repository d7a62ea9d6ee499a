"""The optional LLM path of the question box, against an OpenAI-compatible endpoint on loopback.

The endpoint is a stand-in written here: no model weights can run on these machines. It checks
that the page answers at once with the quotes, fills a fluent rewrite in later, caches it, and
shows nothing extra when the endpoint is down.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from fastapi.testclient import TestClient

from broadsheet.config import Settings
from broadsheet.store import Store
from broadsheet.web import create_app
from web.conftest import csrf_of
from web.test_reading import _story


class StandIn:
    """An OpenAI-compatible /v1/chat/completions that always gives the same cited answer."""

    def __init__(self) -> None:
        self.requests: list[dict[str, object]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length", "0"))
                outer.requests.append(json.loads(self.rfile.read(length) or b"{}"))
                content = "Farmers welcomed the early rain [1]."
                body = json.dumps(
                    {"choices": [{"message": {"role": "assistant", "content": content}}]}
                ).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base_url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def llm() -> Iterator[StandIn]:
    stand_in = StandIn()
    try:
        yield stand_in
    finally:
        stand_in.server.shutdown()


def ask(client: TestClient, article_id: int) -> str:
    token = csrf_of(client, f"/articles/{article_id}")
    hx = {"hx-request": "true", "x-csrf-token": token}
    reply = client.post(
        f"/articles/{article_id}/ask", data={"question": "Who welcomed the rain?"}, headers=hx
    )
    assert reply.status_code == 200
    return reply.text


def test_fluent_answer_is_filled_in_later_and_cached(
    settings: Settings, store: Store, llm: StandIn
) -> None:
    ids = _story(store)
    configured = replace(settings, llm_url=llm.base_url, llm_model="stand-in")
    with TestClient(
        create_app(configured, store, poll=False), headers={"accept": "text/html"}
    ) as client:
        fragment = ask(client, ids["hindu"])
        assert "<blockquote" in fragment, "the quotes come at once, without waiting for the model"
        assert not llm.requests, "the model is not called while the reader waits"
        url = re.search(r'hx-get="(/ask/fluent/[^"]+)"', fragment)
        assert url, fragment
        fluent = client.get(url.group(1))
        assert "Farmers welcomed the early rain [1]." in fluent.text
        assert len(llm.requests) == 1
        again = ask(client, ids["hindu"])
        second = re.search(r'hx-get="(/ask/fluent/[^"]+)"', again)
        assert second and "Farmers welcomed" in client.get(second.group(1)).text
        assert len(llm.requests) == 1, "the same question on the same quotes is cached"


def test_without_an_endpoint_or_when_it_is_down_only_quotes_show(
    settings: Settings, store: Store
) -> None:
    ids = _story(store)
    with TestClient(
        create_app(settings, store, poll=False), headers={"accept": "text/html"}
    ) as client:
        assert "/ask/fluent/" not in ask(client, ids["hindu"])
    down = replace(settings, llm_url="http://127.0.0.1:9", llm_model="x", llm_timeout_s=2.0)
    with TestClient(create_app(down, store, poll=False), headers={"accept": "text/html"}) as client:
        fragment = ask(client, ids["hindu"])
        url = re.search(r'hx-get="(/ask/fluent/[^"]+)"', fragment)
        assert url
        reply = client.get(url.group(1))
        assert reply.status_code == 200 and reply.text == ""


def test_story_summary_gets_a_fluent_rewrite_with_the_same_citations(
    settings: Settings, store: Store, llm: StandIn
) -> None:
    ids = _story(store)
    store.save_story_summary(
        ids["story"],
        [
            {
                "text": "Monsoon rains reached Kerala on Monday.",
                "article_key": str(ids["hindu"]),
                "publisher": "The Hindu",
                "published": None,
                "url": f"/articles/{ids['hindu']}",
            }
        ],
    )
    configured = replace(settings, llm_url=llm.base_url, llm_model="stand-in")
    with TestClient(
        create_app(configured, store, poll=False), headers={"accept": "text/html"}
    ) as client:
        page = client.get(f"/stories/{ids['story']}").text
        assert "Monsoon rains reached Kerala on Monday." in page  # extractive, at once
        assert not llm.requests
        url = re.search(r'hx-get="(/stories/\d+/summary/fluent)"', page)
        assert url, "the page asks for the rewrite after loading"
        fluent = client.get(url.group(1))
        assert "Farmers welcomed the early rain [1]." in fluent.text and "The Hindu" in fluent.text
    with TestClient(
        create_app(settings, store, poll=False), headers={"accept": "text/html"}
    ) as client:
        assert "/summary/fluent" not in client.get(f"/stories/{ids['story']}").text
