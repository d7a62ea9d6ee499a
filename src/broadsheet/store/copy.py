"""Moving an install between engines: every table, every row, ids kept, counts verified.

Tables are copied in foreign-key order (parents first) through SQLAlchemy Core, so values pass
through the same type conversions the store uses (UTC datetimes, booleans, bytes). A column
pointing at its own table (an article's `duplicate_of`, a comment's `parent_id`) is filled in a
second pass, once every row it may point at exists. PostgreSQL sequences are then moved past
the copied ids so the next insert does not collide.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, Table, bindparam, func, select, text, update

from broadsheet.store.engine import create_store_engine, migrate
from broadsheet.store.schema import metadata

_BATCH = 1000

# (table name, rows copied so far in it, rows in it) after each batch.
ProgressCallback = Callable[[str, int, int], None]


class TargetNotEmptyError(Exception):
    """The target store already holds data; copying would mix two installs."""


@dataclass(frozen=True, slots=True)
class TableCount:
    table: str
    source: int
    target: int

    @property
    def ok(self) -> bool:
        return self.source == self.target


@dataclass(slots=True)
class CopyReport:
    counts: list[TableCount] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.counts)

    @property
    def rows(self) -> int:
        return sum(c.target for c in self.counts)

    def mismatches(self) -> list[TableCount]:
        return [c for c in self.counts if not c.ok]


def copy_store(
    source_url: str,
    target_url: str,
    *,
    force: bool = False,
    on_progress: ProgressCallback | None = None,
) -> CopyReport:
    """Copy every table of the store at `source_url` into `target_url` and compare counts.

    Both stores are migrated to the current schema first. A target holding any row is refused
    (TargetNotEmptyError) unless `force`, which empties it first. Runs in one transaction on the
    target: a failed copy leaves it as it was.
    """
    source = create_store_engine(source_url)
    target = create_store_engine(target_url)
    try:
        migrate(source)
        migrate(target)
        return _copy(source, target, force=force, on_progress=on_progress)
    finally:
        source.dispose()
        target.dispose()


def table_counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {t.name: _count(conn, t) for t in metadata.sorted_tables}


def _copy(
    source: Engine, target: Engine, *, force: bool, on_progress: ProgressCallback | None
) -> CopyReport:
    tables = metadata.sorted_tables
    with source.connect() as src, target.connect() as dst:
        with dst.begin():
            occupied = [t.name for t in tables if _count(dst, t)]
            if occupied and not force:
                raise TargetNotEmptyError(
                    f"the target store already has rows in {', '.join(occupied)}"
                    " (use --force to replace them)"
                )
            for table in reversed(tables):
                dst.execute(table.delete())
            for table in tables:
                _copy_table(src, dst, table, on_progress)
            if dst.dialect.name == "postgresql":
                _reset_sequences(dst)
        report = CopyReport()
        for table in tables:
            report.counts.append(TableCount(table.name, _count(src, table), _count(dst, table)))
    return report


def _copy_table(
    src: Connection, dst: Connection, table: Table, on_progress: ProgressCallback | None
) -> None:
    total = _count(src, table)
    self_refs = [
        fk.parent.name for fk in table.foreign_keys if fk.column.table is table and fk.parent.name
    ]
    pk = [c.name for c in table.primary_key.columns]
    deferred: list[dict[str, Any]] = []
    done = 0
    if on_progress is not None:
        on_progress(table.name, 0, total)
    for batch in _batches(src, table):
        for row in batch:
            later = {name: row[name] for name in self_refs if row[name] is not None}
            if later:
                deferred.append({**{f"pk_{k}": row[k] for k in pk}, **later})
                for name in later:
                    row[name] = None
        dst.execute(table.insert(), batch)
        done += len(batch)
        if on_progress is not None:
            on_progress(table.name, done, total)
    for name in self_refs:
        values = [d for d in deferred if name in d]
        if not values:
            continue
        stmt = update(table).values({name: bindparam(f"v_{name}")})
        for k in pk:
            stmt = stmt.where(table.c[k] == bindparam(f"pk_{k}"))
        dst.execute(
            stmt,
            [{**{f"pk_{k}": v[f"pk_{k}"] for k in pk}, f"v_{name}": v[name]} for v in values],
        )


def _batches(src: Connection, table: Table) -> Iterator[list[dict[str, Any]]]:
    order = list(table.primary_key.columns) or list(table.columns)
    result = src.execution_options(yield_per=_BATCH).execute(select(table).order_by(*order))
    for partition in result.mappings().partitions(_BATCH):
        yield [dict(row) for row in partition]


def _count(conn: Connection, table: Table) -> int:
    return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def _reset_sequences(dst: Connection) -> None:
    for table in metadata.sorted_tables:
        if "id" not in table.c or list(table.primary_key.columns) != [table.c.id]:
            continue
        dst.execute(
            text(
                "SELECT setval(pg_get_serial_sequence(:table, 'id'),"
                f" coalesce((SELECT max(id) FROM {table.name}), 1),"
                f" (SELECT max(id) FROM {table.name}) IS NOT NULL)"
            ),
            {"table": table.name},
        )
