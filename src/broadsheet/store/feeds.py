"""Feeds and their fetch state (ETag, Last-Modified, errors, next check)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, case, delete, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from broadsheet.models import Feed
from broadsheet.store.base import StoreBase, utcnow
from broadsheet.store.schema import feeds


@dataclass(frozen=True, slots=True)
class NotModifiedPoll:
    """One feed that answered 304: when, when it is next due, its (possibly new) validators."""

    feed_id: int
    fetched_at: datetime
    next_check_at: datetime
    etag: str | None
    last_modified: str | None


def feed_from_row(row: Any) -> Feed:
    return feed_from_mapping(row._mapping)


def feed_from_mapping(m: Mapping[str, Any]) -> Feed:
    """A Feed from any mapping of the feeds table's columns (SQLAlchemy rows, psycopg dict rows:
    the workers read a feed on the connection that holds its lock)."""
    return Feed(
        id=m["id"],
        url=m["url"],
        title=m["title"] or "",
        site_url=m["site_url"],
        publisher=m["publisher"],
        etag=m["etag"],
        last_modified=m["last_modified"],
        last_fetched_at=m["last_fetched_at"],
        next_check_at=m["next_check_at"],
        last_error=m["last_error"],
        error_count=m["error_count"],
        full_text=bool(m["full_text"]),
        kind=m["kind"],
        created_at=m["created_at"],
        hub=m["hub"],
    )


class FeedStore(StoreBase):
    def add_feed(
        self,
        url: str,
        *,
        title: str = "",
        site_url: str | None = None,
        publisher: str | None = None,
        kind: str = "feed",
        full_text: bool = True,
    ) -> tuple[Feed, bool]:
        """Subscribe the instance to a feed; adding the same URL twice returns the first."""
        existing = self.get_feed_by_url(url)
        if existing is not None:
            return existing, False
        try:
            with self._write() as conn:
                conn.execute(
                    insert(feeds).values(
                        url=url,
                        title=title,
                        site_url=site_url,
                        publisher=publisher,
                        kind=kind,
                        full_text=full_text,
                        error_count=0,
                        created_at=utcnow(),
                        next_check_at=None,
                    )
                )
        except IntegrityError:
            pass  # another process added it first; fall through to read it back
        feed = self.get_feed_by_url(url)
        assert feed is not None
        return feed, True

    def get_feed(self, feed_id: int) -> Feed | None:
        with self._read() as conn:
            row = conn.execute(select(feeds).where(feeds.c.id == feed_id)).first()
        return feed_from_row(row) if row else None

    def get_feed_by_url(self, url: str) -> Feed | None:
        with self._read() as conn:
            row = conn.execute(select(feeds).where(feeds.c.url == url)).first()
        return feed_from_row(row) if row else None

    def list_feeds(self) -> list[Feed]:
        with self._read() as conn:
            rows = conn.execute(select(feeds).order_by(feeds.c.title, feeds.c.id)).all()
        return [feed_from_row(r) for r in rows]

    def due_feeds(self, now: datetime, limit: int = 100) -> list[Feed]:
        """Feeds never fetched or whose next check has passed, the most overdue first."""
        query = (
            select(feeds)
            .where(or_(feeds.c.next_check_at.is_(None), feeds.c.next_check_at <= now))
            .order_by(feeds.c.next_check_at.is_not(None), feeds.c.next_check_at, feeds.c.id)
            .limit(limit)
        )
        with self._read() as conn:
            return [feed_from_row(r) for r in conn.execute(query).all()]

    def record_fetch_success(
        self,
        feed_id: int,
        *,
        fetched_at: datetime,
        next_check_at: datetime,
        etag: str | None,
        last_modified: str | None,
        title: str | None = None,
        site_url: str | None = None,
        publisher: str | None = None,
        hub: str | None = None,
    ) -> None:
        """One UPDATE, no read first: names the user has not set are filled in by the
        statement itself (a feed's title can change every poll; the user's choice stays)."""
        values: dict[str, Any] = {
            "last_fetched_at": fetched_at,
            "next_check_at": next_check_at,
            "etag": etag,
            "last_modified": last_modified,
            "last_error": None,
            "error_count": 0,
        }
        for name, value in (("title", title), ("site_url", site_url), ("publisher", publisher)):
            if value:
                column = feeds.c[name]
                values[name] = case((or_(column.is_(None), column == ""), value), else_=column)
        if hub:
            values["hub"] = hub
        with self._write() as conn:
            conn.execute(update(feeds).where(feeds.c.id == feed_id).values(**values))

    def record_not_modified_many(self, polls: list[NotModifiedPoll]) -> None:
        """Many 304 polls in one transaction (the in-process poller's batch): each only moves
        the feed's schedule and validators on, so a batch lost to a crash costs one more poll
        of those feeds, never a wrong state."""
        if not polls:
            return
        query = (
            update(feeds)
            .where(feeds.c.id == bindparam("feed_id"))
            .values(
                last_fetched_at=bindparam("fetched_at", type_=feeds.c.last_fetched_at.type),
                next_check_at=bindparam("next_check", type_=feeds.c.next_check_at.type),
                etag=bindparam("new_etag"),
                last_modified=bindparam("new_last_modified"),
                last_error=None,
                error_count=0,
            )
        )
        rows = [
            {
                "feed_id": p.feed_id,
                "fetched_at": p.fetched_at,
                "next_check": p.next_check_at,
                "new_etag": p.etag,
                "new_last_modified": p.last_modified,
            }
            for p in polls
        ]
        with self._write() as conn:
            conn.execute(query, rows)

    def record_fetch_error(
        self, feed_id: int, *, error: str, fetched_at: datetime, next_check_at: datetime
    ) -> None:
        with self._write() as conn:
            conn.execute(
                update(feeds)
                .where(feeds.c.id == feed_id)
                .values(
                    last_fetched_at=fetched_at,
                    next_check_at=next_check_at,
                    last_error=error[:2000],
                    error_count=feeds.c.error_count + 1,
                )
            )

    def schedule_feed_now(self, feed_id: int) -> None:
        with self._write() as conn:
            conn.execute(update(feeds).where(feeds.c.id == feed_id).values(next_check_at=None))

    def update_feed(self, feed_id: int, **values: Any) -> None:
        allowed = {"title", "site_url", "publisher", "full_text"}
        unknown = set(values) - allowed
        if unknown:
            raise ValueError(f"cannot update feed fields {sorted(unknown)}")
        with self._write() as conn:
            conn.execute(update(feeds).where(feeds.c.id == feed_id).values(**values))

    def delete_feed(self, feed_id: int) -> bool:
        """Unsubscribe; its articles stay (they may be starred or commented on)."""
        with self._write() as conn:
            result = conn.execute(delete(feeds).where(feeds.c.id == feed_id))
        return bool(result.rowcount)
