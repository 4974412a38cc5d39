"""Lists under each row of another list (a company's leads, customers, similar companies) as connections.

A `NestedList` is a `ListSource` of one parent's rows, correlated to the parent's key column. A page of
it for every parent of a batch is one statement: the parents' keys unnested, each one's page a LATERAL
subquery of the page statement the filter compiler builds (filters, orders and cursors are every list's),
ordered again outside. `totalCount` is one more statement, a correlated count per parent. The loaders
group a batch by the arguments asked, so 50 companies each with `customers(first: 5) { totalCount }` cost
two statements, not 100.
"""

from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Generic, TypeVar

import strawberry
from sqlalchemy import ColumnElement, Row, func, select, true
from sqlalchemy.sql import Select

from gateway.database import fetch
from gateway.lists.arguments import check_first, check_offset
from gateway.lists.compiler import ListSource, compile_list
from gateway.lists.connection import Edge, PageInfo
from gateway.lists.cursors import Page, SortKey, decode_cursor
from gateway.lists.keyset import after_condition, order_by
from gateway.lists.query import PageRows
from gateway.lists.values import text_array
from gateway.loading import Loader

N = TypeVar("N")

DEFAULT_FIRST = 10
MAX_FIRST = 100
PARENT = "parent_key"  # the label of the parent's key in the rows of a batch


@dataclass(frozen=True, eq=False)
class NestedList:
    """The rows under one parent: `source(key)` is the list of the parent whose key is the SQL `key`."""

    source: Callable[[ColumnElement[Any]], ListSource]
    make: Callable[[Row[Any]], Any]  # a row -> its node


@dataclass(frozen=True)
class NestedArgs:
    """A nested field's arguments: what the parents of a batch share (compared by their printed form)."""

    list: NestedList
    page: Page
    printed: str  # the filter and order, printed: inputs are dataclasses, their repr names every value
    filter: Any = field(default=None, compare=False, hash=False)
    order: Sequence[Any] | None = field(default=None, compare=False, hash=False)


def nested_args(
    nested: NestedList,
    first: int | None,
    after: str | None,
    offset: int | None,
    filter: Any = None,
    order: Sequence[Any] | None = None,
) -> NestedArgs:
    """Checks a nested field's page arguments (`first` at most 100, 10 when omitted)."""
    page = Page(
        first=check_first(first, default=DEFAULT_FIRST, maximum=MAX_FIRST),
        offset=check_offset(offset),
        after=after or None,
    )
    return NestedArgs(nested, page, repr((filter, order)), filter, order)


def _parents(keys: Sequence[str]) -> Any:
    return func.unnest(text_array(keys)).table_valued("key").render_derived(name="parent")


def select_pages(args: NestedArgs, keys: Sequence[str]) -> tuple[Select[Any], tuple[SortKey, ...]]:
    """One page (`first + 1` rows) per parent, for every parent at once; and the page's sort keys.

    A page whose first key is a plain column is a LATERAL subquery per parent (an index range with a
    LIMIT); one the compiler splits into parts (a nullable or computed first key: a UNION, which does not
    correlate inside LATERAL) numbers each parent's rows with `row_number()` instead.
    """
    parent = _parents(keys)
    source = args.list.source(parent.c.key)
    every = compile_list(source, args.filter, args.order, None)  # ordered, no LIMIT: also checks filter and order
    first = every.keys[0]
    if first.nullable or first.parts:
        return _numbered(args, parent, every.page, every.keys), every.keys
    compiled = compile_list(source, args.filter, args.order, args.page)
    page = compiled.page.lateral("page")
    again = [replace(k, expr=page.c[k.name], parts=()) for k in compiled.keys]
    stmt = (
        select(parent.c.key.label(PARENT), page)
        .select_from(parent.join(page, true()))
        .order_by(parent.c.key, *order_by(again))
    )
    return stmt, compiled.keys


