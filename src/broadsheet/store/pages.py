"""Queries the reader's pages need beyond the other mixins: site settings, per-user views
(unread, starred, folders), front-page candidates and filtered full-text search."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    Integer,
    Select,
    and_,
    bindparam,
    desc,
    func,
    insert,
    or_,
    select,
    text,
    update,
)

from broadsheet.models import Article, NewArticle, TopicRef
from broadsheet.store.articles import _CARD_COLUMNS, _LIST_COLUMNS, article_from_row
from broadsheet.store.base import StoreBase, utcnow
from broadsheet.store.schema import (
    article_states,
    article_topics,
    articles,
    folders,
    settings_kv,
    stories,
    subscriptions,
    topics,
)

_WHEN = func.coalesce(articles.c.published, articles.c.fetched_at)
_SEARCH_SELECT = ", ".join(f"a.{c.name}" for c in _LIST_COLUMNS)
SEARCH_WINDOW = 2000  # matches ranked per query on SQLite: the most recently stored ones


def _copies_query(in_story: bool, with_text: bool) -> Select[Any]:
    """See `copies_of`; built once per shape, since building and keying a statement per call
    cost more than SQLite's time to run it."""
    near = [articles.c.content_hash == bindparam("content_hash")]
    if in_story:
        near.append(articles.c.story_id == bindparam("story_id"))
    root = bindparam("root", type_=Integer)
    return (
        select(*(_LIST_COLUMNS if with_text else _CARD_COLUMNS))
        .where(
            and_(
                or_(*near),
                or_(articles.c.id == root, articles.c.duplicate_of == root),
                articles.c.id != bindparam("id"),
            )
        )
        .order_by(articles.c.id)
    )


_COPIES = {(s, t): _copies_query(s, t) for s in (True, False) for t in (True, False)}


@dataclass(slots=True)
class SearchQuery:
    """A parsed search box: words, "quoted phrases", publisher:X and topic:Y filters."""

    words: list[str] = field(default_factory=list)
    phrases: list[list[str]] = field(default_factory=list)
    publisher: str | None = None
    topic: str | None = None

    @property
    def empty(self) -> bool:
        return not (self.words or self.phrases or self.publisher or self.topic)

    @property
    def terms(self) -> list[str]:
        """What to highlight in results: each phrase whole, and the single words."""
        return [" ".join(p) for p in self.phrases] + self.words


_TOKEN = re.compile(r'(\w+):("[^"]*"|\S+)|"([^"]*)"|(\S+)', re.UNICODE)
_WORD = re.compile(r"\w+", re.UNICODE)


def parse_search(raw: str) -> SearchQuery:
    parsed = SearchQuery()
    for m in _TOKEN.finditer(raw[:500]):
        name, value, phrase, bare = m.groups()
        if name and name.lower() in ("publisher", "topic"):
            clean = value.strip('"').strip()
            if clean:
                setattr(parsed, name.lower(), clean)
        elif phrase is not None or name:
            words = _WORD.findall(phrase if phrase is not None else m.group(0))
            if len(words) > 1:
                parsed.phrases.append(words[:8])
            elif words:
                parsed.words.append(words[0])
        elif bare:
            parsed.words.extend(_WORD.findall(bare))
    parsed.words = parsed.words[:16]
    parsed.phrases = parsed.phrases[:4]
    return parsed


