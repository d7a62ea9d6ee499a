"""WebSub leases in the store, on both engines."""

from __future__ import annotations

from datetime import timedelta

from broadsheet.store import Store
from broadsheet.store.base import utcnow


def test_a_lease_is_created_renewed_and_moved(store: Store) -> None:
    feed, _ = store.add_feed("https://example.com/feed.xml")
    lease = store.upsert_websub(feed.id, hub="https://hub.example/", topic=feed.url, secret="a")
    assert lease.state == "pending" and lease.secret == "a"
    expires = utcnow() + timedelta(days=1)
    store.set_websub_state(lease.id, "verified", lease_seconds=86400, expires_at=expires)
    same = store.upsert_websub(feed.id, hub="https://hub.example/", topic=feed.url, secret="b")
    assert (same.id, same.state, same.secret) == (lease.id, "verified", "a")
    moved = store.upsert_websub(
        feed.id, hub="https://other-hub.example/", topic=feed.url, secret="c"
    )
    assert (moved.id, moved.state, moved.secret, moved.expires_at) == (
        lease.id,
        "pending",
        "c",
        None,
    )
    store.record_websub_push(lease.id, utcnow())
    got = store.get_websub(lease.id)
    assert got is not None and got.last_push_at is not None
    assert [x.id for x in store.websub_leases()] == [lease.id]
    store.delete_feed(feed.id)
    assert store.get_websub(lease.id) is None
