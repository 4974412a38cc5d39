"""Read replicas: reader traffic spread over streaming replicas, the primary when none is usable.

One reader engine per replica (`HQ_READ_DATABASE_URLS`) and a background check every second: a replica
that does not answer, or replays WAL more than `HQ_MAX_REPLICA_LAG_SECONDS` behind, takes no reads until
it answers again in bounds. A read that fails on a replica between two checks marks it down at once and
runs again on the next choice (gateway/database.py `read_retried`), so a stopped replica costs no error.
Writes, the job queue, LISTEN/NOTIFY and operators stay on the primary (gateway/context.py).
"""

import asyncio
import contextlib
import itertools
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from gateway.database import FALLBACKS, create_engine, sqlalchemy_url
from gateway.errors import UpstreamUnavailable
from gateway.extensions import translate
from gateway.observability import REPLICA_LAG, REPLICA_READS, REPLICA_UP
from gateway.settings import Settings

log = logging.getLogger(__name__)

CHECK_INTERVAL_SECONDS = 1.0

# caught up is no lag, however long ago the primary last wrote (an idle primary ages the replay timestamp
# without the replica falling behind); behind, the lag is the age of the last replayed transaction. Caught
# up means: replayed what the primary had flushed just before the check (:primary), or, when the primary
# cannot say (it is down), replayed everything received. Everything received alone is not enough: a
# replica cut off from its primary receives nothing and would look caught up forever.
_LAG = text(
    "SELECT pg_is_in_recovery(), CASE WHEN NOT pg_is_in_recovery()"
    " OR pg_last_wal_replay_lsn() >= CAST(CAST(:primary AS text) AS pg_lsn)"
    " OR (CAST(:primary AS text) IS NULL AND pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn()) THEN 0"
    " ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0) END"
)
_PRIMARY_LSN = text("SELECT CAST(pg_current_wal_flush_lsn() AS text)")


async def reader_role(settings: Settings, main: AsyncEngine) -> str | None:
    """The role reader traffic runs as, when the database has it (None: the main role)."""
    if not settings.reader_role:
        return None
    async with main.connect() as conn:
        member = await conn.scalar(
            text("SELECT pg_has_role(current_user, oid, 'MEMBER') FROM pg_roles WHERE rolname = :r"),
            {"r": settings.reader_role},
        )
    if member:
        return settings.reader_role
    log.warning("database role %s is missing: reader traffic uses the main role", settings.reader_role)
    return None


def reader_engine(url: str, settings: Settings, role: str | None) -> AsyncEngine:
    """An engine for reader traffic, on the primary or a replica.

    Reader traffic only reads, one statement at a time: autocommit saves two round trips per statement,
    and no pre-ping saves one more (reads are retried once on a dropped connection instead).
    """
    return create_engine(
        url,
        pool_size=settings.pool_size,
        statement_timeout_ms=settings.statement_timeout_ms,
        role=role,
        autocommit=True,
        pre_ping=False,
        pooled=settings.transaction_pooled,
    )


def _where(url: str) -> str:
    """host:port/database of a URL, no credentials (what /readyz shows)."""
    u = make_url(sqlalchemy_url(url))
    host = u.host or str(u.query.get("host", ""))
    return f"{host}:{u.port or 5432}/{u.database or ''}"


@dataclass
class Replica:
    name: str  # the metrics label: replica0, replica1, ...
    where: str
    engine: AsyncEngine
    usable: bool = False  # until the first check says otherwise
    lag_seconds: float | None = None
    error: str | None = None
    over: int = 0  # checks in a row with the lag over the bound

    def state(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "where": self.where,
            "usable": self.usable,
            "lagSeconds": self.lag_seconds,
            **({"error": self.error} if self.error else {}),
        }


