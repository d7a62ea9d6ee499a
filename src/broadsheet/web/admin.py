"""The admin's desk: accounts (admin role, ban, delete), whether sign-up is open, feeds, and
reported comments."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import Response

from broadsheet.store.users import User
from broadsheet.web.auth import SIGNUP_KEY, signup_open
from broadsheet.web.render import redirect, render
from broadsheet.web.services import Services, services
from broadsheet.web.sessions import csrf_protect, require_admin

router = APIRouter(prefix="/admin", dependencies=[Depends(csrf_protect)])


@router.get("")
def admin_page(
    request: Request, admin: User = Depends(require_admin), svc: Services = Depends(services)
) -> Response:
    return render(
        request,
        "admin.html",
        title="Admin",
        users=svc.store.list_users(),
        feeds=svc.store.list_feeds(),
        reported=svc.store.reported_comments(),
        signup=signup_open(svc),
    )


@router.post("/signup")
def set_signup(
    open: str = Form(""), admin: User = Depends(require_admin), svc: Services = Depends(services)
) -> Response:
    svc.store.set_setting(SIGNUP_KEY, "1" if open == "1" else "0")
    return redirect("/admin")


@router.post("/users/{user_id}")
def change_user(
    user_id: int,
    action: str = Form(..., max_length=20),
    admin: User = Depends(require_admin),
    svc: Services = Depends(services),
) -> Response:
    if svc.store.get_user(user_id) is None:
        raise HTTPException(404, "No such user")
    if user_id == admin.id:
        raise HTTPException(400, "Administrators cannot change their own role or ban themselves")
    if action == "ban":
        svc.store.set_user_flags(user_id, is_banned=True)
    elif action == "unban":
        svc.store.set_user_flags(user_id, is_banned=False)
    elif action == "promote":
        svc.store.set_user_flags(user_id, is_admin=True)
    elif action == "demote":
        svc.store.set_user_flags(user_id, is_admin=False)
    elif action == "delete":
        svc.store.delete_user(user_id)
    else:
        raise HTTPException(400, "Unknown action")
    return redirect("/admin")


@router.post("/feeds/{feed_id}/delete")
def delete_feed(
    feed_id: int, admin: User = Depends(require_admin), svc: Services = Depends(services)
) -> Response:
    if not svc.store.delete_feed(feed_id):
        raise HTTPException(404, "No such feed")
    return redirect("/admin")


@router.post("/feeds/{feed_id}/refresh")
def refresh_feed(
    feed_id: int, admin: User = Depends(require_admin), svc: Services = Depends(services)
) -> Response:
    if svc.store.get_feed(feed_id) is None:
        raise HTTPException(404, "No such feed")
    svc.store.schedule_feed_now(feed_id)
    return redirect("/admin")


@router.post("/comments/{comment_id}")
def moderate_comment(
    comment_id: int,
    action: str = Form(..., max_length=20),
    admin: User = Depends(require_admin),
    svc: Services = Depends(services),
) -> Response:
    comment = svc.store.get_comment(comment_id)
    if comment is None:
        raise HTTPException(404, "No such comment")
    if action == "hide":
        svc.store.moderate_hide_comment(comment_id, True)
    elif action == "show":
        svc.store.moderate_hide_comment(comment_id, False)
    elif action == "delete":
        svc.store.moderate_delete_comment(comment_id)
    elif action == "ban":
        svc.store.moderate_hide_comment(comment_id, True)
        if comment.user_id != admin.id:
            svc.store.set_user_flags(comment.user_id, is_banned=True)
    else:
        raise HTTPException(400, "Unknown action")
    return redirect("/admin")
