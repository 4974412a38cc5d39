"""extracted -> core: customer-name matching, consolidation into core.company_customers, the core build.

`consolidate` runs all three, each in its own transaction (a failed build keeps the matches).
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncEngine

from ingest.core_build.build import rebuild_core
from ingest.core_build.consolidation import ConsolidationReport, consolidate_customers
from ingest.core_build.db import Progress, no_progress, set_timeout
from ingest.core_build.matching import MatchReport, match_customers

STEPS = (
    "known companies",
    "exact and alias matches",
    "fuzzy matches",
    "saved",
    "company customers",
    "companies",
    "people",
    "work history",
    "promotions",
    "vc investors",
    "similar companies",
    "signals",
)


async def consolidate(
    engine: AsyncEngine, *, full: bool = False, timeout_ms: int | None = None, progress: Progress = no_progress
) -> tuple[MatchReport, ConsolidationReport]:
    """Match customer names, promote matched customers, then build core from extracted."""
    async with engine.begin() as conn:
        await set_timeout(conn, timeout_ms)
        matches = await match_customers(conn, full=full, progress=progress)
    async with engine.begin() as conn:
        await set_timeout(conn, timeout_ms)
        report = await consolidate_customers(conn, full=full, progress=progress)
    async with engine.begin() as conn:
        await set_timeout(conn, timeout_ms)
        await rebuild_core(conn, report, full=full, progress=progress)
    return matches, report


def match_lines(report: MatchReport) -> list[str]:
    methods = ", ".join(f"{m} {n:,}" for m, n in sorted(report.by_method.items()))
    return [
        f"customer names: {report.names_seen:,} rows ({report.distinct_names:,} distinct), "
        f"matched {report.matched:,} ({report.match_rate:.1%}), unmatched {report.unmatched:,}",
        f"  by method: {methods or '-'}",
        f"  this run: tried {report.names_tried:,} names, matched {report.newly_matched:,} rows; "
        f"{report.for_review:,} unmatched rows have candidates for review; "
        f"{report.known_companies:,} known companies; {report.seconds:.2f} s "
        f"({', '.join(f'{step} {seconds:.2f}' for step, seconds in report.step_seconds.items())})",
    ]


def consolidation_lines(report: ConsolidationReport) -> list[str]:
    lines = [f"{'table':<28}{'inserted':>10}{'updated':>10}{'skipped':>10}{'deleted':>10}"]
    for table in report.inserted:
        lines.append(
            f"{table:<28}{report.inserted[table]:>10,}{report.updated.get(table, 0):>10,}"
            f"{report.skipped.get(table, 0):>10,}{report.deleted.get(table, 0):>10,}"
        )
    lines.append(f"customers without a matched domain (not promoted): {report.unmatched:,}")
    if "function_share" in report.notes:
        lines.append(
            f"built people with a title: {int(report.notes['people_with_title']):,}; with a job function "
            f"{report.notes['function_share']:.1%}, with a seniority {report.notes['seniority_share']:.1%}"
        )
    steps = ", ".join(f"{name} {seconds:.2f}" for name, seconds in report.step_seconds.items())
    lines.append(f"{'incremental' if report.incremental else 'full'} run, {report.seconds:.2f} s ({steps})")
    return lines


__all__ = [
    "STEPS",
    "ConsolidationReport",
    "MatchReport",
    "consolidate",
    "consolidate_customers",
    "consolidation_lines",
    "match_customers",
    "match_lines",
    "rebuild_core",
]
