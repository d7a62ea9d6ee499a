"""Comments on articles and stories: one level of replies, markdown subset, edit/delete own,
a report button, and a rate limit read from the store."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import Response

from broadsheet.store.base import utcnow
from broadsheet.store.comments import Comment
from broadsheet.store.users import User
from broadsheet.web.markdown import render_comment
from broadsheet.web.render import redirect, render
from broadsheet.web.services import Services, services
from broadsheet.web.sessions import csrf_protect, require_user

router = APIRouter(dependencies=[Depends(csrf_protect)])
MAX_BODY = 5000
RATE_WINDOW = timedelta(minutes=1)
RATE_LIMIT = 5  # comments per user per window


@dataclass(slots=True)
class ThreadItem:
    comment: Comment
    replies: list[Comment] = field(default_factory=list)


def thread(comments: list[Comment], viewer: User | None) -> list[ThreadItem]:
    """Top-level comments with their replies; hidden ones are shown only to admins and their
    authors."""

    def visible(c: Comment) -> bool:
        return not c.hidden or (viewer is not None and (viewer.is_admin or viewer.id == c.user_id))

    top: dict[int, ThreadItem] = {}
    for c in comments:
        if c.parent_id is None and visible(c):
            top[c.id] = ThreadItem(c)
    for c in comments:
        if c.parent_id is not None and c.parent_id in top and visible(c):
            top[c.parent_id].replies.append(c)
    return list(top.values())


def _post(
    request: Request,
    svc: Services,
    user: User,
    body: str,
    parent_id: int | None,
    *,
    article_id: int | None = None,
    story_id: int | None = None,
) -> Response:
    back = f"/articles/{article_id}" if article_id is not None else f"/stories/{story_id}"
    body = body.strip()
    if not body:
        raise HTTPException(422, "A comment needs some text")
    if svc.store.comments_since(user.id, utcnow() - RATE_WINDOW) >= RATE_LIMIT:
        return render(
            request,
            "error.html",
            status=429,
            title="Slow down",
            message="You have commented a lot in the last minute; wait a moment.",
        )
    try:
        comment = svc.store.add_comment(
            user.id,
            body=body,
            body_html=render_comment(body),
            article_id=article_id,
            story_id=story_id,
            parent_id=parent_id,
        )
    except ValueError as exc:
        raise HTTPException(422, str(exc)) from exc
    return redirect(f"{back}#comment-{comment.id}")


@router.post("/articles/{article_id}/comments")
def comment_on_article(
    request: Request,
    article_id: int,
    body: str = Form(..., max_length=MAX_BODY),
    parent_id: int | None = Form(None),
    user: User = Depends(require_user),
    svc: Services = Depends(services),
) -> Response:
    if svc.store.get_article(article_id) is None:
        raise HTTPException(404, "No such article")
    return _post(request, svc, user, body, parent_id, article_id=article_id)


@router.post("/stories/{story_id}/comments")
def comment_on_story(
    request: Request,
    story_id: int,
    body: str = Form(..., max_length=MAX_BODY),
    parent_id: int | None = Form(None),
    user: User = Depends(require_user),
    svc: Services = Depends(services),
) -> Response:
    if svc.store.get_story(story_id) is None:
        raise HTTPException(404, "No such story")
    return _post(request, svc, user, body, parent_id, story_id=story_id)


def _back(c: Comment) -> str:
    page = f"/articles/{c.article_id}" if c.article_id is not None else f"/stories/{c.story_id}"
    return f"{page}#comments"


@router.post("/comments/{comment_id}/edit")
def edit_comment(
    comment_id: int,
    body: str = Form(..., max_length=MAX_BODY),
    user: User = Depends(require_user),
    svc: Services = Depends(services),
) -> Response:
    comment = svc.store.get_comment(comment_id)
    if comment is None or comment.user_id != user.id:
        raise HTTPException(404, "No such comment of yours")
    if not body.strip():
        raise HTTPException(422, "A comment needs some text")
    svc.store.edit_comment(
        user.id, comment_id, body=body.strip(), body_html=render_comment(body.strip())
    )
    return redirect(_back(comment))


@router.post("/comments/{comment_id}/delete")
def delete_comment(
    comment_id: int, user: User = Depends(require_user), svc: Services = Depends(services)
) -> Response:
    comment = svc.store.get_comment(comment_id)
    if comment is None:
        raise HTTPException(404, "No such comment")
    if user.is_admin:
        svc.store.moderate_delete_comment(comment_id)
    elif not svc.store.delete_own_comment(user.id, comment_id):
        raise HTTPException(404, "No such comment of yours")
    return redirect(_back(comment))


@router.post("/comments/{comment_id}/report")
def report_comment(
    request: Request,
    comment_id: int,
    user: User = Depends(require_user),
    svc: Services = Depends(services),
) -> Response:
    comment = svc.store.get_comment(comment_id)
    if comment is None:
        raise HTTPException(404, "No such comment")
    svc.store.report_comment(comment_id)
    if request.headers.get("hx-request"):
        return Response(
            '<span class="reported">Reported — thank you.</span>', media_type="text/html"
        )
    return redirect(_back(comment))


@router.post("/comments/{comment_id}/hide")
def hide_comment(
    comment_id: int, user: User = Depends(require_user), svc: Services = Depends(services)
) -> Response:
    if not user.is_admin:
        raise HTTPException(403, "Administrators only")
    comment = svc.store.get_comment(comment_id)
    if comment is None:
        raise HTTPException(404, "No such comment")
    svc.store.moderate_hide_comment(comment_id, not comment.hidden)
    return redirect(_back(comment))
