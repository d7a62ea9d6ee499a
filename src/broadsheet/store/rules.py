"""The reader's own rules (filters, mutes, tags), WebSub leases, and housekeeping queries.

Housekeeping (readiness ping, retention batches) lives here because the store is the only
module that speaks SQL; the policy that decides *what* to drop is in broadsheet.ops.retention.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Connection,
    and_,
    delete,
    exists,
    func,
    insert,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.exc import IntegrityError

from broadsheet.models import Article
from broadsheet.rules import (
    MUTE_KINDS,
    SKIPPED_TAG,
    FilterDecision,
    FilterRule,
    Mute,
    Subject,
    apply_filters,
    validate_rule,
)
from broadsheet.store.articles import article_from_row
from broadsheet.store.base import StoreBase, utcnow
from broadsheet.store.schema import (
    article_states,
    article_tags,
    article_topics,
    article_translations,
    articles,
    comments,
    feeds,
    filter_rules,
    mutes,
    subscriptions,
    topics,
    websub_subscriptions,
)
from broadsheet.translate.client import Translation
from broadsheet.websub.model import WebSubLease


def _rule(row: Any) -> FilterRule:
    m = row._mapping
    return FilterRule(
        id=m["id"],
        user_id=m["user_id"],
        pattern=m["pattern"],
        action=m["action"],
        field=m["field"],
        match=m["match"],
        scope=m["scope"],
        scope_id=m["scope_id"],
        tag=m["tag"],
        position=m["position"],
    )


class RulesStore(StoreBase):
    # -- housekeeping --------------------------------------------------------------------------
    def ping(self) -> None:
        """Raise when the store cannot answer a trivial query (what /readyz reports)."""
        with self._read() as conn:
            conn.execute(text("SELECT 1")).scalar_one()

    def count_due_feeds(self, now: datetime) -> int:
        """Feeds waiting for a poll: the queue depth /metrics reports."""
        with self._read() as conn:
            return int(
                conn.execute(
                    select(func.count())
                    .select_from(feeds)
                    .where(or_(feeds.c.next_check_at.is_(None), feeds.c.next_check_at <= now))
                ).scalar_one()
            )

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

    # -- filters -------------------------------------------------------------------------------
    def add_filter_rule(
        self,
        user_id: int,
        *,
        pattern: str,
        action: str,
        field: str = "any",
        match: str = "words",
        scope: str = "all",
        scope_id: int | None = None,
        tag: str | None = None,
    ) -> FilterRule:
        """Store a rule after checking it (RuleError says what is wrong); it runs last."""
        draft = FilterRule(0, user_id, pattern, action, field, match, scope, scope_id, tag)
        validate_rule(draft)
        with self._write() as conn:
            position = conn.execute(
                select(func.coalesce(func.max(filter_rules.c.position), -1) + 1).where(
                    filter_rules.c.user_id == user_id
                )
            ).scalar_one()
            result = conn.execute(
                insert(filter_rules).values(
                    user_id=user_id,
                    pattern=pattern,
                    action=action,
                    field=field,
                    match=match,
                    scope=scope,
                    scope_id=scope_id,
                    tag=tag,
                    position=int(position),
                    created_at=utcnow(),
                )
            )
            pk = result.inserted_primary_key
            assert pk is not None
            row = conn.execute(select(filter_rules).where(filter_rules.c.id == pk[0])).one()
        return _rule(row)

    def list_filter_rules(self, user_id: int) -> list[FilterRule]:
        with self._read() as conn:
            rows = conn.execute(
                select(filter_rules)
                .where(filter_rules.c.user_id == user_id)
                .order_by(filter_rules.c.position, filter_rules.c.id)
            ).all()
        return [_rule(r) for r in rows]

    def delete_filter_rule(self, user_id: int, rule_id: int) -> bool:
        with self._write() as conn:
            result = conn.execute(
                delete(filter_rules).where(
                    and_(filter_rules.c.id == rule_id, filter_rules.c.user_id == user_id)
                )
            )
        return bool(result.rowcount)

    def filter_rules_for_feed(self, feed_id: int) -> dict[int, tuple[int | None, list[FilterRule]]]:
        """Every subscriber of a feed who has rules: user id -> (their folder, their rules)."""
        with self._read() as conn:
            subs = conn.execute(
                select(subscriptions.c.user_id, subscriptions.c.folder_id).where(
                    subscriptions.c.feed_id == feed_id
                )
            ).all()
            folder_of = {int(r[0]): r[1] for r in subs}
            if not folder_of:
                return {}
            rows = conn.execute(
                select(filter_rules)
                .where(filter_rules.c.user_id.in_(list(folder_of)))
                .order_by(filter_rules.c.position, filter_rules.c.id)
            ).all()
        found: dict[int, tuple[int | None, list[FilterRule]]] = {}
        for row in rows:
            rule = _rule(row)
            found.setdefault(rule.user_id, (folder_of[rule.user_id], []))[1].append(rule)
        return found

    def filter_article(self, article: Article) -> dict[int, FilterDecision]:
        """Apply every subscriber's rules to a newly stored article and record the outcome.

        The ingest hook: call it after enrichment (so topics are known). Returns the decision
        per reader whose rules changed something.
        """
        if article.feed_id is None:
            return {}
        per_user = self.filter_rules_for_feed(article.feed_id)
        if not per_user:
            return {}
        topic_names = self._topic_words([article.id]).get(article.id, ())
        decisions: dict[int, FilterDecision] = {}
        for user_id, (folder_id, rules) in per_user.items():
            decision = apply_filters(subject_of(article, folder_id, topic_names), rules)
            if decision.changes_anything:
                decisions[user_id] = decision
        if decisions:
            with self._write() as conn:
                for user_id, decision in decisions.items():
                    _record_decision(conn, user_id, article.id, decision)
        return decisions

    def refilter_stored(self, user_id: int, *, limit: int = 5000, batch: int = 200) -> int:
        """Apply one reader's rules to the newest stored articles of their feeds ("apply now").

        Only adds marks (read, star, tags, skipped); it never un-reads or un-stars anything.
        Returns how many articles a rule changed.
        """
        rules = self.list_filter_rules(user_id)
        if not rules:
            return 0
        with self._read() as conn:
            subs = conn.execute(
                select(subscriptions.c.feed_id, subscriptions.c.folder_id).where(
                    subscriptions.c.user_id == user_id
                )
            ).all()
        folder_of = {int(r[0]): r[1] for r in subs}
        if not folder_of:
            return 0
        when = func.coalesce(articles.c.published, articles.c.fetched_at)
        changed = 0
        for offset in range(0, limit, batch):
            with self._read() as conn:
                rows = conn.execute(
                    select(articles)
                    .where(articles.c.feed_id.in_(list(folder_of)))
                    .order_by(when.desc(), articles.c.id.desc())
                    .limit(min(batch, limit - offset))
                    .offset(offset)
                ).all()
            if not rows:
                break
            found = [article_from_row(r) for r in rows]
            words = self._topic_words([a.id for a in found])
            decisions = {}
            for article in found:
                subject = subject_of(
                    article, folder_of.get(article.feed_id or -1), words.get(article.id, ())
                )
                decision = apply_filters(subject, rules)
                if decision.changes_anything:
                    decisions[article.id] = decision
            if decisions:
                with self._write() as conn:
                    for article_id, decision in decisions.items():
                        _record_decision(conn, user_id, article_id, decision)
                changed += len(decisions)
        return changed

    def _topic_words(self, article_ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
        if not article_ids:
            return {}
        with self._read() as conn:
            rows = conn.execute(
                select(article_topics.c.article_id, topics.c.key, topics.c.name)
                .join(topics, topics.c.id == article_topics.c.topic_id)
                .where(article_topics.c.article_id.in_(list(article_ids)))
            ).all()
        found: dict[int, list[str]] = {}
        for r in rows:
            found.setdefault(int(r[0]), []).extend([r[1], r[2]])
        return {k: tuple(v) for k, v in found.items()}

    # -- tags ----------------------------------------------------------------------------------
    def article_tags(self, user_id: int, article_ids: Iterable[int]) -> dict[int, list[str]]:
        ids = list(article_ids)
        if not ids:
            return {}
        with self._read() as conn:
            rows = conn.execute(
                select(article_tags.c.article_id, article_tags.c.tag)
                .where(and_(article_tags.c.user_id == user_id, article_tags.c.article_id.in_(ids)))
                .order_by(article_tags.c.article_id, article_tags.c.tag)
            ).all()
        found: dict[int, list[str]] = {}
        for r in rows:
            found.setdefault(int(r[0]), []).append(r[1])
        return found

    def skipped_article_ids(self, user_id: int, article_ids: Iterable[int]) -> set[int]:
        """Which of these articles a skip rule hid from this reader (lists leave them out)."""
        return {
            aid
            for aid, tags in self.article_tags(user_id, article_ids).items()
            if SKIPPED_TAG in tags
        }

    # -- mutes ---------------------------------------------------------------------------------
    def add_mute(self, user_id: int, kind: str, value: str) -> Mute:
        if kind not in MUTE_KINDS:
            raise ValueError(f"kind must be one of {', '.join(MUTE_KINDS)}")
        value = " ".join(value.split())
        if not value:
            raise ValueError("say what to mute")
        try:
            with self._write() as conn:
                conn.execute(
                    insert(mutes).values(
                        user_id=user_id, kind=kind, value=value, created_at=utcnow()
                    )
                )
        except IntegrityError:
            pass  # already muted
        with self._read() as conn:
            row = conn.execute(
                select(mutes).where(
                    and_(mutes.c.user_id == user_id, mutes.c.kind == kind, mutes.c.value == value)
                )
            ).one()
        return Mute(row.id, row.user_id, row.kind, row.value)

    def list_mutes(self, user_id: int) -> list[Mute]:
        with self._read() as conn:
            rows = conn.execute(
                select(mutes)
                .where(mutes.c.user_id == user_id)
                .order_by(mutes.c.kind, mutes.c.value)
            ).all()
        return [Mute(r.id, r.user_id, r.kind, r.value) for r in rows]

    def delete_mute(self, user_id: int, mute_id: int) -> bool:
        with self._write() as conn:
            result = conn.execute(
                delete(mutes).where(and_(mutes.c.id == mute_id, mutes.c.user_id == user_id))
            )
        return bool(result.rowcount)

    def subjects_for(self, found: Sequence[Article]) -> dict[int, Subject]:
        """Rule subjects (with topics) for listed articles: what MuteSet.hides() is asked about."""
        words = self._topic_words([a.id for a in found])
        return {a.id: subject_of(a, None, words.get(a.id, ())) for a in found}

    # -- WebSub leases ---------------------------------------------------------------------------
    def upsert_websub(self, feed_id: int, *, hub: str, topic: str, secret: str) -> WebSubLease:
        """The feed's subscription, created or pointed at a new hub/topic (back to pending).

        A renewal at the same hub keeps its secret, so pushes already signed stay valid.
        """
        with self._write() as conn:
            row = conn.execute(
                select(websub_subscriptions).where(websub_subscriptions.c.feed_id == feed_id)
            ).first()
            if row is None:
                conn.execute(
                    insert(websub_subscriptions).values(
                        feed_id=feed_id,
                        hub=hub,
                        topic=topic,
                        secret=secret,
                        state="pending",
                        created_at=utcnow(),
                    )
                )
            elif row.hub != hub or row.topic != topic or row.state == "unsubscribed":
                conn.execute(
                    update(websub_subscriptions)
                    .where(websub_subscriptions.c.id == row.id)
                    .values(
                        hub=hub,
                        topic=topic,
                        secret=secret,
                        state="pending",
                        expires_at=None,
                        lease_seconds=None,
                    )
                )
        lease = self.websub_for_feed(feed_id)
        assert lease is not None
        return lease

    def websub_for_feed(self, feed_id: int) -> WebSubLease | None:
        with self._read() as conn:
            row = conn.execute(
                select(websub_subscriptions).where(websub_subscriptions.c.feed_id == feed_id)
            ).first()
        return _lease(row) if row else None

    def get_websub(self, lease_id: int) -> WebSubLease | None:
        with self._read() as conn:
            row = conn.execute(
                select(websub_subscriptions).where(websub_subscriptions.c.id == lease_id)
            ).first()
        return _lease(row) if row else None

    def set_websub_state(
        self,
        lease_id: int,
        state: str,
        *,
        lease_seconds: int | None = None,
        expires_at: datetime | None = None,
    ) -> None:
        values: dict[str, Any] = {"state": state}
        if state == "verified":
            values.update(lease_seconds=lease_seconds, expires_at=expires_at)
        with self._write() as conn:
            conn.execute(
                update(websub_subscriptions)
                .where(websub_subscriptions.c.id == lease_id)
                .values(**values)
            )

    def record_websub_push(self, lease_id: int, at: datetime) -> None:
        with self._write() as conn:
            conn.execute(
                update(websub_subscriptions)
                .where(websub_subscriptions.c.id == lease_id)
                .values(last_push_at=at)
            )

    def websub_leases(self) -> list[WebSubLease]:
        with self._read() as conn:
            rows = conn.execute(
                select(websub_subscriptions).order_by(websub_subscriptions.c.id)
            ).all()
        return [_lease(r) for r in rows]

    # -- translations --------------------------------------------------------------------------
    def get_translation(self, article_id: int, language: str) -> Translation | None:
        with self._read() as conn:
            row = conn.execute(
                select(article_translations).where(
                    and_(
                        article_translations.c.article_id == article_id,
                        article_translations.c.language == language,
                    )
                )
            ).first()
        if row is None:
            return None
        return Translation(row.article_id, row.language, row.title, row.text, row.model)

    def save_translation(self, translation: Translation) -> None:
        """Cache a translation (a second one for the same language replaces the first)."""
        with self._write() as conn:
            conn.execute(
                delete(article_translations).where(
                    and_(
                        article_translations.c.article_id == translation.article_id,
                        article_translations.c.language == translation.language,
                    )
                )
            )
            conn.execute(
                insert(article_translations).values(
                    article_id=translation.article_id,
                    language=translation.language,
                    title=translation.title,
                    text=translation.text,
                    model=translation.model,
                    created_at=utcnow(),
                )
            )


def subject_of(article: Article, folder_id: int | None, topic_words: Sequence[str]) -> Subject:
    return Subject(
        title=article.title,
        author=article.author,
        text=article.text,
        publisher=article.publisher,
        topics=tuple(topic_words),
        feed_id=article.feed_id,
        folder_id=folder_id,
    )


def _record_decision(
    conn: Connection, user_id: int, article_id: int, decision: FilterDecision
) -> None:
    """Add the decision's marks for one reader (idempotent: running twice changes nothing)."""
    if decision.read or decision.star:
        state = conn.execute(
            select(article_states.c.read, article_states.c.starred).where(
                and_(
                    article_states.c.user_id == user_id,
                    article_states.c.article_id == article_id,
                )
            )
        ).first()
        if state is None:
            conn.execute(
                insert(article_states).values(
                    user_id=user_id,
                    article_id=article_id,
                    read=decision.read,
                    starred=decision.star,
                    updated_at=utcnow(),
                )
            )
        else:
            conn.execute(
                update(article_states)
                .where(
                    and_(
                        article_states.c.user_id == user_id,
                        article_states.c.article_id == article_id,
                    )
                )
                .values(
                    read=bool(state[0]) or decision.read,
                    starred=bool(state[1]) or decision.star,
                    updated_at=utcnow(),
                )
            )
    if decision.tags:
        have = set(
            conn.execute(
                select(article_tags.c.tag).where(
                    and_(
                        article_tags.c.user_id == user_id,
                        article_tags.c.article_id == article_id,
                    )
                )
            ).scalars()
        )
        for tag in decision.tags:
            if tag not in have:
                conn.execute(
                    insert(article_tags).values(user_id=user_id, article_id=article_id, tag=tag)
                )


def _lease(row: Any) -> WebSubLease:
    m = row._mapping
    return WebSubLease(
        id=m["id"],
        feed_id=m["feed_id"],
        hub=m["hub"],
        topic=m["topic"],
        secret=m["secret"],
        state=m["state"],
        lease_seconds=m["lease_seconds"],
        expires_at=m["expires_at"],
        last_push_at=m["last_push_at"],
        created_at=m["created_at"],
    )
