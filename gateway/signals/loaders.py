"""SQL and dataloaders of the signal data: person signals, company job postings and news events."""

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, FromClause, Row, func, select
from sqlalchemy.sql import Select

from gateway.lists.values import any_text
from gateway.loading import FirstPerKeyLoader, GroupedLoader
from models import core

if TYPE_CHECKING:
    from gateway.signals.types import JobPosting, NewsEvent, PersonSignal

SIGNALS = core.PersonSignal.__table__
POSTINGS = core.CompanyJobPosting.__table__
NEWS = core.CompanyNewsEvent.__table__


def select_signals_by_person(linkedin_urls: Sequence[str]) -> Select[Any]:
    return (
        select(SIGNALS)
        .where(SIGNALS.c.linkedin_url == any_text(linkedin_urls))
        .order_by(SIGNALS.c.linkedin_url, SIGNALS.c.occurred_on.desc().nulls_last(), SIGNALS.c.id)
    )


def _newest_per_company(
    table: FromClause, newest: ColumnElement[Any], domains: Sequence[str], first: int
) -> Select[Any]:
    ranked = (
        select(
            table,
            func.row_number()
            .over(partition_by=table.c.company_domain, order_by=(newest.desc().nulls_last(), table.c.id))
            .label("rank"),
        )
        .where(table.c.company_domain == any_text(domains))
        .subquery()
    )
    return select(ranked).where(ranked.c.rank <= first).order_by(ranked.c.company_domain, ranked.c.rank)


def select_job_postings_by_company(domains: Sequence[str], first: int) -> Select[Any]:
    return _newest_per_company(POSTINGS, POSTINGS.c.posted_at, domains, first)


def select_news_events_by_company(domains: Sequence[str], first: int) -> Select[Any]:
    return _newest_per_company(NEWS, NEWS.c.published_at, domains, first)


class SignalsByPersonLoader(GroupedLoader[str, "PersonSignal"]):
    key = "linkedin_url"

    def select(self, keys: list[str]) -> Select[Any]:
        return select_signals_by_person(keys)

    def make(self, row: Row[Any]) -> "PersonSignal":
        from gateway.signals.types import PersonSignal  # the types module imports this one

        return PersonSignal.from_row(row)


class JobPostingsByCompanyLoader(FirstPerKeyLoader["JobPosting"]):
    key = "company_domain"

    def select(self, keys: list[str], first: int) -> Select[Any]:
        return select_job_postings_by_company(keys, first)

    def make(self, row: Row[Any]) -> "JobPosting":
        from gateway.signals.types import JobPosting

        return JobPosting.from_row(row)


class NewsEventsByCompanyLoader(FirstPerKeyLoader["NewsEvent"]):
    key = "company_domain"

    def select(self, keys: list[str], first: int) -> Select[Any]:
        return select_news_events_by_company(keys, first)

    def make(self, row: Row[Any]) -> "NewsEvent":
        from gateway.signals.types import NewsEvent

        return NewsEvent.from_row(row)
