"""The strawberry types a list model derives: node types, filter and order inputs, option enums.

`node_type(LEAD)` makes a class a GraphQL object type whose scalar fields are the model's;
`list_inputs` builds a list family's `<Name>Filter`, `<Name>OrderField` and `<Name>Order`;
`options_enum` the facet dimensions. `Node` is what gateway/json_pages.py writes pages of in PostgreSQL.
"""

import enum
import inspect
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple, Self, TypeVar

import strawberry
from sqlalchemy import Row

from gateway.lists.model import Field, ListModel, Match, Option


@strawberry.enum
class OrderDirection(enum.Enum):
    ASC = "ASC"
    DESC = "DESC"


@strawberry.input(description="An inclusive date range; either end may be left open.")
class DateRange:
    gte: date | None = None
    lte: date | None = None


_INPUT_TYPES: dict[Match, Any] = {
    Match.ANY_OF: list[str] | None,
    Match.CONTAINS: str | None,
    Match.RANGE: DateRange | None,
    Match.DOMAIN: str | None,
    Match.FLAG: bool | None,
    Match.RELATED_ANY_OF: list[str] | None,
    Match.KNOWN: bool | None,
}


def _choice_input(kind: Match, choices: type[enum.Enum]) -> Any:
    """The input type of a filter over an enum's values: a list of them for RELATED_ANY_OF, else one."""
    return list[choices] | None if kind is Match.RELATED_ANY_OF else choices | None  # type: ignore[valid-type]


@dataclass(frozen=True)
class ToOne:
    """A node field that is one row of another table, found by a column of the page row."""

    key: str  # the page row's column holding the reference
    table: str  # schema-qualified table the related row comes from
    column: str  # its column matched against `key`
    # when the page's rows already join the related row: (its column, the page row's column holding it),
    # `present` the page column that is NULL exactly when there is no related row
    page: tuple[tuple[str, str], ...] = ()
    present: str | None = None


class Node:
    """Base of node types built by `node_type`: their scalar fields come from the model.

    `ROW_LABELS` maps an attribute to its column in the page row; `TO_ONE` names the relations a JSON
    page may follow (gateway/json_pages.py writes the pages of such types in PostgreSQL).
    """

    MODEL: ClassVar[ListModel]
    ROW_LABELS: ClassVar[dict[str, str]] = {}
    TO_ONE: ClassVar[dict[str, ToOne]] = {}

    if TYPE_CHECKING:  # the model's fields are set by the generated constructor

        def __init__(self, **values: Any) -> None: ...

        def __getattr__(self, name: str) -> Any: ...

    @classmethod
    def from_row(cls, row: Row[Any]) -> Self:
        return cls(**cls.MODEL.values(row))


N = TypeVar("N", bound=Node)


def node_type(model: ListModel, base: ListModel | None = None, **options: Any) -> Callable[[type[N]], type[N]]:
    """`@node_type(LEAD)`: a strawberry type whose scalar fields are the model's (or those it adds to
    `base`'s, for a subclass), followed by the resolvers the class defines."""

    def wrap(cls: type[N]) -> type[N]:
        fields = model.own(base) if base is not None else model.node_fields
        declared = {f.name: f.type for f in fields if f.node}
        cls.__annotations__ = {**declared, **inspect.get_annotations(cls)}
        for f in fields:
            if f.node and f.description:
                setattr(cls, f.name, strawberry.field(description=f.description))
        cls.ROW_LABELS = model.row_labels
        cls.MODEL = model
        return strawberry.type(cls, **options)

    return wrap


def filter_input(name: str, description: str, fields: Iterable[Field]) -> Any:
    """The strawberry input narrowing a list: one input field per filtering field, in declaration order."""
    annotations: dict[str, Any] = {}
    namespace: dict[str, Any] = {}
    for f in fields:
        assert f.filter is not None
        kind = f.filter.match
        choices = f.filter.choices
        annotations[f.input_name] = _INPUT_TYPES[kind] if choices is None else _choice_input(kind, choices)
        namespace[f.input_name] = strawberry.field(default=f.filter.default, description=f.filter.description)
    cls = type(name, (), {"__annotations__": annotations, **namespace})
    return strawberry.input(cls, name=name, description=description)


def options_enum(name: str, description: str, options: Iterable[Option]) -> Any:
    """A strawberry enum whose values are the given options (orders, facet dimensions), in order."""
    unique = {o.value: o for o in options}
    values = {v: strawberry.enum_value(v, description=o.description) for v, o in unique.items()}
    members: Any = enum.Enum(name, values)  # type: ignore[misc]  # a functional enum of computed members
    return strawberry.enum(members, name=name, description=description)


class ListInputs(NamedTuple):
    """The strawberry inputs of a family of lists: one node type and the types extending it."""

    filter: Any
    order_field: Any
    order: Any


def list_inputs(name: str, models: Sequence[ListModel], filter_description: str, tiebreak: str) -> ListInputs:
    """`<name>Filter` of the first model's filters, `<name>OrderField` of every model's orders, `<name>Order`."""
    filter_ = filter_input(f"{name}Filter", filter_description, models[0].filters)
    order_field = options_enum(
        f"{name}OrderField",
        f"{name} orders; every order ends with {tiebreak} as a unique tiebreak.",
        [f.order_option for model in models for f in model.fields if f.order_option is not None],
    )
    namespace = {
        "__annotations__": {"field": order_field, "direction": OrderDirection},
        "direction": OrderDirection.ASC,
    }
    order = strawberry.input(type(f"{name}Order", (), namespace), name=f"{name}Order")
    return ListInputs(filter_, order_field, order)
