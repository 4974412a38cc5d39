"""Pages of a list: first/offset, opaque keyset cursors with a unique tiebreak, totalCount modes, facets.

The SQL half (`paginate`, `count_statement`, `facet_statement`) turns a filtered statement into the
statement for one page, one count or one facet table; `ListQuery` runs them for a connection, lazily
and at most once per request. Orders put NULLs last in both directions, and the keyset condition
follows that rule, so a walk by cursor meets every row exactly once.
"""

import asyncio
import base64
import binascii
import enum
import functools
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Generic, Protocol, TypeVar

import orjson
import strawberry
from aiodataloader import DataLoader
from sqlalchemy import (
    ClauseElement,
    ColumnElement,
    Executable,
    Row,
    and_,
    false,
    func,
    literal_column,
    or_,
    select,
    tuple_,
    union_all,
)
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql import Select
from sqlalchemy.sql.compiler import SQLCompiler
from strawberry.types.nodes import SelectedField

from gateway.context import Context
from gateway.database import read_retried
from gateway.errors import BadUserInput, LimitExceeded

DEFAULT_FIRST = 50
DEFAULT_CAP = 10_000
MAX_CAP = 1_000_000
MAX_INT4 = 2**31 - 1

N = TypeVar("N")
K = TypeVar("K")
V = TypeVar("V")


# --- page arguments and cursors ------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    """`first` rows after the cursor `after` (if any), skipping `offset` more."""

    first: int = DEFAULT_FIRST
    offset: int = 0
    after: str | None = None


def page_args(first: int | None, after: str | None, offset: int | None, *, max_first: int) -> Page:
    """Checks the page arguments of a list field (never caps silently)."""
    first = DEFAULT_FIRST if first is None else first
    if first < 0:
        raise BadUserInput(f"`first` must be zero or more (got {first}).")
    if first > max_first:
        raise LimitExceeded(
            f"`first` is at most {max_first} (got {first}); page through the rest with `after` or `offset`.",
            maximum=max_first,
        )
    if offset is not None and offset < 0:
        raise BadUserInput(f"`offset` must be zero or more (got {offset}).")
    return Page(first=first, offset=offset or 0, after=after or None)


@dataclass(frozen=True)
class SortKey:
    """One ORDER BY item; `name` is the label of its value in the page rows (for cursors)."""

    name: str
    expr: ColumnElement[Any]
    descending: bool = False
    nullable: bool = True
    kind: type = str  # str, int or date: how a cursor value is read back
    # (condition, expression): disjoint parts of the rows where the key equals a simpler, indexable
    # expression (e.g. COALESCE(a, b) is `a` where `a` is known); None means the key's NULL rows
    parts: tuple[tuple[ColumnElement[bool], ColumnElement[Any] | None], ...] = ()

    @property
    def signature(self) -> str:
        return f"{self.name}{'-' if self.descending else '+'}"


def _signature(keys: Sequence[SortKey]) -> str:
    return ",".join(k.signature for k in keys)


def encode_cursor(keys: Sequence[SortKey], row: Row[Any]) -> str:
    return cursor_of(keys, [row._mapping[k.name] for k in keys])


def cursor_of(keys: Sequence[SortKey], values: Sequence[Any]) -> str:
    """The cursor of a row whose sort values are `values` (dates as `date` or as their ISO string)."""
    raw = orjson.dumps([_signature(keys), *values])  # dates become ISO strings
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _read(kind: type, value: Any) -> Any:
    if value is None:
        return None
    if kind is date and isinstance(value, str):
        return date.fromisoformat(value)
    if kind is int and isinstance(value, int) and not isinstance(value, bool):
        return value
    if kind is str and isinstance(value, str) and "\x00" not in value:
        return value
    raise ValueError(value)


def decode_cursor(keys: Sequence[SortKey], cursor: str) -> list[Any]:
    """The sort values a cursor stands for; it must come from a list with the same order."""
    try:
        data = orjson.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if not isinstance(data, list) or len(data) != len(keys) + 1:
            raise ValueError(cursor)
        if data[0] != _signature(keys):
            raise BadUserInput("This cursor belongs to a list with another order; use the same `orderBy`.")
        values = [_read(k.kind, v) for k, v in zip(keys, data[1:], strict=True)]
    except (ValueError, TypeError, binascii.Error, orjson.JSONDecodeError) as exc:
        raise BadUserInput("`after` is not a cursor of this list.") from exc
    if values[-1] is None:
        raise BadUserInput("`after` is not a cursor of this list.")
    return values