class PageStore(StoreBase):
    # -- site settings (what the admin changes at run time) -----------------------------------
    def get_setting(self, key: str) -> str | None:
        with self._read() as conn:
            value = conn.execute(
                select(settings_kv.c.value).where(settings_kv.c.key == key)
            ).scalar()
        return str(value) if value is not None else None

    def set_setting(self, key: str, value: str) -> None:
        with self._write() as conn:
            changed = conn.execute(
                update(settings_kv).where(settings_kv.c.key == key).values(value=value)
            ).rowcount
            if not changed:
                conn.execute(insert(settings_kv).values(key=key, value=value))

    # -- front page ----------------------------------------------------------------------------
    def story_article_rows(self, story_ids: Sequence[int]) -> list[Article]:
        """The originals (no copies) of these stories, newest first, with only what a story
        card shows (no text or html): what the front page ranks."""
        if not story_ids:
            return []
        cols = [
            articles.c.id,
            articles.c.url,
            articles.c.title,
            articles.c.summary,
            articles.c.feed_id,
            articles.c.publisher,
            articles.c.published,
            articles.c.fetched_at,
            articles.c.image,
            articles.c.story_id,
        ]
        with self._read() as conn:
            rows = conn.execute(
                select(*cols)
                .where(
                    and_(
                        articles.c.story_id.in_(list(story_ids)), articles.c.duplicate_of.is_(None)
                    )
                )
                .order_by(desc(_WHEN), desc(articles.c.id))
            ).all()
        return [
            Article(
                id=r.id,
                url=r.url,
                title=r.title,
                text="",
                summary=r.summary or "",
                feed_id=r.feed_id,
                publisher=r.publisher,
                published=r.published,
                fetched_at=r.fetched_at,
                image=r.image,
                story_id=r.story_id,
            )
            for r in rows
        ]

    def topic_counts(
        self, article_ids: Sequence[int], limit: int = 16
    ) -> list[tuple[TopicRef, int]]:
        """The topics these articles are most about, with how many of them carry each (the
        front page's trending list, over the candidate stories rather than the whole archive).

        Ranked by summed salience (each article's topic score, 1.0 for its main topic), not by
        count: a word most articles use in passing ("people", "announced") is attached to many
        articles as their weakest topic, and by count it outranked the people and places the
        news was about."""
        if not article_ids:
            return []
        with self._read() as conn:
            rows = conn.execute(
                select(topics.c.id, topics.c.key, topics.c.name, topics.c.kind, func.count())
                .join(article_topics, article_topics.c.topic_id == topics.c.id)
                .where(article_topics.c.article_id.in_(list(article_ids)))
                .group_by(topics.c.id, topics.c.key, topics.c.name, topics.c.kind)
                .order_by(desc(func.sum(article_topics.c.score)), desc(func.count()), topics.c.name)
                .limit(limit)
            ).all()
        return [(TopicRef(r[0], r[1], r[2], r[3]), int(r[4])) for r in rows]

    def copies_of(self, article: Article, *, with_text: bool = True) -> list[Article]:
        """The other rows of the same article ("also published by"): its original and every
        copy of that original. Looked up through the story and the content hash (both indexed)
        rather than through `duplicate_of` alone.
        `with_text=False` leaves the text out (the page names only their publishers)."""
        params = {
            "content_hash": article.content_hash,
            "story_id": article.story_id,
            "root": article.duplicate_of or article.id,
            "id": article.id,
        }
        with self._read() as conn:
            rows = conn.execute(_COPIES[(article.story_id is not None, with_text)], params).all()
        return [article_from_row(r) for r in rows]

    # -- per-user views ------------------------------------------------------------------------
    def user_articles(
        self,
        user_id: int,
        *,
        view: str = "all",
        folder_id: int | None = None,
        limit: int = 30,
        offset: int = 0,
    ) -> list[Article]:
        """Articles of the user's subscriptions (optionally one folder): all, unread or starred.
        Starred articles are listed whatever feed they came from."""
        query = select(*_LIST_COLUMNS)
        state = article_states.alias("st")
        query = query.outerjoin(
            state, and_(state.c.article_id == articles.c.id, state.c.user_id == user_id)
        )
        if view == "starred":
            query = query.where(state.c.starred.is_(True))
        else:
            feeds_of_user = select(subscriptions.c.feed_id).where(
                subscriptions.c.user_id == user_id
            )
            if folder_id is not None:
                feeds_of_user = feeds_of_user.where(subscriptions.c.folder_id == folder_id)
            query = query.where(
                and_(articles.c.feed_id.in_(feeds_of_user), articles.c.duplicate_of.is_(None))
            )
            if view == "unread":
                query = query.where(or_(state.c.read.is_(None), state.c.read.is_(False)))
        query = query.order_by(desc(_WHEN), desc(articles.c.id)).limit(limit).offset(offset)
        with self._read() as conn:
            return [article_from_row(r) for r in conn.execute(query).all()]

    def unread_count(self, user_id: int) -> int:
        state = article_states.alias("st")
        feeds_of_user = select(subscriptions.c.feed_id).where(subscriptions.c.user_id == user_id)
        query = (
            select(func.count())
            .select_from(articles)
            .outerjoin(state, and_(state.c.article_id == articles.c.id, state.c.user_id == user_id))
            .where(
                and_(
                    articles.c.feed_id.in_(feeds_of_user),
                    articles.c.duplicate_of.is_(None),
                    or_(state.c.read.is_(None), state.c.read.is_(False)),
                )
            )
        )
        with self._read() as conn:
            return int(conn.execute(query).scalar_one())

    def articles_from_feeds(
        self, feed_ids: Iterable[int], *, limit: int = 30, offset: int = 0
    ) -> list[Article]:
        ids = list(feed_ids)
        if not ids:
            return []
        query = (
            select(*_LIST_COLUMNS)
            .where(and_(articles.c.feed_id.in_(ids), articles.c.duplicate_of.is_(None)))
            .order_by(desc(_WHEN), desc(articles.c.id))
            .limit(limit)
            .offset(offset)
        )
        with self._read() as conn:
            return [article_from_row(r) for r in conn.execute(query).all()]

    def folder_owner(self, folder_id: int) -> int | None:
        with self._read() as conn:
            owner = conn.execute(
                select(folders.c.user_id).where(folders.c.id == folder_id)
            ).scalar()
        return int(owner) if owner is not None else None

    # -- bulk load (imports, benchmarks) --------------------------------------------------------
    def bulk_load(
        self,
        items: Sequence[NewArticle],
        story_keys: Sequence[str],
        topic_refs: Sequence[Sequence[TopicRef]],
    ) -> int:
        """Insert many new articles with their stories and topics in one transaction, skipping
        the per-article duplicate checks of `add_article` (the caller knows they are new).
        Stories get their counts and dates computed here once, not per article, so every story
        key must be new (pass each story's articles in one call)."""
        now = utcnow()
        by_story: dict[str, list[NewArticle]] = {}
        for new, key in zip(items, story_keys, strict=True):
            by_story.setdefault(key, []).append(new)
        with self._write() as conn:
            story_rows = []
            for key, members in by_story.items():
                times = [m.published or now for m in members]
                first = min(range(len(members)), key=lambda i: times[i])
                story_rows.append(
                    {
                        "key": key,
                        "title": members[first].title,
                        "first_published": min(times),
                        "last_published": max(times),
                        "article_count": len(members),
                        "publisher_count": len({m.publisher for m in members}),
                        "updated_at": now,
                    }
                )
            conn.execute(insert(stories), story_rows)
            story_ids = (
                dict(
                    conn.execute(
                        select(stories.c.key, stories.c.id).where(stories.c.key.in_(list(by_story)))
                    ).all()
                )
                if len(by_story) < 30_000
                else dict(conn.execute(select(stories.c.key, stories.c.id)).all())
            )
            rows = []
            for new, key in zip(items, story_keys, strict=True):
                rows.append(
                    {
                        "url": new.url,
                        "content_hash": new.content_hash,
                        "title": new.title,
                        "text": new.text,
                        "html": new.html,
                        "summary": new.summary,
                        "feed_id": new.feed_id,
                        "publisher": new.publisher,
                        "author": new.author,
                        "published": new.published,
                        "updated": new.updated,
                        "fetched_at": now,
                        "language": new.language,
                        "image": new.image,
                        "credit": new.credit,
                        "story_id": story_ids[key],
                        "duplicate_of": None,
                    }
                )
            new_ids = [
                int(r[0])
                for r in conn.execute(
                    insert(articles).returning(articles.c.id, sort_by_parameter_order=True), rows
                )
            ]
            topic_ids: dict[str, int] = dict(conn.execute(select(topics.c.key, topics.c.id)).all())
            fresh = {t.key: t for refs in topic_refs for t in refs if t.key not in topic_ids}
            if fresh:
                conn.execute(
                    insert(topics),
                    [{"key": t.key, "name": t.name, "kind": t.kind} for t in fresh.values()],
                )
                topic_ids = dict(conn.execute(select(topics.c.key, topics.c.id)).all())
            links = [
                {
                    "article_id": new_ids[n],
                    "topic_id": topic_ids[t.key],
                    "score": t.score,
                    "mentions_json": json.dumps(t.mentions),
                }
                for n, refs in enumerate(topic_refs)
                for t in refs
            ]
            if links:
                conn.execute(insert(article_topics), links)
        return len(rows)

    # -- search --------------------------------------------------------------------------------
    def search_filtered(self, q: SearchQuery, *, limit: int = 20, offset: int = 0) -> list[Article]:
        """Full-text search with phrases and publisher:/topic: filters, best match first
        (newest first when only filters are given)."""
        if q.empty:
            return []
        filters: list[str] = ["a.duplicate_of IS NULL"]
        params: dict[str, Any] = {"limit": limit, "offset": offset}
        if q.publisher:
            filters.append("lower(a.publisher) = :publisher")
            params["publisher"] = q.publisher.lower()
        if q.topic:
            filters.append(
                "a.id IN (SELECT at.article_id FROM article_topics at JOIN topics t "
                "ON t.id = at.topic_id WHERE t.key = :topic OR lower(t.name) = :topic_name)"
            )
            params["topic"] = q.topic.lower()
            params["topic_name"] = q.topic.lower().replace("-", " ")
        where = " AND ".join(filters)
        cols = _SEARCH_SELECT  # the rows themselves, not ids to fetch in a second query
        with self._read() as conn:
            if not (q.words or q.phrases):
                rows = conn.execute(
                    text(
                        f"SELECT {cols} FROM articles a WHERE {where} "
                        "ORDER BY coalesce(a.published, a.fetched_at) DESC, a.id DESC "
                        "LIMIT :limit OFFSET :offset"
                    ).columns(*_LIST_COLUMNS),
                    params,
                ).all()
            elif self.dialect == "sqlite":
                parts = ['"' + w + '"' for w in q.words]
                parts += ['"' + " ".join(p) + '"' for p in q.phrases]
                params["q"] = " AND ".join(parts)
                # FTS5 walks matches newest-first cheaply and stops at the window; ranking
                # every match of a common word would cost seconds at 100k articles.
                params["window"] = SEARCH_WINDOW
                rows = conn.execute(
                    text(_sqlite_search_sql(q)).columns(*_LIST_COLUMNS), params
                ).all()
            else:
                parts = [_pg_lexeme(w) for w in q.words]
                parts += ["(" + " <-> ".join(_pg_lexeme(w) for w in p) + ")" for p in q.phrases]
                params["q"] = " & ".join(parts)
                rows = conn.execute(
                    text(
                        f"SELECT {cols} FROM articles a, to_tsquery('simple', :q) q "
                        f"WHERE a.search @@ q AND {where} "
                        "ORDER BY ts_rank(a.search, q) DESC, a.id DESC "
                        "LIMIT :limit OFFSET :offset"
                    ).columns(*_LIST_COLUMNS),
                    params,
                ).all()
        return [article_from_row(r) for r in rows]

    def get_articles_full(self, ids: Iterable[int]) -> list[Article]:
        wanted = list(ids)
        if not wanted:
            return []
        with self._read() as conn:
            rows = conn.execute(select(*_LIST_COLUMNS).where(articles.c.id.in_(wanted))).all()
        by_id = {r._mapping["id"]: article_from_row(r) for r in rows}
        return [by_id[i] for i in wanted if i in by_id]

    def topics_for_articles(self, article_ids: Sequence[int]) -> dict[int, list[tuple[str, str]]]:
        """article id -> [(topic key, name)], best first: hashtags on cards."""
        if not article_ids:
            return {}
        with self._read() as conn:
            rows = conn.execute(
                select(article_topics.c.article_id, topics.c.key, topics.c.name)
                .join(topics, topics.c.id == article_topics.c.topic_id)
                .where(article_topics.c.article_id.in_(list(article_ids)))
                .order_by(article_topics.c.article_id, desc(article_topics.c.score))
            ).all()
        found: dict[int, list[tuple[str, str]]] = {}
        for r in rows:
            found.setdefault(int(r[0]), []).append((r[1], r[2]))
        return found


