"""Running one list for a connection: its page fetched once, counts and facets only when asked for.

A `CompiledList` is what the filter compiler gives (the page statement and the counted rows);
`ListQuery` runs it lazily and at most once per request, and loads what the page's nodes nest in one
batch per relation before the nodes are resolved.
"""

import asyncio
import functools
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, Protocol, TypeVar

from sqlalchemy import ColumnElement, Row
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.sql import Select
from strawberry.types.nodes import SelectedField

from gateway.context import Context
from gateway.database import fetch
from gateway.lists.counts import CountMode, FacetValue, check_cap, read_count, read_facets
from gateway.lists.cursors import SortKey, encode_cursor
from gateway.lists.rollup import RollupFilter, count_statement_of, facets_statement_of

N = TypeVar("N")


@dataclass(frozen=True)
class CompiledList:
    """What the filter compiler gives a list: its page statement and what counts run over."""

    page: Select[Any]  # one page, `first + 1` rows
    counted: Callable[[], Select[Any]]  # builds `matching`, only for lists that count or facet
    keys: tuple[SortKey, ...]
    first: int
    after_or_offset: bool
    rolled_up: Callable[[], RollupFilter | None] = lambda: None  # the filter over the source's rollup, if it answers it

    @functools.cached_property
    def matching(self) -> Select[Any]:
        """SELECT <id> FROM ... WHERE ...: the rows counts and facets are about."""
        return self.counted()

    @functools.cached_property
    def rollup_filter(self) -> RollupFilter | None:
        """Set when counts and facets can read the source's rollup instead of `matching`."""
        return self.rolled_up()


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
        check_cap(mode, cap)
        return read_count(await fetch(self.engine, count_statement_of(self.compiled, mode, cap)), mode)

    async def facets(self, dimensions: Mapping[str, ColumnElement[Any]]) -> dict[str, list[FacetValue]]:
        if not dimensions:
            return {}
        rows = await fetch(self.engine, facets_statement_of(self.compiled, dimensions))
        return read_facets(rows, list(dimensions))
