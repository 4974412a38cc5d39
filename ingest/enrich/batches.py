"""Batch state machine in SQL: PENDING -> RUNNING -> COMPLETED | COMPLETED_WITH_ERRORS | FAILED | CANCELLED.

Each domain row is the unit of work (PENDING -> RUNNING -> SUCCEEDED | FAILED, or CANCELLED). Every
transition is one transaction whose UPDATE is guarded by the state it expects, so a job that runs
twice (a worker died after committing, a stalled job retried) counts its domain exactly once, and
the batch counters move in the same statement that finishes the domain. Every change notifies.

Lock order: every transaction that touches both locks the batch row first, then domain rows, so a
cancel or stop can never interleave with a claim or a finish (nor deadlock with one).
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, insert, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from ingest.enrich.client import Exchange, SimilarCompany
from ingest.enrich.notify import batch_changed
from models.extracted import CompanyEnrichSimilar
from models.raw import SimilarBatch, SimilarBatchDomain


class BatchStatus(enum.StrEnum):
    PENDING = "PENDING"
    RUNNING = "RUNNING"
    COMPLETED = "COMPLETED"
    COMPLETED_WITH_ERRORS = "COMPLETED_WITH_ERRORS"
    FAILED = "FAILED"
    CANCELLED = "CANCELLED"


class DomainStatus(enum.StrEnum):
    PENDING = "PENDING"
    RUNNING = "RUNNING"
    SUCCEEDED = "SUCCEEDED"
    FAILED = "FAILED"
    CANCELLED = "CANCELLED"


FINAL = frozenset({BatchStatus.COMPLETED, BatchStatus.COMPLETED_WITH_ERRORS, BatchStatus.FAILED, BatchStatus.CANCELLED})


@dataclass(frozen=True, slots=True)
class Batch:
    id: uuid.UUID
    status: BatchStatus
    options: dict[str, Any]
    total: int
    processed: int
    succeeded: int
    failed: int
    similar_companies_found: int
    invalid_domains: list[str]
    error_message: str | None
    created_at: datetime
    started_at: datetime | None
    completed_at: datetime | None
    updated_at: datetime

    @property
    def is_final(self) -> bool:
        return self.status in FINAL


@dataclass(frozen=True, slots=True)
class BatchDomain:
    batch_id: uuid.UUID
    domain: str
    status: DomainStatus
    attempts: int
    similar_count: int
    error: str | None
    finished_at: datetime | None


@dataclass(frozen=True, slots=True)
class SimilarRow:
    input_domain: str
    company_domain: str
    company_name: str | None
    company_industry: str | None
    company_description: str | None
    similarity_score: float | None


BATCH_COLUMNS = (
    "id, status, options, total, processed, succeeded, failed, similar_companies_found, invalid_domains,"
    " error_message, created_at, started_at, completed_at, updated_at"
)
DOMAIN_COLUMNS = "batch_id, domain, status, attempts, similar_count, error, finished_at"


def _batch(row: Any) -> Batch:
    m = dict(row._mapping)
    m["status"] = BatchStatus(m["status"])
    return Batch(**m)


def _domain(row: Any) -> BatchDomain:
    m = dict(row._mapping)
    m["status"] = DomainStatus(m["status"])
    return BatchDomain(**m)


async def create_batch(
    engine: AsyncEngine,
    domains: Sequence[str],
    *,
    invalid: Sequence[str] = (),
    options: dict[str, Any] | None = None,
    api_key_id: uuid.UUID | None = None,
) -> Batch:
    """A PENDING batch with one PENDING row per (normalised, distinct) domain."""
    async with engine.begin() as conn:
        batch_id: uuid.UUID | None = await conn.scalar(
            insert(SimilarBatch)
            .values(total=len(domains), options=options or {}, invalid_domains=list(invalid), api_key_id=api_key_id)
            .returning(SimilarBatch.id)
        )
        assert batch_id is not None
        await conn.execute(insert(SimilarBatchDomain), [{"batch_id": batch_id, "domain": d} for d in domains])
        await batch_changed(conn, batch_id)
        batch = await get_batch(conn, batch_id)
    assert batch is not None
    return batch


async def get_batch(conn: AsyncConnection | AsyncEngine, batch_id: uuid.UUID) -> Batch | None:
    sql = text(f"SELECT {BATCH_COLUMNS} FROM raw.company_enrich_similar_batches WHERE id = :id")
    if isinstance(conn, AsyncEngine):
        async with conn.connect() as c:
            row = (await c.execute(sql, {"id": batch_id})).first()
    else:
        row = (await conn.execute(sql, {"id": batch_id})).first()
    return _batch(row) if row is not None else None


async def list_batches(engine: AsyncEngine, status: BatchStatus | None, first: int) -> list[Batch]:
    sql = text(
        f"SELECT {BATCH_COLUMNS} FROM raw.company_enrich_similar_batches"
        " WHERE (CAST(:status AS text) IS NULL OR status = :status) ORDER BY created_at DESC, id LIMIT :first"
    )
    async with engine.connect() as conn:
        rows = await conn.execute(sql, {"status": status.value if status else None, "first": first})
        return [_batch(r) for r in rows]


async def list_domains(
    engine: AsyncEngine, batch_id: uuid.UUID, status: DomainStatus | None, first: int, offset: int
) -> list[BatchDomain]:
    sql = text(
        f"SELECT {DOMAIN_COLUMNS} FROM raw.company_enrich_similar_batch_domains WHERE batch_id = :id"
        " AND (CAST(:status AS text) IS NULL OR status = :status) ORDER BY domain LIMIT :first OFFSET :offset"
    )
    async with engine.connect() as conn:
        rows = await conn.execute(
            sql, {"id": batch_id, "status": status.value if status else None, "first": first, "offset": offset}
        )
        return [_domain(r) for r in rows]


async def similar_by_input_domains(engine: AsyncEngine, domains: Sequence[str]) -> dict[str, list[SimilarRow]]:
    """Stored similar companies per input domain, best score first."""
    sql = text(
        "SELECT input_domain, company_domain, company_name, company_industry, company_description,"
        " similarity_score FROM extracted.company_enrich_similar WHERE input_domain = ANY(:domains)"
        " ORDER BY input_domain, similarity_score DESC NULLS LAST, company_domain"
    )
    out: dict[str, list[SimilarRow]] = {d: [] for d in domains}
    async with engine.connect() as conn:
        for r in await conn.execute(sql, {"domains": list(domains)}):
            out.setdefault(r.input_domain, []).append(SimilarRow(**r._mapping))
    return out


CLAIM = text(
    """
    WITH b AS (
        SELECT id, options FROM raw.company_enrich_similar_batches
        WHERE id = :id AND status IN ('PENDING', 'RUNNING')
        FOR NO KEY UPDATE
    ), d AS (
        UPDATE raw.company_enrich_similar_batch_domains SET status = 'RUNNING', updated_at = clock_timestamp()
        WHERE batch_id = :id AND domain = :domain AND status IN ('PENDING', 'RUNNING') AND EXISTS (SELECT 1 FROM b)
        RETURNING domain
    ), s AS (
        UPDATE raw.company_enrich_similar_batches
        SET status = 'RUNNING', started_at = coalesce(started_at, clock_timestamp()), updated_at = clock_timestamp()
        WHERE id = :id AND status = 'PENDING' AND EXISTS (SELECT 1 FROM d)
        RETURNING id
    )
    SELECT (SELECT options FROM b) AS options, EXISTS (SELECT 1 FROM d) AS claimed, EXISTS (SELECT 1 FROM s) AS started
    """
)


async def claim_domain(engine: AsyncEngine, batch_id: uuid.UUID, domain: str) -> dict[str, Any] | None:
    """Mark a domain RUNNING (and its batch, the first time); its batch options, or None: nothing to do."""
    async with engine.begin() as conn:
        row = (await conn.execute(CLAIM, {"id": batch_id, "domain": domain})).one()
        if row.started:
            await batch_changed(conn, batch_id)
    return dict(row.options or {}) if row.claimed else None


async def is_wanted(engine: AsyncEngine, batch_id: uuid.UUID, domain: str) -> bool:
    """Still worth calling the API for: the batch is active and the domain still ours."""
    sql = text(
        "SELECT EXISTS (SELECT 1 FROM raw.company_enrich_similar_batches b"
        " JOIN raw.company_enrich_similar_batch_domains d ON d.batch_id = b.id"
        " WHERE b.id = :id AND d.domain = :domain AND b.status IN ('PENDING', 'RUNNING') AND d.status = 'RUNNING')"
    )
    async with engine.connect() as conn:
        return bool(await conn.scalar(sql, {"id": batch_id, "domain": domain}))


RECORD = text(
    """
    WITH a AS (
        UPDATE raw.company_enrich_similar_batch_domains SET attempts = attempts + 1
        WHERE batch_id = :batch_id AND domain = :domain RETURNING attempts
    )
    INSERT INTO raw.company_enrich_similar_raw (batch_id, domain, attempt, status_code, body, error)
    VALUES (:batch_id, :domain, coalesce((SELECT attempts FROM a), :attempt), :status_code, :body, :error)
    RETURNING id
    """
).bindparams(bindparam("body", type_=JSONB))


async def record_exchange(
    engine: AsyncEngine, batch_id: uuid.UUID | None, domain: str, exchange: Exchange, attempt: int = 1
) -> int:
    """Keep one API response (or transport error) verbatim; counts the domain's attempts."""
    body = exchange.body
    if body is not None and not isinstance(body, dict | list):
        body = {"value": body}
    async with engine.begin() as conn:
        raw_id = await conn.scalar(
            RECORD,
            {
                "batch_id": batch_id,
                "domain": domain,
                "attempt": attempt,
                "status_code": exchange.status_code,
                "body": body,
                "error": exchange.error,
            },
        )
    assert raw_id is not None
    return int(raw_id)


