"""Web fixtures: the app in-process over a real SQLite store, and readers signed in through
the real forms (CSRF token and all)."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from broadsheet.auth.passwords import hash_password
from broadsheet.config import Settings
from broadsheet.fingerprint import content_hash
from broadsheet.models import NewArticle
from broadsheet.store import Store, open_store
from broadsheet.store.users import User
from broadsheet.web import create_app
from broadsheet.web.sessions import COOKIE_NAME, signed_in_cookie

PASSWORD = "correct horse battery"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[Store]:
    """Route tests run on SQLite only; the store's own tests cover PostgreSQL."""
    s = open_store(f"sqlite:///{tmp_path / 'web.db'}")
    try:
        yield s
    finally:
        s.close()


@pytest.fixture
def app_factory(settings: Settings, sqlite_store: Store) -> Iterator[Callable[[], TestClient]]:
    clients: list[TestClient] = []
    app = create_app(settings, sqlite_store, poll=False)

    def make() -> TestClient:
        client = TestClient(app, headers={"accept": "text/html"})
        client.__enter__()
        clients.append(client)
        return client

    yield make
    for c in clients:
        c.__exit__(None, None, None)


def csrf_of(client: TestClient, path: str = "/signin") -> str:
    page = client.get(path)
    found = _CSRF.search(page.text)
    assert found, f"no CSRF token on {path}"
    return found.group(1)


@functools.cache
def _password_hash() -> str:
    """argon2 is slow on purpose; one hash serves every test account."""
    return hash_password(PASSWORD)


def make_user(store: Store, name: str, *, admin: bool = False) -> User:
    return store.create_user(name, _password_hash(), is_admin=admin)


def as_user(client: TestClient, user: User) -> TestClient:
    """Signed in without the (slow, argon2) form; test_auth.py covers the form itself."""
    svc = client.app.state.services  # type: ignore[attr-defined]
    client.cookies.set(COOKIE_NAME, signed_in_cookie(svc, user), domain="testserver.local")
    return client


def sign_in(client: TestClient, name: str, password: str = PASSWORD) -> TestClient:
    token = csrf_of(client)
    reply = client.post(
        "/signin",
        data={"name": name, "password": password, "csrf_token": token},
        follow_redirects=False,
    )
    assert reply.status_code == 303, reply.text[:500]
    return client


def add_article(store: Store, n: int, **kw: Any) -> int:
    text = str(kw.pop("text", f"Paragraph one of article {n}.\n\nParagraph two of article {n}."))
    article, _ = store.add_article(
        NewArticle(
            url=str(kw.pop("url", f"https://news.example/{n}")),
            title=str(kw.pop("title", f"Headline {n}")),
            text=text,
            content_hash=content_hash(text + str(n)),
            **kw,
        )
    )
    return article.id
