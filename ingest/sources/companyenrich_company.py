"""CompanyEnrich firmographics (LEGACY-PAYLOADS 3): ``{domain, raw_payload: <CompanyEnrich company>}``,
the company object possibly a JSON string, or the object flat with its ``domain``.

``domain`` is the key; every field of the company object lands (see `companyenrich`): one profile row
and one row per funding round, a re-sent company replacing its rounds. A body whose company object
holds none of CompanyEnrich's fields is rejected, as the old endpoint rejected one without ``raw_payload``.
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import model_validator
from pydantic_core import PydanticCustomError

from ingest.sources.base import ClayPayload, Domain, Source, required
from ingest.sources.companyenrich import Profile, funding_rounds
from models import extracted
from models.base import Base


class Payload(ClayPayload):
    subject_field: ClassVar[str] = "company_domain"
    subject_kind: ClassVar[Literal["domain", "linkedin"]] = "domain"

    company_domain: Domain = required("domain", "company_domain")
    company: Profile

    @classmethod
    def prepare(cls, data: dict[str, Any]) -> dict[str, Any]:
        # `raw_payload` is merged into the top level by then: the company object is the body itself
        return {**data, "company": data}

    @model_validator(mode="after")
    def _a_company(self) -> Payload:
        if not self.company.sent:
            raise PydanticCustomError("missing", "raw_payload holds none of the CompanyEnrich company's fields")
        return self


def extract(p: Payload) -> list[Base]:
    domain = p.company_domain
    return [
        extracted.CompanyEnrichCompany(company_domain=domain, **p.company.columns()),
        *funding_rounds(p.company, extracted.CompanyEnrichFundingRound, company_domain=domain),
    ]


SOURCE = Source(
    "companyenrich_company",
    Payload,
    extract,
    tables=(extracted.CompanyEnrichCompany, extracted.CompanyEnrichFundingRound),
    replaces=(extracted.CompanyEnrichFundingRound.company_domain,),
)
