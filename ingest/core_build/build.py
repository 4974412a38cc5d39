"""The core build: companies and people from the extracted sources, then what hangs off them.

Set-based SQL throughout (`INSERT ... SELECT ... ON CONFLICT`), so a million people build in one
pass; Python only maps the distinct raw values the reference lookups lack (`maps`). Incremental:
only subjects with extracted rows changed since the last run's watermark (`ops.build_state`) are
rebuilt; `full=True` rebuilds everything. Rows are written only when a value differs, so a second
run reports everything as skipped. Core rows of another origin (demo data) are never updated or
deleted, and neither is anything hanging off them.

Per-field priority (first known value wins):

- companies: firmographics, company discovery, VC portfolio, customer origins, similar companies;
  location, industry and size are taken from the first source whose value maps to the vocabulary.
- people: profile, then person discovery for names and location; the current job is the profile's
  latest experience, else the current experience row, else discovery's latest title and company.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from ingest.core_build import history, links, maps, state
from ingest.core_build.consolidation import ConsolidationReport
from ingest.core_build.db import Progress, create_temp_as, lock, no_progress
from ingest.core_build.matching import CUSTOMER_TABLES

JOB = "core_build"
CHANGED = "(CAST(:since AS timestamptz) IS NULL OR {t}.updated_at >= :since)"

# LinkedIn URLs are stored canonical (`ingest.normalize`): https://www.linkedin.com/<kind>/<slug>
URL_TYPE = """CASE split_part({u}, '/', 4) WHEN 'company' THEN 'company' WHEN 'school' THEN 'school'
    WHEN 'showcase' THEN 'showcase' WHEN 'sales' THEN 'sales_navigator' ELSE 'person' END"""
URL_SLUG = "CASE split_part({u}, '/', 4) WHEN 'sales' THEN split_part({u}, '/', 6) ELSE split_part({u}, '/', 5) END"


def changed(alias: str) -> str:
    return CHANGED.format(t=alias)


async def _sync_identities(conn: AsyncConnection) -> None:
    """Rows loaded with explicit ids (demo data) must not collide with the ones we add."""
    for table in ("companies", "people", "person_work_history", "person_promotions"):
        await conn.execute(
            text(f"""
            SELECT setval(seq, max_id)
            FROM (SELECT pg_get_serial_sequence('core.{table}', 'id') AS seq,
                         (SELECT max(id) FROM core.{table}) AS max_id) m
            WHERE max_id > COALESCE(pg_sequence_last_value(seq::regclass), 0)""")
        )


def _tally(report: ConsolidationReport, table: str, flags: list[Any], scope: int) -> None:
    inserted = sum(1 for f in flags if f)
    updated = len(flags) - inserted
    report.add(table, inserted=inserted, updated=updated, skipped=max(scope - inserted - updated, 0))


# --- companies ------------------------------------------------------------------------------------

COMPANY_SOURCES = """
    SELECT company_domain AS domain, 1 AS prio, name, linkedin_url,
           CASE WHEN city IS NOT NULL OR country IS NOT NULL THEN concat_ws(', ', city, state, country)
                ELSE locality END AS location,
           industry, COALESCE(size, employee_count::text) AS size, description, tagline, founded_year
    FROM extracted.company_firmographics
    UNION ALL
    SELECT domain, 2, name, linkedin_url,
           CASE WHEN location IS NULL THEN country
                WHEN country IS NULL OR position(',' IN location) > 0 OR location = country THEN location
                ELSE location || ', ' || country END,
           industry, size, description, NULL, NULL
    FROM extracted.company_discovery
    UNION ALL
    SELECT company_domain, 3, company_name, NULL, company_location, NULL, NULL, company_description, NULL, NULL
    FROM extracted.vc_portfolio
    UNION ALL
    SELECT origin_company_domain, 4, origin_company_name, origin_company_linkedin_url,
           NULL, NULL, NULL, NULL, NULL, NULL
    FROM ({customers}) c
    UNION ALL
    SELECT company_domain, 5, company_name, NULL, NULL, company_industry, NULL, company_description, NULL, NULL
    FROM extracted.company_enrich_similar
"""

COMPANY_SCOPE = """
    SELECT company_domain FROM extracted.company_firmographics t WHERE {f}
    UNION SELECT domain FROM extracted.company_discovery t WHERE {f}
    UNION SELECT company_domain FROM extracted.vc_portfolio t WHERE {f}
    UNION SELECT company_domain FROM extracted.company_enrich_similar t WHERE {f}
    UNION SELECT origin_company_domain FROM ({customers}) t WHERE {f}
