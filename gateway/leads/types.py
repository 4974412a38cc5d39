"""Lead, its work history and the person profile; nested data comes through per-request dataloaders."""

import asyncio
from collections.abc import Awaitable
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Self

import strawberry
from sqlalchemy import Row

from gateway.companies import types as companies
from gateway.companies.loaders import CompanyByDomainLoader
from gateway.context import Context, Info
from gateway.filtering import LeadFacetDimension, lead_facet_dimensions
from gateway.json_pages import JsonNode, ToOne
from gateway.leads.loaders import WorkHistoryByPersonLoader
from gateway.lists.connection import Connection
from gateway.lists.counts import FacetValue

if TYPE_CHECKING:
    from gateway.signals.types import PersonSignal

# seed lead column -> Lead field, where they differ
RENAMED = {
    "matched_cleaned_job_title": "job_title",
    "matched_job_function": "job_function",
    "matched_seniority": "seniority",
    "matched_industry": "industry",
}
LEAD_ROW_COLUMNS = (
    "person_id",
    "linkedin_url",
    "linkedin_slug",
    "full_name",
    "linkedin_url_type",
    "person_city",
    "person_state",
    "person_country",
    "matched_cleaned_job_title",
    "matched_job_function",
    "matched_seniority",
    "job_start_date",
    "company_domain",
    "company_name",
    "company_linkedin_url",
    "company_city",
    "company_state",
    "company_country",
    "matched_industry",
    "employee_range",
)
FIELDS = tuple((column, RENAMED.get(column, column)) for column in LEAD_ROW_COLUMNS)


def company_by_domain(
    info: Info, domain: str | None
) -> "companies.Company | Awaitable[companies.Company | None] | None":
    """The company through the request's loader: a sync resolver handing back the loaded value (or the
    loader's future) costs less per node than an async one (these run for every row of a page)."""
    return None if domain is None else info.context.loader(CompanyByDomainLoader).load_ready(domain)


@strawberry.type(description="One job of a person (core.person_work_history).")
class WorkHistoryEntry:
    company_domain: str | None
    company_name: str | None
    title: str | None
    job_function: str | None
    seniority: str | None
    start_date: date | None
    end_date: date | None
    is_current: bool

    @strawberry.field(graphql_type=companies.Company | None)
    def company(self, info: Info) -> "companies.Company | Awaitable[companies.Company | None] | None":
        return company_by_domain(info, self.company_domain)

    @classmethod
    def from_row(cls, row: Row[Any]) -> Self:
        return cls(
            company_domain=row.company_domain,
            company_name=row.company_name,
            title=row.title,
            job_function=row.matched_job_function,
            seniority=row.matched_seniority,
            start_date=row.start_date,
            end_date=row.end_date,
            is_current=row.is_current,
        )


@strawberry.type(description="A person with their current job and company: one row of core.leads.")
class Lead(JsonNode):
    ROW_LABELS: ClassVar[dict[str, str]] = {field: column for column, field in FIELDS}
    TO_ONE: ClassVar[dict[str, ToOne]] = {"company": ToOne("company_domain", "core.companies", "domain")}

    person_id: int
    linkedin_url: str
    linkedin_slug: str | None
    full_name: str | None
    linkedin_url_type: str
    person_city: str | None
    person_state: str | None
    person_country: str | None
    job_title: str | None = strawberry.field(description="The cleaned job title.")
    job_function: str | None
    seniority: str | None
    job_start_date: date | None
    company_domain: str | None
    company_name: str | None
    company_linkedin_url: str | None
    company_city: str | None
    company_state: str | None
    company_country: str | None
    industry: str | None
    employee_range: str | None

    @strawberry.field(graphql_type=companies.Company | None)
    def company(self, info: Info) -> "companies.Company | Awaitable[companies.Company | None] | None":
        return company_by_domain(info, self.company_domain)

    @strawberry.field(graphql_type=list[WorkHistoryEntry], description="Every job, current first, then newest start.")
    def work_history(self, info: Info) -> "list[WorkHistoryEntry] | Awaitable[list[WorkHistoryEntry]]":
        return info.context.loader(WorkHistoryByPersonLoader).load_ready(self.person_id)

    @staticmethod
    async def prefetch(nodes: "list[Lead]", context: Context, selected: frozenset[str]) -> None:
        """A page's companies and work histories, one batch each, when the query selects them.

        A failed batch is left in the loader: each node's field then reports it, as without prefetch.
        """
        loads: list[Awaitable[Any]] = []
        if "company" in selected:
            domains = list(dict.fromkeys(n.company_domain for n in nodes if n.company_domain is not None))
            loads.append(context.loader(CompanyByDomainLoader).load_many(domains))
        if "workHistory" in selected:
            loads.append(context.loader(WorkHistoryByPersonLoader).load_many([n.person_id for n in nodes]))
        if loads:
            await asyncio.gather(*loads, return_exceptions=True)

    @staticmethod
    def values(row: Row[Any]) -> dict[str, Any]:
        mapping = row._mapping
        return {field: mapping[column] for column, field in FIELDS}

    @classmethod
    def from_row(cls, row: Row[Any]) -> Self:
        return cls(**cls.values(row))


@strawberry.type(description="Value counts of one dimension under the list's filter.")
class Facet:
    dimension: LeadFacetDimension
    values: list[FacetValue]


async def facets_of(connection: Connection[Any], by: list[LeadFacetDimension]) -> list[Facet]:
    """`facets(by)` of any lead connection: all dimensions in one statement."""
    dimensions = lead_facet_dimensions(by)
    counted = await connection.list_query.facets(dimensions)
    return [Facet(dimension=LeadFacetDimension(name), values=values) for name, values in counted.items()]


@strawberry.type
class LeadConnection(Connection[Lead]):
    @strawberry.field(description="Value counts per dimension under the same filter, in one round trip.")
    async def facets(self, by: list[LeadFacetDimension]) -> list[Facet]:
        return await facets_of(self, by)


@strawberry.type(description="A person's profile: their lead columns, work history and signals.")
class Person(Lead):
    first_name: str | None
    last_name: str | None
    headline: str | None

    @strawberry.field(description="Signals about this person (core.person_signals), newest first.")
    async def signals(self, info: Info) -> list[Annotated["PersonSignal", strawberry.lazy("gateway.signals.types")]]:
        from gateway.signals.loaders import SignalsByPersonLoader
        from gateway.signals.types import PersonSignal

        rows = await info.context.loader(SignalsByPersonLoader).load(self.linkedin_url)
        return [PersonSignal.from_row(r) for r in rows]

    @classmethod
    def from_row(cls, row: Row[Any]) -> Self:
        return cls(**cls.values(row), first_name=row.first_name, last_name=row.last_name, headline=row.headline)
