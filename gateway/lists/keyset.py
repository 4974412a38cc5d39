"""Keyset SQL: a filtered statement -> the statement for one page, ordered with a unique tiebreak.

Orders put NULLs last in both directions, and the keyset condition follows that rule, so a walk by
cursor meets every row exactly once. A first key that is nullable or computed is paged in parts (one
index range each) and the parts ordered again in one union statement.

The planner strategies a list model names live here too: a COALESCE key paged in its indexable parts
(`coalesce_parts`), an any-of x any-of filter split into one index range per value pair
(`paginate_by_pairs`), and 'contains' needles too short for a trigram index (`contains`).
"""

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy import ColumnElement, and_, false, literal_column, or_, select, true, union_all
from sqlalchemy.sql import Select

from gateway.lists.cursors import Page, SortKey, decode_cursor
from gateway.lists.values import like_pattern

MAX_INT4 = 2**31 - 1


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


# --- named strategies of the planner -------------------------------------------------------------

MIN_TRIGRAM_TEXT = 3


def contains(expr: ColumnElement[Any], value: str) -> ColumnElement[bool]:
    """Case-insensitive 'contains'. pg_trgm GIN indexes serve it from three characters on; a shorter
    needle has no trigram, the index would be read whole (~1 s at 1M people), so it is written in a form
    no index matches (`IS TRUE` keeps the planner's selectivity estimate of the ILIKE)."""
    condition = expr.ilike(like_pattern(value))
    return condition if len(value) >= MIN_TRIGRAM_TEXT else condition.is_(true())


# (condition, expression): disjoint parts of the rows where a sort key equals a simpler, indexable
# expression; None stands for the key's NULL rows
Parts = tuple[tuple[ColumnElement[bool], ColumnElement[Any] | None], ...]


def coalesce_parts(primary: ColumnElement[Any], fallback: ColumnElement[Any]) -> Callable[[bool], Parts]:
    """A `COALESCE(primary, fallback)` key is `primary` where that is known, else `fallback`: each part
    walks its own column's index (`nullable`: the fallback may be NULL too, a third part)."""

    known, unknown = primary.is_not(None), primary.is_(None)
    built: dict[bool, Parts] = {  # once: statements are immutable, and pages ask for them per request
        False: ((known, primary), (unknown, fallback)),
        True: (
            (known, primary),
            (and_(unknown, fallback.is_not(None)), fallback),
            (and_(unknown, fallback.is_(None)), None),
        ),
    }
    return built.__getitem__


def paginate_by_pairs(
    rows: Select[Any], keys: Sequence[SortKey], page: Page, pairs: Sequence[Sequence[ColumnElement[bool]]]
) -> Select[Any]:
    """A page in the order of its single unique key, one index range per pair of equalities.

    `a = ANY(..) AND b = ANY(..)` gives rows in no key order, so the planner would walk the key's
    index and discard every row of other pairs; apart, each pair is an ordered range with a LIMIT (the
    cursor condition inside it), and the outer query orders the at most pairs x (offset + first + 1)
    rows again.
    """
    limit = min(page.offset + page.first + 1, MAX_INT4)
    after = after_condition(keys, decode_cursor(keys, page.after)) if page.after is not None else None
    branches = []
    for pair in pairs:
        branch = rows.where(*pair)
        if after is not None:
            branch = branch.where(after)
        branches.append(branch.order_by(*order_by(keys)).limit(limit))
    return union_page(branches, keys, page, nulls_apart=False)
