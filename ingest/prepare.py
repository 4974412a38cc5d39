"""The pure half of the ingest pipeline: dedupe key, cleaning, validation and extraction (no I/O).

`prepare` turns a body into a `Prepared`: NULs stripped, JSON text for JSONB, and either the grouped
extracted rows or the validation errors / extractor failure the raw row records.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import orjson
from pydantic import ValidationError
from sqlalchemy import Table

from ingest.extracted_rows import group_rows
from ingest.normalize import canonical_json, parse_json_maybe, strip_nul
from ingest.sources.base import Source
from models.base import Base


@dataclass(frozen=True, slots=True)
class IngestError:
    path: str
    message: str
    code: str


def dedupe_key(source: str, body: object, explicit: str | None = None) -> str:
    """The caller's or body's idempotency key, else ``sha256:`` of source + canonical body."""
    key = explicit or _body_idempotency_key(body)
    if key:
        return key
    digest = hashlib.sha256(source.encode() + b"\n" + canonical_json(body)).hexdigest()
    return f"sha256:{digest}"


def _body_idempotency_key(body: object) -> str | None:
    data = parse_json_maybe(body)
    for layer in (data, parse_json_maybe(data.get("raw_payload")) if isinstance(data, dict) else None):
        if isinstance(layer, dict):
            for name in ("idempotency_key", "idempotencyKey"):
                value = layer.get(name)
                if isinstance(value, str | int) and not isinstance(value, bool) and str(value).strip():
                    return str(value).strip()
    return None


@dataclass(slots=True)
class Prepared:
    """A body made ready for the database: cleaned, validated and extracted (no I/O yet)."""

    body: Any
    payload_json: str
    had_nul: bool
    subject: str | None
    status: str  # stored | rejected | failed
    errors: tuple[IngestError, ...] = ()
    rows: list[Base] = field(default_factory=list)
    groups: list[tuple[Table, list[dict[str, Any]]]] = field(default_factory=list)
    exc: BaseException | None = None

    @property
    def count(self) -> int:
        return sum(len(values) for _, values in self.groups)

    def extract(self, make_rows: Callable[[], Sequence[Base]]) -> None:
        """Run an extract (or resolve) step; whatever it raises makes the outcome FAILED."""
        try:
            self.rows = list(make_rows())
            self.groups = group_rows(self.rows)
        except Exception as exc:  # noqa: BLE001 - an extractor bug is an outcome, kept for replay
            self.fail(exc)

    def fail(self, exc: BaseException) -> None:
        self.status, self.rows, self.groups, self.exc = "failed", [], [], exc
        self.errors = (IngestError("", f"{type(exc).__name__}: {exc}", "EXTRACTION_FAILED"),)


def _finite(value: Any) -> Any:
    """NaN and infinities as null, as orjson writes them (JSON has no such numbers)."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_finite(v) for v in value]
    return value


def _dumps(body: Any) -> tuple[Any, str, bool]:
    """(body, JSON text) for JSONB; lone surrogates and >64-bit ints take the slow path."""
    try:
        return body, orjson.dumps(body).decode(), False
    except TypeError:
        body = _finite(body)
        text = json.dumps(body, ensure_ascii=False, allow_nan=False)
        safe = text.encode("utf-8", "replace").decode("utf-8")
        return (json.loads(safe), safe, True) if safe != text else (body, text, False)


def prepare(source: Source[Any], body: Any) -> Prepared:
    """Clean, validate and extract a body; never raises for bad input or a broken extractor."""
    body, had_nul = strip_nul(body)
    body, payload_json, replaced = _dumps(body)
    prepared = Prepared(body, payload_json, had_nul or replaced, None, "stored")
    try:
        payload = source.payload.model_validate(body)
    except ValidationError as exc:
        prepared.status = "rejected"
        prepared.errors = tuple(_validation_errors(exc, body))
        prepared.subject = source.payload.guess_subject(body)
        return prepared
    prepared.subject = payload.subject
    prepared.extract(lambda: source.extract(payload))
    return prepared


def _validation_errors(exc: ValidationError, body: Any) -> Iterable[IngestError]:
    data = parse_json_maybe(body)
    inner = parse_json_maybe(data.get("raw_payload")) if isinstance(data, dict) else None
    for error in exc.errors(include_url=False, include_input=False):
        loc = [str(part) for part in error["loc"]]
        # a field that only the wrapped object holds is reported where the client sent it
        if loc and isinstance(data, dict) and isinstance(inner, dict) and loc[0] not in data and loc[0] in inner:
            loc.insert(0, "raw_payload")
        yield IngestError(".".join(loc), error["msg"], error["type"].upper())
