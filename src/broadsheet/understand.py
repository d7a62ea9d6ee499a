"""The understanding stages attached to ingest: enrich (language, topics, key points) and
stories (duplicates, story clustering, story summaries).

One `Understanding` per process holds the stories stage's in-memory index. It is rebuilt from
the store at start-up (decisions already stored are replayed, not re-decided), so clustering
survives a restart. The pipeline calls `on_article` after each newly stored article.
"""

from __future__ import annotations

import logging
import threading
from datetime import UTC, datetime

from broadsheet.config import Settings
from broadsheet.enrich import (
    SourceArticle,
    detect_language,
    extract_topics,
    key_points,
    summarize_story,
)
from broadsheet.models import Article, TopicRef
from broadsheet.pipeline import ArticleHook
from broadsheet.store import Store
from broadsheet.stories.doc import StoryDoc
from broadsheet.stories.engine import DEFAULT_WINDOW, StoryEngine

log = logging.getLogger(__name__)

# A story summary is recomputed from at most this many of its articles (the newest).
_SUMMARY_SOURCES = 12


def story_doc(article: Article, language: str | None = None) -> StoryDoc:
    """`language`: the one enrich detected, where the stored article does not carry it yet."""
    return StoryDoc(
        key=str(article.id),
        title=article.title,
        text=article.text,
        published=article.published or article.fetched_at,
        publisher=article.publisher,
        language=language or article.language,
        url=article.url,
    )


def source_article(article: Article) -> SourceArticle:
    return SourceArticle(
        key=str(article.id),
        title=article.title,
        text=article.text,
        publisher=article.publisher,
        published=article.published,
        url=article.url,
    )


class Understanding:
    def __init__(self, settings: Settings, store: Store) -> None:
        self.settings = settings
        self.store = store
        self.engine = StoryEngine(cross_language=settings.stories_across_languages)
        self._lock = threading.Lock()  # the engine is fed in arrival order, one at a time
        self._warm = False

    def warm(self) -> int:
        """Replay stored decisions of the recent window into the engine; returns how many."""
        with self._lock:
            if self._warm:
                return 0
            since = datetime.now(UTC) - DEFAULT_WINDOW
            recent = self.store.articles_since(since, limit=self.engine.max_docs)
            stories = self.store.get_stories(a.story_id for a in recent if a.story_id)
            replayed = 0
            for article in recent:
                story = stories.get(article.story_id) if article.story_id else None
                if story is None:
                    continue
                dup = str(article.duplicate_of) if article.duplicate_of else None
                self.engine.add_existing(story_doc(article), story.key, dup)
                replayed += 1
            self._warm = True
            return replayed

    def on_article(self, article: Article) -> None:
        self.warm()
        language = detect_language(article.text) or article.language
        topics = extract_topics(article.title, article.text, language)
        points = key_points(article.title, article.text, language)
        # One article at a time from here: the engine must see arrivals in order, and the
        # shared rows (topics, stories) are written in one consistent order (no deadlocks).
        with self._lock:
            self.store.save_enrichment(article.id, language=language, key_points=points)
            self.store.set_article_topics(
                article.id,
                [TopicRef(0, t.key, t.name, t.kind, t.score, t.mentions) for t in topics],
            )
            decision = self.engine.add(story_doc(article, language))
            if decision.duplicate_of and article.duplicate_of is None:
                self.store.mark_duplicate(article.id, int(decision.duplicate_of))
            story = self.store.assign_story(article.id, decision.story_key, title=article.title)
            if story.article_count > 1:
                self.summarize(story.id)

    def summarize(self, story_id: int) -> None:
        members = self.store.story_articles(story_id)[-_SUMMARY_SOURCES:]
        sentences = summarize_story([source_article(a) for a in members if a.duplicate_of is None])
        self.store.save_story_summary(
            story_id,
            [
                {
                    "text": s.text,
                    "article_key": s.article_key,
                    "publisher": s.publisher,
                    "published": s.published.isoformat() if s.published else None,
                    "url": s.url,
                }
                for s in sentences
            ],
        )


def article_hooks(settings: Settings, store: Store) -> list[ArticleHook]:
    understanding = Understanding(settings, store)

    def apply_reader_rules(article: Article) -> None:
        # After enrichment, so rules can match on topics.
        store.filter_article(article)

    return [understanding.on_article, apply_reader_rules]
