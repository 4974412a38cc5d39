"""Ingest mutations (ingest role) and the operators' failures list, replay and top-priority upload."""

from typing import Annotated

import strawberry
from sqlalchemy import select
from strawberry.scalars import JSON

from gateway.context import Info
from gateway.errors import BadUserInput, LimitExceeded, NotFound
from gateway.ingest import top_priority
from gateway.ingest.types import (
    IngestResult,
    IngestSource,
    RawPayload,
    TopPriorityCompanyInput,
    UploadResult,
    UploadRowError,
)
from gateway.lists.values import text_input
from gateway.permissions import CanIngest, IsOperator
from ingest import pipeline, replay
from ingest.pipeline import PAYLOADS
from ingest.registry import NAMES

MAX_PAYLOADS_PER_CALL = 500

# `source` is also a parameter name of strawberry's permission extension: bind it under another name
SourceArgument = Annotated[IngestSource, strawberry.argument(name="source")]
OptionalSourceArgument = Annotated[IngestSource | None, strawberry.argument(name="source")]


def _raw_ids(ids: list[strawberry.ID]) -> list[int]:
    try:
        return [int(raw_id) for raw_id in ids]
    except ValueError:
        raise BadUserInput("Raw payload ids are integers.", argument="ids") from None


@strawberry.type
class IngestMutations:
    @strawberry.mutation(
        permission_classes=[CanIngest],
        description="Store one Clay payload in raw and extract it; re-sending it is a DUPLICATE no-op.",
    )
    async def ingest(
        self, info: Info, source_: SourceArgument, payload: JSON, idempotency_key: str | None = None
    ) -> IngestResult:
        outcome = await pipeline.ingest(
            info.context.engine,
            source_.value,
            payload,
            idempotency_key=None if idempotency_key is None else text_input(idempotency_key),
            api_key_id=info.context.key_id,
        )
        return IngestResult.of(outcome)

    @strawberry.mutation(
        permission_classes=[CanIngest],
        description=f"`ingest` for each payload (at most {MAX_PAYLOADS_PER_CALL}), one result each, in order.",
    )
    async def ingest_many(self, info: Info, source_: SourceArgument, payloads: list[JSON]) -> list[IngestResult]:
        if len(payloads) > MAX_PAYLOADS_PER_CALL:
            raise LimitExceeded(
                f"At most {MAX_PAYLOADS_PER_CALL} payloads per call.", limit="payloads", max=MAX_PAYLOADS_PER_CALL
            )
        outcomes = await pipeline.ingest_many(
            info.context.engine, source_.value, payloads, api_key_id=info.context.key_id
        )
        return [IngestResult.of(outcome) for outcome in outcomes]

    @strawberry.mutation(
        permission_classes=[IsOperator],
        description="Upsert the top-priority company list on the normalised domain.",
    )
    async def upload_top_priority_companies(self, info: Info, rows: list[TopPriorityCompanyInput]) -> UploadResult:
        report = await top_priority.upload(
            info.context.engine, [(r.company_name, r.domain, r.company_linkedin_url) for r in rows]
        )
        return UploadResult(
            inserted=report.inserted,
            updated=report.updated,
            unchanged=report.unchanged,
            invalid=len(report.invalid),
            invalid_rows=[UploadRowError(index=i, domain=d, message=m) for i, d, m in report.invalid],
        )

    @strawberry.mutation(
        permission_classes=[IsOperator],
        description="Run the current extractor again over stored raw payloads (e.g. after a fix).",
    )
    async def replay_raw(self, info: Info, ids: list[strawberry.ID]) -> list[IngestResult]:
        raw_ids = _raw_ids(ids)
        if len(raw_ids) > MAX_PAYLOADS_PER_CALL:
            raise LimitExceeded(f"At most {MAX_PAYLOADS_PER_CALL} ids per call.", limit="ids")
        async with info.context.engine.connect() as conn:
            found = set(
                await conn.scalars(
                    select(PAYLOADS.c.id).where(PAYLOADS.c.id.in_(raw_ids), PAYLOADS.c.redacted.is_(False))
                )
            )
        if missing := [raw_id for raw_id in raw_ids if raw_id not in found]:
            raise NotFound(f"No raw payload with id {', '.join(map(str, missing))}.", ids=[str(m) for m in missing])
        outcomes = await replay.replay_ids(info.context.engine, raw_ids)
        return [IngestResult.of(outcome) for outcome in outcomes if outcome is not None]


@strawberry.type
class IngestQueries:
    @strawberry.field(
        permission_classes=[IsOperator],
        description="Rejected and failed raw payloads, newest first.",
    )
    async def ingest_failures(
        self, info: Info, source_: OptionalSourceArgument = None, first: int | None = 50
    ) -> list[RawPayload]:
        limit = info.context.page_size(first)
        query = (
            select(PAYLOADS)
            .where(PAYLOADS.c.status.in_(("rejected", "failed")), PAYLOADS.c.source.in_(NAMES))
            .order_by(PAYLOADS.c.id.desc())
            .limit(limit)
        )
        if source_ is not None:
            query = query.where(PAYLOADS.c.source == source_.value)
        async with info.context.engine.connect() as conn:
            rows = (await conn.execute(query)).all()
        return [RawPayload.of(row) for row in rows]