def _numbered(args: NestedArgs, parent: Any, rows: Select[Any], keys: tuple[SortKey, ...]) -> Select[Any]:
    """Each parent's page by `row_number()` over its rows in the page's order."""
    page = args.page
    if page.after is not None:
        rows = rows.where(after_condition(keys, decode_cursor(keys, page.after)))
    rank = func.row_number().over(partition_by=parent.c.key, order_by=order_by(keys))
    ranked = rows.order_by(None).add_columns(parent.c.key.label(PARENT), rank.label("nested_rank")).subquery("page")
    return (
        select(ranked)
        .where(ranked.c.nested_rank > page.offset, ranked.c.nested_rank <= page.offset + page.first + 1)
        .order_by(ranked.c[PARENT], ranked.c.nested_rank)
    )


def select_counts(args: NestedArgs, keys: Sequence[str]) -> Select[Any]:
    """The rows matching the filter under each parent (whatever the page)."""
    parent = _parents(keys)
    compiled = compile_list(args.list.source(parent.c.key), args.filter, args.order, None)
    counted = compiled.matching.with_only_columns(func.count(), maintain_column_froms=False).scalar_subquery()
    return select(parent.c.key.label(PARENT), counted.label("n")).select_from(parent)


def _by_args(keys: Sequence[tuple[NestedArgs, str]]) -> dict[NestedArgs, list[str]]:
    groups: dict[NestedArgs, list[str]] = {}
    for args, parent in keys:
        groups.setdefault(args, [])
        if parent not in groups[args]:
            groups[args].append(parent)
    return groups


class NestedPageLoader(Loader[tuple[NestedArgs, str], PageRows[Any]]):
    """(arguments, parent key) -> the parent's page: one statement per distinct arguments in the batch."""

    async def load_batch(self, keys: list[tuple[NestedArgs, str]]) -> list[PageRows[Any]]:
        out: dict[tuple[NestedArgs, str], PageRows[Any]] = {}
        for args, parents in _by_args(keys).items():
            stmt, sort_keys = select_pages(args, parents)
            grouped: dict[str, list[Row[Any]]] = defaultdict(list)
            for row in await fetch(self.context.engine, stmt):
                grouped[row._mapping[PARENT]].append(row)
            first = args.page.first
            for p in parents:
                rows = grouped.get(p, [])
                page = rows[:first]
                nodes = [args.list.make(r) for r in page]
                out[(args, p)] = PageRows(nodes=nodes, rows=page, keys=sort_keys, has_next_page=len(rows) > first)
        return [out[k] for k in keys]


class NestedCountLoader(Loader[tuple[NestedArgs, str], int]):
    """(arguments, parent key) -> the parent's matching rows: one statement per distinct arguments."""

    async def load_batch(self, keys: list[tuple[NestedArgs, str]]) -> list[int]:
        out: dict[tuple[NestedArgs, str], int] = {}
        for args, parents in _by_args(keys).items():
            counts = {r._mapping[PARENT]: r.n for r in await fetch(self.context.engine, select_counts(args, parents))}
            out.update({(args, p): counts.get(p, 0) for p in parents})
        return [out[k] for k in keys]


@strawberry.type
class NestedConnection(Generic[N]):
    """A page of a list under one parent row; siblings under other parents load in the same statements."""

    args: strawberry.Private[NestedArgs]
    parent: strawberry.Private[str]

    def _page(self, info: strawberry.Info) -> Awaitable[PageRows[N]]:
        return info.context.loader(NestedPageLoader).load((self.args, self.parent))  # type: ignore[no-any-return]

    @strawberry.field(description="Rows matching the filter under this parent, whatever the page.")
    async def total_count(self, info: strawberry.Info) -> int:
        return await info.context.loader(NestedCountLoader).load((self.args, self.parent))  # type: ignore[no-any-return]

    @strawberry.field
    async def nodes(self, info: strawberry.Info) -> list[N]:
        return (await self._page(info)).nodes

    @strawberry.field
    async def edges(self, info: strawberry.Info) -> list[Edge[N]]:
        page = await self._page(info)
        return [Edge(cursor=c, node=n) for c, n in zip(page.cursors, page.nodes, strict=True)]

    @strawberry.field
    async def page_info(self, info: strawberry.Info) -> PageInfo:
        page = await self._page(info)
        cursors = page.cursors if page.rows else []
        return PageInfo(
            has_next_page=page.has_next_page,
            has_previous_page=bool(self.args.page.after or self.args.page.offset),
            start_cursor=cursors[0] if cursors else None,
            end_cursor=cursors[-1] if cursors else None,
        )
