"""Bearer-token authentication for the REST API (and HTTP Basic to mint the first token)."""

from __future__ import annotations

from fastapi import Depends, Request
from fastapi.security import (
    HTTPAuthorizationCredentials,
    HTTPBasic,
    HTTPBasicCredentials,
    HTTPBearer,
)
from starlette.concurrency import run_in_threadpool

from broadsheet.store.users import User
from broadsheet.web.rest.credentials import user_for_api_token, user_for_password
from broadsheet.web.rest.problems import ApiProblem
from broadsheet.web.services import services

bearer = HTTPBearer(auto_error=False, description="A token from POST /api/v1/tokens.")
basic = HTTPBasic(auto_error=False, description="The web account's name and password.")


class Unauthorized(ApiProblem):
    def __init__(self, detail: str) -> None:
        super().__init__(401, detail, "unauthorized")


async def current_user(
    request: Request, creds: HTTPAuthorizationCredentials | None = Depends(bearer)
) -> User:
    if creds is None:
        raise Unauthorized("send Authorization: Bearer <token> (create one with POST /tokens)")
    user = await run_in_threadpool(user_for_api_token, services(request).store, creds.credentials)
    if user is None:
        raise Unauthorized("the bearer token is unknown or revoked")
    return user


async def password_or_token_user(
    request: Request,
    creds: HTTPAuthorizationCredentials | None = Depends(bearer),
    login: HTTPBasicCredentials | None = Depends(basic),
) -> User:
    """Either credential: a token, or the web password (how a client gets its first token)."""
    store = services(request).store
    if login is not None:
        user = await run_in_threadpool(user_for_password, store, login.username, login.password)
        if user is None:
            raise Unauthorized("wrong user name or password")
        return user
    return await current_user(request, creds)
