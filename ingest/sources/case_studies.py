"""What the two case-study sources share (LEGACY-PAYLOADS 4): the case study and the people it quotes.

Every variant of the old endpoints names the publisher (``origin_company_domain``, the vendor whose site
hosts the article), the article and the customer it features, under differing names:
``company_customer_name`` (extraction), ``customer_company_name`` (buyers, parallel), and the people as
``champions[]`` (``champion_full_name``, ``champion_job_title``, ``champion_testimonials_or_quotations``)
or ``people[]`` (``fullName``, ``jobTitle``). A person without a name is skipped, as before. LLM
metadata (``cost_usd``, tokens) stays in the raw row.
"""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal

from pydantic import BeforeValidator, model_validator
from pydantic_core import PydanticCustomError

from ingest.sources.base import ClayPayload, Domain, Lenient, LinkedinUrlIfSent, Text, alias, as_objects, required
from models import extracted
from models.base import Base


class Champion(Lenient):
    full_name: Text = alias("champion_full_name", "full_name", "fullName", "name")
    job_title: Text = alias("champion_job_title", "job_title", "jobTitle", "title")
    company_name: Text = alias("champion_company_name", "company_name", "companyName")
    # normalised (erasure finds a person by it); a value that is no LinkedIn URL rejects the payload
    linkedin_url: LinkedinUrlIfSent = alias("champion_linkedin_url", "linkedin_url", "linkedinUrl")
    testimonial: Text = alias("champion_testimonials_or_quotations", "testimonial", "quote")


class CaseStudyPayload(ClayPayload):
    subject_field: ClassVar[str] = "origin_company_domain"
    subject_kind: ClassVar[Literal["domain", "linkedin"]] = "domain"

    origin_company_domain: Domain = required("origin_company_domain")
    origin_company_name: Text = alias("origin_company_name", "publishing_company_name")
    case_study_url: Text = alias("case_study_url")
    customer_name: Text = alias("customer_company_name", "company_customer_name", "customer_name")
    customer_domain: Text = alias("customer_company_domain", "company_customer_domain", "customer_domain")
    article_title: Text = alias("article_title")
    confidence: Text = alias("confidence")
    reasoning: Text = alias("reasoning")
    workflow_slug: Text = alias("workflow_slug")
    clay_table_url: Text = alias("clay_table_url")
    champions: Annotated[list[Champion], BeforeValidator(as_objects)] = alias("champions", "people", default=[])

    @model_validator(mode="after")
    def _a_case_study(self) -> CaseStudyPayload:
        if not (self.case_study_url or self.customer_name or self.customer_domain or self.named_champions):
            raise PydanticCustomError(
                "missing", "a case_study_url, a customer (customer_company_name/_domain) or named people is required"
            )
        return self

    @property
    def named_champions(self) -> list[Champion]:
        return [c for c in self.champions if c.full_name]


def case_study_rows(source: str, p: CaseStudyPayload) -> list[Base]:
    """The case study's row and one row per named person, keyed by publisher, URL and customer."""
    key = {
        "source": source,
        "origin_company_domain": p.origin_company_domain,
        "case_study_url": p.case_study_url or "",
        "customer_name": p.customer_name or "",
    }
    study = extracted.CaseStudy(
        **key,
        origin_company_name=p.origin_company_name,
        customer_domain=p.customer_domain,
        article_title=p.article_title,
        confidence=p.confidence,
        reasoning=p.reasoning,
        workflow_slug=p.workflow_slug,
        clay_table_url=p.clay_table_url,
    )
    people = [extracted.CaseStudyChampion(**key, **c.model_dump()) for c in p.named_champions]
    return [study, *people]
