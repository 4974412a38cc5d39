"""SQL and dataloaders of the company domain: one statement per relation and request, never one per row."""

from collections import defaultdict
from collections.abc import Hashable, Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import Row, Text, func, literal, or_, select, true
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.sql import Select

from gateway.companies.fields import COMPANY
from gateway.database import fetch
from gateway.leads.fields import LEAD
from gateway.leads.sources import LEAD_ROWS
from gateway.lists.compiler import conditions
from gateway.lists.values import any_text, like_pattern
from gateway.loading import Loader
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


def select_customers_by_company(domains: Sequence[str]) -> Select[Any]:
    return (
        select(CUSTOMERS)
        .where(CUSTOMERS.c.origin_company_domain == any_text(domains))
        .order_by(CUSTOMERS.c.origin_company_domain, CUSTOMERS.c.customer_name, CUSTOMERS.c.id)
    )


def select_similar_by_company(domains: Sequence[str]) -> Select[Any]:
    """Similar companies per domain, with the warehouse's industry and description of each (if it has it)."""
    return (
        select(
            SIMILAR.c.company_domain,
            SIMILAR.c.similar_domain,
            SIMILAR.c.similar_name,
            SIMILAR.c.similarity_score,
            C.c.industry,
            C.c.description,
        )
        .select_from(SIMILAR.outerjoin(C, C.c.domain == SIMILAR.c.similar_domain))
        .where(SIMILAR.c.company_domain == any_text(domains))
        .order_by(SIMILAR.c.company_domain, SIMILAR.c.similarity_score.desc().nulls_last(), SIMILAR.c.similar_domain)
    )


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


def select_leads_by_company(domains: Sequence[str], first: int) -> Select[Any]:
    """The first complete leads (by person id) of each company: one index range per company."""
    wanted = func.unnest(literal(list(domains), ARRAY(Text))).table_valued("domain").render_derived(name="wanted")
    leads = (
        select(*LEAD.columns())
        .select_from(LEAD_ROWS)
        .where(P.c.company_domain == wanted.c.domain, *conditions(LEAD, None))
        .order_by(P.c.id)
        .limit(first)
        .lateral("l")
    )
    return select(leads).select_from(wanted.join(leads, true()))


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


def _grouped(rows: Sequence[Row[Any]], key: str) -> dict[Any, list[Row[Any]]]:
    out: dict[Any, list[Row[Any]]] = defaultdict(list)
    for row in rows:
        out[row._mapping[key]].append(row)
    return out


class CompanyByDomainLoader(Loader[str, "Company | None"]):
    async def load_batch(self, keys: list[str]) -> "list[Company | None]":
        from gateway.companies.types import Company  # the types module imports this one

        rows = await fetch(self.context.engine, select_companies_by_domain(keys))
        by_domain = {r.domain: Company.from_row(r) for r in rows}
        return [by_domain.get(k) for k in keys]


class CustomersByCompanyLoader(Loader[str, list[Row[Any]]]):
    async def load_batch(self, keys: list[str]) -> list[list[Row[Any]]]:
        grouped = _grouped(await fetch(self.context.engine, select_customers_by_company(keys)), "origin_company_domain")
        return [grouped.get(k, []) for k in keys]


class SimilarCompaniesByCompanyLoader(Loader[str, list[Row[Any]]]):
    async def load_batch(self, keys: list[str]) -> list[list[Row[Any]]]:
        grouped = _grouped(await fetch(self.context.engine, select_similar_by_company(keys)), "company_domain")
        return [grouped.get(k, []) for k in keys]


class VcInvestorsByCompanyLoader(Loader[str, list[str]]):
    async def load_batch(self, keys: list[str]) -> list[list[str]]:
        grouped = _grouped(await fetch(self.context.engine, select_vc_investors_by_company(keys)), "company_domain")
        return [[r.vc_name for r in grouped.get(k, [])] for k in keys]


class LeadCountByCompanyLoader(Loader[str, int]):
    async def load_batch(self, keys: list[str]) -> list[int]:
        rows = await fetch(self.context.engine, select_lead_counts_by_company(keys))
        counts = {r.company_domain: r.n for r in rows}
        return [counts.get(k, 0) for k in keys]


async def load_per_first(
    loader: Loader[Any, Any], keys: list[tuple[str, int]], select_for: Any, key: str
) -> list[list[Row[Any]]]:
    """Keys are (domain, first): one statement per distinct `first` (usually exactly one)."""
    out: dict[Hashable, list[Row[Any]]] = {}
    for first in {f for _, f in keys}:
        domains = list(dict.fromkeys(d for d, f in keys if f == first))
        grouped = _grouped(await fetch(loader.context.engine, select_for(domains, first)), key)
        out.update({(d, first): grouped.get(d, []) for d in domains})
    return [out[k] for k in keys]


class LeadsByCompanyLoader(Loader[tuple[str, int], list[Row[Any]]]):
    async def load_batch(self, keys: list[tuple[str, int]]) -> list[list[Row[Any]]]:
        return await load_per_first(self, keys, select_leads_by_company, "company_domain")
