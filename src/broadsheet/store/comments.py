"""Readers' comments on articles and stories, threaded one level, with moderation state.

Edits and deletes take the author's user id and filter by it, so a handler cannot change
another reader's comment by passing its id; moderation methods are separate and named as such.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, and_, bindparam, delete, desc, func, insert, or_, select, update

from broadsheet.store.base import StoreBase, utcnow
from broadsheet.store.schema import comments, users


@dataclass(slots=True)
class Comment:
    id: int
    user_id: int
    author: str
    article_id: int | None
    story_id: int | None
    parent_id: int | None
    body: str
    body_html: str
    hidden: bool
    reports: int
    created_at: datetime
    edited_at: datetime | None


_COLUMNS = [*comments.c, users.c.name.label("author")]


def _thread_query(by_article: bool) -> Select[Any]:
    """An article's or a story's comments, oldest first. Built once: building and keying a
    statement per call cost more than SQLite's time to run it."""
    target = comments.c.article_id if by_article else comments.c.story_id
    return (
        select(*_COLUMNS)
        .join(users, users.c.id == comments.c.user_id)
        .where(target == bindparam("target"))
        .order_by(comments.c.created_at, comments.c.id)
        .limit(bindparam("limit"))
    )


_THREAD = {True: _thread_query(True), False: _thread_query(False)}


def _comment(row: Any) -> Comment:
    m = row._mapping
    return Comment(
        id=m["id"],
        user_id=m["user_id"],
        author=m["author"],
        article_id=m["article_id"],
        story_id=m["story_id"],
        parent_id=m["parent_id"],
        body=m["body"],
        body_html=m["body_html"],
        hidden=bool(m["hidden"]),
        reports=int(m["reports"]),
        created_at=m["created_at"],
        edited_at=m["edited_at"],
    )


class CommentStore(StoreBase):
    def add_comment(
        self,
        user_id: int,
        *,
        body: str,
        body_html: str,
        article_id: int | None = None,
        story_id: int | None = None,
        parent_id: int | None = None,
    ) -> Comment:
        """Threads are one level deep: a reply to a reply hangs under the same top comment."""
        if (article_id is None) == (story_id is None):
            raise ValueError("a comment belongs to exactly one article or one story")
        with self._write() as conn:
            if parent_id is not None:
                parent = conn.execute(
                    select(comments.c.parent_id, comments.c.article_id, comments.c.story_id).where(
                        comments.c.id == parent_id
                    )
                ).first()
                if parent is None or (parent.article_id, parent.story_id) != (
                    article_id,
                    story_id,
                ):
                    raise ValueError("the parent comment is not on this page")
                parent_id = parent.parent_id or parent_id
            result = conn.execute(
                insert(comments).values(
                    user_id=user_id,
                    article_id=article_id,
                    story_id=story_id,
                    parent_id=parent_id,
                    body=body,
                    body_html=body_html,
                    hidden=False,
                    reports=0,
                    created_at=utcnow(),
                )
            )
            pk = result.inserted_primary_key
            assert pk is not None
        found = self.get_comment(int(pk[0]))
        assert found is not None
        return found

    def get_comment(self, comment_id: int) -> Comment | None:
        with self._read() as conn:
            row = conn.execute(
                select(*_COLUMNS)
                .join(users, users.c.id == comments.c.user_id)
                .where(comments.c.id == comment_id)
            ).first()
        return _comment(row) if row else None

    def comments_for(
        self, *, article_id: int | None = None, story_id: int | None = None, limit: int = 500
    ) -> list[Comment]:
        """Oldest first; the page nests replies under their parent."""
        by_article = article_id is not None
        params = {"target": article_id if by_article else story_id, "limit": limit}
        with self._read() as conn:
            rows = conn.execute(_THREAD[by_article], params).all()
        return [_comment(r) for r in rows]

    def edit_comment(self, user_id: int, comment_id: int, *, body: str, body_html: str) -> bool:
        with self._write() as conn:
            result = conn.execute(
                update(comments)
                .where(and_(comments.c.id == comment_id, comments.c.user_id == user_id))
                .values(body=body, body_html=body_html, edited_at=utcnow())
            )
        return bool(result.rowcount)

    def delete_own_comment(self, user_id: int, comment_id: int) -> bool:
        with self._write() as conn:
            result = conn.execute(
                delete(comments).where(
                    and_(comments.c.id == comment_id, comments.c.user_id == user_id)
                )
            )
        return bool(result.rowcount)

    def report_comment(self, comment_id: int) -> bool:
        with self._write() as conn:
            result = conn.execute(
                update(comments)
                .where(comments.c.id == comment_id)
                .values(reports=comments.c.reports + 1)
            )
        return bool(result.rowcount)

    # -- moderation (admins only; the web layer checks the role) --------------------------------
    def moderate_hide_comment(self, comment_id: int, hidden: bool = True) -> bool:
        with self._write() as conn:
            result = conn.execute(
                update(comments)
                .where(comments.c.id == comment_id)
                .values(hidden=hidden, reports=0 if not hidden else comments.c.reports)
            )
        return bool(result.rowcount)

    def moderate_delete_comment(self, comment_id: int) -> bool:
        with self._write() as conn:
            result = conn.execute(delete(comments).where(comments.c.id == comment_id))
        return bool(result.rowcount)

    def reported_comments(self, limit: int = 100) -> list[Comment]:
        with self._read() as conn:
            rows = conn.execute(
                select(*_COLUMNS)
                .join(users, users.c.id == comments.c.user_id)
                .where(or_(comments.c.reports > 0, comments.c.hidden.is_(True)))
                .order_by(desc(comments.c.reports), desc(comments.c.id))
                .limit(limit)
            ).all()
        return [_comment(r) for r in rows]

    def comments_since(self, user_id: int, since: datetime) -> int:
        """How many comments a user wrote since then: the rate limit reads the store, so it holds
        across processes and restarts."""
        with self._read() as conn:
            return int(
                conn.execute(
                    select(func.count())
                    .select_from(comments)
                    .where(and_(comments.c.user_id == user_id, comments.c.created_at >= since))
                ).scalar_one()
            )
