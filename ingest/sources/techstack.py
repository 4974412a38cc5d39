"""What the two tech-stack sources share (LEGACY-PAYLOADS 6): the company around one vendor answer,
and the `extracted.company_technologies` row both fill.

The old endpoints took ``{domain, clay_table_url, <vendor>_payload}``, the vendor answer either an
object holding the list (``{technologies: [...], total_count}``, ``{matchesFound: [...], ...}``) or
the bare list, possibly as a JSON string. A body is rejected without a domain, or without any
technology that has a name (items without one are skipped, as the old system did).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar, Literal

from pydantic import model_validator
from pydantic_core import PydanticCustomError

from ingest.sources.base import ClayPayload, Domain, Int, Lenient, Text, alias, as_object, as_objects, required
from models import extracted


def vendor_answer(list_key: str) -> Callable[[object], dict[str, Any]]:
    """A before-validator: the vendor's object, or its bare list wrapped as ``{list_key: [...]}``."""

    def read(value: object) -> dict[str, Any]:
        found = as_object(value)
        if found is not None:
            return {**found, list_key: as_objects(found.get(list_key))}
        return {list_key: as_objects(value)}

    return read


class Technology(Lenient):
    """One detected technology; a vendor's item model declares its own key names."""

    name: Text = None

    def columns(self) -> dict[str, Any]:
        raise NotImplementedError


class VendorAnswer(Lenient):
    total: Int = None

    @property
    def technologies(self) -> Sequence[Technology]:
        raise NotImplementedError


class TechstackPayload(ClayPayload):
    subject_field: ClassVar[str] = "company_domain"
    subject_kind: ClassVar[Literal["domain", "linkedin"]] = "domain"
    vendor_field: ClassVar[str]

    company_domain: Domain = required("domain", "company_domain")
    clay_table_url: Text = alias("clay_table_url")
    answer: VendorAnswer

    @model_validator(mode="after")
    def _a_technology(self) -> TechstackPayload:
        if not any(t.name for t in self.answer.technologies):
            raise PydanticCustomError(
                "missing", "{field} holds no technology with a name", {"field": self.vendor_field}
            )
        return self


def technology_rows(source: str, p: TechstackPayload) -> list[extracted.CompanyTechnology]:
    """A row per named technology (the first of a name wins), with the company and the vendor's total."""
    return [
        extracted.CompanyTechnology(
            source=source,
            company_domain=p.company_domain,
            technology_name=t.name,
            reported_total=p.answer.total,
            clay_table_url=p.clay_table_url,
            **t.columns(),
        )
        for t in p.answer.technologies
        if t.name
    ]
