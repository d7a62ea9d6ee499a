"""The FastAPI application: wiring only; routes live in the modules named below."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from starlette.exceptions import HTTPException as StarletteHTTPException

from broadsheet.config import Settings
from broadsheet.fetch import HttpClient
from broadsheet.jobs.poller import poll_forever
from broadsheet.pipeline import ArticleHook, Pipeline
from broadsheet.store import Store
from broadsheet.web import (
    admin,
    api,
    ask,
    auth,
    discussion,
    pages,
    pwa,
    reading,
    syndication,
)
from broadsheet.web.apis import include_api_routers
from broadsheet.web.middleware import SecurityMiddleware
from broadsheet.web.render import redirect, render
from broadsheet.web.secret import secret_key
from broadsheet.web.services import STATIC_DIR, Services
from broadsheet.web.sessions import SignInRequired

log = logging.getLogger(__name__)


def create_app(
    settings: Settings,
    store: Store,
    *,
    hooks: list[ArticleHook] | None = None,
    poll: bool | None = None,
    on_ready: Callable[[Services], None] | None = None,
) -> FastAPI:
    svc = Services(settings=settings, store=store, secret=secret_key(settings))
    do_poll = settings.poll if poll is None else poll

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with HttpClient(settings) as client:
            svc.pipeline = Pipeline(settings, store, client, on_article=hooks)
            stop = asyncio.Event()
            task = asyncio.create_task(poll_forever(svc.pipeline, stop)) if do_poll else None
            if on_ready is not None:
                on_ready(svc)
            try:
                yield
            finally:
                stop.set()
                if task is not None:
                    task.cancel()
                    with contextlib.suppress(asyncio.CancelledError, Exception):
                        await task
                svc.pipeline = None

    app = FastAPI(title="Broadsheet", version="0.1.0", lifespan=lifespan, docs_url="/api/docs")
    app.state.services = svc
    app.add_middleware(SecurityMiddleware)
    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")
    app.include_router(api.router)
    include_api_routers(app)
    app.include_router(syndication.router)  # before pages: /topics/{key}/feed.rss is a feed
    app.include_router(pwa.router)
    app.include_router(auth.router)
    app.include_router(admin.router)
    app.include_router(reading.router)
    app.include_router(discussion.router)
    app.include_router(ask.router)
    app.include_router(pages.router)
    _install_error_pages(app)
    return app


def _wants_html(request: Request) -> bool:
    return "text/html" in request.headers.get("accept", "")


def _install_error_pages(app: FastAPI) -> None:
    @app.exception_handler(SignInRequired)
    async def sign_in_first(request: Request, exc: SignInRequired) -> Response:
        if request.method == "GET" and _wants_html(request):
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            return redirect("/signin?next=" + quote(target, safe=""))
        return Response("Sign in first", status_code=401, media_type="text/plain")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if _wants_html(request) and exc.status_code >= 400:
            titles = {403: "Not allowed", 404: "Not found", 405: "Not allowed"}
            try:
                return render(
                    request,
                    "error.html",
                    status=exc.status_code,
                    title=titles.get(exc.status_code, "Something went wrong"),
                    message=str(exc.detail),
                )
            except (OperationalError, DBAPIError):
                pass
        return await http_exception_handler(request, exc)

    @app.exception_handler(OperationalError)
    @app.exception_handler(DBAPIError)
    @app.exception_handler(PoolTimeoutError)
    async def store_down(request: Request, exc: Exception) -> Response:
        log.error("store unavailable: %s", exc)
        return _unavailable(request)


def _unavailable(request: Request) -> Response:
    """Rendered without touching the store (no reader, no session lookup)."""
    svc = request.app.state.services
    assert isinstance(svc, Services)
    return svc.templates.TemplateResponse(
        request,
        "unavailable.html",
        {
            "title": "Database unavailable",
            "user": None,
            "csrf": "",
            "feeds_out": [],
            "nonce": request.scope.get("state", {}).get("csp_nonce", ""),
        },
        status_code=503,
        headers={"Retry-After": "30"},
    )
