"""A list field's arguments sent as JSON (an export's body, a saved view), read as the field reads them.

The values are checked against the schema's own argument types (graphql-core, as for variables) and
converted as strawberry converts them for a resolver; the field's source function then gives the rows
it mirrors. Paging arguments are not part of them: the export walks every row, a view pages itself.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import strawberry
from graphql import GraphQLArgument, GraphQLError, GraphQLNonNull, GraphQLObjectType, Undefined, coerce_input_value
from graphql.utilities import validate_input_value
from strawberry.types.arguments import StrawberryArgument, convert_arguments

from gateway.errors import BadUserInput
from gateway.lists.compiler import ListSource
from gateway.lists.resolve import SourceOf

PAGING = ("first", "after", "offset")


@dataclass(frozen=True)
class ListField:
    """One list field of `Query`: its arguments but paging (GraphQL and strawberry) and its source."""

    graphql_args: dict[str, GraphQLArgument]
    arguments: list[StrawberryArgument]
    source: SourceOf


@dataclass(frozen=True)
class ListArguments:
    """A list field's arguments read: the rows it mirrors, its filter and order (strawberry values)."""

    source: ListSource
    filter: Any
    order_by: Any


class ListFields:
    """The list fields of a schema by GraphQL name, reading JSON arguments with that schema's types."""

    def __init__(self, schema: strawberry.Schema, sources: Mapping[str, SourceOf]) -> None:
        self.schema = schema
        query = schema._schema.query_type
        assert isinstance(query, GraphQLObjectType)
        self.fields: dict[str, ListField] = {}
        for name, source in sources.items():
            field = schema.get_field_for_type(name, "Query")
            assert field is not None, name
            graphql_args = {k: v for k, v in query.fields[name].args.items() if k not in PAGING}
            arguments = [a for a in field.arguments if a.python_name not in PAGING]
            self.fields[name] = ListField(graphql_args, arguments, source)

    def __contains__(self, name: object) -> bool:
        return name in self.fields

    def __iter__(self) -> Any:
        return iter(self.fields)

    def read(self, name: str, values: Any) -> ListArguments:
        """`values` (a JSON object of the field's arguments) as the field's resolver would get them.

        Raises BadUserInput naming each argument that is unknown, missing or of the wrong type, and
        whatever the source function refuses (e.g. a day count out of range).
        """
        field = self.fields[name]
        names = ", ".join(field.graphql_args) or "none"
        if not isinstance(values, dict):
            raise BadUserInput(f"`{name}` takes a JSON object of its arguments ({names}).")
        unknown = set(values) - set(field.graphql_args)
        if unknown:
            raise BadUserInput(
                f"Unknown arguments of `{name}`: {', '.join(sorted(unknown))} (it takes {names}).",
                argument=sorted(unknown)[0],
            )
        problems: list[tuple[str, str]] = []
        for arg_name, arg in field.graphql_args.items():
            if arg_name not in values:
                if isinstance(arg.type, GraphQLNonNull) and arg.default_value is Undefined:
                    problems.append((arg_name, f"{arg_name}: a value is required."))
                continue

            def report(error: GraphQLError, path: list[str | int], arg_name: str = arg_name) -> None:
                problems.append((arg_name, f"{'.'.join(map(str, [arg_name, *path]))}: {error.message}"))

            validate_input_value(values[arg_name], arg.type, report)
        if problems:
            raise BadUserInput("; ".join(p for _, p in problems), argument=problems[0][0])
        coerced = {k: coerce_input_value(v, field.graphql_args[k].type) for k, v in values.items()}
        converted = convert_arguments(
            coerced,
            field.arguments,
            scalar_registry=self.schema.schema_converter.scalar_registry,
            config=self.schema.config,
        )
        filter_, order_by = converted.pop("filter", None), converted.pop("order_by", None)
        return ListArguments(field.source(**converted), filter_, order_by)
