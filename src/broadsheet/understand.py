"""The understanding stages attached to ingest: enrich (language, topics, key points) and
stories (duplicates, clustering). Built once per process; the pipeline calls the hooks after
each newly stored article."""

from __future__ import annotations

from broadsheet.config import Settings
from broadsheet.pipeline import ArticleHook
from broadsheet.store import Store


def article_hooks(settings: Settings, store: Store) -> list[ArticleHook]:
    return []
