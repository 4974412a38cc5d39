"""The GraphQL connection of a list: nodes, edges with cursors, `pageInfo` and `totalCount`.

A thin typed face over `ListQuery` (gateway/lists/query.py): every field reads the same page,
fetched once, and counts run only when a client asks for `totalCount`.
"""

from typing import Generic, TypeVar

import strawberry

from gateway.lists.counts import DEFAULT_CAP, CountMode
from gateway.lists.query import ListQuery

N = TypeVar("N")


def count_arguments(mode: CountMode | None, cap: int | None) -> tuple[CountMode, int]:
    """`totalCount(mode, cap)` with an explicit null meaning the default."""
    return mode or CountMode.EXACT, DEFAULT_CAP if cap is None else cap


@strawberry.type
class Edge(Generic[N]):
    cursor: str
    node: N


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool = strawberry.field(description="True when `after` or `offset` skipped rows.")
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class Connection(Generic[N]):
    """A page of a list with a stable order (unique tiebreak), its cursors and counts."""

    list_query: strawberry.Private[ListQuery[N]]

    @strawberry.field(description="Rows matching the filter (people, for lead lists).")
    async def total_count(self, mode: CountMode | None = CountMode.EXACT, cap: int | None = DEFAULT_CAP) -> int:
        return await self.list_query.total_count(*count_arguments(mode, cap))

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
