"""Counts and facets from a rollup table when a filter only asks what the rollup knows; the scan otherwise.

A `Rollup` mirrors a list's dimension fields onto a table of row counts per value combination
(core.lead_rollup, kept exact by triggers: alembic 0015) stored for several grouping sets. Its `model` is
the list model's own dimension fields with the rollup's columns as their SQL and `complete` as the FLAG
rule, so the one filter compiler (gateway/lists/compiler.py `field_conditions`) writes its conditions.
`count_statement_of` and `facets_statement_of` build (never run) the statements behind `totalCount` and
`facets`: from the narrowest grouping set that holds every dimension asked for when the compiled list
has a rollup filter, else today's scans (gateway/lists/counts.py). ESTIMATE always explains the scan.
"""

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Executable,
    FromClause,
    Text,
    case,
    cast,
    func,
    literal,
    null,
    select,
    tuple_,
    union_all,
)
from sqlalchemy.sql import Select

from gateway.lists.counts import CountMode, count_statement, facet_statement
from gateway.lists.model import Field, ListModel, Match

if TYPE_CHECKING:
    from gateway.lists.query import CompiledList

ANSWERED = (Match.ANY_OF, Match.EXACT, Match.FLAG)  # filters the rollup can answer (equality, completeness)


@dataclass(frozen=True, eq=False)
class Rollup:
    """Row counts of a list per combination of its dimension fields, kept for several grouping sets."""

    table: FromClause  # grouping_set, complete, one column per dimension, n
    model: ListModel  # the list's dimension fields and FLAG over the rollup's columns
    sets: tuple[tuple[frozenset[str], int], ...]  # (dimensions kept, grouping_set value), narrowest first
    by_sql: tuple[tuple[ColumnElement[Any], str], ...]  # a list field's SQL -> the rollup's dimension

    @classmethod
    def of(
        cls,
        list_model: ListModel,
        table: FromClause,
        sets: Mapping[tuple[str, ...], int],
        cardinality: Mapping[str, int],
    ) -> "Rollup":
        """The rollup of `list_model`'s fields named like `table`'s columns; `cardinality` ranks the sets."""
        fields = [f for f in list_model.filters if f.name in table.c or f.match is Match.FLAG]
        model = ListModel(
            name=f"{list_model.name}Rollup",
            fields=tuple(f if f.sql is None else replace(f, sql=table.c[f.name], complete=False) for f in fields),
            tiebreak=Field("n", int, table.c.n),
            rule=(table.c.complete,),
        )
        ranked = sorted(sets.items(), key=lambda s: math.prod(cardinality[d] for d in s[0]))
        by_sql = tuple((f.sql, f.name) for f in list_model.fields if f.sql is not None and f.name in table.c)
        return cls(table, model, tuple((frozenset(s), mask) for s, mask in ranked), by_sql)

    def dimension(self, sql: ColumnElement[Any]) -> str | None:
        """The rollup's dimension counting a list field's SQL (compared by identity), if any."""
        return next((name for expr, name in self.by_sql if expr is sql), None)

    def grouping_set(self, dimensions: frozenset[str]) -> int:
        """The narrowest stored set holding every dimension of `dimensions`."""
        return next(mask for kept, mask in self.sets if dimensions <= kept)


@dataclass(frozen=True)
class RollupFilter:
    """A list filter the rollup answers: its conditions over the rollup's columns, the dimensions they read."""

    rollup: Rollup
    conditions: tuple[ColumnElement[bool], ...]
    used: frozenset[str] = field(default_factory=frozenset)

    def rows(self, dimensions: frozenset[str], *columns: ColumnElement[Any]) -> Select[Any]:
        table = self.rollup.table
        mask = self.rollup.grouping_set(self.used | dimensions)
        return select(*columns).select_from(table).where(table.c.grouping_set == mask, *self.conditions)


def _total(rows: RollupFilter) -> ColumnElement[Any]:
    return cast(func.coalesce(func.sum(rows.rollup.table.c.n), 0), BigInteger)


def count_statement_of(compiled: "CompiledList", mode: CountMode, cap: int) -> Executable:
    """The statement behind `totalCount(mode, cap)`: the rollup's sum when it answers the filter, else the scan."""
    rows = compiled.rollup_filter
    if rows is None or mode is CountMode.ESTIMATE:
        return count_statement(compiled.matching, mode, cap)
    total = _total(rows)
    if mode is CountMode.CAPPED:
        total = func.least(total, literal(cap + 1, BigInteger))
    return rows.rows(frozenset(), total)


def facets_statement_of(compiled: "CompiledList", dimensions: Mapping[str, ColumnElement[Any]]) -> Select[Any]:
    """Value counts of every dimension (rows as `counts.read_facets` reads them): from the rollup when it can."""
    rows = compiled.rollup_filter
    names = [rows.rollup.dimension(sql) for sql in dimensions.values()] if rows is not None else [None]
    if rows is None or None in names:
        return facet_statement(compiled.matching, dimensions)
    by_set: dict[int, list[int]] = {}  # each dimension from its own narrowest set; one scan per set
    for i, name in enumerate(names):
        assert name is not None
        by_set.setdefault(rows.rollup.grouping_set(rows.used | {name}), []).append(i)
    branches = [_facet_branch(rows, [n for n in names if n is not None], positions) for positions in by_set.values()]
    return branches[0] if len(branches) == 1 else union_all(*branches).subquery().select()


def _facet_branch(rows: RollupFilter, names: Sequence[str], positions: Sequence[int]) -> Select[Any]:
    """GROUPING SETS over the rollup for the dimensions at `positions`, `grouping` numbered as over all of them."""
    table, n, m = rows.rollup.table, len(names), len(positions)
    columns = [table.c[names[i]] for i in positions]
    overall = {
        ((1 << m) - 1) ^ (1 << (m - 1 - j)): ((1 << n) - 1) ^ (1 << (n - 1 - i)) for j, i in enumerate(positions)
    }
    grouping = (
        literal(next(iter(overall.values()))) if m == 1 else case(overall, value=func.grouping(*columns))  # type: ignore[arg-type]
    )
    picked = dict(zip(positions, columns, strict=True))
    return rows.rows(
        frozenset(names[i] for i in positions),
        grouping.label("grouping"),
        *(picked[i].label(f"d{i}") if i in picked else cast(null(), Text).label(f"d{i}") for i in range(n)),
        _total(rows).label("n"),
    ).group_by(func.grouping_sets(*(tuple_(c) for c in columns)))
