"""The list model: each node type a list returns, declared once as a table of fields.

A `Field` says everything the read side needs to know about one column: its SQL expression, its
GraphQL type, how it filters, whether it orders the list, whether it is a facet dimension or a filter
dropdown. A `ListModel` is the table; from it the code derives the node type's scalar fields, the
filter and order inputs and the facet enum (gateway/lists/types.py), the select list and row mapping,
the JSON page's column labels, sort keys (gateway/lists/compiler.py) and the dropdowns. Adding a
column to a list means adding one `Field` to its model (and, for a new column of a table, a migration).
"""

import enum
import functools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, get_args

from sqlalchemy import ColumnElement, FromClause, Row

from gateway.lists.cursors import SortKey
from gateway.lists.keyset import Parts


class Match(enum.Enum):
    """How a filter input field narrows the list."""

    ANY_OF = "any of"  # [String!]: the column equals one of the values (an empty list does not filter)
    CONTAINS = "contains"  # String: case-insensitive 'contains'
    RANGE = "range"  # DateRange: gte and/or lte, inclusive
    DOMAIN = "domain"  # String: exact, after domain normalisation
    EXACT = "exact"  # an enum value: equality with the enum's value
    FLAG = "flag"  # Boolean: true requires the model's rule (e.g. completeness), false lifts it
    KNOWN = "known"  # Boolean: true keeps rows where the column is known (not NULL or empty), false the others
    # [String!] (or [<enum>!] with `choices`): a row of another table with one of the values exists (`Filter.related`)
    RELATED_ANY_OF = "related any of"


@dataclass(frozen=True, eq=False)  # compared by identity: `==` on SQL expressions builds SQL
class Related:
    """What a RELATED_ANY_OF filter looks for: ``EXISTS (a row whose `key` equals the field's SQL and whose
    `value` is one of the input's values)``, e.g. a company's ads by platform (gateway/lists/compiler.py)."""

    key: ColumnElement[Any]  # the other table's column pointing at the list's row (the field's `sql`)
    value: ColumnElement[Any]  # its column compared with the input's values
    where: tuple[ColumnElement[bool], ...] = ()  # what else such a row must satisfy
    fold: Callable[[str], str] | None = None  # puts an input value into its stored form (str.lower)


@dataclass(frozen=True)
class Filter:
    match: Match
    name: str | None = None  # the input field (snake_case) when it is not the node field's own name
    description: str | None = None
    choices: type[enum.Enum] | None = None  # EXACT, RELATED_ANY_OF: the GraphQL enum of the values
    default: Any = None
    related: Related | None = None  # RELATED_ANY_OF: the other table's rows


@dataclass(frozen=True)
class Option:
    """A value of a derived enum (an order field, a facet dimension)."""

    value: str
    description: str | None = None


@dataclass(frozen=True)
class Dropdown:
    """A filter dropdown: its name in `Filters` and the reference vocabulary listing its options."""

    name: str
    vocabulary: FromClause
    label: str = "name"  # the vocabulary's column shown to users
    by_name: bool = False  # ordered by name (the vocabulary has no sort order of its own)
    description: str | None = None


@dataclass(frozen=True, eq=False)  # compared by identity: `==` on SQL expressions builds SQL
class Field:
    name: str  # the node's attribute; GraphQL spells it in camelCase
    type: Any  # the Python annotation of its GraphQL type: str | None, int, date | None, list[str] ...
    sql: ColumnElement[Any] | None = None  # None: the list's source selects it (a signal's own column)
    description: str | None = None
    filter: Filter | None = None
    order: str | None = None  # the value of the order enum naming this field
    order_description: str | None = None
    facet: str | None = None  # the value of the facet dimension enum naming this field
    dropdown: Dropdown | None = None
    node: bool = True  # False: the field only filters (no node field, no column)
    complete: bool = False  # part of the model's completeness rule: must be known
    read: Callable[[Any], Any] | None = None  # stored value -> node value (default: as stored)
    parts: Callable[[bool], Parts] | None = None  # a computed order key's indexable parts (keyset.py)

    @functools.cached_property
    def match(self) -> "Match | None":
        return None if self.filter is None else self.filter.match

    @property
    def graphql_name(self) -> str:
        return camel(self.name)

    @property
    def input_name(self) -> str:
        assert self.filter is not None
        return self.filter.name or self.name

    @property
    def order_option(self) -> Option | None:
        return None if self.order is None else Option(self.order, self.order_description)

    @property
    def facet_option(self) -> Option | None:
        return None if self.facet is None else Option(self.facet)

    @functools.cached_property
    def nullable(self) -> bool:
        return type(None) in get_args(self.type)

    @functools.cached_property
    def kind(self) -> type:
        """The stored value's Python type (how a cursor reads it back)."""
        args = [a for a in get_args(self.type) if a is not type(None)]
        kind = args[0] if args else self.type
        return getattr(kind, "__supertype__", kind)  # type: ignore[no-any-return]  # a NewType scalar: its base


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(word.capitalize() for word in rest)


