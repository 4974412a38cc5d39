"""Signal: a company hired someone. Keys: ``company_domain, person_linkedin_url, full_name, title,
start_date``."""

from typing import ClassVar, Literal

from ingest.sources.base import ClayPayload, Day, Domain, LinkedinUrl, Source, Text, alias, required
from models import extracted


class Payload(ClayPayload):
    subject_field: ClassVar[str] = "company_domain"
    subject_kind: ClassVar[Literal["domain", "linkedin"]] = "domain"

    company_domain: Domain = required("company_domain", "domain", "company_website")
    person_linkedin_url: LinkedinUrl = required("person_linkedin_url", "linkedin_url", "profile_url")
    full_name: Text = alias("full_name", "name", "person_name")
    title: Text = alias("title", "job_title", "new_title")
    start_date: Day = alias("start_date", "started_at", "hire_date", "date")


def extract(p: Payload) -> list[extracted.SignalNewHire]:
    return [
        extracted.SignalNewHire(
            company_domain=p.company_domain,
            person_linkedin_url=p.person_linkedin_url,
            full_name=p.full_name,
            title=p.title or "",
            start_date=p.start_date,
        )
    ]


SOURCE = Source("signal_new_hire", Payload, extract, tables=(extracted.SignalNewHire,))
