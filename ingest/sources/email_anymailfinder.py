"""AnyMailFinder's answer for a person (LEGACY-PAYLOADS 2): ``anymailfinder_raw_payload`` with
``results.{email, validation, alternatives}``, ``success`` and ``input.not_found_error``.

``validation`` is the row's status; the alternatives are kept as sent on the same row.
"""

from typing import Annotated

from pydantic import BeforeValidator

from ingest.sources.base import Flag, Json, Lenient, Source, Text, alias, as_object, required
from ingest.sources.email_finders import EmailFinderPayload, VendorResponse, person_email
from models import extracted


class Results(Lenient):
    email: Text = alias("email")
    validation: Text = alias("validation")
    alternatives: Json = alias("alternatives")


class Input(Lenient):
    not_found_error: Flag = alias("not_found_error")


class Response(VendorResponse):
    results: Annotated[Results | None, BeforeValidator(as_object)] = alias("results")
    success: Flag = alias("success")
    input: Annotated[Input | None, BeforeValidator(as_object)] = alias("input")


class Payload(EmailFinderPayload):
    vendor_field = "anymailfinder_raw_payload"
    response: Response = required("anymailfinder_raw_payload")


def extract(p: Payload) -> list[extracted.PersonEmail]:
    results, found = p.response.results or Results(), p.response.input or Input()
    return [
        person_email(
            SOURCE.name,
            p,
            results.email,
            status=results.validation,
            alternatives=results.alternatives,
            success=p.response.success,
            not_found_error=found.not_found_error,
        )
    ]


SOURCE = Source("email_anymailfinder", Payload, extract, tables=(extracted.PersonEmail,))
