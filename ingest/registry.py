"""Every ingest source, declared once. Adding a source: a module under `ingest/sources/` and a line here."""

from typing import Any

from ingest.sources import (
    ads_google,
    ads_linkedin,
    ads_meta,
    apollo_company,
    apollo_person,
    case_study,
    case_study_buyers,
    company_address,
    company_cleaned_name,
    company_customers_claygent,
    company_customers_manual,
    company_customers_structured,
    company_customers_v2,
    company_discovery,
    company_firmographics,
    company_location_parsed,
    companyenrich_company,  # issue 12, LEGACY-PAYLOADS 3
    email_anymailfinder,
    email_icypeas,
    email_leadmagic,
    job_board_indeed,
    job_board_linkedin,
    job_posting,
    nostra_company,
    nostra_person,
    person_discovery,
    person_location_parsed,
    person_profile,
    person_title_enrichment,
    reference_company_location,  # issue 12: reference feeds
    reference_job_title,
    reference_person_location,
    salesnav_company,
    salesnav_person,
    signal_job_change,
    signal_job_posting,
    signal_new_hire,
    signal_news_fundraising,
    signal_promotion,
    similar_company_preview,  # issue 12, LEGACY-PAYLOADS 8
    techstack_builtwith,
    techstack_predictleads,
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
    reference_job_title.SOURCE,  # issue 12: reference feeds (LEGACY-PAYLOADS 15)
    reference_company_location.SOURCE,
    reference_person_location.SOURCE,
    # pre-parsed / cleaned variants (LEGACY-PAYLOADS 9)
    company_location_parsed.SOURCE,
    person_location_parsed.SOURCE,
    person_title_enrichment.SOURCE,
    company_cleaned_name.SOURCE,
    company_address.SOURCE,
    companyenrich_company.SOURCE,  # issue 12, LEGACY-PAYLOADS 3
    similar_company_preview.SOURCE,  # issue 12, LEGACY-PAYLOADS 8
    # issue 12: case studies and ads
    case_study.SOURCE,
    case_study_buyers.SOURCE,
    ads_google.SOURCE,
    ads_linkedin.SOURCE,
    ads_meta.SOURCE,
    # issue 12: tech stacks and job postings (LEGACY-PAYLOADS 6, 7)
    techstack_predictleads.SOURCE,
    techstack_builtwith.SOURCE,
    job_posting.SOURCE,
    job_board_indeed.SOURCE,
    job_board_linkedin.SOURCE,
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
