"""Retention on both engines: what is dropped, what is kept forever, and batching."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from broadsheet.config import Settings
from broadsheet.fingerprint import content_hash
from broadsheet.models import Article, NewArticle
from broadsheet.ops.retention import RetentionPolicy, is_expired, run_retention
from broadsheet.store import Store

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)


def _add(store: Store, name: str, age_days: int, feed_id: int) -> Article:
    text = f"The body of {name}, long enough to be a real article about {name}."
    article, _ = store.add_article(
        NewArticle(
            url=f"https://example.com/{name}",
            title=name,
            text=text,
            feed_id=feed_id,
            publisher="Example",
            published=NOW - timedelta(days=age_days),
            content_hash=content_hash(text),
        )
    )
    return article


def _titles(store: Store) -> set[str]:
    return {a.title for a in store.latest_articles(limit=500, include_duplicates=True)}


def test_retention_keeps_starred_discussed_and_recent_and_story_summaries(store: Store) -> None:
    feed, _ = store.add_feed("https://example.com/feed.xml")
    user = store.create_user("ada", "x")
    old_unread = _add(store, "old-unread", 40, feed.id)
    old_read = _add(store, "old-read", 40, feed.id)
    old_starred = _add(store, "old-starred", 400, feed.id)
    old_discussed = _add(store, "old-discussed", 400, feed.id)
    recent = _add(store, "recent", 2, feed.id)
    store.set_article_state(user.id, [old_read.id], read=True)
    store.set_article_state(user.id, [old_starred.id], starred=True, read=True)
    store.add_comment(user.id, body="hm", body_html="<p>hm</p>", article_id=old_discussed.id)
    story = store.assign_story(old_unread.id, "story-1", title="A story")
    store.save_story_summary(story.id, [{"text": "What happened"}])

    report = run_retention(
        store, RetentionPolicy(unread_days=30, read_days=0), now=NOW, sleep=lambda _s: None
    )

    assert report.unread_deleted == 1 and report.read_deleted == 0
    assert _titles(store) == {"old-read", "old-starred", "old-discussed", "recent"}
    assert store.get_story(story.id) is not None
    assert store.story_summary(story.id) == [{"text": "What happened"}]
    assert recent.id in {a.id for a in store.latest_articles(limit=10)}

    report = run_retention(
        store, RetentionPolicy(unread_days=30, read_days=30), now=NOW, sleep=lambda _s: None
    )
    assert report.read_deleted == 1
    assert _titles(store) == {"old-starred", "old-discussed", "recent"}


def test_retention_runs_in_batches_until_done(store: Store) -> None:
    feed, _ = store.add_feed("https://example.com/feed.xml")
    for i in range(7):
        _add(store, f"old-{i}", 100, feed.id)
    _add(store, "new", 1, feed.id)
    pauses: list[float] = []
    report = run_retention(
        store, RetentionPolicy(unread_days=30, batch_size=3), now=NOW, sleep=pauses.append
    )
    assert report.deleted == 7
    assert report.batches == 3
    assert len(pauses) == 2  # a pause between full batches, none after the last
    assert _titles(store) == {"new"}


def test_a_duplicate_survives_its_original_being_dropped(store: Store) -> None:
    feed, _ = store.add_feed("https://example.com/feed.xml")
    text = "Wire copy published word for word by two different outlets today."
    original, _ = store.add_article(
        NewArticle(
            url="https://a.example/1",
            title="orig",
            text=text,
            publisher="A",
            feed_id=feed.id,
            published=NOW - timedelta(days=90),
            content_hash=content_hash(text),
        )
    )
    user = store.create_user("bo", "x")
    copy, _ = store.add_article(
        NewArticle(
            url="https://b.example/1",
            title="copy",
            text=text,
            publisher="B",
            feed_id=feed.id,
            published=NOW - timedelta(days=90),
            content_hash=content_hash(text),
        )
    )
    assert copy.duplicate_of == original.id
    store.set_article_state(user.id, [copy.id], starred=True)
    run_retention(store, RetentionPolicy(unread_days=30), now=NOW, sleep=lambda _s: None)
    kept = store.get_article(copy.id)
    assert kept is not None and kept.duplicate_of is None
    assert store.get_article(original.id) is None


def test_retention_off_by_default_and_expiry_check_for_ingest() -> None:
    policy = RetentionPolicy.from_settings(Settings())
    assert not policy.enabled
    assert not is_expired(NOW - timedelta(days=5000), policy, NOW)
    policy = RetentionPolicy(unread_days=30)
    assert is_expired(NOW - timedelta(days=31), policy, NOW)
    assert not is_expired(NOW - timedelta(days=29), policy, NOW)
    assert not is_expired(None, policy, NOW)


def test_queue_depth_counts_due_feeds(store: Store) -> None:
    a, _ = store.add_feed("https://example.com/a.xml")
    b, _ = store.add_feed("https://example.com/b.xml")
    assert store.count_due_feeds(NOW) == 2
    store.record_fetch_success(
        a.id, fetched_at=NOW, next_check_at=NOW + timedelta(hours=1), etag=None, last_modified=None
    )
    assert store.count_due_feeds(NOW) == 1
    assert b.id in {f.id for f in store.due_feeds(NOW)}
