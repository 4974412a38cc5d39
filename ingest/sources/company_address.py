"""A company's registered address, for parsing (LEGACY-PAYLOADS 9, ``ingest_company_address_parsing``), flat.

``{company_name, linkedin_url, linkedin_urn, domain, company_description, company_industries,
company_headcount, company_registered_address, workflow_slug}``: the SalesNav company columns under
their ``company_*`` names. The old server parsed the address with Gemini; the gateway calls no LLM, so
the parts land when Clay sends them (``city``, ``state``, ``country``, ``has_*``, flat or under
``parsed_address``). The company fields land in `salesnav_companies` through `salesnav_company`'s
extract; the address and its parts in `company_locations_parsed`, where the parts beat a free-text
location in core. The company is known by its domain or only by its LinkedIn URL.
"""

from typing import Any

from ingest.sources import salesnav_company
from ingest.sources.base import Source, Text, alias
from ingest.sources.parsed_variants import LocationPartsField, Variant, location_columns, rename, variant_rows
from models import extracted
from models.base import Base

PARTS = "parsed_address"


class Payload(Variant, salesnav_company.Payload):
    source_name = "company_address"
    base = salesnav_company.SOURCE
    base_keys = ("company_domain", "company_linkedin_url")
    needs = (
        "company_registered_address, city, state, country, company_name, company_description, "
        "company_industries, company_headcount, linkedin_urn"
    )

    workflow_slug: Text = alias("workflow_slug")
    location_parts: LocationPartsField = alias(PARTS)

    @classmethod
    def prepare(cls, data: dict[str, Any]) -> dict[str, Any]:
        data = rename(
            data,
            {
                "company_description": "description",
                "company_industries": "industries",
                "company_headcount": "headcount",
                "company_registered_address": "registered_address_raw",
            },
        )
        return super().prepare(data if data.get(PARTS) not in (None, "") else {**data, PARTS: data})

    def own_rows(self) -> list[Base]:
        parts = location_columns(self.location_parts)
        if not (parts or self.registered_address_raw):
            return []
        return [
            extracted.CompanyLocationParsed(
                source=self.source_name,
                company_domain=self.company_domain or "",
                company_linkedin_url=self.company_linkedin_url or "",
                registered_address=self.registered_address_raw,
                **parts,
                workflow_slug=self.workflow_slug,
            )
        ]


SOURCE = Source(
    Payload.source_name,
    Payload,
    variant_rows,
    tables=(extracted.SalesnavCompany, extracted.CompanyLocationParsed),
)
