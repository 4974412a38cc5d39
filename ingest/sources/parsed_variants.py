"""What the pre-parsed / cleaned variants share (LEGACY-PAYLOADS 9): a location Clay split into parts,
and the rule that a variant lands the ordinary fields of the source it varies.

Each variant is a Clay row of an existing source (``company_discovery``, ``person_discovery``,
``salesnav_company``) plus what Clay parsed or enriched. Its payload model extends that source's model,
so the ordinary fields land in that source's table through that source's own `extract` (only when
sent: a bare key must not blank a row another body filled); the parsed parts land in the variant's
own table. A body holding neither is rejected, naming the fields it should have sent.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, ClassVar

from pydantic import BeforeValidator, model_validator
from pydantic_core import PydanticCustomError

from ingest.sources.base import ClayPayload, Flag, Lenient, Source, Text, alias, as_object
from models import extracted
from models.base import Base


class LocationParts(Lenient):
    """City / state / country as Clay parsed them, with its ``has*`` flags (camelCase or snake_case)."""

    city: Text = alias("city")
    state: Text = alias("state")
    country: Text = alias("country")
    has_city: Flag = alias("hasCity", "has_city")
    has_state: Flag = alias("hasState", "has_state")
    has_country: Flag = alias("hasCountry", "has_country")

    def columns(self) -> dict[str, Any]:
        """The parts as the columns of `extracted.ParsedLocation`; empty when nothing was sent."""
        values = self.model_dump()
        return values if any(v is not None for v in values.values()) else {}


# an object, a JSON string, or nothing usable ("" or a list: None, never a rejection)
LocationPartsField = Annotated[LocationParts | None, BeforeValidator(as_object)]


def location_columns(parts: LocationParts | None) -> dict[str, Any]:
    return parts.columns() if parts else {}


def person_location(
    source: str, linkedin_url: str, parts: LocationParts | None, workflow_slug: str | None, clay_table_url: str | None
) -> list[Base]:
    """The parsed-location row of a person variant, when any part was sent."""
    columns = location_columns(parts)
    if not columns:
        return []
    return [
        extracted.PersonLocationParsed(
            source=source,
            linkedin_url=linkedin_url,
            **columns,
            workflow_slug=workflow_slug,
            clay_table_url=clay_table_url,
        )
    ]


def rename(data: dict[str, Any], names: Mapping[str, str]) -> dict[str, Any]:
    """Copy values sent under a variant's own name (``company_headcount``) to the base source's name
    (``headcount``), unless the body also sent that name."""
    moved = {
        new: data[old] for old, new in names.items() if data.get(old) not in (None, "") and data.get(new) in (None, "")
    }
    return {**data, **moved}


def _holds_data(row: Base, keys: tuple[str, ...]) -> bool:
    return any(v is not None for k, v in vars(row).items() if not k.startswith("_") and k not in keys)


class Variant(ClayPayload):
    """A variant's payload: mixed in before the model of the source it varies (``base``)."""

    source_name: ClassVar[str]
    base: ClassVar[Source[Any]]
    # the base rows' columns that are no data of their own: keys and the Clay table's URL
    base_keys: ClassVar[tuple[str, ...]]
    # the fields named when a body holds none of them
    needs: ClassVar[str]

    def own_rows(self) -> list[Base]:
        """The variant's own rows: what Clay parsed or enriched."""
        return []

    def base_rows(self) -> list[Base]:
        """The base source's rows, when the body sent any of their fields."""
        return [row for row in self.base.extract(self) if _holds_data(row, self.base_keys)]

    @model_validator(mode="after")
    def _holds_something(self) -> Variant:
        if not (self.base_rows() or self.own_rows()):
            raise PydanticCustomError(
                "missing", "none of the fields this source reads was sent: {needs}", {"needs": self.needs}
            )
        return self


def variant_rows(p: Variant) -> list[Base]:
    """The extract of every variant: the base source's rows, then its own."""
    return [*p.base_rows(), *p.own_rows()]


__all__ = [
    "LocationParts",
    "LocationPartsField",
    "Variant",
    "location_columns",
    "person_location",
    "rename",
    "variant_rows",
]
