"""A company's job posting found by Clay (LEGACY-PAYLOADS 7): ``{domain, clay_table_url,
job_posting_payload: {url, jobPostData: {job_id, title, normalized_title, location, seniority,
employment_type, salary_min, salary_max, salary_unit, salary_currency, company_name, company_id,
company_url, posted_at, domain}}}``, or the job object itself as ``job_posting_payload`` (flat).

The posting's fields are those of the Clay job-posting signal (`signal_job_posting.Posting`); they are
read from ``jobPostData`` first, then from the wrapper (whose ``url`` is the fallback job URL). The
signal's wrapper name, ``raw_job_post_data_payload``, is read too. The company is the top-level
``domain``, else the posting's; a posting known only by its company's LinkedIn URL (``company_url``)
is kept with ``company_domain = ""`` for the core build to place.
"""

from typing import Any

from pydantic import model_validator
from pydantic_core import PydanticCustomError

from ingest.sources.base import CompanyPayload, DomainIfSent, OptLinkedinUrl, Source, Text, alias, gather
from ingest.sources.signal_job_posting import Posting
from models import extracted

WRAPPERS = ("job_posting_payload", "raw_job_post_data_payload")
KEYS = (
    "domain",
    "job_id",
    "url",
    "title",
    "normalized_title",
    "location",
    "seniority",
    "employment_type",
    "salary_min",
    "salary_max",
    "salary_unit",
    "salary_currency",
    "company_name",
    "company_id",
    "company_url",
    "posted_at",
    "post_on",
    "recruiter_name",
    "recruiter_url",
)
# the nested posting first, then the wrapper itself (a flat job object, or the fallback url)
NESTED = {f"{wrapper}.{inner}{key}": key for inner in ("jobPostData.", "") for wrapper in WRAPPERS for key in KEYS}


class Payload(CompanyPayload, Posting):
    company_domain: DomainIfSent = alias("domain", "company_domain")
    company_linkedin_url: OptLinkedinUrl = alias("company_linkedin_url", "company_url")
    company_linkedin_id: Text = alias("company_linkedin_id", "company_id")
    company_name: Text = alias("company_name")
    clay_table_url: Text = alias("clay_table_url")

    @classmethod
    def prepare(cls, data: dict[str, Any]) -> dict[str, Any]:
        return gather(data, NESTED)

    @model_validator(mode="after")
    def _a_posting(self) -> "Payload":
        if not self.key():
            raise PydanticCustomError("missing", "no posting: a job_id, url or title is required")
        return self


def extract(p: Payload) -> list[extracted.JobPosting]:
    recruiter = {"recruiter_name": p.recruiter_name, "recruiter_url": p.recruiter_url}
    return [
        extracted.JobPosting(
            source=SOURCE.name,
            company_domain=p.company_domain or "",
            company_linkedin_url=p.company_linkedin_url,
            company_linkedin_id=p.company_linkedin_id,
            company_name=p.company_name,
            job_id=p.key(),
            title=p.title,
            normalized_title=p.normalized_title,
            url=p.url,
            location=p.location,
            seniority=p.seniority,
            employment_type=p.employment_type,
            salary_min=p.salary_min,
            salary_max=p.salary_max,
            salary_currency=p.salary_currency,
            salary_unit=p.salary_unit,
            posted_at=p.posted_at,
            clay_table_url=p.clay_table_url,
            details={k: v for k, v in recruiter.items() if v} or None,
        )
    ]


SOURCE = Source("job_posting", Payload, extract, tables=(extracted.JobPosting,))
