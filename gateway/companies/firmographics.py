"""A company's social profiles and funding (core.company_socials, company_funding, company_funding_rounds),
with their SQL and dataloaders side by side: one statement per relation and request.

`Company.socials` and `Company.funding` are null when nothing is known; the LinkedIn page of the
socials is the company's own `linkedinUrl`, so the two never disagree.
"""

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import Any, Generic, Self, TypeVar

import strawberry
from sqlalchemy import Row, select
from sqlalchemy.sql import Select

from gateway.context import Info
from gateway.database import fetch
from gateway.lists.values import any_text
from gateway.loading import GroupedLoader, Loader
from models import core

SOCIALS = core.CompanySocials.__table__
FUNDING = core.CompanyFunding.__table__
ROUNDS = core.CompanyFundingRound.__table__
V = TypeVar("V")


@strawberry.type(description="A company's social profiles (core.company_socials; LinkedIn from core.companies).")
class CompanySocials:
    linkedin: str | None
    twitter: str | None
    facebook: str | None
    instagram: str | None
    youtube: str | None

    @classmethod
    def of(cls, linkedin: str | None, known: "CompanySocials | None") -> "CompanySocials | None":
        """The company's LinkedIn page with its other profiles; None when none is known."""
        if known is not None:
            return replace(known, linkedin=linkedin)
        return (
            None
            if linkedin is None
            else cls(linkedin=linkedin, twitter=None, facebook=None, instagram=None, youtube=None)
        )

    @classmethod
    def from_row(cls, row: Row[Any]) -> Self:
        return cls(
            linkedin=None, twitter=row.twitter, facebook=row.facebook, instagram=row.instagram, youtube=row.youtube
        )


@strawberry.type(description="A funding round of a company (core.company_funding_rounds), in its source's order.")
class CompanyFundingRound:
    round_type: str | None = strawberry.field(name="type", description='The round as its source names it ("Seed").')
    round_date: date | None = strawberry.field(name="date")
    amount_usd: float | None
    investors: list[str] = strawberry.field(description="Investor names as the source lists them.")

    @classmethod
    def from_row(cls, row: Row[Any]) -> Self:
        return cls(
            round_type=row.round_type,
            round_date=row.round_date,
            amount_usd=row.amount_usd,
            investors=list(row.investors),
        )


@strawberry.type(description="A company's funding (core.company_funding): total raised, last round, every round.")
class CompanyFunding:
    company_domain: strawberry.Private[str]
    total_raised_usd: float | None
    last_round_type: str | None
    last_round_date: date | None

    @strawberry.field(description="Every known round, in its source's order.")
    async def rounds(self, info: Info) -> list[CompanyFundingRound]:
        return await info.context.loader(FundingRoundsByCompanyLoader).load(self.company_domain)

    @classmethod
    def from_row(cls, row: Row[Any]) -> Self:
        return cls(
            company_domain=row.company_domain,
            total_raised_usd=row.total_raised_usd,
            last_round_type=row.last_round_type,
            last_round_date=row.last_round_date,
        )


def select_socials_by_company(domains: Sequence[str]) -> Select[Any]:
    return select(SOCIALS).where(SOCIALS.c.company_domain == any_text(domains))


def select_funding_by_company(domains: Sequence[str]) -> Select[Any]:
    return select(FUNDING).where(FUNDING.c.company_domain == any_text(domains))


def select_funding_rounds_by_company(domains: Sequence[str]) -> Select[Any]:
    return (
        select(ROUNDS)
        .where(ROUNDS.c.company_domain == any_text(domains))
        .order_by(ROUNDS.c.company_domain, ROUNDS.c.position)
    )


class _OnePerCompanyLoader(Loader[str, V | None], Generic[V]):
    """At most one row per company domain, made a domain object (None without a row)."""

    def select(self, keys: list[str]) -> Select[Any]:
        raise NotImplementedError

    def make(self, row: Row[Any]) -> V:
        raise NotImplementedError

    async def load_batch(self, keys: list[str]) -> list[V | None]:
        found = {r.company_domain: self.make(r) for r in await fetch(self.context.engine, self.select(keys))}
        return [found.get(k) for k in keys]


class SocialsByCompanyLoader(_OnePerCompanyLoader[CompanySocials]):
    def select(self, keys: list[str]) -> Select[Any]:
        return select_socials_by_company(keys)

    def make(self, row: Row[Any]) -> CompanySocials:
        return CompanySocials.from_row(row)


class FundingByCompanyLoader(_OnePerCompanyLoader[CompanyFunding]):
    def select(self, keys: list[str]) -> Select[Any]:
        return select_funding_by_company(keys)

    def make(self, row: Row[Any]) -> CompanyFunding:
        return CompanyFunding.from_row(row)


class FundingRoundsByCompanyLoader(GroupedLoader[str, CompanyFundingRound]):
    key = "company_domain"

    def select(self, keys: list[str]) -> Select[Any]:
        return select_funding_rounds_by_company(keys)

    def make(self, row: Row[Any]) -> CompanyFundingRound:
        return CompanyFundingRound.from_row(row)
