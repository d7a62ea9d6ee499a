"""The REST API in-process (ASGI): bearer auth, feeds, articles, state, OPML, problem details,
and that one user can never read or change another's subscriptions, folders or state."""

from __future__ import annotations

from fastapi.testclient import TestClient

from broadsheet.store import Store
from tests.api.seed import WEB_PASSWORD, World

V1 = "/api/v1"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_auth_and_problem_details(client: TestClient, world: World) -> None:
    r = client.get(f"{V1}/feeds")
    assert r.status_code == 401
    assert r.headers["content-type"].startswith("application/problem+json")
    body = r.json()
    assert body["status"] == 401 and body["title"] and body["detail"] and body["type"]
    assert client.get(f"{V1}/feeds", headers=bearer("nope")).status_code == 401
    bad = client.get(f"{V1}/articles", params={"limit": "many"}, headers=bearer(world.alice.token))
    assert bad.status_code == 422 and bad.json()["errors"][0]["loc"] == ["query", "limit"]
    assert client.get(f"{V1}/openapi.json").json()["info"]["title"] == "Broadsheet REST API"

    # The web password mints a token; the token then works and can be revoked.
    made = client.post(f"{V1}/tokens", json={"label": "cli"}, auth=("alice", WEB_PASSWORD))
    assert made.status_code == 201
    token = made.json()["token"]
    assert client.get(f"{V1}/me", headers=bearer(token)).json()["name"] == "alice"
    assert client.post(f"{V1}/tokens", json={}, auth=("alice", "wrong")).status_code == 401
    assert (
        client.delete(f"{V1}/tokens/{made.json()['id']}", headers=bearer(token)).status_code == 204
    )
    assert client.get(f"{V1}/me", headers=bearer(token)).status_code == 401


def test_feeds_articles_state_and_opml(client: TestClient, api_store: Store, world: World) -> None:
    h = bearer(world.alice.token)
    feeds = client.get(f"{V1}/feeds", headers=h).json()
    assert {f["id"]: f["unread_count"] for f in feeds} == {
        world.feeds["daily"]: 4,
        world.feeds["weekly"]: 3,
    }
    page = client.get(f"{V1}/articles", params={"limit": 5}, headers=h).json()
    rest = client.get(
        f"{V1}/articles", params={"limit": 5, "cursor": page["next_cursor"]}, headers=h
    ).json()
    got = [a["id"] for a in page["items"] + rest["items"]]
    assert sorted(got) == sorted(world.articles["daily"] + world.articles["weekly"])
    assert rest["next_cursor"] is None

    aid = world.articles["weekly"][0]
    r = client.patch(f"{V1}/articles/{aid}", json={"read": True, "starred": True}, headers=h)
    assert r.json()["read"] and r.json()["starred"] and r.json()["text"]
    assert api_store.article_states_for(world.alice.user.id, [aid])[aid] == (True, True)
    unread = client.get(f"{V1}/articles", params={"status": "unread"}, headers=h).json()
    assert aid not in {a["id"] for a in unread["items"]}
    starred = client.get(f"{V1}/articles", params={"starred": True}, headers=h).json()
    assert [a["id"] for a in starred["items"]] == [aid]

    marked = client.post(
        f"{V1}/articles/mark-read", json={"feed_id": world.feeds["daily"]}, headers=h
    )
    assert marked.json() == {"count": 4}
    assert client.get(f"{V1}/feeds/{world.feeds['daily']}", headers=h).json()["unread_count"] == 0

    found = client.get(f"{V1}/search", params={"q": "weekly headline"}, headers=h).json()
    assert aid in {a["id"] for a in found}

    opml = client.get(f"{V1}/opml", headers=h)
    assert "daily.example/feed.xml" in opml.text and 'text="News"' in opml.text
    imported = client.post(
        f"{V1}/opml",
        content=opml.text.replace("daily.example", "other.example").encode(),
        headers={**h, "Content-Type": "text/x-opml"},
    )
    assert imported.json() == {"added": 1, "already_subscribed": 1}
    bad = client.post(f"{V1}/opml", content=b"<rss/>", headers={**h, "Content-Type": "text/xml"})
    assert bad.status_code == 400 and "not OPML" in bad.json()["detail"]

    edited = client.patch(
        f"{V1}/feeds/{world.feeds['weekly']}", json={"folder": "Later", "title": "W"}, headers=h
    ).json()
    assert edited["folder"] == "Later" and edited["title"] == "W"
    errors = client.get(f"{V1}/feeds/{world.feeds['weekly']}/errors", headers=h).json()
    assert errors["error_count"] == 0 and errors["entries"] == []
    assert client.delete(f"{V1}/feeds/{world.feeds['weekly']}", headers=h).status_code == 204
    assert api_store.get_subscription(world.alice.user.id, world.feeds["weekly"]) is None