# --- SQL: order, keyset condition, page, count, facets --------------------------------------------


def order_by(keys: Sequence[SortKey]) -> list[ColumnElement[Any]]:
    """NULLs last in both directions; keys known to hold no NULL keep the plain form an index serves."""
    out: list[ColumnElement[Any]] = []
    for k in keys:
        item = k.expr.desc() if k.descending else k.expr.asc()
        out.append(item.nulls_last() if k.nullable else item)
    return out


def _beyond(key: SortKey, value: Any) -> ColumnElement[bool]:
    """Rows strictly after `value` in this key's order (NULLs come last)."""
    if value is None:
        return false()  # nothing sorts after NULL but other NULLs, handled by equality
    after = key.expr < value if key.descending else key.expr > value
    return or_(after, key.expr.is_(None)) if key.nullable else after


def _equal(key: SortKey, value: Any) -> ColumnElement[bool]:
    return key.expr.is_(None) if value is None else key.expr == value


def after_condition(keys: Sequence[SortKey], values: Sequence[Any]) -> ColumnElement[bool]:
    """Rows after the cursor row in the lexicographic order of `keys` (the last one is unique)."""
    first = keys[0]
    condition: ColumnElement[bool] | None = None
    for key, value in reversed(list(zip(keys, values, strict=True))):
        beyond = _beyond(key, value)
        condition = beyond if condition is None else or_(beyond, and_(_equal(key, value), condition))
    assert condition is not None
    if len(keys) > 1 and not first.nullable and values[0] is not None:
        # redundant, but lets the planner start an index range at the cursor instead of filtering
        bound = first.expr <= values[0] if first.descending else first.expr >= values[0]
        condition = and_(bound, condition)
    return condition


def paginate(stmt: Select[Any], keys: Sequence[SortKey], page: Page | None) -> Select[Any]:
    """The ordered statement for one page (`first + 1` rows: the extra one says a next page exists)."""
    if page is not None and (keys[0].nullable or keys[0].parts):
        return _paginate_in_parts(stmt, keys, page)
    stmt = stmt.order_by(*order_by(keys))
    if page is None:
        return stmt
    if page.after is not None:
        stmt = stmt.where(after_condition(keys, decode_cursor(keys, page.after)))
    stmt = stmt.limit(page.first + 1)
    return stmt.offset(page.offset) if page.offset else stmt


def _parts(key: SortKey) -> tuple[tuple[ColumnElement[bool], ColumnElement[Any] | None], ...]:
    if key.parts:
        return key.parts
    return (key.expr.is_not(None), key.expr), (key.expr.is_(None), None)


def _paginate_in_parts(stmt: Select[Any], keys: Sequence[SortKey], page: Page) -> Select[Any]:
    """A page whose first key is nullable or computed: each part of the rows paged on its own, as one statement.

    "NULLs last" in both directions matches no btree order and makes a cursor condition an OR, which
    no index range answers; an expression over two tables (a COALESCE) matches no index at all. Apart,
    each part is an index range with a LIMIT (the known part in the key's order, the NULL part in the
    remaining keys' order), so a deep page costs what the first one does; the outer query orders the
    at most parts x (offset + first + 1) rows again.
    """
    first, rest = keys[0], tuple(keys[1:])
    values = decode_cursor(keys, page.after) if page.after is not None else None
    limit = min(page.offset + page.first + 1, MAX_INT4)
    selects = []
    for condition, expr in _parts(first):
        part = stmt.where(condition)
        if expr is None:  # the NULL rows come after every known one
            if values is not None and values[0] is None:
                part = part.where(after_condition(rest, values[1:]))
            part = part.order_by(*order_by(rest))
        else:
            if values is not None and values[0] is None:
                continue  # the cursor is among the NULL rows: every known row came before
            known = (replace(first, expr=expr, nullable=False, parts=()), *rest)
            if values is not None:
                part = part.where(after_condition(known, values))
            part = part.order_by(*order_by(known))
        selects.append(part.limit(limit))
    return union_page(selects, keys, page, nulls_apart=True)


