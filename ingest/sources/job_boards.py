"""What the two job-board sources share (LEGACY-PAYLOADS 7): a Bright Data dataset batch
``{records: [...], metadata: {...}}`` whose rows become `extracted.job_postings` rows.

Each board declares its record's fields under the board's own key names and which of them fill the
shared columns (`COLUMNS`); every other declared field is kept in the row's `details`. A batch is
rejected as a whole when `records` is missing or empty, when an item is not an object, or when a
record lacks the board's job id (the old system failed the whole batch too). `metadata` stays in the
raw payload (the old batch row).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar, Literal

from pydantic import model_validator
from pydantic_core import PydanticCustomError

from ingest.sources.base import ClayPayload, Lenient
from models import extracted


class BoardRecord(Lenient):
    """One dataset row of a board; `job_id`, `company_domain` and `company_linkedin_url` are the keys."""

    id_field: ClassVar[str]  # the board's name of the job id, for the rejection message
    COLUMNS: ClassVar[dict[str, str]]  # extracted.job_postings column -> field filling it
    KEY_FIELDS: ClassVar[tuple[str, ...]] = ()  # fields the company keys are read from

    job_id: str | None

    @model_validator(mode="after")
    def _an_id(self) -> BoardRecord:
        if not self.job_id:
            raise PydanticCustomError("missing", "{field} is required", {"field": self.id_field})
        return self

    @property
    def company_domain(self) -> str | None:
        return None

    @property
    def company_linkedin_url(self) -> str | None:
        return None

    def columns(self) -> dict[str, Any]:
        return {column: getattr(self, name) for column, name in self.COLUMNS.items()}

    def details(self) -> dict[str, Any] | None:
        """The declared fields without a column of their own, as read (None when none was sent)."""
        rest = self.model_dump(mode="json", exclude={"job_id", *self.COLUMNS.values(), *self.KEY_FIELDS})
        kept = {name: value for name, value in rest.items() if value not in (None, "", [], {})}
        return kept or None


class BoardBatch(ClayPayload):
    """A batch of one board's records; its subject is the first record's company."""

    subject_field: ClassVar[str] = "records"
    subject_kind: ClassVar[Literal["domain", "linkedin"]] = "domain"

    records: Sequence[BoardRecord]

    @model_validator(mode="after")
    def _a_record(self) -> BoardBatch:
        if not self.records:
            raise PydanticCustomError("missing", "records holds no job record")
        return self

    @property
    def subject(self) -> str:
        first = self.records[0]
        return first.company_domain or first.company_linkedin_url or ""

    @classmethod
    def guess_subject(cls, body: object) -> str | None:
        return None


def board_rows(source: str, batch: BoardBatch) -> list[extracted.JobPosting]:
    return [
        extracted.JobPosting(
            source=source,
            company_domain=r.company_domain or "",
            company_linkedin_url=r.company_linkedin_url,
            job_id=r.job_id,
            details=r.details(),
            **r.columns(),
        )
        for r in batch.records
    ]
