"""Scale-out tests run on a real PostgreSQL; each test gets a fresh database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from conftest import fresh_postgres_url, postgres_skip_reason


@pytest.fixture
def pg_url() -> Iterator[str]:
    reason = postgres_skip_reason()
    if reason:
        pytest.skip(f"scale-out tests need PostgreSQL: {reason}")
    with fresh_postgres_url() as url:
        yield url
