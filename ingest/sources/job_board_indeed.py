"""Indeed job listings from a Bright Data dataset (LEGACY-PAYLOADS 7): ``{records: [{jobid, job_title,
job_type, description_text, salary_formatted, company_name, domain, company_website, location, country,
date_posted_parsed, url, apply_link, ...}], metadata}``.

The company is its ``domain``, else its ``company_website``; ``location`` falls back to ``job_location``
and ``date_posted_parsed`` to ``date_posted`` (the fallbacks are kept in `details` as sent).
"""

from typing import Annotated, Any

from pydantic import BeforeValidator

from ingest.normalize import normalize_domain, parse_date, parse_float
from ingest.sources.base import Day, Flag, Int, Json, OptDomain, Source, Text, alias, required
from ingest.sources.job_boards import BoardBatch, BoardRecord, board_rows
from models import extracted


class Record(BoardRecord):
    id_field = "jobid"
    COLUMNS = {
        "title": "job_title",
        "employment_type": "job_type",
        "description": "description_text",
        "salary_text": "salary_formatted",
        "company_name": "company_name",
        "location": "location",
        "country": "country",
        "posted_at": "date_posted_parsed",
        "url": "url",
        "apply_url": "apply_link",
    }
    KEY_FIELDS = ("domain",)

    job_id: Text = required("jobid")
    job_title: Text = alias("job_title")
    job_type: Text = alias("job_type")
    description_text: Text = alias("description_text")
    description: Text = alias("description")
    job_description_formatted: Text = alias("job_description_formatted")
    qualifications: Text = alias("qualifications")
    salary_formatted: Text = alias("salary_formatted")
    company_name: Text = alias("company_name")
    company_link: Text = alias("company_link")
    company_website: Text = alias("company_website")
    location: Text = alias("location")
    job_location: Text = alias("job_location")
    country: Text = alias("country")
    region: Text = alias("region")
    date_posted: Text = alias("date_posted")
    date_posted_parsed: Day = alias("date_posted_parsed")
    url: Text = alias("url")
    apply_link: Text = alias("apply_link")
    domain: OptDomain = alias("domain")
    logo_url: Text = alias("logo_url")
    srcname: Text = alias("srcname")
    benefits: Json = alias("benefits")
    shift_schedule: Json = alias("shift_schedule")
    discovery_input: Json = alias("discovery_input")
    company_rating: Annotated[float | None, BeforeValidator(parse_float)] = alias("company_rating")
    company_reviews_count: Int = alias("company_reviews_count")
    is_expired: Flag = alias("is_expired")

    @property
    def company_domain(self) -> str | None:
        return self.domain or (normalize_domain(self.company_website) if self.company_website else None)

    def columns(self) -> dict[str, Any]:
        return {
            **super().columns(),
            "location": self.location or self.job_location,
            "posted_at": self.date_posted_parsed or parse_date(self.date_posted),
        }


class Payload(BoardBatch):
    records: list[Record] = required("records")


def extract(p: Payload) -> list[extracted.JobPosting]:
    return board_rows(SOURCE.name, p)


SOURCE = Source("job_board_indeed", Payload, extract, tables=(extracted.JobPosting,))
