"""The Fever API, driven by raw HTTP requests shaped as the Fever spec shows them
(POST /fever/?api&<what> with the api_key form field), against a real server on loopback."""

from __future__ import annotations

import hashlib
from typing import Any

import httpx

from broadsheet.store import Store
from broadsheet.store.apikeys import StreamQuery
from tests.api.seed import World


def key(name: str, password: str) -> str:
    return hashlib.md5(f"{name}:{password}".encode()).hexdigest()


def call(base: str, api_key: str, query: str, **form: Any) -> Any:
    r = httpx.post(f"{base}/fever/?api{query}", data={"api_key": api_key, **form}, timeout=10)
    assert r.status_code == 200
    return r.json()


def ids(csv: str) -> set[int]:
    return {int(x) for x in csv.split(",") if x}


def test_fever_login_groups_feeds_items(live_url: str, world: World) -> None:
    bad = call(live_url, key("alice", "wrong"), "")
    assert bad == {"api_version": 3, "auth": 0}
    web_pw = call(live_url, key("alice", "correct horse battery"), "")
    assert web_pw["auth"] == 0  # only app passwords open the API

    k = key("alice", world.alice.app_password)
    base = call(live_url, k, "")
    assert base["auth"] == 1 and base["api_version"] == 3 and "last_refreshed_on_time" in base

    got = call(live_url, k, "&groups&feeds&favicons&links")
    assert [g["title"] for g in got["groups"]] == ["News"]
    assert {f["id"] for f in got["feeds"]} == {world.feeds["daily"], world.feeds["weekly"]}
    news = got["groups"][0]["id"]
    assert got["feeds_groups"] == [{"group_id": news, "feed_ids": str(world.feeds["daily"])}]
    assert got["links"] == []
    assert {f["favicon_id"] for f in got["feeds"]} <= {fav["id"] for fav in got["favicons"]}

    mine = set(world.articles["daily"]) | set(world.articles["weekly"])
    items = call(live_url, k, "&items")
    assert {i["id"] for i in items["items"]} == mine
    assert items["total_items"] == len(mine)
    newer = call(live_url, k, "&items", since_id=str(min(mine)))["items"]
    assert {i["id"] for i in newer} == mine - {min(mine)}
    older = call(live_url, k, "&items", max_id=str(max(mine)))["items"]
    assert [i["id"] for i in older] == sorted(mine - {max(mine)}, reverse=True)
    some = sorted(mine)[:2]
    picked = call(live_url, k, "&items", with_ids=",".join(map(str, some)))["items"]
    assert sorted(i["id"] for i in picked) == some
    # bob's gazette is not alice's to read through with_ids.
    hidden = call(live_url, k, "&items", with_ids=",".join(map(str, world.articles["gazette"])))
    assert hidden["items"] == []


def test_fever_marks_change_server_state(live_url: str, api_store: Store, world: World) -> None:
    store = api_store
    alice = world.alice.user.id
    k = key("alice", world.alice.app_password)
    unread = ids(call(live_url, k, "&unread_item_ids")["unread_item_ids"])
    assert unread == set(world.articles["daily"]) | set(world.articles["weekly"])

    first = world.articles["daily"][0]
    out = call(live_url, k, "", mark="item", **{"as": "read"}, id=str(first))
    assert first not in ids(out["unread_item_ids"])
    assert store.article_states_for(alice, [first])[first][0] is True

    out = call(live_url, k, "", mark="item", **{"as": "saved"}, id=str(first))
    assert ids(out["saved_item_ids"]) == {first}
    assert ids(call(live_url, k, "&saved_item_ids")["saved_item_ids"]) == {first}
    call(live_url, k, "", mark="item", **{"as": "unsaved"}, id=str(first))
    assert store.starred_article_ids(alice) == []

    # Feed read "before" a time: only what was published by then.
    cutoff = store.get_article(world.articles["weekly"][1])
    assert cutoff is not None and cutoff.published is not None
    call(
        live_url,
        k,
        "",
        mark="feed",
        **{"as": "read"},
        id=str(world.feeds["weekly"]),
        before=str(int(cutoff.published.timestamp())),
    )
    read_now = {a for a, _ in store.stream_refs(StreamQuery(user_id=alice, read=True))}
    assert set(world.articles["weekly"][:2]) <= read_now
    assert world.articles["weekly"][2] not in read_now

    # Group read, then "Kindling" (group 0): everything.
    news = store.list_folders(alice)[0].id
    call(live_url, k, "", mark="group", **{"as": "read"}, id=str(news), before="9999999999")
    assert set(world.articles["daily"]) <= {
        a for a, _ in store.stream_refs(StreamQuery(user_id=alice, read=True))
    }
    out = call(live_url, k, "", mark="group", **{"as": "read"}, id="0", before="9999999999")
    assert out["unread_item_ids"] == ""

    # bob's items and state were never touched; alice cannot mark bob's gazette items.
    call(live_url, k, "", mark="item", **{"as": "saved"}, id=str(world.articles["gazette"][0]))
    assert store.article_states_for(alice, world.articles["gazette"]) == {}
    bob_unread = {
        a for a, _ in store.stream_refs(StreamQuery(user_id=world.bob.user.id, read=False))
    }
    assert bob_unread == set(world.articles["daily"]) | set(world.articles["gazette"])
