"""What the reference-feed sources share (LEGACY-PAYLOADS 15): a raw value and how Clay parsed it.

A feed row is about a raw title or location text, not a company or a person: the raw row's subject
is that text. A body without the raw text (or, for titles, without the cleaned title) is rejected.
The rows land in `extracted` like any source's; the next core build applies them to the reference
lookups (`ingest.core_build.remapped`), and only a part that maps to the vocabulary is taken.
"""

from __future__ import annotations

from typing import Annotated, ClassVar

from pydantic import AliasChoices, BeforeValidator
from pydantic_core import PydanticCustomError

from ingest.core_build.mapping import lookup_key
from ingest.normalize import clean_text, parse_json_maybe
from ingest.sources.base import ClayPayload, Flag, Text, alias, required, unwrap
from models import extracted


def _required_text(value: object) -> str:
    text = clean_text(value)
    if text is None:
        raise PydanticCustomError("missing", "Field required")
    return text


RequiredText = Annotated[str, BeforeValidator(_required_text)]


class LookupPayload(ClayPayload):
    """A payload whose subject is the raw text a lookup is keyed on."""

    subject_field: ClassVar[str]

    @property
    def key(self) -> str:
        return lookup_key(self.subject)

    @classmethod
    def guess_subject(cls, body: object) -> str | None:
        data = parse_json_maybe(body)
        if not isinstance(data, dict):
            return None
        names = cls.model_fields[cls.subject_field].validation_alias
        choices = names.choices if isinstance(names, AliasChoices) else [cls.subject_field]
        data = unwrap(data)
        return next((text for name in choices if isinstance(name, str) and (text := clean_text(data.get(name)))), None)


class LocationPayload(LookupPayload):
    """``{location_name, city, state, country, has_city, has_state, has_country}`` (Clay and hq-api alike)."""

    subject_field: ClassVar[str] = "location_name"

    location_name: RequiredText = required("location_name", "location", "location_raw")
    city: Text = alias("city")
    state: Text = alias("state")
    country: Text = alias("country")
    has_city: Flag = alias("has_city")
    has_state: Flag = alias("has_state")
    has_country: Flag = alias("has_country")


def location_row(source: str, p: LocationPayload) -> extracted.ReferenceLocation:
    return extracted.ReferenceLocation(
        source=source,
        raw_key=p.key,
        location_name=p.location_name,
        city=p.city,
        state=p.state,
        country=p.country,
        has_city=p.has_city,
        has_state=p.has_state,
        has_country=p.has_country,
    )