async def store_similar(
    conn: AsyncConnection,
    batch_id: uuid.UUID | None,
    input_domain: str,
    companies: Sequence[SimilarCompany],
    raw_id: int | None,
) -> None:
    """Idempotent upsert: one row per input domain and similar domain, refreshed by the latest answer."""
    if not companies:
        return
    stmt = pg_insert(CompanyEnrichSimilar).values(
        [
            {
                "batch_id": batch_id,
                "raw_response_id": raw_id,
                "input_domain": input_domain,
                "company_domain": c.domain,
                "company_name": c.name,
                "company_industry": c.industry,
                "company_description": c.description,
                "similarity_score": c.score,
            }
            for c in companies
        ]
    )
    await conn.execute(
        stmt.on_conflict_do_update(
            index_elements=["input_domain", "company_domain"],
            set_={
                "batch_id": stmt.excluded.batch_id,
                "raw_response_id": stmt.excluded.raw_response_id,
                "company_name": stmt.excluded.company_name,
                "company_industry": stmt.excluded.company_industry,
                "company_description": stmt.excluded.company_description,
                "similarity_score": stmt.excluded.similarity_score,
                "updated_at": text("clock_timestamp()"),
            },
        )
    )


LOCK_BATCH = text("SELECT 1 FROM raw.company_enrich_similar_batches WHERE id = :id FOR NO KEY UPDATE")

