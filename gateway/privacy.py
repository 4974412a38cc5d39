"""Privacy operations: erasure requests (GDPR) for one person."""

import strawberry

from gateway.context import Info
from gateway.errors import BadUserInput
from gateway.permissions import IsOperator
from ingest import erasure


@strawberry.type(description="What an erasure removed (the erasure itself is in the audit log).")
class ErasureReport:
    linkedin_url: str
    core_rows: int = strawberry.field(description="Rows deleted from core (work history and promotions cascade).")
    extracted_rows: int
    raw_payloads_redacted: int


@strawberry.type
class PrivacyMutations:
    @strawberry.mutation(
        permission_classes=[IsOperator],
        description="Remove a person from core and extracted and redact every raw payload naming them.",
    )
    async def erase_person(self, info: Info, linkedin_url: str) -> ErasureReport:
        try:
            report = await erasure.erase_person(info.context.engine, linkedin_url)
        except ValueError as exc:
            raise BadUserInput(str(exc)) from exc
        return ErasureReport(
            linkedin_url=report.linkedin_url,
            core_rows=report.core_rows,
            extracted_rows=report.extracted_rows,
            raw_payloads_redacted=report.raw_payloads_redacted,
        )