def _sqlite_search_sql(q: SearchQuery) -> str:
    """FTS5 walks the matches newest first and stops at :window (ranking every match of a
    common word would cost seconds at 100k articles); the page is then ranked and cut on ids
    alone, copies dropped through the small index of copies, and only that page's rows are
    read whole: reading an article row to test a column means walking its text's overflow
    pages, which at 100k articles cost more than the ranking itself."""
    where = ["f.id NOT IN (SELECT id FROM articles WHERE duplicate_of IS NOT NULL)"]
    join = ""
    if q.publisher:
        join = " JOIN articles p ON p.id = f.id"
        where.append("lower(p.publisher) = :publisher")
    if q.topic:
        where.append(
            "f.id IN (SELECT at.article_id FROM article_topics at JOIN topics t "
            "ON t.id = at.topic_id WHERE t.key = :topic OR lower(t.name) = :topic_name)"
        )
    return (
        f"SELECT {_SEARCH_SELECT} FROM (SELECT f.id, f.score FROM (SELECT rowid AS id, "
        "bm25(articles_fts, 10.0, 1.0, 2.0) AS score FROM articles_fts "
        "WHERE articles_fts MATCH :q ORDER BY rowid DESC LIMIT :window) f"
        f"{join} WHERE {' AND '.join(where)} "
        "ORDER BY f.score, f.id DESC LIMIT :limit OFFSET :offset) r "
        "JOIN articles a ON a.id = r.id ORDER BY r.score, a.id DESC"
    )


def _pg_lexeme(word: str) -> str:
    return "'" + word.lower().replace("'", "''").replace("\\", "") + "'"
