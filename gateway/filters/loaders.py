"""SQL behind the filter dropdowns: the reference vocabularies and lead counts per option."""

import functools
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, func, literal, select, union_all
from sqlalchemy.sql import Select

from gateway.filtering import (
    ALL_LEADS,
    CC,
    FACET_DIMENSIONS,
    VC,
    WH,
    C,
    LeadFacetDimension,
    LeadSource,
    P,
    compile_leads,
    lead_conditions,
    lead_from,
)
from gateway.lists.counts import facet_statement
from gateway.signals.sources import AtVcPortfolio, NewInRole, RecentlyPromoted
from models import core, reference

# Filters option list -> the facet dimension that counts it
DIMENSIONS: dict[str, ColumnElement[Any]] = {
    "job_functions": FACET_DIMENSIONS[LeadFacetDimension.JOB_FUNCTION],
    "seniorities": FACET_DIMENSIONS[LeadFacetDimension.SENIORITY],
    "employee_ranges": FACET_DIMENSIONS[LeadFacetDimension.EMPLOYEE_RANGE],
    "industries": FACET_DIMENSIONS[LeadFacetDimension.INDUSTRY],
    "countries": FACET_DIMENSIONS[LeadFacetDimension.PERSON_COUNTRY],
    "business_models": C.c.business_model,
}


@functools.cache  # takes no input: built once, statements are immutable
def select_vocabulary() -> Select[Any]:
    """(list, value, label, sort_order) of every reference vocabulary that backs a dropdown."""

    def rows(kind: str, table: Any, label: Any = None, order: Any = None) -> Select[Any]:
        return select(
            literal(kind).label("kind"),
            table.c.name.label("value"),
            (label if label is not None else table.c.name).label("label"),
            (order if order is not None else table.c.sort_order).label("sort_order"),
        )

    countries = reference.Country.__table__
    return (
        union_all(
            rows("job_functions", reference.JobFunction.__table__),
            rows("seniorities", reference.Seniority.__table__),
            rows("employee_ranges", reference.EmployeeRange.__table__),
            rows("industries", reference.Industry.__table__),
            rows("countries", countries, order=func.row_number().over(order_by=countries.c.name)),
            rows("signals", reference.Signal.__table__, label=reference.Signal.__table__.c.label),
            rows("vc_firms", reference.VcFirm.__table__),
            rows("business_models", reference.BusinessModel.__table__, label=reference.BusinessModel.__table__.c.label),
        )
        .subquery()
        .select()
    )


@functools.cache  # takes no input: built once, statements are immutable
def select_dimension_counts() -> Select[Any]:
    """Complete leads per value of every dimension dropdown, in one scan."""
    return facet_statement(compile_leads(ALL_LEADS, None, None, None).matching, DIMENSIONS)


@functools.cache  # takes no input: built once, statements are immutable
def select_vc_counts() -> Select[Any]:
    """Complete leads per VC firm (a person counts once for each firm backing their company)."""
    return (
        select(VC.c.vc_name.label("value"), func.count().label("n"))
        .select_from(lead_from(ALL_LEADS).join(VC, VC.c.company_domain == P.c.company_domain))
        .where(*lead_conditions(None))
        .group_by(VC.c.vc_name)
    )


# Signals that take an argument (domains, a company) have no default list: their option counts complete
# leads with any such past job, which only the planner's estimate gives cheaply (exact: seconds at 1M).
ESTIMATED_SIGNALS = ("past_employer", "company_customers")


def signal_matching(new_in_role_since: date, promoted_since: date) -> dict[str, Select[Any]]:
    """The complete leads each signal can find (with the fields' default windows), as `matching` statements."""
    postings, news = core.CompanyJobPosting.__table__, core.CompanyNewsEvent.__table__
    past_jobs = select(WH.c.person_id).where(~WH.c.is_current)
    at_customers = past_jobs.join(CC, CC.c.customer_domain == WH.c.company_domain)

    def leads(source: LeadSource, *extra: ColumnElement[bool]) -> Select[Any]:
        return compile_leads(source, None, None, None).matching.where(*extra)

    return {
        "new_in_role": leads(NewInRole(since=new_in_role_since)),
        "recently_promoted": leads(RecentlyPromoted(since=promoted_since)),
        "vc_portfolio": leads(AtVcPortfolio()),
        "past_employer": leads(ALL_LEADS, P.c.id.in_(past_jobs)),
        "company_customers": leads(ALL_LEADS, P.c.id.in_(at_customers)),
        "job_posting": leads(ALL_LEADS, P.c.company_domain.in_(select(postings.c.company_domain))),
        "news_fundraising": leads(ALL_LEADS, P.c.company_domain.in_(select(news.c.company_domain))),
    }


def select_exact_signal_counts(matching: dict[str, Select[Any]]) -> Select[Any]:
    """One statement counting every signal that is not estimated."""
    counts = [
        m.with_only_columns(func.count(), maintain_column_froms=False).scalar_subquery().label(name)
        for name, m in matching.items()
        if name not in ESTIMATED_SIGNALS
    ]
    return select(*counts)
