"""SQL and dataloaders of the company domain: one statement per relation and request, never one per row."""

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import Row, func, or_, select
from sqlalchemy.sql import Select

from gateway.companies.fields import COMPANY
from gateway.database import fetch
from gateway.leads.fields import LEAD
from gateway.leads.sources import LEAD_ROWS
from gateway.lists.compiler import conditions
from gateway.lists.values import any_text, like_pattern
from gateway.loading import GroupedLoader, Loader
from gateway.tables import C, P
from ingest.normalize import normalize_domain
from models import core

if TYPE_CHECKING:
    from gateway.companies.types import Company

CUSTOMERS = core.CompanyCustomer.__table__
SIMILAR = core.CompanySimilarCompany.__table__
INVESTORS = core.CompanyVcInvestor.__table__


def select_companies_by_domain(domains: Sequence[str]) -> Select[Any]:
    return select(*COMPANY.columns()).where(C.c.domain == any_text(domains))


def select_vc_investors_by_company(domains: Sequence[str]) -> Select[Any]:
    return (
        select(INVESTORS.c.company_domain, INVESTORS.c.vc_name)
        .where(INVESTORS.c.company_domain == any_text(domains))
        .order_by(INVESTORS.c.company_domain, INVESTORS.c.vc_name)
    )


def select_lead_counts_by_company(domains: Sequence[str]) -> Select[Any]:
    """Complete leads per company (the people `leads(filter: {companyDomain})` lists)."""
    return (
        select(P.c.company_domain, func.count().label("n"))
        .select_from(LEAD_ROWS)
        .where(P.c.company_domain == any_text(domains), *conditions(LEAD, None))
        .group_by(P.c.company_domain)
    )


def select_companies_matching(query: str, first: int) -> Select[Any]:
    """Companies whose name or domain contains `query`: exact matches, then prefixes, then similarity."""
    pattern, prefix = like_pattern(query), like_pattern(query)[1:]
    exact_domain = normalize_domain(query) or query.lower()
    return (
        select(*COMPANY.columns())
        .where(or_(C.c.name.ilike(pattern), C.c.domain.ilike(pattern)))
        .order_by(
            or_(func.lower(C.c.name) == query.lower(), C.c.domain == exact_domain).desc(),
            or_(C.c.name.ilike(prefix), C.c.domain.ilike(prefix)).desc(),
            func.similarity(C.c.name, query).desc(),
            C.c.name,
            C.c.id,
        )
        .limit(first)
    )


class CompanyByDomainLoader(Loader[str, "Company | None"]):
    async def load_batch(self, keys: list[str]) -> "list[Company | None]":
        from gateway.companies.types import Company  # the types module imports this one

        rows = await fetch(self.context.engine, select_companies_by_domain(keys))
        by_domain = {r.domain: Company.from_row(r) for r in rows}
        return [by_domain.get(k) for k in keys]


class VcInvestorsByCompanyLoader(GroupedLoader[str, str]):
    key = "company_domain"

    def select(self, keys: list[str]) -> Select[Any]:
        return select_vc_investors_by_company(keys)

    def make(self, row: Row[Any]) -> str:
        return str(row.vc_name)


class LeadCountByCompanyLoader(Loader[str, int]):
    async def load_batch(self, keys: list[str]) -> list[int]:
        rows = await fetch(self.context.engine, select_lead_counts_by_company(keys))
        counts = {r.company_domain: r.n for r in rows}
        return [counts.get(k, 0) for k in keys]
