"""`POST /ingest/{source}`: the Clay adapter. Same pipeline as the `ingest` mutation, honest statuses.

200 stored or duplicate, 400 not JSON, 401 no or bad key, 403 not an ingest/operator key, 404
unknown source, 413 body over the limit, 422 rejected (stored, with field paths), 429 rate limited,
500 EXTRACTION_FAILED (stored, replayable), 503 database unavailable (one transaction: nothing
half-written). An ``Idempotency-Key`` header is the dedupe key when the body has none of its own.
"""

import json
import logging
from typing import Any

import asyncpg
import orjson
from sqlalchemy.exc import SQLAlchemyError
from starlette.requests import Request
from starlette.responses import Response

from gateway.auth import Role, authorize
from gateway.errors import (
    BadUserInput,
    GatewayError,
    LimitExceeded,
    NotFound,
    UpstreamUnavailable,
)
from gateway.extensions import translate
from ingest import pipeline
from ingest.pipeline import IngestOutcome, IngestStatus
from ingest.registry import BY_NAME

log = logging.getLogger(__name__)

STATUS_CODES = {
    IngestStatus.STORED: 200,
    IngestStatus.DUPLICATE: 200,
    IngestStatus.REJECTED: 422,
    IngestStatus.FAILED: 500,
}


def _json(body: dict[str, Any], status: int) -> Response:
    return Response(orjson.dumps(body), status_code=status, media_type="application/json")


def _outcome(outcome: IngestOutcome) -> Response:
    body: dict[str, Any] = {
        "rawId": outcome.raw_id,
        "source": outcome.source,
        "status": outcome.status.value,
        "extractedCount": outcome.extracted_count,
        "errors": [{"path": e.path, "message": e.message, "code": e.code} for e in outcome.errors],
    }
    if outcome.status is IngestStatus.FAILED:
        body["error"] = {"code": "EXTRACTION_FAILED", "message": "The payload is stored; extraction failed."}
    return _json(body, STATUS_CODES[outcome.status])


def _not_json(constant: str) -> Any:
    raise ValueError(f"{constant} is not JSON")


def _parse(body: bytes) -> Any:
    """The JSON value of a body; orjson first, the stdlib for what it refuses (ints beyond 64 bits)."""
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError:
        return json.loads(body, parse_constant=_not_json)  # NaN and Infinity are not JSON either


async def ingest_endpoint(request: Request) -> Response:
    name = request.path_params["source"]
    try:
        principal = await authorize(request, Role.INGEST, "Ingest needs the ingest or operator role.")
    except GatewayError as refusal:
        return refusal.http_response()
    source = BY_NAME.get(name)
    if source is None:
        return NotFound(f"Unknown ingest source {name!r}.", sources=sorted(BY_NAME)).http_response()
    limit: int = request.app.state.settings.max_body_bytes
    if int(request.headers.get("content-length") or 0) > limit:
        pipeline.count_unstored(name, "too_large")
        log.info("ingest body over the limit: source=%s bytes=%s", name, request.headers.get("content-length"))
        return LimitExceeded(f"The body is over {limit} bytes.", limit="body_bytes", max=limit).http_response(413)
    raw = await request.body()
    try:
        body = _parse(raw)
    except (ValueError, RecursionError):
        pipeline.count_unstored(name, "bad_json")
        log.info("ingest body is not JSON: source=%s bytes=%d", name, len(raw))
        return BadUserInput("The body is not JSON.").http_response(400)
    try:
        outcome = await pipeline.ingest(
            request.app.state.engine,
            source,
            body,
            idempotency_key=request.headers.get("idempotency-key") or None,
            api_key_id=principal.key_id,
        )
    except (SQLAlchemyError, OSError, asyncpg.PostgresError) as exc:
        known = translate(exc)
        if known is None:
            raise
        if isinstance(known, UpstreamUnavailable):
            log.warning("ingest refused, database unavailable: source=%s", name)
        return known.http_response()
    return _outcome(outcome)
