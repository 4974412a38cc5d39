"""SQL behind the filter dropdowns: the reference vocabularies and lead counts per option."""

import functools
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, func, literal, select, union_all
from sqlalchemy.sql import Select

from gateway.leads.fields import LEAD
from gateway.leads.sources import ALL_LEADS, LEAD_ROWS, LeadSource
from gateway.lists.compiler import compile_list, conditions
from gateway.lists.model import Dropdown
from gateway.lists.rollup import facets_statement_of
from gateway.signals.sources import AtVcPortfolio, NewInRole, RecentlyPromoted
from gateway.tables import CC, VC, WH, P
from models import core, reference

# Filters option list -> the lead column that counts it (the model's dropdowns)
DIMENSIONS: dict[str, ColumnElement[Any]] = {name: f.sql for name, f in LEAD.dropdowns.items() if f.sql is not None}


def _options(kind: str, table: Any, label: str = "name", by_name: bool = False) -> Select[Any]:
    """(list, value, label, sort_order) of one reference vocabulary."""
    order = func.row_number().over(order_by=table.c.name) if by_name else table.c.sort_order
    return select(
        literal(kind).label("kind"),
        table.c.name.label("value"),
        table.c[label].label("label"),
        order.label("sort_order"),
    )


def _dropdown_options(name: str, dropdown: Dropdown) -> Select[Any]:
    return _options(name, dropdown.vocabulary, dropdown.label, dropdown.by_name)


@functools.cache  # takes no input: built once, statements are immutable
def select_vocabulary() -> Select[Any]:
    """(list, value, label, sort_order) of every reference vocabulary that backs a dropdown."""
    dropdowns = [_dropdown_options(name, f.dropdown) for name, f in LEAD.dropdowns.items() if f.dropdown]
    signals, firms = reference.Signal.__table__, reference.VcFirm.__table__
    return union_all(*dropdowns, _options("signals", signals, "label"), _options("vc_firms", firms)).subquery().select()


@functools.cache  # takes no input: built once, statements are immutable
def select_dimension_counts() -> Select[Any]:
    """Complete leads per value of every dimension dropdown, from the lead rollup."""
    return facets_statement_of(compile_list(ALL_LEADS, None, None, None), DIMENSIONS)


@functools.cache  # takes no input: built once, statements are immutable
def select_vc_counts() -> Select[Any]:
    """Complete leads per VC firm (a person counts once for each firm backing their company)."""
    return (
        select(VC.c.vc_name.label("value"), func.count().label("n"))
        .select_from(LEAD_ROWS.join(VC, VC.c.company_domain == P.c.company_domain))
        .where(*conditions(LEAD, None))
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
        return compile_list(source, None, None, None).matching.where(*extra)

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
