"""Claygent customers, comma format: ``claygent_output = {result: "A, B, C", reasoning, confidence}``.

Splitting rule for the comma-only string (a structured ``customers`` list, when also present,
always wins and is taken as is, so "Okay, Cool Group" survives there):

- a JSON array string is read as a list; with newlines, each line is one name (bullets dropped);
  with semicolons, only semicolons separate;
- otherwise commas separate, except inside brackets and before a legal form: "Acme, Inc.",
  "Find a Way, LLC", "Smith & Co., Ltd." stay one name; an Oxford "and"/"&" is dropped ("A, B, and C");
- a name that itself holds a comma ("Okay, Cool Group") cannot be told apart from two customers in
  this format and becomes two rows; the raw row keeps the sentence for a replay with a better rule.
"""

from ingest.sources.base import Source
from ingest.sources.customers import CustomerPayload, customer_rows
from models import extracted


class Payload(CustomerPayload):
    pass


def extract(p: Payload) -> list[extracted.ClaygentCustomer]:
    return customer_rows(p, extracted.ClaygentCustomer)


SOURCE = Source(
    "company_customers_claygent",
    Payload,
    extract,
    tables=(extracted.ClaygentCustomer,),
    raw_view="claygent_customers_raw",
    version=2,  # issue 12: the old Clay shapes are read
)
