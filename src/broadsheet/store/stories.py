"""Stories, topics, key points and the features the stories stage rebuilds from."""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Float,
    Select,
    TextualSelect,
    and_,
    bindparam,
    column,
    delete,
    desc,
    func,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.exc import IntegrityError

from broadsheet.models import Article, Story, TopicRef
from broadsheet.store.articles import (
    _CARD_COLUMNS,
    _LIST_COLUMNS,
    ArticleStore,
    article_from_row,
)
from broadsheet.store.base import insert_ignore, utcnow
from broadsheet.store.schema import (
    article_features,
    article_topics,
    articles,
    stories,
    topics,
)

RELATED_WINDOW = 1000  # per topic: how many of its most recently stored articles can be related
RELATED_TOPICS = 12  # an article's strongest topics that related coverage is looked up by
# An article is related by the dot product of the two articles' topic scores over the shared
# topics, and one below this is not related at all: a theme minor to both ("deaths" at 0.12 in
# a funeral stampede report) is not a reason to show an article. Measured on the demo corpus
# with the multilingual encoder's cosine of the two articles as the judge (random pairs: 0.234):
# the top five by the candidate's own topic scores alone 0.431 (top one 0.497, 9.2% of items
# under 0.2), by the dot product 0.434 (0.505, 8.1%), with this floor 0.438 (7.9%).
RELATED_FLOOR = 0.02


@functools.cache
def _related_query(n_topics: int, with_text: bool) -> TextualSelect:
    """Related articles for `n_topics` topics (bound as :t0, :t1…, weighed by :w0, :w1…): each
    topic's newest :window links (an index range scan on (topic_id, article_id) that stops
    early), their scores times the topic's weight summed per article, those under :floor left
    out; the best :pool are joined to their articles, copies dropped, :limit kept."""
    windows = " UNION ALL ".join(
        f"SELECT * FROM (SELECT article_id, score * :w{n} AS score FROM article_topics "
        f"WHERE topic_id = :t{n} ORDER BY article_id DESC LIMIT :window) AS w{n}"
        for n in range(n_topics)
    )
    cols = _LIST_COLUMNS if with_text else _CARD_COLUMNS
    selected = ", ".join(f"a.{c.name}" for c in cols)
    return text(
        f"SELECT {selected}, r.s AS related_score FROM ("
        f"SELECT c.article_id, sum(c.score) AS s FROM ({windows}) AS c "
        "WHERE c.article_id != :article GROUP BY c.article_id HAVING sum(c.score) >= :floor "
        "ORDER BY s DESC, c.article_id DESC LIMIT :pool) AS r "
        "JOIN articles a ON a.id = r.article_id WHERE a.duplicate_of IS NULL "
        "ORDER BY r.s DESC, a.id DESC LIMIT :limit"
    ).columns(*cols, column("related_score", Float))


# The article page's reads, built once: building a statement and its cache key per call cost
# more than SQLite's time to run these (each is an index lookup).
_ARTICLE_BY_ID = select(articles).where(articles.c.id == bindparam("id"))
_STORY_BY_ID = select(stories).where(stories.c.id == bindparam("id"))
_ARTICLE_TOPICS = (
    select(
        topics.c.id,
        topics.c.key,
        topics.c.name,
        topics.c.kind,
        article_topics.c.score,
        article_topics.c.mentions_json,
    )
    .join(article_topics, article_topics.c.topic_id == topics.c.id)
    .where(article_topics.c.article_id == bindparam("id"))
    .order_by(desc(article_topics.c.score))
)


def _story_articles_query(with_text: bool) -> Select[Any]:
    when = func.coalesce(articles.c.published, articles.c.fetched_at)
    return (
        select(*(_LIST_COLUMNS if with_text else _CARD_COLUMNS))
        .where(articles.c.story_id == bindparam("id"))
        .order_by(when, articles.c.id)
    )


_STORY_ARTICLES = {True: _story_articles_query(True), False: _story_articles_query(False)}


def _story(row: Any) -> Story:
    m = row._mapping
    return Story(
        id=m["id"],
        key=m["key"],
        title=m["title"],
        first_published=m["first_published"],
        last_published=m["last_published"],
        article_count=m["article_count"],
        publisher_count=m["publisher_count"],
    )