FINISH_DOMAIN = text(
    """
    UPDATE raw.company_enrich_similar_batch_domains
    SET status = :status, similar_count = :found, error = :error,
        finished_at = clock_timestamp(), updated_at = clock_timestamp()
    WHERE batch_id = :id AND domain = :domain AND status = 'RUNNING'
    RETURNING domain
    """
)

COUNT_DOMAIN = text(
    """
    UPDATE raw.company_enrich_similar_batches SET
        processed = processed + 1,
        succeeded = succeeded + :ok,
        failed = failed + (1 - :ok),
        similar_companies_found = similar_companies_found + :found,
        status = CASE WHEN status IN ('PENDING', 'RUNNING') AND processed + 1 >= total
                      THEN CASE WHEN failed + (1 - :ok) > 0 THEN 'COMPLETED_WITH_ERRORS' ELSE 'COMPLETED' END
                      ELSE status END,
        completed_at = CASE WHEN status IN ('PENDING', 'RUNNING') AND processed + 1 >= total
                            THEN clock_timestamp() ELSE completed_at END,
        updated_at = clock_timestamp()
    WHERE id = :id
    """
)


async def finish_domain(
    engine: AsyncEngine,
    batch_id: uuid.UUID,
    domain: str,
    *,
    companies: Sequence[SimilarCompany] = (),
    raw_id: int | None = None,
    error: str | None = None,
) -> bool:
    """SUCCEEDED (with its similar companies) or FAILED (with `error`), counted once; False when not ours."""
    ok = error is None
    async with engine.begin() as conn:
        await conn.execute(LOCK_BATCH, {"id": batch_id})
        params = {"id": batch_id, "domain": domain, "found": len(companies), "error": error}
        done = await conn.scalar(FINISH_DOMAIN, {**params, "status": "SUCCEEDED" if ok else "FAILED"})
        if done is None:
            await conn.rollback()
            return False
        await store_similar(conn, batch_id, domain, companies, raw_id)
        await conn.execute(COUNT_DOMAIN, {"id": batch_id, "ok": int(ok), "found": len(companies)})
        await batch_changed(conn, batch_id)
    return True


