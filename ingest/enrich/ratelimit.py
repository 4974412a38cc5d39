"""One requests-per-second limit for CompanyEnrich, shared by every worker process on the database.

Why a schedule in Postgres rather than a share per worker: workers come and go (and get SIGKILLed),
so a per-worker share of the rate is either too slow or too fast while the set changes. Instead each
request reserves the next free slot of one schedule row (GCRA: the "theoretical arrival time"
`next_at` moves forward by 1/rate per request), in one atomic UPSERT, and sleeps until its slot.
Requests are therefore spaced 1/rate apart across all processes, without bursts; a 429 with
Retry-After pushes the whole schedule back (`hold_off`), so every worker backs off, not just one.
Cost: one short statement per request (the row lock is held for microseconds).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

RESERVE = text(
    """
    INSERT INTO raw.company_enrich_rate_limit AS r (name, next_at)
    VALUES (:name, clock_timestamp() + make_interval(secs => :spacing))
    ON CONFLICT (name) DO UPDATE
        SET next_at = greatest(r.next_at, clock_timestamp()) + make_interval(secs => :spacing)
    RETURNING extract(epoch FROM r.next_at - clock_timestamp())::float8 - :spacing AS wait
    """
)

HOLD_OFF = text(
    """
    INSERT INTO raw.company_enrich_rate_limit AS r (name, next_at)
    VALUES (:name, clock_timestamp() + make_interval(secs => :seconds))
    ON CONFLICT (name) DO UPDATE
        SET next_at = greatest(r.next_at, clock_timestamp() + make_interval(secs => :seconds))
    """
)


@dataclass
class PostgresRateLimiter:
    engine: AsyncEngine
    requests_per_second: float
    name: str = "companyenrich"

    async def acquire(self) -> None:
        """Wait for this process's next slot of the shared schedule."""
        async with self.engine.begin() as conn:
            wait = await conn.scalar(RESERVE, {"name": self.name, "spacing": 1.0 / self.requests_per_second})
        if wait and wait > 0:
            await asyncio.sleep(wait)

    async def hold_off(self, seconds: float) -> None:
        """No request from any worker before `seconds` from now (the API said Retry-After)."""
        async with self.engine.begin() as conn:
            await conn.execute(HOLD_OFF, {"name": self.name, "seconds": float(seconds)})
