"""Signal: a company hired someone. Keys: ``company_domain | company_linkedin_url, company_name,
person_linkedin_url, full_name, title, start_date``.

The company is known by its domain or only by its LinkedIn URL; the person may be absent (the old
Clay table sent the company alone). A hire known only by the company's LinkedIn URL is kept with
``company_domain = ""``: the core build finds the domain through core.companies, now or in a later build.
"""

from ingest.sources.base import (
    CompanyPayload,
    Day,
    DomainIfSent,
    OptLinkedinUrl,
    Source,
    Text,
    alias,
)
from models import extracted


class Payload(CompanyPayload):
    company_domain: DomainIfSent = alias("company_domain", "domain", "company_website")
    company_linkedin_url: OptLinkedinUrl = alias("company_linkedin_url")
    company_name: Text = alias("company_name")
    person_linkedin_url: OptLinkedinUrl = alias("person_linkedin_url", "linkedin_url", "profile_url")
    full_name: Text = alias("full_name", "name", "person_name")
    title: Text = alias("title", "job_title", "new_title")
    start_date: Day = alias("start_date", "started_at", "hire_date", "date")


def extract(p: Payload) -> list[extracted.SignalNewHire]:
    return [
        extracted.SignalNewHire(
            company_domain=p.company_domain or "",
            company_linkedin_url=p.company_linkedin_url or "",
            company_name=p.company_name,
            person_linkedin_url=p.person_linkedin_url or "",
            full_name=p.full_name,
            title=p.title or "",
            start_date=p.start_date,
        )
    ]


SOURCE = Source("signal_new_hire", Payload, extract, tables=(extracted.SignalNewHire,), version=2)
