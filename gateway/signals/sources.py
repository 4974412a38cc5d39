"""The SQL objects the signal fields mirror, as lead sources for the filter compiler.

Each is written over the base tables (not the seed's views and functions, which the tests compare
against), so the planner sees one flat statement that a LeadFilter narrows further. Signal lists give
each person once.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, FromClause, and_, exists, func, literal_column, or_, select
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.sql import Select

from gateway.leads.fields import CUSTOMER_ALUMNI_LEAD, PROMOTED_LEAD, VC_PORTFOLIO_LEAD
from gateway.leads.sources import LeadSource, leads_of
from gateway.lists.model import ListModel
from gateway.lists.values import any_of
from gateway.tables import CC, PP, VC, WH, P
from models import core

LATER = core.PersonPromotion.__table__.alias("later")
PROMOTED_ROWS = leads_of(P.join(PP, PP.c.person_id == P.c.id))


@dataclass(frozen=True, eq=False)
class NewInRole(LeadSource):
    """core.leads whose current job started on or after `since`; newest first."""

    since: date = date.min
    default_order: tuple[tuple[str, bool], ...] = (("JOB_START_DATE", True),)
    non_null: frozenset[str] = frozenset({"JOB_START_DATE"})

    def conditions(self) -> list[ColumnElement[bool]]:
        return [P.c.job_start_date >= self.since]


@dataclass(frozen=True, eq=False)
class RecentlyPromoted(LeadSource):
    """core.leads_recently_promoted since `since`, one row per person: their latest promotion."""

    since: date = date.min
    model: ListModel = PROMOTED_LEAD
    rows: FromClause = PROMOTED_ROWS
    default_order: tuple[tuple[str, bool], ...] = (("PROMOTION_DATE", True),)

    def conditions(self) -> list[ColumnElement[bool]]:
        later: Select[Any] = (
            select(literal_column("1"))
            .select_from(LATER)
            .where(
                LATER.c.person_id == PP.c.person_id,
                or_(
                    LATER.c.promotion_date > PP.c.promotion_date,
                    and_(LATER.c.promotion_date == PP.c.promotion_date, LATER.c.id > PP.c.id),
                ),
            )
        )
        return [PP.c.promotion_date >= self.since, ~exists(later)]


@dataclass(frozen=True, eq=False)
class AtVcPortfolio(LeadSource):
    """core.leads_at_vc_portfolio, one row per person: the first matching VC by name, and all of them."""

    model: ListModel = VC_PORTFOLIO_LEAD
    vc_names: tuple[str, ...] | None = None  # None: any VC

    def _investors(self, *columns: ColumnElement[Any]) -> Any:
        stmt = select(*columns).select_from(VC)
        if self.vc_names is not None:
            stmt = stmt.where(any_of(VC.c.vc_name, self.vc_names, "vcNames"))
        return stmt

    def conditions(self) -> list[ColumnElement[bool]]:
        return [P.c.company_domain.in_(self._investors(VC.c.company_domain))]

    def columns(self) -> list[ColumnElement[Any]]:
        # scalar subqueries in the select list run for the page's rows only (after ORDER BY/LIMIT)
        mine = VC.c.company_domain == P.c.company_domain
        first = self._investors(VC.c.vc_name, VC.c.company_description).where(mine).order_by(VC.c.vc_name).limit(1)
        names = self._investors(func.array_agg(aggregate_order_by(VC.c.vc_name, VC.c.vc_name))).where(mine)
        return [
            first.with_only_columns(VC.c.vc_name).scalar_subquery().label("vc_name"),
            first.with_only_columns(VC.c.company_description).scalar_subquery().label("vc_company_description"),
            names.scalar_subquery().label("vc_names"),
        ]


@dataclass(frozen=True, eq=False)
class ByPastEmployer(LeadSource):
    """core.get_leads_by_past_employer: people with a non-current job at any of `domains`."""

    domains: tuple[str, ...] = ()

    def alumni(self) -> Select[Any]:
        """(person_id, company_domain) of every non-current job at one of `domains` (a person may repeat)."""
        return select(WH.c.person_id, WH.c.company_domain).where(
            any_of(WH.c.company_domain, self.domains, "domains"), ~WH.c.is_current
        )

    def conditions(self) -> list[ColumnElement[bool]]:
        return [P.c.id.in_(self.alumni().with_only_columns(WH.c.person_id))]


@dataclass(frozen=True, eq=False)
class ByCompanyCustomers(LeadSource):
    """core.get_leads_by_company_customers: people with a non-current job at a customer of the company,
    with the customer and the dates of that job (their latest such job when there are several)."""

    model: ListModel = CUSTOMER_ALUMNI_LEAD
    company_domain: str = ""

    def _jobs(self) -> Select[Any]:
        return (
            select(WH.c.person_id)
            .join(CC, CC.c.customer_domain == WH.c.company_domain)
            .where(CC.c.origin_company_domain == self.company_domain, ~WH.c.is_current)
        )

    def conditions(self) -> list[ColumnElement[bool]]:
        return [P.c.id.in_(self._jobs())]

    def columns(self) -> list[ColumnElement[Any]]:
        # scalar subqueries in the select list run for the page's rows only (after ORDER BY/LIMIT)
        latest = (
            self._jobs()
            .where(WH.c.person_id == P.c.id)
            .order_by(WH.c.end_date.desc().nulls_last(), WH.c.start_date.desc().nulls_last(), WH.c.id, CC.c.id)
            .limit(1)
        )
        picked = {
            "customer_domain": CC.c.customer_domain,
            "customer_name": CC.c.customer_name,
            "customer_start_date": WH.c.start_date,
            "customer_end_date": WH.c.end_date,
        }
        return [latest.with_only_columns(sql).scalar_subquery().label(name) for name, sql in picked.items()]
