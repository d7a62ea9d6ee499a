"""The reader's own rules page: filters (keep, skip, mark read, star, tag) and mutes.

Every store call carries the signed-in reader's id, so another reader's rule id, feed id or
folder id reaches nothing of theirs (404). A rule that cannot work (a broken regular
expression, a tag rule without a tag) re-renders the page with the reason, status 422, and the
reader's input kept, so nothing typed is lost. `check_scope` is shared with the REST API.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import Response

from broadsheet.rules import ACTIONS, FIELDS, MUTE_KINDS, FilterRule, Mute, RuleError
from broadsheet.store import Store
from broadsheet.store.users import User
from broadsheet.web.render import redirect, render
from broadsheet.web.services import Services, services
from broadsheet.web.sessions import csrf_protect, require_user

router = APIRouter(dependencies=[Depends(csrf_protect)])

FIELD_LABELS = {
    "any": "anything",
    "title": "the title",
    "author": "the author",
    "text": "the text",
    "topic": "a topic",
    "publisher": "the publisher",
}
ACTION_LABELS = {
    "keep": "keep only these",
    "skip": "skip",
    "read": "mark read",
    "star": "star",
    "tag": "tag",
}


class ScopeNotFound(LookupError):
    """The rule names a feed the reader does not follow or a folder that is not theirs."""


def check_scope(store: Store, user_id: int, scope: str, scope_id: int | None) -> None:
    """Raise ScopeNotFound unless the rule's feed or folder belongs to this reader."""
    if scope_id is None:
        return  # validate_rule says a feed or folder rule needs its feed or folder
    if scope == "feed" and store.get_subscription(user_id, scope_id) is None:
        raise ScopeNotFound(f"you do not follow a feed {scope_id}")
    if scope == "folder" and all(f.id != scope_id for f in store.list_folders(user_id)):
        raise ScopeNotFound(f"you have no folder {scope_id}")


def _parse_target(target: str) -> tuple[str, int | None]:
    """The form's one "where" menu: "all", "feed:ID" or "folder:ID"."""
    if target == "all":
        return "all", None
    kind, _, raw = target.partition(":")
    if kind in ("feed", "folder") and raw.isdigit():
        return kind, int(raw)
    raise RuleError("choose where the rule applies: everywhere, a feed or a folder")


def _scope_names(svc: Services, user: User) -> dict[tuple[str, int], str]:
    names: dict[tuple[str, int], str] = {
        ("feed", s.feed_id): s.title for s in svc.store.list_subscriptions(user.id)
    }
    names.update({("folder", f.id): f.name for f in svc.store.list_folders(user.id)})
    return names


def _page(
    request: Request,
    svc: Services,
    user: User,
    *,
    status: int = 200,
    error: str | None = None,
    draft: dict[str, str] | None = None,
    applied: int | None = None,
) -> Response:
    filters: list[FilterRule] = svc.store.list_filter_rules(user.id)
    mutes: list[Mute] = svc.store.list_mutes(user.id)
    return render(
        request,
        "rules.html",
        status=status,
        title="Your rules",
        filters=filters,
        mutes=mutes,
        subs=svc.store.list_subscriptions(user.id),
        folders=svc.store.list_folders(user.id),
        scope_names=_scope_names(svc, user),
        fields=FIELDS,
        actions=ACTIONS,
        mute_kinds=MUTE_KINDS,
        field_labels=FIELD_LABELS,
        action_labels=ACTION_LABELS,
        error=error,
        draft=draft or {},
        applied=applied,
    )


@router.get("/rules")
def rules_page(
    request: Request,
    applied: int | None = Query(None, ge=0),
    user: User = Depends(require_user),
    svc: Services = Depends(services),
) -> Response:
    return _page(request, svc, user, applied=applied)


@router.post("/rules/filters")
def add_filter(
    request: Request,
    pattern: str = Form("", max_length=2000),
    target: str = Form("all", max_length=40),
    field: str = Form("any", max_length=20),
    match: str = Form("words", max_length=20),
    action: str = Form("skip", max_length=20),
    tag: str = Form("", max_length=100),
    user: User = Depends(require_user),
    svc: Services = Depends(services),
) -> Response:
    draft = {
        "pattern": pattern,
        "target": target,
        "field": field,
        "match": match,
        "action": action,
        "tag": tag,
    }
    try:
        scope, scope_id = _parse_target(target)
        check_scope(svc.store, user.id, scope, scope_id)
        svc.store.add_filter_rule(
            user.id,
            pattern=pattern.strip(),
            action=action,
            field=field,
            match=match,
            scope=scope,
            scope_id=scope_id,
            tag=tag.strip() or None,
        )
    except ScopeNotFound as exc:
        return _page(request, svc, user, status=404, error=str(exc), draft=draft)
    except RuleError as exc:
        return _page(request, svc, user, status=422, error=str(exc), draft=draft)
    return redirect("/rules")


@router.post("/rules/filters/{rule_id}/delete")
def delete_filter(
    rule_id: int, user: User = Depends(require_user), svc: Services = Depends(services)
) -> Response:
    if not svc.store.delete_filter_rule(user.id, rule_id):
        raise HTTPException(404, "No such rule")
    return redirect("/rules")


@router.post("/rules/apply")
def apply_rules(user: User = Depends(require_user), svc: Services = Depends(services)) -> Response:
    """Run the reader's filters over what is already stored (only adds marks, never removes)."""
    changed = svc.store.refilter_stored(user.id)
    return redirect(f"/rules?applied={changed}")


@router.post("/rules/mutes")
def add_mute(
    request: Request,
    kind: str = Form("topic", max_length=20),
    value: str = Form("", max_length=300),
    user: User = Depends(require_user),
    svc: Services = Depends(services),
) -> Response:
    try:
        svc.store.add_mute(user.id, kind, value)
    except ValueError as exc:
        draft = {"mute_kind": kind, "mute_value": value}
        return _page(request, svc, user, status=422, error=str(exc), draft=draft)
    return redirect("/rules")


@router.post("/rules/mutes/{mute_id}/delete")
def delete_mute(
    mute_id: int, user: User = Depends(require_user), svc: Services = Depends(services)
) -> Response:
    if not svc.store.delete_mute(user.id, mute_id):
        raise HTTPException(404, "No such mute")
    return redirect("/rules")
