"""Clay "find companies": name, domain, LinkedIn URL, size, industry, location, country, annual
revenue and funding range (kept as the text Clay shows, e.g. "$10M - $50M"), LinkedIn and Clay ids, type,
industries, the domain Clay resolved, its derived datapoints and the Clay table's URL."""

from typing import ClassVar, Literal

from ingest.sources.base import (
    ClayPayload,
    Domain,
    Json,
    OptDomain,
    OptLinkedinUrl,
    Source,
    Text,
    TextList,
    alias,
    required,
)
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
    linkedin_company_id: Text = alias("linkedin_company_id", "linkedin_id")
    clay_company_id: Text = alias("clay_company_id", "company_id")
    company_type: Text = alias("type", "company_type")
    industries: TextList = alias("industries", default=[])
    resolved_domain: OptDomain = alias("resolved_domain")
    derived_datapoints: Json = alias("derived_datapoints")
    clay_table_url: Text = alias("clay_table_url")


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
            linkedin_company_id=p.linkedin_company_id,
            clay_company_id=p.clay_company_id,
            company_type=p.company_type,
            industries=p.industries or None,
            resolved_domain=p.resolved_domain,
            derived_datapoints=p.derived_datapoints,
            clay_table_url=p.clay_table_url,
        )
    ]


SOURCE = Source("company_discovery", Payload, extract, tables=(extracted.CompanyDiscovery,), version=2)
