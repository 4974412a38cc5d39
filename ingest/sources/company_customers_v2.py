"""Claygent customers v2: ``claygent_output`` (or ``customers_claygent``) = ``{customers: [...],
reasoning, confidence, stepsTaken}``; an empty list is a valid answer (stored, nothing extracted)."""

from ingest.sources.base import Source
from ingest.sources.customers import CustomerPayload, customer_rows
from models import extracted


class Payload(CustomerPayload):
    pass


def extract(p: Payload) -> list[extracted.ClaygentCustomerV2]:
    return customer_rows(p, extracted.ClaygentCustomerV2)


SOURCE = Source(
    "company_customers_v2",
    Payload,
    extract,
    tables=(extracted.ClaygentCustomerV2,),
    raw_view="claygent_customers_v2_raw",
    version=2,  # issue 12: the old Clay shapes are read
)
