"""Consistent copies of a live SQLite store, and putting one back.

The copy uses SQLite's online backup API (`sqlite3.Connection.backup`), which copies pages
under one read transaction: in WAL mode writers keep working while it runs, and the copy is
one consistent snapshot. It is written beside the destination and renamed into place, so a
crash never leaves a half-written backup under the real name.

A restore refuses a file that is not a Broadsheet store (no `alembic_version`, or a revision
this version of Broadsheet does not know, i.e. a backup from a newer release), refuses to
replace an existing store unless forced, and migrates the restored copy up to the current
schema. PostgreSQL installs back up with `pg_dump`; both functions say so instead of guessing.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from alembic.script import ScriptDirectory

from broadsheet.store.engine import alembic_config, create_store_engine, migrate, sqlite_path

# One step: the copy reads under one WAL snapshot, which never blocks writers, and is never
# restarted by them (a copy in several steps starts again whenever another connection writes).
_PAGES_PER_STEP = -1


class BackupError(Exception):
    """The backup or restore could not be done; the message says why and what to do."""


@dataclass(frozen=True, slots=True)
class StoreFileInfo:
    path: Path
    revision: str
    articles: int
    feeds: int
    size_bytes: int


def known_revisions() -> list[str]:
    """Every migration revision this release knows, oldest first."""
    script = ScriptDirectory.from_config(alembic_config())
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def _require_sqlite(db_url: str) -> Path:
    path = sqlite_path(db_url)
    if path is None or path == os.path.abspath(":memory:"):
        raise BackupError(
            f"{db_url}: backups here cover SQLite stores; back up PostgreSQL with pg_dump"
        )
    return Path(path)


def backup_store(db_url: str, dest: Path, *, force: bool = False) -> StoreFileInfo:
    """Copy the live SQLite store at `db_url` into `dest` and verify the copy."""
    source = _require_sqlite(db_url)
    if not source.exists():
        raise BackupError(f"{source}: no store there")
    dest = dest.expanduser().resolve()
    if dest == source.resolve():
        raise BackupError("the backup file cannot be the store itself")
    if dest.exists() and not force:
        raise BackupError(f"{dest} exists (use --force to replace it)")
    dest.parent.mkdir(parents=True, exist_ok=True)
    partial = dest.with_name(dest.name + ".partial")
    _copy_sqlite(source, partial)
    try:
        info = inspect_store_file(partial)
    except BackupError:
        partial.unlink(missing_ok=True)
        raise
    os.replace(partial, dest)
    return StoreFileInfo(dest, info.revision, info.articles, info.feeds, dest.stat().st_size)


def restore_store(backup: Path, db_url: str, *, force: bool = False) -> StoreFileInfo:
    """Put the backup at `backup` in place of the SQLite store at `db_url`.

    Stop the web app and workers first: a running process would keep writing to the file it
    has open. The restored store is migrated to this release's schema.
    """
    backup = backup.expanduser().resolve()
    info = inspect_store_file(backup)
    target = _require_sqlite(db_url)
    if target.exists() and target.stat().st_size > 0 and not force:
        raise BackupError(f"{target} already holds a store (use --force to replace it)")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".restoring")
    partial.unlink(missing_ok=True)
    _copy_sqlite(backup, partial)
    for suffix in ("-wal", "-shm"):  # the old store's journal must not be replayed onto the new
        Path(str(target) + suffix).unlink(missing_ok=True)
    os.replace(partial, target)
    engine = create_store_engine("sqlite:///" + str(target))
    try:
        migrate(engine)
    finally:
        engine.dispose()
    return StoreFileInfo(target, head_revision(), info.articles, info.feeds, info.size_bytes)


def inspect_store_file(path: Path) -> StoreFileInfo:
    """What a store file holds; BackupError when it is not a Broadsheet store we can use."""
    if not path.is_file():
        raise BackupError(f"{path}: no such file")
    with path.open("rb") as fh:
        if fh.read(16) != b"SQLite format 3\x00":
            raise BackupError(f"{path}: not an SQLite database")
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        try:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            articles = int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
            feeds = int(conn.execute("SELECT count(*) FROM feeds").fetchone()[0])
        except sqlite3.DatabaseError as exc:
            raise BackupError(f"{path}: not a Broadsheet store ({exc})") from exc
        check = conn.execute("PRAGMA quick_check").fetchone()[0]
    finally:
        conn.close()
    if row is None:
        raise BackupError(f"{path}: not a Broadsheet store (no schema revision)")
    revision = str(row[0])
    if revision not in known_revisions():
        raise BackupError(
            f"{path}: schema revision {revision} is unknown to this release"
            f" (it knows up to {head_revision()}); restore it with a newer Broadsheet"
        )
    if check != "ok":
        raise BackupError(f"{path}: the database is damaged ({check})")
    return StoreFileInfo(path, revision, articles, feeds, path.stat().st_size)


def _copy_sqlite(source: Path, dest: Path) -> None:
    dest.unlink(missing_ok=True)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30)
    dst = sqlite3.connect(str(dest))
    try:
        with contextlib.closing(src), contextlib.closing(dst):
            src.execute("PRAGMA busy_timeout=30000")
            src.backup(dst, pages=_PAGES_PER_STEP)
            # A backup is one self-contained file: no WAL beside it to lose when copied.
            dst.execute("PRAGMA journal_mode=DELETE")
    except sqlite3.Error as exc:
        dest.unlink(missing_ok=True)
        raise BackupError(f"backup of {source} failed: {exc}") from exc
