"""Clay company enrichment: name, website, LinkedIn URL, industry, size ("51-200 employees"),
locality, ``locations[{is_primary, city, state, country}]``, description, specialties (list or CSV)."""

from typing import Annotated, ClassVar, Literal

from pydantic import BeforeValidator

from ingest.sources.base import (
    ClayPayload,
    Domain,
    Flag,
    Int,
    Lenient,
    OptLinkedinUrl,
    Source,
    Text,
    TextList,
    alias,
    as_objects,
    required,
)
from models import extracted


class Location(Lenient):
    is_primary: Flag = alias("is_primary", "isPrimary", "primary")
    city: Text = alias("city", "locality")
    state: Text = alias("state", "geographic_area", "region")
    country: Text = alias("country", "country_name")


class Payload(ClayPayload):
    subject_field: ClassVar[str] = "company_domain"
    subject_kind: ClassVar[Literal["domain", "linkedin"]] = "domain"

    company_domain: Domain = required("company_domain", "domain", "website", "company_website")
    name: Text = alias("name", "company_name")
    website: Text = alias("website", "company_website")
    linkedin_url: OptLinkedinUrl = alias("linkedin_url", "company_linkedin_url", "url")
    industry: Text = alias("industry", "industries")
    size: Text = alias("size", "employee_range", "company_size")
    employee_count: Int = alias("employee_count", "employees", "employeeCount")
    locality: Text = alias("locality", "location", "headquarters")
    country: Text = alias("country", "country_name")
    locations: Annotated[list[Location], BeforeValidator(as_objects)] = alias("locations", default=[])
    description: Text = alias("description", "about")
    tagline: Text = alias("tagline", "slogan")
    specialties: TextList = alias("specialties", "specialities", default=[])
    founded_year: Int = alias("founded_year", "founded", "year_founded")

    def primary_location(self) -> Location | None:
        primary = (place for place in self.locations if place.is_primary)
        return next(primary, self.locations[0] if self.locations else None)


def extract(p: Payload) -> list[extracted.CompanyFirmographics]:
    place = p.primary_location() or Location()
    return [
        extracted.CompanyFirmographics(
            company_domain=p.company_domain,
            name=p.name,
            website=p.website,
            linkedin_url=p.linkedin_url,
            industry=p.industry,
            size=p.size,
            employee_count=p.employee_count,
            locality=p.locality,
            description=p.description,
            tagline=p.tagline,
            specialties=p.specialties or None,
            founded_year=p.founded_year,
            city=place.city,
            state=place.state,
            country=place.country or p.country,
        )
    ]


SOURCE = Source("company_firmographics", Payload, extract, tables=(extracted.CompanyFirmographics,))
