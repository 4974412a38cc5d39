"""A graphql-core execution context with a fast path for plain scalar fields.

A page of 50 leads with their company resolves ~550 fields, and graphql-core spends ~4 us on each
(resolve info, resolver call, awaitable check, value completion) although most of them only read an
attribute. For a field strawberry calls "basic" (no resolver, no permission or field extension) of a
scalar or enum type this context reads the attribute and serialises it directly. Anything unusual
(a null on a non-null field, a value the scalar refuses, an exception, a schema extension with a
`resolve` hook) goes the regular way, so errors and their paths stay exactly graphql-core's.

A connection's `nodes` whose selection PostgreSQL can write as JSON skips field completion altogether
(gateway/json_pages.py).
"""

import asyncio
from datetime import date, datetime
from enum import Enum
from typing import Any

from graphql import (
    GraphQLField,
    GraphQLLeafType,
    GraphQLNonNull,
    GraphQLObjectType,
    Undefined,
    is_leaf_type,
)
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.types.field import StrawberryField

from gateway.json_pages import nodes_plan
from gateway.lists.connection import Connection
from gateway.lists.query import PageSummary

# values of these types are never awaitable and every built-in scalar or enum serialises them
PLAIN = (str, int, float, bool, date, datetime, Enum)


class _Leaf:
    """How to read one basic scalar field: the attribute, the type that serialises it, nullability."""

    __slots__ = ("attribute", "leaf", "nullable")

    def __init__(self, attribute: str, leaf: GraphQLLeafType, nullable: bool) -> None:
        self.attribute, self.leaf, self.nullable = attribute, leaf, nullable


def _leaf_of(field_def: GraphQLField) -> _Leaf | None:
    definition = (field_def.extensions or {}).get("strawberry-definition")
    if not isinstance(definition, StrawberryField) or not definition.is_basic_field or field_def.args:
        return None
    if definition.default_resolver is not getattr:
        return None
    of = field_def.type
    nullable = not isinstance(of, GraphQLNonNull)
    if not nullable:
        of = of.of_type  # type: ignore[union-attr]
    if not is_leaf_type(of):
        return None
    return _Leaf(definition.python_name, of, nullable)  # type: ignore[arg-type]


def leaf_of(field_def: GraphQLField) -> _Leaf | None:
    """The field's fast-path reader (None: resolve it the regular way); computed once per field."""
    try:
        return field_def.__dict__["_hq_leaf"]  # type: ignore[no-any-return]
    except KeyError:
        leaf = field_def.__dict__["_hq_leaf"] = _leaf_of(field_def)
        return leaf


class GatewayExecutionContext(StrawberryGraphQLCoreExecutionContext):
    def execute_field(
        self,
        parent_type: GraphQLObjectType,
        source: Any,
        field_details_list: Any,
        path: Any,
        position_context: Any,
    ) -> Any:
        field_def = parent_type.fields.get(field_details_list[0].node.name.value)
        middleware = self.middleware_manager
        if field_def is not None and (middleware is None or not middleware.middlewares):
            if isinstance(source, Connection) and field_details_list[0].node.name.value == "nodes":
                plan = nodes_plan(field_def.type, field_details_list)
                if plan is not None:  # started now: a sibling `pageInfo` then reads the same statement
                    page = source.list_query.json_page(plan)
                    return self._json_nodes(page, field_def.type, field_details_list, path)
            leaf = leaf_of(field_def)
            if leaf is not None:
                value = getattr(source, leaf.attribute, Undefined)
                if value is None:
                    if leaf.nullable:
                        return None
                elif isinstance(value, PLAIN):
                    try:
                        coerced = leaf.leaf.coerce_output_value(value)
                    except Exception:  # noqa: BLE001 - the regular path raises it with its location
                        coerced = None
                    if coerced is not None and coerced is not Undefined:
                        return coerced
        return super().execute_field(parent_type, source, field_details_list, path, position_context)

    async def _json_nodes(
        self, page: "asyncio.Future[tuple[Any, PageSummary]]", return_type: Any, field_details_list: Any, path: Any
    ) -> Any:
        """A page's nodes written by PostgreSQL (gateway/json_pages.py); errors go the regular way."""
        try:
            nodes, _ = await page
            return nodes
        except Exception as raw_error:  # noqa: BLE001 - graphql-core turns it into the field's error
            self.handle_field_error(raw_error, return_type, field_details_list, path)
            return None
