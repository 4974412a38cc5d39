"""Apollo companies (LEGACY-PAYLOADS 10): ``ingest_apollo_companies_cleaned`` (``apollo_company_url``,
``company_name``, ``company_headcount``, ``industry``), and the company columns of the other Apollo
shapes (the instant-data record, the scrape row with its firmographics), read by `ingest.sources.apollo`.

The company is known by its domain (or website), LinkedIn URL or Apollo company URL; a body with
none of them is rejected with the reason.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import model_validator
from pydantic_core import PydanticCustomError

from ingest.sources.apollo import ApolloCompanyFields, company_row
from ingest.sources.base import ClayPayload, Source
from models import extracted


class Payload(ApolloCompanyFields, ClayPayload):
    subject_field: ClassVar[str] = "company_domain"
    subject_kind: ClassVar[Literal["domain", "linkedin"]] = "domain"

    @property
    def subject(self) -> str:
        return self.company_key or ""

    @model_validator(mode="after")
    def _a_company(self) -> Payload:
        if not self.company_key:
            raise PydanticCustomError(
                "missing",
                "a company domain (domain or company_website_full), company_linkedin_link or apollo_company_url"
                " is required",
            )
        return self


def extract(p: Payload) -> list[extracted.ApolloCompany]:
    return company_row(p)


SOURCE = Source("apollo_company", Payload, extract, tables=(extracted.ApolloCompany,))
