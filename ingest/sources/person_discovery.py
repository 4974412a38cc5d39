"""Clay "find people": LinkedIn URL, names, location_name, company domain and the latest title,
company and start date (flat ``latest_experience_*`` columns or a ``latest_experience`` object), the
company's Clay table/record ids, and the names a Clay formula cleaned (``cleaned_*``, at the top level of
a wrapped payload: they beat the raw names in core)."""

from typing import Any, ClassVar, Literal

from ingest.normalize import parse_json_maybe
from ingest.sources.base import ClayPayload, Day, LinkedinUrl, OptDomain, Source, Text, alias, required
from models import extracted


class Payload(ClayPayload):
    subject_field: ClassVar[str] = "linkedin_url"
    subject_kind: ClassVar[Literal["domain", "linkedin"]] = "linkedin"

    linkedin_url: LinkedinUrl = required("linkedin_url", "person_linkedin_url", "profile_url", "url")
    first_name: Text = alias("first_name", "firstName")
    last_name: Text = alias("last_name", "lastName")
    full_name: Text = alias("full_name", "name", "fullName")
    location_name: Text = alias("location_name", "location")
    company_domain: OptDomain = alias("domain", "company_domain", "company_website")
    latest_title: Text = alias("latest_experience_title", "latest_title", "job_title", "title")
    latest_company: Text = alias("latest_experience_company", "latest_company", "company_name", "company")
    latest_start_date: Day = alias("latest_experience_start_date", "latest_start_date", "start_date")
    cleaned_first_name: Text = alias("cleaned_first_name")
    cleaned_last_name: Text = alias("cleaned_last_name")
    cleaned_full_name: Text = alias("cleaned_full_name")
    company_table_id: Text = alias("company_table_id")
    company_record_id: Text = alias("company_record_id")
    clay_table_url: Text = alias("clay_table_url")

    @classmethod
    def prepare(cls, data: dict[str, Any]) -> dict[str, Any]:
        latest = parse_json_maybe(data.get("latest_experience"))
        if not isinstance(latest, dict):
            return data
        flat = {
            "latest_experience_title": latest.get("title"),
            "latest_experience_company": latest.get("company") or latest.get("company_name"),
            "latest_experience_start_date": latest.get("start_date"),
        }
        return {**{k: v for k, v in flat.items() if v not in (None, "")}, **data}


def extract(p: Payload) -> list[extracted.PersonDiscovery]:
    full_name = p.full_name or " ".join(n for n in (p.first_name, p.last_name) if n) or None
    return [
        extracted.PersonDiscovery(
            linkedin_url=p.linkedin_url,
            first_name=p.first_name,
            last_name=p.last_name,
            full_name=full_name,
            location_name=p.location_name,
            company_domain=p.company_domain,
            latest_title=p.latest_title,
            latest_company=p.latest_company,
            latest_start_date=p.latest_start_date,
            cleaned_first_name=p.cleaned_first_name,
            cleaned_last_name=p.cleaned_last_name,
            cleaned_full_name=p.cleaned_full_name,
            company_table_id=p.company_table_id,
            company_record_id=p.company_record_id,
            clay_table_url=p.clay_table_url,
        )
    ]


SOURCE = Source("person_discovery", Payload, extract, tables=(extracted.PersonDiscovery,), version=2)
