"""Signal types: promoted and VC-portfolio leads, person signals, job postings and news events."""

from datetime import date
from typing import Any, Self

import strawberry
from sqlalchemy import Row
from strawberry.scalars import JSON

from gateway.leads.fields import CUSTOMER_ALUMNI_LEAD, LEAD, PROMOTED_LEAD, VC_PORTFOLIO_LEAD, LeadFacetDimension
from gateway.leads.types import Facet, Lead, facets_of
from gateway.lists.connection import Connection
from gateway.lists.types import node_type


@node_type(
    PROMOTED_LEAD, LEAD, description="A lead with their latest promotion in the window (core.leads_recently_promoted)."
)
class PromotedLead(Lead):
    pass


@node_type(
    VC_PORTFOLIO_LEAD, LEAD, description="A lead at a VC-backed company (core.leads_at_vc_portfolio), once per person."
)
class VcPortfolioLead(Lead):
    pass


@node_type(
    CUSTOMER_ALUMNI_LEAD,
    LEAD,
    description="A lead who once worked at a customer of the company asked about, once per person: the customer "
    "and the dates of that job.",
)
class CustomerAlumniLead(Lead):
    pass


@strawberry.type
class PromotedLeadConnection(Connection[PromotedLead]):
    @strawberry.field(description="Value counts per dimension under the same filter, in one round trip.")
    async def facets(self, by: list[LeadFacetDimension]) -> list[Facet]:
        return await facets_of(self, by)


@strawberry.type
class VcPortfolioLeadConnection(Connection[VcPortfolioLead]):
    @strawberry.field(description="Value counts per dimension under the same filter, in one round trip.")
    async def facets(self, by: list[LeadFacetDimension]) -> list[Facet]:
        return await facets_of(self, by)


@strawberry.type
class CustomerAlumniLeadConnection(Connection[CustomerAlumniLead]):
    @strawberry.field(description="Value counts per dimension under the same filter, in one round trip.")
    async def facets(self, by: list[LeadFacetDimension]) -> list[Facet]:
        return await facets_of(self, by)


@strawberry.type(description="A signal about a person: job change, promotion or new hire (core.person_signals).")
class PersonSignal:
    signal_type: str
    company_domain: str | None
    title: str | None
    occurred_on: date | None
    details: JSON

    @classmethod
    def from_row(cls, row: Row[Any]) -> Self:
        return cls(
            signal_type=row.signal_type,
            company_domain=row.company_domain or None,
            title=row.title or None,
            occurred_on=row.occurred_on,
            details=row.details,
        )


@strawberry.type(description="A job posting of a company (core.company_job_postings).")
class JobPosting:
    job_id: str
    title: str | None
    location: str | None
    url: str | None
    posted_at: date | None
    # issue 12: filled from the job sources (job_posting, job_board_*) and the job-posting signal
    seniority: str | None
    employment_type: str | None
    salary_min: float | None
    salary_max: float | None
    salary_currency: str | None
    source: str | None = strawberry.field(
        description="The ingest source of the values: job_posting, job_board_linkedin, job_board_indeed or "
        "signal_job_posting (the first that sent the posting wins, in that order)."
    )

    @classmethod
    def from_row(cls, row: Row[Any]) -> Self:
        return cls(**{name: getattr(row, name) for name in POSTING_FIELDS})


POSTING_FIELDS = (
    "job_id", "title", "location", "url", "posted_at", "seniority", "employment_type", "salary_min", "salary_max",
    "salary_currency", "source",
)  # fmt: skip


@strawberry.type(description="A news or fundraising event of a company (core.company_news_events).")
class NewsEvent:
    headline: str
    url: str | None
    published_at: date | None
    amount: str | None
    round: str | None

    @classmethod
    def from_row(cls, row: Row[Any]) -> Self:
        return cls(
            headline=row.headline, url=row.url, published_at=row.published_at, amount=row.amount, round=row.round
        )
