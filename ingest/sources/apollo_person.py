"""Apollo people, in every shape the old endpoints took (LEGACY-PAYLOADS 10):

- ``ingest_apollo_scrape``: Clay-cleaned context (``cleaned_*``, ``domain``, ``linkedin_url``) around
  an Apollo row (``person_linkedin_link``, ``title``, ``lead_city``..., ``company_*`` firmographics);
- ``extract_apollo_instantdata``: an instant-data scraper record (``id``, ``scrape_settings_id``,
  ``job_title``, ``person_location``, ``apollo_person_url``, ``apollo_company_url``, ``created_at``);
- ``ingest_apollo_people_cleaned``: the same person after Clay cleaned it (``cleaned-job-title``).

The person row keeps their employer as sent; the employer's own row (with the scrape's
firmographics) lands in `extracted.apollo_companies` when it has a domain, LinkedIn URL or Apollo
URL. Firmographics sent without any of those have nothing to hang on: the body is rejected.
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import model_validator
from pydantic_core import PydanticCustomError

from ingest.sources.apollo import ApolloCompanyFields, company_row
from ingest.sources.base import LinkedinUrlIfSent, Source, Text, alias
from ingest.sources.imported_people import ImportedPersonPayload
from models import extracted
from models.base import Base


class Payload(ApolloCompanyFields, ImportedPersonPayload):
    identities: ClassVar[str] = (
        "a person LinkedIn URL (person_linkedin_link or linkedin_url), an apollo_person_url, an email,"
        " or a name (full_name or first_name/last_name) with a company domain or website"
    )

    person_linkedin_url: LinkedinUrlIfSent = alias("person_linkedin_link", "person_linkedin_url", "linkedin_url")
    apollo_person_url: Text = alias("apollo_person_url")
    cleaned_first_name: Text = alias("cleaned_first_name")
    cleaned_last_name: Text = alias("cleaned_last_name")
    cleaned_full_name: Text = alias("cleaned_full_name")
    title: Text = alias("title", "job_title")
    cleaned_job_title: Text = alias("cleaned-job-title", "cleaned_job_title")
    headline: Text = alias("headline")
    seniority: Text = alias("seniority")
    email_status: Text = alias("email_status")
    departments: Text = alias("departments")
    subdepartments: Text = alias("subdepartments")
    functions: Text = alias("functions")
    location: Text = alias("person_location")
    person_city: Text = alias("lead_city")
    person_state: Text = alias("lead_state")
    person_country: Text = alias("lead_country")
    photo_url: Text = alias("photo_url")

    @property
    def vendor_key(self) -> str | None:
        return self.apollo_person_url

    @model_validator(mode="after")
    def _firmographics_need_a_company(self) -> Payload:
        if not self.company_key and (sent := self.firmographics_sent()):
            raise PydanticCustomError(
                "missing",
                "company fields ({fields}) need a company domain, website, LinkedIn URL or apollo_company_url",
                {"fields": ", ".join(sent)},
            )
        return self


def extract(p: Payload) -> list[Base]:
    person = extracted.ApolloPerson(
        **p.person_columns(),
        apollo_person_url=p.apollo_person_url,
        cleaned_first_name=p.cleaned_first_name,
        cleaned_last_name=p.cleaned_last_name,
        cleaned_full_name=p.cleaned_full_name,
        title=p.title,
        cleaned_job_title=p.cleaned_job_title,
        headline=p.headline,
        seniority=p.seniority,
        email_status=p.email_status,
        departments=p.departments,
        subdepartments=p.subdepartments,
        functions=p.functions,
        location=p.location,
        city=p.person_city,
        state=p.person_state,
        country=p.person_country,
        photo_url=p.photo_url,
        cleaned_company_name=p.cleaned_company_name,
        company_website=p.company_website,
        apollo_company_url=p.apollo_company_url,
        company_headcount=p.company_headcount,
        industry=p.industry,
        scrape_settings_id=p.scrape_settings_id,
        raw_record_id=p.raw_record_id,
        source_created_at=p.source_created_at,
    )
    return [person, *company_row(p)]


SOURCE = Source("apollo_person", Payload, extract, tables=(extracted.ApolloPerson, extracted.ApolloCompany))
