"""A company's technologies (core.company_technologies): the type, its SQL, its loader and the filter.

`TECHNOLOGIES` is what `CompanyFilter.technologies` and `LeadFilter.companyTechnologies` look
into: the company's rows whose case-folded name is any of the given names.
"""

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Self

import strawberry
from sqlalchemy import Row, Select, select

from gateway.lists.model import Related
from gateway.lists.values import any_text
from gateway.loading import GroupedLoader
from gateway.tables import CT


@strawberry.type(description="A technology a company uses, as one tech-stack source detected it.")
class CompanyTechnology:
    name: str
    category: str | None = strawberry.field(description="The source's first category for it.")
    source: str = strawberry.field(description="The ingest source: techstack_predictleads or techstack_builtwith.")
    first_seen_at: datetime | None
    last_seen_at: datetime | None

    @classmethod
    def from_row(cls, row: Row[Any]) -> Self:
        return cls(
            name=row.name,
            category=row.category,
            source=row.source,
            first_seen_at=row.first_seen_at,
            last_seen_at=row.last_seen_at,
        )


def select_technologies_by_company(domains: Sequence[str]) -> Select[Any]:
    return (
        select(CT)
        .where(CT.c.company_domain == any_text(domains))
        .order_by(CT.c.company_domain, CT.c.name_key, CT.c.source)
    )


class TechnologiesByCompanyLoader(GroupedLoader[str, CompanyTechnology]):
    key = "company_domain"

    def select(self, keys: list[str]) -> Select[Any]:
        return select_technologies_by_company(keys)

    def make(self, row: Row[Any]) -> CompanyTechnology:
        return CompanyTechnology.from_row(row)


# The technology rows of a company (the filtering field's SQL is its domain), matched by case-folded name.
TECHNOLOGIES = Related(CT.c.company_domain, CT.c.name_key, fold=str.lower)
