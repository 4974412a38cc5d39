"""Saved lead views: a lead list field of `Query` with its arguments, stored under a short unguessable slug.

A view stores the arguments as a client sends them (JSON, GraphQL names). They are read with the
schema's own argument types when saved and again whenever the view is opened (gateway/lists/
field_arguments.py, as the CSV export reads its body): `leadView(slug) { leads }` is then the list's
own connection (the same source function and `lead_list`), its windows (e.g. `startedWithinDays`)
counted from the day it is opened. A view whose arguments the schema no longer accepts answers its
`leads` with BAD_USER_INPUT naming the argument; the view itself still reads.
"""

import functools
import secrets
from datetime import datetime
from typing import Annotated, Any, Self

import orjson
import strawberry
from sqlalchemy import Row, Table, delete, exists, insert, select
from strawberry.scalars import JSON

from gateway.auth import Role
from gateway.context import Info
from gateway.database import fetch
from gateway.errors import BadUserInput, Forbidden, GatewayError, LimitExceeded, NotFound
from gateway.leads.queries import all_leads, lead_list
from gateway.leads.sources import LeadSource
from gateway.leads.types import Lead, LeadConnection
from gateway.lists.arguments import check_offset
from gateway.lists.compiler import compile_list
from gateway.lists.field_arguments import PAGING, ListArguments, ListFields
from gateway.lists.resolve import SourceOf
from gateway.permissions import IsReader
from gateway.signals.queries import SIGNAL_LISTS
from models.ops import LeadView as LeadViewRow

# The lead lists of `Query` a view may name (every list of LIST_SOURCES but `companies`).
LEAD_LISTS: dict[str, SourceOf] = {"leads": all_leads, **SIGNAL_LISTS}
MAX_NAME_CHARS = 200
MAX_ARGUMENTS_BYTES = 16_384
SLUG_BYTES = 12  # 16 URL-safe characters, 96 random bits

LV: Table = LeadViewRow.__table__  # type: ignore[assignment]  # a mapped class's table is a Table


@functools.lru_cache(maxsize=8)
def lead_lists(schema: strawberry.Schema) -> ListFields:
    """The lead list fields of the schema being served, built once per schema."""
    return ListFields(schema, LEAD_LISTS)


def read_arguments(info: Info, list_name: str, arguments: Any) -> ListArguments:
    """A view's list and arguments as the list field reads them (BadUserInput naming what does not fit)."""
    lists = lead_lists(info.schema)
    if list_name not in lists:
        raise BadUserInput(
            f"`{list_name}` is not a lead list of Query; lead lists: {', '.join(lists)}.", argument="list"
        )
    if isinstance(arguments, dict) and (paging := [k for k in PAGING if k in arguments]):
        raise BadUserInput(
            f"Paging arguments ({', '.join(paging)}) are not saved: pass them to the view's `leads`.",
            argument=paging[0],
        )
    return lists.read(list_name, arguments)


@strawberry.type(description="A saved lead list: a lead list field of `Query` with its arguments, opened by slug.")
class LeadView:
    slug: str = strawberry.field(description="The view's short, unguessable handle (share it to share the view).")
    name: str
    list_name: str = strawberry.field(name="list", description="The lead list field of `Query`, e.g. `newInRole`.")
    arguments: JSON = strawberry.field(
        description="The list's arguments as saved (GraphQL names, no paging), e.g. "
        '`{"filter": {"jobFunctions": ["Engineering"]}, "startedWithinDays": 30}`.'
    )
    created_by: str = strawberry.field(description="The name of the API key that saved the view.")
    created_at: datetime

    @classmethod
    def from_row(cls, row: Row[Any]) -> Self:
        return cls(
            slug=row.slug,
            name=row.name,
            list_name=row.list,
            arguments=row.arguments,
            created_by=row.created_by,
            created_at=row.created_at,
        )

    @strawberry.field(
        description="The list with the saved arguments applied: its paging, `totalCount` and `facets`. Null, with "
        "a BAD_USER_INPUT error naming the argument, when the saved arguments no longer fit the list. Nodes are "
        "`Lead`s: fields only a signal list has (e.g. `promotionDate`) are read from the list itself."
    )
    def leads(
        self, info: Info, first: int | None = None, after: str | None = None, offset: int | None = None
    ) -> LeadConnection | None:
        try:
            read = read_arguments(info, self.list_name, self.arguments)
        except BadUserInput as exc:
            raise BadUserInput(
                f"The view {self.slug} was saved with arguments `{self.list_name}` no longer accepts: {exc.message} "
                "Save the view again with arguments it accepts.",
                **exc.extensions,
                view=self.slug,
            ) from exc
        source = read.source
        assert isinstance(source, LeadSource)  # every source of LEAD_LISTS is
        return lead_list(info, source, LeadConnection, Lead, read.filter, read.order_by, first, after, offset)


