"""The reader's own rules (filters, mutes, tags), WebSub leases, and housekeeping queries.

Housekeeping (readiness ping, retention batches) lives here because the store is the only
module that speaks SQL; the policy that decides *what* to drop is in broadsheet.ops.retention.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import and_, delete, exists, func, select, text

from broadsheet.store.base import StoreBase
from broadsheet.store.schema import article_states, articles, comments


class RulesStore(StoreBase):
    # -- housekeeping --------------------------------------------------------------------------
    def ping(self) -> None:
        """Raise when the store cannot answer a trivial query (what /readyz reports)."""
        with self._read() as conn:
            conn.execute(text("SELECT 1")).scalar_one()

    def expired_article_ids(
        self, older_than: datetime, *, read: bool, limit: int = 500
    ) -> list[int]:
        """Articles older than `older_than` that retention may drop, oldest first.

        Never one that a reader starred or commented on. `read` picks articles that somebody has
        read (True) or that nobody has read (False), so the two ages can differ.
        """
        when = func.coalesce(articles.c.published, articles.c.fetched_at)
        starred = exists().where(
            and_(article_states.c.article_id == articles.c.id, article_states.c.starred)
        )
        was_read = exists().where(
            and_(article_states.c.article_id == articles.c.id, article_states.c.read)
        )
        discussed = exists().where(comments.c.article_id == articles.c.id)
        query = (
            select(articles.c.id)
            .where(when < older_than)
            .where(~starred)
            .where(~discussed)
            .where(was_read if read else ~was_read)
            .order_by(when, articles.c.id)
            .limit(limit)
        )
        with self._read() as conn:
            return [int(r[0]) for r in conn.execute(query)]

    def delete_articles(self, ids: Sequence[int]) -> int:
        """Delete these articles in one short write; stories (and their summaries) stay."""
        if not ids:
            return 0
        with self._write() as conn:
            # Articles that were copies of a deleted one become originals (FK is SET NULL on
            # PostgreSQL; said explicitly so both engines agree even without the FK action).
            conn.execute(
                articles.update()
                .where(articles.c.duplicate_of.in_(list(ids)))
                .values(duplicate_of=None)
            )
            result = conn.execute(delete(articles).where(articles.c.id.in_(list(ids))))
            return int(result.rowcount or 0)
