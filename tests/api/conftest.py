"""Fixtures for the reader-app API tests: a seeded store, the app in-process, and the app in a
real uvicorn on a loopback port (for clients that speak real HTTP)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient

from broadsheet.config import Settings
from broadsheet.store import Store, open_store
from broadsheet.web import create_app
from tests.api.seed import Hashes, World, build_world


@pytest.fixture(scope="session")
def hashes() -> Hashes:
    return Hashes.compute()


@pytest.fixture
def api_store(tmp_path: Path) -> Iterator[Store]:
    """SQLite only: these tests drive clients through HTTP; the store's own queries are tested
    on both engines in test_store_streams.py."""
    s = open_store(f"sqlite:///{tmp_path / 'api.db'}")
    try:
        yield s
    finally:
        s.close()


@pytest.fixture
def world(api_store: Store, hashes: Hashes) -> World:
    return build_world(api_store, hashes)


@pytest.fixture
def app(settings: Settings, api_store: Store, world: World) -> FastAPI:
    return create_app(settings, api_store, poll=False)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as c:
        yield c


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def live_url(app: FastAPI) -> Iterator[str]:
    """The app served by uvicorn on 127.0.0.1 in a thread; its base URL."""
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
