"""GraphQL types of ingest: IngestResult and its enums, raw payloads for operators, top-priority upload."""

import enum
from datetime import datetime
from typing import TYPE_CHECKING, Any

import strawberry
from strawberry.scalars import JSON

from ingest.pipeline import IngestOutcome, IngestStatus
from ingest.registry import NAMES

if TYPE_CHECKING:
    IngestSource = enum.Enum
else:
    # generated from the registry: the GraphQL value is the source's name upper-cased, like every enum
    # of the schema; the Python value stays the name (the /ingest/{source} segment, raw.payloads.source)
    IngestSource = strawberry.enum(
        enum.Enum("IngestSource", [(name.upper(), name) for name in NAMES]),
        description="A Clay webhook source: its name upper-cased (`COMPANY_FIRMOGRAPHICS`); the HTTP "
        "adapter takes the name itself as its path segment (`POST /ingest/company_firmographics`).",
    )

IngestStatusType = strawberry.enum(
    IngestStatus,
    name="IngestStatus",
    description="STORED: new row; DUPLICATE: already stored (first raw id); REJECTED: invalid, kept "
    "in raw with its errors; FAILED: valid but extraction failed, kept in raw for a replay.",
)


@strawberry.type(description="Why a payload was rejected or failed: a field path, a message and a stable code.")
class IngestError:
    path: str
    message: str
    code: str


@strawberry.type(description="The outcome of one webhook payload.")
class IngestResult:
    raw_id: strawberry.ID
    source: IngestSource
    status: IngestStatusType  # type: ignore[valid-type]
    extracted_count: int
    errors: list[IngestError]

    @classmethod
    def of(cls, outcome: IngestOutcome) -> "IngestResult":
        return cls(
            raw_id=strawberry.ID(str(outcome.raw_id)),
            source=IngestSource(outcome.source),
            status=outcome.status,
            extracted_count=outcome.extracted_count,
            errors=[IngestError(path=e.path, message=e.message, code=e.code) for e in outcome.errors],
        )


@strawberry.type(description="A stored webhook body (operators only), e.g. a rejected or failed one.")
class RawPayload:
    id: strawberry.ID
    source: IngestSource
    status: IngestStatusType  # type: ignore[valid-type]
    subject: str | None
    errors: list[IngestError]
    extractor_version: int
    extracted_count: int
    had_nul: bool
    received_at: datetime
    updated_at: datetime
    payload: JSON | None = strawberry.field(description="The body as received; null when the body was JSON null.")

    @classmethod
    def of(cls, row: Any) -> "RawPayload":
        return cls(
            id=strawberry.ID(str(row.id)),
            source=IngestSource(row.source),
            status=IngestStatus(row.status.upper()),
            subject=row.subject,
            errors=[IngestError(**e) for e in row.errors or []],
            extractor_version=row.extractor_version,
            extracted_count=row.extracted_count,
            had_nul=row.had_nul,
            received_at=row.received_at,
            updated_at=row.updated_at,
            payload=row.payload,
        )


@strawberry.input(description="One row of the top-priority company list; the domain is the key.")
class TopPriorityCompanyInput:
    company_name: str | None = None
    domain: str | None = None
    company_linkedin_url: str | None = None


@strawberry.type(description="A row of an upload that was not stored, by its index in the input.")
class UploadRowError:
    index: int
    domain: str | None
    message: str


@strawberry.type(description="What an upload did: rows inserted, updated, unchanged and invalid.")
class UploadResult:
    inserted: int
    updated: int
    unchanged: int
    invalid: int
    invalid_rows: list[UploadRowError]
