"""What the reader-app APIs (Google Reader, Fever, REST) need from the store.

Two jobs live here, both per user: credentials that are not the web password (app passwords,
whose Fever key is kept beside them, and REST bearer tokens, kept as digests), and *streams*:
the articles of a user's subscriptions filtered by feed, folder, read/starred state, time and
id, with keyset continuation. Every query takes the user id and filters by it, so a handler
cannot reach another user's rows even when it forgets to check.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import and_, delete, func, insert, or_, select, update
from sqlalchemy.sql import Select

from broadsheet.models import Article
from broadsheet.store.articles import article_from_row
from broadsheet.store.base import StoreBase, utcnow
from broadsheet.store.schema import (
    api_tokens,
    app_passwords,
    article_states,
    articles,
    subscriptions,
    users,
)
from broadsheet.store.users import User

Order = Literal["newest", "oldest", "id_asc", "id_desc"]

# Keep IN lists well under SQLite's bound-parameter limit.
_CHUNK = 500


@dataclass(slots=True)
class AppPassword:
    id: int
    user_id: int
    label: str
    password_hash: str
    fever_key: str | None
    created_at: datetime
    last_used_at: datetime | None


@dataclass(slots=True)
class ApiToken:
    id: int
    user_id: int
    label: str
    created_at: datetime


@dataclass(slots=True)
class StreamQuery:
    """Which of a user's articles a stream holds; every field narrows it.

    `subscribed_only` limits it to articles of feeds the user follows (a starred stream turns
    it off: a starred article stays starred after its feed is dropped). `after` is a keyset
    cursor: the (time, id) of the last item already seen, in the stream's own order.
    """

    user_id: int
    feed_ids: Sequence[int] | None = None
    folder_id: int | None = None
    read: bool | None = None
    starred: bool | None = None
    subscribed_only: bool = True
    published_after: datetime | None = None
    published_before: datetime | None = None
    min_id: int | None = None  # exclusive
    max_id: int | None = None  # exclusive
    ids: Sequence[int] | None = None
    order: Order = "newest"
    after: tuple[datetime, int] | None = None
    limit: int | None = None


@dataclass(slots=True)
class StreamItem:
    """One article of a stream with the user's state, ready for any API to render."""

    article: Article
    read: bool
    starred: bool
    when: datetime  # publication time, else when it was fetched: what streams sort by


@dataclass(slots=True)
class UnreadCount:
    feed_id: int
    count: int
    newest: datetime | None


def _app_password(row: Any) -> AppPassword:
    m = row._mapping
    return AppPassword(
        m["id"],
        m["user_id"],
        m["label"],
        m["password_hash"],
        m["fever_key"],
        m["created_at"],
        m["last_used_at"],
    )


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


def _when() -> Any:
    return func.coalesce(articles.c.published, articles.c.fetched_at)


