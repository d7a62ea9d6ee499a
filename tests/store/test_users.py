"""Accounts and per-user state: one user's rows are never another's."""

from __future__ import annotations

import pytest

from broadsheet.auth.passwords import hash_password, verify_password
from broadsheet.fingerprint import content_hash
from broadsheet.models import NewArticle
from broadsheet.store import Store
from broadsheet.store.users import UserExistsError


def test_accounts_and_passwords(store: Store) -> None:
    alice = store.create_user("alice", hash_password("correct horse"), is_admin=True)
    assert alice.is_admin and store.get_user_by_name("alice") == alice
    assert verify_password(alice.password_hash, "correct horse")
    assert not verify_password(alice.password_hash, "wrong")
    with pytest.raises(UserExistsError):
        store.create_user("alice", hash_password("another one"))


def test_subscriptions_folders_and_state_are_per_user(store: Store) -> None:
    alice = store.create_user("alice", "x")
    bob = store.create_user("bob", "x")
    feed, _ = store.add_feed("https://a.example/feed", title="A")
    article, _ = store.add_article(
        NewArticle(
            url="https://a.example/1",
            title="t",
            text="b",
            content_hash=content_hash("b"),
            feed_id=feed.id,
        )
    )
    tech = store.folder_for(alice.id, "Tech")
    store.subscribe(alice.id, feed.id, folder_id=tech.id)
    assert [s.folder for s in store.list_subscriptions(alice.id)] == ["Tech"]
    assert store.list_subscriptions(bob.id) == []
    # Bob cannot move or rename Alice's folder.
    assert not store.rename_folder(bob.id, tech.id, "Mine")
    assert store.set_article_state(alice.id, [article.id], read=True, starred=True) == 1
    assert store.article_states_for(alice.id, [article.id]) == {article.id: (True, True)}
    assert store.article_states_for(bob.id, [article.id]) == {}
    assert store.starred_article_ids(bob.id) == []
    store.set_article_state(alice.id, [article.id], starred=False)
    assert store.article_states_for(alice.id, [article.id]) == {article.id: (True, False)}
    assert store.set_article_state(alice.id, [999_999], read=True) == 0
