"""Ingest's understanding stage with a real store: the language enrich detects is the one the
stories stage judges by, so a report in another language joins its story (tests/stories covers
the engine itself)."""

from __future__ import annotations

import dataclasses

from broadsheet.config import Settings
from broadsheet.fingerprint import content_hash
from broadsheet.models import NewArticle
from broadsheet.store import Store
from broadsheet.stories import StoryDoc
from broadsheet.understand import Understanding
from tests.stories.crosstexts import FESTIVAL_FR, FLOOD_DE, FLOOD_EN


def _ingest(store: Store, understanding: Understanding, doc: StoryDoc) -> int:
    article, _ = store.add_article(  # stored without a language: enrich detects it
        NewArticle(
            url=f"https://news.example/{doc.key}",
            title=doc.title,
            text=doc.text,
            content_hash=content_hash(doc.text),
            publisher=f"Publisher of {doc.key}",
        )
    )
    understanding.on_article(article)
    stored = store.get_article(article.id)
    assert stored is not None and stored.story_id is not None
    return stored.story_id


def test_a_report_in_another_language_joins_the_story(settings: Settings, store: Store) -> None:
    understanding = Understanding(settings, store)
    flood = _ingest(store, understanding, FLOOD_EN)
    assert _ingest(store, understanding, FLOOD_DE) == flood
    assert _ingest(store, understanding, FESTIVAL_FR) != flood
    languages = {a.language for a in store.story_articles(flood)}
    assert languages == {"en", "de"}


def test_the_setting_keeps_languages_apart(settings: Settings, store: Store) -> None:
    understanding = Understanding(
        dataclasses.replace(settings, stories_across_languages=False), store
    )
    flood = _ingest(store, understanding, FLOOD_EN)
    assert _ingest(store, understanding, FLOOD_DE) != flood


def test_after_a_restart_the_story_is_still_joined_across_languages(
    settings: Settings, store: Store
) -> None:
    flood = _ingest(store, Understanding(settings, store), FLOOD_EN)
    restarted = Understanding(settings, store)  # warms up from the store on its first article
    assert _ingest(store, restarted, FLOOD_DE) == flood
