"""A case study (LEGACY-PAYLOADS 4): the extraction request (``origin_company_name``, ``origin_company_domain``,
``case_study_url``, ``company_customer_name``, ``workflow_slug``), the extraction's answer (``article_title``,
``company_customer_domain``, ``confidence``, ``reasoning``, ``champions[]``) and the parallel run's body
(``publishing_company_name``, ``customer_company_*``, ``champions[]``, ``success``), in one source.

The article URL is required. A parallel run that reports ``success: false`` found nothing and is
rejected, as the old endpoint stored nothing for it.
"""

from pydantic import model_validator
from pydantic_core import PydanticCustomError

from ingest.sources.base import Flag, Source, Text, alias, required
from ingest.sources.case_studies import CaseStudyPayload, case_study_rows
from models import extracted
from models.base import Base


class Payload(CaseStudyPayload):
    case_study_url: Text = required("case_study_url")
    success: Flag = alias("success")

    @model_validator(mode="after")
    def _a_successful_run(self) -> "Payload":
        if self.case_study_url is None:
            raise PydanticCustomError("missing", "case_study_url is required")
        if self.success is False:
            raise PydanticCustomError("run_failed", "success is false: the run found no case study")
        return self


def extract(p: Payload) -> list[Base]:
    return case_study_rows(SOURCE.name, p)


SOURCE = Source("case_study", Payload, extract, tables=(extracted.CaseStudy, extracted.CaseStudyChampion))
