"""The `filters` field: dropdown options with counts over complete leads (statements run side by side)."""

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import strawberry

from gateway.context import Info
from gateway.filters.loaders import (
    DIMENSIONS,
    ESTIMATED_SIGNALS,
    select_dimension_counts,
    select_exact_signal_counts,
    select_vc_counts,
    select_vocabulary,
    signal_matching,
)
from gateway.filters.types import FilterOption, Filters
from gateway.lists.counts import CountMode, count_statement, read_count, read_facets
from gateway.permissions import IsReader
from gateway.signals.queries import since
from gateway.statements import Built, StatementField


def _options(vocabulary: list[Any], counts: dict[str, int]) -> list[FilterOption]:
    """Reference values in their order, then values only the data knows (so every count is reachable)."""
    options = [
        FilterOption(value=v.value, label=v.label, sort_order=v.sort_order, count=counts.get(v.value, 0))
        for v in vocabulary
    ]
    known = {v.value for v in vocabulary}
    last = max((v.sort_order for v in vocabulary), default=0)
    extra = sorted(value for value in counts if value not in known)
    options += [FilterOption(value=v, label=v, sort_order=last + i, count=counts[v]) for i, v in enumerate(extra, 1)]
    return sorted(options, key=lambda o: (o.sort_order, o.value))


def _filters() -> Built:
    """The dropdowns' statements (run side by side) and how their rows make `Filters`."""
    signals = signal_matching(since(90, "days"), since(180, "days"))
    statements = [
        select_vocabulary(),
        select_dimension_counts(),
        select_vc_counts(),
        select_exact_signal_counts(signals),
        *(count_statement(signals[name], CountMode.ESTIMATE, 0) for name in ESTIMATED_SIGNALS),
    ]
    return statements, _filters_of


def _filters_of(results: list[Sequence[Any]]) -> Filters:
    vocabulary_rows, dimension_rows, vc_rows, signal_rows, *estimate_rows = results
    estimates = [read_count(rows, CountMode.ESTIMATE) for rows in estimate_rows]
    vocabulary: dict[str, list[Any]] = defaultdict(list)
    for row in vocabulary_rows:
        vocabulary[row.kind].append(row)
    counts: dict[str, dict[str, int]] = {
        name: {v.value: v.count for v in values if v.value is not None}
        for name, values in read_facets(dimension_rows, list(DIMENSIONS)).items()
    }
    counts["vc_firms"] = {r.value: r.n for r in vc_rows}
    counts["signals"] = {**signal_rows[0]._mapping, **dict(zip(ESTIMATED_SIGNALS, estimates, strict=True))}
    return Filters(**{name: _options(vocabulary[name], counts.get(name, {})) for name in counts})


FILTERS = StatementField(_filters)


@strawberry.type
class FilterQueries:
    @strawberry.field(permission_classes=[IsReader], description="Every filter dropdown with lead counts.")
    async def filters(self, info: Info) -> Filters:
        return await FILTERS.resolve(info.context.engine)  # type: ignore[no-any-return]
