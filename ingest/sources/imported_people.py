"""What the bulk-import people sources share (Apollo, Nostra; LEGACY-PAYLOADS 10): who the person is.

The old imports were flat rows of optional strings with no key at all. Here a person must be
identifiable: by a LinkedIn URL, a vendor's own person URL (Apollo's), an email, or a name at a
company domain; `person_key` is the first of those sent, so re-imports update one row. A body with
none of them is rejected with the reason; a person LinkedIn URL or a domain that is sent but is none
is too.
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import model_validator
from pydantic_core import PydanticCustomError

from ingest.sources.base import ClayPayload, DomainIfSent, LinkedinUrlIfSent, OptLinkedinUrl, Text, alias


class ImportedPersonPayload(ClayPayload):
    subject_field: ClassVar[str] = "person_linkedin_url"
    subject_kind: ClassVar[Literal["domain", "linkedin"]] = "linkedin"
    # the identities a source accepts, for the rejection message
    identities: ClassVar[str] = (
        "a person_linkedin_url, an email, or a name (full_name or first_name/last_name) with a domain"
    )

    person_linkedin_url: LinkedinUrlIfSent = alias("person_linkedin_url")
    first_name: Text = alias("first_name")
    last_name: Text = alias("last_name")
    full_name: Text = alias("full_name")
    email: Text = alias("email")
    company_name: Text = alias("company_name")
    company_domain: DomainIfSent = alias("domain", "company_domain")
    company_linkedin_url: OptLinkedinUrl = alias("company_linkedin_url")
    workflow_slug: Text = alias("workflow_slug")

    @property
    def name(self) -> str | None:
        return self.full_name or " ".join(n for n in (self.first_name, self.last_name) if n) or None

    @property
    def vendor_key(self) -> str | None:
        """The vendor's own person URL, for a source whose vendor has one."""
        return None

    @property
    def employer_domain(self) -> str | None:
        return self.company_domain

    @property
    def person_key(self) -> str | None:
        named = f"{self.employer_domain} {self.name.lower()}" if self.name and self.employer_domain else None
        return self.person_linkedin_url or self.vendor_key or (self.email or "").lower() or named

    @property
    def subject(self) -> str:
        return self.person_linkedin_url or self.employer_domain or ""

    @model_validator(mode="after")
    def _a_person(self) -> ImportedPersonPayload:
        if not self.person_key:
            raise PydanticCustomError("missing", "{identities} is required", {"identities": self.identities})
        return self

    def person_columns(self) -> dict[str, Any]:
        """The columns every imported person row has (`extracted.ImportedPerson`)."""
        return {
            "person_key": self.person_key,
            "linkedin_url": self.person_linkedin_url,
            "first_name": self.first_name,
            "last_name": self.last_name,
            "full_name": self.name,
            "email": self.email,
            "company_name": self.company_name,
            "company_domain": self.employer_domain,
            "company_linkedin_url": self.company_linkedin_url,
            "workflow_slug": self.workflow_slug,
        }