@dataclass(frozen=True, eq=False)
class ListModel:
    """The fields of one node type, in the order the schema lists them."""

    name: str
    fields: tuple[Field, ...]
    tiebreak: Field  # unique, non-null: ends every order
    rule: tuple[ColumnElement[bool], ...] = ()  # conditions beyond `complete` fields (the FLAG filter's rule)
    # (label, SQL) the page selects beyond the node's fields: what a JSON page writes a to-one relation from
    # when the rows already join it (gateway/json_pages.py, `ToOne.page`)
    hidden: tuple[tuple[str, ColumnElement[Any]], ...] = ()
    by_name: dict[str, Field] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_name", {f.name: f for f in self.fields})

    def extend(self, name: str, fields: Iterable[Field]) -> "ListModel":
        """A node type that adds fields to this one (a signal's lead, a person's profile)."""
        return replace(self, name=name, fields=(*self.fields, *fields))

    def own(self, base: "ListModel") -> tuple[Field, ...]:
        """The fields this model adds to `base`."""
        return tuple(f for f in self.fields if f.name not in base.by_name)

    # --- derived: nodes and rows ---

    @functools.cached_property
    def node_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.node)

    def columns(self, source_columns: Sequence[ColumnElement[Any]] = ()) -> list[ColumnElement[Any]]:
        """The select list of a page: every node field labelled with its name, the tiebreak, the source's own."""
        return [*self._labelled, *source_columns]

    @functools.cached_property
    def _labelled(self) -> tuple[ColumnElement[Any], ...]:
        """Built once: labels are immutable, and building 20 of them per request shows in the profile."""
        out = [f.sql.label(f.name) for f in self.node_fields if f.sql is not None]
        if not self.tiebreak.node:
            out.append(_sql(self.tiebreak).label(self.tiebreak.name))
        out += [sql.label(label) for label, sql in self.hidden]
        return tuple(out)

    def values(self, row: Row[Any]) -> dict[str, Any]:
        """A page row as the node's constructor arguments."""
        mapping = row._mapping
        return {f.name: mapping[f.name] if f.read is None else f.read(mapping[f.name]) for f in self.node_fields}

    @functools.cached_property
    def row_labels(self) -> dict[str, str]:
        """Node attribute -> its column in the page row (the JSON page writes these)."""
        return {f.name: f.name for f in self.node_fields}

    # --- derived: filter, order, facets ---

    @functools.cached_property
    def filters(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.filter is not None)

    @functools.cached_property
    def default_values(self) -> dict[str, Any]:
        """Filter field name -> its input's default: the values of an absent filter (read, never written)."""
        return {f.name: f.filter.default for f in self.filters if f.filter is not None}

    @functools.cached_property
    def orders(self) -> dict[str, Field]:
        return {f.order: f for f in self.fields if f.order is not None}

    @functools.cached_property
    def facets(self) -> dict[str, Field]:
        return {f.facet: f for f in self.fields if f.facet is not None}

    def facet_dimensions(self, values: Iterable[str]) -> dict[str, ColumnElement[Any]]:
        """Facet dimension value -> its expression, each once, in the order asked."""
        return {v: _sql(self.facets[v]) for v in dict.fromkeys(values)}

    @functools.cached_property
    def dropdowns(self) -> dict[str, Field]:
        return {f.dropdown.name: f for f in self.fields if f.dropdown is not None}

    @functools.cached_property
    def complete_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.complete)

    @functools.cached_property
    def complete_names(self) -> frozenset[str]:
        return frozenset(f.name for f in self.complete_fields)

    def sort_key(self, f: Field, descending: bool, nullable: bool) -> SortKey:
        """The ORDER BY item of a field; its value is read back from the page row by the field's name."""
        parts = f.parts(nullable) if f.parts is not None else ()
        return SortKey(f.name, _sql(f), descending, nullable, f.kind, parts)


def _sql(f: Field) -> ColumnElement[Any]:
    assert f.sql is not None, f"{f.name} is selected by its list's source"
    return f.sql
