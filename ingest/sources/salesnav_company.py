"""SalesNav companies (LEGACY-PAYLOADS 1d), flat, or the company columns of a SalesNav export row (1a).

1d sends ``company_name, linkedin_url, linkedin_urn, domain, description, industries,
registered_address_raw, headcount``; an export row the same under its column names (``"Company"``,
``"Company website"``, ``"LinkedIn URL (company)"``, ...), usually under ``raw_payload``. Headcount may
carry commas ("1,200"). The company is known by its domain or only by its LinkedIn URL (``""`` for
the other); a name alone cannot place it and is rejected.
"""

from ingest.sources.base import CompanyPayload, DomainIfSent, Int, OptLinkedinUrl, Source, Text, alias
from models import extracted


class Payload(CompanyPayload):
    company_domain: DomainIfSent = alias("domain", "company_domain", "Company website")
    company_linkedin_url: OptLinkedinUrl = alias("linkedin_url", "company_linkedin_url", "LinkedIn URL (company)")
    company_name: Text = alias("company_name", "Company")
    linkedin_urn: Text = alias("linkedin_urn", "Linkedin company profile URN")
    description: Text = alias("description", "Company description")
    headcount: Int = alias("headcount", "Company headcount")
    industries: Text = alias("industries", "Company industries")
    registered_address_raw: Text = alias("registered_address_raw", "Company registered address")


def extract(p: Payload) -> list[extracted.SalesnavCompany]:
    return [
        extracted.SalesnavCompany(
            company_domain=p.company_domain or "",
            company_linkedin_url=p.company_linkedin_url or "",
            company_name=p.company_name,
            linkedin_urn=p.linkedin_urn,
            description=p.description,
            headcount=p.headcount,
            industries=p.industries,
            registered_address_raw=p.registered_address_raw,
        )
    ]


SOURCE = Source("salesnav_company", Payload, extract, tables=(extracted.SalesnavCompany,))
