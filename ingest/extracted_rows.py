"""Extracted rows: each table's natural key, rows grouped per table and key, and their upserts.

A row upserts on its table's unique constraint, so a changed re-send updates and never deletes,
except for a source's declared `replaces` (a profile's experience), written under a per-subject lock.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table, Text, UniqueConstraint, bindparam, delete, func, select
from sqlalchemy.dialects.postgresql import Insert, insert
from sqlalchemy.ext.asyncio import AsyncConnection

from ingest.sources.base import Source
from models.base import Base


@functools.cache
def natural_key(table: Table) -> tuple[str, ...]:
    """The columns of the table's unique constraint: what an extracted row upserts on (found once per table)."""
    for constraint in table.constraints:
        if isinstance(constraint, UniqueConstraint):
            return tuple(column.name for column in constraint.columns)
    raise LookupError(f"{table.fullname} has no unique constraint to upsert on")


def group_rows(rows: Sequence[Base]) -> list[tuple[Table, list[dict[str, Any]]]]:
    """Rows as column dicts per table, one per natural key (the first wins), sorted by key.

    Sorting gives concurrent upserts one lock order; de-duplicating avoids ON CONFLICT touching a
    row twice in one statement.
    """
    tables: dict[Table, dict[tuple[Any, ...], dict[str, Any]]] = {}
    for row in rows:
        table: Table = row.__table__  # type: ignore[assignment]
        values = {k: v for k, v in vars(row).items() if not k.startswith("_")}
        key = tuple(values.get(column) for column in natural_key(table))
        tables.setdefault(table, {}).setdefault(key, values)
    grouped = []
    for table, by_key in tables.items():
        columns = [c.name for c in table.columns if any(c.name in v for v in by_key.values())]
        ordered = sorted(by_key.items(), key=lambda item: tuple(str(part) for part in item[0]))
        grouped.append((table, [{c: values.get(c) for c in columns} for _, values in ordered]))
    return grouped


@functools.cache
def _upsert(table: Table, columns: tuple[str, ...]) -> Insert:
    """One statement per table and column set, built once: executed with a list of rows."""
    key = natural_key(table)
    stmt = insert(table)
    updates = {c: stmt.excluded[c] for c in columns if c not in key}
    return stmt.on_conflict_do_update(index_elements=key, set_={**updates, "updated_at": func.now()})


_SUBJECT_LOCK = select(func.pg_advisory_xact_lock(func.hashtextextended(bindparam("lock", type_=Text), 0)))


async def write_rows(
    conn: AsyncConnection,
    source: Source[Any],
    raw_id: int,
    subject: str | None,
    groups: Sequence[tuple[Table, list[dict[str, Any]]]],
) -> int:
    """Upsert a raw row's grouped rows (after a declared `replaces` delete); returns the row count."""
    if source.replaces and subject:
        # one writer per subject at a time, or two concurrent profiles could interleave experience
        await conn.execute(_SUBJECT_LOCK, {"lock": f"{source.name}:{subject}"})
        for column in source.replaces:
            await conn.execute(delete(column.class_).where(column == subject))
    count = 0
    for table, grouped in groups:
        rows = [{**row, "raw_id": raw_id} for row in grouped]
        # a cached statement + executemany: asyncpg pipelines the rows in one round trip
        await conn.execute(_upsert(table, tuple(rows[0])), rows)
        count += len(rows)
    return count
