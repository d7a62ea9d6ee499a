"""Sessions and CSRF, stateless on the server.

The session is a cookie signed with the app's secret (itsdangerous): a random session id, the
user id, and a fingerprint of the user's password hash. Signing in always mints a new session id
(so a session fixed before sign-in is worthless after it); changing the password changes the
fingerprint, which ends every other session of that user; signing out drops the cookie. The CSRF
token is an HMAC of the session id, checked on every state-changing request of the web app,
from the form field `csrf_token` or the `X-CSRF-Token` header (htmx sends the latter).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Any

from fastapi import Depends, HTTPException, Request
from itsdangerous import BadSignature, URLSafeTimedSerializer

from broadsheet.store.users import User
from broadsheet.web.middleware import COOKIE_KEY
from broadsheet.web.services import Services, services

COOKIE_NAME = "bs_session"
MAX_AGE_S = 30 * 24 * 3600
_UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


@dataclass(slots=True)
class Session:
    sid: str
    uid: int | None = None
    pv: str = ""  # fingerprint of the password hash the session was opened with


def _serializer(svc: Services) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(svc.secret, salt="broadsheet.session")


def password_fingerprint(password_hash: str) -> str:
    return hashlib.sha256(password_hash.encode("utf-8")).hexdigest()[:16]


def _cookie(request: Request, value: str, max_age: int) -> str:
    secure = "; Secure" if request.url.scheme == "https" else ""
    return f"{COOKIE_NAME}={value}; Path=/; Max-Age={max_age}; HttpOnly; SameSite=Lax{secure}"


def get_session(request: Request) -> Session:
    """The visitor's session, created (and its cookie queued) on first need."""
    cached = getattr(request.state, "session", None)
    if isinstance(cached, Session):
        return cached
    svc = services(request)
    session: Session | None = None
    raw = request.cookies.get(COOKIE_NAME)
    if raw:
        try:
            data: Any = _serializer(svc).loads(raw, max_age=MAX_AGE_S)
            session = Session(str(data["sid"]), data.get("uid"), str(data.get("pv", "")))
        except (BadSignature, KeyError, TypeError, ValueError):
            session = None
    if session is None:
        session = Session(sid=secrets.token_urlsafe(24))
        _queue_cookie(request, session)
    request.state.session = session
    return session


def cookie_value(svc: Services, session: Session) -> str:
    return str(_serializer(svc).dumps({"sid": session.sid, "uid": session.uid, "pv": session.pv}))


def signed_in_cookie(svc: Services, user: User) -> str:
    """A fresh signed-in session cookie value (what sign-in sets; tools and tests reuse it)."""
    session = Session(secrets.token_urlsafe(24), user.id, password_fingerprint(user.password_hash))
    return cookie_value(svc, session)


def _queue_cookie(request: Request, session: Session) -> None:
    svc = services(request)
    value = cookie_value(svc, session)
    request.scope.setdefault("state", {})[COOKIE_KEY] = _cookie(request, str(value), MAX_AGE_S)


def start_session(request: Request, user: User) -> None:
    """Sign in: a brand-new session id, bound to the user and their current password."""
    session = Session(secrets.token_urlsafe(24), user.id, password_fingerprint(user.password_hash))
    request.state.session = session
    request.state.user = user
    _queue_cookie(request, session)


def end_session(request: Request) -> None:
    request.state.session = Session(secrets.token_urlsafe(24))
    request.state.user = None
    request.scope.setdefault("state", {})[COOKIE_KEY] = _cookie(request, "", 0)


def current_user(request: Request) -> User | None:
    if hasattr(request.state, "user"):
        cached = request.state.user
        return cached if isinstance(cached, User) else None
    user: User | None = None
    raw = request.cookies.get(COOKIE_NAME)
    if raw:
        session = get_session(request)
        if session.uid is not None:
            found = services(request).store.get_user(int(session.uid))
            if (
                found is not None
                and not found.is_banned
                and hmac.compare_digest(password_fingerprint(found.password_hash), session.pv)
            ):
                user = found
    request.state.user = user
    return user


def csrf_token(request: Request) -> str:
    session = get_session(request)
    digest = hmac.new(
        services(request).secret.encode("utf-8"),
        b"csrf:" + session.sid.encode("utf-8"),
        hashlib.sha256,
    )
    return digest.hexdigest()


async def csrf_protect(request: Request) -> None:
    """Router dependency: every unsafe request must carry this session's CSRF token."""
    if request.method not in _UNSAFE:
        return
    sent = request.headers.get("x-csrf-token", "")
    if not sent:
        content_type = request.headers.get("content-type", "")
        if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            form = await request.form()
            value = form.get("csrf_token")
            sent = value if isinstance(value, str) else ""
    if not request.cookies.get(COOKIE_NAME) or not hmac.compare_digest(sent, csrf_token(request)):
        raise HTTPException(403, "The form expired or came from another site; reload and retry.")


class SignInRequired(Exception):
    """Raised by `require_user`; the app turns it into a redirect to the sign-in page."""


def require_user(request: Request) -> User:
    user = current_user(request)
    if user is None:
        raise SignInRequired()
    return user


def require_admin(user: User = Depends(require_user)) -> User:
    if not user.is_admin:
        raise HTTPException(403, "Administrators only")
    return user
