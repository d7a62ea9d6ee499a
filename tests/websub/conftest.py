"""A real Broadsheet callback server (uvicorn on loopback) and a real hub, for WebSub tests."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import uvicorn
from fastapi import FastAPI

from broadsheet.config import Settings
from broadsheet.store import Store, open_store
from broadsheet.websub.routes import install
from tests.websub.hub import LoopbackHub


@dataclass(frozen=True)
class WebSubSettings(Settings):
    """The settings WebSub reads (proposed for config.py; declared here until then)."""

    public_url: str = ""
    websub: bool = True
    websub_lease_s: int = 864000


@dataclass
class Subscriber:
    settings: Settings
    store: Store
    base_url: str
    pushed: list[int]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def subscriber(tmp_path: Path) -> Iterator[Subscriber]:
    store = open_store(f"sqlite:///{tmp_path / 'b.db'}")
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    settings = WebSubSettings(
        data_dir=str(tmp_path),
        allow_private_hosts=("127.0.0.1",),
        fetch_timeout_s=10.0,
        poll=False,
        public_url=base,
    )
    pushed: list[int] = []
    app = FastAPI()
    install(app, settings, store, on_push=pushed.append)
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    try:
        yield Subscriber(settings, store, base, pushed)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        store.close()


@pytest.fixture
def hub() -> Iterator[LoopbackHub]:
    with LoopbackHub() as running:
        yield running
