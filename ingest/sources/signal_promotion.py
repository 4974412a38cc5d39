"""Signal: a person was promoted. Keys: ``person_linkedin_url, company_domain, previous_title,
new_title, promotion_date``.

v1 sends the titles as Clay arrays in comma strings (the first is kept) and the date as
``start_date_with_new_title``. v2 sends ``{client_domain, raw_promotion_payload: {newTitle: [...],
previousTitle: [...], fullProfile: {...}}}``: the arrays are kept whole, their first title is the title.
"""

from typing import Any, ClassVar, Literal

from ingest.sources.base import (
    ClayPayload,
    FirstDay,
    FirstDomain,
    FirstLinkedinUrl,
    FirstText,
    Int,
    LinkedinUrl,
    Source,
    Text,
    TextList,
    alias,
    gather,
    required,
)
from ingest.sources.signal_events import EventFields, PersonFields, event_paths
from models import extracted

V2 = event_paths(
    "raw_promotion_payload",
    {
        "fullProfile.latest_experience.company_domain": "company_domain",
        "fullProfile.latest_experience.company": "company_name",
        "fullProfile.latest_experience.url": "company_linkedin_url",
        "fullProfile.latest_experience.title": "latest_title",
        "fullProfile.latest_experience.locality": "role_location",
        "fullProfile.latest_experience.start_date": "promotion_date",
        "newTitle": "new_titles",
        "previousTitle": "previous_titles",
    },
)


class Payload(ClayPayload, PersonFields, EventFields):
    subject_field: ClassVar[str] = "person_linkedin_url"
    subject_kind: ClassVar[Literal["domain", "linkedin"]] = "linkedin"

    person_linkedin_url: LinkedinUrl = required("person_linkedin_url", "linkedin_url", "profile_url")
    company_domain: FirstDomain = alias("company_domain", "domain")
    company_name: Text = alias("company_name")
    company_linkedin_url: FirstLinkedinUrl = alias("company_linkedin_url")
    previous_title: FirstText = alias("previous_title", "old_title", "prior_title")
    new_title: FirstText = alias("new_title", "title", "current_title")
    previous_titles: TextList = alias("previous_titles", default=[])
    new_titles: TextList = alias("new_titles", default=[])
    latest_title: Text = alias("latest_title")
    role_location: Text = alias("role_location")
    promotion_date: FirstDay = alias("promotion_date", "promoted_at", "start_date", "date", "start_date_with_new_title")
    lookback_threshold_days: Int = alias("lookback_threshold_days")
    days_since_promotion: Int = alias("days_since_promotion")

    @classmethod
    def prepare(cls, data: dict[str, Any]) -> dict[str, Any]:
        return gather(data, V2)


def extract(p: Payload) -> list[extracted.SignalPromotion]:
    new_titles = p.new_titles or None
    previous_titles = p.previous_titles or None
    return [
        extracted.SignalPromotion(
            person_linkedin_url=p.person_linkedin_url,
            company_domain=p.company_domain or "",
            company_name=p.company_name,
            company_linkedin_url=p.company_linkedin_url,
            previous_title=p.previous_title or (previous_titles[0] if previous_titles else None),
            new_title=p.new_title or (new_titles[0] if new_titles else None) or p.latest_title or "",
            previous_titles=previous_titles,
            new_titles=new_titles,
            role_location=p.role_location,
            promotion_date=p.promotion_date,
            lookback_threshold_days=p.lookback_threshold_days,
            days_since_promotion=p.days_since_promotion,
            **p.person_columns(),
            **p.event_columns(),
        )
    ]


SOURCE = Source("signal_promotion", Payload, extract, tables=(extracted.SignalPromotion,), version=2)
