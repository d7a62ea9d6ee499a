"""Translation on request through a real (loopback) OpenAI-compatible endpoint, cached."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from broadsheet.config import Settings
from broadsheet.fingerprint import content_hash
from broadsheet.models import NewArticle
from broadsheet.store import Store, open_store
from broadsheet.translate import normalize_language, translation_available
from broadsheet.translate.prompt import chunks, plausible
from broadsheet.translate.routes import TranslateState, router


class FakeLlm:
    """Answers chat completions with the user text marked as 'translated' (or with junk)."""

    def __init__(self) -> None:
        self.calls: list[dict[str, object]] = []
        self.broken = False
        llm = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                payload = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                llm.calls.append(payload)
                text = payload["messages"][1]["content"]
                answer = "" if llm.broken else "[DE] " + text
                body = json.dumps({"choices": [{"message": {"content": answer}}]}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"


@pytest.fixture
def llm() -> Iterator[FakeLlm]:
    fake = FakeLlm()
    yield fake
    fake.server.shutdown()
    fake.server.server_close()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = open_store(f"sqlite:///{tmp_path / 'b.db'}")
    yield s
    s.close()


def _client(settings: Settings, store: Store) -> TestClient:
    app = FastAPI()
    app.state.translate = TranslateState(settings, store)
    app.include_router(router)
    return TestClient(app)


def _article(store: Store) -> int:
    text = "Der erste Absatz.\n\nThe second paragraph, in English, about the budget vote."
    article, _ = store.add_article(
        NewArticle(
            url="https://e.example/a",
            title="Budget passes",
            text=text,
            language="en",
            content_hash=content_hash(text),
        )
    )
    return article.id


def test_without_an_llm_there_is_no_translation(store: Store) -> None:
    settings = Settings(llm_url="")
    assert not translation_available(settings)
    article_id = _article(store)
    response = _client(settings, store).post(f"/api/articles/{article_id}/translation?lang=de")
    assert response.status_code == 404


def test_translation_is_made_once_marked_and_cached(store: Store, llm: FakeLlm) -> None:
    settings = Settings(llm_url=llm.url, llm_model="local")
    assert translation_available(settings)
    article_id = _article(store)
    client = _client(settings, store)
    assert client.get(f"/api/articles/{article_id}/translation?lang=de").status_code == 404
    made = client.post(f"/api/articles/{article_id}/translation?lang=DE").json()
    assert made["machine_translation"] is True
    assert made["language"] == "de"
    assert made["title"] == "[DE] Budget passes"
    assert "[DE] Der erste Absatz." in made["text"]
    assert "German" in str(llm.calls[0]["messages"])
    calls = len(llm.calls)
    again = client.post(f"/api/articles/{article_id}/translation?lang=de").json()
    assert again["text"] == made["text"]
    assert len(llm.calls) == calls  # served from the cache
    cached = client.get(f"/api/articles/{article_id}/translation?lang=de")
    assert cached.status_code == 200 and cached.json()["text"] == made["text"]


def test_a_useless_answer_is_not_cached(store: Store, llm: FakeLlm) -> None:
    llm.broken = True
    settings = Settings(llm_url=llm.url)
    article_id = _article(store)
    client = _client(settings, store)
    assert client.post(f"/api/articles/{article_id}/translation?lang=de").status_code == 502
    assert store.get_translation(article_id, "de") is None


def test_bad_requests(store: Store, llm: FakeLlm) -> None:
    client = _client(Settings(llm_url=llm.url), store)
    article_id = _article(store)
    assert client.post(f"/api/articles/{article_id}/translation?lang=../x").status_code == 422
    assert client.post(f"/api/articles/{article_id}/translation?lang=en").status_code == 422
    assert client.post("/api/articles/999/translation?lang=de").status_code == 404
    assert llm.calls == []


def test_language_tags_chunks_and_plausibility() -> None:
    assert normalize_language(" pt_BR ") == "pt-br"
    assert normalize_language("german!") is None
    text = "\n\n".join(f"Paragraph {i}. " + "word " * 100 for i in range(20))
    blocks = chunks(text, limit=1200)
    assert all(len(b) <= 1200 for b in blocks)
    assert " ".join(blocks).split() == text.split()
    assert len(chunks("x" * 5000, limit=1000)) == 5
    assert plausible("Hello there, friend.", "Hallo, mein Freund.")
    assert not plausible("A long paragraph of news text. " * 10, "Ja.")
    assert not plausible("Hi", "")


def test_translation_survives_a_store_round_trip(store: Store) -> None:
    from broadsheet.translate import Translation

    article_id = _article(store)
    t = Translation(article_id, "fr", "Titre", "Texte", "m")
    store.save_translation(t)
    store.save_translation(replace(t, text="Texte 2"))
    got = store.get_translation(article_id, "fr")
    assert got is not None and got.text == "Texte 2"


def test_the_article_page_offers_translation_only_with_an_llm(
    store: Store, llm: FakeLlm, tmp_path: Path
) -> None:
    """The real app: signed-in readers see the button only when an endpoint is configured; the
    fragment it fills in is marked as machine translation."""
    import re

    from broadsheet.web import create_app
    from web.conftest import as_user, make_user

    aid = _article(store)
    user = make_user(store, "reader")
    base = Settings(data_dir=str(tmp_path), poll=False)
    german = {"accept": "text/html", "accept-language": "de-DE,de;q=0.9"}
    with TestClient(create_app(base, store, poll=False), headers=german) as plain:
        as_user(plain, user)
        assert "Translate into" not in plain.get(f"/articles/{aid}").text
    configured = Settings(data_dir=str(tmp_path), poll=False, llm_url=llm.url, llm_model="local")
    with TestClient(create_app(configured, store, poll=False), headers=german) as client:
        as_user(client, user)
        page = client.get(f"/articles/{aid}").text
        assert "Translate into de (machine translation)" in page
        token = re.search(r'name="csrf_token" value="([^"]+)"', page)
        assert token
        fragment = client.post(
            f"/articles/{aid}/translation", data={"lang": "de", "csrf_token": token.group(1)}
        )
        assert fragment.status_code == 200
        assert "Machine translation (de)" in fragment.text and "[DE]" in fragment.text
        assert len(llm.calls) >= 1
