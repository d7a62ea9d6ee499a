"""The store methods the web app added (comments, per-user views, filtered search, settings,
bulk load), on both engines."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from broadsheet.fingerprint import content_hash
from broadsheet.models import NewArticle, TopicRef
from broadsheet.store import Store
from broadsheet.store.pages import parse_search
from tests.web.conftest import add_article

NOW = datetime.now(UTC)


def test_parse_search() -> None:
    q = parse_search('"three days early" kerala publisher:"The Hindu" topic:monsoon rain')
    assert q.phrases == [["three", "days", "early"]] and q.words == ["kerala", "rain"]
    assert q.terms == ["three days early", "kerala", "rain"]
    assert q.publisher == "The Hindu" and q.topic == "monsoon"
    assert parse_search("((").empty


def test_filtered_search_on_both_engines(store: Store) -> None:
    a = add_article(
        store,
        1,
        publisher="Reuters",
        title="Rains arrive",
        text="Monsoon rains arrived three days early in Kerala.",
    )
    b = add_article(
        store,
        2,
        publisher="The Hindu",
        title="Early days",
        text="Early on, three of the days were dry in Kerala.",
    )
    store.set_article_topics(b, [TopicRef(0, "kerala", "Kerala", "place", 1.0, ["Kerala"])])

    def ids(q: str) -> list[int]:
        return [x.id for x in store.search_filtered(parse_search(q))]

    assert ids('"three days early"') == [a]
    assert set(ids("kerala")) == {a, b}
    assert ids("kerala publisher:reuters") == [a]
    assert ids("topic:kerala") == [b]
    assert ids("publisher:nobody") == []
    assert len(store.search_filtered(parse_search("kerala"), limit=1, offset=1)) == 1


def test_comments_threading_and_ownership(store: Store) -> None:
    aid = add_article(store, 1)
    ann = store.create_user("ann", "h")
    bob = store.create_user("bob", "h")
    top = store.add_comment(ann.id, body="a", body_html="<p>a</p>", article_id=aid)
    reply = store.add_comment(
        bob.id, body="b", body_html="<p>b</p>", article_id=aid, parent_id=top.id
    )
    deeper = store.add_comment(
        ann.id, body="c", body_html="<p>c</p>", article_id=aid, parent_id=reply.id
    )
    assert deeper.parent_id == top.id
    assert not store.edit_comment(bob.id, top.id, body="x", body_html="x")
    assert not store.delete_own_comment(bob.id, top.id)
    assert store.edit_comment(ann.id, top.id, body="a2", body_html="<p>a2</p>")
    assert store.report_comment(top.id) and store.reported_comments()[0].id == top.id
    assert store.comments_since(ann.id, NOW - timedelta(minutes=1)) == 2
    with pytest.raises(ValueError):
        store.add_comment(ann.id, body="x", body_html="x")
    assert store.delete_own_comment(ann.id, top.id)
    assert store.comments_for(article_id=aid) == []  # replies go with their parent


def test_user_views_and_settings(store: Store) -> None:
    feed, _ = store.add_feed("https://f.example/rss")
    other, _ = store.add_feed("https://g.example/rss")
    mine = add_article(store, 1, feed_id=feed.id, published=NOW)
    add_article(store, 2, feed_id=other.id, published=NOW)
    ann = store.create_user("ann", "h")
    folder = store.folder_for(ann.id, "News")
    store.subscribe(ann.id, feed.id, folder_id=folder.id)
    assert [a.id for a in store.user_articles(ann.id, view="unread")] == [mine]
    assert store.unread_count(ann.id) == 1
    store.set_article_state(ann.id, [mine], read=True, starred=True)
    assert store.user_articles(ann.id, view="unread") == []
    assert [a.id for a in store.user_articles(ann.id, view="starred")] == [mine]
    assert [a.id for a in store.user_articles(ann.id, folder_id=folder.id)] == [mine]
    assert store.folder_owner(folder.id) == ann.id
    assert store.get_setting("signup_open") is None
    store.set_setting("signup_open", "0")
    store.set_setting("signup_open", "1")
    assert store.get_setting("signup_open") == "1"


def test_bulk_load(store: Store) -> None:
    items = [
        NewArticle(
            url=f"https://b.example/{n}",
            title=f"T{n}",
            text=f"text {n}",
            content_hash=content_hash(f"text {n}"),
            publisher=f"P{n % 3}",
            published=NOW - timedelta(minutes=n),
        )
        for n in range(6)
    ]
    topic = TopicRef(0, "t", "T", "theme", 0.5, ["T"])
    assert store.bulk_load(items, [f"s{n % 2}" for n in range(6)], [[topic]] * 6) == 6
    stories = store.latest_stories()
    assert sorted(s.article_count for s in stories) == [3, 3]
    assert store.topic_counts([a.id for a in store.latest_articles()])[0][1] == 6
    assert len(store.search_filtered(parse_search("text"))) == 6
    add_article(store, 99)  # ids keep flowing after a bulk load (sequences on PostgreSQL)


def test_trending_topics_rank_what_articles_are_about_above_passing_words(store: Store) -> None:
    ids = [add_article(store, n, published=NOW) for n in range(5)]
    bridge = TopicRef(0, "harbour-bridge", "Harbour Bridge", "place", 1.0, ["Harbour Bridge"])
    passing = TopicRef(0, "people", "people", "theme", 0.1, ["people"])
    for article_id in ids[:2]:
        store.set_article_topics(article_id, [bridge, passing])
    for article_id in ids[2:]:
        store.set_article_topics(article_id, [passing])
    ranked = store.topic_counts(ids)
    # the bridge is the main topic of two articles; "people" a weak one of all five
    assert [(t.key, n) for t, n in ranked] == [("harbour-bridge", 2), ("people", 5)]
    assert store.topic_counts(ids, limit=1)[0][0].name == "Harbour Bridge"
