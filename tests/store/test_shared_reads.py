"""Store.reading(): a page's reads share one connection, and writes inside still commit."""

from __future__ import annotations

from broadsheet.store import Store


def test_reads_inside_share_one_connection_and_writes_still_land(store: Store) -> None:
    connections: list[object] = []
    with store.reading():
        with store._read() as first, store._read() as second:
            connections += [first, second]
        feed, _ = store.add_feed("https://example.org/feed.xml", title="Example")
        assert store.get_feed(feed.id) is not None
    assert connections[0] is connections[1]
    with store._read() as outside:
        assert outside is not connections[0]
    assert [f.url for f in store.list_feeds()] == ["https://example.org/feed.xml"]
