"""Batch jobs on procrastinate: one job per (batch, domain), and recovery from dead workers.

Durability: a job's lock and queueing lock are "<batch>:<domain>", so one domain never runs twice
at once nor waits twice in the queue. Workers heartbeat; `recover` (run every few seconds by every
worker process) prunes workers whose heartbeat is older than `stalled_seconds`, puts their jobs back
in the queue, re-defers domains of active batches that have no job at all (a crash between commit and
defer, a job that failed for good), and closes batches whose every domain is counted. So the jobs
of a SIGKILLed worker run again within stalled_seconds + recover_every, while other workers live or
as soon as any worker starts again. The state guards in batches.py make the re-runs harmless.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import os
import socket
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import procrastinate
import psycopg
from procrastinate import exceptions as queue_errors
from procrastinate.job_context import JobContext
from procrastinate.jobs import Job
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from ingest.enrich import batches
from ingest.enrich.client import (
    BatchStopping,
    CompanyEnrichClient,
    DomainRejected,
    Endpoint,
    EnrichConfig,
    Exchange,
    NoLongerWanted,
    RetriesExhausted,
    SimilarCompany,
    SimilarOptions,
)
from ingest.enrich.ratelimit import PostgresRateLimiter

log = logging.getLogger(__name__)

QUEUE = "similar_companies"
TASK_NAME = "enrich.similar_domain"
QUEUE_SCHEMA = "procrastinate"
JOB_RETRIES = 5  # re-runs after an unexpected error (database down, a bug); the domain fails after the last


def job_key(batch_id: uuid.UUID, domain: str) -> str:
    return f"{batch_id}:{domain}"


@dataclass(frozen=True, slots=True)
class WorkerOptions:
    concurrency: int = 8
    heartbeat_seconds: float = 5.0
    stalled_seconds: float = 20.0
    recover_every: float = 5.0
    shutdown_grace_seconds: float = 5.0
    name: str = field(default_factory=lambda: f"hq-worker-{socket.gethostname()}-{os.getpid()}")


@dataclass(frozen=True, slots=True)
class Recovery:
    pruned_workers: int
    requeued_jobs: int
    redeferred_domains: int
    closed_batches: int


@dataclass(frozen=True, slots=True)
class Estimate:
    domains: int
    endpoint: Endpoint
    requests: int
    estimated_companies: int
    credits: float
    sampled: int
    exact: bool


async def _use_queue_schema(conn: psycopg.AsyncConnection[Any]) -> None:
    await conn.execute(f"SET search_path TO {QUEUE_SCHEMA}")
    await conn.commit()


async def similar_domain_task(context: JobContext, batch_id: str, domain: str) -> str:
    """Worker edge: an unexpected error is retried by the queue; after the last try the domain fails."""
    service: EnrichService = context.additional_context["enrich"]
    try:
        outcome = await service.process(uuid.UUID(batch_id), domain)
        log.info("batch %s domain %s: %s", batch_id, domain, outcome, extra={"worker": context.worker_name})
        return outcome
    except Exception as exc:
        if context.job.attempts >= JOB_RETRIES:
            await batches.finish_domain(service.engine, uuid.UUID(batch_id), domain, error=f"internal error: {exc!r}")
        raise


def make_queue(url: str, pool_size: int = 4) -> procrastinate.App:
    """A procrastinate app on the database at `url` (tables in the `procrastinate` schema)."""
    connector = procrastinate.PsycopgConnector(
        conninfo=url, min_size=1, max_size=pool_size, configure=_use_queue_schema
    )
    queue = procrastinate.App(connector=connector)
    queue.task(
        name=TASK_NAME,
        queue=QUEUE,
        pass_context=True,
        retry=procrastinate.RetryStrategy(max_attempts=JOB_RETRIES, exponential_wait=2),
    )(similar_domain_task)
    return queue


ORPHANS = text(
    """
    SELECT d.batch_id, d.domain
    FROM raw.company_enrich_similar_batch_domains d
    JOIN raw.company_enrich_similar_batches b ON b.id = d.batch_id
    WHERE b.status IN ('PENDING', 'RUNNING') AND d.status IN ('PENDING', 'RUNNING')
      AND d.updated_at < clock_timestamp() - make_interval(secs => :age)
      AND NOT EXISTS (
          SELECT 1 FROM procrastinate.procrastinate_jobs j
          WHERE (j.status = 'todo' AND j.queueing_lock = d.batch_id::text || ':' || d.domain)
             OR (j.status = 'doing' AND j.lock = d.batch_id::text || ':' || d.domain))
    ORDER BY d.batch_id, d.domain
    LIMIT 1000
    """
)

CANCEL_JOBS = text(
    """
    SELECT count(procrastinate.procrastinate_cancel_job_v1(id, true, false))
    FROM procrastinate.procrastinate_jobs
    WHERE queue_name = :queue AND status IN ('todo', 'doing') AND lock LIKE :prefix
    """
)


@dataclass
class EnrichService:
    """What a process needs to start, run and recover batches: engine, queue and the one API client."""

    url: str
    engine: AsyncEngine
    config: EnrichConfig
    queue_pool_size: int = 4
    queue: procrastinate.App = field(init=False)
    client: CompanyEnrichClient = field(init=False)

    def __post_init__(self) -> None:
        rps = self.config.requests_per_second
        limiter = PostgresRateLimiter(self.engine, rps) if rps else None
        self.client = CompanyEnrichClient(self.config, limiter)
        self.queue = make_queue(self.url, self.queue_pool_size)

    async def open(self) -> None:
        await self.queue.open_async()

    async def close(self) -> None:
        await self.queue.close_async()
        await self.client.aclose()

    # --- deferring -------------------------------------------------------------------------------

    def _job(self, batch_id: uuid.UUID, domain: str) -> Job:
        key = job_key(batch_id, domain)
        return Job(
            queue=QUEUE,
            task_name=TASK_NAME,
            lock=key,
            queueing_lock=key,
            task_kwargs={"batch_id": str(batch_id), "domain": domain},
        )

    async def defer(self, batch_id: uuid.UUID, domains: Sequence[str]) -> int:
        """One job per domain; domains that already wait in the queue are skipped."""
        manager = self.queue.job_manager
        try:
            await manager.batch_defer_jobs_async([self._job(batch_id, d) for d in domains])
            return len(domains)
        except queue_errors.AlreadyEnqueued:
            deferred = 0
            for d in domains:
                with contextlib.suppress(queue_errors.AlreadyEnqueued):
                    await manager.defer_job_async(self._job(batch_id, d))
                    deferred += 1
            return deferred

    async def start_batch(
        self,
        domains: Sequence[str],
        *,
        invalid: Sequence[str] = (),
        options: SimilarOptions | None = None,
        api_key_id: uuid.UUID | None = None,
    ) -> batches.Batch:
        """A PENDING batch and its jobs; returns at once (the recovery loop defers if this process dies now)."""
        batch = await batches.create_batch(
            self.engine,
            domains,
            invalid=invalid,
            options=(options or SimilarOptions()).to_json(),
            api_key_id=api_key_id,
        )
        await self.defer(batch.id, domains)
        return batch

    async def cancel_jobs(self, batch_id: uuid.UUID) -> int:
        """Cancel the batch's waiting jobs and ask running ones to abort."""
        async with self.engine.begin() as conn:
            n = await conn.scalar(CANCEL_JOBS, {"queue": QUEUE, "prefix": f"{batch_id}:%"})
        return int(n or 0)

    async def cancel_batch(self, batch_id: uuid.UUID) -> batches.Batch | None:
        batch = await batches.cancel_batch(self.engine, batch_id)
        if batch is not None and batch.status is batches.BatchStatus.CANCELLED:
            await self.cancel_jobs(batch_id)
        return batch

    async def retry_failed(self, batch_id: uuid.UUID) -> batches.Batch | None:
        batch, domains = await batches.reset_for_retry(self.engine, batch_id)
        if domains:
            assert batch is not None
            await self.defer(batch_id, domains)
        return batch

    # --- running ---------------------------------------------------------------------------------

    async def process(self, batch_id: uuid.UUID, domain: str) -> str:
        """One domain of a batch, start to end; safe to run again after a crash at any point."""
        options_json = await batches.claim_domain(self.engine, batch_id, domain)
        if options_json is None:
            return "skipped"
        options = SimilarOptions.from_json(options_json)
        ok_ids: list[int] = []

        async def record(exchange: Exchange) -> None:
            raw_id = await batches.record_exchange(self.engine, batch_id, domain, exchange)
            if exchange.status_code == 200 and exchange.error is None:
                ok_ids.append(raw_id)

        async def wanted() -> bool:
            return await batches.is_wanted(self.engine, batch_id, domain)

        try:
            companies = await self.client.find_similar(domain, options, record, wanted)
        except BatchStopping as exc:
            if await batches.stop_batch(self.engine, batch_id, exc.message):
                await self.cancel_jobs(batch_id)
            return "stopped"
        except NoLongerWanted:
            return "dropped"
        except (DomainRejected, RetriesExhausted) as exc:
            await batches.finish_domain(self.engine, batch_id, domain, error=exc.message)
            return "failed"
        raw_id = ok_ids[-1] if ok_ids else None
        await batches.finish_domain(self.engine, batch_id, domain, companies=companies, raw_id=raw_id)
        return "succeeded"

    async def run_worker(self, options: WorkerOptions, *, install_signal_handlers: bool = False) -> None:
        """Process jobs until cancelled (or a signal, when handlers are installed), recovering meanwhile."""
        recovery = asyncio.create_task(self.recover_forever(options), name="enrich-recovery")
        try:
            await self.queue.run_worker_async(
                queues=[QUEUE],
                name=options.name,
                concurrency=options.concurrency,
                additional_context={"enrich": self},
                install_signal_handlers=install_signal_handlers,
                update_heartbeat_interval=options.heartbeat_seconds,
                stalled_worker_timeout=options.stalled_seconds,
                shutdown_graceful_timeout=options.shutdown_grace_seconds,
                abort_job_polling_interval=2.0,
                fetch_job_polling_interval=2.0,
                delete_jobs="successful",
            )
        finally:
            recovery.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await recovery

    async def recover(self, stalled_seconds: float) -> Recovery:
        """Requeue the jobs of dead workers, re-defer domains without a job, close fully counted batches."""
        manager = self.queue.job_manager
        pruned = await manager.prune_stalled_workers(stalled_seconds)
        requeued = 0
        for job in await manager.get_stalled_jobs(queue=QUEUE, seconds_since_heartbeat=stalled_seconds):
            try:
                await manager.retry_job(job)
                requeued += 1
            except queue_errors.ConnectorException:
                pass  # another process requeued it first
        async with self.engine.connect() as conn:
            orphans = (await conn.execute(ORPHANS, {"age": stalled_seconds})).all()
        redeferred = 0
        for row in orphans:
            redeferred += await self.defer(row.batch_id, [row.domain])
        closed = await batches.finish_stuck_batches(self.engine)
        if pruned or requeued or redeferred or closed:
            log.warning(
                "recovered: %s dead workers, %s jobs requeued, %s domains re-deferred, %s batches closed",
                len(pruned),
                requeued,
                redeferred,
                len(closed),
            )
        return Recovery(len(pruned), requeued, redeferred, len(closed))

    async def recover_forever(self, options: WorkerOptions) -> None:
        """Recover every `recover_every` seconds until cancelled, even when a library loses the cancellation."""
        task = asyncio.current_task()
        while True:
            try:
                await self.recover(options.stalled_seconds)
            except Exception:  # the loop must outlive a database restart
                log.exception("batch recovery failed; trying again")
            # Python 3.11's asyncio.wait_for drops a cancellation that lands just as what it awaits
            # completes (CPython gh-86296), and psycopg_pool waits for a free connection with it: the
            # round then ends normally. Stop anyway, or run_worker (and the app's shutdown) waits forever.
            if task is not None and task.cancelling():
                raise asyncio.CancelledError
            await asyncio.sleep(options.recover_every)

    # --- single calls ----------------------------------------------------------------------------

    async def find_similar(self, domain: str, options: SimilarOptions) -> list[SimilarCompany]:
        """One synchronous lookup outside any batch; the answers are kept like a batch's."""
        exchanges = 0
        ok_ids: list[int] = []

        async def record(exchange: Exchange) -> None:
            nonlocal exchanges
            exchanges += 1
            raw_id = await batches.record_exchange(self.engine, None, domain, exchange, attempt=exchanges)
            if exchange.status_code == 200 and exchange.error is None:
                ok_ids.append(raw_id)

        companies = await self.client.find_similar(domain, options, record)
        async with self.engine.begin() as conn:
            await batches.store_similar(conn, None, domain, companies, ok_ids[-1] if ok_ids else None)
        return companies

    async def estimate(self, domains: Sequence[str], options: SimilarOptions, sample: int = 20) -> Estimate:
        """Credit cost before a batch: free for PREVIEW; for FULL, counts of (a sample of) the domains."""
        if options.endpoint is Endpoint.PREVIEW or not domains:
            return Estimate(len(domains), options.endpoint, len(domains), 0, 0.0, 0, True)
        step = max(1, len(domains) // sample)
        picked = list(domains[::step])[:sample]
        counts = await asyncio.gather(*(self.client.count(d, options) for d in picked))
        page_size = options.page_size or self.config.full_page_size
        scale = len(domains) / len(picked)
        fetched = [min(c, page_size * self.config.full_max_pages) for c in counts]
        requests = sum(max(1, math.ceil(f / page_size)) for f in fetched)
        credits = sum(self.client.credits_for(c, options) for c in counts)
        return Estimate(
            domains=len(domains),
            endpoint=options.endpoint,
            requests=round(requests * scale),
            estimated_companies=round(sum(fetched) * scale),
            credits=round(credits * scale, 2),
            sampled=len(picked),
            exact=len(picked) == len(domains),
        )
