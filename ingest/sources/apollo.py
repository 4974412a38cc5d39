"""What the two Apollo sources share (LEGACY-PAYLOADS 10): Apollo's company columns and their row.

Every Apollo shape carries a company: the scrape (``ingest_apollo_scrape``) its domain, website,
LinkedIn link and firmographics; the instant-data scraper and the Clay-cleaned rows an Apollo
company URL, name, headcount and industry. `apollo_person` writes that company next to the person
(as the old instant-data endpoint did) and `apollo_company` reads the same columns alone. The
scrape's ``linkedin_url`` sits with the Clay-cleaned company context: a company URL there is the
company's, a profile URL the person's.
"""

from __future__ import annotations

from typing import Any

from ingest.normalize import clean_text, linkedin_url_type, normalize_domain, normalize_linkedin_url
from ingest.sources.base import DomainIfSent, Int, Lenient, OptLinkedinUrl, Text, alias
from models import extracted


def company_url_as_company(data: dict[str, Any]) -> dict[str, Any]:
    """Move a company LinkedIn URL sent as ``linkedin_url`` to ``company_linkedin_url`` (unless one is sent)."""
    url = normalize_linkedin_url(clean_text(data.get("linkedin_url")))
    if url is None or linkedin_url_type(url) != "company":
        return data
    moved = {k: v for k, v in data.items() if k != "linkedin_url"}
    if not any(
        normalize_linkedin_url(clean_text(data.get(k))) for k in ("company_linkedin_link", "company_linkedin_url")
    ):
        moved["company_linkedin_link"] = url  # the first of the field's names, so an empty one cannot shadow it
    return moved


class ApolloRecord(Lenient):
    """An Apollo record's bookkeeping: its scrape run, record id, creation time and Clay workflow, as sent."""

    scrape_settings_id: Text = alias("scrape_settings_id")
    raw_record_id: Text = alias("id", "raw_record_id")
    source_created_at: Text = alias("created_at", "source_created_at")
    workflow_slug: Text = alias("workflow_slug")


class ApolloCompanyFields(ApolloRecord):
    """Apollo's company columns, under the scrape's names and the instant-data/cleaned ones.

    Listed first among a payload's bases, so its fields and `prepare` win over `ClayPayload`'s.
    """

    company_domain: DomainIfSent = alias("domain", "company_domain")  # a value that is no domain rejects
    company_website: Text = alias("company_website_full", "company_website")
    company_linkedin_url: OptLinkedinUrl = alias("company_linkedin_link", "company_linkedin_url")
    apollo_company_url: Text = alias("apollo_company_url")
    company_name: Text = alias("company_name")
    cleaned_company_name: Text = alias("cleaned_company_name")
    company_headcount: Int = alias("employee_count", "company_headcount")
    industry: Text = alias("industry")
    # the scrape's firmographics: they need a company to hang on (`company_key`)
    phone: Text = alias("company_phone_number", "company_phone")
    city: Text = alias("company_city")
    state: Text = alias("company_state")
    country: Text = alias("company_country")
    postal_code: Text = alias("company_postal_code")
    address: Text = alias("company_address")
    street: Text = alias("company_street")
    annual_revenue: Text = alias("company_annual_revenue")
    total_funding: Text = alias("company_total_funding")
    latest_funding_type: Text = alias("company_latest_funding_type")
    latest_funding_amount: Text = alias("company_latest_funding_amount")
    last_fund_raised_at: Text = alias("last_fund_raised_at")
    market_cap: Text = alias("company_market_cap")
    founded_year: Int = alias("company_founded_year")
    short_description: Text = alias("company_short_description")
    seo_description: Text = alias("company_seo_description")
    number_of_retail_locations: Int = alias("number_of_retail_locations")
    is_likely_to_engage: Text = alias("is_likely_to_engage")
    blog_url: Text = alias("company_blog_link")
    twitter_url: Text = alias("company_twitter_link")
    facebook_url: Text = alias("company_facebook_link")
    keywords: Text = alias("company_keywords")
    technologies: Text = alias("company_technologies")

    @classmethod
    def prepare(cls, data: dict[str, Any]) -> dict[str, Any]:
        return company_url_as_company(data)

    @property
    def employer_domain(self) -> str | None:
        """The domain sent, else the website's."""
        return self.company_domain or (normalize_domain(self.company_website) if self.company_website else None)

    @property
    def company_key(self) -> str | None:
        return self.employer_domain or self.company_linkedin_url or self.apollo_company_url

    def firmographics_sent(self) -> list[str]:
        """Names of the sent company columns that only a company row keeps."""
        return [name for name in FIRMOGRAPHICS if getattr(self, name) is not None]


FIRMOGRAPHICS = tuple(
    name
    for name in ApolloCompanyFields.model_fields
    if name not in ApolloRecord.model_fields
    and name not in ("company_domain", "company_website", "company_linkedin_url", "apollo_company_url")
    and name not in ("company_name", "cleaned_company_name", "company_headcount", "industry")
)
COMPANY_COLUMNS = tuple(name for name in ApolloCompanyFields.model_fields if name != "company_domain")


def company_row(p: ApolloCompanyFields) -> list[extracted.ApolloCompany]:
    """The company of an Apollo record, when it has a domain, LinkedIn URL or Apollo URL."""
    if not p.company_key:
        return []
    columns = {name: getattr(p, name) for name in COMPANY_COLUMNS}
    return [extracted.ApolloCompany(**columns, company_key=p.company_key, company_domain=p.employer_domain)]
