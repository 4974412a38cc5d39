"""Watermarks of the incremental jobs, in `ops.build_state` (one row per job)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from ingest.core_build.db import lock


@dataclass(frozen=True, slots=True)
class JobState:
    watermark: datetime | None = None  # rows changed at or after this point still need processing
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Run:
    previous: JobState
    watermark: datetime  # what this run saves as the next run's starting point
    since: datetime | None  # process rows changed at or after this point; None: everything


async def begin(conn: AsyncConnection, name: str, *, full: bool) -> Run:
    """Start a run of an incremental job: serialised across processes, with its window of changes."""
    await lock(conn, name)
    previous = await read(conn, name)
    watermark = await next_watermark(conn)
    return Run(previous, watermark, None if full else previous.watermark)


async def read(conn: AsyncConnection, name: str) -> JobState:
    row = (
        await conn.execute(text("SELECT watermark, details FROM ops.build_state WHERE name = :name"), {"name": name})
    ).first()
    return JobState(row.watermark, dict(row.details or {})) if row else JobState()


async def next_watermark(conn: AsyncConnection) -> datetime:
    """Where the next run must start: this transaction's start, or earlier while other writers are open.

    A row stamped `now()` by a transaction that is still running becomes visible only after it
    commits, so the next run starts at the oldest such transaction, never after it. Transactions in
    other databases of the server write nothing here and are not waited for.
    """
    value = await conn.scalar(
        text("""
        SELECT LEAST(now(), (SELECT min(xact_start) FROM pg_stat_activity
                             WHERE backend_xid IS NOT NULL AND pid <> pg_backend_pid()
                               AND datname = current_database()))""")
    )
    assert isinstance(value, datetime)
    return value


async def save(conn: AsyncConnection, name: str, details: dict[str, Any], watermark: datetime | None = None) -> None:
    await conn.execute(
        text("""
        INSERT INTO ops.build_state (name, watermark, details, updated_at)
        VALUES (:name, :watermark, CAST(:details AS jsonb), now())
        ON CONFLICT (name) DO UPDATE
        SET watermark = COALESCE(EXCLUDED.watermark, ops.build_state.watermark),
            details = EXCLUDED.details, updated_at = now()"""),
        {"name": name, "watermark": watermark, "details": json.dumps(details, default=str)},
    )