def union_page(
    selects: Sequence[Select[Any]], keys: Sequence[SortKey], page: Page, *, nulls_apart: bool
) -> Select[Any]:
    """One page (`first + 1` rows after `offset`) of the union of ordered, limited parts, ordered again.

    The outer query names the union's columns as text: building a union's column collection costs
    SQLAlchemy more per request than the rest of the statement. `nulls_apart`: the first key's NULL
    rows come last (the parts were split on it).
    """
    both = union_all(*selects).subquery("page")
    outer = [replace(k, expr=literal_column(f"page.{k.name}"), parts=()) for k in keys]
    head: list[ColumnElement[Any]] = []
    if nulls_apart:
        head, outer[0] = [outer[0].expr.is_(None)], replace(outer[0], nullable=False)
    ordered: Select[Any] = select(literal_column("page.*")).select_from(both).order_by(*head, *order_by(outer))
    ordered = ordered.limit(page.first + 1)
    return ordered.offset(page.offset) if page.offset else ordered


@strawberry.enum(description="How `totalCount` counts.")
class CountMode(enum.Enum):
    EXACT = strawberry.enum_value("EXACT", description="count(*) of every matching row")
    ESTIMATE = strawberry.enum_value("ESTIMATE", description="the query planner's estimate: fast, approximate")
    CAPPED = strawberry.enum_value("CAPPED", description="exact up to `cap`; `cap + 1` means more than `cap`")


class Explain(Executable, ClauseElement):
    """`EXPLAIN (FORMAT JSON) <stmt>`, keeping the statement's bound parameters."""

    inherit_cache = False

    def __init__(self, stmt: Select[Any]) -> None:
        self.stmt = stmt


@compiles(Explain, "postgresql")
def _compile_explain(element: Explain, compiler: SQLCompiler, **kw: Any) -> str:
    return "EXPLAIN (FORMAT JSON) " + compiler.process(element.stmt, **kw)


def count_statement(matching: Select[Any], mode: CountMode, cap: int) -> Executable:
    """The statement behind `totalCount(mode, cap)` over the rows of `matching`."""
    if mode is CountMode.ESTIMATE:
        return Explain(matching)
    if mode is CountMode.CAPPED:
        return select(func.count()).select_from(matching.limit(cap + 1).subquery())
    return matching.with_only_columns(func.count(), maintain_column_froms=False)


def facet_statement(matching: Select[Any], dimensions: Mapping[str, ColumnElement[Any]]) -> Select[Any]:
    """Value counts of every dimension under the same filter, in one scan (GROUPING SETS)."""
    exprs = list(dimensions.values())
    return matching.with_only_columns(
        func.grouping(*exprs).label("grouping"),
        *(e.label(f"d{i}") for i, e in enumerate(exprs)),
        func.count().label("n"),
        maintain_column_froms=False,
    ).group_by(func.grouping_sets(*(tuple_(e) for e in exprs)))


@strawberry.type(description="How many rows have one value of a dimension.")
class FacetValue:
    value: str | None = strawberry.field(description="The stored value (null: unknown).")
    count: int


def read_facets(rows: Iterable[Row[Any]], names: Sequence[str]) -> dict[str, list[FacetValue]]:
    """Splits GROUPING SETS rows by dimension; values with the most rows first."""
    n = len(names)
    by_mask = {((1 << n) - 1) ^ (1 << (n - 1 - i)): i for i in range(n)}
    out: dict[str, list[FacetValue]] = {name: [] for name in names}
    for row in rows:
        i = by_mask[row.grouping]
        out[names[i]].append(FacetValue(value=row._mapping[f"d{i}"], count=row.n))
    for values in out.values():
        values.sort(key=lambda v: (-v.count, v.value is None, v.value or ""))
    return out


# --- running lists -------------------------------------------------------------------------------


