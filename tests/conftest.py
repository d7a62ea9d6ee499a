"""Fixtures shared by the whole suite."""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from broadsheet.config import Settings
from broadsheet.store import Store, open_store

REPO_ROOT = Path(__file__).resolve().parents[1]


def shared_path() -> Path:
    """../shared beside the checkout (CI lays a copy there); BROADSHEET_SHARED overrides."""
    return Path(os.environ.get("BROADSHEET_SHARED", REPO_ROOT.parent / "shared"))


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    path = shared_path()
    if not path.is_dir():
        pytest.skip(f"shared data folder not found at {path} (set BROADSHEET_SHARED)")
    return path


# -- the store, on both engines ---------------------------------------------------------------
PG_ADMIN_URL = os.environ.get(
    "BROADSHEET_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)


def _postgres_available() -> str | None:
    """None when PostgreSQL answers; otherwise why not (shown as the skip reason)."""
    try:
        import psycopg
    except ImportError:
        return "psycopg is not installed (pip install '.[postgres]')"
    try:
        with psycopg.connect(PG_ADMIN_URL.replace("+psycopg", ""), connect_timeout=3):
            return None
    except Exception as exc:
        return f"PostgreSQL not reachable at {PG_ADMIN_URL}: {exc}"


_PG_REASON: list[str | None] = []


def postgres_skip_reason() -> str | None:
    if not _PG_REASON:
        _PG_REASON.append(_postgres_available())
    return _PG_REASON[0]


@contextlib.contextmanager
def fresh_postgres_url() -> Iterator[str]:
    """A new, empty database for one test; dropped afterwards."""
    import psycopg

    name = f"broadsheet_test_{uuid.uuid4().hex[:12]}"
    admin = PG_ADMIN_URL.replace("+psycopg", "")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'broadsheet.db'}"
        return
    reason = postgres_skip_reason()
    if reason:
        pytest.skip(reason)
    with fresh_postgres_url() as url:
        yield url


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    s = open_store(store_url)
    try:
        yield s
    finally:
        s.close()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings for tests: data in tmp_path, loopback allowed (fixture servers live there)."""
    return Settings(
        data_dir=str(tmp_path),
        allow_private_hosts=("127.0.0.1", "localhost"),
        fetch_timeout_s=10.0,
        poll=False,
    )
