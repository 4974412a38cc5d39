"""A company's case studies (with the people they quote) and its presence in ad libraries (issue 12).

Types, their SQL and their dataloaders side by side: one statement per relation and request.
"""

from datetime import datetime
from typing import Any, Self

import strawberry
from sqlalchemy import BigInteger, Row, any_, literal, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.sql import Select

from gateway.context import Info
from gateway.database import fetch
from gateway.lists.values import any_text
from gateway.loading import GroupedLoader, Loader
from models import core

CASE_STUDIES = core.CompanyCaseStudy.__table__
CHAMPIONS = core.CompanyCaseStudyChampion.__table__
ADS = core.CompanyAds.__table__


@strawberry.type(description="A person a case study quotes (a champion or buyer at the customer).")
class CaseStudyChampion:
    full_name: str
    title: str | None
    linkedin_url: str | None


@strawberry.type(description="A case study the company published about a customer (core.company_case_studies).")
class CaseStudy:
    id: strawberry.Private[int]
    url: str | None
    customer_name: str | None
    customer_domain: str | None

    @strawberry.field(description="The people the case study quotes, by name.")
    async def champions(self, info: Info) -> list[CaseStudyChampion]:
        return await info.context.loader(ChampionsByCaseStudyLoader).load(self.id)

    @classmethod
    def from_row(cls, row: Row[Any]) -> Self:
        # "" in core is a value never sent
        return cls(id=row.id, url=row.url or None, customer_name=row.customer_name or None,
                   customer_domain=row.customer_domain)  # fmt: skip


@strawberry.type(description="A company's ads in one ad library, from the newest report.")
class AdPresence:
    ad_count: int = strawberry.field(description="Ads the newest report counted (0: none running).")
    last_seen_at: datetime | None = strawberry.field(description="When a report last found ads running.")


@strawberry.type(description="A company's presence per ad library; a platform is null when never looked up.")
class CompanyAds:
    google: AdPresence | None = None
    linkedin: AdPresence | None = None
    meta: AdPresence | None = None


def select_case_studies_by_company(domains: list[str]) -> Select[Any]:
    return (
        select(CASE_STUDIES)
        .where(CASE_STUDIES.c.company_domain == any_text(domains))
        .order_by(CASE_STUDIES.c.company_domain, CASE_STUDIES.c.url, CASE_STUDIES.c.customer_name, CASE_STUDIES.c.id)
    )


def select_champions_by_case_study(ids: list[int]) -> Select[Any]:
    return (
        select(CHAMPIONS)
        .where(CHAMPIONS.c.case_study_id == any_(literal(ids, ARRAY(BigInteger))))
        .order_by(CHAMPIONS.c.case_study_id, CHAMPIONS.c.full_name)
    )


def select_ads_by_company(domains: list[str]) -> Select[Any]:
    return select(ADS).where(ADS.c.company_domain == any_text(domains))


class CaseStudiesByCompanyLoader(GroupedLoader[str, CaseStudy]):
    key = "company_domain"

    def select(self, keys: list[str]) -> Select[Any]:
        return select_case_studies_by_company(keys)

    def make(self, row: Row[Any]) -> CaseStudy:
        return CaseStudy.from_row(row)


class ChampionsByCaseStudyLoader(GroupedLoader[int, CaseStudyChampion]):
    key = "case_study_id"

    def select(self, keys: list[int]) -> Select[Any]:
        return select_champions_by_case_study(keys)

    def make(self, row: Row[Any]) -> CaseStudyChampion:
        return CaseStudyChampion(full_name=row.full_name, title=row.title, linkedin_url=row.linkedin_url)


class AdsByCompanyLoader(Loader[str, CompanyAds | None]):
    """Null for a company no ad library report has named."""

    async def load_batch(self, keys: list[str]) -> list[CompanyAds | None]:
        found: dict[str, dict[str, AdPresence]] = {}
        for row in await fetch(self.context.engine, select_ads_by_company(keys)):
            found.setdefault(row.company_domain, {})[row.platform] = AdPresence(
                ad_count=row.ad_count, last_seen_at=row.last_seen_at
            )
        return [CompanyAds(**found[k]) if k in found else None for k in keys]
