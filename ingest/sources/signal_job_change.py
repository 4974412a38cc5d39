"""Signal: a person changed company. Keys: ``person_linkedin_url, full_name, previous_company_domain,
new_company_domain, new_title, start_date``.

v1 (Clay signal) sends Clay arrays as comma strings (``new_company_domain: "a.example, b.example"``): the
first value is kept. v2 (multi-tenant) sends ``{client_domain, raw_job_change_payload: {fullProfile, ...}}``;
`signal_events` maps its nested fields onto the same names.
"""

from typing import Any, ClassVar, Literal

from ingest.sources.base import (
    ClayPayload,
    FirstDay,
    FirstDomain,
    FirstLinkedinUrl,
    FirstText,
    Flag,
    Int,
    LinkedinUrl,
    Source,
    Text,
    alias,
    gather,
    required,
)
from ingest.sources.signal_events import EventFields, PersonFields, event_paths
from models import extracted

V2 = event_paths(
    "raw_job_change_payload",
    {
        "fullProfile.latest_experience.company_domain": "new_company_domain",
        "fullProfile.latest_experience.company": "new_company_name",
        "fullProfile.latest_experience.url": "new_company_linkedin_url",
        "fullProfile.latest_experience.title": "new_title",
        "fullProfile.latest_experience.locality": "new_job_location",
        "fullProfile.latest_experience.start_date": "start_date",
        "previousCompany": "previous_company_linkedin_url",
    },
)


class Payload(ClayPayload, PersonFields, EventFields):
    subject_field: ClassVar[str] = "person_linkedin_url"
    subject_kind: ClassVar[Literal["domain", "linkedin"]] = "linkedin"

    person_linkedin_url: LinkedinUrl = required("person_linkedin_url", "linkedin_url", "profile_url")
    previous_company_domain: FirstDomain = alias("previous_company_domain", "previous_domain", "old_company_domain")
    previous_company_linkedin_url: FirstLinkedinUrl = alias("previous_company_linkedin_url")
    new_company_domain: FirstDomain = alias("new_company_domain", "company_domain", "new_domain")
    new_company_name: FirstText = alias("new_company_name")
    new_company_linkedin_url: FirstLinkedinUrl = alias("new_company_linkedin_url")
    new_title: Text = alias("new_title", "title", "job_title")
    new_job_location: Text = alias("new_job_location")
    start_date: FirstDay = alias("start_date", "started_at", "new_start_date", "date", "start_date_at_new_job")
    started_within_threshold: Flag = alias("started_within_threshold", "started_role_within_window")
    lookback_threshold_days: Int = alias("lookback_threshold_days")
    job_change_within_months: Int = alias("job_change_within_months")

    @classmethod
    def prepare(cls, data: dict[str, Any]) -> dict[str, Any]:
        return gather(data, V2)


def extract(p: Payload) -> list[extracted.SignalJobChange]:
    return [
        extracted.SignalJobChange(
            person_linkedin_url=p.person_linkedin_url,
            previous_company_domain=p.previous_company_domain,
            previous_company_linkedin_url=p.previous_company_linkedin_url,
            # part of the natural key: "" for unknown, so one unknown value does not fork rows
            new_company_domain=p.new_company_domain or "",
            new_company_name=p.new_company_name,
            new_company_linkedin_url=p.new_company_linkedin_url,
            new_title=p.new_title or "",
            new_job_location=p.new_job_location,
            start_date=p.start_date,
            started_within_threshold=p.started_within_threshold,
            lookback_threshold_days=p.lookback_threshold_days,
            job_change_within_months=p.job_change_within_months,
            **p.person_columns(),
            **p.event_columns(),
        )
    ]


SOURCE = Source("signal_job_change", Payload, extract, tables=(extracted.SignalJobChange,), version=2)
