"""Counts and facets of a list: `totalCount` in its three modes, and value counts per dimension.

`count_statement` and `facet_statement` turn the statement of a list's matching rows into the
statement for one count or one facet table (every dimension in one scan); `count` runs a count.
"""

import enum
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import orjson
import strawberry
from sqlalchemy import ClauseElement, ColumnElement, Executable, Row, func, select, tuple_
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql import Select
from sqlalchemy.sql.compiler import SQLCompiler

from gateway.database import fetch
from gateway.errors import BadUserInput

DEFAULT_CAP = 10_000
MAX_CAP = 1_000_000


@strawberry.enum(description="How `totalCount` counts.")
class CountMode(enum.Enum):
    EXACT = strawberry.enum_value("EXACT", description="count(*) of every matching row")
    ESTIMATE = strawberry.enum_value("ESTIMATE", description="the query planner's estimate: fast, approximate")
    CAPPED = strawberry.enum_value("CAPPED", description="exact up to `cap`; `cap + 1` means more than `cap`")


class Explain(Executable, ClauseElement):
    """`EXPLAIN (FORMAT JSON) <stmt>`, keeping the statement's bound parameters."""

    inherit_cache = False

    def __init__(self, stmt: Select[Any]) -> None:
        self.stmt = stmt


@compiles(Explain, "postgresql")
def _compile_explain(element: Explain, compiler: SQLCompiler, **kw: Any) -> str:
    return "EXPLAIN (FORMAT JSON) " + compiler.process(element.stmt, **kw)


def count_statement(matching: Select[Any], mode: CountMode, cap: int) -> Executable:
    """The statement behind `totalCount(mode, cap)` over the rows of `matching`."""
    if mode is CountMode.ESTIMATE:
        return Explain(matching)
    if mode is CountMode.CAPPED:
        return select(func.count()).select_from(matching.limit(cap + 1).subquery())
    return matching.with_only_columns(func.count(), maintain_column_froms=False)


def facet_statement(matching: Select[Any], dimensions: Mapping[str, ColumnElement[Any]]) -> Select[Any]:
    """Value counts of every dimension under the same filter, in one scan (GROUPING SETS)."""
    exprs = list(dimensions.values())
    return matching.with_only_columns(
        func.grouping(*exprs).label("grouping"),
        *(e.label(f"d{i}") for i, e in enumerate(exprs)),
        func.count().label("n"),
        maintain_column_froms=False,
    ).group_by(func.grouping_sets(*(tuple_(e) for e in exprs)))


@strawberry.type(description="How many rows have one value of a dimension.")
class FacetValue:
    value: str | None = strawberry.field(description="The stored value (null: unknown).")
    count: int


def read_facets(rows: Iterable[Any], names: Sequence[str]) -> dict[str, list[FacetValue]]:
    """Splits GROUPING SETS rows (SQLAlchemy rows, or mappings such as asyncpg's records) by dimension;
    values with the most rows first."""
    n = len(names)
    by_mask = {((1 << n) - 1) ^ (1 << (n - 1 - i)): i for i in range(n)}
    out: dict[str, list[FacetValue]] = {name: [] for name in names}
    for row in rows:
        mapping = getattr(row, "_mapping", row)
        i = by_mask[mapping["grouping"]]
        out[names[i]].append(FacetValue(value=mapping[f"d{i}"], count=mapping["n"]))
    for values in out.values():
        values.sort(key=lambda v: (-v.count, v.value is None, v.value or ""))
    return out


def check_cap(mode: CountMode, cap: int) -> None:
    if mode is CountMode.CAPPED and not 0 <= cap <= MAX_CAP:
        raise BadUserInput(f"`cap` must be between 0 and {MAX_CAP} (got {cap}).")


def read_count(rows: Sequence[Row[Any]], mode: CountMode) -> int:
    """The number a count statement's rows give (the plan's estimate for ESTIMATE)."""
    if mode is CountMode.ESTIMATE:
        plan = rows[0][0]
        plan = orjson.loads(plan) if isinstance(plan, str | bytes) else plan
        return int(plan[0]["Plan"]["Plan Rows"])
    return int(rows[0][0])


async def count(engine: AsyncEngine, matching: Select[Any], mode: CountMode, cap: int = DEFAULT_CAP) -> int:
    """The rows of `matching`: exact, the planner's estimate, or exact up to `cap` (then `cap + 1`)."""
    check_cap(mode, cap)
    return read_count(await fetch(engine, count_statement(matching, mode, cap)), mode)
