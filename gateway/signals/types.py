"""Signal types: promoted and VC-portfolio leads, person signals, job postings and news events."""

from datetime import date
from typing import Any, ClassVar, Self

import strawberry
from sqlalchemy import Row
from strawberry.scalars import JSON

from gateway.filtering import LeadFacetDimension
from gateway.leads.types import Facet, Lead, facets_of
from gateway.lists.connection import Connection


@strawberry.type(description="A lead with their latest promotion in the window (core.leads_recently_promoted).")
class PromotedLead(Lead):
    ROW_LABELS: ClassVar[dict[str, str]] = {
        **Lead.ROW_LABELS,
        **{name: name for name in ("previous_title", "new_title", "promotion_date")},
    }

    previous_title: str | None
    new_title: str | None
    promotion_date: date = strawberry.field(description="The start date of the new role.")

    @classmethod
    def from_row(cls, row: Row[Any]) -> Self:
        return cls(
            **cls.values(row),
            previous_title=row.previous_title,
            new_title=row.new_title,
            promotion_date=row.promotion_date,
        )


@strawberry.type(description="A lead at a VC-backed company (core.leads_at_vc_portfolio), once per person.")
class VcPortfolioLead(Lead):
    ROW_LABELS: ClassVar[dict[str, str]] = {
        **Lead.ROW_LABELS,
        **{name: name for name in ("vc_name", "vc_company_description", "vc_names")},
    }

    vc_name: str = strawberry.field(description="The first matching VC firm by name.")
    vc_company_description: str | None = strawberry.field(
        description="The company as that VC's portfolio describes it."
    )
    vc_names: list[str] = strawberry.field(description="Every matching VC firm of the company, by name.")

    @classmethod
    def from_row(cls, row: Row[Any]) -> Self:
        return cls(
            **cls.values(row),
            vc_name=row.vc_name,
            vc_company_description=row.vc_company_description,
            vc_names=list(row.vc_names or ()),
        )


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

    @classmethod
    def from_row(cls, row: Row[Any]) -> Self:
        return cls(job_id=row.job_id, title=row.title, location=row.location, url=row.url, posted_at=row.posted_at)


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
