"""Clay "find companies" with the location Clay parsed (LEGACY-PAYLOADS 9, ``ingest_clay_find_co_lctn_prsd``).

``{company_domain, workflow_slug, raw_company_payload: {<company_discovery's fields>},
raw_company_location_payload: {city, state, hasCity, hasState}, clay_table_url}``; either object may be
a JSON string. The company fields land in `company_discovery`'s table through its extract; the parsed
location (a ``country`` too, when sent) in `company_locations_parsed`, where it beats the free-text
location in core.
"""

from typing import Any

from ingest.sources import company_discovery
from ingest.sources.base import Domain, Source, Text, alias, required, unwrap
from ingest.sources.parsed_variants import LocationPartsField, Variant, location_columns, variant_rows
from models import extracted
from models.base import Base


class Payload(Variant, company_discovery.Payload):
    source_name = "company_location_parsed"
    base = company_discovery.SOURCE
    base_keys = ("domain", "clay_table_url")
    needs = "raw_company_payload (company fields), raw_company_location_payload (city, state, country)"

    # the outer key wins over a `domain` inside raw_company_payload
    domain: Domain = required("company_domain", "domain", "website")
    workflow_slug: Text = alias("workflow_slug")
    location_parts: LocationPartsField = alias("raw_company_location_payload")

    @classmethod
    def prepare(cls, data: dict[str, Any]) -> dict[str, Any]:
        return super().prepare(unwrap(data, "raw_company_payload"))

    def own_rows(self) -> list[Base]:
        parts = location_columns(self.location_parts)
        if not parts:
            return []
        return [
            extracted.CompanyLocationParsed(
                source=self.source_name,
                company_domain=self.domain,
                company_linkedin_url="",
                **parts,
                workflow_slug=self.workflow_slug,
                clay_table_url=self.clay_table_url,
            )
        ]


SOURCE = Source(
    Payload.source_name,
    Payload,
    variant_rows,
    tables=(extracted.CompanyDiscovery, extracted.CompanyLocationParsed),
)
