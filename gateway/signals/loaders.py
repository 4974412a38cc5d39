"""SQL and dataloaders of the signal data: person signals, company job postings and news events."""

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, FromClause, Row, func, select
from sqlalchemy.sql import Select

from gateway.companies.loaders import load_per_first
from gateway.database import fetch
from gateway.lists.values import any_text
from gateway.loading import Loader
from models import core

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


class SignalsByPersonLoader(Loader[str, list[Row[Any]]]):
    async def load_batch(self, keys: list[str]) -> list[list[Row[Any]]]:
        by_url: dict[str, list[Row[Any]]] = defaultdict(list)
        for row in await fetch(self.context.engine, select_signals_by_person(keys)):
            by_url[row.linkedin_url].append(row)
        return [by_url.get(k, []) for k in keys]


class JobPostingsByCompanyLoader(Loader[tuple[str, int], list[Row[Any]]]):
    async def load_batch(self, keys: list[tuple[str, int]]) -> list[list[Row[Any]]]:
        return await load_per_first(self, keys, select_job_postings_by_company, "company_domain")


class NewsEventsByCompanyLoader(Loader[tuple[str, int], list[Row[Any]]]):
    async def load_batch(self, keys: list[tuple[str, int]]) -> list[list[Row[Any]]]:
        return await load_per_first(self, keys, select_news_events_by_company, "company_domain")