"""


def _customers(columns: str) -> str:
    return " UNION ALL ".join(f"SELECT {columns} FROM extracted.{table}" for table, _ in CUSTOMER_TABLES)


async def build_companies(
    conn: AsyncConnection, since: Any, fallbacks: maps.Fallbacks, report: ConsolidationReport
) -> None:
    customers = _customers(
        "origin_company_domain, origin_company_name, origin_company_linkedin_url, updated_at, matched_at"
    )
    await conn.execute(text("DROP TABLE IF EXISTS pg_temp.scope_company"))
    await conn.execute(text("CREATE TEMP TABLE scope_company (domain text PRIMARY KEY) ON COMMIT DROP"))
    await conn.execute(
        text(
            "INSERT INTO scope_company "
            + COMPANY_SCOPE.format(f=changed("t"), customers=customers)
            + " ON CONFLICT DO NOTHING"
        ),
        {"since": since},
    )
    await create_temp_as(
        conn,
        "company_src",
        f"""
        SELECT s.* FROM ({COMPANY_SOURCES.format(customers=customers)}) s
        JOIN scope_company USING (domain)""",
    )
    await maps.build_map(conn, maps.LOCATIONS, "SELECT location FROM company_src", fallbacks.location)
    await maps.build_map(conn, maps.INDUSTRIES, "SELECT industry FROM company_src", fallbacks.industry)
    await maps.build_map(conn, maps.RANGES, "SELECT size FROM company_src", fallbacks.employee_range)
    rows = await conn.execute(
        text("""
        WITH picked AS (
            SELECT s.domain,
                   (array_agg(s.name ORDER BY s.prio) FILTER (WHERE s.name IS NOT NULL))[1] AS name,
                   (array_agg(s.linkedin_url ORDER BY s.prio) FILTER (WHERE s.linkedin_url IS NOT NULL))[1]
                       AS linkedin_url,
                   (array_agg(l.raw_key ORDER BY s.prio) FILTER (WHERE l.country IS NOT NULL))[1] AS location_key,
                   (array_agg(i.industry ORDER BY s.prio) FILTER (WHERE i.industry IS NOT NULL))[1] AS industry,
                   (array_agg(r.employee_range ORDER BY s.prio) FILTER (WHERE r.employee_range IS NOT NULL))[1]
                       AS employee_range,
                   (array_agg(s.description ORDER BY s.prio) FILTER (WHERE s.description IS NOT NULL))[1]
                       AS description,
                   (array_agg(s.tagline ORDER BY s.prio) FILTER (WHERE s.tagline IS NOT NULL))[1] AS tagline,
                   (array_agg(s.founded_year ORDER BY s.prio) FILTER (WHERE s.founded_year IS NOT NULL))[1]
                       AS founded_year
            FROM company_src s
            LEFT JOIN location_map l ON l.raw_key = lower(trim(s.location))
            LEFT JOIN industry_map i ON i.raw_key = lower(trim(s.industry))
            LEFT JOIN range_map r ON r.raw_key = lower(trim(s.size))
            GROUP BY s.domain
        )
        INSERT INTO core.companies AS c (domain, name, linkedin_url, city, state, country, industry,
                                         employee_range, description, tagline, founded_year, origin)
        SELECT p.domain, p.name, p.linkedin_url, l.city, l.state, l.country, p.industry, p.employee_range,
               p.description, p.tagline, p.founded_year, 'build'
        FROM picked p LEFT JOIN location_map l ON l.raw_key = p.location_key
        ORDER BY p.domain
        ON CONFLICT (domain) DO UPDATE
        SET name = EXCLUDED.name, linkedin_url = EXCLUDED.linkedin_url, city = EXCLUDED.city,
            state = EXCLUDED.state, country = EXCLUDED.country, industry = EXCLUDED.industry,
            employee_range = EXCLUDED.employee_range, description = EXCLUDED.description,
            tagline = EXCLUDED.tagline, founded_year = EXCLUDED.founded_year, updated_at = now()
        WHERE c.origin = 'build'
          AND (c.name, c.linkedin_url, c.city, c.state, c.country, c.industry, c.employee_range,
               c.description, c.tagline, c.founded_year)
              IS DISTINCT FROM
              (EXCLUDED.name, EXCLUDED.linkedin_url, EXCLUDED.city, EXCLUDED.state, EXCLUDED.country,
               EXCLUDED.industry, EXCLUDED.employee_range, EXCLUDED.description, EXCLUDED.tagline,
               EXCLUDED.founded_year)
        RETURNING (xmax = 0) AS inserted""")
    )
    scope = int((await conn.execute(text("SELECT count(*) FROM scope_company"))).scalar_one())
    _tally(report, "companies", [r[0] for r in rows], scope)


# --- people ---------------------------------------------------------------------------------------

PERSON_SCOPE = """
    SELECT linkedin_url FROM extracted.person_profiles t WHERE {f}
    UNION SELECT linkedin_url FROM extracted.person_discovery t WHERE {f}
    UNION SELECT linkedin_url FROM extracted.person_experience t WHERE {f}
