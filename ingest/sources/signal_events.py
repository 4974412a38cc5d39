"""What the Clay signal sources share: the v2 (multi-tenant) event wrappers and their person fields.

A v2 signal arrives as ``{client_domain, <settings>, raw_<kind>_payload: {origin, confidence, ...,
fullProfile: {..., latest_experience: {...}}}}``. `event_paths` maps the event's nested paths onto the
field names the v1 payloads use at the top level, so one payload model reads both shapes.
"""

from typing import Any

from ingest.sources.base import FirstDomain, Flag, Json, Lenient, Text, alias
from models import extracted


def event_paths(wrapper: str, fields: dict[str, str]) -> dict[str, str]:
    """Dotted paths under `wrapper` -> field names: the common event fields plus the kind's own `fields`."""
    common = {
        "origin.tableId": "origin_table_id",
        "origin.recordId": "origin_record_id",
        "confidence": "confidence",
        "reducedConfidenceReasons": "reduced_confidence_reasons",
        "isInitialCheck": "is_initial_check",
        "fullProfile.url": "person_linkedin_url",
        "fullProfile.name": "full_name",
        "fullProfile.first_name": "first_name",
        "fullProfile.last_name": "last_name",
        "fullProfile.slug": "person_slug",
        "fullProfile.title": "person_title",
        "fullProfile.headline": "person_headline",
        "fullProfile.location_name": "person_location",
        "fullProfile.country": "person_country",
    }
    return {f"{wrapper}.{path}": name for path, name in (common | fields).items()}


class EventFields(Lenient):
    """The event's own fields; `client_domain` is "" for a v1 (single-tenant) signal."""

    client_domain: FirstDomain = alias("client_domain")
    confidence: Text = alias("confidence")
    reduced_confidence_reasons: Json = alias("reduced_confidence_reasons", "reducedConfidenceReasons")
    is_initial_check: Flag = alias("is_initial_check", "isInitialCheck")
    origin_table_id: Text = alias("origin_table_id")
    origin_record_id: Text = alias("origin_record_id")

    def event_columns(self) -> dict[str, Any]:
        return {
            "client_domain": self.client_domain or "",
            "confidence": self.confidence,
            "reduced_confidence_reasons": self.reduced_confidence_reasons,
            "is_initial_check": self.is_initial_check,
            "origin_table_id": self.origin_table_id,
            "origin_record_id": self.origin_record_id,
        }


class PersonFields(Lenient):
    full_name: Text = alias("full_name", "name", "person_name")
    first_name: Text = alias("first_name")
    last_name: Text = alias("last_name")
    person_slug: Text = alias("person_slug")
    person_title: Text = alias("person_title")
    person_headline: Text = alias("person_headline", "headline")
    person_location: Text = alias("person_location", "location_name")
    person_country: Text = alias("person_country")

    def person_columns(self) -> dict[str, Any]:
        return {column: getattr(self, column) for column in PERSON_COLUMNS}


PERSON_COLUMNS = tuple(c for c in vars(extracted.SignalPerson) if not c.startswith("_"))
