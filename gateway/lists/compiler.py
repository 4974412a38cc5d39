"""Filter inputs -> SQL: the one compiler behind every list, count, facet and export.

`compile_list(source, filter, order, page)` is pure: typed input in, SQLAlchemy Core statements out.
A `ListSource` is the SQL object a list field mirrors (core.leads, a signal, core.companies) over
the base tables, so the planner sees one flat query that the filter narrows; what each filter input
means comes from the source's list model (gateway/lists/model.py). Nothing about a list is decided
in Python after the query, so a later step can wrap these statements into one JSON-building statement.
"""

import enum
import functools
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, FromClause, Select, exists, or_, select

from gateway.errors import BadUserInput
from gateway.lists.cursors import Page, SortKey
from gateway.lists.keyset import contains, paginate, paginate_by_pairs
from gateway.lists.model import Field, ListModel, Match, camel
from gateway.lists.query import CompiledList
from gateway.lists.rollup import ANSWERED, Rollup, RollupFilter
from gateway.lists.values import any_of, const, domain_value, known, text_input

MAX_PAIR_BRANCHES = 8  # (value, value) pairs a page is split into, at most
FLAG, RANGE = Match.FLAG, Match.RANGE  # read per filter field and request: an enum attribute costs more


@dataclass(frozen=True, eq=False)
class ListSource:
    """The rows of one list field: its model's table(s), narrowed by the source's own conditions."""

    model: ListModel
    rows: FromClause
    default_order: tuple[tuple[str, bool], ...] = ()  # (order value, descending)
    non_null: frozenset[str] = frozenset()  # order values this source never leaves NULL
    # two ANY_OF fields whose value pairs a page by the tiebreak is split into (keyset.paginate_by_pairs)
    pairs: tuple[str, str] | None = None
    rollup: Rollup | None = None  # counts of exactly these rows per dimension (core.lead_rollup for `leads`)

    def conditions(self) -> list[ColumnElement[bool]]:
        return []

    def columns(self) -> list[ColumnElement[Any]]:
        """Columns the source selects itself (model fields declared without SQL)."""
        return []

    def select_rows(self) -> Select[Any]:
        extra = self.columns()
        if not extra:
            return _plain_rows(self.model, self.rows)
        return select(*self.model.columns(extra)).select_from(self.rows)


@functools.cache  # statements are immutable: most lists share the plain one
def _plain_rows(model: ListModel, rows: FromClause) -> Select[Any]:
    return select(*model.columns()).select_from(rows)


@functools.cache  # built once per model: most lists apply it, and SQL constructs cost per request
def completeness(model: ListModel) -> tuple[ColumnElement[bool], ...]:
    """The model's FLAG rule: every `complete` field known, and the model's own conditions."""
    assert all(f.sql is not None for f in model.complete_fields)
    return (*(known(f.sql) for f in model.complete_fields if f.sql is not None), *model.rule)


def field_conditions(model: ListModel, f: Field, value: Any) -> list[ColumnElement[bool]]:
    """What one filter input asks of the rows (nothing when it is absent or an empty list)."""
    assert f.filter is not None
    match, expr = f.filter.match, f.sql
    if match is Match.FLAG:
        return list(completeness(model)) if value is not False else []
    if value is None or expr is None:
        return []
    if match is Match.ANY_OF:
        return [any_of(expr, value, camel(f.input_name))] if value else []
    if match is Match.RELATED_ANY_OF:
        return [related_any_of(f, expr, value)] if value else []
    if match is Match.CONTAINS:
        return [contains(expr, value)] if value else []
    if match is Match.DOMAIN:
        return [expr == domain_value(value, camel(f.input_name))] if value else []
    if match is Match.EXACT:
        return [expr == const(value.value)]
    if match is Match.KNOWN:
        return [known(expr) if value else or_(expr.is_(None), expr == const(""))]
    bounds = [expr >= value.gte] if value.gte is not None else []
    return bounds + ([expr <= value.lte] if value.lte is not None else [])


def related_any_of(f: Field, expr: ColumnElement[Any], values: Sequence[Any]) -> ColumnElement[bool]:
    """RELATED_ANY_OF: a row of the related table pointing at this row holds one of the values (an enum by value)."""
    assert f.filter is not None
    assert f.filter.related is not None, f"{f.name}: a RELATED_ANY_OF filter declares `related`"
    related = f.filter.related
    texts = [v.value if isinstance(v, enum.Enum) else v for v in values]
    texts = [related.fold(t) for t in texts] if related.fold else texts
    return exists().where(related.key == expr, any_of(related.value, texts, camel(f.input_name)), *related.where)


def filter_values(model: ListModel, f: Any) -> dict[str, Any]:
    """Field name -> its input value (the input's defaults when no filter is given)."""
    if f is None:
        return model.default_values
    return {field.name: getattr(f, field.input_name) for field in model.filters}


def conditions(model: ListModel, f: Any) -> list[ColumnElement[bool]]:
    """The WHERE conditions of a filter (with the FLAG rule unless the filter lifts it)."""
    return _conditions(model, filter_values(model, f))