"""


async def build_people(
    conn: AsyncConnection, since: Any, fallbacks: maps.Fallbacks, report: ConsolidationReport
) -> None:
    await create_temp_as(
        conn,
        "scope_person",
        f"""
        SELECT linkedin_url, {URL_TYPE.format(u="linkedin_url")} AS url_type
        FROM ({PERSON_SCOPE.format(f=changed("t"))}) s""",
        {"since": since},
    )
    await conn.execute(text("CREATE UNIQUE INDEX ON scope_person (linkedin_url, url_type)"))
    await conn.execute(text("ANALYZE scope_person"))
    # the current job of each person, by source priority
    await create_temp_as(
        conn,
        "person_job",
        """
        SELECT DISTINCT ON (linkedin_url) linkedin_url, title, company_name, company_domain, start_date
        FROM (
            SELECT pp.linkedin_url, 1 AS prio, 0 AS position, pp.latest_title AS title,
                   pp.latest_company AS company_name, pp.latest_company_domain AS company_domain,
                   pp.latest_start_date AS start_date
            FROM extracted.person_profiles pp JOIN scope_person USING (linkedin_url)
            WHERE pp.latest_title IS NOT NULL OR pp.latest_company IS NOT NULL
            UNION ALL
            SELECT e.linkedin_url, 2, e.position, e.title, e.company_name, e.company_domain, e.start_date
            FROM extracted.person_experience e JOIN scope_person USING (linkedin_url)
            WHERE e.is_current
            UNION ALL
            SELECT pd.linkedin_url, 3, 0, pd.latest_title, pd.latest_company, pd.company_domain,
                   pd.latest_start_date
            FROM extracted.person_discovery pd JOIN scope_person USING (linkedin_url)
            WHERE pd.latest_title IS NOT NULL OR pd.latest_company IS NOT NULL
        ) j
        ORDER BY linkedin_url, prio, start_date DESC NULLS LAST, position""",
    )
    await conn.execute(text("CREATE UNIQUE INDEX ON person_job (linkedin_url)"))
    await maps.build_map(
        conn,
        maps.TITLES,
        """SELECT title FROM person_job
           UNION ALL SELECT e.title FROM extracted.person_experience e JOIN scope_person USING (linkedin_url)""",
        fallbacks.title,
    )
    await maps.build_map(
        conn,
        maps.LOCATIONS,
        """SELECT pp.location FROM extracted.person_profiles pp JOIN scope_person USING (linkedin_url)
           UNION ALL
           SELECT pd.location_name FROM extracted.person_discovery pd JOIN scope_person USING (linkedin_url)""",
        fallbacks.location,
    )
    rows = await conn.execute(
        text(f"""
        INSERT INTO core.people AS p (linkedin_url, linkedin_url_type, linkedin_slug, full_name, first_name,
            last_name, headline, location_raw, city, state, country, company_domain, company_name, job_title,
            matched_cleaned_job_title, matched_job_function, matched_seniority, job_start_date, origin)
        SELECT s.linkedin_url, s.url_type, {URL_SLUG.format(u="s.linkedin_url")},
               COALESCE(pp.full_name, pd.full_name,
                        nullif(concat_ws(' ', COALESCE(pp.first_name, pd.first_name),
                                              COALESCE(pp.last_name, pd.last_name)), '')),
               COALESCE(pp.first_name, pd.first_name), COALESCE(pp.last_name, pd.last_name), pp.headline,
               loc.raw, l.city, l.state, l.country,
               j.company_domain, j.company_name, j.title,
               t.cleaned_title, t.job_function, t.seniority, j.start_date, 'build'
        FROM scope_person s
        LEFT JOIN extracted.person_profiles pp ON pp.linkedin_url = s.linkedin_url
        LEFT JOIN extracted.person_discovery pd ON pd.linkedin_url = s.linkedin_url
        LEFT JOIN person_job j ON j.linkedin_url = s.linkedin_url
        CROSS JOIN LATERAL (SELECT COALESCE(pp.location, pd.location_name) AS raw) loc
        LEFT JOIN location_map l ON l.raw_key = lower(trim(loc.raw))
        LEFT JOIN title_map t ON t.raw_key = lower(trim(j.title))
        WHERE pp.linkedin_url IS NOT NULL OR pd.linkedin_url IS NOT NULL
        ORDER BY s.linkedin_url
        ON CONFLICT (linkedin_url, linkedin_url_type) DO UPDATE
        SET linkedin_slug = EXCLUDED.linkedin_slug, full_name = EXCLUDED.full_name,
            first_name = EXCLUDED.first_name, last_name = EXCLUDED.last_name, headline = EXCLUDED.headline,
            location_raw = EXCLUDED.location_raw, city = EXCLUDED.city, state = EXCLUDED.state,
            country = EXCLUDED.country, company_domain = EXCLUDED.company_domain,
            company_name = EXCLUDED.company_name, job_title = EXCLUDED.job_title,
            matched_cleaned_job_title = EXCLUDED.matched_cleaned_job_title,
            matched_job_function = EXCLUDED.matched_job_function, matched_seniority = EXCLUDED.matched_seniority,
            job_start_date = EXCLUDED.job_start_date, updated_at = now()
        WHERE p.origin = 'build'
          AND (p.linkedin_slug, p.full_name, p.first_name, p.last_name, p.headline, p.location_raw, p.city,
               p.state, p.country, p.company_domain, p.company_name, p.job_title, p.matched_cleaned_job_title,
               p.matched_job_function, p.matched_seniority, p.job_start_date)
              IS DISTINCT FROM
              (EXCLUDED.linkedin_slug, EXCLUDED.full_name, EXCLUDED.first_name, EXCLUDED.last_name,
               EXCLUDED.headline, EXCLUDED.location_raw, EXCLUDED.city, EXCLUDED.state, EXCLUDED.country,
               EXCLUDED.company_domain, EXCLUDED.company_name, EXCLUDED.job_title,
               EXCLUDED.matched_cleaned_job_title, EXCLUDED.matched_job_function, EXCLUDED.matched_seniority,
               EXCLUDED.job_start_date)
        RETURNING (xmax = 0) AS inserted""")
    )
    scope = int((await conn.execute(text("SELECT count(*) FROM scope_person"))).scalar_one())
    _tally(report, "people", [r[0] for r in rows], scope)
    # the people of this run that the build owns: their history is rebuilt below
    await create_temp_as(
        conn,
        "scope_person_id",
        """
        SELECT p.id, p.linkedin_url FROM core.people p
        JOIN scope_person s ON s.linkedin_url = p.linkedin_url AND s.url_type = p.linkedin_url_type
        WHERE p.origin = 'build'""",
    )
    await conn.execute(text("CREATE UNIQUE INDEX ON scope_person_id (id)"))
    await conn.execute(text("ANALYZE scope_person_id"))


async def mapped_shares(conn: AsyncConnection, report: ConsolidationReport) -> None:
    """Share of built people (with a job title) that have a job function and a seniority."""
    row = (
        await conn.execute(
            text("""
            SELECT count(*), count(*) FILTER (WHERE job_title IS NOT NULL),
                   count(matched_job_function) FILTER (WHERE job_title IS NOT NULL),
                   count(matched_seniority) FILTER (WHERE job_title IS NOT NULL)
            FROM core.people WHERE origin = 'build'""")
        )
    ).one()
    people, titled, with_function, with_seniority = (int(v) for v in row)
    report.notes["people_built"] = people
    report.notes["people_with_title"] = titled
    report.notes["function_share"] = round(with_function / titled, 4) if titled else 0.0
    report.notes["seniority_share"] = round(with_seniority / titled, 4) if titled else 0.0


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
    await lock(conn, JOB)
    previous = await state.read(conn, JOB)
    watermark = await state.next_watermark(conn)
    since = None if full else previous.watermark
    await _sync_identities(conn)
    fallbacks = await maps.Fallbacks.load(conn)
    steps: tuple[tuple[str, Callable[[], Awaitable[None]]], ...] = (
        ("companies", lambda: build_companies(conn, since, fallbacks, out)),
        ("people", lambda: build_people(conn, since, fallbacks, out)),
        ("work history", lambda: history.build_work_history(conn, out)),
        ("promotions", lambda: history.build_promotions(conn, out)),
        ("vc investors", lambda: links.build_vc_investors(conn, since, out)),
        ("similar companies", lambda: links.build_similar_companies(conn, since, out)),
        ("signals", lambda: links.build_signals(conn, since, out)),
    )
    for name, step in steps:
        step_started = time.perf_counter()
        await step()
        out.step_seconds[name] = round(time.perf_counter() - step_started, 3)
        progress(name)
    await mapped_shares(conn, out)
    out.seconds = round(out.seconds + time.perf_counter() - started, 3)
    await state.save(
        conn,
        JOB,
        {"inserted": out.inserted, "updated": out.updated, "notes": out.notes, "full": full},
        watermark,
    )
    return out
