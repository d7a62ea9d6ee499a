"""REST filters and mutes: a round trip (add, list, get, apply, delete), 422 problems that say
why a rule cannot work, and that another user's rules, feeds and folders answer 404."""

from __future__ import annotations

from fastapi.testclient import TestClient

from broadsheet.rules import SKIPPED_TAG
from broadsheet.store import Store
from tests.api.seed import World

V1 = "/api/v1"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_filters_and_mutes_round_trip(client: TestClient, api_store: Store, world: World) -> None:
    h = bearer(world.alice.token)
    assert client.get(f"{V1}/filters", headers=h).json() == []
    daily = world.feeds["daily"]
    title = api_store.get_article(world.articles["daily"][0])
    assert title is not None

    made = client.post(
        f"{V1}/filters",
        json={
            "pattern": title.title,
            "field": "title",
            "action": "skip",
            "scope": "feed",
            "scope_id": daily,
        },
        headers=h,
    )
    assert made.status_code == 201, made.text
    rule = made.json()
    assert rule["scope"] == "feed" and rule["scope_id"] == daily and rule["match"] == "words"
    starred = client.post(
        f"{V1}/filters", json={"pattern": ".", "match": "regex", "action": "star"}, headers=h
    ).json()
    listed = client.get(f"{V1}/filters", headers=h).json()
    assert [r["id"] for r in listed] == [rule["id"], starred["id"]]
    assert client.get(f"{V1}/filters/{rule['id']}", headers=h).json() == rule

    applied = client.post(f"{V1}/filters/apply", headers=h)
    assert applied.status_code == 200
    followed = world.articles["daily"] + world.articles["weekly"]
    assert applied.json()["changed"] == len(followed)  # the "." rule stars every one
    states = api_store.article_states_for(world.alice.user.id, followed)
    # Skip wins over star: the one skipped article is read and tagged, the others starred.
    assert states.pop(title.id) == (True, False)
    assert all(starred_ for _, starred_ in states.values())
    tags = api_store.article_tags(world.alice.user.id, followed)
    assert [aid for aid, t in tags.items() if SKIPPED_TAG in t] == [title.id]

    mute = client.post(
        f"{V1}/mutes", json={"kind": "publisher", "value": "  The  Daily "}, headers=h
    )
    assert mute.status_code == 201 and mute.json()["value"] == "The Daily"
    again = client.post(f"{V1}/mutes", json={"kind": "publisher", "value": "The Daily"}, headers=h)
    assert again.json()["id"] == mute.json()["id"]  # muting twice is harmless
    assert client.get(f"{V1}/mutes", headers=h).json() == [mute.json()]

    for r in listed:
        assert client.delete(f"{V1}/filters/{r['id']}", headers=h).status_code == 204
    assert client.delete(f"{V1}/mutes/{mute.json()['id']}", headers=h).status_code == 204
    assert client.get(f"{V1}/filters", headers=h).json() == []
    assert client.get(f"{V1}/mutes", headers=h).json() == []
    assert client.delete(f"{V1}/mutes/{mute.json()['id']}", headers=h).status_code == 404


def test_broken_rules_are_422_problems_that_say_why(client: TestClient, world: World) -> None:
    h = bearer(world.alice.token)
    bad = client.post(
        f"{V1}/filters",
        json={"pattern": "(unclosed", "match": "regex", "action": "skip"},
        headers=h,
    )
    assert bad.status_code == 422
    assert bad.headers["content-type"].startswith("application/problem+json")
    assert "not a valid regular expression" in bad.json()["detail"]
    no_tag = client.post(f"{V1}/filters", json={"pattern": "x", "action": "tag"}, headers=h)
    assert no_tag.status_code == 422 and "needs the tag" in no_tag.json()["detail"]
    no_scope = client.post(
        f"{V1}/filters", json={"pattern": "x", "action": "skip", "scope": "feed"}, headers=h
    )
    assert no_scope.status_code == 422 and "needs the feed" in no_scope.json()["detail"]
    bad_action = client.post(f"{V1}/filters", json={"pattern": "x", "action": "zap"}, headers=h)
    assert bad_action.status_code == 422 and bad_action.json()["errors"][0]["loc"][-1] == "action"
    blank = client.post(f"{V1}/mutes", json={"kind": "topic", "value": "   "}, headers=h)
    assert blank.status_code == 422 and "say what to mute" in blank.json()["detail"]
    assert client.get(f"{V1}/filters", headers=h).json() == []
    assert client.get(f"{V1}/mutes", headers=h).json() == []


def test_another_users_rules_feeds_and_folders_answer_404(
    client: TestClient, api_store: Store, world: World
) -> None:
    bob = world.bob.user
    rule = api_store.add_filter_rule(bob.id, pattern="bobword", action="star")
    mute = api_store.add_mute(bob.id, "author", "Bobs Nemesis")
    bobs_folder = api_store.folder_for(bob.id, "Bobs")
    h = bearer(world.alice.token)

    assert client.get(f"{V1}/filters", headers=h).json() == []
    assert client.get(f"{V1}/mutes", headers=h).json() == []
    assert client.get(f"{V1}/filters/{rule.id}", headers=h).status_code == 404
    assert client.delete(f"{V1}/filters/{rule.id}", headers=h).status_code == 404
    assert client.delete(f"{V1}/mutes/{mute.id}", headers=h).status_code == 404
    gazette = client.post(
        f"{V1}/filters",
        json={
            "pattern": "x",
            "action": "skip",
            "scope": "feed",
            "scope_id": world.feeds["gazette"],
        },
        headers=h,
    )
    assert gazette.status_code == 404
    folder = client.post(
        f"{V1}/filters",
        json={"pattern": "x", "action": "skip", "scope": "folder", "scope_id": bobs_folder.id},
        headers=h,
    )
    assert folder.status_code == 404
    client.post(f"{V1}/filters/apply", headers=h)
    assert api_store.list_filter_rules(bob.id) == [rule]
    assert api_store.list_mutes(bob.id) == [mute]
    assert client.get(f"{V1}/filters").status_code == 401
