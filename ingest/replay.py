"""Replay: run the current extractors over raw rows already stored, through the pipeline's own path.

Used after an extractor fix (``hq-gateway replay --source S --status failed``) and by the operators'
``replayRaw(ids)``. Idempotent: extracted rows upsert on their natural keys, the raw row records the
new outcome and extractor version; erased (redacted) rows are never replayed.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from ingest.pipeline import PAYLOADS, IngestOutcome, clear_lookups, reprocess

RAW_STATUSES = ("stored", "rejected", "failed")


@dataclass
class ReplaySummary:
    """How many rows were replayed, by their new status (STORED, REJECTED, FAILED)."""

    total: int = 0
    by_status: Counter[str] = field(default_factory=Counter)

    def line(self) -> str:
        parts = ", ".join(f"{status.lower()} {n}" for status, n in sorted(self.by_status.items()))
        return f"replayed {self.total} raw row(s){': ' + parts if parts else ''}"


def _filters(source: str | None, statuses: Sequence[str], since: datetime | None) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [PAYLOADS.c.redacted.is_(False)]
    if source:
        conditions.append(PAYLOADS.c.source == source)
    if statuses:
        conditions.append(PAYLOADS.c.status.in_(list(statuses)))
    if since is not None:
        conditions.append(PAYLOADS.c.received_at >= since)
    return conditions


async def count_replayable(
    engine: AsyncEngine, *, source: str | None = None, statuses: Sequence[str] = (), since: datetime | None = None
) -> int:
    async with engine.connect() as conn:
        total = await conn.scalar(select(func.count()).select_from(PAYLOADS).where(*_filters(source, statuses, since)))
    return int(total or 0)


async def replay(
    engine: AsyncEngine,
    *,
    source: str | None = None,
    statuses: Sequence[str] = (),
    since: datetime | None = None,
    batch_size: int = 500,
    concurrency: int = 4,
    on_row: Callable[[IngestOutcome], None] | None = None,
) -> ReplaySummary:
    """Replay every matching raw row in id order (keyset batches: constant memory)."""
    clear_lookups()  # a replay after a reference change must see it
    summary = ReplaySummary()
    gate = asyncio.Semaphore(concurrency)
    conditions = _filters(source, statuses, since)

    async def one(raw_id: int) -> None:
        async with gate:
            outcome = await reprocess(engine, raw_id)
        if outcome is not None:
            summary.total += 1
            summary.by_status[outcome.status.value] += 1
            if on_row is not None:
                on_row(outcome)

    last_id = 0
    while True:
        async with engine.connect() as conn:
            ids = list(
                await conn.scalars(
                    select(PAYLOADS.c.id)
                    .where(*conditions, PAYLOADS.c.id > last_id)
                    .order_by(PAYLOADS.c.id)
                    .limit(batch_size)
                )
            )
        if not ids:
            return summary
        await asyncio.gather(*(one(raw_id) for raw_id in ids))
        last_id = ids[-1]


async def replay_ids(engine: AsyncEngine, ids: Sequence[int]) -> list[IngestOutcome | None]:
    """Replay the given raw rows in order; None for an id that does not exist (or was erased)."""
    clear_lookups()
    return [await reprocess(engine, raw_id) for raw_id in ids]
