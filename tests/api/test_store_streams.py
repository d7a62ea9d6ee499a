"""The stream queries behind all three APIs, on both engines (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime

from broadsheet.store import Store
from broadsheet.store.apikeys import StreamQuery
from tests.api.seed import add_articles


def test_streams_filter_page_and_mark_per_user(store: Store) -> None:
    alice = store.create_user("alice", "x").id
    bob = store.create_user("bob", "x").id
    feed, _ = store.add_feed("https://a.example/feed", title="A")
    other, _ = store.add_feed("https://b.example/feed", title="B")
    start = datetime(2024, 1, 1, tzinfo=UTC)
    ids = add_articles(store, feed.id, "alpha", 5, start)
    others = add_articles(store, other.id, "beta", 2, start)
    store.subscribe(alice, feed.id, folder_id=store.folder_for(alice, "F").id)
    store.subscribe(bob, other.id)

    newest = store.stream_refs(StreamQuery(user_id=alice))
    assert [i for i, _ in newest] == list(reversed(ids))
    page1 = store.stream_refs(StreamQuery(user_id=alice, limit=2))
    page2 = store.stream_refs(
        StreamQuery(user_id=alice, limit=10, after=(page1[-1][1], page1[-1][0]))
    )
    assert [i for i, _ in page1 + page2] == list(reversed(ids))
    after = store.stream_refs(StreamQuery(user_id=alice, published_after=newest[1][1]))
    assert {i for i, _ in after} == set(ids[-2:])

    assert store.set_states_bulk(alice, ids[:2], read=True) == 2
    assert {i for i, _ in store.stream_refs(StreamQuery(user_id=alice, read=False))} == set(ids[2:])
    folder = store.list_folders(alice)[0].id
    assert store.stream_count(StreamQuery(user_id=alice, folder_id=folder, read=False)) == 3
    counts = store.unread_counts(alice)
    assert [(c.feed_id, c.count) for c in counts] == [(feed.id, 3)]
    assert counts[0].newest is not None and counts[0].newest.tzinfo is not None

    assert store.mark_stream_read(StreamQuery(user_id=alice)) == 3
    assert store.stream_count(StreamQuery(user_id=alice, read=False)) == 0
    # bob: untouched, and alice's feed is not in his streams.
    assert {i for i, _ in store.stream_refs(StreamQuery(user_id=bob, read=False))} == set(others)
    assert store.visible_article_ids(bob, ids + others) == set(others)
    assert store.stream_refs(StreamQuery(user_id=bob, feed_ids=[feed.id])) == []


def test_app_passwords_and_tokens_are_per_user(store: Store) -> None:
    alice = store.create_user("alice", "x").id
    bob = store.create_user("bob", "x").id
    pw = store.add_app_password(alice, "phone", "hash", "f" * 32)
    assert store.app_password_by_fever_key("f" * 32) == pw
    assert store.revoke_app_password(bob, pw.id) is False
    assert store.revoke_app_password(alice, pw.id) is True
    assert store.app_password_by_fever_key("f" * 32) is None
    token = store.add_api_token(alice, "d" * 64, "cli")
    user = store.user_for_token_hash("d" * 64)
    assert user is not None and user.id == alice
    assert store.revoke_api_token(bob, token.id) is False
    assert [t.id for t in store.list_api_tokens(alice)] == [token.id]
