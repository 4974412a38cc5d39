"""Clay's title enrichment of a person (LEGACY-PAYLOADS 9, ``ingest_ppl_title_enrich``), flat.

``{linkedin_url, workflow_slug, <person_discovery's fields>, clay_company_table_id,
clay_company_record_id, city, state, country, has_city, has_state, has_country, cleaned_job_title,
seniority_level, job_function, clay_table_url}``. The person fields land in `person_discovery`'s table
through its extract; the parsed location in `person_locations_parsed`; the enrichment of the latest
title in `person_title_enrichments`, where it beats the title lookup in core.
"""

from typing import Any

from ingest.sources import person_discovery
from ingest.sources.base import Source, Text, alias
from ingest.sources.parsed_variants import LocationPartsField, Variant, person_location, rename, variant_rows
from models import extracted
from models.base import Base

# the flat location parts are read as one object, like the other variants' nested ones
PARTS = "_location_parts"


class Payload(Variant, person_discovery.Payload):
    source_name = "person_title_enrichment"
    base = person_discovery.SOURCE
    base_keys = ("linkedin_url", "clay_table_url")
    needs = "cleaned_job_title, seniority_level, job_function, city, state, country or a person field"

    workflow_slug: Text = alias("workflow_slug")
    cleaned_job_title: Text = alias("cleaned_job_title")
    seniority_level: Text = alias("seniority_level", "seniority")
    job_function: Text = alias("job_function")
    location_parts: LocationPartsField = alias(PARTS)

    @classmethod
    def prepare(cls, data: dict[str, Any]) -> dict[str, Any]:
        data = rename(
            data, {"clay_company_table_id": "company_table_id", "clay_company_record_id": "company_record_id"}
        )
        return super().prepare({**data, PARTS: data})

    def own_rows(self) -> list[Base]:
        rows = person_location(
            self.source_name, self.linkedin_url, self.location_parts, self.workflow_slug, self.clay_table_url
        )
        if self.cleaned_job_title or self.seniority_level or self.job_function:
            rows.append(
                extracted.PersonTitleEnrichment(
                    linkedin_url=self.linkedin_url,
                    latest_title=self.latest_title,
                    cleaned_job_title=self.cleaned_job_title,
                    seniority_level=self.seniority_level,
                    job_function=self.job_function,
                    workflow_slug=self.workflow_slug,
                    clay_table_url=self.clay_table_url,
                )
            )
        return rows


SOURCE = Source(
    Payload.source_name,
    Payload,
    variant_rows,
    tables=(extracted.PersonDiscovery, extracted.PersonLocationParsed, extracted.PersonTitleEnrichment),
)
