"""Signal: a company posted a job. Keys: ``company_domain, job_id, title, location, url, posted_at``.

One posting per row, or several under ``jobs`` / ``job_postings`` (a list or JSON string) with the
company at the top. ``location`` may be a list or a CSV string (kept joined with "; "). Without a
``job_id`` the posting URL is the id, else a hash of title and location, so a re-send upserts.
"""

import hashlib
from typing import Annotated, ClassVar, Literal

from pydantic import BeforeValidator

from ingest.normalize import split_list
from ingest.sources.base import ClayPayload, Day, Domain, Lenient, Source, Text, alias, as_objects, required
from models import extracted


def _places(value: object) -> str | None:
    return "; ".join(split_list(value)) or None


class Posting(Lenient):
    job_id: Text = alias("job_id", "jobId", "id", "posting_id")
    title: Text = alias("title", "job_title", "name")
    location: Annotated[str | None, BeforeValidator(_places)] = alias("location", "locations", "job_location")
    url: Text = alias("url", "job_url", "link")
    posted_at: Day = alias("posted_at", "posted_date", "date_posted", "published_at", "created_at")

    def key(self) -> str | None:
        if self.job_id or self.url:
            return self.job_id or self.url
        if not self.title:
            return None
        digest = hashlib.sha256(f"{self.title}\n{self.location or ''}".encode()).hexdigest()
        return f"sha256:{digest[:32]}"


Postings = Annotated[list[Posting], BeforeValidator(as_objects)]


class Payload(ClayPayload, Posting):
    subject_field: ClassVar[str] = "company_domain"
    subject_kind: ClassVar[Literal["domain", "linkedin"]] = "domain"

    company_domain: Domain = required("company_domain", "domain", "company_website")
    jobs: Postings = alias("jobs", "job_postings", "postings", default=[])

    def postings(self) -> list[Posting]:
        return self.jobs or [self]


def extract(p: Payload) -> list[extracted.SignalJobPosting]:
    return [
        extracted.SignalJobPosting(
            company_domain=p.company_domain,
            job_id=key,
            title=posting.title,
            location=posting.location,
            url=posting.url,
            posted_at=posting.posted_at,
        )
        for posting in p.postings()
        if (key := posting.key())
    ]


SOURCE = Source("signal_job_posting", Payload, extract, tables=(extracted.SignalJobPosting,))
