"""Database plumbing the core build shares: one lock, bulk upload into temp tables, step progress."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

# Called once per finished step with its name; the CLI turns it into a progress bar.
Progress = Callable[[str], None]

# Rows stamped at or after the last run's watermark (`:since`); every row when it is NULL (full run).
CHANGED_SINCE = "(CAST(:since AS timestamptz) IS NULL OR {t}.updated_at >= :since)"


def changed_since(alias: str) -> str:
    return CHANGED_SINCE.format(t=alias)


def no_progress(step: str) -> None:
    """The default progress callback: nothing to show."""


async def lock(conn: AsyncConnection, name: str) -> None:
    """Serialise runs of one job (matching, consolidation, build) across processes, for this transaction."""
    await conn.execute(text("SELECT pg_advisory_xact_lock(hashtextextended(:name, 0))"), {"name": f"core_build:{name}"})


async def set_timeout(conn: AsyncConnection, milliseconds: int | None) -> None:
    """Operator maintenance runs under its own, longer statement timeout (this transaction only)."""
    if milliseconds:
        await conn.execute(text(f"SET LOCAL statement_timeout = {int(milliseconds)}"))


async def temp_table(
    conn: AsyncConnection, name: str, columns: str, records: Iterable[Sequence[Any]], *, column_names: Sequence[str]
) -> int:
    """Create `name` (dropped at commit) and COPY `records` into it; returns the row count."""
    await conn.execute(text(f"DROP TABLE IF EXISTS pg_temp.{name}"))
    await conn.execute(text(f"CREATE TEMP TABLE {name} ({columns}) ON COMMIT DROP"))
    rows = [tuple(r) for r in records]
    if rows:
        raw = await conn.get_raw_connection()
        driver: Any = raw.driver_connection
        await driver.copy_records_to_table(name, records=rows, columns=list(column_names))
    await conn.execute(text(f"ANALYZE {name}"))
    return len(rows)


async def scalar(conn: AsyncConnection, sql: str, **params: Any) -> Any:
    return (await conn.execute(text(sql), params)).scalar()


async def rowcount(conn: AsyncConnection, sql: str, **params: Any) -> int:
    result = await conn.execute(text(sql), params)
    return int(result.rowcount or 0)


async def create_temp_as(
    conn: AsyncConnection, name: str, select_sql: str, params: dict[str, Any] | None = None
) -> None:
    """`CREATE TEMP TABLE name AS select_sql`, dropped at commit (and first, when a run made it already)."""
    await conn.execute(text(f"DROP TABLE IF EXISTS pg_temp.{name}"))
    await conn.execute(text(f"CREATE TEMP TABLE {name} ON COMMIT DROP AS {select_sql}"), params or {})
