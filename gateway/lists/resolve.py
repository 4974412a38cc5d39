"""From a list field's arguments to its connection: page arguments checked, filter compiled, nothing run.

`SourceOf` is how a list field of `Query` turns its own arguments (all but filter, order and paging)
into the `ListSource` it mirrors; the GraphQL resolvers and the CSV export (gateway/export.py) call the
same functions, so an export walks exactly the rows the field pages through.
"""

from collections.abc import Callable
from typing import Any, TypeVar

from gateway.context import Info
from gateway.lists.arguments import page_args
from gateway.lists.compiler import ListSource, compile_list
from gateway.lists.query import ListQuery, Prefetch
from gateway.lists.types import Node

C = TypeVar("C")

SourceOf = Callable[..., ListSource]


def list_connection(
    info: Info,
    source: ListSource,
    connection: Callable[..., C],
    node: type[Node],
    filter: Any,
    order_by: list[Any] | None,
    first: int | None,
    after: str | None,
    offset: int | None,
    prefetch: Prefetch | None = None,
) -> C:
    """A connection of `source`: the page arguments checked, the filter compiled, nothing run yet."""
    page = page_args(first, after, offset, max_first=info.context.settings.max_page_size)
    compiled = compile_list(source, filter, order_by, page)
    return connection(list_query=ListQuery(info.context.engine, compiled, node.from_row, prefetch))
