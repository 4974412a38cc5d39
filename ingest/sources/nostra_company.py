"""Nostra e-commerce companies (LEGACY-PAYLOADS 10, ``ingest_nostra_ecom_company``): ``name``,
``domain``, ``linkedin_url``, ``description``, ``city``, ``state``, ``country``, ``workflow_slug``.

Known by its domain or only by its LinkedIn URL (``""`` for the other); a name alone is rejected.
"""

from ingest.sources.base import CompanyPayload, DomainIfSent, OptLinkedinUrl, Source, Text, alias
from models import extracted


class Payload(CompanyPayload):
    company_domain: DomainIfSent = alias("domain", "company_domain")
    company_linkedin_url: OptLinkedinUrl = alias("linkedin_url", "company_linkedin_url")
    name: Text = alias("name", "company_name")
    description: Text = alias("description")
    city: Text = alias("city")
    state: Text = alias("state")
    country: Text = alias("country")
    workflow_slug: Text = alias("workflow_slug")


def extract(p: Payload) -> list[extracted.NostraCompany]:
    return [
        extracted.NostraCompany(
            company_domain=p.company_domain or "",
            company_linkedin_url=p.company_linkedin_url or "",
            name=p.name,
            description=p.description,
            city=p.city,
            state=p.state,
            country=p.country,
            workflow_slug=p.workflow_slug,
        )
    ]


SOURCE = Source("nostra_company", Payload, extract, tables=(extracted.NostraCompany,))
