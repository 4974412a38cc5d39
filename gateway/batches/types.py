"""GraphQL types of enrichment batches ("find similar companies" through CompanyEnrich)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING

import strawberry

from gateway.companies.similar import SimilarCompany
from gateway.context import Info
from gateway.errors import BadUserInput
from gateway.lists.arguments import check_first, check_offset
from gateway.loading import Loader
from ingest.enrich import batches
from ingest.enrich.client import Endpoint, SimilarOptions
from ingest.enrich.jobs import Estimate

MAX_RESULTS_PAGE = 100

if TYPE_CHECKING:
    from ingest.enrich.batches import BatchStatus
    from ingest.enrich.batches import DomainStatus as BatchDomainStatus
    from ingest.enrich.client import Endpoint as SimilarCompaniesEndpoint
else:  # the ingest enums, registered as GraphQL enums
    BatchStatus = strawberry.enum(batches.BatchStatus, name="BatchStatus", description="Lifecycle of a batch.")
    BatchDomainStatus = strawberry.enum(
        batches.DomainStatus, name="BatchDomainStatus", description="State of one domain of a batch."
    )
    SimilarCompaniesEndpoint = strawberry.enum(
        Endpoint,
        name="SimilarCompaniesEndpoint",
        description="PREVIEW: free, top 25 per domain. FULL: every page of the paid endpoint (costs credits).",
    )


@strawberry.input(description="How CompanyEnrich is asked for similar companies.")
class SimilarCompaniesOptions:
    endpoint: SimilarCompaniesEndpoint = Endpoint.PREVIEW
    similarity_weight: float | None = None
    countries: list[str] | None = None
    page_size: int | None = strawberry.field(default=None, description="FULL only: results per page (1-100).")

    def to_options(self) -> SimilarOptions:
        if self.page_size is not None and not 1 <= self.page_size <= MAX_RESULTS_PAGE:
            raise BadUserInput("pageSize must be between 1 and 100.", field="pageSize")
        if self.similarity_weight is not None and not 0.0 <= self.similarity_weight <= 1.0:
            raise BadUserInput("similarityWeight must be between 0 and 1.", field="similarityWeight")
        return SimilarOptions(
            endpoint=Endpoint(self.endpoint),
            similarity_weight=self.similarity_weight,
            countries=tuple(c.strip() for c in self.countries or () if c.strip()),
            page_size=self.page_size,
        )


def options_of(value: SimilarCompaniesOptions | None) -> SimilarOptions:
    return value.to_options() if value is not None else SimilarOptions()


class SimilarCompaniesByInputDomainLoader(Loader[str, list[SimilarCompany]]):
    async def load_batch(self, keys: list[str]) -> list[list[SimilarCompany]]:
        rows = await batches.similar_by_input_domains(self.context.engine, keys)
        return [
            [
                SimilarCompany(
                    domain=r.company_domain,
                    name=r.company_name,
                    industry=r.company_industry,
                    description=r.company_description,
                    similarity_score=r.similarity_score,
                )
                for r in rows.get(k, [])
            ]
            for k in keys
        ]


@strawberry.type(description="One input domain of a batch.")
class SimilarCompaniesBatchResult:
    domain: str
    status: BatchDomainStatus
    attempts: int = strawberry.field(description="HTTP attempts made for this domain (every one is kept in raw).")
    error: str | None
    similar_count: int
    finished_at: datetime | None

    @strawberry.field(description="The stored similar companies of this domain, best score first.")
    async def similar_companies(self, info: Info) -> list[SimilarCompany]:
        return await info.context.loader(SimilarCompaniesByInputDomainLoader).load(self.domain)

    @classmethod
    def from_row(cls, row: batches.BatchDomain) -> SimilarCompaniesBatchResult:
        return cls(
            domain=row.domain,
            status=row.status,
            attempts=row.attempts,
            error=row.error,
            similar_count=row.similar_count,
            finished_at=row.finished_at,
        )


@strawberry.type(description="A 'find similar companies' batch: one job per domain on the durable queue.")
class SimilarCompaniesBatch:
    id: strawberry.ID
    status: BatchStatus
    endpoint: SimilarCompaniesEndpoint
    total: int
    processed: int = strawberry.field(description="Domains finished: succeeded + failed.")
    succeeded: int
    failed: int
    similar_companies_found: int
    invalid_domains: list[str] = strawberry.field(description="Inputs that are not domains (not in total).")
    error_message: str | None
    created_at: datetime
    started_at: datetime | None
    completed_at: datetime | None

    @strawberry.field(description="Per-domain results, ordered by domain.")
    async def results(
        self, info: Info, status: BatchDomainStatus | None = None, first: int | None = 100, offset: int | None = 0
    ) -> list[SimilarCompaniesBatchResult]:
        first = check_first(first, default=MAX_RESULTS_PAGE, maximum=MAX_RESULTS_PAGE, paged=False)
        offset = check_offset(offset)
        domain_status = batches.DomainStatus(status) if status is not None else None
        rows = await batches.list_domains(info.context.engine, uuid.UUID(str(self.id)), domain_status, first, offset)
        return [SimilarCompaniesBatchResult.from_row(r) for r in rows]

    @classmethod
    def from_batch(cls, b: batches.Batch) -> SimilarCompaniesBatch:
        return cls(
            id=strawberry.ID(str(b.id)),
            status=b.status,
            endpoint=SimilarOptions.from_json(b.options).endpoint,
            total=b.total,
            processed=b.processed,
            succeeded=b.succeeded,
            failed=b.failed,
            similar_companies_found=b.similar_companies_found,
            invalid_domains=list(b.invalid_domains),
            error_message=b.error_message,
            created_at=b.created_at,
            started_at=b.started_at,
            completed_at=b.completed_at,
        )


@strawberry.type(description="Progress of a batch, as streamed by similarCompaniesBatchProgress.")
class BatchProgress:
    batch_id: strawberry.ID
    status: BatchStatus
    total: int
    processed: int
    succeeded: int
    failed: int
    similar_companies_found: int
    updated_at: datetime = strawberry.field(description="When the batch last changed (the database's clock).")

    @classmethod
    def from_batch(cls, b: batches.Batch) -> BatchProgress:
        return cls(
            batch_id=strawberry.ID(str(b.id)),
            status=b.status,
            total=b.total,
            processed=b.processed,
            succeeded=b.succeeded,
            failed=b.failed,
            similar_companies_found=b.similar_companies_found,
            updated_at=b.updated_at,
        )


@strawberry.type(description="What a batch would cost before it is started.")
class BatchEstimate:
    domains: int = strawberry.field(description="Valid, distinct domains.")
    invalid_domains: list[str]
    endpoint: SimilarCompaniesEndpoint
    requests: int = strawberry.field(description="Expected API requests (without retries).")
    estimated_companies: int
    credits: float = strawberry.field(description="Expected credit cost (PREVIEW is free).")
    sampled: int = strawberry.field(description="Domains whose count was asked (FULL); the rest is extrapolated.")
    exact: bool

    @classmethod
    def from_estimate(cls, e: Estimate, invalid: list[str]) -> BatchEstimate:
        return cls(
            domains=e.domains,
            invalid_domains=invalid,
            endpoint=e.endpoint,
            requests=e.requests,
            estimated_companies=e.estimated_companies,
            credits=e.credits,
            sampled=e.sampled,
            exact=e.exact,
        )
