"""Tech stacks and job postings (issue 12): extracted.company_technologies -> core.company_technologies,
extracted.job_postings -> core.company_job_postings.

A technology is one core row per company, source and case-folded name: the newest spelling and first
category win, and the detection times widen (earliest first seen, latest last seen), so an incremental
run that reads only changed rows keeps what earlier runs saw. A posting is keyed by company and job id
like the job-posting signal's; when several job sources send one, `job_posting` (Clay) beats
`job_board_linkedin`, which beats `job_board_indeed`, and any of them beats the signal (links.py), whose
step no longer touches a posting a job source owns. A posting whose company is known only by its
LinkedIn URL waits until core knows the company.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from ingest.core_build.consolidation import ConsolidationReport
from ingest.core_build.db import changed_since
from ingest.core_build.links import POSTING_VALUES, columns, known_domain, unresolved, upsert_rows

JOB_SOURCES = ("job_posting", "job_board_linkedin", "job_board_indeed")  # best first


def _rank(source: str) -> str:
    """A posting's source as its priority (1 = best; the signal and unknown sources after every job source)."""
    listed = ", ".join(f"'{s}'" for s in JOB_SOURCES)
    return f"COALESCE(array_position(ARRAY[{listed}], {source}), {len(JOB_SOURCES) + 1})"


async def build_technologies(conn: AsyncConnection, since: Any, report: ConsolidationReport) -> None:
    source = f"""
        SELECT company_domain, source, lower(technology_name) AS name_key,
               (array_agg(technology_name ORDER BY updated_at DESC))[1] AS name,
               (array_agg(categories[1] ORDER BY updated_at DESC) FILTER (WHERE categories[1] IS NOT NULL))[1]
                   AS category,
               min(first_seen_at) AS first_seen_at, max(last_seen_at) AS last_seen_at
        FROM extracted.company_technologies t WHERE {changed_since("t")}
        GROUP BY company_domain, source, lower(technology_name)"""
    await upsert_rows(
        conn,
        report,
        "company_technologies",
        source,
        f"""
        INSERT INTO core.company_technologies AS o (company_domain, source, name_key, name, category,
            first_seen_at, last_seen_at, origin)
        SELECT company_domain, source, name_key, name, category, first_seen_at, last_seen_at, 'build'
        FROM ({source}) s ORDER BY company_domain, source, name_key
        ON CONFLICT (company_domain, source, name_key) DO UPDATE
        SET name = EXCLUDED.name, category = COALESCE(EXCLUDED.category, o.category),
            first_seen_at = LEAST(o.first_seen_at, EXCLUDED.first_seen_at),
            last_seen_at = GREATEST(o.last_seen_at, EXCLUDED.last_seen_at)
        WHERE o.origin = 'build'
          AND (o.name, o.category, o.first_seen_at, o.last_seen_at) IS DISTINCT FROM
              (EXCLUDED.name, COALESCE(EXCLUDED.category, o.category),
               LEAST(o.first_seen_at, EXCLUDED.first_seen_at), GREATEST(o.last_seen_at, EXCLUDED.last_seen_at))
        RETURNING (xmax = 0)""",
        since,
    )


async def build_job_postings(conn: AsyncConnection, since: Any, report: ConsolidationReport) -> None:
    domain = known_domain("t", "company_domain", "company_linkedin_url")
    source = f"""
        SELECT DISTINCT ON (company_domain, job_id) * FROM (
            SELECT {domain} AS company_domain, t.job_id, {columns(POSTING_VALUES, "t")}, t.source,
                   {_rank("t.source")} AS rank, t.updated_at
            FROM extracted.job_postings t WHERE {changed_since("t")} OR {unresolved("t", "company_domain")}
        ) p WHERE company_domain IS NOT NULL ORDER BY company_domain, job_id, rank, updated_at DESC"""
    await upsert_rows(
        conn,
        report,
        "company_job_postings",
        source,
        f"""
        INSERT INTO core.company_job_postings AS o (company_domain, job_id, {columns(POSTING_VALUES)}, source)
        SELECT company_domain, job_id, {columns(POSTING_VALUES)}, source FROM ({source}) s
        ORDER BY company_domain, job_id
        ON CONFLICT (company_domain, job_id) DO UPDATE
        SET ({columns(POSTING_VALUES)}, source) = ({columns(POSTING_VALUES, "EXCLUDED")}, EXCLUDED.source)
        WHERE {_rank("EXCLUDED.source")} <= {_rank("o.source")}
          AND ({columns(POSTING_VALUES, "o")}, o.source)
              IS DISTINCT FROM ({columns(POSTING_VALUES, "EXCLUDED")}, EXCLUDED.source)
        RETURNING (xmax = 0)""",
        since,
    )


async def build_techstack_jobs(conn: AsyncConnection, since: Any, report: ConsolidationReport) -> None:
    """The core build's step for both: technologies, then postings."""
    await build_technologies(conn, since, report)
    await build_job_postings(conn, since, report)
