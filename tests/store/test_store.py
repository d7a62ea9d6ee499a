"""The store contract, run against every engine (SQLite always, PostgreSQL when reachable)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import inspect

from broadsheet.fingerprint import content_hash
from broadsheet.models import NewArticle
from broadsheet.store import Store, open_store
from broadsheet.store.engine import migrate
from broadsheet.store.schema import metadata


def _article(url: str, text: str, **kw: object) -> NewArticle:
    return NewArticle(
        url=url,
        title=kw.pop("title", "A title"),
        text=text,  # type: ignore[arg-type]
        content_hash=content_hash(text),
        **kw,
    )  # type: ignore[arg-type]


def test_migrated_schema_matches_table_definitions(store: Store) -> None:
    inspector = inspect(store.engine)
    for table in metadata.sorted_tables:
        columns = {c["name"] for c in inspector.get_columns(table.name)}
        assert {c.name for c in table.columns} <= columns, table.name


def test_migrate_twice_is_harmless(store: Store) -> None:
    migrate(store.engine)
    assert store.count_articles() == 0


def test_adding_a_feed_twice_returns_the_first(store: Store) -> None:
    first, created = store.add_feed("https://example.com/feed.xml", title="Example")
    again, created_again = store.add_feed("https://example.com/feed.xml", title="Other")
    assert created and not created_again
    assert again.id == first.id and again.title == "Example"
    assert [f.url for f in store.list_feeds()] == ["https://example.com/feed.xml"]


def test_fetch_state_round_trips(store: Store) -> None:
    feed, _ = store.add_feed("https://example.com/feed.xml")
    now = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    store.record_fetch_success(
        feed.id,
        fetched_at=now,
        next_check_at=now + timedelta(minutes=15),
        etag='"abc"',
        last_modified="Fri, 02 Jan 2026 03:04:05 GMT",
        title="Example News",
    )
    got = store.get_feed(feed.id)
    assert got is not None
    assert got.etag == '"abc"' and got.last_modified.startswith("Fri")  # type: ignore[union-attr]
    assert got.last_fetched_at == now and got.next_check_at == now + timedelta(minutes=15)
    assert got.title == "Example News" and got.error_count == 0
    store.record_fetch_error(feed.id, error="HTTP 500", fetched_at=now, next_check_at=now)
    store.record_fetch_error(feed.id, error="HTTP 503", fetched_at=now, next_check_at=now)
    got = store.get_feed(feed.id)
    assert got is not None and got.error_count == 2 and got.last_error == "HTTP 503"
    assert got.etag == '"abc"', "an error must not forget the validators"


def test_due_feeds_are_never_fetched_or_overdue(store: Store) -> None:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    a, _ = store.add_feed("https://a.example/feed")
    b, _ = store.add_feed("https://b.example/feed")
    c, _ = store.add_feed("https://c.example/feed")
    store.record_fetch_success(
        b.id, fetched_at=now, next_check_at=now + timedelta(hours=1), etag=None, last_modified=None
    )
    store.record_fetch_success(
        c.id,
        fetched_at=now,
        next_check_at=now - timedelta(minutes=1),
        etag=None,
        last_modified=None,
    )
    assert {f.id for f in store.due_feeds(now)} == {a.id, c.id}


def test_articles_are_stored_once_by_url_and_by_text(store: Store) -> None:
    first, created = store.add_article(
        _article("https://x.example/a", "Some words.", publisher="X")
    )
    assert created
    again, created = store.add_article(
        _article("https://x.example/a", "Changed words.", publisher="X")
    )
    assert not created and again.id == first.id
    same_text, created = store.add_article(
        _article("https://x.example/a-amp", "Some  words.", publisher="X")
    )
    assert not created and same_text.id == first.id
    assert store.count_articles() == 1


def test_same_text_from_another_publisher_is_a_marked_copy(store: Store) -> None:
    wire, _ = store.add_article(_article("https://x.example/a", "Wire copy text.", publisher="X"))
    copy, created = store.add_article(
        _article("https://y.example/b", "Wire copy text.", publisher="Y")
    )
    assert created and copy.duplicate_of == wire.id
    assert [a.id for a in store.duplicates_of(wire.id)] == [copy.id]
    assert [a.id for a in store.latest_articles()] == [wire.id], "copies are shown once"


def test_latest_articles_newest_first_and_by_publisher(store: Store) -> None:
    base = datetime(2025, 5, 1, tzinfo=UTC)
    for i in range(5):
        store.add_article(
            _article(
                f"https://x.example/{i}",
                f"Text number {i}.",
                publisher="X" if i % 2 else "Y",
                published=base + timedelta(hours=i),
            )
        )
    latest = store.latest_articles(limit=3)
    assert [a.url for a in latest] == [f"https://x.example/{i}" for i in (4, 3, 2)]
    assert {a.publisher for a in store.latest_articles(publisher="X")} == {"X"}
    assert dict(store.publishers()) == {"Y": 3, "X": 2}


def test_full_text_search_finds_words_and_ignores_syntax(store: Store) -> None:
    store.add_article(
        _article(
            "https://x.example/1", "The volcano erupted near Reykjavik.", title="Iceland eruption"
        )
    )
    store.add_article(_article("https://x.example/2", "Parliament was prorogued.", title="Brexit"))
    assert [a.url for a in store.search_articles("volcano")] == ["https://x.example/1"]
    assert [a.url for a in store.search_articles("iceland")] == ["https://x.example/1"]
    assert store.search_articles('"unbalanced AND (') == []
    assert store.search_articles("") == []


def test_entries_remember_what_was_stored(store: Store) -> None:
    feed, _ = store.add_feed("https://x.example/feed")
    article, _ = store.add_article(_article("https://x.example/1", "Body."))
    store.record_entry(feed.id, "guid-1", article.id)
    store.record_entry(feed.id, "guid-2", None, error="HTTP 404")
    assert store.known_entries(feed.id, ["guid-1", "guid-2", "guid-3"]) == {"guid-1"}
    assert store.entry_errors(feed.id) == [("guid-2", "HTTP 404")]


def test_data_survives_reopening(store_url: str) -> None:
    first = open_store(store_url)
    first.add_article(_article("https://x.example/1", "Body."))
    first.close()
    second = open_store(store_url)
    try:
        assert second.count_articles() == 1
    finally:
        second.close()
