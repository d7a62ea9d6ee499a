"""Table definitions: the one description of the schema that queries are written against.

Alembic migrations (store/migrations) create these tables on both engines; a test compares the
migrated database with this metadata so the two cannot drift apart.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on both engines (SQLite has no timezone type)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        assert isinstance(value, datetime)
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


metadata = MetaData()

feeds = Table(
    "feeds",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("url", String(2048), nullable=False, unique=True),
    Column("title", Text, nullable=False, default=""),
    Column("site_url", String(2048)),
    Column("publisher", Text),
    Column("kind", String(16), nullable=False, default="feed"),
    Column("full_text", Boolean, nullable=False, default=True),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("last_fetched_at", UTCDateTime),
    Column("next_check_at", UTCDateTime),
    Column("last_error", Text),
    Column("error_count", Integer, nullable=False, default=0),
    Column("hub", String(2048)),
    Column("created_at", UTCDateTime, nullable=False),
    Index("ix_feeds_next_check_at", "next_check_at"),
)

stories = Table(
    "stories",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String(64), nullable=False, unique=True),
    Column("title", Text, nullable=False, default=""),
    Column("first_published", UTCDateTime),
    Column("last_published", UTCDateTime),
    Column("article_count", Integer, nullable=False, default=0),
    Column("publisher_count", Integer, nullable=False, default=0),
    Column("summary_json", Text),
    Column("updated_at", UTCDateTime),
    Index("ix_stories_last_published", "last_published"),
)

articles = Table(
    "articles",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("url", String(2048), nullable=False, unique=True),
    Column("content_hash", String(64), nullable=False),
    Column("title", Text, nullable=False, default=""),
    Column("text", Text, nullable=False, default=""),
    Column("html", Text, nullable=False, default=""),
    Column("summary", Text, nullable=False, default=""),
    Column("feed_id", Integer, ForeignKey("feeds.id", ondelete="SET NULL")),
    Column("publisher", Text),
    Column("author", Text),
    Column("published", UTCDateTime),
    Column("updated", UTCDateTime),
    Column("fetched_at", UTCDateTime, nullable=False),
    Column("language", String(16)),
    Column("image", String(2048)),
    Column("credit", Text),
    Column("story_id", Integer, ForeignKey("stories.id", ondelete="SET NULL")),
    Column("duplicate_of", Integer, ForeignKey("articles.id", ondelete="SET NULL")),
    Column("key_points_json", Text),
    Column("enriched_at", UTCDateTime),
    Index("ix_articles_content_hash", "content_hash"),
    Index("ix_articles_published", "published"),
    Index("ix_articles_feed_published", "feed_id", "published"),
    Index("ix_articles_story", "story_id"),
    Index("ix_articles_publisher", "publisher"),
    # Partial: only copies are listed (few), and a query for originals (IS NULL, nearly every
    # row) can never pick this index over a selective one such as ix_articles_story.
    Index(
        "ix_articles_duplicate_of",
        "duplicate_of",
        sqlite_where=text("duplicate_of IS NOT NULL"),
        postgresql_where=text("duplicate_of IS NOT NULL"),
    ),
)

# One row per (feed, entry): lets a re-poll skip entries already stored, and records every feed an
# article reached us through (the same article in two feeds is stored once).
entries = Table(
    "entries",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("feed_id", Integer, ForeignKey("feeds.id", ondelete="CASCADE"), nullable=False),
    Column("guid", String(2048), nullable=False),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE")),
    Column("error", Text),
    Column("seen_at", UTCDateTime, nullable=False),
    UniqueConstraint("feed_id", "guid", name="uq_entries_feed_guid"),
    Index("ix_entries_article", "article_id"),
)

topics = Table(
    "topics",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String(200), nullable=False, unique=True),
    Column("name", Text, nullable=False),
    Column("kind", String(32), nullable=False, default="theme"),
)

article_topics = Table(
    "article_topics",
    metadata,
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("topic_id", Integer, ForeignKey("topics.id", ondelete="CASCADE"), primary_key=True),
    Column("score", Float, nullable=False, default=0.0),
    Column("mentions_json", Text),
    Index("ix_article_topics_topic_article", "topic_id", "article_id", "score"),
)

# Features the stories stage needs to rebuild its in-memory index after a restart.
article_features = Table(
    "article_features",
    metadata,
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("vector", LargeBinary),
    Column("signature", LargeBinary),
)

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(100), nullable=False, unique=True),
    Column("password_hash", Text, nullable=False),
    Column("is_admin", Boolean, nullable=False, default=False),
    Column("is_banned", Boolean, nullable=False, default=False),
    Column("created_at", UTCDateTime, nullable=False),
)

folders = Table(
    "folders",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("name", String(200), nullable=False),
    UniqueConstraint("user_id", "name", name="uq_folders_user_name"),
)

subscriptions = Table(
    "subscriptions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("feed_id", Integer, ForeignKey("feeds.id", ondelete="CASCADE"), nullable=False),
    Column("folder_id", Integer, ForeignKey("folders.id", ondelete="SET NULL")),
    Column("title", Text),
    Column("created_at", UTCDateTime, nullable=False),
    UniqueConstraint("user_id", "feed_id", name="uq_subscriptions_user_feed"),
)

article_states = Table(
    "article_states",
    metadata,
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("read", Boolean, nullable=False, default=False),
    Column("starred", Boolean, nullable=False, default=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Index("ix_article_states_user_starred", "user_id", "starred"),
)

app_passwords = Table(
    "app_passwords",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("label", String(200), nullable=False),
    Column("password_hash", Text, nullable=False),
    Column("fever_key", String(64)),
    Column("created_at", UTCDateTime, nullable=False),
    Column("last_used_at", UTCDateTime),
    Index("ix_app_passwords_fever", "fever_key"),
)

api_tokens = Table(
    "api_tokens",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("label", String(200), nullable=False, default=""),
    Column("created_at", UTCDateTime, nullable=False),
)

comments = Table(
    "comments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE")),
    Column("story_id", Integer, ForeignKey("stories.id", ondelete="CASCADE")),
    Column("parent_id", Integer, ForeignKey("comments.id", ondelete="CASCADE")),
    Column("body", Text, nullable=False),
    Column("body_html", Text, nullable=False),
    Column("hidden", Boolean, nullable=False, default=False),
    Column("reports", Integer, nullable=False, default=0),
    Column("created_at", UTCDateTime, nullable=False),
    Column("edited_at", UTCDateTime),
    Index("ix_comments_article", "article_id"),
    Index("ix_comments_story", "story_id"),
)

settings_kv = Table(
    "settings_kv",
    metadata,
    Column("key", String(200), primary_key=True),
    Column("value", Text, nullable=False),
)

# -- the reader's own rules and WebSub (migration 0003) --------------------------------------
# A filter belongs to one reader; `scope` says where it applies (all | feed | folder, with the
# feed or folder id in scope_id). Rules run in `position` order; see broadsheet.rules.
filter_rules = Table(
    "filter_rules",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("scope", String(16), nullable=False, default="all"),
    Column("scope_id", Integer),
    Column("field", String(16), nullable=False, default="any"),
    Column("match", String(16), nullable=False, default="words"),
    Column("pattern", Text, nullable=False),
    Column("action", String(16), nullable=False),
    Column("tag", String(200)),
    Column("position", Integer, nullable=False, default=0),
    Column("created_at", UTCDateTime, nullable=False),
    Index("ix_filter_rules_user", "user_id"),
)

# Topics, authors or publishers a reader never wants to see (front page, stories, related).
mutes = Table(
    "mutes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("value", String(500), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    UniqueConstraint("user_id", "kind", "value", name="uq_mutes_user_kind_value"),
)

# Tags a filter (or the reader) put on an article, per reader.
article_tags = Table(
    "article_tags",
    metadata,
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("tag", String(200), primary_key=True),
)

# One WebSub subscription per feed: the hub, the secret pushes are signed with, and the lease.
websub_subscriptions = Table(
    "websub_subscriptions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "feed_id", Integer, ForeignKey("feeds.id", ondelete="CASCADE"), nullable=False, unique=True
    ),
    Column("hub", String(2048), nullable=False),
    Column("topic", String(2048), nullable=False),
    Column("secret", String(128), nullable=False),
    Column("state", String(16), nullable=False, default="pending"),
    Column("lease_seconds", Integer),
    Column("expires_at", UTCDateTime),
    Column("last_push_at", UTCDateTime),
    Column("created_at", UTCDateTime, nullable=False),
)

# Machine translations of articles, cached per language (made on request with the optional LLM).
article_translations = Table(
    "article_translations",
    metadata,
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("language", String(16), primary_key=True),
    Column("title", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("model", String(200), nullable=False, default=""),
    Column("created_at", UTCDateTime, nullable=False),
)
