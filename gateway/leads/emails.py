"""A person's emails (core.person_emails, issue 12): the type, its SQL and its dataloader side by side."""

from datetime import datetime
from typing import Any, Self

import strawberry
from sqlalchemy import Row, any_, literal, select
from sqlalchemy.dialects.postgresql import ARRAY, BIGINT
from sqlalchemy.sql import Select

from gateway.loading import GroupedLoader
from models import core

PE = core.PersonEmail.__table__


@strawberry.type(description="An email an email finder found for the person (core.person_emails).")
class PersonEmail:
    email: str
    source: str = strawberry.field(description="The ingest source that found it (email_leadmagic ...).")
    status: str | None = strawberry.field(description="The finder's validation status, as it sent it.")
    found_at: datetime = strawberry.field(description="When the finder's answer last arrived.")

    @classmethod
    def from_row(cls, row: Row[Any]) -> Self:
        return cls(email=row.email, source=row.source, status=row.status, found_at=row.found_at)


def select_emails_by_person(person_ids: list[int]) -> Select[Any]:
    """Emails of the people, newest first; the address breaks ties."""
    return (
        select(PE)
        .where(PE.c.person_id == any_(literal(person_ids, ARRAY(BIGINT))))
        .order_by(PE.c.person_id, PE.c.found_at.desc(), PE.c.email, PE.c.source)
    )


class EmailsByPersonLoader(GroupedLoader[int, PersonEmail]):
    key = "person_id"

    def select(self, keys: list[int]) -> Select[Any]:
        return select_emails_by_person(keys)

    def make(self, row: Row[Any]) -> PersonEmail:
        return PersonEmail.from_row(row)
