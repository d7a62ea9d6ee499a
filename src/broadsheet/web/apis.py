"""Where the reader-app APIs (REST, Google Reader, Fever) attach to the app."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import PlainTextResponse

from broadsheet.web import fever, greader
from broadsheet.web.greader import ReaderAuthError
from broadsheet.web.rest import PREFIX, create_rest_app
from broadsheet.web.services import Services


async def _reader_unauthorized(request: Request, exc: Exception) -> PlainTextResponse:
    """The answer Google Reader clients take as "log in again"."""
    return PlainTextResponse(
        "Unauthorized", status_code=401, headers={"X-Reader-Google-Bad-Token": "true"}
    )


def include_api_routers(app: FastAPI) -> None:
    svc = app.state.services
    assert isinstance(svc, Services)
    app.add_exception_handler(ReaderAuthError, _reader_unauthorized)
    app.include_router(greader.router)
    app.include_router(fever.router)
    app.mount(PREFIX, create_rest_app(svc))
