"""Clay "find companies": name, domain, LinkedIn URL, size, industry, location, country, annual
revenue and funding range (kept as the text Clay shows, e.g. "$10M - $50M")."""

from typing import ClassVar, Literal

from ingest.sources.base import ClayPayload, Domain, OptLinkedinUrl, Source, Text, alias, required
from models import extracted


class Payload(ClayPayload):
    subject_field: ClassVar[str] = "domain"
    subject_kind: ClassVar[Literal["domain", "linkedin"]] = "domain"

    domain: Domain = required("domain", "company_domain", "website")
    name: Text = alias("name", "company_name")
    linkedin_url: OptLinkedinUrl = alias("linkedin_url", "company_linkedin_url", "linkedin_company_url")
    size: Text = alias("size", "employee_range", "company_size", "employee_count")
    industry: Text = alias("industry", "primary_industry")
    location: Text = alias("location", "locality", "headquarters")
    country: Text = alias("country", "country_name")
    annual_revenue: Text = alias("annual_revenue", "revenue", "annual_revenue_range")
    funding_range: Text = alias("funding_range", "total_funding_amount_range_usd", "total_funding_range", "funding")
    description: Text = alias("description", "about")


def extract(p: Payload) -> list[extracted.CompanyDiscovery]:
    return [
        extracted.CompanyDiscovery(
            domain=p.domain,
            name=p.name,
            linkedin_url=p.linkedin_url,
            size=p.size,
            industry=p.industry,
            location=p.location,
            country=p.country,
            annual_revenue=p.annual_revenue,
            funding_range=p.funding_range,
            description=p.description,
        )
    ]


SOURCE = Source("company_discovery", Payload, extract, tables=(extracted.CompanyDiscovery,))
