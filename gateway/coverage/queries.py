"""`coverage`: the operator's view of the warehouse's row counts and gaps (the /coverage page reads it)."""

from typing import Annotated

import strawberry

from gateway.context import Info
from gateway.core_build.resolvers import maintenance
from gateway.coverage import counts, gaps
from gateway.permissions import IsOperator
from gateway.scalars import BigInt


@strawberry.type(description="Rows of one warehouse table.")
class TableCount:
    schema: str
    table: str
    rows: BigInt = strawberry.field(description="Counted when `exact`; otherwise the planner's estimate.")
    exact: bool = strawberry.field(description="true: `count(*)`; false: pg_class.reltuples scaled to its size.")


@strawberry.type(description="Rows of a base set that lack something, with a few of their keys.")
class CoverageGap:
    name: str = strawberry.field(description="Stable name, e.g. companiesWithoutFirmographics.")
    description: str = strawberry.field(description="Exactly which rows have the gap.")
    count: BigInt = strawberry.field(description="Rows with the gap.")
    base: BigInt = strawberry.field(description="Rows of the base set (`count` is a part of it).")
    base_description: str = strawberry.field(description="The base set, e.g. core.companies.")
    key: str = strawberry.field(description="What a sample value is, e.g. domain.")
    sample: list[str] = strawberry.field(description=f"Up to {gaps.SAMPLE_SIZE} keys of rows with the gap.")

    @classmethod
    def of(cls, r: gaps.GapReport) -> "CoverageGap":
        return cls(
            name=r.name,
            description=r.description,
            count=BigInt(r.count),
            base=BigInt(r.base),
            base_description=r.base_description,
            key=r.key_description,
            sample=r.sample,
        )


@strawberry.type(description="Row counts per warehouse table and the named coverage gaps.")
class Coverage:
    exact_counts: strawberry.Private[bool]

    @strawberry.field(
        description="Every table of the schemas raw, extracted, core, reference, public, staging and ops. A table "
        f"under {counts.EXACT_BELOW_BYTES // 2**20} MB (or never analyzed) is counted exactly; a larger one is "
        "estimated from pg_class.reltuples scaled to its current size (`exact: false`), unless `exactCounts`."
    )
    async def tables(self, info: Info) -> list[TableCount]:
        async with maintenance(info) as conn:
            found = await counts.table_counts(conn, exact=self.exact_counts)
        return [TableCount(schema=t.schema, table=t.name, rows=BigInt(t.rows), exact=t.exact) for t in found]

    @strawberry.field(
        description="Companies without firmographics, customers without a domain, people without work history, "
        "leads incomplete by each part of the completeness rule, batches failed in the last 7 days. Counts exact."
    )
    async def gaps(self, info: Info) -> list[CoverageGap]:
        async with maintenance(info) as conn:
            return [CoverageGap.of(r) for r in await gaps.measure(conn)]


@strawberry.type
class CoverageQueries:
    @strawberry.field(
        permission_classes=[IsOperator],
        description="Table counts and coverage gaps (operator role; runs under the operator statement timeout).",
    )
    def coverage(
        self,
        exact_counts: Annotated[
            bool, strawberry.argument(description="Count every table exactly (slow on a large warehouse).")
        ] = False,
    ) -> Coverage:
        return Coverage(exact_counts=exact_counts)
