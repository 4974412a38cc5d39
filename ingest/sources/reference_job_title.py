"""Clay's parse of a job title (LEGACY-PAYLOADS 15): `ingest_job_title_parsed` and hq-api's job-title update.

``{raw_job_title, cleaned_job_title, seniority, job_function, source}`` (hq-api: ``latest_title``,
``seniority_level``, ``status``). The old key is (raw title, `source`), `source` defaulting to
``case-study-champions``. Lands in `extracted.reference_job_titles`; the next core build writes it into
`reference.job_title_lookup` (a seniority or function outside the vocabulary is left to the rules).
"""

from typing import ClassVar

from ingest.sources.base import Source, Text, alias, required
from ingest.sources.reference_lookups import LookupPayload, RequiredText
from models import extracted

DEFAULT_SOURCE = "case-study-champions"


class Payload(LookupPayload):
    subject_field: ClassVar[str] = "raw_job_title"

    raw_job_title: RequiredText = required("raw_job_title", "latest_title", "job_title")
    cleaned_job_title: RequiredText = required("cleaned_job_title")
    seniority: Text = alias("seniority", "seniority_level")
    job_function: Text = alias("job_function")
    source: Text = alias("source")
    status: Text = alias("status")


def extract(p: Payload) -> list[extracted.ReferenceJobTitle]:
    return [
        extracted.ReferenceJobTitle(
            raw_key=p.key,
            source=p.source or DEFAULT_SOURCE,
            raw_job_title=p.raw_job_title,
            cleaned_job_title=p.cleaned_job_title,
            seniority=p.seniority,
            job_function=p.job_function,
            status=p.status,
        )
    ]


SOURCE = Source("reference_job_title", Payload, extract, tables=(extracted.ReferenceJobTitle,))
