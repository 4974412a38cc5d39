"""A company name a Clay formula cleaned (LEGACY-PAYLOADS 9, ``ingest_cleaned_company_name``).

``{domain, original_company_name, cleaned_company_name}``, flat or under ``raw_payload``. The cleaned
name beats every raw name for ``core.companies.name``. Rejected without a domain, or without either name.
"""

from typing import ClassVar, Literal

from pydantic import model_validator
from pydantic_core import PydanticCustomError

from ingest.sources.base import ClayPayload, Domain, Source, Text, alias, required
from models import extracted


class Payload(ClayPayload):
    subject_field: ClassVar[str] = "domain"
    subject_kind: ClassVar[Literal["domain", "linkedin"]] = "domain"

    domain: Domain = required("domain", "company_domain", "website")
    original_company_name: Text = alias("original_company_name", "company_name")
    cleaned_company_name: Text = alias("cleaned_company_name", "cleaned_name")

    @model_validator(mode="after")
    def _a_name(self) -> "Payload":
        if not (self.cleaned_company_name or self.original_company_name):
            raise PydanticCustomError("missing", "a cleaned_company_name (or an original_company_name) is required")
        return self


def extract(p: Payload) -> list[extracted.CleanedCompanyName]:
    return [
        extracted.CleanedCompanyName(
            domain=p.domain,
            original_company_name=p.original_company_name,
            cleaned_company_name=p.cleaned_company_name,
        )
    ]


SOURCE = Source("company_cleaned_name", Payload, extract, tables=(extracted.CleanedCompanyName,))
