"""The caller's filters and mutes, and "apply my filters to what is stored".

A rule that cannot work (a broken regular expression, a tag rule without a tag) is a 422
problem whose detail is the reason, written for the reader; another reader's rule, feed or
folder is a 404, exactly as if it did not exist.
"""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, Field

from broadsheet.rules import FilterRule, Mute, RuleError
from broadsheet.store.users import User
from broadsheet.web.rest.auth import current_user
from broadsheet.web.rest.problems import ApiProblem, problem_responses
from broadsheet.web.rules import ScopeNotFound, check_scope
from broadsheet.web.services import services

router = APIRouter(tags=["rules"], responses=problem_responses(401, 422))


class FilterIn(BaseModel):
    pattern: str = Field(
        min_length=1,
        max_length=500,
        description="Comma-separated words or phrases (match=words), or a regular expression "
        "(match=regex); case-insensitive either way.",
    )
    action: Literal["keep", "skip", "read", "star", "tag"]
    field: Literal["any", "title", "author", "text", "topic", "publisher"] = "any"
    match: Literal["words", "regex"] = "words"
    scope: Literal["all", "feed", "folder"] = "all"
    scope_id: int | None = Field(None, description="The feed or folder id for those scopes.")
    tag: str | None = Field(None, max_length=100, description="The tag a tag rule adds.")


class FilterOut(BaseModel):
    id: int
    pattern: str
    action: str
    field: str
    match: str
    scope: str
    scope_id: int | None
    tag: str | None
    position: int


class MuteIn(BaseModel):
    kind: Literal["topic", "author", "publisher"]
    value: str = Field(min_length=1, max_length=300)


class MuteOut(BaseModel):
    id: int
    kind: str
    value: str


class ApplyOut(BaseModel):
    changed: int = Field(description="How many stored articles a filter marked.")


def _filter_out(rule: FilterRule) -> FilterOut:
    return FilterOut(
        id=rule.id,
        pattern=rule.pattern,
        action=rule.action,
        field=rule.field,
        match=rule.match,
        scope=rule.scope,
        scope_id=rule.scope_id,
        tag=rule.tag,
        position=rule.position,
    )


def _mute_out(mute: Mute) -> MuteOut:
    return MuteOut(id=mute.id, kind=mute.kind, value=mute.value)


@router.get("/filters", response_model=list[FilterOut])
def list_filters(request: Request, user: User = Depends(current_user)) -> list[FilterOut]:
    """The caller's filters in the order they run."""
    return [_filter_out(r) for r in services(request).store.list_filter_rules(user.id)]


@router.post(
    "/filters", response_model=FilterOut, status_code=201, responses=problem_responses(404)
)
def add_filter(body: FilterIn, request: Request, user: User = Depends(current_user)) -> FilterOut:
    """Add a filter; it acts on articles as they arrive (POST /filters/apply for stored ones)."""
    store = services(request).store
    try:
        check_scope(store, user.id, body.scope, body.scope_id)
        rule = store.add_filter_rule(
            user.id,
            pattern=body.pattern.strip(),
            action=body.action,
            field=body.field,
            match=body.match,
            scope=body.scope,
            scope_id=None if body.scope == "all" else body.scope_id,
            tag=body.tag.strip() if body.tag and body.tag.strip() else None,
        )
    except ScopeNotFound as exc:
        raise ApiProblem(404, str(exc), "no-such-scope") from exc
    except RuleError as exc:
        raise ApiProblem(422, str(exc), "invalid-rule") from exc
    return _filter_out(rule)


@router.post("/filters/apply", response_model=ApplyOut)
def apply_filters(request: Request, user: User = Depends(current_user)) -> ApplyOut:
    """Run the caller's filters over the newest stored articles of their feeds.

    Only adds marks (read, starred, tags, skipped); it never un-reads or un-stars anything.
    """
    return ApplyOut(changed=services(request).store.refilter_stored(user.id))


@router.get("/filters/{rule_id}", response_model=FilterOut, responses=problem_responses(404))
def get_filter(rule_id: int, request: Request, user: User = Depends(current_user)) -> FilterOut:
    for rule in services(request).store.list_filter_rules(user.id):
        if rule.id == rule_id:
            return _filter_out(rule)
    raise ApiProblem(404, f"you have no filter {rule_id}", "no-such-filter")


@router.delete(
    "/filters/{rule_id}",
    status_code=204,
    response_class=Response,
    responses=problem_responses(404),
)
def delete_filter(rule_id: int, request: Request, user: User = Depends(current_user)) -> Response:
    if not services(request).store.delete_filter_rule(user.id, rule_id):
        raise ApiProblem(404, f"you have no filter {rule_id}", "no-such-filter")
    return Response(status_code=204)


@router.get("/mutes", response_model=list[MuteOut])
def list_mutes(request: Request, user: User = Depends(current_user)) -> list[MuteOut]:
    return [_mute_out(m) for m in services(request).store.list_mutes(user.id)]


@router.post("/mutes", response_model=MuteOut, status_code=201)
def add_mute(body: MuteIn, request: Request, user: User = Depends(current_user)) -> MuteOut:
    """Hide a topic, an author or a publisher everywhere; muting twice is harmless."""
    try:
        mute = services(request).store.add_mute(user.id, body.kind, body.value)
    except ValueError as exc:
        raise ApiProblem(422, str(exc), "invalid-mute") from exc
    return _mute_out(mute)


@router.delete(
    "/mutes/{mute_id}", status_code=204, response_class=Response, responses=problem_responses(404)
)
def delete_mute(mute_id: int, request: Request, user: User = Depends(current_user)) -> Response:
    if not services(request).store.delete_mute(user.id, mute_id):
        raise ApiProblem(404, f"you have no mute {mute_id}", "no-such-mute")
    return Response(status_code=204)
