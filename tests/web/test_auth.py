"""Accounts through the real forms: sign-up (first is admin, closable), sign-in with a fresh
session, POST-only sign-out, password change ending other sessions, CSRF on every form."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

from broadsheet.store import Store
from tests.web.conftest import PASSWORD, as_user, csrf_of, make_user, sign_in


def test_first_signup_is_admin_then_signup_can_be_closed(
    app_factory: Callable[[], TestClient], sqlite_store: Store
) -> None:
    c = app_factory()
    token = csrf_of(c, "/signup")
    made = c.post(
        "/signup",
        data={"name": "ada", "password": PASSWORD, "confirm": PASSWORD, "csrf_token": token},
        follow_redirects=False,
    )
    assert made.status_code == 303
    ada = sqlite_store.get_user_by_name("ada")
    assert ada is not None and ada.is_admin
    assert ada.password_hash.startswith("$argon2")
    admin_page = c.get("/admin")
    assert admin_page.status_code == 200 and "Sign-up is <strong>open" in admin_page.text
    c.post("/admin/signup", data={"open": "0", "csrf_token": csrf_of(c, "/admin")})
    other = app_factory()
    closed = other.post(
        "/signup",
        data={
            "name": "bob",
            "password": PASSWORD,
            "confirm": PASSWORD,
            "csrf_token": csrf_of(other),
        },
    )
    assert closed.status_code == 403 and sqlite_store.get_user_by_name("bob") is None
    assert "Sign-up is closed" in other.get("/signup").text


def test_signin_regenerates_session_and_wrong_password_fails(
    app_factory: Callable[[], TestClient], sqlite_store: Store
) -> None:
    make_user(sqlite_store, "ada")
    c = app_factory()
    csrf_of(c)
    before = c.cookies.get("bs_session")
    bad = c.post("/signin", data={"name": "ada", "password": "nope-nope", "csrf_token": csrf_of(c)})
    assert bad.status_code == 401 and "Wrong name or password" in bad.text
    sign_in(c, "ada")
    after = c.cookies.get("bs_session")
    assert before and after and before != after
    assert "Sign out" in c.get("/").text
    # the pre-sign-in cookie (e.g. one planted by an attacker) is not signed in
    planted = app_factory()
    planted.cookies.set("bs_session", before)
    assert planted.get("/unread", follow_redirects=False).status_code == 303


def test_signout_is_post_only_and_needs_csrf(
    app_factory: Callable[[], TestClient], sqlite_store: Store
) -> None:
    c = as_user(app_factory(), make_user(sqlite_store, "ada"))
    assert c.get("/signout").status_code == 405
    assert c.post("/signout").status_code == 403  # no token: a cross-site form cannot do it
    assert c.get("/unread", follow_redirects=False).status_code == 200
    c.post("/signout", data={"csrf_token": csrf_of(c, "/")})
    assert c.get("/unread", follow_redirects=False).status_code == 303


def test_every_form_post_without_token_is_refused(
    app_factory: Callable[[], TestClient], sqlite_store: Store
) -> None:
    c = as_user(app_factory(), make_user(sqlite_store, "ada", admin=True))
    for path in [
        "/signin",
        "/signup",
        "/account/password",
        "/subscriptions",
        "/feeds",
        "/admin/signup",
        "/articles/1/star",
        "/articles/1/comments",
        "/articles/1/ask",
        "/comments/1/report",
        "/folders/1/delete",
    ]:
        reply = c.post(path, data={"x": "1"}, follow_redirects=False)
        assert reply.status_code == 403, path
        wrong = c.post(path, data={"csrf_token": "forged"}, follow_redirects=False)
        assert wrong.status_code == 403, path


def test_password_change_ends_other_sessions(
    app_factory: Callable[[], TestClient], sqlite_store: Store
) -> None:
    ada = make_user(sqlite_store, "ada")
    laptop = as_user(app_factory(), ada)
    phone = as_user(app_factory(), ada)
    wrong = laptop.post(
        "/account/password",
        data={
            "current": "not-it-at-all",
            "password": "a new password",
            "confirm": "a new password",
            "csrf_token": csrf_of(laptop, "/account"),
        },
    )
    assert wrong.status_code == 422
    changed = laptop.post(
        "/account/password",
        data={
            "current": PASSWORD,
            "password": "a new password",
            "confirm": "a new password",
            "csrf_token": csrf_of(laptop, "/account"),
        },
    )
    assert changed.status_code == 200 and "Password changed" in changed.text
    assert laptop.get("/unread", follow_redirects=False).status_code == 200
    assert phone.get("/unread", follow_redirects=False).status_code == 303
    sign_in(app_factory(), "ada", "a new password")


def test_banned_user_cannot_sign_in_and_loses_session(
    app_factory: Callable[[], TestClient], sqlite_store: Store
) -> None:
    root = make_user(sqlite_store, "root", admin=True)
    bob = make_user(sqlite_store, "bob")
    bob_client = as_user(app_factory(), bob)
    admin = as_user(app_factory(), root)
    assert bob_client.get("/admin").status_code == 403
    admin.post(
        f"/admin/users/{bob.id}", data={"action": "ban", "csrf_token": csrf_of(admin, "/admin")}
    )
    assert bob_client.get("/unread", follow_redirects=False).status_code == 303
    again = app_factory()
    refused = again.post(
        "/signin", data={"name": "bob", "password": PASSWORD, "csrf_token": csrf_of(again)}
    )
    assert refused.status_code == 401 and "suspended" in refused.text


def test_security_headers_and_nonce(app_factory: Callable[[], TestClient]) -> None:
    page = app_factory().get("/")
    csp = page.headers["content-security-policy"]
    assert "script-src 'self' 'nonce-" in csp and "frame-ancestors 'none'" in csp
    nonce = csp.split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"' in page.text
    assert page.headers["x-frame-options"] == "DENY"
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["referrer-policy"]
    assert "HttpOnly" in page.headers.get("set-cookie", "")


def test_open_redirect_is_refused(
    app_factory: Callable[[], TestClient], sqlite_store: Store
) -> None:
    make_user(sqlite_store, "ada")
    c = app_factory()
    reply = c.post(
        "/signin",
        data={
            "name": "ada",
            "password": PASSWORD,
            "next": "//evil.example/",
            "csrf_token": csrf_of(c),
        },
        follow_redirects=False,
    )
    assert reply.headers["location"] == "/"
