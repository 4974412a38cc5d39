"""The raw row of every webhook body (``raw.payloads``): its statements, built once.

The per-request cost of the pipeline's raw writes is binding parameters, not building SQL; JSONB
parameters travel as JSON text serialised once by orjson.
"""

from typing import Any

import orjson
from sqlalchemy import Table, Text, bindparam, cast, func, select, update
from sqlalchemy.dialects.postgresql import JSONB, insert
from sqlalchemy.sql.elements import Cast

from ingest.prepare import IngestError
from models import raw

PAYLOADS: Table = raw.Payload.__table__  # type: ignore[assignment]


def errors_json(errors: tuple[IngestError, ...]) -> str | None:
    if not errors:
        return None
    return orjson.dumps([{"path": e.path, "message": e.message, "code": e.code} for e in errors]).decode()


def jsonb(name: str) -> Cast[Any]:
    """A JSONB parameter sent as JSON text (serialised once, by orjson)."""
    return cast(bindparam(name, type_=Text), JSONB)


# Statements are built once: the per-request cost is binding parameters, not building SQL.
INSERT_RAW = (
    insert(PAYLOADS)
    .values(payload=jsonb("payload_json"), errors=jsonb("errors_json"))
    .on_conflict_do_nothing(index_elements=["source", "dedupe_key"])
    .returning(PAYLOADS.c.id)
)
FIRST_RAW = (
    select(PAYLOADS.c.id, PAYLOADS.c.status, PAYLOADS.c.extracted_count, PAYLOADS.c.redacted)
    .where(PAYLOADS.c.source == bindparam("p_source"), PAYLOADS.c.dedupe_key == bindparam("p_dedupe_key"))
    .with_for_update()
)
REPLAYABLE_RAW = (
    select(PAYLOADS.c.source, PAYLOADS.c.payload)
    .where(PAYLOADS.c.id == bindparam("p_id"), PAYLOADS.c.redacted.is_(False))
    .with_for_update()
)
_OUTCOME_COLUMNS = {
    "status": bindparam("p_status"),
    "errors": jsonb("errors_json"),
    "extracted_count": bindparam("p_extracted_count"),
    "extractor_version": bindparam("p_extractor_version"),
    "subject": bindparam("p_subject"),
    "updated_at": func.now(),
}
UPDATE_OUTCOME = update(PAYLOADS).where(PAYLOADS.c.id == bindparam("p_id")).values(_OUTCOME_COLUMNS)
UPDATE_OUTCOME_AND_BODY = (
    update(PAYLOADS)
    .where(PAYLOADS.c.id == bindparam("p_id"))
    .values({**_OUTCOME_COLUMNS, "payload": jsonb("payload_json"), "had_nul": bindparam("p_had_nul")})
)