async def fetch(engine: AsyncEngine, stmt: Executable) -> Sequence[Row[Any]]:
    """All rows of one Core statement (plain rows, no ORM), under the engine's statement timeout."""

    async def read(conn: AsyncConnection) -> Sequence[Row[Any]]:
        return (await conn.execute(stmt)).all()

    return await read_retried(engine, read)


async def count(engine: AsyncEngine, matching: Select[Any], mode: CountMode, cap: int = DEFAULT_CAP) -> int:
    """The rows of `matching`: exact, the planner's estimate, or exact up to `cap` (then `cap + 1`)."""
    if mode is CountMode.CAPPED and not 0 <= cap <= MAX_CAP:
        raise BadUserInput(f"`cap` must be between 0 and {MAX_CAP} (got {cap}).")
    rows = await fetch(engine, count_statement(matching, mode, cap))
    if mode is CountMode.ESTIMATE:
        plan = rows[0][0]
        plan = orjson.loads(plan) if isinstance(plan, str | bytes) else plan
        return int(plan[0]["Plan"]["Plan Rows"])
    return int(rows[0][0])


class Loader(DataLoader[K, V]):
    """A dataloader built once per request by `Context.loader`; `load_batch` runs one statement."""

    def __init__(self, context: Context) -> None:
        super().__init__()
        self.context = context

    async def batch_load_fn(self, keys: list[K]) -> list[V]:
        return await self.load_batch(keys)

    def load_ready(self, key: K) -> "V | Awaitable[V]":
        """The value itself when it is loaded already (prefetched), else the awaitable `load` gives."""
        future = self.load(key)
        return future.result() if future.done() else future

    async def load_batch(self, keys: list[K]) -> list[V]:
        raise NotImplementedError


@dataclass(frozen=True)
class CompiledList:
    """What the filter compiler gives a list: its page statement and what counts run over."""

    page: Select[Any]  # one page, `first + 1` rows
    counted: Callable[[], Select[Any]]  # builds `matching`, only for lists that count or facet
    keys: tuple[SortKey, ...]
    first: int
    after_or_offset: bool

    @functools.cached_property
    def matching(self) -> Select[Any]:
        """SELECT <id> FROM ... WHERE ...: the rows counts and facets are about."""
        return self.counted()


@dataclass
class PageRows(Generic[N]):
    nodes: list[N]
    rows: list[Row[Any]]
    keys: tuple[SortKey, ...]
    has_next_page: bool
    _cursors: list[str] | None = None

    @property
    def cursors(self) -> list[str]:
        """Encoded only when a client asks for edges (most pages only want nodes)."""
        if self._cursors is None:
            self._cursors = [encode_cursor(self.keys, r) for r in self.rows]
        return self._cursors


# Prepares what the nodes' nested fields will load (one batch per relation, before the nodes are
# resolved), given the request's context and the names of the fields selected on each node.
Prefetch = Callable[[list[Any], Context, frozenset[str]], Awaitable[None]]


def _selected_names(selections: Sequence[Any], path: Sequence[str] = ()) -> frozenset[str]:
    """Field names selected under `path` (fragments included) in a strawberry selection."""
    names: set[str] = set()
    for sel in selections:
        if not isinstance(sel, SelectedField):  # a fragment: its fields count as if written here
            names |= _selected_names(sel.selections, path)
        elif not path:
            names.add(sel.name)
        elif sel.name == path[0]:
            names |= _selected_names(sel.selections, path[1:])
    return frozenset(names)


@dataclass(frozen=True)
class PageSummary:
    """What `pageInfo` tells about a page: whether more rows follow, and its first and last cursors."""

    has_next_page: bool
    start_cursor: str | None
    end_cursor: str | None


class JsonPlan(Protocol):
    """A page written as JSON by PostgreSQL (gateway/json_pages.py), with what `pageInfo` needs."""

    async def run(self, list_query: "ListQuery[Any]") -> tuple[Any, PageSummary]: ...


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool = strawberry.field(description="True when `after` or `offset` skipped rows.")
    start_cursor: str | None
    end_cursor: str | None


def _retrieve(future: "asyncio.Future[Any]") -> None:
    if not future.cancelled():
        future.exception()


