"""Query fields of the lead domain: `leads` and `person`."""

from collections.abc import Callable

import strawberry

from gateway.context import Info
from gateway.errors import BadUserInput
from gateway.leads.fields import LeadFilter, LeadOrder
from gateway.leads.loaders import select_person_by_linkedin_url
from gateway.leads.sources import ALL_LEADS, LeadSource
from gateway.leads.types import Lead, LeadConnection, Person
from gateway.lists.resolve import C, list_connection
from gateway.lists.values import text_input
from gateway.permissions import IsReader
from gateway.statements import Built, StatementField
from ingest.normalize import normalize_linkedin_url


def lead_list(
    info: Info,
    source: LeadSource,
    connection: Callable[..., C],
    node: type[Lead],
    filter: LeadFilter | None,
    order_by: list[LeadOrder] | None,
    first: int | None,
    after: str | None,
    offset: int | None,
) -> C:
    """A lead connection of `source`, its page's companies and work histories prefetched when selected."""
    return list_connection(info, source, connection, node, filter, order_by, first, after, offset, Lead.prefetch)


def all_leads() -> LeadSource:
    """`leads` mirrors core.leads: it has no arguments of its own."""
    return ALL_LEADS


def _person(linkedin_url: str) -> Built:
    """`person(linkedinUrl)`: the person of the normalised URL (or its SalesNav lead URL), if any."""
    url = normalize_linkedin_url(text_input(linkedin_url))
    if url is None:
        raise BadUserInput(f"`linkedinUrl`: {linkedin_url!r} is not a LinkedIn URL.")
    return [select_person_by_linkedin_url(url)], lambda results: Person.from_row(results[0][0]) if results[0] else None


PERSON_BY_URL = StatementField(_person)


@strawberry.type
class LeadQueries:
    @strawberry.field(
        permission_classes=[IsReader],
        description="Leads (core.leads), complete ones unless `filter.complete` is false; by person id unless "
        "`orderBy` says otherwise. `first` is at most 100.",
    )
    def leads(
        self,
        info: Info,
        filter: LeadFilter | None = None,
        order_by: list[LeadOrder] | None = None,
        first: int | None = 50,
        after: str | None = None,
        offset: int | None = None,
    ) -> LeadConnection:
        return lead_list(info, all_leads(), LeadConnection, Lead, filter, order_by, first, after, offset)

    @strawberry.field(permission_classes=[IsReader], description="A person by LinkedIn URL (any spelling of it).")
    async def person(self, info: Info, linkedin_url: str) -> Person | None:
        return await PERSON_BY_URL.resolve(info.context.engine, linkedin_url=linkedin_url)  # type: ignore[no-any-return]
