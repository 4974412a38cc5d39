"""Counts and facets of the leads list: read from core.lead_rollup against today's scans, in one run.

    .venv/bin/python bench/counts.py --database-url postgresql://.../hq_bench_copy [--runs 30]

On a warehouse at migration head (e.g. the 1,000,000-people demo one bench/queries.py loads), builds
each case's statement the way the API does (gateway/lists/rollup.py `count_statement_of`,
`facets_statement_of`) and the scan statement the API ran before (gateway/lists/counts.py), runs both
alternately through the gateway's engine (statement build, SQLAlchemy compile, asyncpg, PostgreSQL: not
HTTP or GraphQL) after warm-up, checks they give the same answer, and prints p50/p95 of each.
"""

import argparse
import asyncio
import statistics
import time
from collections.abc import Callable
from typing import Any

from support import REPO  # noqa: F401  # isort: skip  (puts the repo root ahead of bench/ on sys.path)

from sqlalchemy import func, select

from gateway.database import create_engine, fetch
from gateway.leads.fields import LEAD, LeadFilter
from gateway.leads.sources import ALL_LEADS
from gateway.lists.compiler import compile_list
from gateway.lists.counts import CountMode, count_statement, facet_statement, read_facets
from gateway.lists.rollup import count_statement_of, facets_statement_of
from gateway.tables import P

FIVE = ["JOB_FUNCTION", "SENIORITY", "INDUSTRY", "EMPLOYEE_RANGE", "PERSON_COUNTRY"]
FILTERS: dict[str, dict[str, Any]] = {
    "all complete leads": {},
    "Engineering x Director/VP": {"job_functions": ["Engineering"], "seniorities": ["Director", "VP"]},
    "Sales, 51-200, Software": {"job_functions": ["Sales"], "employee_ranges": ["51-200"], "industries": ["Software"]},
    "every lead (complete: false)": {"complete": False},
}


def cases() -> list[tuple[str, Callable[[], Any], Callable[[], Any], Callable[[Any], Any]]]:
    """(name, rollup statement, scan statement, how to read the rows) per case: built per run, as per request."""
    out = []
    dims = LEAD.facet_dimensions(FIVE)
    for label, args in FILTERS.items():

        def compiled(args: dict[str, Any] = args) -> Any:
            return compile_list(ALL_LEADS, LeadFilter(**args), None, None)

        out.append(
            (
                f"totalCount EXACT, {label}",
                lambda c=compiled: count_statement_of(c(), CountMode.EXACT, 0),
                lambda c=compiled: count_statement(c().matching, CountMode.EXACT, 0),
                lambda rows: rows[0][0],
            )
        )
        out.append(
            (
                f"facets x5, {label}",
                lambda c=compiled: facets_statement_of(c(), dims),
                lambda c=compiled: facet_statement(c().matching, dims),
                lambda rows: read_facets(rows, FIVE),
            )
        )
    return out


def quantiles(samples: list[float]) -> str:
    q = statistics.quantiles(samples, n=20, method="inclusive")
    return f"p50 {statistics.median(samples):8.1f} ms  p95 {q[18]:8.1f} ms"


async def main(url: str, runs: int, warmup: int) -> None:
    engine = create_engine(url, pool_size=1)
    try:
        [[people]] = await fetch(engine, select(func.count()).select_from(P))
        print(f"{people:,} people; {runs} runs per statement after {warmup} warm-up runs, rollup and scan alternating")
        for name, rollup, scan, read in cases():
            times: dict[str, list[float]] = {"rollup": [], "scan": []}
            answers: dict[str, Any] = {}
            for i in range(warmup + runs):
                for kind, build in (
                    (("rollup", rollup), ("scan", scan)) if i % 2 else (("scan", scan), ("rollup", rollup))
                ):
                    started = time.perf_counter()
                    rows = await fetch(engine, build())
                    elapsed = (time.perf_counter() - started) * 1000
                    if i >= warmup:
                        times[kind].append(elapsed)
                    answers[kind] = read(rows)
            same = "same answer" if answers["rollup"] == answers["scan"] else "DIFFERENT ANSWERS"
            print(f"{name:48s} rollup {quantiles(times['rollup'])} | scan {quantiles(times['scan'])}  {same}")
    finally:
        await engine.dispose()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    args = parser.parse_args()
    asyncio.run(main(args.database_url, args.runs, args.warmup))
