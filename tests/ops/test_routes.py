"""/metrics access rules, /readyz, request ids and access logs, through a real ASGI app."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from broadsheet.config import Settings
from broadsheet.ops.logs import JsonFormatter, configure_handler
from broadsheet.ops.routes import install
from broadsheet.store import Store, open_store
from broadsheet.store.engine import create_store_engine


@dataclass(frozen=True)
class OpsSettings(Settings):
    """The settings this feature reads (proposed for config.py; declared here until then)."""

    metrics_token: str = ""
    metrics_allow: tuple[str, ...] = ()


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[Store]:
    store = open_store(f"sqlite:///{tmp_path / 'b.db'}")
    yield store
    store.close()


def _app(store: Store, **settings: object) -> FastAPI:
    app = FastAPI()

    @app.get("/articles/{article_id}")
    def article(article_id: int) -> dict[str, int]:
        logging.getLogger("broadsheet.test").info("showing article %d", article_id)
        return {"id": article_id}

    install(app, OpsSettings(**settings), store)  # type: ignore[arg-type]
    return app


def test_metrics_are_off_until_a_token_or_network_is_set(sqlite_store: Store) -> None:
    response = TestClient(_app(sqlite_store)).get("/metrics")
    assert response.status_code == 403
    assert "METRICS_TOKEN" in response.text


def test_metrics_with_a_bearer_token(sqlite_store: Store) -> None:
    client = TestClient(_app(sqlite_store, metrics_token="s3cret-token"))
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 401
    ok = client.get("/metrics", headers={"Authorization": "Bearer s3cret-token"})
    assert ok.status_code == 200
    assert ok.headers["content-type"].startswith("text/plain; version=0.0.4")
    assert "# TYPE broadsheet_http_request_seconds histogram" in ok.text


def test_allowed_network_is_checked_on_the_peer_never_forwarded_for(sqlite_store: Store) -> None:
    app = _app(sqlite_store, metrics_allow=("10.0.0.0/8", "::1/128"))
    outside = TestClient(app, client=("203.0.113.7", 40000))
    spoofed = outside.get(
        "/metrics",
        headers={
            "X-Forwarded-For": "10.1.2.3",
            "X-Real-IP": "10.1.2.3",
            "Forwarded": "for=10.1.2.3",
        },
    )
    assert spoofed.status_code == 403
    inside = TestClient(app, client=("10.9.8.7", 40000))
    assert inside.get("/metrics").status_code == 200
    assert TestClient(app, client=("::1", 40000)).get("/metrics").status_code == 200
    assert TestClient(app, client=("testclient", 1)).get("/metrics").status_code == 403


def test_http_latencies_are_labelled_by_route_template(sqlite_store: Store) -> None:
    client = TestClient(_app(sqlite_store, metrics_token="tok"))
    client.get("/articles/41")
    client.get("/articles/42")
    client.get("/nowhere")
    text = client.get("/metrics", headers={"Authorization": "Bearer tok"}).text
    assert (
        'broadsheet_http_request_seconds_count{method="GET",'
        'route="/articles/{article_id}",status="2xx"} 2'
    ) in text
    assert 'route="(unmatched)",status="4xx"} 1' in text
    assert "/articles/41" not in text


def test_readyz_reports_the_store(sqlite_store: Store) -> None:
    assert TestClient(_app(sqlite_store)).get("/readyz").json() == {
        "status": "ready",
        "store": "ok",
    }
    unreachable = Store(create_store_engine("postgresql://nobody@127.0.0.1:1/none"))
    response = TestClient(_app(unreachable)).get("/readyz")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"


def test_request_ids_are_made_or_carried_and_stamped_on_logs(
    sqlite_store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    client = TestClient(_app(sqlite_store))
    handler = configure_handler(logging.StreamHandler(), json_lines=True)
    caplog.handler.addFilter(handler.filters[0])
    with caplog.at_level(logging.INFO):
        made = client.get("/articles/1")
        carried = client.get("/articles/2", headers={"X-Request-ID": "edge-abc.123"})
        junk = client.get("/articles/3", headers={"X-Request-ID": "bad id\twith spaces"})
    assert len(made.headers["x-request-id"]) == 32
    assert carried.headers["x-request-id"] == "edge-abc.123"
    assert junk.headers["x-request-id"] != "bad id\twith spaces"
    by_message = {r.getMessage(): r for r in caplog.records}
    assert by_message["showing article 2"].__dict__["request_id"] == "edge-abc.123"
    access = [r for r in caplog.records if r.name == "broadsheet.access"]
    assert {r.__dict__["request_id"] for r in access} >= {"edge-abc.123"}
    line = json.loads(JsonFormatter().format(access[1]))
    assert line["route"] == "/articles/{article_id}"
    assert line["status"] == 200
    assert line["request_id"] == "edge-abc.123"


def test_access_log_never_holds_query_tokens_or_paths(
    sqlite_store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    client = TestClient(_app(sqlite_store))
    with caplog.at_level(logging.INFO, logger="broadsheet.access"):
        client.get("/articles/7?api_key=hunter2hunter2&session=abcdef123456")
        client.get("/feeds/private-feed-key-998877.rss")
    text = "\n".join(JsonFormatter().format(r) for r in caplog.records)
    for secret in ("hunter2hunter2", "abcdef123456", "private-feed-key-998877"):
        assert secret not in text
