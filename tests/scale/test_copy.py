"""`migrate-store`: an install moved from SQLite to PostgreSQL keeps every row, id and value."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import (
    Boolean,
    DateTime,
    Engine,
    Float,
    Integer,
    LargeBinary,
    Table,
    select,
    update,
)

from broadsheet.store import open_store
from broadsheet.store.copy import TargetNotEmptyError, copy_store, table_counts
from broadsheet.store.engine import create_store_engine, migrate
from broadsheet.store.schema import metadata

pytestmark = pytest.mark.postgres

ROWS = 3


def _value(table: Table, column: Any, i: int) -> Any:
    if column.foreign_keys:
        return i  # every table holds rows 1..ROWS, so row i of the parent exists
    kind = column.type
    if isinstance(kind, Boolean):
        return i % 2 == 0
    if isinstance(kind, Integer):
        return i
    if isinstance(kind, Float):
        return i / 4
    if isinstance(kind, LargeBinary):
        return bytes([i, 0, 255, i])
    if isinstance(kind, DateTime) or "DateTime" in type(kind).__name__:
        return datetime(2026, 3, i, 8, 30, tzinfo=UTC)
    text = f"{i} ünïcode {table.name}.{column.name}"
    length = getattr(kind, "length", None)
    return text[:length] if length else text


def fill_every_table(engine: Engine) -> None:
    """ROWS rows in every table of the schema, a self-reference pointing forward included."""
    with engine.begin() as conn:
        for table in metadata.sorted_tables:
            self_refs = [fk.parent for fk in table.foreign_keys if fk.column.table is table]
            rows = []
            for i in range(1, ROWS + 1):
                row = {c.name: _value(table, c, i) for c in table.columns}
                for column in self_refs:
                    row[column.name] = None
                rows.append(row)
            conn.execute(table.insert(), rows)
            for column in self_refs:  # row 1 points at row 3: copied in table order, it cannot
                conn.execute(update(table).where(table.c.id == 1).values({column.name: ROWS}))


def all_rows(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    with engine.connect() as conn:
        return {
            t.name: [tuple(r) for r in conn.execute(select(t).order_by(*t.primary_key.columns))]
            for t in metadata.sorted_tables
        }


def sqlite_install(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = create_store_engine(url)
    migrate(engine)
    fill_every_table(engine)
    engine.dispose()
    return url


def test_copy_keeps_every_row_id_and_value(tmp_path: Path, pg_url: str) -> None:
    source = sqlite_install(tmp_path)
    seen: set[str] = set()
    report = copy_store(source, pg_url, on_progress=lambda table, done, total: seen.add(table))

    assert report.ok, report.mismatches()
    assert {c.table for c in report.counts} == {t.name for t in metadata.sorted_tables}
    assert all(c.target == ROWS for c in report.counts)
    assert seen == {t.name for t in metadata.sorted_tables}
    src, dst = create_store_engine(source), create_store_engine(pg_url)
    try:
        assert all_rows(dst) == all_rows(src)
    finally:
        src.dispose()
        dst.dispose()


def test_copied_postgres_store_takes_new_rows(tmp_path: Path, pg_url: str) -> None:
    copy_store(sqlite_install(tmp_path), pg_url)
    store = open_store(pg_url)
    try:
        feed, created = store.add_feed("https://example.org/new.xml")
        assert created and feed.id == ROWS + 1  # sequences moved past the copied ids
        assert store.get_feed(1) is not None
    finally:
        store.close()


def test_refuses_a_target_with_data_unless_forced(tmp_path: Path, pg_url: str) -> None:
    source = sqlite_install(tmp_path)
    copy_store(source, pg_url)
    target = create_store_engine(pg_url)
    try:
        before = all_rows(target)
        with pytest.raises(TargetNotEmptyError, match="--force"):
            copy_store(source, pg_url)
        assert all_rows(target) == before

        report = copy_store(source, pg_url, force=True)
        assert report.ok
        assert table_counts(target) == {t.name: ROWS for t in metadata.sorted_tables}
    finally:
        target.dispose()


def test_copies_back_from_postgres_to_sqlite(tmp_path: Path, pg_url: str) -> None:
    source = sqlite_install(tmp_path)
    copy_store(source, pg_url)
    back = f"sqlite:///{tmp_path / 'back.db'}"
    assert copy_store(pg_url, back).ok
    a, b = create_store_engine(source), create_store_engine(back)
    try:
        assert all_rows(a) == all_rows(b)
    finally:
        a.dispose()
        b.dispose()


@pytest.mark.slow
def test_migrate_store_command(tmp_path: Path, pg_url: str) -> None:
    source = sqlite_install(tmp_path)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "broadsheet.cli.worker",
            "migrate-store",
            "--from",
            source,
            "--to",
            pg_url,
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "counts verified" in done.stdout
    target = create_store_engine(pg_url)
    try:
        assert table_counts(target) == {t.name: ROWS for t in metadata.sorted_tables}
    finally:
        target.dispose()
