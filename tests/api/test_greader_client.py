"""The PyPI `google-reader` client (by Miniflux's author) against a real server on loopback.

Install: pip install --ignore-requires-python google-reader (its metadata asks for Python 3.12;
it runs on 3.11).
"""

from __future__ import annotations

import pytest

from broadsheet.store import Store
from tests.api.seed import World

google_reader = pytest.importorskip(
    "google_reader", reason="pip install --ignore-requires-python google-reader"
)

READ = "user/-/state/com.google/read"
STARRED = "user/-/state/com.google/starred"
READING_LIST = "user/-/state/com.google/reading-list"


def unread_ids(store: Store, user_id: int) -> set[int]:
    from broadsheet.store.apikeys import StreamQuery

    return {aid for aid, _ in store.stream_refs(StreamQuery(user_id=user_id, read=False))}


def test_google_reader_client_end_to_end(live_url: str, api_store: Store, world: World) -> None:
    store = api_store
    client = google_reader.Client(live_url)
    alice = world.alice.user
    with pytest.raises(google_reader.AuthenticationError):
        client.login("alice", "correct horse battery")  # the web password is not an API password
    auth = client.login("alice", world.alice.app_password)
    token = client.get_token(auth)
    assert token

    info = client.get_user_info(auth)
    assert info.user_name == "alice"

    subs = client.list_subscriptions(auth)
    assert {s.id for s in subs} == {f"feed/{world.feeds['daily']}", f"feed/{world.feeds['weekly']}"}
    daily = next(s for s in subs if s.id == f"feed/{world.feeds['daily']}")
    assert [c.label for c in daily.categories] == ["News"]

    tags = client.list_tags(auth)
    assert "user/-/label/News" in {t.id for t in tags}
    assert STARRED in {t.id for t in tags}

    # Item ids, paged with continuation, cover exactly alice's articles.
    expected = set(world.articles["daily"]) | set(world.articles["weekly"])
    seen: list[int] = []
    continuation = None
    while True:
        page = client.get_stream_items_ids(auth, READING_LIST, limit=3, continuation=continuation)
        seen += [int(ref.id) for ref in page.item_refs]
        continuation = page.continuation
        if not continuation:
            break
    assert sorted(seen) == sorted(expected) and len(seen) == len(set(seen))

    contents = client.get_stream_items_contents(
        auth, token, [google_reader.get_long_item_id(i) for i in seen[:2]]
    )
    assert [item.id for item in contents.items] == [
        google_reader.get_long_item_id(i) for i in seen[:2]
    ]
    first = store.get_article(seen[0])
    assert first is not None
    assert contents.items[0].title == first.title
    assert contents.items[0].canonical[0].href == first.url

    # Mark one read and star another; the server's state changes, and so do filtered listings.
    target, star = seen[0], seen[1]
    client.edit_tags(auth, token, [google_reader.get_long_item_id(target)], add_tags=[READ])
    client.edit_tags(auth, token, [str(star)], add_tags=[STARRED])
    states = store.article_states_for(alice.id, [target, star])
    assert states[target][0] is True and states[star][1] is True
    unread_refs = client.get_stream_items_ids(auth, READING_LIST, exclude_target=READ)
    assert target not in {int(r.id) for r in unread_refs.item_refs}
    starred_refs = client.get_stream_items_ids(auth, STARRED)
    assert [int(r.id) for r in starred_refs.item_refs] == [star]

    client.edit_tags(auth, token, [str(target)], remove_tags=[READ])
    assert target in unread_ids(store, alice.id)

    # Labels: rename, then delete (feeds stay, unfiled).
    client.rename_tag(auth, token, "user/-/label/News", "Headlines")
    assert [f.name for f in store.list_folders(alice.id)] == ["Headlines"]
    client.edit_subscription(
        auth, token, f"feed/{world.feeds['weekly']}", "edit", add_label_id="user/-/label/Later"
    )
    sub = store.get_subscription(alice.id, world.feeds["weekly"])
    assert sub is not None and sub.folder == "Later"
    client.disable_tag(auth, token, "user/-/label/Headlines")
    sub = store.get_subscription(alice.id, world.feeds["daily"])
    assert sub is not None and sub.folder is None

    # Mark all as read on one feed, then on the whole reading list.
    client.mark_all_as_read(auth, token, f"feed/{world.feeds['daily']}")
    assert unread_ids(store, alice.id) == set(world.articles["weekly"])
    client.mark_all_as_read(auth, token, READING_LIST)
    assert unread_ids(store, alice.id) == set()
    # bob's state is untouched by all of this.
    assert unread_ids(store, world.bob.user.id) == set(world.articles["daily"]) | set(
        world.articles["gazette"]
    )

    client.edit_subscription(auth, token, f"feed/{world.feeds['weekly']}", "unsubscribe")
    assert store.get_subscription(alice.id, world.feeds["weekly"]) is None


def test_revoked_app_password_ends_the_session(
    live_url: str, api_store: Store, world: World
) -> None:
    store = api_store
    client = google_reader.Client(live_url)
    auth = client.login("alice", world.alice.app_password)
    assert client.list_subscriptions(auth)
    for record in store.list_app_passwords(world.alice.user.id):
        store.revoke_app_password(world.alice.user.id, record.id)
    with pytest.raises(google_reader.AuthenticationError):
        client.list_subscriptions(auth)
    with pytest.raises(google_reader.AuthenticationError):
        client.login("alice", world.alice.app_password)
