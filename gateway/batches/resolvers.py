"""Operator fields for enrichment batches: start, watch, cancel, retry, estimate, single lookups."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncGenerator

import strawberry

from gateway.batches.types import (
    BatchEstimate,
    BatchProgress,
    SimilarCompaniesBatch,
    SimilarCompaniesOptions,
    options_of,
)
from gateway.companies.similar import SimilarCompany
from gateway.context import Info
from gateway.errors import BadUserInput, LimitExceeded, NotFound, Timeout, UpstreamUnavailable
from gateway.lists.arguments import check_first
from gateway.lists.values import domain_value
from gateway.permissions import IsOperator
from ingest.enrich import batches
from ingest.enrich.batches import BatchStatus
from ingest.enrich.client import BatchStopping, CompanyEnrichError, DomainRejected
from ingest.normalize import normalize_domain

MAX_DOMAINS = 10_000
MAX_BATCHES_PAGE = 100
FIND_TIMEOUT_SECONDS = 120.0
# a subscriber re-reads the batch at least this often, even without a notification
SAFETY_POLL_SECONDS = 15.0


def prepare_domains(values: list[str]) -> tuple[list[str], list[str]]:
    """Normalised distinct domains in input order, and the inputs that are not domains."""
    if len(values) > MAX_DOMAINS:
        raise LimitExceeded(f"At most {MAX_DOMAINS} domains per batch.", limit="domains")
    valid: dict[str, None] = {}
    invalid: list[str] = []
    for value in values:
        if not value.strip():
            continue
        domain = normalize_domain(value)
        if domain is None:
            invalid.append(value)
        else:
            valid.setdefault(domain)
    return list(valid), invalid


def _batch_id(value: strawberry.ID) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise BadUserInput(f"Not a batch id: {value!r}.", field="id") from None


async def _existing(info: Info, batch: batches.Batch | None, id: strawberry.ID) -> SimilarCompaniesBatch:
    if batch is None:
        raise NotFound(f"No batch {id}.")
    return SimilarCompaniesBatch.from_batch(batch)


@strawberry.type
class BatchQueries:
    @strawberry.field(permission_classes=[IsOperator], description="One batch, or null.")
    async def similar_companies_batch(self, info: Info, id: strawberry.ID) -> SimilarCompaniesBatch | None:
        batch = await batches.get_batch(info.context.engine, _batch_id(id))
        return SimilarCompaniesBatch.from_batch(batch) if batch else None

    @strawberry.field(permission_classes=[IsOperator], description="Latest batches first.")
    async def similar_companies_batches(
        self, info: Info, status: BatchStatus | None = None, first: int | None = 20
    ) -> list[SimilarCompaniesBatch]:
        first = check_first(first, default=20, maximum=MAX_BATCHES_PAGE, paged=False)
        wanted = batches.BatchStatus(status) if status is not None else None
        return [
            SimilarCompaniesBatch.from_batch(b) for b in await batches.list_batches(info.context.engine, wanted, first)
        ]

    @strawberry.field(permission_classes=[IsOperator], description="Credit cost of a batch before starting it.")
    async def estimate_similar_companies_batch(
        self, info: Info, domains: list[str], options: SimilarCompaniesOptions | None = None
    ) -> BatchEstimate:
        valid, invalid = prepare_domains(domains)
        try:
            estimate = await info.context.services.enrich.estimate(valid, options_of(options))
        except CompanyEnrichError as exc:
            raise UpstreamUnavailable(f"CompanyEnrich: {exc.message}") from exc
        return BatchEstimate.from_estimate(estimate, invalid)


@strawberry.type
class BatchMutations:
    @strawberry.mutation(
        permission_classes=[IsOperator],
        description="Queue one job per domain and return at once (status PENDING); invalid inputs are reported.",
    )
    async def start_similar_companies_batch(
        self, info: Info, domains: list[str], options: SimilarCompaniesOptions | None = None
    ) -> SimilarCompaniesBatch:
        valid, invalid = prepare_domains(domains)
        if not valid:
            raise BadUserInput("No valid domain in the list.", invalidDomains=invalid)
        batch = await info.context.services.enrich.start_batch(
            valid, invalid=invalid, options=options_of(options), api_key_id=info.context.key_id
        )
        return SimilarCompaniesBatch.from_batch(batch)

    @strawberry.mutation(permission_classes=[IsOperator], description="Stop a batch: no new API calls.")
    async def cancel_similar_companies_batch(self, info: Info, id: strawberry.ID) -> SimilarCompaniesBatch:
        return await _existing(info, await info.context.services.enrich.cancel_batch(_batch_id(id)), id)

    @strawberry.mutation(
        permission_classes=[IsOperator],
        description="Queue the failed domains again (and the unprocessed ones of a failed or cancelled batch).",
    )
    async def retry_failed_similar_companies(self, info: Info, id: strawberry.ID) -> SimilarCompaniesBatch:
        return await _existing(info, await info.context.services.enrich.retry_failed(_batch_id(id)), id)

    @strawberry.mutation(permission_classes=[IsOperator], description="One synchronous lookup (also stored).")
    async def find_similar_companies(
        self, info: Info, domain: str, options: SimilarCompaniesOptions | None = None
    ) -> list[SimilarCompany]:
        normalised = domain_value(domain, "domain")
        try:
            async with asyncio.timeout(FIND_TIMEOUT_SECONDS):
                found = await info.context.services.enrich.find_similar(normalised, options_of(options))
        except TimeoutError:
            raise Timeout("CompanyEnrich did not answer in time.") from None
        except DomainRejected as exc:
            raise BadUserInput(f"CompanyEnrich: {exc.message}", field="domain") from exc
        except (BatchStopping, CompanyEnrichError) as exc:
            raise UpstreamUnavailable(f"CompanyEnrich: {exc.message}") from exc
        found.sort(key=lambda c: (-(c.score or 0.0), c.domain))
        return [
            SimilarCompany(
                domain=c.domain,
                name=c.name,
                industry=c.industry,
                description=c.description,
                similarity_score=c.score,
            )
            for c in found
        ]


@strawberry.type
class BatchSubscriptions:
    @strawberry.subscription(
        permission_classes=[IsOperator],
        description="The batch's progress now, then after every change; completes when the batch ends.",
    )
    async def similar_companies_batch_progress(
        self, info: Info, id: strawberry.ID
    ) -> AsyncGenerator[BatchProgress, None]:
        batch_id = _batch_id(id)
        # subscribed before the first read: no change slips between
        async with info.context.services.batch_events.subscribe(batch_id) as changes:
            last: BatchProgress | None = None
            while True:
                batch = await batches.get_batch(info.context.engine, batch_id)
                if batch is None:
                    raise NotFound(f"No batch {id}.")
                progress = BatchProgress.from_batch(batch)
                if progress != last:
                    yield progress
                    last = progress
                if batch.is_final:
                    return
                try:
                    async with asyncio.timeout(SAFETY_POLL_SECONDS):
                        await changes.get()
                except TimeoutError:
                    pass
                while not changes.empty():  # a burst of changes: one read shows them all
                    changes.get_nowait()
