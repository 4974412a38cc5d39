"""Matched customer rows of every extracted customer table -> `core.company_customers`.

As the seed's pending SQL intends: each (origin domain, customer name) once, from the most trusted
table that has it matched (manual, then Claygent v2, structured, comma list), tagged with its source,
`ON CONFLICT DO NOTHING`. Rows without a matched domain are not promoted, only counted (they are
listed for review by `customerMatchCandidates`). Running it twice changes nothing the second time.
An operator's `setCustomerDomain` is the one way a promoted row changes (`apply_override`).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from ingest.core_build import state
from ingest.core_build.db import Progress, no_progress
from ingest.core_build.matching import CUSTOMER_TABLES

JOB = "customer_consolidation"
SOURCE_TAGS = tuple(tag for _, tag in CUSTOMER_TABLES)


def _ranked_rows(where: str) -> str:
    """Every customer row with its table's rank (1 = most trusted) and source tag."""
    return " UNION ALL ".join(
        f"""SELECT origin_company_domain, origin_company_name, customer_name, matched_domain,
                   case_study_url, has_case_study, '{tag}' AS source, {rank} AS rank
            FROM extracted.{table} WHERE {where}"""
        for rank, (table, tag) in enumerate(CUSTOMER_TABLES, start=1)
    )


@dataclass
class ConsolidationReport:
    """Rows inserted, updated and skipped per core table, plus the customers left unmatched."""

    inserted: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)
    deleted: dict[str, int] = field(default_factory=dict)
    unmatched: int = 0  # customer (origin, name) pairs without a matched domain: not promoted
    notes: dict[str, float] = field(default_factory=dict)  # e.g. shares of people with function/seniority
    step_seconds: dict[str, float] = field(default_factory=dict)
    seconds: float = 0.0
    incremental: bool = True

    def tally(self, table: str, inserted_flags: Sequence[bool], looked_at: int) -> None:
        """Count an upsert's `RETURNING (xmax = 0)` flags; the rest of what it looked at was unchanged."""
        inserted = sum(1 for flag in inserted_flags if flag)
        updated = len(inserted_flags) - inserted
        self.add(table, inserted=inserted, updated=updated, skipped=max(looked_at - inserted - updated, 0))

    def add(self, table: str, *, inserted: int = 0, updated: int = 0, skipped: int = 0, deleted: int = 0) -> None:
        for bucket, n in ((self.inserted, inserted), (self.updated, updated), (self.skipped, skipped)):
            bucket[table] = bucket.get(table, 0) + n
        if deleted:
            self.deleted[table] = self.deleted.get(table, 0) + deleted


async def consolidate_customers(
    conn: AsyncConnection,
    report: ConsolidationReport | None = None,
    *,
    full: bool = False,
    progress: Progress = no_progress,
) -> ConsolidationReport:
    """Promote matched customer rows changed since the last run (all of them when `full`)."""
    started = time.perf_counter()
    report = report or ConsolidationReport(incremental=not full)
    run = await state.begin(conn, JOB, full=full)
    watermark, since = run.watermark, run.since
    changed = "(CAST(:since AS timestamptz) IS NULL OR updated_at >= :since OR matched_at >= :since)"
    row = (
        await conn.execute(
            text(f"""
            WITH candidate AS (
                SELECT DISTINCT ON (origin_company_domain, customer_name) *
                FROM ({_ranked_rows(f"matched_domain IS NOT NULL AND {changed}")}) r
                ORDER BY origin_company_domain, customer_name, rank
            ), inserted AS (
                INSERT INTO core.company_customers (origin_company_domain, origin_company_name, customer_name,
                    customer_domain, case_study_url, has_case_study, source)
                SELECT origin_company_domain, origin_company_name, customer_name, matched_domain,
                       case_study_url, has_case_study, source
                FROM candidate
                ORDER BY origin_company_domain, customer_name
                ON CONFLICT (origin_company_domain, customer_name) DO NOTHING
                RETURNING 1)
            SELECT (SELECT count(*) FROM candidate), (SELECT count(*) FROM inserted)"""),
            {"since": since},
        )
    ).one()
    candidates, inserted = int(row[0]), int(row[1])
    report.add("company_customers", inserted=inserted, skipped=candidates - inserted)
    report.unmatched = int(
        (
            await conn.execute(
                text(f"""
                SELECT count(*) FROM (
                    SELECT origin_company_domain, customer_name FROM ({_ranked_rows("true")}) r
                    GROUP BY origin_company_domain, customer_name
                    HAVING bool_and(matched_domain IS NULL)) u""")
            )
        ).scalar_one()
    )
    await state.save(conn, JOB, {"inserted": inserted, "unmatched": report.unmatched}, watermark)
    report.step_seconds["company customers"] = round(time.perf_counter() - started, 3)
    report.seconds = round(report.seconds + time.perf_counter() - started, 3)
    progress("company customers")
    return report


@dataclass(frozen=True, slots=True)
class CustomerRecord:
    origin_company_domain: str
    customer_name: str
    customer_domain: str | None
    case_study_url: str | None
    has_case_study: bool | None
    source: str


async def apply_override(
    conn: AsyncConnection, origin_domain: str, customer_name: str, domain: str | None
) -> CustomerRecord | None:
    """Make core agree with an operator's decision for one customer; None when no row names it."""
    best = (
        await conn.execute(
            text(f"""
            SELECT * FROM ({_ranked_rows("origin_company_domain = :origin AND customer_name = :name")}) r
            ORDER BY rank LIMIT 1"""),
            {"origin": origin_domain, "name": customer_name},
        )
    ).first()
    if best is None:
        return None
    if domain is None:
        # "no match": the derived row goes; a row someone else put there (demo, manual SQL) stays
        await conn.execute(
            text("""
            DELETE FROM core.company_customers
            WHERE origin_company_domain = :origin AND customer_name = :name AND source = ANY(:tags)"""),
            {"origin": origin_domain, "name": customer_name, "tags": list(SOURCE_TAGS)},
        )
        return CustomerRecord(origin_domain, customer_name, None, best.case_study_url, best.has_case_study, best.source)
    row = (
        await conn.execute(
            text("""
            INSERT INTO core.company_customers (origin_company_domain, origin_company_name, customer_name,
                customer_domain, case_study_url, has_case_study, source)
            VALUES (:origin, :origin_name, :name, :domain, :url, :has, :source)
            ON CONFLICT (origin_company_domain, customer_name)
            DO UPDATE SET customer_domain = EXCLUDED.customer_domain
            RETURNING origin_company_domain, customer_name, customer_domain, case_study_url, has_case_study,
                      source"""),
            {
                "origin": origin_domain,
                "origin_name": best.origin_company_name,
                "name": customer_name,
                "domain": domain,
                "url": best.case_study_url,
                "has": best.has_case_study,
                "source": best.source,
            },
        )
    ).one()
    return CustomerRecord(*row)
