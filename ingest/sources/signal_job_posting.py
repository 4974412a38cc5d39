"""Signal: a company posted a job. Keys: ``company_domain | company_linkedin_url, job_id, title,
location, url, posted_at``.

One posting per row, or several under ``jobs`` / ``job_postings`` (a list or JSON string) with the
company at the top. ``location`` may be a list (kept joined with "; ") or a string (kept as sent). Without a
``job_id`` the posting URL is the id, else a hash of title and location, so a re-send upserts.

The Clay signal (v1, and v2 with its ``client_domain``) nests the posting in
``raw_job_post_data_payload.jobPostData``; its fields are read where the top level lacks them. A
posting known only by its company's LinkedIn URL is kept with ``company_domain = ""`` (the core build
finds the domain through core.companies).
"""

import hashlib
import re
from datetime import date
from typing import Annotated, Any

from pydantic import BeforeValidator, model_validator
from pydantic_core import PydanticCustomError

from ingest.normalize import clean_text, parse_date, parse_float, parse_json_maybe, split_list
from ingest.sources.base import (
    CompanyPayload,
    DomainIfSent,
    Int,
    Lenient,
    OptLinkedinUrl,
    Source,
    Text,
    alias,
    as_objects,
    gather,
)
from ingest.sources.signal_events import EventFields
from models import extracted

EVENT = "raw_job_post_data_payload"
POSTING = f"{EVENT}.jobPostData"
NESTED = {
    **{
        f"{POSTING}.{key}": key
        for key in (
            "domain",
            "company_name",
            "title",
            "normalized_title",
            "seniority",
            "employment_type",
            "location",
            "url",
            "job_id",
            "posted_at",
            "post_on",
            "salary_min",
            "salary_max",
            "salary_currency",
            "salary_unit",
            "recruiter_name",
            "recruiter_url",
        )
    },
    f"{POSTING}.company_id": "company_linkedin_id",
    f"{POSTING}.company_url": "company_linkedin_url",
    f"{EVENT}.isInitialCheck": "is_initial_check",
    f"{EVENT}.confidence": "confidence",
    f"{EVENT}.reducedConfidenceReasons": "reduced_confidence_reasons",
    f"{EVENT}.origin.tableId": "origin_table_id",
    f"{EVENT}.origin.recordId": "origin_record_id",
}


_AT_TIME = re.compile(r"\s+at\s+\d{1,2}:\d{2}.*$", re.IGNORECASE)


def _posted_day(value: object) -> date | None:
    """A posting date; Clay's "January 5, 2025 at 10:30" loses its time."""
    return parse_date(_AT_TIME.sub("", value) if isinstance(value, str) else value)


def _places(value: object) -> str | None:
    """Several locations (a list) joined with "; "; one location as sent ("Austin, TX" stays whole)."""
    value = parse_json_maybe(value)
    return "; ".join(split_list(value)) or None if isinstance(value, list) else clean_text(value)


PostedDay = Annotated[date | None, BeforeValidator(_posted_day)]
Amount = Annotated[float | None, BeforeValidator(parse_float)]


class Posting(Lenient):
    job_id: Text = alias("job_id", "jobId", "id", "posting_id")
    title: Text = alias("title", "job_title", "name")
    normalized_title: Text = alias("normalized_title")
    seniority: Text = alias("seniority")
    employment_type: Text = alias("employment_type")
    location: Annotated[str | None, BeforeValidator(_places)] = alias("location", "locations", "job_location")
    url: Text = alias("url", "job_url", "link")
    posted_at: PostedDay = alias("posted_at", "posted_date", "date_posted", "published_at", "created_at", "post_on")
    salary_min: Amount = alias("salary_min")
    salary_max: Amount = alias("salary_max")
    salary_currency: Text = alias("salary_currency")
    salary_unit: Text = alias("salary_unit")
    recruiter_name: Text = alias("recruiter_name")
    recruiter_url: Text = alias("recruiter_url")

    def key(self) -> str | None:
        if self.job_id or self.url:
            return self.job_id or self.url
        if not self.title:
            return None
        digest = hashlib.sha256(f"{self.title}\n{self.location or ''}".encode()).hexdigest()
        return f"sha256:{digest[:32]}"


Postings = Annotated[list[Posting], BeforeValidator(as_objects)]


class Payload(CompanyPayload, EventFields, Posting):
    company_domain: DomainIfSent = alias("company_domain", "domain", "company_website")
    company_linkedin_url: OptLinkedinUrl = alias("company_linkedin_url")
    company_linkedin_id: Text = alias("company_linkedin_id")
    company_name: Text = alias("company_name")
    cleaned_job_title: Text = alias("cleaned_job_title")
    job_function: Text = alias("job_function")
    min_days_since_job_posting: Int = alias("min_days_since_job_posting")
    max_days_since_job_posting: Int = alias("max_days_since_job_posting")
    jobs: Postings = alias("jobs", "job_postings", "postings", default=[])

    @classmethod
    def prepare(cls, data: dict[str, Any]) -> dict[str, Any]:
        return gather(data, NESTED)

    @model_validator(mode="after")
    def _a_posting(self) -> "Payload":
        if not any(posting.key() for posting in self.postings()):
            raise PydanticCustomError("missing", "no posting: a job_id, url or title is required")
        return self

    def postings(self) -> list[Posting]:
        return self.jobs or [self]


def extract(p: Payload) -> list[extracted.SignalJobPosting]:
    return [
        extracted.SignalJobPosting(
            company_domain=p.company_domain or "",
            company_name=p.company_name,
            company_linkedin_url=p.company_linkedin_url,
            company_linkedin_id=p.company_linkedin_id,
            job_id=key,
            title=posting.title,
            normalized_title=posting.normalized_title,
            cleaned_job_title=p.cleaned_job_title,
            job_function=p.job_function,
            seniority=posting.seniority,
            employment_type=posting.employment_type,
            location=posting.location,
            url=posting.url,
            posted_at=posting.posted_at,
            salary_min=posting.salary_min,
            salary_max=posting.salary_max,
            salary_currency=posting.salary_currency,
            salary_unit=posting.salary_unit,
            recruiter_name=posting.recruiter_name,
            recruiter_url=posting.recruiter_url,
            min_days_since_job_posting=p.min_days_since_job_posting,
            max_days_since_job_posting=p.max_days_since_job_posting,
            **p.event_columns(),
        )
        for posting in p.postings()
        if (key := posting.key())
    ]


SOURCE = Source("signal_job_posting", Payload, extract, tables=(extracted.SignalJobPosting,), version=2)
