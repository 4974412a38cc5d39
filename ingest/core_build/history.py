"""Work history and promotions of the people a build run touched (`scope_person_id`).

Both are replaced per person, as a diff: rows no longer derived are deleted, new ones inserted, equal
ones left alone, so re-ingesting a person never duplicates history and a re-run changes nothing.

A promotion is derived from work history only: the same company (same domain; or no domain and the
same name), a different title, and the new role starting within `PROMOTION_GAP_DAYS` of the previous
role's end (a little overlap counts too: LinkedIn dates are months). Its date is the new role's start.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from ingest.core_build.consolidation import ConsolidationReport
from ingest.core_build.db import create_temp_as
from ingest.core_build.salesnav import SALESNAV_JOBS

PROMOTION_GAP_DAYS = 90

WORK_COLUMNS = (
    "person_id, linkedin_url, company_domain, company_name, title, matched_job_function, matched_seniority,"
    " start_date, end_date, is_current"
)
WORK_VALUES = (
    "company_domain, company_name, title, matched_job_function, matched_seniority, start_date, end_date, is_current"
)
PROMOTION_COLUMNS = "person_id, linkedin_url, company_domain, previous_title, new_title, promotion_date"
PROMOTION_VALUES = "company_domain, previous_title, new_title, promotion_date"

# where jobs come from: profile experience, and SalesNav's jobs (issue 12: ingest/core_build/salesnav.py)
WORK_SOURCES = (
    "SELECT linkedin_url, company_domain, company_name, title, start_date, end_date, is_current"
    f" FROM extracted.person_experience UNION ALL {SALESNAV_JOBS}"
)


async def replace_per_person(
    conn: AsyncConnection, table: str, new: str, columns: str, values: str, scope: str = "scope_person_id"
) -> tuple[int, int, int]:
    """Make core.<table> equal `new` for the scope's people (`scope.id`); (inserted, deleted, unchanged)."""

    def row(alias: str) -> str:
        return "(" + ", ".join(f"{alias}.{c.strip()}" for c in values.split(",")) + ")"

    deleted = await conn.execute(
        text(f"""
        DELETE FROM core.{table} o USING {scope} s
        WHERE o.person_id = s.id
          AND NOT EXISTS (SELECT 1 FROM {new} n WHERE n.person_id = o.person_id
                          AND {row("n")} IS NOT DISTINCT FROM {row("o")})""")
    )
    inserted = await conn.execute(
        text(f"""
        INSERT INTO core.{table} ({columns})
        SELECT {columns} FROM {new} n
        WHERE NOT EXISTS (SELECT 1 FROM core.{table} o WHERE o.person_id = n.person_id
                          AND {row("n")} IS NOT DISTINCT FROM {row("o")})
        ORDER BY person_id""")
    )
    total = int((await conn.execute(text(f"SELECT count(*) FROM {new}"))).scalar_one())
    n_inserted = int(inserted.rowcount or 0)
    return n_inserted, int(deleted.rowcount or 0), total - n_inserted


async def build_work_history(conn: AsyncConnection, report: ConsolidationReport) -> None:
    await create_temp_as(
        conn,
        "new_work_history",
        f"""
        SELECT DISTINCT s.id AS person_id, e.linkedin_url, e.company_domain, e.company_name, e.title,
               t.job_function AS matched_job_function, t.seniority AS matched_seniority,
               e.start_date, e.end_date, e.is_current
        FROM scope_person_id s
        JOIN ({WORK_SOURCES}) e ON e.linkedin_url = s.linkedin_url
        LEFT JOIN title_map t ON t.raw_key = lower(trim(e.title))""",
    )
    await conn.execute(text("CREATE INDEX ON new_work_history (person_id)"))
    await conn.execute(text("ANALYZE new_work_history"))
    inserted, deleted, unchanged = await replace_per_person(
        conn, "person_work_history", "new_work_history", WORK_COLUMNS, WORK_VALUES
    )
    report.add("person_work_history", inserted=inserted, skipped=unchanged, deleted=deleted)


async def build_promotions(conn: AsyncConnection, report: ConsolidationReport) -> None:
    await create_temp_as(
        conn,
        "new_promotions",
        f"""
        SELECT DISTINCT ON (b.id) b.person_id, b.linkedin_url, b.company_domain,
               a.title AS previous_title, b.title AS new_title, b.start_date AS promotion_date
        FROM scope_person_id s
        JOIN core.person_work_history b ON b.person_id = s.id
        JOIN core.person_work_history a ON a.person_id = b.person_id AND a.id <> b.id
        WHERE (a.company_domain = b.company_domain
               OR (a.company_domain IS NULL AND b.company_domain IS NULL
                   AND lower(trim(a.company_name)) = lower(trim(b.company_name))))
          AND lower(trim(a.title)) <> lower(trim(b.title))
          AND a.end_date IS NOT NULL AND b.start_date IS NOT NULL
          AND (a.start_date IS NULL OR b.start_date > a.start_date)
          AND b.start_date BETWEEN a.end_date - {PROMOTION_GAP_DAYS} AND a.end_date + {PROMOTION_GAP_DAYS}
        ORDER BY b.id, a.end_date DESC, a.id""",
    )
    await conn.execute(text("CREATE INDEX ON new_promotions (person_id)"))
    await conn.execute(text("ANALYZE new_promotions"))
    inserted, deleted, unchanged = await replace_per_person(
        conn, "person_promotions", "new_promotions", PROMOTION_COLUMNS, PROMOTION_VALUES
    )
    report.add("person_promotions", inserted=inserted, skipped=unchanged, deleted=deleted)
