"""A connection's `nodes` as one JSON-building statement: PostgreSQL writes the page's JSON.

A page of 50 leads with their company costs graphql-core ~550 field completions, SQLAlchemy 50 row
objects and a second statement for the companies. When the selection under `nodes` is only plain
scalar fields of the node (and of a to-one relation such as `Lead.company`), the page statement the
filter compiler built is wrapped as

    SELECT coalesce(json_agg(json_build_object(
               'personId', n.person_id, ...,
               'company', (SELECT json_build_object(...) FROM core.companies n_r WHERE n_r.domain = n.company_domain)
           )), '[]'),
           json_agg(json_build_array(n.person_id)) -> 0,   -- sort values of the first and last rows:
           json_agg(json_build_array(n.person_id)) -> -1,  -- pageInfo's cursors
           (SELECT count(*) FROM pg)                       -- first + 1 rows: a next page exists
    FROM (SELECT * FROM pg LIMIT <first>) AS n            -- WITH pg AS MATERIALIZED (<page statement>)

and its text goes into the response as it is (`orjson.Fragment`); `pageInfo` reads the same row.
When the page's rows already join the related row and carry every column asked of it (`ToOne.page`:
a lead's company), the relation is written from the page row instead, without a lookup per node:
`CASE WHEN n.company_row_domain IS NULL THEN NULL ELSE json_build_object('name', n.company_row_name, ...)`.
Anything else (directives, resolvers, lists of objects, scalars whose JSON form PostgreSQL would write
differently; fragments, unless compiled operations plan them) keeps the regular path, so answers stay
graphql-core's; tests compare both paths row by row.
"""

from collections.abc import Mapping, Sequence
from typing import Any

import orjson
from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLScalarType,
    InlineFragmentNode,
    SelectionSetNode,
)
from sqlalchemy import Select, Text, cast, func, literal_column, select
from strawberry.types.field import StrawberryField

from gateway.database import fetch
from gateway.lists.cursors import cursor_of
from gateway.lists.query import CompiledList, ListQuery, PageSummary
from gateway.lists.types import Node

# scalars whose PostgreSQL JSON text equals what the GraphQL scalar serialises (dates: ISO 8601)
SAME_JSON = frozenset({"String", "ID", "Int", "BigInt", "Boolean", "Date"})
MAX_KEYS = 50  # json_build_object takes at most 100 arguments


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _leaf_sql(of: GraphQLOutputType, column: str) -> str | None:
    """The JSON value of a leaf column, or None when PostgreSQL's JSON would differ from the scalar's."""
    nullable = not isinstance(of, GraphQLNonNull)
    inner = of if nullable else of.of_type  # type: ignore[union-attr]
    if isinstance(inner, GraphQLScalarType):
        return column if inner.name in SAME_JSON else None
    if isinstance(inner, GraphQLList):  # a list of plain scalars: an SQL array, never NULL in GraphQL
        item = inner.of_type
        item = item.of_type if isinstance(item, GraphQLNonNull) else item
        if not isinstance(item, GraphQLScalarType) or item.name not in SAME_JSON:
            return None
        return column if nullable else f"coalesce(to_json({column}), '[]'::json)"
    return None


Fragments = Mapping[str, FragmentDefinitionNode]


def selected_fields(selection: SelectionSetNode, fragments: Fragments | None, type_name: str) -> list[FieldNode] | None:
    """The fields a selection asks of an object type, its fragments spread in (when `fragments` is given).

    None when the executor must handle it: a directive, a fragment on another type, or a response key
    asked twice (GraphQL merges those, selections included).
    """
    out: list[FieldNode] = []
    keys: set[str] = set()

    def walk(selection: SelectionSetNode, seen: frozenset[str]) -> bool:
        for node in selection.selections:
            if node.directives:
                return False
            if isinstance(node, FieldNode):
                key = (node.alias or node.name).value
                if key in keys:
                    return False
                keys.add(key)
                out.append(node)
                continue
            if fragments is None:
                return False
            if isinstance(node, InlineFragmentNode):
                condition = node.type_condition
                if (condition is not None and condition.name.value != type_name) or not walk(node.selection_set, seen):
                    return False
            elif isinstance(node, FragmentSpreadNode):
                name = node.name.value
                fragment = fragments.get(name)
                if fragment is None or name in seen or fragment.directives:
                    return False
                if fragment.type_condition.name.value != type_name or not walk(fragment.selection_set, seen | {name}):
                    return False
        return True

    return out if walk(selection, frozenset()) else None


def _object_sql(
    selection: SelectionSetNode | None,
    of: GraphQLObjectType,
    alias: str,
    fragments: Fragments | None = None,
    columns: Mapping[str, str] | None = None,
) -> str | None:
    """`json_build_object(...)` for a selection over rows of `alias`, or None when it needs resolvers."""
    definition = of.extensions.get("strawberry-definition")
    origin = getattr(definition, "origin", None)
    if selection is None or not isinstance(origin, type) or not issubclass(origin, Node):
        return None
    fields = selected_fields(selection, fragments, of.name)
    if fields is None:
        return None
    parts: list[str] = []
    for node in fields:
        name, key = node.name.value, (node.alias or node.name).value
        if name == "__typename":
            parts.append(f"'{key}', '{of.name}'")
            continue
        graphql_field = of.fields.get(name)
        field = graphql_field.extensions.get("strawberry-definition") if graphql_field else None
        if not isinstance(field, StrawberryField) or graphql_field is None or node.arguments:
            return None
        value = _field_sql(origin, field, graphql_field.type, node, alias, fragments, columns)
        if value is None:
            return None
        parts.append(f"'{key}', {value}")
    if not parts or len(parts) > MAX_KEYS:
        return None
    return "json_build_object(" + ", ".join(parts) + ")"