class ReaderApiStore(StoreBase):
    # -- app passwords (Google Reader and Fever log-ins) ---------------------------------------
    def add_app_password(
        self, user_id: int, label: str, password_hash: str, fever_key: str | None
    ) -> AppPassword:
        with self._write() as conn:
            result = conn.execute(
                insert(app_passwords).values(
                    user_id=user_id,
                    label=label,
                    password_hash=password_hash,
                    fever_key=fever_key,
                    created_at=utcnow(),
                )
            )
            pk = result.inserted_primary_key
            assert pk is not None
            row = conn.execute(select(app_passwords).where(app_passwords.c.id == pk[0])).one()
        return _app_password(row)

    def list_app_passwords(self, user_id: int) -> list[AppPassword]:
        with self._read() as conn:
            rows = conn.execute(
                select(app_passwords)
                .where(app_passwords.c.user_id == user_id)
                .order_by(app_passwords.c.id)
            ).all()
        return [_app_password(r) for r in rows]

    def get_app_password(self, password_id: int) -> AppPassword | None:
        with self._read() as conn:
            row = conn.execute(
                select(app_passwords).where(app_passwords.c.id == password_id)
            ).first()
        return _app_password(row) if row else None

    def app_password_by_fever_key(self, fever_key: str) -> AppPassword | None:
        with self._read() as conn:
            row = conn.execute(
                select(app_passwords).where(app_passwords.c.fever_key == fever_key).limit(1)
            ).first()
        return _app_password(row) if row else None

    def touch_app_password(self, password_id: int) -> None:
        with self._write() as conn:
            conn.execute(
                update(app_passwords)
                .where(app_passwords.c.id == password_id)
                .values(last_used_at=utcnow())
            )

    def revoke_app_password(self, user_id: int, password_id: int) -> bool:
        with self._write() as conn:
            result = conn.execute(
                delete(app_passwords).where(
                    and_(app_passwords.c.id == password_id, app_passwords.c.user_id == user_id)
                )
            )
        return bool(result.rowcount)

    # -- REST bearer tokens ----------------------------------------------------------------------
    def add_api_token(self, user_id: int, token_hash: str, label: str) -> ApiToken:
        with self._write() as conn:
            result = conn.execute(
                insert(api_tokens).values(
                    user_id=user_id, token_hash=token_hash, label=label, created_at=utcnow()
                )
            )
            pk = result.inserted_primary_key
            assert pk is not None
        return ApiToken(int(pk[0]), user_id, label, utcnow())

    def user_for_token_hash(self, token_hash: str) -> User | None:
        with self._read() as conn:
            row = conn.execute(
                select(users)
                .join(api_tokens, api_tokens.c.user_id == users.c.id)
                .where(api_tokens.c.token_hash == token_hash)
            ).first()
        return _user(row) if row else None

    def list_api_tokens(self, user_id: int) -> list[ApiToken]:
        with self._read() as conn:
            rows = conn.execute(
                select(api_tokens).where(api_tokens.c.user_id == user_id).order_by(api_tokens.c.id)
            ).all()
        return [ApiToken(r.id, r.user_id, r.label, r.created_at) for r in rows]

    def revoke_api_token(self, user_id: int, token_id: int) -> bool:
        with self._write() as conn:
            result = conn.execute(
                delete(api_tokens).where(
                    and_(api_tokens.c.id == token_id, api_tokens.c.user_id == user_id)
                )
            )
        return bool(result.rowcount)

    # -- streams -------------------------------------------------------------------------------
    def _stream_select(self, q: StreamQuery, *columns: Any) -> Select[Any]:
        st = article_states
        joined = articles.outerjoin(
            st, and_(st.c.article_id == articles.c.id, st.c.user_id == q.user_id)
        )
        query = select(*columns).select_from(joined)
        if q.subscribed_only or q.folder_id is not None or q.feed_ids is not None:
            subs = select(subscriptions.c.feed_id).where(subscriptions.c.user_id == q.user_id)
            if q.folder_id is not None:
                subs = subs.where(subscriptions.c.folder_id == q.folder_id)
            query = query.where(articles.c.feed_id.in_(subs))
        if q.feed_ids is not None:
            query = query.where(articles.c.feed_id.in_(list(q.feed_ids)))
        if q.read is True:
            query = query.where(st.c.read.is_(True))
        elif q.read is False:
            query = query.where(or_(st.c.read.is_(None), st.c.read.is_(False)))
        if q.starred is True:
            query = query.where(st.c.starred.is_(True))
        elif q.starred is False:
            query = query.where(or_(st.c.starred.is_(None), st.c.starred.is_(False)))
        when = _when()
        if q.published_after is not None:
            query = query.where(when >= q.published_after)
        if q.published_before is not None:
            query = query.where(when <= q.published_before)
        if q.min_id is not None:
            query = query.where(articles.c.id > q.min_id)
        if q.max_id is not None:
            query = query.where(articles.c.id < q.max_id)
        if q.ids is not None:
            query = query.where(articles.c.id.in_(list(q.ids)))
        if q.after is not None:
            t, last = q.after
            if q.order == "newest":
                query = query.where(or_(when < t, and_(when == t, articles.c.id < last)))
            elif q.order == "oldest":
                query = query.where(or_(when > t, and_(when == t, articles.c.id > last)))
            elif q.order == "id_asc":
                query = query.where(articles.c.id > last)
            else:
                query = query.where(articles.c.id < last)
        return query

    def _ordered(self, q: StreamQuery, query: Select[Any]) -> Select[Any]:
        when = _when()
        if q.order == "newest":
            query = query.order_by(when.desc(), articles.c.id.desc())
        elif q.order == "oldest":
            query = query.order_by(when.asc(), articles.c.id.asc())
        elif q.order == "id_asc":
            query = query.order_by(articles.c.id.asc())
        else:
            query = query.order_by(articles.c.id.desc())
        if q.limit is not None:
            query = query.limit(q.limit)
        return query

    def stream_refs(self, q: StreamQuery) -> list[tuple[int, datetime]]:
        """(article id, sort time) of a stream, in its order: what id listings need."""
        if q.ids is not None and not q.ids:
            return []
        query = self._ordered(q, self._stream_select(q, articles.c.id, _when().label("when")))
        with self._read() as conn:
            return [(int(r[0]), r[1]) for r in conn.execute(query).all()]

    def stream_items(self, q: StreamQuery, *, with_html: bool = True) -> list[StreamItem]:
        """A stream's articles with the user's read/starred state, in the stream's order."""
        if q.ids is not None and not q.ids:
            return []
        cols = [c for c in articles.c if with_html or c.name != "html"]
        query = self._ordered(
            q,
            self._stream_select(
                q,
                *cols,
                article_states.c.read.label("st_read"),
                article_states.c.starred.label("st_starred"),
                _when().label("st_when"),
            ),
        )
        with self._read() as conn:
            rows = conn.execute(query).all()
        return [
            StreamItem(
                article_from_row(r),
                bool(r._mapping["st_read"]),
                bool(r._mapping["st_starred"]),
                r._mapping["st_when"],
            )
            for r in rows
        ]

    def stream_count(self, q: StreamQuery) -> int:
        query = self._stream_select(q, func.count(articles.c.id))
        with self._read() as conn:
            return int(conn.execute(query).scalar_one())

    def unread_counts(self, user_id: int) -> list[UnreadCount]:
        """Unread articles per subscribed feed, with the newest one's time."""
        q = StreamQuery(user_id=user_id, read=False)
        query = self._stream_select(
            q, articles.c.feed_id, func.count(articles.c.id), func.max(_when())
        ).group_by(articles.c.feed_id)
        with self._read() as conn:
            rows = conn.execute(query).all()
        return [UnreadCount(int(r[0]), int(r[1]), r[2]) for r in rows]

    def visible_article_ids(self, user_id: int, ids: Iterable[int]) -> set[int]:
        """Those of `ids` the user may see and mark: from a followed feed, or already theirs."""
        wanted = list(dict.fromkeys(ids))
        found: set[int] = set()
        subs = select(subscriptions.c.feed_id).where(subscriptions.c.user_id == user_id)
        mine = select(article_states.c.article_id).where(article_states.c.user_id == user_id)
        with self._read() as conn:
            for start in range(0, len(wanted), _CHUNK):
                chunk = wanted[start : start + _CHUNK]
                rows = conn.execute(
                    select(articles.c.id).where(
                        and_(
                            articles.c.id.in_(chunk),
                            or_(articles.c.feed_id.in_(subs), articles.c.id.in_(mine)),
                        )
                    )
                )
                found.update(int(r[0]) for r in rows)
        return found

    def set_states_bulk(
        self,
        user_id: int,
        article_ids: Iterable[int],
        *,
        read: bool | None = None,
        starred: bool | None = None,
    ) -> int:
        """`set_article_state` for many articles at once (mark-all-as-read on a big stream)."""
        ids = list(dict.fromkeys(article_ids))
        if not ids or (read is None and starred is None):
            return 0
        values: dict[str, Any] = {"updated_at": utcnow()}
        if read is not None:
            values["read"] = read
        if starred is not None:
            values["starred"] = starred
        touched = 0
        with self._write() as conn:
            for start in range(0, len(ids), _CHUNK):
                chunk = ids[start : start + _CHUNK]
                have = set(
                    conn.execute(
                        select(article_states.c.article_id).where(
                            and_(
                                article_states.c.user_id == user_id,
                                article_states.c.article_id.in_(chunk),
                            )
                        )
                    ).scalars()
                )
                if have:
                    conn.execute(
                        update(article_states)
                        .where(
                            and_(
                                article_states.c.user_id == user_id,
                                article_states.c.article_id.in_(list(have)),
                            )
                        )
                        .values(**values)
                    )
                missing = [i for i in chunk if i not in have]
                if missing:
                    existing = set(
                        conn.execute(
                            select(articles.c.id).where(articles.c.id.in_(missing))
                        ).scalars()
                    )
                    rows = [
                        {
                            "user_id": user_id,
                            "article_id": aid,
                            "read": bool(read),
                            "starred": bool(starred),
                            "updated_at": values["updated_at"],
                        }
                        for aid in missing
                        if aid in existing
                    ]
                    if rows:
                        conn.execute(insert(article_states), rows)
                    touched += len(rows)
                touched += len(have)
        return touched

    def mark_stream_read(self, q: StreamQuery) -> int:
        """Mark every unread article of a stream read; returns how many changed."""
        q.read = False
        q.limit = None
        ids = [aid for aid, _ in self.stream_refs(q)]
        return self.set_states_bulk(q.user_id, ids, read=True)