async def stop_batch(engine: AsyncEngine, batch_id: uuid.UUID, message: str) -> bool:
    """FAILED with `message`; domains not finished stay unprocessed (PENDING), for a later retry."""
    async with engine.begin() as conn:
        stopped = await conn.scalar(
            text(
                "UPDATE raw.company_enrich_similar_batches SET status = 'FAILED', error_message = :message,"
                " completed_at = clock_timestamp(), updated_at = clock_timestamp()"
                " WHERE id = :id AND status IN ('PENDING', 'RUNNING') RETURNING id"
            ),
            {"id": batch_id, "message": message},
        )
        await conn.execute(
            text(
                "UPDATE raw.company_enrich_similar_batch_domains SET status = 'PENDING', updated_at = clock_timestamp()"
                " WHERE batch_id = :id AND status = 'RUNNING'"
            ),
            {"id": batch_id},
        )
        if stopped is not None:
            await batch_changed(conn, batch_id)
    return stopped is not None


async def cancel_batch(engine: AsyncEngine, batch_id: uuid.UUID) -> Batch | None:
    """CANCELLED, with every unfinished domain; a finished batch is returned unchanged."""
    async with engine.begin() as conn:
        cancelled = await conn.scalar(
            text(
                "UPDATE raw.company_enrich_similar_batches SET status = 'CANCELLED',"
                " completed_at = clock_timestamp(), updated_at = clock_timestamp()"
                " WHERE id = :id AND status IN ('PENDING', 'RUNNING') RETURNING id"
            ),
            {"id": batch_id},
        )
        if cancelled is not None:
            await conn.execute(
                text(
                    "UPDATE raw.company_enrich_similar_batch_domains SET status = 'CANCELLED',"
                    " updated_at = clock_timestamp() WHERE batch_id = :id AND status IN ('PENDING', 'RUNNING')"
                ),
                {"id": batch_id},
            )
            await batch_changed(conn, batch_id)
        return await get_batch(conn, batch_id)


async def reset_for_retry(engine: AsyncEngine, batch_id: uuid.UUID) -> tuple[Batch | None, list[str]]:
    """Failed domains (and, for a stopped or cancelled batch, the unprocessed ones) back to PENDING."""
    async with engine.begin() as conn:
        batch_row = (
            await conn.execute(
                text(f"SELECT {BATCH_COLUMNS} FROM raw.company_enrich_similar_batches WHERE id = :id FOR UPDATE"),
                {"id": batch_id},
            )
        ).first()
        if batch_row is None:
            return None, []
        batch = _batch(batch_row)
        stopped = batch.status in (BatchStatus.FAILED, BatchStatus.CANCELLED)
        rows = (
            await conn.execute(
                text(
                    "UPDATE raw.company_enrich_similar_batch_domains d SET status = 'PENDING', error = NULL,"
                    " similar_count = 0, finished_at = NULL, updated_at = clock_timestamp()"
                    " FROM (SELECT domain, status FROM raw.company_enrich_similar_batch_domains"
                    "       WHERE batch_id = :id FOR UPDATE) old"
                    " WHERE d.batch_id = :id AND d.domain = old.domain"
                    " AND (old.status = 'FAILED' OR (:stopped AND old.status IN ('PENDING', 'RUNNING', 'CANCELLED')))"
                    " RETURNING d.domain, old.status AS was"
                ),
                {"id": batch_id, "stopped": stopped},
            )
        ).all()
        if not rows:
            return batch, []
        failed = sum(1 for r in rows if r.was == "FAILED")
        await conn.execute(
            text(
                "UPDATE raw.company_enrich_similar_batches SET processed = processed - :failed,"
                " failed = failed - :failed, error_message = NULL, completed_at = NULL,"
                " status = CASE WHEN started_at IS NULL THEN 'PENDING' ELSE 'RUNNING' END,"
                " updated_at = clock_timestamp() WHERE id = :id"
            ),
            {"id": batch_id, "failed": failed},
        )
        await batch_changed(conn, batch_id)
        return await get_batch(conn, batch_id), [r.domain for r in rows]


async def finish_stuck_batches(engine: AsyncEngine) -> list[uuid.UUID]:
    """Active batches whose every domain is counted get their final status (a safety net)."""
    async with engine.begin() as conn:
        ids = list(
            await conn.scalars(
                text(
                    "UPDATE raw.company_enrich_similar_batches SET completed_at = clock_timestamp(),"
                    " updated_at = clock_timestamp(),"
                    " status = CASE WHEN failed > 0 THEN 'COMPLETED_WITH_ERRORS' ELSE 'COMPLETED' END"
                    " WHERE status IN ('PENDING', 'RUNNING') AND processed >= total RETURNING id"
                )
            )
        )
        for batch_id in ids:
            await batch_changed(conn, batch_id)
    return ids
