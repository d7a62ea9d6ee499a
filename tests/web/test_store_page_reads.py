"""The store reads the article and story pages are built from, on both engines: related
coverage by shared topics (ranked, copies left out, bounded per topic), the lighter rows
without text, and the one-query article/story reads."""

from __future__ import annotations

import pytest

from broadsheet.models import TopicRef
from broadsheet.store import Store
from broadsheet.store import stories as story_store
from tests.web.conftest import add_article


def _topic(key: str, score: float) -> TopicRef:
    return TopicRef(0, key, key.title(), "theme", score, [key.title()])


def test_related_by_topics_ranks_by_shared_score_and_leaves_out_copies(store: Store) -> None:
    me = add_article(store, 1)
    both = add_article(store, 2)
    one_strong = add_article(store, 3)
    one_weak_old = add_article(store, 4)
    one_weak_new = add_article(store, 5)
    copy = add_article(store, 6)
    unrelated = add_article(store, 7)
    store.set_article_topics(me, [_topic("floods", 1.0), _topic("kerala", 0.5)])
    store.set_article_topics(both, [_topic("floods", 0.7), _topic("kerala", 0.6)])
    store.set_article_topics(one_strong, [_topic("floods", 0.9)])
    store.set_article_topics(one_weak_old, [_topic("kerala", 0.3)])
    store.set_article_topics(one_weak_new, [_topic("kerala", 0.3)])
    store.set_article_topics(copy, [_topic("floods", 1.0), _topic("kerala", 1.0)])
    store.set_article_topics(unrelated, [_topic("cricket", 1.0)])
    store.mark_duplicate(copy, both)

    found = store.related_by_topics(me, limit=10)
    assert [a.id for a, _ in found] == [both, one_strong, one_weak_new, one_weak_old]
    # the dot product of the two articles' topic scores: 0.7 x 1.0 + 0.6 x 0.5, ...
    assert [round(s, 3) for _, s in found] == [1.0, 0.9, 0.15, 0.15]
    assert all(a.text for a, _ in found)

    light = store.related_by_topics(me, limit=2, with_text=False)
    assert [a.id for a, _ in light] == [both, one_strong]
    assert all(a.text == "" and a.title for a, _ in light)

    scores = [(t.id, t.score) for t in store.article_topics(me)]
    given = store.related_by_topics(me, limit=10, topic_scores=scores)
    assert [a.id for a, _ in given] == [a.id for a, _ in found]
    assert store.related_by_topics(unrelated) == []
    assert store.related_by_topics(add_article(store, 8)) == []


def test_related_by_topics_weighs_each_topic_by_how_much_the_article_is_about_it(
    store: Store,
) -> None:
    """A theme minor to this article ("deaths", beside a funeral stampede's main topic) does
    not outrank an article on its main topic however central it is to the other one; a theme
    minor to both is no reason to relate them at all (RELATED_FLOOR)."""
    me = add_article(store, 1)
    on_my_subject = add_article(store, 2)
    on_my_side_theme = add_article(store, 3)
    barely = add_article(store, 4)
    store.set_article_topics(
        me, [_topic("soleimani", 1.0), _topic("deaths", 0.12), _topic("iranian", 0.08)]
    )
    store.set_article_topics(on_my_subject, [_topic("soleimani", 0.4)])
    store.set_article_topics(on_my_side_theme, [_topic("deaths", 1.0)])
    store.set_article_topics(barely, [_topic("iranian", 0.1)])
    found = store.related_by_topics(me)
    assert [a.id for a, _ in found] == [on_my_subject, on_my_side_theme]
    assert story_store.RELATED_FLOOR > 0.08 * 0.1


def test_related_by_topics_looks_at_each_topics_newest_articles_only(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    me = add_article(store, 1)
    older = add_article(store, 2)
    newer = [add_article(store, n) for n in range(3, 6)]
    store.set_article_topics(me, [_topic("floods", 1.0)])
    for aid in [older, *newer]:
        store.set_article_topics(aid, [_topic("floods", 1.0)])
    monkeypatch.setattr(story_store, "RELATED_WINDOW", 3)
    # the topic's three newest links are the only candidates: the older article drops out
    assert {a.id for a, _ in store.related_by_topics(me)} == set(newer)
    monkeypatch.setattr(story_store, "RELATED_WINDOW", 1000)
    assert {a.id for a, _ in store.related_by_topics(me)} == {older, *newer}


def test_one_query_reads_match_the_separate_ones(store: Store) -> None:
    aid = add_article(store, 1, html="<p>Paragraph one.</p>")
    store.save_enrichment(aid, language="en", key_points=["Rain came early."])
    story = store.assign_story(aid, "story-1", title="Monsoon")
    store.save_story_summary(story.id, [{"text": "Rain.", "article_key": str(aid)}])

    found = store.article_with_key_points(aid)
    assert found is not None
    article, points = found
    assert article == store.get_article(aid) and article.html == "<p>Paragraph one.</p>"
    assert points == store.key_points(aid) == ["Rain came early."]
    assert store.article_with_key_points(aid + 1000) is None

    same, summary = store.story_with_summary(story.id)
    assert same == store.get_story(story.id)
    assert summary == store.story_summary(story.id)
    with pytest.raises(KeyError):
        store.story_with_summary(story.id + 1000)

    timeline = store.story_articles(story.id, with_text=False)
    assert [a.id for a in timeline] == [aid] and timeline[0].text == ""
    assert store.story_articles(story.id)[0].text
    original = store.get_article(aid)
    assert original is not None
    assert store.copies_of(original, with_text=False) == []
