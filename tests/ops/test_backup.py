"""Backups of a live SQLite store and restores, through real files and real writers."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from broadsheet.fingerprint import content_hash
from broadsheet.models import NewArticle
from broadsheet.ops.backup import BackupError, backup_store, head_revision, restore_store
from broadsheet.store import open_store


def _url(path: Path) -> str:
    return f"sqlite:///{path}"


def _fill(url: str, n: int) -> None:
    store = open_store(url)
    try:
        feed, _ = store.add_feed("https://example.com/feed.xml", title="Example")
        for i in range(n):
            text = f"Article body number {i} with enough words to be an article."
            store.add_article(
                NewArticle(
                    url=f"https://example.com/{i}",
                    title=f"Title {i}",
                    text=text,
                    feed_id=feed.id,
                    publisher="Example",
                    content_hash=content_hash(text),
                )
            )
    finally:
        store.close()


def _write_pairs(db: Path, stop: threading.Event, written: list[int]) -> None:
    """Each transaction adds an article and its entry: a consistent copy has as many of each."""
    conn = sqlite3.connect(str(db), timeout=30, isolation_level=None)
    conn.execute("PRAGMA busy_timeout=30000")
    i = 0
    while not stop.is_set() or i < 50:
        conn.execute("BEGIN IMMEDIATE")
        cur = conn.execute(
            "INSERT INTO articles (url, content_hash, title, text, html, summary, feed_id,"
            " fetched_at) VALUES (?, ?, 't', 'x', '', '', 1, '2026-01-01 00:00:00')",
            (f"https://example.com/live/{i}", f"h{i}"),
        )
        conn.execute(
            "INSERT INTO entries (feed_id, guid, article_id, seen_at)"
            " VALUES (1, ?, ?, '2026-01-01 00:00:00')",
            (f"g{i}", cur.lastrowid),
        )
        conn.execute("COMMIT")
        i += 1
    written.append(i)
    conn.close()


def test_backup_while_another_thread_writes_is_consistent(tmp_path: Path) -> None:
    db = tmp_path / "live.db"
    _fill(_url(db), 20)
    stop = threading.Event()
    written: list[int] = []
    writer = threading.Thread(target=_write_pairs, args=(db, stop, written))
    writer.start()
    try:
        infos = [backup_store(_url(db), tmp_path / f"copy{k}.db") for k in range(3)]
    finally:
        stop.set()
        writer.join()
    for info in infos:
        conn = sqlite3.connect(str(info.path))
        articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        entries = conn.execute("SELECT count(*) FROM entries").fetchone()[0]
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        conn.close()
        # 20 filled articles have no entry; every live article came with exactly one.
        assert articles - 20 == entries
        assert info.articles == articles
        assert info.revision == head_revision()
    live = sqlite3.connect(str(db)).execute("SELECT count(*) FROM entries").fetchone()[0]
    assert live == written[0]


def test_backup_opens_as_a_store_and_is_a_single_file(tmp_path: Path) -> None:
    db = tmp_path / "live.db"
    _fill(_url(db), 5)
    info = backup_store(_url(db), tmp_path / "backups" / "b.db")
    assert not Path(str(info.path) + "-wal").exists()
    copy = open_store(_url(info.path))
    try:
        assert copy.count_articles() == 5
        assert [f.title for f in copy.list_feeds()] == ["Example"]
    finally:
        copy.close()


def test_backup_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    db = tmp_path / "live.db"
    _fill(_url(db), 1)
    dest = tmp_path / "b.db"
    dest.write_bytes(b"precious")
    with pytest.raises(BackupError, match="--force"):
        backup_store(_url(db), dest)
    assert dest.read_bytes() == b"precious"
    backup_store(_url(db), dest, force=True)
    assert dest.read_bytes().startswith(b"SQLite format 3")


def test_backup_of_postgres_points_at_pg_dump(tmp_path: Path) -> None:
    with pytest.raises(BackupError, match="pg_dump"):
        backup_store("postgresql://u@localhost/db", tmp_path / "b.db")


def test_restore_refuses_to_overwrite_then_replaces_with_force(tmp_path: Path) -> None:
    old, other = tmp_path / "old.db", tmp_path / "other.db"
    _fill(_url(old), 3)
    _fill(_url(other), 7)
    backup = backup_store(_url(old), tmp_path / "b.db").path
    with pytest.raises(BackupError, match="--force"):
        restore_store(backup, _url(other))
    assert open_store(_url(other)).count_articles() == 7
    info = restore_store(backup, _url(other), force=True)
    assert info.articles == 3
    restored = open_store(_url(other))
    try:
        assert restored.count_articles() == 3
    finally:
        restored.close()


def test_restore_into_a_new_place(tmp_path: Path) -> None:
    db = tmp_path / "live.db"
    _fill(_url(db), 2)
    backup = backup_store(_url(db), tmp_path / "b.db").path
    target = tmp_path / "new" / "broadsheet.db"
    restore_store(backup, _url(target))
    store = open_store(_url(target))
    try:
        assert store.count_articles() == 2
    finally:
        store.close()


def test_restore_refuses_files_that_are_not_broadsheet_stores(tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    with pytest.raises(BackupError, match="not an SQLite database"):
        restore_store(text, _url(tmp_path / "t.db"))
    foreign = tmp_path / "foreign.db"
    sqlite3.connect(str(foreign)).execute("CREATE TABLE things (x)").connection.commit()
    with pytest.raises(BackupError, match="not a Broadsheet store"):
        restore_store(foreign, _url(tmp_path / "t.db"))
    assert not (tmp_path / "t.db").exists()


def test_restore_refuses_a_backup_from_a_newer_release(tmp_path: Path) -> None:
    db = tmp_path / "live.db"
    _fill(_url(db), 1)
    backup = backup_store(_url(db), tmp_path / "b.db").path
    conn = sqlite3.connect(str(backup))
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.commit()
    conn.close()
    with pytest.raises(BackupError, match="unknown to this release"):
        restore_store(backup, _url(tmp_path / "t.db"))
