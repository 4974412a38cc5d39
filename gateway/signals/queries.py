"""Query fields of the signals: each mirrors one SQL object and takes the full LeadFilter on top."""

from datetime import UTC, date, datetime, timedelta

import strawberry

from gateway.context import Info
from gateway.database import fetch
from gateway.errors import BadUserInput
from gateway.leads.fields import LeadFacetDimension, LeadFilter, LeadOrder
from gateway.leads.queries import lead_list
from gateway.leads.types import Lead, LeadConnection
from gateway.lists.resolve import SourceOf
from gateway.lists.values import domain_value
from gateway.permissions import IsReader
from gateway.signals.alumni import PastEmployerAlumni, checked_source, dimensions_of, read_breakdown, select_breakdown
from gateway.signals.sources import AtVcPortfolio, ByCompanyCustomers, ByPastEmployer, NewInRole, RecentlyPromoted
from gateway.signals.types import (
    CustomerAlumniLead,
    CustomerAlumniLeadConnection,
    PromotedLead,
    PromotedLeadConnection,
    VcPortfolioLead,
    VcPortfolioLeadConnection,
)

MAX_DAYS = 36_500


def since(days: int, name: str) -> date:
    """The first day of a window of `days` days ending today (UTC), inclusive."""
    if not 0 <= days <= MAX_DAYS:
        raise BadUserInput(f"`{name}` must be between 0 and {MAX_DAYS} (got {days}).")
    return datetime.now(UTC).date() - timedelta(days=days)


# Each signal field's own arguments -> the source it mirrors (also what its CSV export walks).


def new_in_role(started_within_days: int | None = 90) -> NewInRole:
    return NewInRole(since=since(90 if started_within_days is None else started_within_days, "startedWithinDays"))


def recently_promoted(promoted_within_days: int | None = 180) -> RecentlyPromoted:
    return RecentlyPromoted(
        since=since(180 if promoted_within_days is None else promoted_within_days, "promotedWithinDays")
    )


def leads_at_vc_portfolio(vc_names: list[str] | None = None) -> AtVcPortfolio:
    return AtVcPortfolio(vc_names=tuple(dict.fromkeys(vc_names)) if vc_names else None)


def leads_by_past_employer(domains: list[str]) -> ByPastEmployer:
    return ByPastEmployer(domains=tuple(dict.fromkeys(domain_value(d, "domains") for d in domains)))


def leads_by_company_customers(company_domain: str) -> ByCompanyCustomers:
    return ByCompanyCustomers(company_domain=domain_value(company_domain, "companyDomain"))


SIGNAL_LISTS: dict[str, SourceOf] = {
    "newInRole": new_in_role,
    "recentlyPromoted": recently_promoted,
    "leadsAtVcPortfolio": leads_at_vc_portfolio,
    "leadsByPastEmployer": leads_by_past_employer,
    "leadsByCompanyCustomers": leads_by_company_customers,
}


@strawberry.type
class SignalQueries:
    @strawberry.field(
        permission_classes=[IsReader],
        description="Leads whose current job started within the last `startedWithinDays` days (UTC, inclusive); "
        "newest start first.",
    )
    def new_in_role(
        self,
        info: Info,
        started_within_days: int | None = 90,
        filter: LeadFilter | None = None,
        order_by: list[LeadOrder] | None = None,
        first: int | None = None,
        after: str | None = None,
        offset: int | None = None,
    ) -> LeadConnection:
        source = new_in_role(started_within_days)
        return lead_list(info, source, LeadConnection, Lead, filter, order_by, first, after, offset)

    @strawberry.field(
        permission_classes=[IsReader],
        description="Leads promoted within the last `promotedWithinDays` days, once per person (their latest "
        "promotion in the window); newest promotion first.",
    )
    def recently_promoted(
        self,
        info: Info,
        promoted_within_days: int | None = 180,
        filter: LeadFilter | None = None,
        order_by: list[LeadOrder] | None = None,
        first: int | None = None,
        after: str | None = None,
        offset: int | None = None,
    ) -> PromotedLeadConnection:
        source = recently_promoted(promoted_within_days)
        return lead_list(info, source, PromotedLeadConnection, PromotedLead, filter, order_by, first, after, offset)

    @strawberry.field(
        permission_classes=[IsReader],
        description="Leads at companies backed by any of `vcNames` (any tracked VC when omitted), once per person: "
        "`vcName` is the first matching firm by name, `vcNames` all matching firms.",
    )
    def leads_at_vc_portfolio(
        self,
        info: Info,
        vc_names: list[str] | None = None,
        filter: LeadFilter | None = None,
        order_by: list[LeadOrder] | None = None,
        first: int | None = None,
        after: str | None = None,
        offset: int | None = None,
    ) -> VcPortfolioLeadConnection:
        source = leads_at_vc_portfolio(vc_names)
        return lead_list(
            info, source, VcPortfolioLeadConnection, VcPortfolioLead, filter, order_by, first, after, offset
        )

    @strawberry.field(
        permission_classes=[IsReader],
        description="Leads who once worked (not currently) at any of `domains`; by person id.",
    )
    def leads_by_past_employer(
        self,
        info: Info,
        domains: list[str],
        filter: LeadFilter | None = None,
        order_by: list[LeadOrder] | None = None,
        first: int | None = None,
        after: str | None = None,
        offset: int | None = None,
    ) -> LeadConnection:
        source = leads_by_past_employer(domains)
        return lead_list(info, source, LeadConnection, Lead, filter, order_by, first, after, offset)

    @strawberry.field(
        permission_classes=[IsReader],
        description="Leads who once worked (not currently) at a customer of `companyDomain`, once per person, with "
        "that customer and the dates of the job (the latest ended one when there are several); by person id.",
    )
    def leads_by_company_customers(
        self,
        info: Info,
        company_domain: str,
        filter: LeadFilter | None = None,
        order_by: list[LeadOrder] | None = None,
        first: int | None = None,
        after: str | None = None,
        offset: int | None = None,
    ) -> CustomerAlumniLeadConnection:
        source = leads_by_company_customers(company_domain)
        return lead_list(
            info, source, CustomerAlumniLeadConnection, CustomerAlumniLead, filter, order_by, first, after, offset
        )

    @strawberry.field(
        permission_classes=[IsReader],
        description="For each of `domains` (at most 100, normalised), its alumni under the filter (the people "
        "`leadsByPastEmployer` lists for that domain alone) and their counts per value of each dimension in `by` "
        "(job function, seniority and person country when omitted); one statement for the whole list.",
    )
    async def past_employer_breakdown(
        self,
        info: Info,
        domains: list[str],
        filter: LeadFilter | None = None,
        by: list[LeadFacetDimension] | None = None,
    ) -> list[PastEmployerAlumni]:
        source = checked_source(leads_by_past_employer(domains))
        if not source.domains:
            return []
        dimensions = dimensions_of(by)
        rows = await fetch(info.context.engine, select_breakdown(source, filter, dimensions))
        return read_breakdown(rows, source.domains, list(dimensions))
