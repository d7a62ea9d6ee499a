"""The caller's subscriptions as OPML, out and in."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request, Response
from starlette.concurrency import run_in_threadpool

from broadsheet.feeds import OpmlError, build_opml
from broadsheet.store.users import User
from broadsheet.web.rest.auth import current_user
from broadsheet.web.rest.problems import ApiProblem, problem_responses
from broadsheet.web.rest.schemas import ImportOut
from broadsheet.web.rest.subscribing import export_outlines, import_opml
from broadsheet.web.services import services

router = APIRouter(tags=["opml"], responses=problem_responses(401))

OPML_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "text/x-opml": {"schema": {"type": "string"}},
            "application/xml": {"schema": {"type": "string"}},
            "text/xml": {"schema": {"type": "string"}},
        },
    }
}


@router.get(
    "/opml",
    response_class=Response,
    responses={200: {"content": {"text/x-opml": {"schema": {"type": "string"}}}}},
)
def export(request: Request, user: User = Depends(current_user)) -> Response:
    outlines = export_outlines(services(request).store, user.id)
    return Response(
        build_opml(outlines, title=f"{user.name} in Broadsheet"),
        media_type="text/x-opml",
    )


@router.post(
    "/opml",
    response_model=ImportOut,
    openapi_extra=OPML_BODY,
    responses=problem_responses(400),
)
async def import_(request: Request, user: User = Depends(current_user)) -> ImportOut:
    """Follow every feed of an OPML file (folders become folders); fetching starts with the
    next poll."""
    body = await request.body()
    try:
        added, had = await run_in_threadpool(import_opml, services(request).store, user.id, body)
    except OpmlError as exc:
        raise ApiProblem(400, str(exc), "bad-opml") from exc
    return ImportOut(added=added, already_subscribed=had)
