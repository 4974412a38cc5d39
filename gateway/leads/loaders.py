"""SQL and dataloaders of the lead domain: work history per person, a person by LinkedIn URL."""

from typing import TYPE_CHECKING, Any

from sqlalchemy import Row, Text, any_, literal, or_, select
from sqlalchemy.dialects.postgresql import ARRAY, BIGINT
from sqlalchemy.sql import Select

from gateway.leads.fields import PERSON
from gateway.leads.sources import LEAD_ROWS
from gateway.loading import GroupedLoader
from gateway.tables import P
from models import core

if TYPE_CHECKING:
    from gateway.leads.types import WorkHistoryEntry

WH = core.PersonWorkHistory.__table__


def select_work_history_by_person(person_ids: list[int]) -> Select[Any]:
    """Jobs of the people, current first, then newest start; id breaks ties."""
    return (
        select(WH)
        .where(WH.c.person_id == any_(literal(person_ids, ARRAY(BIGINT))))
        .order_by(WH.c.person_id, WH.c.is_current.desc(), WH.c.start_date.desc().nulls_last(), WH.c.id)
    )


def select_person_by_linkedin_url(url: str) -> Select[Any]:
    """The person of a URL, or the profile person that absorbed it as its SalesNav lead URL (issue 12)."""
    value = literal(url, Text)
    return (
        select(*PERSON.columns())
        .select_from(LEAD_ROWS)
        .where(or_(P.c.linkedin_url == value, P.c.sales_navigator_url == value))
        .order_by((P.c.linkedin_url == value).desc(), P.c.id)
        .limit(1)
    )


class WorkHistoryByPersonLoader(GroupedLoader[int, "WorkHistoryEntry"]):
    key = "person_id"

    def select(self, keys: list[int]) -> Select[Any]:
        return select_work_history_by_person(keys)

    def make(self, row: Row[Any]) -> "WorkHistoryEntry":
        from gateway.leads.types import WorkHistoryEntry  # the types module imports this one

        return WorkHistoryEntry.from_row(row)
