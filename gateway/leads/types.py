"""Lead, its work history and the person profile; nested data comes through per-request dataloaders."""

import asyncio
from collections.abc import Awaitable, Iterable
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Self

import strawberry
from sqlalchemy import ColumnElement, Row

from gateway.companies import types as companies
from gateway.companies.loaders import CompanyByDomainLoader
from gateway.context import Context, Info
from gateway.leads.emails import EmailsByPersonLoader, PersonEmail
from gateway.leads.fields import LEAD, PERSON, LeadFacetDimension
from gateway.leads.loaders import WorkHistoryByPersonLoader
from gateway.lists.connection import Connection
from gateway.lists.counts import FacetValue
from gateway.lists.nested import NestedConnection
from gateway.lists.types import Node, ToOne, node_type

if TYPE_CHECKING:
    from gateway.signals.types import PersonSignal


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


@node_type(LEAD, description="A person with their current job and company: one row of core.leads.")
class Lead(Node):
    TO_ONE: ClassVar[dict[str, ToOne]] = {
        "company": ToOne(
            "company_domain",
            "core.companies",
            "domain",
            # the lead's rows join core.companies on the same key: these page columns are that row's
            page=(
                ("domain", "company_row_domain"),
                ("name", "company_row_name"),
                ("industry", "industry"),
                ("employee_range", "employee_range"),
                ("country", "company_country"),
                ("city", "company_city"),
                ("state", "company_state"),
                ("linkedin_url", "company_linkedin_url"),
            ),
            present="company_row_domain",
        )
    }

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


@strawberry.type(description="Value counts of one dimension under the list's filter.")
class Facet:
    dimension: LeadFacetDimension
    values: list[FacetValue]


def facet_dimensions_of(by: Iterable[LeadFacetDimension]) -> dict[str, ColumnElement[Any]]:
    """The dimensions `facets(by)` counts, each once, in the order asked."""
    return LEAD.facet_dimensions(d.value for d in by)


async def facets_of(connection: Connection[Any], by: list[LeadFacetDimension]) -> list[Facet]:
    """`facets(by)` of any lead connection: all dimensions in one statement."""
    dimensions = facet_dimensions_of(by)
    counted = await connection.list_query.facets(dimensions)
    return [Facet(dimension=LeadFacetDimension(name), values=values) for name, values in counted.items()]


@strawberry.type
class LeadConnection(Connection[Lead]):
    @strawberry.field(description="Value counts per dimension under the same filter, in one round trip.")
    async def facets(self, by: list[LeadFacetDimension]) -> list[Facet]:
        return await facets_of(self, by)


@strawberry.type(description="A page of the leads currently working at a company.")
class CompanyLeadConnection(NestedConnection[Lead]):
    pass


@node_type(PERSON, LEAD, description="A person's profile: their lead columns, work history and signals.")
class Person(Lead):
    @strawberry.field(description="Signals about this person (core.person_signals), newest first.")
    async def signals(self, info: Info) -> list[Annotated["PersonSignal", strawberry.lazy("gateway.signals.types")]]:
        from gateway.signals.loaders import SignalsByPersonLoader

        return await info.context.loader(SignalsByPersonLoader).load(self.linkedin_url)

    @strawberry.field(
        graphql_type=list[PersonEmail], description="Every email the finders found for this person, newest first."
    )
    def emails(self, info: Info) -> "list[PersonEmail] | Awaitable[list[PersonEmail]]":
        return info.context.loader(EmailsByPersonLoader).load_ready(self.person_id)