@dataclass
class ListQuery(Generic[N]):
    """A list for one connection: fetches its page once, counts and facets only when asked for."""

    engine: AsyncEngine
    compiled: CompiledList
    make_node: Callable[[Row[Any]], N]
    prefetch: Prefetch | None = None
    _page: "asyncio.Future[PageRows[N]] | None" = field(default=None, init=False)
    _json: "asyncio.Future[tuple[Any, PageSummary]] | None" = field(default=None, init=False)

    def page(self) -> Awaitable[PageRows[N]]:
        if self._page is None:
            self._page = asyncio.ensure_future(self._fetch_page())
        return self._page

    def json_page(self, plan: JsonPlan) -> "asyncio.Future[tuple[Any, PageSummary]]":
        """The page's nodes as JSON text and its summary, from one statement started now.

        Started when the executor reaches `nodes`, before any sibling resolver runs, so `pageInfo`
        reads the same statement's summary instead of fetching the page's rows again.
        """
        if self._json is None:
            self._json = asyncio.ensure_future(plan.run(self))
            # its error is reported by the fields awaiting it; when they never do (the request was
            # cancelled, e.g. the client went away), asyncio would log "exception was never retrieved"
            self._json.add_done_callback(_retrieve)
        return self._json

    async def summary(self) -> PageSummary:
        if self._json is not None:
            return (await self._json)[1]
        page = await self.page()
        if not page.rows:
            return PageSummary(page.has_next_page, None, None)
        keys = self.compiled.keys
        return PageSummary(page.has_next_page, encode_cursor(keys, page.rows[0]), encode_cursor(keys, page.rows[-1]))

    async def _fetch_page(self) -> PageRows[N]:
        rows = list(await fetch(self.engine, self.compiled.page))
        more = len(rows) > self.compiled.first
        rows = rows[: self.compiled.first]
        return PageRows(nodes=[self.make_node(r) for r in rows], rows=rows, keys=self.compiled.keys, has_next_page=more)

    async def nodes(self, info: Any, path: Sequence[str]) -> list[N]:
        """The page's nodes, with what the selection under `path` nests in them loaded in one batch each.

        Loaded up front, nested fields find their values ready: no awaitable (and no task) per node.
        """
        page = await self.page()
        if self.prefetch is not None and page.nodes:
            selected = _selected_names(info.selected_fields[0].selections, path)
            await self.prefetch(page.nodes, info.context, selected)
        return page.nodes

    async def total_count(self, mode: CountMode, cap: int) -> int:
        return await count(self.engine, self.compiled.matching, mode, cap)

    async def facets(self, dimensions: Mapping[str, ColumnElement[Any]]) -> dict[str, list[FacetValue]]:
        if not dimensions:
            return {}
        rows = await fetch(self.engine, facet_statement(self.compiled.matching, dimensions))
        return read_facets(rows, list(dimensions))


@strawberry.type
class Edge(Generic[N]):
    cursor: str
    node: N


@strawberry.type
class Connection(Generic[N]):
    """A page of a list with a stable order (unique tiebreak), its cursors and counts."""

    list_query: strawberry.Private[ListQuery[N]]

    @strawberry.field(description="Rows matching the filter (people, for lead lists).")
    async def total_count(self, mode: CountMode | None = CountMode.EXACT, cap: int | None = DEFAULT_CAP) -> int:
        return await self.list_query.total_count(mode or CountMode.EXACT, DEFAULT_CAP if cap is None else cap)

    @strawberry.field
    async def nodes(self, info: strawberry.Info) -> list[N]:
        return await self.list_query.nodes(info, ())

    @strawberry.field
    async def edges(self, info: strawberry.Info) -> list[Edge[N]]:
        nodes = await self.list_query.nodes(info, ("node",))
        page = await self.list_query.page()
        return [Edge(cursor=c, node=n) for c, n in zip(page.cursors, nodes, strict=True)]

    @strawberry.field
    async def page_info(self) -> PageInfo:
        page = await self.list_query.summary()
        return PageInfo(
            has_next_page=page.has_next_page,
            has_previous_page=self.list_query.compiled.after_or_offset,
            start_cursor=page.start_cursor,
            end_cursor=page.end_cursor,
        )
