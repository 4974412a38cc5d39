"""The core build: companies and people from the extracted sources, then what hangs off them.

Set-based SQL throughout (`INSERT ... SELECT ... ON CONFLICT`), so a million people build in one
pass; Python only maps the distinct raw values the reference lookups lack (`maps`). Incremental:
only subjects with extracted rows changed since the last run's watermark (`ops.build_state`) are
rebuilt; `full=True` rebuilds everything. Rows are written only when a value differs, so a second
run reports everything as skipped. Core rows of another origin (demo data) are never updated or
deleted, and neither is anything hanging off them. The per-field priorities are in `companies`
and `people`; work history and promotions in `history`; investors, similar companies and signals
in `links`. A changed title or location mapping (a reference feed's or an operator's) reaches the
rows built before it on the next incremental run (`remapped`).
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from ingest.core_build import (
    companies,
    companyenrich,
    history,
    links,
    maps,
    parsed,
    people,
    remapped,
    state,
    techstack_jobs,
)
from ingest.core_build.case_studies_ads import build_case_studies_and_ads  # issue 12
from ingest.core_build.consolidation import ConsolidationReport
from ingest.core_build.db import Progress, no_progress
from ingest.core_build.emails import build_emails  # issue 12
from ingest.core_build.salesnav import build_salesnav_people  # issue 12

JOB = "core_build"


async def _sync_identities(conn: AsyncConnection) -> None:
    """Rows loaded with explicit ids (demo data) must not collide with the ones we add."""
    for table in ("companies", "people", "person_work_history", "person_promotions", "company_case_studies"):
        await conn.execute(
            text(f"""
            SELECT setval(seq, max_id)
            FROM (SELECT pg_get_serial_sequence('core.{table}', 'id') AS seq,
                         (SELECT max(id) FROM core.{table}) AS max_id) m
            WHERE max_id > COALESCE(pg_sequence_last_value(seq::regclass), 0)""")
        )


async def rebuild_core(
    conn: AsyncConnection,
    report: ConsolidationReport | None = None,
    *,
    full: bool = False,
    progress: Progress = no_progress,
) -> ConsolidationReport:
    """Build core from extracted: everything changed since the last run (`full`: everything)."""
    started = time.perf_counter()
    out = report or ConsolidationReport(incremental=not full)
    run = await state.begin(conn, JOB, full=full)
    watermark, since = run.watermark, run.since
    await _sync_identities(conn)
    await remapped.apply_reference_feeds(conn, since, out)  # issue 12: before the maps read the lookups
    fallbacks = await maps.Fallbacks.load(conn)
    steps: tuple[tuple[str, Callable[[], Awaitable[None]]], ...] = (
        ("companies", lambda: companies.build_companies(conn, since, fallbacks, out)),
        ("companyenrich", lambda: companyenrich.build_companyenrich(conn, out)),  # issue 12: after companies
        ("people", lambda: people.build_people(conn, since, fallbacks, out)),
        # issue 12: SalesNav people (before work history: it reads their jobs)
        ("salesnav people", lambda: build_salesnav_people(conn, since, fallbacks, out)),
        ("work history", lambda: history.build_work_history(conn, out)),
        ("promotions", lambda: history.build_promotions(conn, out)),
        ("vc investors", lambda: links.build_vc_investors(conn, since, out)),
        ("similar companies", lambda: links.build_similar_companies(conn, since, out)),
        ("signals", lambda: links.build_signals(conn, since, out)),
        ("company addresses", lambda: parsed.build_company_addresses(conn, out)),  # issue 12, after companies
        ("case studies and ads", lambda: build_case_studies_and_ads(conn, since, out)),  # issue 12
        ("tech stacks and job postings", lambda: techstack_jobs.build_techstack_jobs(conn, since, out)),  # issue 12
        ("emails", lambda: build_emails(conn, since, out)),  # issue 12: after every person step
    )
    for name, step in steps:
        step_started = time.perf_counter()
        await step()
        out.step_seconds[name] = round(time.perf_counter() - step_started, 3)
        progress(name)
    await people.mapped_shares(conn, out)
    out.seconds = round(out.seconds + time.perf_counter() - started, 3)
    await state.save(
        conn,
        JOB,
        {"inserted": out.inserted, "updated": out.updated, "notes": out.notes, "full": full},
        watermark,
    )
    return out
