"""Clay "find people" with the location Clay parsed (LEGACY-PAYLOADS 9, ``ingest_clay_find_ppl_lctn_prsd``).

``{linkedin_url, workflow_slug, raw_person_payload: {<person_discovery's fields>},
raw_person_parsed_location_payload: {city, state, country, hasCity, hasState, hasCountry},
clay_table_url}``; either object may be a JSON string. The person fields land in `person_discovery`'s
table through its extract; the parsed location in `person_locations_parsed`, where it beats the
free-text location in core.
"""

from typing import Any

from ingest.sources import person_discovery
from ingest.sources.base import Source, Text, alias, unwrap
from ingest.sources.parsed_variants import LocationPartsField, Variant, person_location, variant_rows
from models import extracted
from models.base import Base


class Payload(Variant, person_discovery.Payload):
    source_name = "person_location_parsed"
    base = person_discovery.SOURCE
    base_keys = ("linkedin_url", "clay_table_url")
    needs = "raw_person_payload (person fields), raw_person_parsed_location_payload (city, state, country)"

    workflow_slug: Text = alias("workflow_slug")
    location_parts: LocationPartsField = alias("raw_person_parsed_location_payload")

    @classmethod
    def prepare(cls, data: dict[str, Any]) -> dict[str, Any]:
        return super().prepare(unwrap(data, "raw_person_payload"))

    def own_rows(self) -> list[Base]:
        return person_location(
            self.source_name, self.linkedin_url, self.location_parts, self.workflow_slug, self.clay_table_url
        )


SOURCE = Source(
    Payload.source_name,
    Payload,
    variant_rows,
    tables=(extracted.PersonDiscovery, extracted.PersonLocationParsed),
)
