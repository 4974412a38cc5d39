"""Batch change notifications: pg_notify with the batch id (never the row), and the LISTEN fan-out.

Every statement that changes a batch calls `batch_changed` in its own transaction, so the
notification is delivered at commit, and never for a rollback. Each gateway process keeps one
dedicated asyncpg connection (outside the pool) LISTENing, and wakes the local subscribers of that
batch; they read the current row themselves. A lost connection is re-opened, and then every
subscriber is woken, because notifications sent meanwhile are gone.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import asyncpg
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

log = logging.getLogger(__name__)

CHANNEL = "hq_similar_batch"
RECONNECT_SECONDS = (0.2, 0.5, 1.0, 2.0, 5.0)


async def batch_changed(conn: AsyncConnection, batch_id: uuid.UUID | str) -> None:
    """Tell every gateway process that this batch changed (delivered when the transaction commits)."""
    await conn.execute(text("SELECT pg_notify(:channel, :id)"), {"channel": CHANNEL, "id": str(batch_id)})


@dataclass
class BatchEvents:
    """LISTEN on one dedicated connection; fan out to in-process subscribers by batch id."""

    url: str
    _subscribers: dict[str, set[asyncio.Queue[None]]] = field(default_factory=dict)
    _conn: asyncpg.Connection | None = None
    _task: asyncio.Task[None] | None = None
    _lost: asyncio.Event = field(default_factory=asyncio.Event)
    received: int = 0

    async def start(self) -> None:
        await self._connect()
        self._task = asyncio.create_task(self._keep_connected(), name="batch-events-listener")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        await self._close()

    @property
    def subscriber_count(self) -> int:
        return sum(len(s) for s in self._subscribers.values())

    @contextlib.asynccontextmanager
    async def subscribe(self, batch_id: uuid.UUID | str) -> AsyncIterator[asyncio.Queue[None]]:
        """A queue that gets one item per notification of this batch, for as long as the block runs."""
        key = str(batch_id)
        queue: asyncio.Queue[None] = asyncio.Queue()
        self._subscribers.setdefault(key, set()).add(queue)
        try:
            yield queue
        finally:
            subscribers = self._subscribers.get(key)
            if subscribers is not None:
                subscribers.discard(queue)
                if not subscribers:
                    del self._subscribers[key]

    def _on_notify(self, conn: object, pid: int, channel: str, payload: object) -> None:
        self.received += 1
        for queue in self._subscribers.get(str(payload), ()):
            queue.put_nowait(None)

    def _wake_all(self) -> None:
        for subscribers in self._subscribers.values():
            for queue in subscribers:
                queue.put_nowait(None)

    async def _connect(self) -> None:
        conn = await asyncpg.connect(self.url, server_settings={"application_name": "hq-gateway-listen"})
        self._lost.clear()
        conn.add_termination_listener(lambda _c: self._lost.set())
        await conn.add_listener(CHANNEL, self._on_notify)
        self._conn = conn

    async def _close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None and not conn.is_closed():
            with contextlib.suppress(Exception):
                await asyncio.wait_for(conn.close(), timeout=2)

    async def _keep_connected(self) -> None:
        while True:
            await self._lost.wait()
            log.warning("LISTEN connection lost; reconnecting")
            await self._close()
            for attempt in range(10**9):
                try:
                    await self._connect()
                    break
                except (OSError, asyncpg.PostgresError) as exc:
                    delay = RECONNECT_SECONDS[min(attempt, len(RECONNECT_SECONDS) - 1)]
                    log.warning("LISTEN reconnect failed (%s); next try in %.1fs", exc, delay)
                    await asyncio.sleep(delay)
            self._wake_all()  # notifications sent while disconnected are lost: everyone re-reads
