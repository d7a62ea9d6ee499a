"""The REST API, versioned under /api/v1 as its own mounted app; see README.md.

It is a separate FastAPI app so that it has its own OpenAPI schema (/api/v1/openapi.json) and
its own error handlers (problem details) without touching the pages'. New resources (stories,
topics, comments) attach by adding a router to `ROUTERS` or calling `app.include_router` on the
app `create_rest_app` returns.
"""

from __future__ import annotations

from fastapi import APIRouter, FastAPI

from broadsheet.web.rest import account, articles, feeds, folders, opml, rules
from broadsheet.web.rest.problems import install_problem_handlers
from broadsheet.web.services import Services

__all__ = ["PREFIX", "ROUTERS", "create_rest_app"]

PREFIX = "/api/v1"
ROUTERS: tuple[APIRouter, ...] = (
    account.router,
    feeds.router,
    folders.router,
    articles.router,
    opml.router,
    rules.router,
)


def create_rest_app(svc: Services) -> FastAPI:
    app = FastAPI(
        title="Broadsheet REST API",
        version="1.0.0",
        description="Feeds, articles, search, read/star state and OPML for one account. "
        "Authenticate with `Authorization: Bearer <token>`; errors are problem details "
        "(RFC 9457).",
        docs_url="/docs",
        redoc_url=None,
    )
    app.state.services = svc
    install_problem_handlers(app)
    for router in ROUTERS:
        app.include_router(router)
    return app
