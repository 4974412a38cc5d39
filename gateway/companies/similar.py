"""SimilarCompany: one type for a company found similar to another, wherever the API answers one.

`Company.similarCompanies` reads the warehouse (core.company_similar_companies); a batch's results and
`findSimilarCompanies` read what CompanyEnrich answered (extracted.company_enrich_similar). Both are
the same thing to a client: a domain, what is known of it, a score, and the warehouse's record.
"""

from collections.abc import Awaitable
from typing import TYPE_CHECKING, Annotated, Any, Self

import strawberry
from sqlalchemy import Row

from gateway.companies.loaders import CompanyByDomainLoader
from gateway.context import Info

if TYPE_CHECKING:
    from gateway.companies.types import Company

_SOURCE = (
    "CompanyEnrich's in batch results and findSimilarCompanies; the warehouse's (core.companies) under "
    "Company.similarCompanies, null when the warehouse does not have the company."
)


@strawberry.type(description="A company found similar to another one, best first wherever it is listed.")
class SimilarCompany:
    domain: str
    name: str | None
    industry: str | None = strawberry.field(description=f"The similar company's industry: {_SOURCE}")
    description: str | None = strawberry.field(description=f"The similar company's description: {_SOURCE}")
    similarity_score: float | None = strawberry.field(description="Similarity score (higher is closer).")

    @strawberry.field(deprecation_reason="Use similarityScore.")
    def score(self) -> float | None:
        return self.similarity_score

    @strawberry.field(
        graphql_type=Annotated["Company", strawberry.lazy("gateway.companies.types")] | None,
        description="The warehouse's record of this company (core.companies), when it has one.",
    )
    def company(self, info: Info) -> "Awaitable[Company | None]":
        return info.context.loader(CompanyByDomainLoader).load(self.domain)

    @classmethod
    def from_core(cls, row: Row[Any]) -> Self:
        """A row of `select_similar_by_company` (gateway/companies/loaders.py)."""
        return cls(
            domain=row.similar_domain,
            name=row.similar_name,
            industry=row.industry,
            description=row.description,
            similarity_score=row.similarity_score,
        )
