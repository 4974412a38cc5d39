"""Nostra e-commerce people (LEGACY-PAYLOADS 10, ``ingest_nostra_ecom_person``): ``first_name``,
``last_name``, ``email``, ``company_name``, ``domain``, ``person_linkedin_url``,
``company_linkedin_url``, ``workflow_slug``; the person known as `ImportedPersonPayload` says.
"""

from ingest.sources.base import LinkedinUrlIfSent, Source, alias
from ingest.sources.imported_people import ImportedPersonPayload
from models import extracted


class Payload(ImportedPersonPayload):
    person_linkedin_url: LinkedinUrlIfSent = alias("person_linkedin_url", "linkedin_url")


def extract(p: Payload) -> list[extracted.NostraPerson]:
    return [extracted.NostraPerson(**p.person_columns())]


SOURCE = Source("nostra_person", Payload, extract, tables=(extracted.NostraPerson,))