def test_two_users_never_reach_each_other(
    client: TestClient, api_store: Store, world: World
) -> None:
    alice, bob = bearer(world.alice.token), bearer(world.bob.token)
    gazette = world.feeds["gazette"]  # bob's only
    for method, path, body in [
        ("GET", f"/feeds/{gazette}", None),
        ("PATCH", f"/feeds/{gazette}", {"title": "mine now"}),
        ("DELETE", f"/feeds/{gazette}", None),
        ("GET", f"/feeds/{gazette}/errors", None),
        ("POST", "/articles/mark-read", {"feed_id": gazette}),
    ]:
        r = client.request(method, V1 + path, json=body, headers=alice)
        assert r.status_code == 404, (method, path)
    bobs_folder = api_store.list_folders(world.bob.user.id)[0].id
    assert (
        client.patch(f"{V1}/folders/{bobs_folder}", json={"name": "x"}, headers=alice).status_code
        == 404
    )
    assert client.delete(f"{V1}/folders/{bobs_folder}", headers=alice).status_code == 404
    assert (
        client.get(f"{V1}/articles", params={"folder_id": bobs_folder}, headers=alice).status_code
        == 404
    )
    bob_pw = api_store.list_app_passwords(world.bob.user.id)[0].id
    assert client.delete(f"{V1}/app-passwords/{bob_pw}", headers=alice).status_code == 404
    bob_token = api_store.list_api_tokens(world.bob.user.id)[0].id
    assert client.delete(f"{V1}/tokens/{bob_token}", headers=alice).status_code == 404

    # A shared article: alice's state on it is hers alone.
    shared = world.articles["daily"][0]
    client.patch(f"{V1}/articles/{shared}", json={"read": True, "starred": True}, headers=alice)
    assert client.get(f"{V1}/articles/{shared}", headers=bob).json()["read"] is False
    assert api_store.article_states_for(world.bob.user.id, [shared]) == {}
    client.post(f"{V1}/articles/mark-read", json={}, headers=alice)
    bob_feeds = client.get(f"{V1}/feeds", headers=bob).json()
    assert sum(f["unread_count"] for f in bob_feeds) == 6
    assert api_store.get_subscription(world.bob.user.id, gazette) is not None


def test_greader_and_fever_keep_users_apart(client: TestClient, world: World) -> None:
    login = client.post(
        "/accounts/ClientLogin", data={"Email": "alice", "Passwd": world.bob.app_password}
    )
    assert login.status_code == 401  # bob's app password is not alice's
    auth = (
        client.post(
            "/accounts/ClientLogin", data={"Email": "alice", "Passwd": world.alice.app_password}
        )
        .text.split("Auth=")[1]
        .strip()
    )
    h = {"Authorization": f"GoogleLogin auth={auth}"}
    forged = "2/" + auth.split("/", 1)[1]  # alice's MAC under another app password's id
    assert (
        client.get(
            "/reader/api/0/user-info", headers={"Authorization": f"GoogleLogin auth={forged}"}
        ).status_code
        == 401
    )
    gazette = world.feeds["gazette"]
    ids = client.get(
        "/reader/api/0/stream/items/ids", params={"s": f"feed/{gazette}"}, headers=h
    ).json()
    assert ids["itemRefs"] == []
    contents = client.post(
        "/reader/api/0/stream/items/contents",
        data={"i": [str(i) for i in world.articles["gazette"]]},
        headers=h,
    ).json()
    assert contents["items"] == []
    client.post(
        "/reader/api/0/edit-tag",
        data={"i": str(world.articles["gazette"][0]), "a": "user/-/state/com.google/starred"},
        headers=h,
    )
    assert (
        client.get(
            "/reader/api/0/stream/items/ids",
            params={"s": "user/-/state/com.google/starred"},
            headers=h,
        ).json()["itemRefs"]
        == []
    )
    assert client.get("/reader/api/0/subscription/list", headers={}).status_code == 401
    r = client.get(
        "/reader/api/0/subscription/list", headers={"Authorization": "GoogleLogin auth=x"}
    )
    assert r.status_code == 401 and r.headers["x-reader-google-bad-token"] == "true"
