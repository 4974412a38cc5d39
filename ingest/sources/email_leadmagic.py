"""LeadMagic's answer for a person (LEGACY-PAYLOADS 2): ``leadmagic_raw_payload`` with ``email``,
``status``, ``message``, the MX data, ``is_domain_catch_all``, ``employment_verified`` and
``credits_consumed``. MX record and security gateway are kept as sent (a string or an object).
"""

from typing import Annotated

from pydantic import BeforeValidator

from ingest.normalize import parse_float
from ingest.sources.base import Flag, Json, Source, Text, alias, required
from ingest.sources.email_finders import EmailFinderPayload, VendorResponse, person_email
from models import extracted


class Response(VendorResponse):
    email: Text = alias("email")
    status: Text = alias("status")
    message: Text = alias("message")
    has_mx: Flag = alias("has_mx")
    mx_record: Json = alias("mx_record")
    mx_provider: Text = alias("mx_provider")
    mx_security_gateway: Json = alias("mx_security_gateway")
    is_domain_catch_all: Flag = alias("is_domain_catch_all")
    employment_verified: Flag = alias("employment_verified")
    credits_consumed: Annotated[float | None, BeforeValidator(parse_float)] = alias("credits_consumed")


class Payload(EmailFinderPayload):
    vendor_field = "leadmagic_raw_payload"
    response: Response = required("leadmagic_raw_payload")


def extract(p: Payload) -> list[extracted.PersonEmail]:
    r = p.response
    return [
        person_email(
            SOURCE.name,
            p,
            r.email,
            status=r.status,
            message=r.message,
            has_mx=r.has_mx,
            mx_record=r.mx_record,
            mx_provider=r.mx_provider,
            mx_security_gateway=r.mx_security_gateway,
            is_domain_catch_all=r.is_domain_catch_all,
            employment_verified=r.employment_verified,
            credits_consumed=r.credits_consumed,
        )
    ]


SOURCE = Source("email_leadmagic", Payload, extract, tables=(extracted.PersonEmail,))
