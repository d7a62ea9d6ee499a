"""Articles, the entries that led to them, and full-text search.

Writes are idempotent: an article is keyed by its canonical URL, and the same text (content
hash) arriving again from the same publisher under another URL is recognised as the same article.
The same text from a *different* publisher is kept as its own row marked `duplicate_of`, so the
web app can say "also published by …".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, insert, select, text, update
from sqlalchemy.exc import IntegrityError

from broadsheet.models import Article, NewArticle
from broadsheet.store.base import StoreBase, utcnow
from broadsheet.store.schema import articles, entries

# Columns listed for pages (everything but the html body, which only the article page needs).
_LIST_COLUMNS = [c for c in articles.c if c.name not in ("html",)]
# What a link to an article shows (title, publisher, time) and what the mute rules look at,
# without the text: lists of related coverage and story timelines read dozens of rows per page,
# and the text is most of each row's bytes.
_CARD_COLUMNS = [c for c in _LIST_COLUMNS if c.name not in ("text", "key_points_json")]


def article_from_row(row: Any) -> Article:
    m = row._mapping
    return Article(
        id=m["id"],
        url=m["url"],
        title=m["title"],
        text=m.get("text", "") or "",
        html=m.get("html", "") or "",
        feed_id=m["feed_id"],
        publisher=m["publisher"],
        author=m["author"],
        published=m["published"],
        updated=m["updated"],
        fetched_at=m["fetched_at"],
        language=m["language"],
        image=m["image"],
        summary=m["summary"] or "",
        content_hash=m["content_hash"],
        story_id=m["story_id"],
        duplicate_of=m["duplicate_of"],
        credit=m["credit"],
    )


class ArticleStore(StoreBase):
    # -- entries -------------------------------------------------------------------------------
    def known_entries(self, feed_id: int, guids: Iterable[str]) -> set[str]:
        """Which of these entries were already stored (so a re-poll fetches nothing again)."""
        wanted = list(dict.fromkeys(guids))
        found: set[str] = set()
        with self._read() as conn:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                rows = conn.execute(
                    select(entries.c.guid).where(
                        and_(
                            entries.c.feed_id == feed_id,
                            entries.c.guid.in_(chunk),
                            entries.c.article_id.is_not(None),
                        )
                    )
                )
                found.update(r[0] for r in rows)
        return found

    def record_entry(
        self, feed_id: int, guid: str, article_id: int | None, error: str | None = None
    ) -> None:
        with self._write() as conn:
            existing = conn.execute(
                select(entries.c.id).where(
                    and_(entries.c.feed_id == feed_id, entries.c.guid == guid)
                )
            ).first()
            if existing is None:
                conn.execute(
                    insert(entries).values(
                        feed_id=feed_id,
                        guid=guid,
                        article_id=article_id,
                        error=error,
                        seen_at=utcnow(),
                    )
                )
            else:
                conn.execute(
                    update(entries)
                    .where(entries.c.id == existing[0])
                    .values(article_id=article_id, error=error, seen_at=utcnow())
                )

    def entry_errors(self, feed_id: int, limit: int = 20) -> list[tuple[str, str]]:
        with self._read() as conn:
            rows = conn.execute(
                select(entries.c.guid, entries.c.error)
                .where(and_(entries.c.feed_id == feed_id, entries.c.error.is_not(None)))
                .order_by(entries.c.seen_at.desc())
                .limit(limit)
            ).all()
        return [(r[0], r[1]) for r in rows]

    # -- articles ------------------------------------------------------------------------------
    def add_article(self, new: NewArticle) -> tuple[Article, bool]:
        """Store an article once; returns (article, created)."""
        existing = self._find_same(new)
        if existing is not None:
            return existing, False
        duplicate_of = self._exact_copy_elsewhere(new)
        values = {
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
            "fetched_at": utcnow(),
            "language": new.language,
            "image": new.image,
            "credit": new.credit,
            "duplicate_of": duplicate_of,
        }
        try:
            with self._write() as conn:
                result = conn.execute(insert(articles).values(**values))
                pk = result.inserted_primary_key
                assert pk is not None
                article_id = int(pk[0])
        except IntegrityError:
            # A concurrent writer stored the same URL between our check and our insert.
            again = self._find_same(new)
            if again is None:
                raise
            return again, False
        stored = self.get_article(article_id)
        assert stored is not None
        return stored, True

    def _find_same(self, new: NewArticle) -> Article | None:
        with self._read() as conn:
            row = conn.execute(select(articles).where(articles.c.url == new.url)).first()
            if row is None and new.content_hash:
                same_text = select(articles).where(articles.c.content_hash == new.content_hash)
                if new.publisher is None:
                    same_text = same_text.where(articles.c.publisher.is_(None))
                else:
                    same_text = same_text.where(articles.c.publisher == new.publisher)
                row = conn.execute(same_text.limit(1)).first()
        return article_from_row(row) if row else None

    def _exact_copy_elsewhere(self, new: NewArticle) -> int | None:
        if not new.content_hash:
            return None
        with self._read() as conn:
            row = conn.execute(
                select(articles.c.id)
                .where(
                    and_(
                        articles.c.content_hash == new.content_hash,
                        articles.c.duplicate_of.is_(None),
                    )
                )
                .order_by(articles.c.id)
                .limit(1)
            ).first()
        return int(row[0]) if row else None

    def get_article(self, article_id: int) -> Article | None:
        with self._read() as conn:
            row = conn.execute(select(articles).where(articles.c.id == article_id)).first()
        return article_from_row(row) if row else None

    def get_articles(self, ids: Iterable[int]) -> list[Article]:
        wanted = list(ids)
        if not wanted:
            return []
        with self._read() as conn:
            rows = conn.execute(select(*_LIST_COLUMNS).where(articles.c.id.in_(wanted))).all()
        by_id = {r._mapping["id"]: article_from_row(r) for r in rows}
        return [by_id[i] for i in wanted if i in by_id]

    def get_article_by_url(self, url: str) -> Article | None:
        with self._read() as conn:
            row = conn.execute(select(articles).where(articles.c.url == url)).first()
        return article_from_row(row) if row else None

    def latest_articles(
        self,
        *,
        limit: int = 30,
        offset: int = 0,
        feed_id: int | None = None,
        publisher: str | None = None,
        story_id: int | None = None,
        include_duplicates: bool = False,
    ) -> list[Article]:
        """Newest first (by publication time, falling back to when we fetched it)."""
        when = func.coalesce(articles.c.published, articles.c.fetched_at)
        query = select(*_LIST_COLUMNS)
        if feed_id is not None:
            query = query.where(articles.c.feed_id == feed_id)
        if publisher is not None:
            query = query.where(articles.c.publisher == publisher)
        if story_id is not None:
            query = query.where(articles.c.story_id == story_id)
        if not include_duplicates:
            query = query.where(articles.c.duplicate_of.is_(None))
        query = query.order_by(when.desc(), articles.c.id.desc()).limit(limit).offset(offset)
        with self._read() as conn:
            return [article_from_row(r) for r in conn.execute(query).all()]

    def duplicates_of(self, article_id: int) -> list[Article]:
        with self._read() as conn:
            rows = conn.execute(
                select(*_LIST_COLUMNS)
                .where(articles.c.duplicate_of == article_id)
                .order_by(articles.c.id)
            ).all()
        return [article_from_row(r) for r in rows]

    def mark_duplicate(self, article_id: int, duplicate_of: int | None) -> None:
        with self._write() as conn:
            conn.execute(
                update(articles)
                .where(articles.c.id == article_id)
                .values(duplicate_of=duplicate_of)
            )

    def count_articles(self) -> int:
        with self._read() as conn:
            return int(conn.execute(select(func.count()).select_from(articles)).scalar_one())

    def publishers(self) -> list[tuple[str, int]]:
        with self._read() as conn:
            rows = conn.execute(
                select(articles.c.publisher, func.count())
                .where(articles.c.publisher.is_not(None))
                .group_by(articles.c.publisher)
                .order_by(func.count().desc())
            ).all()
        return [(r[0], int(r[1])) for r in rows]

    def articles_since(self, since: datetime | None, limit: int = 5000) -> list[Article]:
        """Recent articles, oldest first: what the in-memory indexes rebuild from at start-up."""
        when = func.coalesce(articles.c.published, articles.c.fetched_at)
        query = select(*_LIST_COLUMNS)
        if since is not None:
            query = query.where(when >= since)
        query = query.order_by(when.desc(), articles.c.id.desc()).limit(limit)
        with self._read() as conn:
            rows = [article_from_row(r) for r in conn.execute(query).all()]
        rows.reverse()
        return rows

    # -- search --------------------------------------------------------------------------------
    def search_articles(self, query: str, *, limit: int = 20, offset: int = 0) -> list[Article]:
        """Full-text search, best match first (FTS5 bm25 on SQLite, ts_rank on PostgreSQL)."""
        terms = _search_terms(query)
        if not terms:
            return []
        with self._read() as conn:
            if self.dialect == "sqlite":
                match = " ".join(terms)
                rows = conn.execute(
                    text(
                        "SELECT a.id FROM articles_fts f JOIN articles a ON a.id = f.rowid "
                        "WHERE articles_fts MATCH :q AND a.duplicate_of IS NULL "
                        "ORDER BY bm25(articles_fts, 10.0, 1.0, 2.0) LIMIT :limit OFFSET :offset"
                    ),
                    {"q": match, "limit": limit, "offset": offset},
                ).all()
            else:
                tsq = " & ".join(t.strip('"').replace("'", "''") for t in terms)
                rows = conn.execute(
                    text(
                        "SELECT a.id FROM articles a, to_tsquery('simple', :q) q "
                        "WHERE a.search @@ q AND a.duplicate_of IS NULL "
                        "ORDER BY ts_rank(a.search, q) DESC LIMIT :limit OFFSET :offset"
                    ),
                    {"q": tsq, "limit": limit, "offset": offset},
                ).all()
        return self.get_articles(int(r[0]) for r in rows)


_WORD = re.compile(r"\w+", re.UNICODE)


def _search_terms(query: str) -> list[str]:
    """User text to safe match terms: every word quoted, so FTS syntax can't be injected."""
    return ['"' + w + '"' for w in _WORD.findall(query)][:32]