def _name(name: str) -> str:
    name = name.strip()
    if not 0 < len(name) <= MAX_NAME_CHARS:
        raise BadUserInput(f"`name` must be 1 to {MAX_NAME_CHARS} characters (got {len(name)}).", argument="name")
    return name


@strawberry.type
class LeadViewQueries:
    @strawberry.field(permission_classes=[IsReader], description="A saved lead view by slug (null when unknown).")
    async def lead_view(self, info: Info, slug: str) -> LeadView | None:
        rows = await fetch(info.context.engine, select(LV).where(LV.c.slug == slug))
        return LeadView.from_row(rows[0]) if rows else None

    @strawberry.field(
        permission_classes=[IsReader],
        description="Saved lead views, newest first (`mine`: only those saved with the caller's key). `first` is "
        "at most 100; page on with `offset`.",
    )
    async def lead_views(
        self, info: Info, mine: bool = False, first: int | None = 50, offset: int | None = None
    ) -> list[LeadView]:
        stmt = (
            select(LV)
            .order_by(LV.c.created_at.desc(), LV.c.slug)
            .limit(info.context.page_size(first))
            .offset(check_offset(offset))
        )
        if mine:
            stmt = stmt.where(LV.c.api_key_id == info.context.key_id)
        return [LeadView.from_row(r) for r in await fetch(info.context.engine, stmt)]


@strawberry.type
class LeadViewMutations:
    @strawberry.mutation(
        permission_classes=[IsReader],
        description="Saves a lead list (`list`: a lead list field of Query) with its arguments (no paging); "
        "the arguments are checked as the list checks them.",
    )
    async def save_lead_view(
        self,
        info: Info,
        name: str,
        list_name: Annotated[str, strawberry.argument(name="list")],
        arguments: JSON | None = None,
    ) -> LeadView:
        values: Any = {} if arguments is None else arguments
        size = len(orjson.dumps(values))
        if size > MAX_ARGUMENTS_BYTES:
            raise LimitExceeded(
                f"`arguments` is at most {MAX_ARGUMENTS_BYTES} bytes of JSON (got {size}).",
                argument="arguments",
                maximum=MAX_ARGUMENTS_BYTES,
            )
        read = read_arguments(info, list_name, values)
        compile_list(read.source, read.filter, read.order_by, page=None)  # an order the list refuses, etc.
        principal = info.context.principal
        assert principal is not None  # IsReader
        row_values = {
            "slug": secrets.token_urlsafe(SLUG_BYTES),
            "name": _name(name),
            "list": list_name,
            "arguments": values,
            "api_key_id": principal.key_id,
            "created_by": principal.name,
        }
        async with info.context.engine.begin() as conn:
            row = (await conn.execute(insert(LV).values(row_values).returning(*LV.c))).one()
        return LeadView.from_row(row)

    @strawberry.mutation(
        permission_classes=[IsReader],
        description="Deletes a saved lead view: only the key that saved it, or an operator, may.",
    )
    async def delete_lead_view(self, info: Info, slug: str) -> bool:
        principal = info.context.principal
        assert principal is not None  # IsReader
        stmt = delete(LV).where(LV.c.slug == slug)
        if principal.role is not Role.OPERATOR:
            stmt = stmt.where(LV.c.api_key_id == principal.key_id)
        async with info.context.engine.begin() as conn:
            if (await conn.execute(stmt.returning(LV.c.slug))).first() is not None:
                return True
            found = await conn.scalar(select(exists().where(LV.c.slug == slug)))
        error: GatewayError = (
            Forbidden("Only the key that saved this view, or an operator, may delete it.")
            if found
            else NotFound(f"No lead view {slug!r}.")
        )
        raise error
