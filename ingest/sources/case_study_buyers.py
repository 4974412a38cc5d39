"""The people of a case study (LEGACY-PAYLOADS 4, ``ingest_case_study_buyers``): the publisher
(``origin_company_name``, ``origin_company_domain``), ``case_study_url`` (optional), the customer
(``customer_company_name``, ``customer_company_domain``) and ``people[]`` (``fullName``, ``jobTitle``).
``success`` is accepted and ignored, as before; cost and tokens stay in the raw row.
"""

from ingest.sources.base import Source
from ingest.sources.case_studies import CaseStudyPayload, case_study_rows
from models import extracted
from models.base import Base


class Payload(CaseStudyPayload):
    pass


def extract(p: Payload) -> list[Base]:
    return case_study_rows(SOURCE.name, p)


SOURCE = Source("case_study_buyers", Payload, extract, tables=(extracted.CaseStudy, extracted.CaseStudyChampion))
