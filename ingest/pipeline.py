"""The one ingest pipeline: validate -> raw row -> extract -> extracted rows, in one transaction.

Every JSON body for a known source is kept in ``raw.payloads``: ``stored``, ``rejected`` (validation
errors) or ``failed`` (extraction raised, or the database refused its rows: none of them is written).
A re-send of a stored row (same dedupe key) is a DUPLICATE that writes nothing; of a rejected or
failed row, it is processed again on that row. The pure half (dedupe key, validation, extraction) is
`ingest.prepare`; the extracted rows' natural keys and upserts are `ingest.extracted_rows`; the raw
row's statements `ingest.raw_rows`; the reference data of `resolve` steps `ingest.lookups`.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
import weakref
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from prometheus_client import Counter
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from sqlalchemy.pool import QueuePool

from ingest.extracted_rows import group_rows, natural_key, write_rows
from ingest.lookups import clear_lookups, resolve_rows
from ingest.prepare import IngestError, Prepared, dedupe_key, prepare
from ingest.raw_rows import (
    FIRST_RAW,
    INSERT_RAW,
    PAYLOADS,
    REPLAYABLE_RAW,
    UPDATE_OUTCOME,
    UPDATE_OUTCOME_AND_BODY,
    errors_json,
)
from ingest.registry import NAMES, get_source
from ingest.sources.base import Source

log = logging.getLogger(__name__)


class IngestStatus(StrEnum):
    STORED = "STORED"
    DUPLICATE = "DUPLICATE"
    REJECTED = "REJECTED"
    FAILED = "FAILED"


@dataclass(frozen=True, slots=True)
class IngestOutcome:
    source: str
    status: IngestStatus
    raw_id: int | None
    extracted_count: int = 0
    errors: tuple[IngestError, ...] = ()


INGEST_TOTAL = Counter(
    "hq_ingest_total",
    "Webhook bodies received, by source and outcome (bad_json/too_large bodies are not stored)",
    ["source", "status"],
)
for _name in NAMES:
    for _status in ("stored", "duplicate", "rejected", "failed"):
        INGEST_TOTAL.labels(_name, _status)


def count_unstored(source: str, reason: str) -> None:
    """Count a body the HTTP adapter refused before the pipeline (``bad_json``, ``too_large``)."""
    INGEST_TOTAL.labels(source, reason).inc()


# --- the write path ------------------------------------------------------------------------------


_gates: weakref.WeakKeyDictionary[AsyncEngine, asyncio.Semaphore] = weakref.WeakKeyDictionary()


def _gate(engine: AsyncEngine) -> asyncio.Semaphore:
    """At most pool-size ingest transactions at once per engine; the rest wait their turn.

    Beyond the pool, SQLAlchemy opens overflow connections and closes them on return: under a burst
    of webhooks every request would pay for a new PostgreSQL connection (measured: a fifth of the
    throughput at 32 clients). Waiting a few milliseconds for a pooled connection is cheaper.
    """
    gate = _gates.get(engine)
    if gate is None:
        size = engine.sync_engine.pool.size() if isinstance(engine.sync_engine.pool, QueuePool) else 10
        gate = _gates[engine] = asyncio.Semaphore(max(size, 1))
    return gate


@asynccontextmanager
async def _transaction(target: AsyncEngine | AsyncConnection) -> AsyncIterator[AsyncConnection]:
    if isinstance(target, AsyncEngine):
        async with _gate(target), target.begin() as conn:
            yield conn
    elif target.in_transaction():
        async with target.begin_nested():
            yield target
    else:
        async with target.begin():
            yield target


class _RowsRefused(Exception):
    """The database refused the extracted rows: the transaction is redone with the outcome FAILED.

    Redoing it (instead of a savepoint around the rows) keeps the common path at one round trip
    per statement; the raw row is still kept and the extracted rows are still all or nothing.
    """

    def __init__(self, error: DBAPIError) -> None:
        super().__init__(str(error))
        self.error: BaseException = error.orig or error
        self.transient = getattr(self.error, "sqlstate", None) in ("40P01", "40001")  # deadlock, serialization


async def _apply(
    conn: AsyncConnection, source: Source[Any], raw_id: int, prepared: Prepared, *, fresh: bool, body: bool
) -> IngestOutcome:
    """Write a raw row's extracted rows (all or nothing) and record the outcome on the raw row.

    `fresh`: the raw row was just inserted with this outcome; `body`: also store this body on it.
    """
    status, errors, count = prepared.status, prepared.errors, 0
    if status == "stored" and prepared.groups:
        try:
            count = await write_rows(conn, source, raw_id, prepared.subject, prepared.groups)
        except DBAPIError as exc:
            if exc.connection_invalidated:
                raise
            raise _RowsRefused(exc) from exc
    if not fresh or status != "stored":
        params = {
            "p_id": raw_id,
            "p_status": status,
            "errors_json": errors_json(errors),
            "p_extracted_count": count,
            "p_extractor_version": source.version,
            "p_subject": prepared.subject,
        }
        if body:
            params |= {"payload_json": prepared.payload_json, "p_had_nul": prepared.had_nul}
        await conn.execute(UPDATE_OUTCOME_AND_BODY if body else UPDATE_OUTCOME, params)
    outcome = IngestOutcome(source.name, IngestStatus(status.upper()), raw_id, count, errors)
    _log(outcome, prepared.exc)
    return outcome


def _log(outcome: IngestOutcome, exc: BaseException | None) -> None:
    if outcome.status is IngestStatus.FAILED:
        log.error(
            "ingest failed: source=%s raw_id=%s %s",
            outcome.source,
            outcome.raw_id,
            outcome.errors[0].message if outcome.errors else "",
            exc_info=(type(exc), exc, exc.__traceback__) if exc else None,
            extra={"source": outcome.source, "raw_id": outcome.raw_id},
        )
    elif outcome.status is IngestStatus.REJECTED:
        log.info(
            "ingest rejected: source=%s raw_id=%s errors=%s",
            outcome.source,
            outcome.raw_id,
            [f"{e.path}: {e.code}" for e in outcome.errors],
            extra={"source": outcome.source, "raw_id": outcome.raw_id},
        )


async def _store(
    conn: AsyncConnection,
    source: Source[Any],
    key: str,
    prepared: Prepared,
    api_key_id: uuid.UUID | str | None,
) -> IngestOutcome:
    await resolve_rows(conn, source, prepared)
    raw_id = await conn.scalar(
        INSERT_RAW,
        {
            "source": source.name,
            "dedupe_key": key,
            "subject": prepared.subject,
            "payload_json": prepared.payload_json,
            "errors_json": errors_json(prepared.errors),
            "status": prepared.status,
            "extractor_version": source.version,
            "extracted_count": prepared.count,
            "had_nul": prepared.had_nul,
            "api_key_id": api_key_id,
        },
    )
    if raw_id is not None:
        return await _apply(conn, source, raw_id, prepared, fresh=True, body=False)
    first = (await conn.execute(FIRST_RAW, {"p_source": source.name, "p_dedupe_key": key})).one()
    if first.status == "stored" or first.redacted:  # an erased person's row never comes back
        return IngestOutcome(source.name, IngestStatus.DUPLICATE, first.id, first.extracted_count)
    return await _apply(conn, source, first.id, prepared, fresh=False, body=True)


async def ingest(
    target: AsyncEngine | AsyncConnection,
    source: str | Source[Any],
    body: Any,
    *,
    idempotency_key: str | None = None,
    api_key_id: uuid.UUID | str | None = None,
) -> IngestOutcome:
    """Store one webhook body and its extracted rows; raises only for unknown sources and I/O errors."""
    src = get_source(source) if isinstance(source, str) else source
    key = dedupe_key(src.name, body, idempotency_key)
    prepared = prepare(src, body)
    for attempt in (1, 2, 3):
        try:
            async with _transaction(target) as conn:
                outcome = await _store(conn, src, key, prepared, api_key_id)
            break
        except _RowsRefused as refused:
            # a deadlock between concurrent upserts is transient: try once more before giving up
            if not (attempt == 1 and refused.transient):
                prepared.fail(refused.error)
    INGEST_TOTAL.labels(src.name, outcome.status.lower()).inc()
    return outcome


async def ingest_many(
    target: AsyncEngine | AsyncConnection,
    source: str | Source[Any],
    bodies: Sequence[Any],
    *,
    api_key_id: uuid.UUID | str | None = None,
) -> list[IngestOutcome]:
    """`ingest` for each body, one transaction each (one bad body never undoes another)."""
    src = get_source(source) if isinstance(source, str) else source
    if isinstance(target, AsyncEngine):
        async with target.connect() as conn:
            return [await ingest(conn, src, body, api_key_id=api_key_id) for body in bodies]
    return [await ingest(target, src, body, api_key_id=api_key_id) for body in bodies]


async def reprocess(target: AsyncEngine | AsyncConnection, raw_id: int) -> IngestOutcome | None:
    """Run the current extractor over one stored raw row (replay); None when the row is gone."""
    try:
        async with _transaction(target) as conn:
            row = (await conn.execute(REPLAYABLE_RAW, {"p_id": raw_id})).one_or_none()
            if row is None:
                return None
            src = get_source(row.source)
            prepared = prepare(src, row.payload)
            await resolve_rows(conn, src, prepared)
            return await _apply(conn, src, raw_id, prepared, fresh=False, body=False)
    except _RowsRefused as refused:
        prepared.fail(refused.error)
        async with _transaction(target) as conn:
            await conn.execute(REPLAYABLE_RAW, {"p_id": raw_id})
            return await _apply(conn, src, raw_id, prepared, fresh=False, body=False)


__all__ = [
    "INGEST_TOTAL",
    "PAYLOADS",
    "IngestError",
    "IngestOutcome",
    "IngestStatus",
    "clear_lookups",
    "count_unstored",
    "dedupe_key",
    "group_rows",
    "ingest",
    "ingest_many",
    "natural_key",
    "prepare",
    "reprocess",
]
