"""Signal: a person changed company. Keys: ``person_linkedin_url, full_name,
previous_company_domain, new_company_domain, new_title, start_date``."""

from typing import ClassVar, Literal

from ingest.sources.base import ClayPayload, Day, LinkedinUrl, OptDomain, Source, Text, alias, required
from models import extracted


class Payload(ClayPayload):
    subject_field: ClassVar[str] = "person_linkedin_url"
    subject_kind: ClassVar[Literal["domain", "linkedin"]] = "linkedin"

    person_linkedin_url: LinkedinUrl = required("person_linkedin_url", "linkedin_url", "profile_url")
    full_name: Text = alias("full_name", "name", "person_name")
    previous_company_domain: OptDomain = alias("previous_company_domain", "previous_domain", "old_company_domain")
    new_company_domain: OptDomain = alias("new_company_domain", "company_domain", "new_domain")
    new_title: Text = alias("new_title", "title", "job_title")
    start_date: Day = alias("start_date", "started_at", "new_start_date", "date")


def extract(p: Payload) -> list[extracted.SignalJobChange]:
    return [
        extracted.SignalJobChange(
            person_linkedin_url=p.person_linkedin_url,
            full_name=p.full_name,
            previous_company_domain=p.previous_company_domain,
            # part of the natural key: "" for unknown, so one unknown value does not fork rows
            new_company_domain=p.new_company_domain or "",
            new_title=p.new_title or "",
            start_date=p.start_date,
        )
    ]


SOURCE = Source("signal_job_change", Payload, extract, tables=(extracted.SignalJobChange,))
