"""Log-in: ClientLogin (app password → auth token), the edit token, and user-info."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from starlette.concurrency import run_in_threadpool

from broadsheet.web.greader.auth import ReaderAuth, reader_auth
from broadsheet.web.greader.params import read_params
from broadsheet.web.rest.credentials import greader_token, login_with_app_password
from broadsheet.web.services import services

router = APIRouter(include_in_schema=False)


@router.api_route("/accounts/ClientLogin", methods=["GET", "POST"])
async def client_login(request: Request) -> Response:
    params = await read_params(request)
    store = services(request).store
    record = await run_in_threadpool(
        login_with_app_password, store, params.get("Email"), params.get("Passwd")
    )
    if record is None:
        return PlainTextResponse("Error=BadAuthentication\n", status_code=401)
    token = greader_token(record)
    if params.get("output") == "json":
        return JSONResponse({"SID": token, "LSID": token, "Auth": token})
    return PlainTextResponse(f"SID={token}\nLSID={token}\nAuth={token}\n")


@router.api_route("/reader/api/0/token", methods=["GET", "POST"])
def token(auth: ReaderAuth = Depends(reader_auth)) -> Response:
    return PlainTextResponse(auth.edit_token)


@router.get("/reader/api/0/user-info")
def user_info(auth: ReaderAuth = Depends(reader_auth)) -> dict[str, Any]:
    return {
        "userId": str(auth.user.id),
        "userName": auth.user.name,
        "userProfileId": str(auth.user.id),
        "userEmail": auth.user.name,
        "isBloggerUser": False,
        "signupTimeSec": int(auth.user.created_at.timestamp()),
        "isMultiLoginEnabled": False,
    }
