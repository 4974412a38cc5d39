"""Clay's parse of a person location text (LEGACY-PAYLOADS 15, `ingest_clay_person_location_lookup`).

Lands in `extracted.reference_locations`; the next core build writes it into `reference.location_lookup`,
which company and person locations both map through.
"""

from ingest.sources.base import Source
from ingest.sources.reference_lookups import LocationPayload, location_row
from models import extracted


def extract(p: LocationPayload) -> list[extracted.ReferenceLocation]:
    return [location_row(SOURCE.name, p)]


SOURCE = Source("reference_person_location", LocationPayload, extract, tables=(extracted.ReferenceLocation,))
