"""One way to render a page: the template plus what every page needs (the reader, the CSRF
token for its forms, the CSP nonce for its scripts, feeds to advertise)."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import RedirectResponse, Response

from broadsheet.web.middleware import NONCE_KEY
from broadsheet.web.services import services
from broadsheet.web.sessions import csrf_token, current_user


def render(request: Request, template: str, /, status: int = 200, **ctx: Any) -> Response:
    svc = services(request)
    ctx.setdefault("title", "")
    ctx.setdefault("feeds_out", [])
    ctx["user"] = current_user(request)
    ctx["csrf"] = csrf_token(request)
    ctx["nonce"] = request.scope.get("state", {}).get(NONCE_KEY, "")
    return svc.templates.TemplateResponse(request, template, ctx, status_code=status)


def redirect(url: str) -> Response:
    return RedirectResponse(url, status_code=303)


def safe_next(target: str | None) -> str:
    """Only same-site paths, so ?next= cannot send a reader to another site."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"
