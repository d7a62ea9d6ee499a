"""The FastAPI application: wiring only; routes live in pages.py and api.py."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from broadsheet.config import Settings
from broadsheet.fetch import HttpClient
from broadsheet.jobs.poller import poll_forever
from broadsheet.pipeline import ArticleHook, Pipeline
from broadsheet.store import Store
from broadsheet.web import api, pages
from broadsheet.web.apis import include_api_routers
from broadsheet.web.services import STATIC_DIR, Services

log = logging.getLogger(__name__)


def create_app(
    settings: Settings,
    store: Store,
    *,
    hooks: list[ArticleHook] | None = None,
    poll: bool | None = None,
    on_ready: Callable[[Services], None] | None = None,
) -> FastAPI:
    svc = Services(settings=settings, store=store)
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
    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")
    app.include_router(api.router)
    include_api_routers(app)
    app.include_router(pages.router)
    return app
