"""Rules and mutes kept in the store, applied at ingest and on request (both engines)."""

from __future__ import annotations

import pytest

from broadsheet.fingerprint import content_hash
from broadsheet.models import Article, NewArticle, TopicRef
from broadsheet.rules import SKIPPED_TAG, MuteSet, RuleError
from broadsheet.store import Store


def _article(store: Store, feed_id: int, name: str, **kw: str) -> Article:
    text = kw.pop("text", f"Body of {name}, long enough to be read as an article.")
    article, _ = store.add_article(
        NewArticle(
            url=f"https://example.com/{name}",
            title=kw.pop("title", name),
            text=text,
            feed_id=feed_id,
            content_hash=content_hash(text),
            publisher=kw.pop("publisher", "Example"),
            author=kw.pop("author", None),
        )
    )
    return article


def test_rules_are_validated_ordered_and_owned(store: Store) -> None:
    ada = store.create_user("ada", "x")
    bo = store.create_user("bo", "x")
    first = store.add_filter_rule(ada.id, pattern="crypto", action="skip")
    second = store.add_filter_rule(ada.id, pattern="^Live", action="read", match="regex")
    with pytest.raises(RuleError):
        store.add_filter_rule(ada.id, pattern="(", action="skip", match="regex")
    assert [r.id for r in store.list_filter_rules(ada.id)] == [first.id, second.id]
    assert second.position > first.position
    assert store.list_filter_rules(bo.id) == []
    assert not store.delete_filter_rule(bo.id, first.id)  # not bo's rule
    assert store.delete_filter_rule(ada.id, first.id)
    assert [r.id for r in store.list_filter_rules(ada.id)] == [second.id]


def test_ingest_applies_each_subscribers_rules_to_their_own_view(store: Store) -> None:
    feed, _ = store.add_feed("https://example.com/feed.xml")
    ada = store.create_user("ada", "x")
    bo = store.create_user("bo", "x")
    sport = store.folder_for(ada.id, "Sport")
    store.subscribe(ada.id, feed.id, folder_id=sport.id)
    store.subscribe(bo.id, feed.id)
    store.add_filter_rule(ada.id, pattern="sponsored", action="skip")
    store.add_filter_rule(
        ada.id, pattern="derby", action="tag", tag="derbies", scope="folder", scope_id=sport.id
    )
    store.add_filter_rule(bo.id, pattern="derby", action="star", field="title")

    ad = _article(store, feed.id, "ad", title="Sponsored: new boots")
    derby = _article(store, feed.id, "derby", title="Derby day report")

    assert set(store.filter_article(ad)) == {ada.id}
    assert set(store.filter_article(derby)) == {ada.id, bo.id}
    assert store.skipped_article_ids(ada.id, [ad.id, derby.id]) == {ad.id}
    assert store.skipped_article_ids(bo.id, [ad.id, derby.id]) == set()
    assert store.article_tags(ada.id, [derby.id]) == {derby.id: ["derbies"]}
    states = store.article_states_for(bo.id, [derby.id])
    assert states[derby.id][1] is True  # starred for bo
    assert store.get_article(ad.id) is not None  # still stored: bo reads this feed too

    store.filter_article(derby)  # running twice changes nothing
    assert store.article_tags(ada.id, [derby.id]) == {derby.id: ["derbies"]}


def test_topic_rules_see_topics_found_by_enrichment(store: Store) -> None:
    feed, _ = store.add_feed("https://example.com/feed.xml")
    ada = store.create_user("ada", "x")
    store.subscribe(ada.id, feed.id)
    store.add_filter_rule(ada.id, pattern="Formula One", action="read", field="topic")
    article = _article(store, feed.id, "race")
    store.set_article_topics(article.id, [TopicRef(0, "formula-one", "Formula One", "theme")])
    assert store.filter_article(article)[ada.id].read


def test_apply_to_stored_articles_on_request(store: Store) -> None:
    feed, _ = store.add_feed("https://example.com/feed.xml")
    other, _ = store.add_feed("https://example.com/other.xml")
    ada = store.create_user("ada", "x")
    store.subscribe(ada.id, feed.id)
    old = [_article(store, feed.id, f"quiz-{i}", title=f"Quiz {i}") for i in range(5)]
    keep = _article(store, feed.id, "news", title="News")
    elsewhere = _article(store, other.id, "quiz-other", title="Quiz elsewhere")
    assert store.refilter_stored(ada.id) == 0  # no rules yet
    store.add_filter_rule(ada.id, pattern="quiz", action="skip")
    assert store.refilter_stored(ada.id, batch=2) == 5
    ids = [a.id for a in old] + [keep.id, elsewhere.id]
    assert store.skipped_article_ids(ada.id, ids) == {a.id for a in old}


def test_mutes_are_kept_per_reader(store: Store) -> None:
    ada = store.create_user("ada", "x")
    bo = store.create_user("bo", "x")
    muted = store.add_mute(ada.id, "publisher", "  The Daily   Example ")
    assert muted.value == "The Daily Example"
    assert store.add_mute(ada.id, "publisher", "The Daily Example").id == muted.id
    store.add_mute(ada.id, "topic", "celebrity")
    with pytest.raises(ValueError):
        store.add_mute(ada.id, "colour", "red")
    assert {(m.kind, m.value) for m in store.list_mutes(ada.id)} == {
        ("publisher", "The Daily Example"),
        ("topic", "celebrity"),
    }
    assert store.list_mutes(bo.id) == []
    feed, _ = store.add_feed("https://example.com/feed.xml")
    article = _article(store, feed.id, "a", publisher="The Daily Example")
    subject = store.subjects_for([article])[article.id]
    assert MuteSet.of(store.list_mutes(ada.id)).hides(subject)
    assert not MuteSet.of(store.list_mutes(bo.id)).hides(subject)
    assert not store.delete_mute(bo.id, muted.id)
    assert store.delete_mute(ada.id, muted.id)
    assert not MuteSet.of(store.list_mutes(ada.id)).hides(subject)


def test_skipped_tag_is_reserved_for_skip(store: Store) -> None:
    ada = store.create_user("ada", "x")
    with pytest.raises(RuleError, match="reserved"):
        store.add_filter_rule(ada.id, pattern="x", action="tag", tag=SKIPPED_TAG)
