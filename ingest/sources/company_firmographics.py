"""Clay company enrichment: name, website, LinkedIn URL, industry, size ("51-200 employees"),
locality, ``locations[{is_primary, city, state, country}]``, description, specialties (list or CSV),
and the LinkedIn page's slug, org id, Clay id, logo, type, follower count and refresh time.

The primary location (else the first) gives city/state/country; every location is kept as sent."""

from typing import Annotated, ClassVar, Literal

from pydantic import BeforeValidator

from ingest.sources.base import (
    ClayPayload,
    Domain,
    Flag,
    Int,
    Json,
    Lenient,
    Moment,
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
    linkedin_slug: Text = alias("slug", "linkedin_slug")
    linkedin_org_id: Text = alias("org_id", "linkedin_org_id")
    clay_company_id: Text = alias("company_id", "clay_company_id")
    logo_url: Text = alias("logo_url", "logo")
    company_type: Text = alias("type", "company_type")
    follower_count: Int = alias("follower_count", "followers", "followers_count")
    locations_sent: Json = alias("locations")
    last_refresh: Moment = alias("last_refresh", "last_refreshed_at")

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
            linkedin_slug=p.linkedin_slug,
            linkedin_org_id=p.linkedin_org_id,
            clay_company_id=p.clay_company_id,
            logo_url=p.logo_url,
            company_type=p.company_type,
            follower_count=p.follower_count,
            locations=p.locations_sent,
            last_refresh=p.last_refresh,
        )
    ]


SOURCE = Source("company_firmographics", Payload, extract, tables=(extracted.CompanyFirmographics,), version=2)
