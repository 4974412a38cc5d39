"""SalesNav people, in every shape the old endpoints took (LEGACY-PAYLOADS 1a-1c).

- 1a, a Clay row of the SalesNav export under ``raw_payload`` with the export's column names
  (``"First name"``, ``"LinkedIn URL (user profile)"``, ``"Company website"``, ...) and, outside it,
  ``ex_company_domain`` (the search's past-employer filter);
- 1b, the same person flat (``person_linkedin_sales_nav_url``, ``first_name``, ``cleaned_*``, bookkeeping ids);
- 1c, a full person keyed by ``linkedin_url`` with ``current_*`` fields and ``work_history[]``.

The key is the person's LinkedIn URL: a SalesNav lead URL (``/sales/lead/<id>``) or a profile URL;
``linkedin_url_type`` tells them apart. Values are kept as sent; ``job_started_on`` ("05-2024") also
gives ``job_start_date``. 1e (a title mapping, no person) belongs to the reference lookups (section 15).
"""

from typing import Annotated, Any, ClassVar, Literal

from pydantic import BeforeValidator

from ingest.normalize import linkedin_url_type
from ingest.sources.base import (
    ClayPayload,
    Day,
    Flag,
    Int,
    Lenient,
    LinkedinUrl,
    OptDomain,
    OptLinkedinUrl,
    Source,
    Text,
    alias,
    as_objects,
    required,
)
from models import extracted
from models.base import Base


class Job(Lenient):
    company_name: Text = alias("company_name")
    company_domain: OptDomain = alias("company_domain")
    company_linkedin_url: OptLinkedinUrl = alias("company_linkedin_url")
    title: Text = alias("title")
    start_date: Text = alias("start_date")
    end_date: Text = alias("end_date")
    is_current: Flag = alias("is_current")

    @property
    def sent(self) -> bool:
        return any(v is not None for v in self.model_dump().values())


class Payload(ClayPayload):
    subject_field: ClassVar[str] = "linkedin_url"
    subject_kind: ClassVar[Literal["domain", "linkedin"]] = "linkedin"

    linkedin_url: LinkedinUrl = required("linkedin_url", "LinkedIn URL (user profile)", "person_linkedin_sales_nav_url")
    linkedin_user_profile_urn: Text = alias("LinkedIn user profile URN", "linkedin_user_profile_urn")
    first_name: Text = alias("First name", "first_name")
    last_name: Text = alias("Last name", "last_name")
    cleaned_first_name: Text = alias("cleaned_first_name")
    cleaned_last_name: Text = alias("cleaned_last_name")
    cleaned_full_name: Text = alias("cleaned_full_name", "full_name")  # 1c's full_name is the cleaned one
    email: Text = alias("Email", "email")
    phone_number: Text = alias("Phone number", "phone_number")
    location: Text = alias("Location", "location")
    profile_headline: Text = alias("Profile headline", "profile_headline")
    profile_summary: Text = alias("Profile summary", "profile_summary")
    job_title: Text = alias("Job title", "job_title", "current_job_title")
    cleaned_job_title: Text = alias("cleaned_job_title")
    job_description: Text = alias("Job description", "job_description")
    job_started_on: Text = alias("Job started on", "job_started_on")
    job_start_date: Day = alias("Job started on", "job_started_on")
    company_name: Text = alias("Company", "company_name", "current_company_name")
    company_domain: OptDomain = alias("Company website", "domain", "current_company_domain")
    company_linkedin_url: OptLinkedinUrl = alias("LinkedIn URL (company)", "company_linkedin_url")
    company_linkedin_urn: Text = alias("Linkedin company profile URN")
    company_description: Text = alias("Company description")
    company_headcount: Int = alias("Company headcount")
    company_industries: Text = alias("Company industries")
    company_registered_address: Text = alias("Company registered address")
    ex_company_domain: OptDomain = alias("ex_company_domain")
    export_title: Text = alias("_export_title", "export_title")
    export_timestamp: Text = alias("_export_timestamp", "export_timestamp")
    notes: Text = alias("_notes", "notes")
    matching_filters: Flag = alias("Matching filters", "matching_filters")
    source: Text = alias("source")
    scrape_settings_id: Text = alias("scrape_settings_id")
    source_id: Text = alias("source_id")
    upload_id: Text = alias("upload_id")
    source_created_at: Text = alias("source_created_at")
    clay_batch_number: Text = alias("clay_batch_number")
    sent_to_clay_at: Text = alias("sent_to_clay_at")
    work_history: Annotated[list[Job], BeforeValidator(as_objects)] = alias("work_history", default=[])

    def person_columns(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in PERSON_FIELDS}


PERSON_FIELDS = tuple(name for name in Payload.model_fields if name != "work_history")


def extract(p: Payload) -> list[Base]:
    full_name = " ".join(n for n in (p.first_name, p.last_name) if n) or None
    person = extracted.SalesnavPerson(
        **p.person_columns(), linkedin_url_type=linkedin_url_type(p.linkedin_url), full_name=full_name
    )
    jobs = [
        extracted.SalesnavPersonJob(
            linkedin_url=p.linkedin_url,
            position=position,
            company_name=job.company_name,
            company_domain=job.company_domain,
            company_linkedin_url=job.company_linkedin_url,
            title=job.title,
            start_date=job.start_date,
            end_date=job.end_date,
            is_current=bool(job.is_current),
        )
        for position, job in enumerate(job for job in p.work_history if job.sent)
    ]
    return [person, *jobs]


SOURCE = Source(
    "salesnav_person",
    Payload,
    extract,
    tables=(extracted.SalesnavPerson, extracted.SalesnavPersonJob),
    replaces=(extracted.SalesnavPersonJob.linkedin_url,),
)
