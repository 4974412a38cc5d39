"""Claygent customers, structured: ``customers: [{url, companyName, hasCaseStudy}]`` plus response,
reasoning, confidence and stepsTaken, flat or wrapped (``raw_payload`` as an object or JSON string)."""

from ingest.sources.base import Source
from ingest.sources.customers import CustomerPayload, customer_rows
from models import extracted


class Payload(CustomerPayload):
    pass


def extract(p: Payload) -> list[extracted.ClaygentCustomerStructured]:
    return customer_rows(p, extracted.ClaygentCustomerStructured)


SOURCE = Source(
    "company_customers_structured",
    Payload,
    extract,
    tables=(extracted.ClaygentCustomerStructured,),
    raw_view="claygent_customers_structured_raw",
    version=2,  # issue 12: the old Clay shapes are read
)
