"""Icypeas' answer for a person (LEGACY-PAYLOADS 2): ``icypeas_raw_payload`` with ``email``, ``status``,
``success``, ``searchId``, ``certainty`` and ``emails[{email, certainty, mxRecords, mxProvider}]``.

As the old extractor did, certainty falls back to the first candidate's and the MX data is the first
candidate's; the email falls back to it too. The candidates are kept whole on the row.
"""

from typing import Annotated

from pydantic import BeforeValidator

from ingest.sources.base import Flag, Json, Lenient, Source, Text, alias, as_objects, required
from ingest.sources.email_finders import EmailFinderPayload, VendorResponse, person_email
from models import extracted


class Candidate(Lenient):
    email: Text = alias("email")
    certainty: Text = alias("certainty")
    mx_records: Json = alias("mxRecords", "mx_records")
    mx_provider: Text = alias("mxProvider", "mx_provider")


class Response(VendorResponse):
    email: Text = alias("email")
    status: Text = alias("status")
    success: Flag = alias("success")
    search_id: Text = alias("searchId", "search_id")
    certainty: Text = alias("certainty")
    emails: Json = alias("emails")
    candidates: Annotated[list[Candidate], BeforeValidator(as_objects)] = alias("emails", default=[])


class Payload(EmailFinderPayload):
    vendor_field = "icypeas_raw_payload"
    response: Response = required("icypeas_raw_payload")


def extract(p: Payload) -> list[extracted.PersonEmail]:
    r = p.response
    first = r.candidates[0] if r.candidates else Candidate()
    return [
        person_email(
            SOURCE.name,
            p,
            r.email or first.email,
            status=r.status,
            success=r.success,
            search_id=r.search_id,
            certainty=r.certainty or first.certainty,
            mx_record=first.mx_records,
            mx_provider=first.mx_provider,
            emails=r.emails,
        )
    ]


SOURCE = Source("email_icypeas", Payload, extract, tables=(extracted.PersonEmail,))