class StoryStore(ArticleStore):
    # -- stories -------------------------------------------------------------------------------
    def assign_story(self, article_id: int, story_key: str, *, title: str) -> Story:
        """Put an article in the story with this key (created on first use) and recount it."""
        story = self.get_story_by_key(story_key)
        if story is None:
            try:
                with self._write() as conn:
                    conn.execute(
                        insert(stories).values(
                            key=story_key,
                            title=title,
                            article_count=0,
                            publisher_count=0,
                            updated_at=utcnow(),
                        )
                    )
            except IntegrityError:
                pass  # created concurrently
            story = self.get_story_by_key(story_key)
            assert story is not None
        with self._write() as conn:
            conn.execute(
                update(articles).where(articles.c.id == article_id).values(story_id=story.id)
            )
            self._recount(conn, story.id)
        fresh = self.get_story(story.id)
        assert fresh is not None
        return fresh

    def _recount(self, conn: Any, story_id: int) -> None:
        when = func.coalesce(articles.c.published, articles.c.fetched_at)
        row = conn.execute(
            select(
                func.count(),
                func.count(func.distinct(articles.c.publisher)),
                func.min(when),
                func.max(when),
            ).where(articles.c.story_id == story_id)
        ).one()
        first = conn.execute(
            select(articles.c.title)
            .where(articles.c.story_id == story_id)
            .order_by(when, articles.c.id)
            .limit(1)
        ).first()
        conn.execute(
            update(stories)
            .where(stories.c.id == story_id)
            .values(
                article_count=row[0],
                publisher_count=row[1],
                first_published=row[2],
                last_published=row[3],
                title=first[0] if first else "",
                updated_at=utcnow(),
            )
        )

    def get_story(self, story_id: int) -> Story | None:
        with self._read() as conn:
            row = conn.execute(select(stories).where(stories.c.id == story_id)).first()
        return _story(row) if row else None

    def get_story_by_key(self, key: str) -> Story | None:
        with self._read() as conn:
            row = conn.execute(select(stories).where(stories.c.key == key)).first()
        return _story(row) if row else None

    def get_stories(self, ids: Iterable[int]) -> dict[int, Story]:
        wanted = list(set(ids))
        if not wanted:
            return {}
        with self._read() as conn:
            rows = conn.execute(select(stories).where(stories.c.id.in_(wanted))).all()
        return {r.id: _story(r) for r in rows}

    def story_articles(self, story_id: int, *, with_text: bool = True) -> list[Article]:
        """Every article of the story (copies included), oldest first: the coverage timeline.
        `with_text=False` leaves the text out, for pages that list titles only."""
        with self._read() as conn:
            rows = conn.execute(_STORY_ARTICLES[with_text], {"id": story_id}).all()
        return [article_from_row(r) for r in rows]

    def latest_stories(
        self, *, limit: int = 30, offset: int = 0, since: datetime | None = None
    ) -> list[Story]:
        query = select(stories).where(stories.c.article_count > 0)
        if since is not None:
            query = query.where(stories.c.last_published >= since)
        query = query.order_by(desc(stories.c.last_published), desc(stories.c.id))
        with self._read() as conn:
            rows = conn.execute(query.limit(limit).offset(offset)).all()
        return [_story(r) for r in rows]

    def save_story_summary(self, story_id: int, summary: Sequence[dict[str, Any]]) -> None:
        with self._write() as conn:
            conn.execute(
                update(stories)
                .where(stories.c.id == story_id)
                .values(summary_json=json.dumps(list(summary)))
            )

    def story_with_summary(self, story_id: int) -> tuple[Story, list[dict[str, Any]] | None]:
        """The story and its summary (None: none yet) in one query; KeyError if no such story."""
        with self._read() as conn:
            row = conn.execute(_STORY_BY_ID, {"id": story_id}).first()
        if row is None:
            raise KeyError(story_id)
        raw = row._mapping["summary_json"]
        return _story(row), list(json.loads(raw)) if raw else None

    def story_summary(self, story_id: int) -> list[dict[str, Any]] | None:
        with self._read() as conn:
            raw = conn.execute(
                select(stories.c.summary_json).where(stories.c.id == story_id)
            ).scalar()
        return list(json.loads(raw)) if raw else None

    # -- topics --------------------------------------------------------------------------------
    def set_article_topics(self, article_id: int, found: Sequence[TopicRef]) -> None:
        """Replace an article's topics; topic rows are shared across articles by key."""
        with self._write() as conn:
            conn.execute(delete(article_topics).where(article_topics.c.article_id == article_id))
            for topic in sorted(found, key=lambda t: t.key):
                insert_ignore(
                    conn, topics, {"key": topic.key, "name": topic.name, "kind": topic.kind}
                )
                topic_id = int(
                    conn.execute(select(topics.c.id).where(topics.c.key == topic.key)).scalar_one()
                )
                insert_ignore(
                    conn,
                    article_topics,
                    {
                        "article_id": article_id,
                        "topic_id": topic_id,
                        "score": topic.score,
                        "mentions_json": json.dumps(topic.mentions),
                    },
                )

    def article_topics(self, article_id: int) -> list[TopicRef]:
        with self._read() as conn:
            rows = conn.execute(_ARTICLE_TOPICS, {"id": article_id}).all()
        return [
            TopicRef(r.id, r.key, r.name, r.kind, r.score, json.loads(r.mentions_json or "[]"))
            for r in rows
        ]

    def get_topic(self, key: str) -> TopicRef | None:
        with self._read() as conn:
            r = conn.execute(select(topics).where(topics.c.key == key)).first()
        return TopicRef(r.id, r.key, r.name, r.kind) if r else None

    def topic_articles(self, topic_id: int, *, limit: int = 30, offset: int = 0) -> list[Article]:
        when = func.coalesce(articles.c.published, articles.c.fetched_at)
        with self._read() as conn:
            rows = conn.execute(
                select(*_LIST_COLUMNS)
                .join(article_topics, article_topics.c.article_id == articles.c.id)
                .where(
                    and_(article_topics.c.topic_id == topic_id, articles.c.duplicate_of.is_(None))
                )
                .order_by(desc(when), desc(articles.c.id))
                .limit(limit)
                .offset(offset)
            ).all()
        return [article_from_row(r) for r in rows]

    def related_by_topics(
        self,
        article_id: int,
        *,
        limit: int = 20,
        with_text: bool = True,
        topic_scores: Sequence[tuple[int, float]] | None = None,
    ) -> list[tuple[Article, float]]:
        """Other articles sharing this one's topics, by the dot product of their topic scores
        (RELATED_FLOOR at least), ties newest first (a store-side index, so any process can
        answer it without the ingest process's memory).

        Each topic contributes its RELATED_WINDOW most recently stored articles: a topic as broad
        as a country gathers tens of thousands, and summing them all would make every article
        page cost more as the archive grows. `with_text=False` leaves the text out (lists that
        show titles only read a fraction of the bytes); `topic_scores`, the article's (topic id,
        score) pairs best first when the caller has them already, saves looking them up."""
        with self._read() as conn:
            mine = (
                list(topic_scores[:RELATED_TOPICS])
                if topic_scores is not None
                else [
                    (int(r[0]), float(r[1]))
                    for r in conn.execute(
                        select(article_topics.c.topic_id, article_topics.c.score)
                        .where(article_topics.c.article_id == article_id)
                        .order_by(desc(article_topics.c.score), article_topics.c.topic_id)
                        .limit(RELATED_TOPICS)
                    )
                ]
            )
            if not mine:
                return []
            rows = conn.execute(
                _related_query(len(mine), with_text),
                {
                    "article": article_id,
                    "window": RELATED_WINDOW,
                    "pool": limit * 3,
                    "limit": limit,
                    "floor": RELATED_FLOOR,
                    **{f"t{n}": t for n, (t, _) in enumerate(mine)},
                    **{f"w{n}": w for n, (_, w) in enumerate(mine)},
                },
            ).all()
        return [(article_from_row(r), float(r._mapping["related_score"])) for r in rows]

    # -- enrichment ----------------------------------------------------------------------------
    def save_enrichment(
        self, article_id: int, *, language: str | None, key_points: Sequence[str]
    ) -> None:
        values: dict[str, Any] = {
            "key_points_json": json.dumps(list(key_points)),
            "enriched_at": utcnow(),
        }
        if language:
            values["language"] = language
        with self._write() as conn:
            conn.execute(update(articles).where(articles.c.id == article_id).values(**values))

    def article_with_key_points(self, article_id: int) -> tuple[Article, list[str]] | None:
        """The article (html included) and its key points in one query: what the article
        page opens with (each query costs more in the driver layers than in SQLite)."""
        with self._read() as conn:
            row = conn.execute(_ARTICLE_BY_ID, {"id": article_id}).first()
        if row is None:
            return None
        raw = row._mapping["key_points_json"]
        return article_from_row(row), list(json.loads(raw)) if raw else []

    def key_points(self, article_id: int) -> list[str]:
        with self._read() as conn:
            raw = conn.execute(
                select(articles.c.key_points_json).where(articles.c.id == article_id)
            ).scalar()
        return list(json.loads(raw)) if raw else []

    def save_features(
        self, article_id: int, *, vector: bytes | None, signature: bytes | None
    ) -> None:
        with self._write() as conn:
            conn.execute(
                delete(article_features).where(article_features.c.article_id == article_id)
            )
            conn.execute(
                insert(article_features).values(
                    article_id=article_id, vector=vector, signature=signature
                )
            )

    def features_for(
        self, article_ids: Iterable[int]
    ) -> dict[int, tuple[bytes | None, bytes | None]]:
        ids = list(article_ids)
        if not ids:
            return {}
        with self._read() as conn:
            rows = conn.execute(
                select(article_features).where(article_features.c.article_id.in_(ids))
            ).all()
        return {r.article_id: (r.vector, r.signature) for r in rows}
