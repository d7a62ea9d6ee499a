"""The FastAPI application: wiring only; routes live in the modules named below."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from urllib.parse import quote

from fastapi import Depends, FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from starlette.exceptions import HTTPException as StarletteHTTPException

from broadsheet.config import Settings
from broadsheet.fetch import HttpClient
from broadsheet.jobs.poller import poll_forever
from broadsheet.ops.retention import retention_forever
from broadsheet.ops.routes import install as install_operations
from broadsheet.pipeline import ArticleHook, CreditLookup, Pipeline
from broadsheet.store import Store
from broadsheet.store.base import utcnow
from broadsheet.translate import routes as translate_routes
from broadsheet.translate.routes import TranslateState
from broadsheet.web import (
    admin,
    api,
    ask,
    auth,
    discussion,
    pages,
    pwa,
    reading,
    rules,
    syndication,
)
from broadsheet.web.apis import include_api_routers
from broadsheet.web.heap import frozen_startup_heap
from broadsheet.web.leader import FileLock, run_when_leader
from broadsheet.web.middleware import SecurityMiddleware
from broadsheet.web.render import redirect, render
from broadsheet.web.secret import secret_key
from broadsheet.web.services import STATIC_DIR, Services
from broadsheet.web.sessions import SignInRequired, csrf_protect, require_user
from broadsheet.websub.manager import WebSubManager, websub_enabled, websub_forever
from broadsheet.websub.routes import install as install_websub

log = logging.getLogger(__name__)


def create_app(
    settings: Settings,
    store: Store,
    *,
    hooks: list[ArticleHook] | None = None,
    poll: bool | None = None,
    on_ready: Callable[[Services], None] | None = None,
    credit_for: CreditLookup | None = None,
    poll_lock: str | None = None,
) -> FastAPI:
    """The app over one store. With `poll_lock` (a file path shared by the workers of one
    `serve --workers N`), this process polls only while it holds that lock, so exactly one
    worker polls."""
    svc = Services(settings=settings, store=store, secret=secret_key(settings))
    do_poll = settings.poll if poll is None else poll

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with HttpClient(settings) as client:
            websub = WebSubManager(settings, store) if websub_enabled(settings) else None
            svc.pipeline = Pipeline(
                settings,
                store,
                client,
                on_article=hooks,
                metrics=metrics,
                websub=websub,
                credit_for=credit_for,
            )
            stop = asyncio.Event()
            tasks: list[asyncio.Task[None]] = []
            pipeline = svc.pipeline

            async def background() -> None:
                # The process that polls also keeps leases alive and applies retention; a
                # web-only process (--no-poll, workers elsewhere) leaves that to the workers.
                jobs = [poll_forever(pipeline, stop), retention_forever(store, settings, stop)]
                if websub is not None:
                    jobs.append(websub_forever(websub, stop))
                await asyncio.gather(*jobs, return_exceptions=True)

            if do_poll and poll_lock is not None:
                lock = FileLock(poll_lock)
                tasks.append(asyncio.create_task(run_when_leader(lock, background, stop)))
            elif do_poll:
                tasks.append(asyncio.create_task(background()))
            if on_ready is not None:
                on_ready(svc)
            try:
                with frozen_startup_heap(svc.templates):
                    yield
            finally:
                stop.set()
                for task in tasks:
                    task.cancel()
                    with contextlib.suppress(asyncio.CancelledError, Exception):
                        await task
                svc.pipeline = None

    app = FastAPI(title="Broadsheet", version="0.1.0", lifespan=lifespan, docs_url="/api/docs")
    app.state.services = svc
    # The reading pages first: a request walks the routes in order until one matches, and each
    # router passed costs FastAPI some microseconds a route (0.3-0.4 ms to reach a page when
    # the pages came last). Measured (bench/web.py, 100k articles, 1 worker, c=4, two runs
    # each, CPU ms a request): front 3.03/3.14 -> 2.00/2.04, story 5.07/4.45 -> 3.52/3.38,
    # search 4.40/3.51 -> 2.38/2.70, the static file unchanged. No other route's path is a
    # page's (tests/web/test_routes.py), so the order changes nothing else.
    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")
    app.include_router(pages.router)
    app.add_middleware(SecurityMiddleware)
    # /metrics, /readyz, request ids and access logs (outermost, so every response is counted).
    metrics = install_operations(app, settings, store)
    metrics.gauge("broadsheet_articles", lambda: float(store.count_articles()))
    metrics.gauge("broadsheet_queue_depth", lambda: float(store.count_due_feeds(utcnow())))
    install_websub(app, settings, store)
    app.state.translate = TranslateState(settings, store)
    app.include_router(
        translate_routes.router, dependencies=[Depends(require_user), Depends(csrf_protect)]
    )
    app.include_router(api.router)
    include_api_routers(app)
    app.include_router(syndication.router)
    app.include_router(pwa.router)
    app.include_router(auth.router)
    app.include_router(admin.router)
    app.include_router(reading.router)
    app.include_router(discussion.router)
    app.include_router(ask.router)
    app.include_router(rules.router)
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
