"""Feeds and their fetch state (ETag, Last-Modified, errors, next check)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from broadsheet.models import Feed
from broadsheet.store.base import StoreBase, utcnow
from broadsheet.store.schema import feeds


def feed_from_row(row: Any) -> Feed:
    m = row._mapping
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
        values: dict[str, Any] = {
            "last_fetched_at": fetched_at,
            "next_check_at": next_check_at,
            "etag": etag,
            "last_modified": last_modified,
            "last_error": None,
            "error_count": 0,
        }
        current = self.get_feed(feed_id)
        if current is not None:
            # Only fill in names the user has not set; a feed's title can change every poll.
            if title and not current.title:
                values["title"] = title
            if site_url and not current.site_url:
                values["site_url"] = site_url
            if publisher and not current.publisher:
                values["publisher"] = publisher
        if hub:
            values["hub"] = hub
        with self._write() as conn:
            conn.execute(update(feeds).where(feeds.c.id == feed_id).values(**values))

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
