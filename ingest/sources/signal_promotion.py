"""Signal: a person was promoted. Keys: ``person_linkedin_url, company_domain, previous_title,
new_title, promotion_date``."""

from typing import ClassVar, Literal

from ingest.sources.base import ClayPayload, Day, LinkedinUrl, OptDomain, Source, Text, alias, required
from models import extracted


class Payload(ClayPayload):
    subject_field: ClassVar[str] = "person_linkedin_url"
    subject_kind: ClassVar[Literal["domain", "linkedin"]] = "linkedin"

    person_linkedin_url: LinkedinUrl = required("person_linkedin_url", "linkedin_url", "profile_url")
    company_domain: OptDomain = alias("company_domain", "domain")
    previous_title: Text = alias("previous_title", "old_title", "prior_title")
    new_title: Text = alias("new_title", "title", "current_title")
    promotion_date: Day = alias("promotion_date", "promoted_at", "start_date", "date")


def extract(p: Payload) -> list[extracted.SignalPromotion]:
    return [
        extracted.SignalPromotion(
            person_linkedin_url=p.person_linkedin_url,
            company_domain=p.company_domain or "",
            previous_title=p.previous_title,
            new_title=p.new_title or "",
            promotion_date=p.promotion_date,
        )
    ]


SOURCE = Source("signal_promotion", Payload, extract, tables=(extracted.SignalPromotion,))
