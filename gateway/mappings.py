"""Operator corrections of the title and location lookups the core build maps raw values through.

A correction is stamped in the lookup; the next incremental core build rebuilds the people and
companies whose raw values map through it (`ingest.core_build.remapped`). Audited like every
operator mutation (`gateway.audit`).
"""

from datetime import datetime

import strawberry

from gateway.context import Info
from gateway.core_build.resolvers import maintenance
from gateway.errors import BadUserInput
from gateway.lists.values import text_input
from gateway.permissions import IsOperator
from ingest.core_build import lookup_writes


@strawberry.type(description="How a raw job title maps to the vocabulary (what the core build reads).")
class JobTitleMapping:
    raw_title: str
    cleaned_title: str
    job_function: str
    seniority: str
    updated_at: datetime | None = strawberry.field(description="When it last changed (null: seeded data).")
    updated_by: str | None = strawberry.field(description='"operator:<key name>" or the feed\'s source name.')


@strawberry.type(description="How a raw location text maps to city, state and country (what the core build reads).")
class LocationMapping:
    raw_location: str
    city: str | None
    state: str | None
    country: str | None
    updated_at: datetime | None = strawberry.field(description="When it last changed (null: seeded data).")
    updated_by: str | None = strawberry.field(description='"operator:<key name>" or the feed\'s source name.')


def _raw(value: str, argument: str) -> str:
    if not text_input(value).strip():
        raise BadUserInput(f"{argument} must not be empty.", argument=argument)
    return value


def _parts(*values: str | None) -> tuple[str | None, str | None, str | None]:
    checked = tuple(text_input(v) if v is not None else None for v in values)
    return checked[0], checked[1], checked[2]


def _operator(info: Info) -> str:
    principal = info.context.principal
    return f"operator:{principal.name}" if principal else "operator"


def _unknown(exc: lookup_writes.UnknownValue) -> BadUserInput:
    return BadUserInput(str(exc), field=exc.field, value=exc.value, **({"allowed": exc.allowed} if exc.allowed else {}))


@strawberry.type
class MappingMutations:
    @strawberry.mutation(
        permission_classes=[IsOperator],
        description="Add or correct how a raw job title maps (matched case-insensitively, trimmed); omitted parts "
        "keep the current mapping. Reaches the affected people on the next incremental core build.",
    )
    async def set_job_title_mapping(
        self,
        info: Info,
        raw_title: str,
        cleaned_title: str | None = None,
        job_function: str | None = None,
        seniority: str | None = None,
    ) -> JobTitleMapping:
        raw = _raw(raw_title, "rawTitle")
        async with maintenance(info) as conn:
            try:
                parts = _parts(cleaned_title, job_function, seniority)
                row = await lookup_writes.set_title(conn, raw, parts, _operator(info))
            except lookup_writes.UnknownValue as exc:
                raise _unknown(exc) from exc
        return JobTitleMapping(
            raw_title=row["raw_value"],
            cleaned_title=row["matched_cleaned_job_title"],
            job_function=row["matched_job_function"],
            seniority=row["matched_seniority"],
            updated_at=row["updated_at"],
            updated_by=row["updated_by"],
        )

    @strawberry.mutation(
        permission_classes=[IsOperator],
        description="Add or correct how a raw location text maps (matched case-insensitively, trimmed): exactly the "
        "given city, state and country (a name or ISO code). Reaches the affected people and companies on the next "
        "incremental core build.",
    )
    async def set_location_mapping(
        self,
        info: Info,
        raw_location: str,
        city: str | None = None,
        state: str | None = None,
        country: str | None = None,
    ) -> LocationMapping:
        raw = _raw(raw_location, "rawLocation")
        async with maintenance(info) as conn:
            try:
                row = await lookup_writes.set_location(conn, raw, _parts(city, state, country), _operator(info))
            except lookup_writes.UnknownValue as exc:
                raise _unknown(exc) from exc
        return LocationMapping(
            raw_location=row["raw_value"],
            city=row["matched_city"],
            state=row["matched_state"],
            country=row["matched_country"],
            updated_at=row["updated_at"],
            updated_by=row["updated_by"],
        )
