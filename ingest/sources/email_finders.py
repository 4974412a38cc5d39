"""What the three email-finder sources share (LEGACY-PAYLOADS 2): the Clay row's person and company
context around one vendor response, and the `extracted.person_emails` row they all fill.

The old endpoints took ``{first_name, last_name, full_name, person_linkedin_url, company_name, domain,
company_linkedin_url, workflow_slug, clay_table_url, <vendor>_raw_payload: {...}}``; the vendor object
may arrive as a JSON string, the whole body under ``raw_payload``. A body is rejected without a vendor
response holding any of its fields, or without a person: a LinkedIn URL, or a name at a company domain.
A person LinkedIn URL that is sent but is none is rejected too, rather than dropped.
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import model_validator
from pydantic_core import PydanticCustomError

from ingest.sources.base import ClayPayload, DomainIfSent, Lenient, LinkedinUrlIfSent, OptLinkedinUrl, Text, alias
from models import extracted


def _holds(value: object) -> bool:
    if isinstance(value, dict):
        return any(_holds(v) for v in value.values())
    return value not in (None, [], "")


class VendorResponse(Lenient):
    """A vendor's answer; `sent` is False when it holds none of the fields the source reads."""

    @property
    def sent(self) -> bool:
        return _holds(self.model_dump())


class EmailFinderPayload(ClayPayload):
    subject_field: ClassVar[str] = "person_linkedin_url"
    subject_kind: ClassVar[Literal["domain", "linkedin"]] = "linkedin"
    vendor_field: ClassVar[str]

    person_linkedin_url: LinkedinUrlIfSent = alias("person_linkedin_url", "linkedin_url")
    first_name: Text = alias("first_name")
    last_name: Text = alias("last_name")
    full_name: Text = alias("full_name")
    company_name: Text = alias("company_name")
    company_domain: DomainIfSent = alias("domain", "company_domain")
    company_linkedin_url: OptLinkedinUrl = alias("company_linkedin_url")
    workflow_slug: Text = alias("workflow_slug")
    clay_table_url: Text = alias("clay_table_url")
    response: VendorResponse

    @property
    def name(self) -> str | None:
        return self.full_name or " ".join(n for n in (self.first_name, self.last_name) if n) or None

    @property
    def person_key(self) -> str:
        return self.person_linkedin_url or f"{self.company_domain} {(self.name or '').lower()}"

    @property
    def subject(self) -> str:
        return self.person_linkedin_url or self.company_domain or ""

    @model_validator(mode="after")
    def _a_person_and_an_answer(self) -> EmailFinderPayload:
        if not self.response.sent:
            raise PydanticCustomError(
                "missing", "{field} holds none of the vendor's fields", {"field": self.vendor_field}
            )
        if not (self.person_linkedin_url or (self.name and self.company_domain)):
            raise PydanticCustomError(
                "missing",
                "a person_linkedin_url, or a name (full_name or first_name/last_name) with a domain, is required",
            )
        return self


def person_email(source: str, p: EmailFinderPayload, email: str | None, **vendor: Any) -> extracted.PersonEmail:
    """The row of one email (``""`` when the vendor found none) with the Clay row's context."""
    return extracted.PersonEmail(
        source=source,
        person_key=p.person_key,
        email=(email or "").lower(),
        person_linkedin_url=p.person_linkedin_url,
        first_name=p.first_name,
        last_name=p.last_name,
        full_name=p.name,
        company_name=p.company_name,
        company_domain=p.company_domain,
        company_linkedin_url=p.company_linkedin_url,
        workflow_slug=p.workflow_slug,
        clay_table_url=p.clay_table_url,
        **vendor,
    )
