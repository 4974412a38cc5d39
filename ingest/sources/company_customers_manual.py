"""A customer entered by hand: one flat row (see ``samples/raw_manual_company_customers.json``).

The customer's domain is given, so it is also the row's match (``match_method = 'manual'``): the
consolidation promotes manual rows like matched Claygent rows.
"""

from typing import ClassVar, Literal

from ingest.sources.base import ClayPayload, Domain, Flag, OptDomain, OptLinkedinUrl, Source, Text, alias, required
from models import extracted


class Payload(ClayPayload):
    subject_field: ClassVar[str] = "origin_company_domain"
    subject_kind: ClassVar[Literal["domain", "linkedin"]] = "domain"

    origin_company_domain: Domain = required("origin_company_domain", "origin_domain")
    origin_company_name: Text = alias("origin_company_name", "origin_name")
    origin_company_linkedin_url: OptLinkedinUrl = alias("origin_company_linkedin_url", "origin_linkedin_url")
    customer_name: Text = alias("company_customer_name", "customer_name", "customer_company_name")
    customer_domain: OptDomain = alias("company_customer_domain", "customer_domain")
    customer_linkedin_url: OptLinkedinUrl = alias("company_customer_linkedin_url", "customer_linkedin_url")
    case_study_url: Text = alias("case_study_url", "caseStudyUrl")
    has_case_study: Flag = alias("has_case_study", "hasCaseStudy")
    source_notes: Text = alias("source_notes", "notes")


def extract(p: Payload) -> list[extracted.ManualCustomer]:
    if not p.customer_name:
        return []
    return [
        extracted.ManualCustomer(
            origin_company_domain=p.origin_company_domain,
            origin_company_name=p.origin_company_name,
            origin_company_linkedin_url=p.origin_company_linkedin_url,
            customer_name=p.customer_name,
            customer_domain=p.customer_domain,
            customer_linkedin_url=p.customer_linkedin_url,
            case_study_url=p.case_study_url,
            has_case_study=p.has_case_study,
            source_notes=p.source_notes,
            matched_domain=p.customer_domain,
            matched_linkedin_url=p.customer_linkedin_url,
            match_method="manual" if p.customer_domain else None,
            match_score=1.0 if p.customer_domain else None,
        )
    ]


SOURCE = Source("company_customers_manual", Payload, extract, tables=(extracted.ManualCustomer,))
