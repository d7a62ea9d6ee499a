"""The caller's account and credentials: bearer tokens and app passwords."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request, Response

from broadsheet.store.users import User
from broadsheet.web.rest.auth import current_user, password_or_token_user
from broadsheet.web.rest.credentials import issue_api_token, issue_app_password
from broadsheet.web.rest.problems import ApiProblem, problem_responses
from broadsheet.web.rest.schemas import (
    AppPasswordCreated,
    AppPasswordOut,
    LabelIn,
    TokenCreated,
    TokenOut,
    UserOut,
)
from broadsheet.web.services import services

router = APIRouter(tags=["account"], responses=problem_responses(401, 422))


@router.get("/me", response_model=UserOut)
def me(user: User = Depends(current_user)) -> UserOut:
    return UserOut(id=user.id, name=user.name, is_admin=user.is_admin)


@router.post(
    "/tokens",
    response_model=TokenCreated,
    status_code=201,
    summary="Create a bearer token (HTTP Basic with the web password, or an existing token)",
)
def create_token(
    body: LabelIn, request: Request, user: User = Depends(password_or_token_user)
) -> TokenCreated:
    record, token = issue_api_token(services(request).store, user, body.label)
    return TokenCreated(id=record.id, label=record.label, created_at=record.created_at, token=token)


@router.get("/tokens", response_model=list[TokenOut])
def list_tokens(request: Request, user: User = Depends(current_user)) -> list[TokenOut]:
    return [
        TokenOut(id=t.id, label=t.label, created_at=t.created_at)
        for t in services(request).store.list_api_tokens(user.id)
    ]


@router.delete(
    "/tokens/{token_id}", status_code=204, response_class=Response, responses=problem_responses(404)
)
def revoke_token(token_id: int, request: Request, user: User = Depends(current_user)) -> Response:
    if not services(request).store.revoke_api_token(user.id, token_id):
        raise ApiProblem(404, f"you have no token {token_id}")
    return Response(status_code=204)


@router.post("/app-passwords", response_model=AppPasswordCreated, status_code=201)
def create_app_password(
    body: LabelIn, request: Request, user: User = Depends(current_user)
) -> AppPasswordCreated:
    """A password for Google Reader and Fever apps, separate from the web password."""
    record, password = issue_app_password(services(request).store, user, body.label)
    return AppPasswordCreated(
        id=record.id,
        label=record.label,
        created_at=record.created_at,
        last_used_at=record.last_used_at,
        password=password,
    )


@router.get("/app-passwords", response_model=list[AppPasswordOut])
def list_app_passwords(
    request: Request, user: User = Depends(current_user)
) -> list[AppPasswordOut]:
    return [
        AppPasswordOut(id=p.id, label=p.label, created_at=p.created_at, last_used_at=p.last_used_at)
        for p in services(request).store.list_app_passwords(user.id)
    ]


@router.delete(
    "/app-passwords/{password_id}",
    status_code=204,
    response_class=Response,
    responses=problem_responses(404),
)
def revoke_app_password(
    password_id: int, request: Request, user: User = Depends(current_user)
) -> Response:
    """Revoking also ends every Google Reader session and Fever key made with it."""
    if not services(request).store.revoke_app_password(user.id, password_id):
        raise ApiProblem(404, f"you have no app password {password_id}")
    return Response(status_code=204)
