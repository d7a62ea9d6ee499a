"""Every route that takes an id, tried by another reader: nothing of theirs is shown or changed,
and pages for signed-in readers send strangers to the sign-in form."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

from broadsheet.store import Store
from tests.web.conftest import add_article, as_user, csrf_of, make_user


def test_another_readers_things_are_out_of_reach(
    app_factory: Callable[[], TestClient], sqlite_store: Store
) -> None:
    store = sqlite_store
    alice, mallory = make_user(store, "alice"), make_user(store, "mallory")
    feed, _ = store.add_feed("https://feeds.example/rss", title="Example")
    aid = add_article(store, 1, feed_id=feed.id, title="Alice reads this")
    folder = store.folder_for(alice.id, "Alice's folder")
    store.subscribe(alice.id, feed.id, folder_id=folder.id)
    store.set_article_state(alice.id, [aid], starred=True)
    comment = store.add_comment(alice.id, body="mine", body_html="<p>mine</p>", article_id=aid)

    m = as_user(app_factory(), mallory)
    token = csrf_of(m, "/")
    # Alice's folder: not viewable, not renameable, not deletable, its feed needs her token.
    assert m.get(f"/folders/{folder.id}").status_code == 404
    assert (
        m.post(f"/folders/{folder.id}/rename", data={"name": "x", "csrf_token": token}).status_code
        == 404
    )
    assert m.post(f"/folders/{folder.id}/delete", data={"csrf_token": token}).status_code == 404
    assert m.get(f"/folders/{folder.id}/feed.rss").status_code == 404
    assert m.get(f"/folders/{folder.id}/feed.rss", params={"token": "0" * 32}).status_code == 404
    assert [f.name for f in store.list_folders(alice.id)] == ["Alice's folder"]
    # Alice's subscription: Mallory cannot move or drop it.
    assert m.post(f"/subscriptions/{feed.id}/delete", data={"csrf_token": token}).status_code == 404
    assert (
        m.post(
            f"/subscriptions/{feed.id}/folder", data={"folder": "x", "csrf_token": token}
        ).status_code
        == 404
    )
    assert store.get_subscription(alice.id, feed.id) is not None
    # Alice's comment: not editable or deletable by Mallory (reporting is allowed).
    assert (
        m.post(
            f"/comments/{comment.id}/edit", data={"body": "pwned", "csrf_token": token}
        ).status_code
        == 404
    )
    assert m.post(f"/comments/{comment.id}/delete", data={"csrf_token": token}).status_code == 404
    assert m.post(f"/comments/{comment.id}/hide", data={"csrf_token": token}).status_code == 403
    after = store.get_comment(comment.id)
    assert after is not None and after.body == "mine" and not after.hidden
    # Starring an article changes Mallory's state only; her lists do not show Alice's.
    assert "Alice reads this" not in m.get("/starred").text
    assert "Alice reads this" not in m.get("/unread").text
    m.post(f"/articles/{aid}/star", data={"csrf_token": token})
    assert store.article_states_for(alice.id, [aid])[aid] == (False, True)
    assert store.article_states_for(mallory.id, [aid])[aid][1] is True
    m.post(f"/articles/{aid}/star", data={"csrf_token": token})
    assert store.article_states_for(alice.id, [aid])[aid][1] is True
    # Admin pages refuse non-admins.
    for path in ["/admin"]:
        assert m.get(path).status_code == 403
    assert (
        m.post(f"/admin/users/{alice.id}", data={"action": "ban", "csrf_token": token}).status_code
        == 403
    )
    assert m.post(f"/admin/feeds/{feed.id}/delete", data={"csrf_token": token}).status_code == 403
    assert (
        m.post(
            f"/admin/comments/{comment.id}", data={"action": "delete", "csrf_token": token}
        ).status_code
        == 403
    )
    alice_now = store.get_user(alice.id)
    assert alice_now is not None and not alice_now.is_banned
    assert store.get_feed(feed.id) is not None and store.get_comment(comment.id) is not None

    # Alice herself sees her things.
    a = as_user(app_factory(), alice)
    assert "Alice reads this" in a.get(f"/folders/{folder.id}").text
    assert "Alice reads this" in a.get("/starred").text


def test_reader_pages_need_sign_in(app_factory: Callable[[], TestClient]) -> None:
    c = app_factory()
    for path in ["/unread", "/starred", "/subscriptions", "/account", "/folders/1", "/admin"]:
        reply = c.get(path, follow_redirects=False)
        assert reply.status_code == 303 and reply.headers["location"].startswith("/signin?next=")
    token = csrf_of(c)
    assert c.post("/articles/1/star", data={"csrf_token": token}).status_code == 401


def test_folder_feed_works_with_the_owners_token(
    app_factory: Callable[[], TestClient], sqlite_store: Store
) -> None:
    alice = make_user(sqlite_store, "alice")
    feed, _ = sqlite_store.add_feed("https://feeds.example/rss", title="Example")
    add_article(sqlite_store, 1, feed_id=feed.id, title="In the folder")
    folder = sqlite_store.folder_for(alice.id, "World")
    sqlite_store.subscribe(alice.id, feed.id, folder_id=folder.id)
    a = as_user(app_factory(), alice)
    page = a.get(f"/folders/{folder.id}")
    link = page.text.split('rel="alternate" type="application/rss+xml"')[1].split('href="')[1]
    href = link.split('"')[0].replace("&amp;", "&")
    stranger = app_factory()
    feed_doc = stranger.get(href)
    assert feed_doc.status_code == 200 and "In the folder" in feed_doc.text