@dataclass
class Replicas:
    primary: AsyncEngine  # the primary's reader engine: the fallback
    replicas: list[Replica]
    max_lag_seconds: float
    _turn: "itertools.count[int]" = field(default_factory=itertools.count)

    @classmethod
    def create(cls, settings: Settings, primary: AsyncEngine, role: str | None) -> "Replicas":
        replicas = [
            Replica(f"replica{i}", _where(url), reader_engine(url, settings, role))
            for i, url in enumerate(settings.read_database_urls)
        ]
        self = cls(primary, replicas, settings.max_replica_lag_seconds)
        for r in replicas:
            FALLBACKS[r.engine.sync_engine] = lambda exc, r=r: self._failed(r, exc)  # type: ignore[misc]
            REPLICA_UP.labels(r.name).set(0)
        return self

    def pick(self) -> AsyncEngine:
        """The engine for one reader request: the usable replicas in turn, else the primary."""
        usable = [r for r in self.replicas if r.usable]
        if not usable:
            if self.replicas:
                REPLICA_READS.labels("primary").inc()
            return self.primary
        chosen = usable[next(self._turn) % len(usable)]
        REPLICA_READS.labels(chosen.name).inc()
        return chosen.engine

    def _failed(self, replica: Replica, exc: BaseException) -> AsyncEngine | None:
        """A read failed on `replica`: when the replica is unavailable, mark it down and name another engine."""
        if not isinstance(translate(exc), UpstreamUnavailable):
            return None  # the query's own error (e.g. a timeout): the same on any server
        if replica.usable:
            log.warning(
                "read replica %s failed a read (%s): skipped until it answers", replica.where, type(exc).__name__
            )
        self._mark(replica, usable=False, lag=None, error=type(exc).__name__)
        return self.pick()

    def _mark(self, replica: Replica, *, usable: bool, lag: float | None, error: str | None) -> None:
        replica.usable, replica.lag_seconds, replica.error = usable, lag, error
        REPLICA_UP.labels(replica.name).set(1 if usable else 0)
        REPLICA_LAG.labels(replica.name).set(-1 if lag is None else lag)

    async def primary_lsn(self) -> str | None:
        """How far the primary has flushed WAL (None when it cannot say: down, or itself in recovery)."""
        try:
            async with asyncio.timeout(CHECK_INTERVAL_SECONDS), self.primary.connect() as conn:
                return str(await conn.scalar(_PRIMARY_LSN))
        except Exception:  # noqa: BLE001 - the replicas are then judged by what they received
            return None

    async def check_all(self) -> None:
        primary = await self.primary_lsn()
        await asyncio.gather(*(self.check(r, primary) for r in self.replicas))

    async def check(self, replica: Replica, primary_lsn: str | None) -> None:
        """One health check: reachable and replaying within the lag bound."""
        try:
            async with asyncio.timeout(CHECK_INTERVAL_SECONDS * 2):
                async with replica.engine.connect() as conn:
                    _, lag = (await conn.execute(_LAG, {"primary": primary_lsn})).one()
        except Exception as exc:  # noqa: BLE001 - any failure means: not usable now
            with contextlib.suppress(Exception):
                await replica.engine.dispose()  # its pooled connections died with the server
            if replica.usable:
                log.warning("read replica %s is down (%s)", replica.where, type(exc).__name__)
            self._mark(replica, usable=False, lag=None, error=type(exc).__name__)
            return
        lag = float(lag)
        # the first record after an idle spell shows the whole spell as lag until it is replayed
        # (milliseconds): only two checks in a row over the bound take a replica out
        replica.over = replica.over + 1 if lag > self.max_lag_seconds else 0
        usable = replica.over < 2 and (replica.usable or replica.over == 0)
        if usable and not replica.usable:
            log.info("read replica %s takes reads (lag %.1f s)", replica.where, lag)
        elif replica.usable and not usable:
            log.warning("read replica %s lags %.1f s: skipped until it catches up", replica.where, lag)
        self._mark(replica, usable=usable, lag=lag, error=None if usable else "lagging")

    async def _watch(self) -> None:
        while True:
            await self.check_all()
            await asyncio.sleep(CHECK_INTERVAL_SECONDS)

    @contextlib.asynccontextmanager
    async def running(self) -> AsyncIterator["Replicas"]:
        """Checks the replicas once, then in the background while the app lives; disposes their engines."""
        task = None
        if self.replicas:
            await self.check_all()
            task = asyncio.create_task(self._watch())
        try:
            yield self
        finally:
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            for r in self.replicas:
                await r.engine.dispose()

    def states(self) -> list[dict[str, Any]]:
        return [r.state() for r in self.replicas]