def _conditions(model: ListModel, values: dict[str, Any], without: Sequence[str] = ()) -> list[ColumnElement[bool]]:
    out: list[ColumnElement[bool]] = []
    for f in model.filters:
        value = values[f.name]
        if (value is not None or f.match is FLAG) and f.name not in without:
            out += field_conditions(model, f, value)
    return out


def _narrowed(source: ListSource, values: dict[str, Any]) -> set[str]:
    """Order values the filtered rows never leave NULL (their keyset conditions can use an index)."""
    model = source.model
    known_names: set[str] = set()
    for f in model.filters:
        value, match = values[f.name], f.match
        if match is FLAG:
            if value is not False:
                known_names |= model.complete_names
        elif match is RANGE:
            if value is not None and (value.gte is not None or value.lte is not None):
                known_names.add(f.name)
        elif value:
            known_names.add(f.name)
    return {order for order, f in model.orders.items() if not f.nullable or f.name in known_names} | source.non_null


def sort_keys(source: ListSource, f: Any, order: Sequence[Any] | None) -> tuple[SortKey, ...]:
    """The ORDER BY of a page: the asked order (or the source's default), then the unique tiebreak."""
    return _sort_keys(source, filter_values(source.model, f), order)


def _sort_keys(source: ListSource, values: dict[str, Any], order: Sequence[Any] | None) -> tuple[SortKey, ...]:
    model = source.model
    items = [(o.field.value, o.direction.value == "DESC") for o in order] if order else list(source.default_order)
    names = [value for value, _ in items]
    if len(set(names)) != len(names):
        raise BadUserInput("`orderBy` names a field more than once.")
    for value in names:
        if value not in model.orders:
            raise BadUserInput(f"This list cannot be ordered by {value}.")
    non_null = _narrowed(source, values)
    keys = [model.sort_key(model.orders[value], descending, value not in non_null) for value, descending in items]
    descending = keys[-1].descending if keys else False
    return (*keys, model.sort_key(model.tiebreak, descending, nullable=False))


def _pairs(source: ListSource, values: dict[str, Any]) -> list[list[ColumnElement[bool]]]:
    """The (a, b) value pairs a filter asks for, when both lists are given and short.

    Not with an exact domain, whose own index finds a handful of rows. Text and date conditions stay
    inside each pair's range: without the split the planner walks the tiebreak's index and filters
    (~40 ms at 1M people for Engineering x Director/VP in Germany, ~0.7 s when nothing matches), with
    it each pair reads its own rows in order (1-3 ms; bench/queries.py --plans).
    """
    model = source.model
    if source.pairs is None or any(
        values.get(f.name) for f in model.filters if f.filter is not None and f.filter.match is Match.DOMAIN
    ):
        return []
    a, b = (model.by_name[name] for name in source.pairs)
    first, second = (dict.fromkeys(values.get(f.name) or ()) for f in (a, b))
    if not first or not second or len(first) * len(second) > MAX_PAIR_BRANCHES:
        return []
    assert a.sql is not None
    assert b.sql is not None
    return [[a.sql == text_input(x), b.sql == text_input(y)] for x, y in itertools.product(first, second)]


def rollup_filter(source: ListSource, values: dict[str, Any]) -> RollupFilter | None:
    """The filter over the source's rollup, when every filter input it is given is one the rollup answers."""
    rollup = source.rollup
    if rollup is None:
        return None
    out: list[ColumnElement[bool]] = []
    used: set[str] = set()
    for f in source.model.filters:
        value, mine = values[f.name], rollup.model.by_name.get(f.name)
        if mine is not None and mine.match in ANSWERED:
            found = field_conditions(rollup.model, mine, value)
            used |= {f.name} if found and f.match is not FLAG else set()
            out += found
        elif value is not None and field_conditions(source.model, f, value):
            return None  # a filter the rollup cannot answer: counts scan
    return RollupFilter(rollup, tuple(out), frozenset(used))


def compile_list(source: ListSource, f: Any, order: Sequence[Any] | None, page: Page | None) -> CompiledList:
    """The page statement (all rows when `page` is None, for an export) and the counted rows of a list."""
    values = filter_values(source.model, f)
    keys = _sort_keys(source, values, order)
    pairs = _pairs(source, values) if page is not None and len(keys) == 1 else []
    others = [*source.conditions(), *_conditions(source.model, values, source.pairs if pairs and source.pairs else ())]
    if page is not None and pairs:  # each branch states its pair instead of the two lists
        page_stmt = paginate_by_pairs(source.select_rows().where(*others), keys, page, pairs)
    else:
        page_stmt = paginate(source.select_rows().where(*others), keys, page)
    tiebreak = source.model.tiebreak.sql
    assert tiebreak is not None
    return CompiledList(
        page=page_stmt,
        counted=lambda: (
            select(tiebreak).select_from(source.rows).where(*source.conditions(), *_conditions(source.model, values))
        ),
        rolled_up=lambda: rollup_filter(source, values),
        keys=keys,
        first=page.first if page else 0,
        after_or_offset=bool(page and (page.after or page.offset)),
    )
