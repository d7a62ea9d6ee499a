"""Accounts, subscriptions, folders and per-user read/starred state.

Every method that reads or changes a user's data takes the user id and filters by it, so a
handler that forgets an ownership check still cannot reach another user's rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from broadsheet.store.base import StoreBase, utcnow
from broadsheet.store.schema import article_states, articles, feeds, folders, subscriptions, users


@dataclass(slots=True)
class User:
    id: int
    name: str
    password_hash: str
    is_admin: bool
    is_banned: bool
    created_at: datetime


@dataclass(slots=True)
class Subscription:
    id: int
    user_id: int
    feed_id: int
    folder_id: int | None
    folder: str | None
    title: str  # the user's own title, else the feed's
    url: str
    site_url: str | None


@dataclass(slots=True)
class Folder:
    id: int
    user_id: int
    name: str


class UserExistsError(Exception):
    pass


def _user(row: Any) -> User:
    m = row._mapping
    return User(
        m["id"],
        m["name"],
        m["password_hash"],
        bool(m["is_admin"]),
        bool(m["is_banned"]),
        m["created_at"],
    )


class UserStore(StoreBase):
    # -- accounts ------------------------------------------------------------------------------
    def create_user(self, name: str, password_hash: str, *, is_admin: bool = False) -> User:
        try:
            with self._write() as conn:
                result = conn.execute(
                    insert(users).values(
                        name=name,
                        password_hash=password_hash,
                        is_admin=is_admin,
                        is_banned=False,
                        created_at=utcnow(),
                    )
                )
                pk = result.inserted_primary_key
                assert pk is not None
        except IntegrityError as exc:
            raise UserExistsError(f"the name {name!r} is taken") from exc
        user = self.get_user(int(pk[0]))
        assert user is not None
        return user

    def get_user(self, user_id: int) -> User | None:
        with self._read() as conn:
            row = conn.execute(select(users).where(users.c.id == user_id)).first()
        return _user(row) if row else None

    def get_user_by_name(self, name: str) -> User | None:
        with self._read() as conn:
            row = conn.execute(select(users).where(users.c.name == name)).first()
        return _user(row) if row else None

    def list_users(self) -> list[User]:
        with self._read() as conn:
            return [_user(r) for r in conn.execute(select(users).order_by(users.c.name)).all()]

    def count_users(self) -> int:
        with self._read() as conn:
            return int(conn.execute(select(func.count()).select_from(users)).scalar_one())

    def set_password_hash(self, user_id: int, password_hash: str) -> None:
        with self._write() as conn:
            conn.execute(
                update(users).where(users.c.id == user_id).values(password_hash=password_hash)
            )

    def set_user_flags(
        self, user_id: int, *, is_admin: bool | None = None, is_banned: bool | None = None
    ) -> None:
        values: dict[str, bool] = {}
        if is_admin is not None:
            values["is_admin"] = is_admin
        if is_banned is not None:
            values["is_banned"] = is_banned
        if values:
            with self._write() as conn:
                conn.execute(update(users).where(users.c.id == user_id).values(**values))

    def delete_user(self, user_id: int) -> None:
        with self._write() as conn:
            conn.execute(delete(users).where(users.c.id == user_id))

    # -- folders -------------------------------------------------------------------------------
    def folder_for(self, user_id: int, name: str) -> Folder:
        """The user's folder of that name, created when missing."""
        with self._write() as conn:
            row = conn.execute(
                select(folders).where(and_(folders.c.user_id == user_id, folders.c.name == name))
            ).first()
            if row is None:
                conn.execute(insert(folders).values(user_id=user_id, name=name))
                row = conn.execute(
                    select(folders).where(
                        and_(folders.c.user_id == user_id, folders.c.name == name)
                    )
                ).first()
        assert row is not None
        return Folder(row.id, row.user_id, row.name)

    def list_folders(self, user_id: int) -> list[Folder]:
        with self._read() as conn:
            rows = conn.execute(
                select(folders).where(folders.c.user_id == user_id).order_by(folders.c.name)
            ).all()
        return [Folder(r.id, r.user_id, r.name) for r in rows]

    def rename_folder(self, user_id: int, folder_id: int, name: str) -> bool:
        with self._write() as conn:
            result = conn.execute(
                update(folders)
                .where(and_(folders.c.id == folder_id, folders.c.user_id == user_id))
                .values(name=name)
            )
        return bool(result.rowcount)

    def delete_folder(self, user_id: int, folder_id: int) -> bool:
        """Remove the folder; its subscriptions stay, unfiled."""
        with self._write() as conn:
            conn.execute(
                update(subscriptions)
                .where(
                    and_(subscriptions.c.user_id == user_id, subscriptions.c.folder_id == folder_id)
                )
                .values(folder_id=None)
            )
            result = conn.execute(
                delete(folders).where(and_(folders.c.id == folder_id, folders.c.user_id == user_id))
            )
        return bool(result.rowcount)

    # -- subscriptions -------------------------------------------------------------------------
    def subscribe(
        self, user_id: int, feed_id: int, *, folder_id: int | None = None, title: str | None = None
    ) -> Subscription:
        with self._write() as conn:
            exists = conn.execute(
                select(subscriptions.c.id).where(
                    and_(subscriptions.c.user_id == user_id, subscriptions.c.feed_id == feed_id)
                )
            ).first()
            if exists is None:
                conn.execute(
                    insert(subscriptions).values(
                        user_id=user_id,
                        feed_id=feed_id,
                        folder_id=folder_id,
                        title=title,
                        created_at=utcnow(),
                    )
                )
            elif folder_id is not None or title is not None:
                values: dict[str, Any] = {}
                if folder_id is not None:
                    values["folder_id"] = folder_id
                if title is not None:
                    values["title"] = title
                conn.execute(
                    update(subscriptions).where(subscriptions.c.id == exists[0]).values(**values)
                )
        sub = self.get_subscription(user_id, feed_id)
        assert sub is not None
        return sub

    def update_subscription(
        self,
        user_id: int,
        feed_id: int,
        *,
        folder_id: int | None = None,
        clear_folder: bool = False,
        title: str | None = None,
    ) -> bool:
        values: dict[str, Any] = {}
        if folder_id is not None or clear_folder:
            values["folder_id"] = folder_id
        if title is not None:
            values["title"] = title
        if not values:
            return False
        with self._write() as conn:
            result = conn.execute(
                update(subscriptions)
                .where(and_(subscriptions.c.user_id == user_id, subscriptions.c.feed_id == feed_id))
                .values(**values)
            )
        return bool(result.rowcount)

    def unsubscribe(self, user_id: int, feed_id: int) -> bool:
        with self._write() as conn:
            result = conn.execute(
                delete(subscriptions).where(
                    and_(subscriptions.c.user_id == user_id, subscriptions.c.feed_id == feed_id)
                )
            )
        return bool(result.rowcount)

    def _subscription_query(self, user_id: int) -> Any:
        return (
            select(
                subscriptions.c.id,
                subscriptions.c.user_id,
                subscriptions.c.feed_id,
                subscriptions.c.folder_id,
                folders.c.name.label("folder"),
                func.coalesce(subscriptions.c.title, feeds.c.title).label("title"),
                feeds.c.url,
                feeds.c.site_url,
            )
            .join(feeds, feeds.c.id == subscriptions.c.feed_id)
            .outerjoin(folders, folders.c.id == subscriptions.c.folder_id)
            .where(subscriptions.c.user_id == user_id)
        )

    def list_subscriptions(self, user_id: int) -> list[Subscription]:
        with self._read() as conn:
            rows = conn.execute(
                self._subscription_query(user_id).order_by(feeds.c.title, feeds.c.id)
            ).all()
        return [
            Subscription(
                r.id,
                r.user_id,
                r.feed_id,
                r.folder_id,
                r.folder,
                r.title or r.url,
                r.url,
                r.site_url,
            )
            for r in rows
        ]

    def get_subscription(self, user_id: int, feed_id: int) -> Subscription | None:
        with self._read() as conn:
            r = conn.execute(
                self._subscription_query(user_id).where(subscriptions.c.feed_id == feed_id)
            ).first()
        if r is None:
            return None
        return Subscription(
            r.id, r.user_id, r.feed_id, r.folder_id, r.folder, r.title or r.url, r.url, r.site_url
        )

    def subscribed_feed_ids(self, user_id: int) -> set[int]:
        with self._read() as conn:
            rows = conn.execute(
                select(subscriptions.c.feed_id).where(subscriptions.c.user_id == user_id)
            ).all()
        return {r[0] for r in rows}

    # -- read / starred ------------------------------------------------------------------------
    def set_article_state(
        self,
        user_id: int,
        article_ids: Iterable[int],
        *,
        read: bool | None = None,
        starred: bool | None = None,
    ) -> int:
        """Mark articles read/unread or starred/unstarred for one user; returns rows touched."""
        ids = list(dict.fromkeys(article_ids))
        if not ids or (read is None and starred is None):
            return 0
        now = utcnow()
        touched = 0
        with self._write() as conn:
            existing_ids = set(
                conn.execute(select(articles.c.id).where(articles.c.id.in_(ids))).scalars()
            )
            have = {
                r.article_id: r
                for r in conn.execute(
                    select(article_states).where(
                        and_(
                            article_states.c.user_id == user_id,
                            article_states.c.article_id.in_(ids),
                        )
                    )
                )
            }
            for aid in ids:
                if aid not in existing_ids:
                    continue
                values: dict[str, Any] = {"updated_at": now}
                if read is not None:
                    values["read"] = read
                if starred is not None:
                    values["starred"] = starred
                if aid in have:
                    conn.execute(
                        update(article_states)
                        .where(
                            and_(
                                article_states.c.user_id == user_id,
                                article_states.c.article_id == aid,
                            )
                        )
                        .values(**values)
                    )
                else:
                    conn.execute(
                        insert(article_states).values(
                            user_id=user_id,
                            article_id=aid,
                            read=values.get("read", False),
                            starred=values.get("starred", False),
                            updated_at=now,
                        )
                    )
                touched += 1
        return touched

    def article_states_for(
        self, user_id: int, article_ids: Iterable[int]
    ) -> dict[int, tuple[bool, bool]]:
        """article id -> (read, starred); absent ids are unread and not starred."""
        ids = list(article_ids)
        if not ids:
            return {}
        with self._read() as conn:
            rows = conn.execute(
                select(article_states).where(
                    and_(article_states.c.user_id == user_id, article_states.c.article_id.in_(ids))
                )
            )
            return {r.article_id: (bool(r.read), bool(r.starred)) for r in rows}

    def starred_article_ids(self, user_id: int) -> list[int]:
        with self._read() as conn:
            rows = conn.execute(
                select(article_states.c.article_id)
                .where(
                    and_(article_states.c.user_id == user_id, article_states.c.starred.is_(True))
                )
                .order_by(article_states.c.updated_at.desc())
            ).all()
        return [r[0] for r in rows]
