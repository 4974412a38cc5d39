"""Company and what hangs off it: customers, similar companies, investors, leads and signals."""

from collections.abc import Awaitable
from typing import TYPE_CHECKING, Annotated, Any, Self

import strawberry
from sqlalchemy import Row

from gateway.companies.case_studies_ads import AdsByCompanyLoader, CaseStudiesByCompanyLoader, CaseStudy, CompanyAds
from gateway.companies.fields import COMPANY
from gateway.companies.firmographics import (
    CompanyFunding,
    CompanySocials,
    FundingByCompanyLoader,
    SocialsByCompanyLoader,
)
from gateway.companies.loaders import CompanyByDomainLoader, LeadCountByCompanyLoader, VcInvestorsByCompanyLoader
from gateway.companies.similar import SimilarCompany
from gateway.companies.sublists import COMPANY_CUSTOMERS, COMPANY_LEADS, SIMILAR_COMPANIES, CompanyCustomerFilter
from gateway.companies.technologies import CompanyTechnology, TechnologiesByCompanyLoader
from gateway.context import Info
from gateway.lists.arguments import check_first
from gateway.lists.connection import Connection
from gateway.lists.nested import NestedConnection, nested_args
from gateway.lists.types import Node, node_type

if TYPE_CHECKING:
    from gateway.leads.fields import LeadFilter, LeadOrder
    from gateway.leads.types import CompanyLeadConnection
    from gateway.signals.types import JobPosting, NewsEvent
    from ingest.core_build.consolidation import CustomerRecord

MAX_NESTED = 100


def nested_first(first: int) -> int:
    return check_first(first, default=10, maximum=MAX_NESTED, paged=False)


def _company(info: Info, domain: str | None) -> "Awaitable[Company | None] | None":
    return None if domain is None else info.context.loader(CompanyByDomainLoader).load(domain)


@strawberry.type(description="A customer of a company (core.company_customers).")
class CompanyCustomer:
    origin_company_domain: str
    customer_name: str
    customer_domain: str | None
    case_study_url: str | None
    has_case_study: bool | None
    source: str

    @strawberry.field(
        graphql_type=Annotated["Company", strawberry.lazy("gateway.companies.types")] | None,
        description="The customer's own company record, when its domain is known.",
    )
    def customer(self, info: Info) -> "Awaitable[Company | None] | None":
        return _company(info, self.customer_domain)

    @classmethod
    def from_row(cls, row: "Row[Any] | CustomerRecord") -> Self:
        return cls(
            origin_company_domain=row.origin_company_domain,
            customer_name=row.customer_name,
            customer_domain=row.customer_domain,
            case_study_url=row.case_study_url,
            has_case_study=row.has_case_study,
            source=row.source,
        )


@node_type(COMPANY, description="A company of the warehouse (core.companies), keyed by its normalised domain.")
class Company(Node):
    @strawberry.field(description="How many complete leads currently work here.")
    async def lead_count(self, info: Info) -> int:
        return await info.context.loader(LeadCountByCompanyLoader).load(self.domain)

    @strawberry.field(
        description="Leads currently working here: complete ones unless `filter.complete` is false; by person id "
        "unless `orderBy` says otherwise. `first` is at most 100."
    )
    def leads(
        self,
        filter: Annotated["LeadFilter", strawberry.lazy("gateway.leads.fields")] | None = None,
        order_by: list[Annotated["LeadOrder", strawberry.lazy("gateway.leads.fields")]] | None = None,
        first: int | None = 10,
        after: str | None = None,
        offset: int | None = None,
    ) -> Annotated["CompanyLeadConnection", strawberry.lazy("gateway.leads.types")]:
        from gateway.leads.types import CompanyLeadConnection

        args = nested_args(COMPANY_LEADS, first, after, offset, filter, order_by)
        return CompanyLeadConnection(args=args, parent=self.domain)

    @strawberry.field(description="Customers of this company, by name. `first` is at most 100.")
    def customers(
        self,
        filter: CompanyCustomerFilter | None = None,
        first: int | None = 10,
        after: str | None = None,
        offset: int | None = None,
    ) -> "CompanyCustomerConnection":
        args = nested_args(COMPANY_CUSTOMERS, first, after, offset, filter)
        return CompanyCustomerConnection(args=args, parent=self.domain)

    @strawberry.field(
        description="Companies found similar to this one, most similar first (unknown scores last). `first` is at "
        "most 100 (10 when omitted)."
    )
    def similar_companies(
        self, first: int | None = 10, after: str | None = None, offset: int | None = None
    ) -> "SimilarCompanyConnection":
        return SimilarCompanyConnection(args=nested_args(SIMILAR_COMPANIES, first, after, offset), parent=self.domain)

    @strawberry.field(description="Names of the venture capital firms invested in this company.")
    async def vc_investors(self, info: Info) -> list[str]:
        return await info.context.loader(VcInvestorsByCompanyLoader).load(self.domain)

    @strawberry.field(description="Technologies the company uses, per tech-stack source, by name.")  # issue 12
    async def technologies(self, info: Info) -> list[CompanyTechnology]:
        return await info.context.loader(TechnologiesByCompanyLoader).load(self.domain)

    @strawberry.field(description="Newest job postings first.")
    async def job_postings(
        self, info: Info, first: int = 10
    ) -> list[Annotated["JobPosting", strawberry.lazy("gateway.signals.types")]]:
        from gateway.signals.loaders import JobPostingsByCompanyLoader

        return await info.context.loader(JobPostingsByCompanyLoader).load((self.domain, nested_first(first)))

    @strawberry.field(description="News and fundraising events, newest first.")
    async def news_events(
        self, info: Info, first: int = 10
    ) -> list[Annotated["NewsEvent", strawberry.lazy("gateway.signals.types")]]:
        from gateway.signals.loaders import NewsEventsByCompanyLoader

        return await info.context.loader(NewsEventsByCompanyLoader).load((self.domain, nested_first(first)))

    # CompanyEnrich firmographics (issue 12): gateway/companies/firmographics.py
    @strawberry.field(description="Social profiles; null when none is known.")
    async def socials(self, info: Info) -> CompanySocials | None:
        return CompanySocials.of(self.linkedin_url, await info.context.loader(SocialsByCompanyLoader).load(self.domain))

    @strawberry.field(description="Funding: total raised, last round and every round; null when none is known.")
    async def funding(self, info: Info) -> CompanyFunding | None:
        return await info.context.loader(FundingByCompanyLoader).load(self.domain)

    # issue 12: case studies and ads
    @strawberry.field(description="Case studies this company published about its customers.")
    async def case_studies(self, info: Info) -> list[CaseStudy]:
        return await info.context.loader(CaseStudiesByCompanyLoader).load(self.domain)

    @strawberry.field(description="Presence in the Google, LinkedIn and Meta ad libraries; null when never looked up.")
    async def ads(self, info: Info) -> CompanyAds | None:
        return await info.context.loader(AdsByCompanyLoader).load(self.domain)


@strawberry.type
class CompanyConnection(Connection[Company]):
    pass


@strawberry.type(description="A page of a company's customers.")
class CompanyCustomerConnection(NestedConnection[CompanyCustomer]):
    pass


@strawberry.type(description="A page of the companies found similar to a company.")
class SimilarCompanyConnection(NestedConnection[SimilarCompany]):
    pass
