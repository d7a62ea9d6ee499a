from __future__ import annotations

from collections.abc import Iterator

import pytest

from broadsheet.config import Settings
from support.httpserver import FixtureServer


@pytest.fixture
def server() -> Iterator[FixtureServer]:
    with FixtureServer() as srv:
        yield srv


@pytest.fixture
def settings() -> Settings:
    """Loopback allowed by IP (the fixture server), short limits so failures are quick."""
    return Settings(
        data_dir="/nonexistent",
        allow_private_hosts=("127.0.0.1",),
        fetch_timeout_s=2.0,
        fetch_max_bytes=1_000_000,
        user_agent="BroadsheetTest/1.0 (+https://example.org/test)",
    )
