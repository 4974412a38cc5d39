"""Clay person profile: LinkedIn URL, name, headline, location, ``latest_experience``,
``experience[{title, company, company_domain, start_date, end_date, is_current}]``, education.

Also the profile's slug, id, summary, country, connection/follower/job counts, picture, refresh time
and its accomplishment lists (certifications, languages, ... kept as sent in ``accomplishments``).

Re-ingesting a person replaces that person's experience rows (positions are list order, newest
first as Clay sends them), so a shorter or corrected history never leaves stale rows behind.
"""

from typing import Annotated, Any, ClassVar, Literal

from pydantic import BeforeValidator, model_validator

from ingest.normalize import parse_json_maybe
from ingest.sources.base import (
    ClayPayload,
    Day,
    Flag,
    Int,
    Json,
    Lenient,
    LinkedinUrl,
    Moment,
    OptDomain,
    OptLinkedinUrl,
    Source,
    Text,
    alias,
    as_object,
    as_objects,
    required,
)
from models import extracted
from models.base import Base


class Experience(Lenient):
    title: Text = alias("title", "job_title", "position")
    company: Text = alias("company", "company_name", "companyName")
    company_domain: OptDomain = alias("company_domain", "domain", "company_website", "website")
    company_linkedin_url: OptLinkedinUrl = alias("company_linkedin_url", "company_url", "linkedin_url", "url")
    location: Text = alias("location", "locality")
    org_id: Text = alias("org_id", "company_org_id")
    summary: Text = alias("summary", "description")
    start_date: Day = alias("start_date", "starts_at", "startDate", "start")
    end_date: Day = alias("end_date", "ends_at", "endDate", "end")
    is_current: Flag = alias("is_current", "isCurrent", "current")

    @model_validator(mode="before")
    @classmethod
    def _company_object(cls, data: Any) -> Any:
        """``company: {name, domain, linkedin_url}`` (some enrichments nest it) as flat fields."""
        company = as_object(data.get("company")) if isinstance(data, dict) else None
        if company is None:
            return data
        flat = {
            "company": company.get("name"),
            "company_domain": company.get("domain") or company.get("website"),
            "company_linkedin_url": company.get("linkedin_url") or company.get("url"),
        }
        return {**data, **{k: v for k, v in flat.items() if v}} | {"company": flat["company"]}

    @property
    def current(self) -> bool:
        return self.is_current if self.is_current is not None else self.end_date is None

    @property
    def named(self) -> bool:
        return bool(self.title or self.company)


Experiences = Annotated[list[Experience], BeforeValidator(as_objects)]


ACCOMPLISHMENTS = (
    "certifications",
    "languages",
    "courses",
    "patents",
    "projects",
    "publications",
    "volunteering",
    "awards",
)


def _json(value: object) -> Any:
    parsed = parse_json_maybe(value)
    return None if parsed in (None, "", [], {}) else parsed


class Payload(ClayPayload):
    subject_field: ClassVar[str] = "linkedin_url"
    subject_kind: ClassVar[Literal["domain", "linkedin"]] = "linkedin"

    linkedin_url: LinkedinUrl = required("linkedin_url", "person_linkedin_url", "profile_url", "url")
    full_name: Text = alias("full_name", "name", "fullName")
    first_name: Text = alias("first_name", "firstName")
    last_name: Text = alias("last_name", "lastName")
    headline: Text = alias("headline", "summary_headline")
    location: Text = alias("location_name", "location")
    latest_experience: Annotated[Experience | None, BeforeValidator(as_object)] = alias(
        "latest_experience", "latestExperience"
    )
    experience: Experiences = alias("experience", "experiences", "work_experience", default=[])
    education: Json = alias("education", "educations")
    linkedin_slug: Text = alias("slug", "linkedin_slug")
    profile_id: Text = alias("profile_id")
    summary: Text = alias("summary", "about")
    country: Text = alias("country")
    connections: Int = alias("connections", "connections_count")
    num_followers: Int = alias("num_followers", "followers", "follower_count")
    picture_url: Text = alias("picture_url_orig", "picture_url_copy", "picture_url")
    jobs_count: Int = alias("jobs_count")
    last_refresh: Moment = alias("last_refresh", "last_refreshed_at")
    accomplishments: dict[str, Any] = {}

    @classmethod
    def prepare(cls, data: dict[str, Any]) -> dict[str, Any]:
        lists = {key: value for key in ACCOMPLISHMENTS if (value := _json(data.get(key))) is not None}
        return {**data, "accomplishments": lists}

    def latest(self) -> Experience | None:
        if self.latest_experience is not None and self.latest_experience.named:
            return self.latest_experience
        jobs = [job for job in self.experience if job.named]
        return next((job for job in jobs if job.current), jobs[0] if jobs else None)


def extract(p: Payload) -> list[Base]:
    latest = p.latest()
    full_name = p.full_name or " ".join(n for n in (p.first_name, p.last_name) if n) or None
    profile = extracted.PersonProfile(
        linkedin_url=p.linkedin_url,
        full_name=full_name,
        first_name=p.first_name,
        last_name=p.last_name,
        headline=p.headline,
        location=p.location,
        latest_title=latest.title if latest else None,
        latest_company=latest.company if latest else None,
        latest_company_domain=latest.company_domain if latest else None,
        latest_start_date=latest.start_date if latest else None,
        latest_company_linkedin_url=latest.company_linkedin_url if latest else None,
        latest_company_org_id=latest.org_id if latest else None,
        latest_location=latest.location if latest else None,
        education=p.education,
        linkedin_slug=p.linkedin_slug,
        profile_id=p.profile_id,
        summary=p.summary,
        country=p.country,
        connections=p.connections,
        num_followers=p.num_followers,
        picture_url=p.picture_url,
        jobs_count=p.jobs_count,
        accomplishments=p.accomplishments or None,
        last_refresh=p.last_refresh,
    )
    jobs = [job for job in p.experience if job.named]
    experience = [
        extracted.PersonExperience(
            linkedin_url=p.linkedin_url,
            position=position,
            title=job.title,
            company_name=job.company,
            company_domain=job.company_domain,
            company_linkedin_url=job.company_linkedin_url,
            company_org_id=job.org_id,
            location=job.location,
            summary=job.summary,
            start_date=job.start_date,
            end_date=job.end_date,
            is_current=job.current,
        )
        for position, job in enumerate(jobs)
    ]
    return [profile, *experience]


SOURCE = Source(
    "person_profile",
    Payload,
    extract,
    tables=(extracted.PersonProfile, extracted.PersonExperience),
    replaces=(extracted.PersonExperience.linkedin_url,),
    version=2,  # issue 12: the old Clay shapes are read
)
