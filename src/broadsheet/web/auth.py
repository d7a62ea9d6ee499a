"""Accounts: sign-up (closable by the admin; the first account is the admin), sign-in,
sign-out (POST only) and password change."""

from __future__ import annotations

import re

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from broadsheet.auth.passwords import (
    MIN_PASSWORD_LENGTH,
    hash_password,
    needs_rehash,
    verify_password,
)
from broadsheet.store.users import User, UserExistsError
from broadsheet.web.render import redirect, render, safe_next
from broadsheet.web.services import Services, services
from broadsheet.web.sessions import (
    csrf_protect,
    end_session,
    require_user,
    start_session,
)

router = APIRouter(dependencies=[Depends(csrf_protect)])
SIGNUP_KEY = "signup_open"
_NAME = re.compile(r"^[A-Za-z0-9_.-]{2,40}$")
# Verifying against a real hash when the name is unknown keeps sign-in time the same either way.
_DUMMY_HASH = hash_password("not-a-real-password-0")


def signup_open(svc: Services) -> bool:
    if svc.store.count_users() == 0:
        return True
    stored = svc.store.get_setting(SIGNUP_KEY)
    return svc.settings.signup_open if stored is None else stored == "1"


@router.get("/signup")
def signup_form(request: Request, svc: Services = Depends(services)) -> Response:
    return render(request, "signup.html", title="Create an account", open=signup_open(svc))


@router.post("/signup")
def signup(
    request: Request,
    name: str = Form("", max_length=100),
    password: str = Form("", max_length=1000),
    confirm: str = Form("", max_length=1000),
    svc: Services = Depends(services),
) -> Response:
    def again(error: str) -> Response:
        return render(
            request,
            "signup.html",
            status=422,
            title="Create an account",
            open=signup_open(svc),
            error=error,
            name=name,
        )

    if not signup_open(svc):
        return render(request, "signup.html", status=403, title="Create an account", open=False)
    name = name.strip()
    if not _NAME.match(name):
        return again("Names are 2–40 letters, digits, dots, dashes or underscores.")
    if len(password) < MIN_PASSWORD_LENGTH:
        return again(f"Passwords need at least {MIN_PASSWORD_LENGTH} characters.")
    if password != confirm:
        return again("The two passwords differ.")
    first = svc.store.count_users() == 0
    try:
        user = svc.store.create_user(name, hash_password(password), is_admin=first)
    except UserExistsError:
        return again("That name is taken.")
    start_session(request, user)
    return redirect("/subscriptions" if not first else "/admin")


@router.get("/signin")
def signin_form(
    request: Request, next: str = Query("/", max_length=500), svc: Services = Depends(services)
) -> Response:
    return render(
        request, "signin.html", title="Sign in", next=safe_next(next), signup=signup_open(svc)
    )


@router.post("/signin")
async def signin(
    request: Request,
    name: str = Form("", max_length=100),
    password: str = Form("", max_length=1000),
    next: str = Form("/", max_length=500),
    svc: Services = Depends(services),
) -> Response:
    user = await run_in_threadpool(svc.store.get_user_by_name, name.strip())
    ok = await run_in_threadpool(
        verify_password, user.password_hash if user else _DUMMY_HASH, password
    )
    if user is None or not ok or user.is_banned:
        message = "This account is suspended." if user and ok else "Wrong name or password."
        return render(
            request,
            "signin.html",
            status=401,
            title="Sign in",
            error=message,
            name=name,
            next=safe_next(next),
            signup=signup_open(svc),
        )
    if needs_rehash(user.password_hash):
        fresh = hash_password(password)
        await run_in_threadpool(svc.store.set_password_hash, user.id, fresh)
        user = User(user.id, user.name, fresh, user.is_admin, user.is_banned, user.created_at)
    start_session(request, user)
    return redirect(safe_next(next))


@router.post("/signout")
def signout(request: Request) -> Response:
    end_session(request)
    return redirect("/")


@router.get("/account")
def account_page(request: Request, user: User = Depends(require_user)) -> Response:
    return render(request, "account.html", title="Your account")


@router.post("/account/password")
def change_password(
    request: Request,
    current: str = Form("", max_length=1000),
    password: str = Form("", max_length=1000),
    confirm: str = Form("", max_length=1000),
    user: User = Depends(require_user),
    svc: Services = Depends(services),
) -> Response:
    error = None
    if not verify_password(user.password_hash, current):
        error = "Your current password is not right."
    elif len(password) < MIN_PASSWORD_LENGTH:
        error = f"Passwords need at least {MIN_PASSWORD_LENGTH} characters."
    elif password != confirm:
        error = "The two new passwords differ."
    if error:
        return render(request, "account.html", status=422, title="Your account", error=error)
    fresh = hash_password(password)
    svc.store.set_password_hash(user.id, fresh)
    changed = User(user.id, user.name, fresh, user.is_admin, user.is_banned, user.created_at)
    start_session(request, changed)  # this session continues; every other one ends
    return render(request, "account.html", title="Your account", message="Password changed.")