def _field_sql(
    origin: type[Node],
    field: StrawberryField,
    of: GraphQLOutputType,
    node: FieldNode,
    alias: str,
    fragments: Fragments | None,
    columns: Mapping[str, str] | None = None,
) -> str | None:
    """A field's JSON value over rows of `alias`; with `columns`, its columns are read where the page row
    holds them (a relation the page already joins), and None when one is not there."""
    relation = origin.TO_ONE.get(field.python_name)
    if field.extensions:  # permissions and other field extensions run in the regular path
        return None
    if relation is not None:
        target = of.of_type if isinstance(of, GraphQLNonNull) else of  # type: ignore[union-attr]
        if not isinstance(target, GraphQLObjectType) or columns is not None:
            return None
        if relation.page and relation.present:  # the page joined the row: no second lookup per node
            inner = _object_sql(node.selection_set, target, alias, fragments, dict(relation.page))
            if inner is not None:
                return f"CASE WHEN {alias}.{_quote(relation.present)} IS NULL THEN NULL ELSE {inner} END"
        related = f"{alias}_r"
        inner = _object_sql(node.selection_set, target, related, fragments)
        if inner is None:
            return None
        return (
            f"(SELECT {inner} FROM {relation.table} AS {related} "
            f"WHERE {related}.{_quote(relation.column)} = {alias}.{_quote(relation.key)})"
        )
    if not field.is_basic_field or field.base_resolver is not None or node.selection_set is not None:
        return None
    column = origin.ROW_LABELS.get(field.python_name)
    if column is not None and columns is not None:
        column = columns.get(column)
    return None if column is None else _leaf_sql(of, f"{alias}.{_quote(column)}")


class NodesPlan:
    """How one `nodes` selection becomes JSON; built once per field node of a (cached) document."""

    def __init__(self, node_object: str) -> None:
        self.node_object = node_object

    def statement(self, list_query: ListQuery[Any]) -> Select[Any]:
        """Nodes JSON, each node's sort values (for cursors) and whether the page has a next one."""
        # MATERIALIZED: the page is planned exactly as on its own. Inlined, the planner drops the columns
        # the JSON does not use, which made a trigram bitmap look cheaper than the pair's ordered index
        # range (13 ms instead of 2.7 ms for Engineering x Director/VP in Germany at 1M people).
        compiled = list_query.compiled
        page = compiled.page.cte("pg").prefix_with("MATERIALIZED")
        rows = select(literal_column("*")).select_from(page).limit(compiled.first).subquery("n")
        keys = ", ".join(f"n.{_quote(k.name)}" for k in compiled.keys)
        nodes = func.coalesce(func.json_agg(literal_column(self.node_object)), literal_column("'[]'::json"))
        sort_values = func.json_agg(literal_column(f"json_build_array({keys})"))
        fetched = select(func.count()).select_from(page).scalar_subquery()  # first + 1 rows at most
        return select(
            cast(nodes, Text).label("nodes"),
            cast(sort_values.op("->")(0), Text).label("first_values"),  # NULL on an empty page
            cast(sort_values.op("->")(-1), Text).label("last_values"),
            fetched.label("fetched"),
        ).select_from(rows)

    async def run(self, list_query: ListQuery[Any]) -> tuple[orjson.Fragment, PageSummary]:
        row = (await fetch(list_query.engine, self.statement(list_query)))[0]
        return read_page(tuple(row), list_query.compiled)


def read_page(row: Sequence[Any], compiled: CompiledList) -> tuple[orjson.Fragment, PageSummary]:
    """The nodes' JSON text and `pageInfo` from the row of `NodesPlan.statement` (in its column order)."""
    nodes, first_values, last_values, fetched = row
    start, end = (
        None if values is None else cursor_of(compiled.keys, orjson.loads(values))
        for values in (first_values, last_values)
    )
    return orjson.Fragment(nodes), PageSummary(fetched > compiled.first, start, end)


_plans: dict[int, tuple[FieldNode, NodesPlan | None]] = {}
MAX_PLANS = 2048


def nodes_plan(return_type: GraphQLOutputType, field_nodes: list[Any]) -> NodesPlan | None:
    """The JSON plan of a `nodes` field (a non-null list of non-null nodes), or None: resolve it normally."""
    if len(field_nodes) != 1:
        return None
    node: FieldNode = field_nodes[0].node
    cached = _plans.get(id(node))
    if cached is not None and cached[0] is node:
        return cached[1]
    plan = build_nodes_plan(return_type, node)
    if len(_plans) >= MAX_PLANS:
        _plans.clear()
    _plans[id(node)] = (node, plan)
    return plan


def build_nodes_plan(
    return_type: GraphQLOutputType, node: FieldNode, fragments: Fragments | None = None
) -> NodesPlan | None:
    """The plan of a `nodes` field node; with `fragments`, selections written in fragments are planned too."""
    if node.directives:
        return None
    of: Any = return_type
    for wrapper in (GraphQLNonNull, GraphQLList, GraphQLNonNull):
        if not isinstance(of, wrapper):
            return None
        of = of.of_type
    if not isinstance(of, GraphQLObjectType):
        return None
    obj = _object_sql(node.selection_set, of, "n", fragments)
    return None if obj is None else NodesPlan(obj)
