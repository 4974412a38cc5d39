"""Every ingest source, declared once. Adding a source: a module under `ingest/sources/` and a line here."""

from typing import Any

from ingest.sources import (
    apollo_company,
    apollo_person,
    company_customers_claygent,
    company_customers_manual,
    company_customers_structured,
    company_customers_v2,
    company_discovery,
    company_firmographics,
    email_anymailfinder,
    email_icypeas,
    email_leadmagic,
    nostra_company,
    nostra_person,
    person_discovery,
    person_profile,
    salesnav_company,
    salesnav_person,
    signal_job_change,
    signal_job_posting,
    signal_new_hire,
    signal_news_fundraising,
    signal_promotion,
    vc_portfolio,
)
from ingest.sources.base import Source

SOURCES: tuple[Source[Any], ...] = (
    company_customers_claygent.SOURCE,
    company_customers_structured.SOURCE,
    company_customers_v2.SOURCE,
    company_customers_manual.SOURCE,
    company_firmographics.SOURCE,
    company_discovery.SOURCE,
    person_profile.SOURCE,
    person_discovery.SOURCE,
    vc_portfolio.SOURCE,
    signal_job_change.SOURCE,
    signal_promotion.SOURCE,
    signal_new_hire.SOURCE,
    signal_job_posting.SOURCE,
    signal_news_fundraising.SOURCE,
    salesnav_person.SOURCE,
    salesnav_company.SOURCE,
    email_anymailfinder.SOURCE,
    email_leadmagic.SOURCE,
    email_icypeas.SOURCE,
    # Apollo and Nostra imports (issue 12, LEGACY-PAYLOADS 10)
    apollo_person.SOURCE,
    apollo_company.SOURCE,
    nostra_company.SOURCE,
    nostra_person.SOURCE,
)

BY_NAME: dict[str, Source[Any]] = {source.name: source for source in SOURCES}
NAMES: tuple[str, ...] = tuple(BY_NAME)


class UnknownSource(LookupError):
    """No source of that name (HTTP 404)."""


def get_source(name: str) -> Source[Any]:
    try:
        return BY_NAME[name]
    except KeyError:
        raise UnknownSource(name) from None
