"""SalesNav people in core: one person per member, their current job, and the jobs SalesNav knows.

The link. A SalesNav export row (LEGACY-PAYLOADS 1a/1b) carries the lead URL (``/sales/lead/<id>``) and
the member URN (``urn:li:member:<n>``); a Clay person profile carries the profile URL and its
``profile_id`` (the same ``<n>``), and a full SalesNav person (1c) the profile URL and, when sent, the URN.
A lead URL whose member id matches a profile URL's is that person's: `salesnav_canonical` maps every
SalesNav row to its canonical URL (the profile URL when linked, else its own). Once linked, the person
is the profile URL's row of core.people (`linkedin_url_type` person, `sales_navigator_url` the lead URL);
a person built earlier under the lead URL alone (`sales_navigator`) is deleted, with what hung off it.

Priority. Person profiles and discovery own a person's row (`people`); SalesNav builds the row only
for people neither knows (their SalesNav row of the profile URL first, then the newest lead row).
Work history: SalesNav jobs (the current job with its start date, a full person's `work_history[]`)
count only for people without profile experience; the export's past employer (`ex_company_domain`)
is added as a past job unless a job at that domain is known already.

The link and the canonical map are recomputed over all SalesNav rows on every run (a link appears when
either side arrives); the people written are those whose SalesNav rows or link changed.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from ingest.core_build import maps
from ingest.core_build.consolidation import ConsolidationReport
from ingest.core_build.db import changed_since, create_temp_as
from ingest.core_build.people import URL_SLUG

# the numeric (or profile) id at the end of a member URN, or a profile's id
MEMBER_ID = "nullif(regexp_replace({v}, '^.*:', ''), '')"

# a SalesNav date as sent ("2024-03", "03-2024", "2024-03-15", "2024") as its month's first day; else NULL
_YEAR, _MONTH = "[0-9][0-9][0-9][0-9]", "(0?[1-9]|1[0-2])"
_DASHED = "translate({v}, '/', '-')"
SALESNAV_DATE = f"""CASE
    WHEN {{v}} ~ '^{_YEAR}-{_MONTH}(-[0-9][0-9]?)?$'
        THEN make_date(split_part({{v}}, '-', 1)::int, split_part({{v}}, '-', 2)::int, 1)
    WHEN {{v}} ~ '^{_MONTH}[-/]{_YEAR}$'
        THEN make_date(split_part({_DASHED}, '-', 2)::int, split_part({_DASHED}, '-', 1)::int, 1)
    WHEN {{v}} ~ '^{_YEAR}$' THEN make_date({{v}}::int, 1, 1) END"""

# Work history rows SalesNav gives (`history` unions them with profile experience), per canonical URL
SALESNAV_JOBS = f"""
    SELECT c.person_url AS linkedin_url, j.company_domain, j.company_name, j.title,
           {SALESNAV_DATE.format(v="j.start_date")} AS start_date, {SALESNAV_DATE.format(v="j.end_date")} AS end_date,
           j.is_current
    FROM extracted.salesnav_person_jobs j JOIN salesnav_canonical c ON c.linkedin_url = j.linkedin_url
    WHERE NOT EXISTS (SELECT 1 FROM extracted.person_experience e WHERE e.linkedin_url = c.person_url)
    UNION ALL
    SELECT c.person_url, s.company_domain, s.company_name, s.job_title, s.job_start_date, NULL, true
    FROM extracted.salesnav_people s JOIN salesnav_canonical c ON c.linkedin_url = s.linkedin_url
    WHERE (s.company_name IS NOT NULL OR s.job_title IS NOT NULL)
      AND NOT EXISTS (SELECT 1 FROM extracted.salesnav_person_jobs j JOIN salesnav_canonical o USING (linkedin_url)
                      WHERE o.person_url = c.person_url)
      AND NOT EXISTS (SELECT 1 FROM extracted.person_experience e WHERE e.linkedin_url = c.person_url)
    UNION ALL
    SELECT c.person_url, s.ex_company_domain, NULL, NULL, NULL, NULL, false
    FROM extracted.salesnav_people s JOIN salesnav_canonical c ON c.linkedin_url = s.linkedin_url
    WHERE s.ex_company_domain IS NOT NULL AND s.ex_company_domain IS DISTINCT FROM s.company_domain
      AND NOT EXISTS (SELECT 1 FROM extracted.person_experience e
                      WHERE e.linkedin_url = c.person_url AND e.company_domain = s.ex_company_domain)
      AND NOT EXISTS (SELECT 1 FROM extracted.salesnav_person_jobs j JOIN salesnav_canonical o USING (linkedin_url)
                      WHERE o.person_url = c.person_url AND j.company_domain = s.ex_company_domain)
"""

# the columns of core.people a build writes, after the key (linkedin_url, linkedin_url_type), before origin
PERSON_VALUES = (
    "linkedin_slug", "full_name", "first_name", "last_name", "headline", "location_raw", "city", "state", "country",
    "company_domain", "company_name", "job_title", "matched_cleaned_job_title", "matched_job_function",
    "matched_seniority", "job_start_date",
)  # fmt: skip


def upsert_people(select_sql: str) -> str:
    """Insert or update core.people from `select_sql` (key, PERSON_VALUES, origin), where a value differs.

    Rows of another origin are left alone; RETURNING says, per written row, whether it was inserted.
    """
    columns = ", ".join(PERSON_VALUES)
    return f"""
        INSERT INTO core.people AS p (linkedin_url, linkedin_url_type, {columns}, origin)
        {select_sql}
        ON CONFLICT (linkedin_url, linkedin_url_type) DO UPDATE
        SET {", ".join(f"{c} = EXCLUDED.{c}" for c in PERSON_VALUES)}, updated_at = now()
        WHERE p.origin = 'build'
          AND ({", ".join(f"p.{c}" for c in PERSON_VALUES)})
              IS DISTINCT FROM ({", ".join(f"EXCLUDED.{c}" for c in PERSON_VALUES)})
        RETURNING (xmax = 0) AS inserted"""


TITLES = replace(maps.TITLES, table="salesnav_title_map")
LOCATIONS = replace(maps.LOCATIONS, table="salesnav_location_map")


async def _link(conn: AsyncConnection) -> None:
    """`salesnav_canonical`: every SalesNav row's URL -> the person's URL (a profile URL once linked)."""
    await create_temp_as(
        conn,
        "salesnav_canonical",
        f"""
        SELECT DISTINCT ON (s.linkedin_url) s.linkedin_url, COALESCE(m.linkedin_url, s.linkedin_url) AS person_url,
               CASE WHEN m.linkedin_url IS NULL THEN s.linkedin_url_type ELSE 'person' END AS url_type,
               s.linkedin_url_type = 'sales_navigator' AND m.linkedin_url IS NOT NULL AS merged
        FROM extracted.salesnav_people s
        LEFT JOIN (
            SELECT linkedin_url, {MEMBER_ID.format(v="profile_id")} AS member FROM extracted.person_profiles
            UNION ALL
            SELECT linkedin_url, {MEMBER_ID.format(v="linkedin_user_profile_urn")} FROM extracted.salesnav_people
            WHERE linkedin_url_type = 'person'
        ) m ON s.linkedin_url_type = 'sales_navigator'
           AND m.member = {MEMBER_ID.format(v="s.linkedin_user_profile_urn")}
        ORDER BY s.linkedin_url, m.linkedin_url""",
    )
    await conn.execute(text("CREATE UNIQUE INDEX ON salesnav_canonical (linkedin_url)"))
    await conn.execute(text("CREATE INDEX ON salesnav_canonical (person_url)"))
    await conn.execute(text("ANALYZE salesnav_canonical"))


async def build_salesnav_people(
    conn: AsyncConnection, since: Any, fallbacks: maps.Fallbacks, report: ConsolidationReport
) -> None:
    """SalesNav-only people into core.people, merged lead URLs folded into their profile person."""
    await _link(conn)
    await _scope(conn, since)
    await _upsert(conn, fallbacks, report)
    await _fold_merged(conn, report)
    await _join_the_run(conn)


async def _scope(conn: AsyncConnection, since: Any) -> None:
    """`scope_salesnav`: people whose SalesNav rows, or whose profile (a link may be new), changed."""
    await create_temp_as(
        conn,
        "scope_salesnav",
        f"""
        SELECT c.person_url, c.url_type FROM salesnav_canonical c
        JOIN extracted.salesnav_people t ON t.linkedin_url = c.linkedin_url WHERE {changed_since("t")}
        UNION SELECT c.person_url, c.url_type FROM salesnav_canonical c
        JOIN extracted.salesnav_person_jobs t ON t.linkedin_url = c.linkedin_url WHERE {changed_since("t")}
        UNION SELECT c.person_url, c.url_type FROM salesnav_canonical c
        JOIN extracted.person_profiles t ON t.linkedin_url = c.person_url WHERE {changed_since("t")}""",
        {"since": since},
    )


async def _fold_merged(conn: AsyncConnection, report: ConsolidationReport) -> None:
    """A lead URL linked to a profile: its own person goes, the profile person keeps the lead URL."""
    merged = await conn.execute(
        text("""
        DELETE FROM core.people p USING salesnav_canonical c
        WHERE c.merged AND p.linkedin_url = c.linkedin_url AND p.linkedin_url_type = 'sales_navigator'
          AND p.origin = 'build'""")
    )
    report.add("people", deleted=int(merged.rowcount or 0))
    # a linked profile person keeps its lead URL (one per person: the first); a link gone is cleared
    await conn.execute(
        text("""
        UPDATE core.people p SET sales_navigator_url = NULL, updated_at = now()
        WHERE p.sales_navigator_url IS NOT NULL AND p.origin = 'build'
          AND NOT EXISTS (SELECT 1 FROM salesnav_canonical c
                          WHERE c.merged AND c.linkedin_url = p.sales_navigator_url
                            AND c.person_url = p.linkedin_url)""")
    )
    await conn.execute(
        text("""
        UPDATE core.people p SET sales_navigator_url = l.sales_url, updated_at = now()
        FROM (SELECT person_url, min(linkedin_url) AS sales_url FROM salesnav_canonical WHERE merged
              GROUP BY person_url) l
        WHERE p.linkedin_url = l.person_url AND p.linkedin_url_type = 'person' AND p.origin = 'build'
          AND p.sales_navigator_url IS DISTINCT FROM l.sales_url""")
    )


async def _upsert(conn: AsyncConnection, fallbacks: maps.Fallbacks, report: ConsolidationReport) -> None:
    """The people of the scope that neither profiles nor discovery know, from their best SalesNav row."""
    await create_temp_as(
        conn,
        "salesnav_person",
        """
        SELECT DISTINCT ON (sc.person_url) sc.person_url, sc.url_type, s.*
        FROM scope_salesnav sc
        JOIN salesnav_canonical c ON c.person_url = sc.person_url
        JOIN extracted.salesnav_people s ON s.linkedin_url = c.linkedin_url
        WHERE NOT EXISTS (SELECT 1 FROM extracted.person_profiles pp WHERE pp.linkedin_url = sc.person_url)
          AND NOT EXISTS (SELECT 1 FROM extracted.person_discovery pd WHERE pd.linkedin_url = sc.person_url)
        ORDER BY sc.person_url, s.linkedin_url = sc.person_url DESC, s.updated_at DESC, s.id DESC""",
    )
    await maps.build_map(
        conn,
        TITLES,
        """SELECT job_title FROM salesnav_person
           UNION ALL SELECT j.title FROM extracted.salesnav_person_jobs j
           JOIN salesnav_canonical c USING (linkedin_url) JOIN scope_salesnav s USING (person_url)""",
        fallbacks.title,
    )
    await maps.build_map(conn, LOCATIONS, "SELECT location FROM salesnav_person", fallbacks.location)
    rows = await conn.execute(
        text(
            upsert_people(f"""
            SELECT s.person_url, s.url_type, {URL_SLUG.format(u="s.person_url")},
                   COALESCE(s.cleaned_full_name, s.full_name), COALESCE(s.cleaned_first_name, s.first_name),
                   COALESCE(s.cleaned_last_name, s.last_name), s.profile_headline, s.location, l.city, l.state,
                   l.country, s.company_domain, s.company_name, s.job_title,
                   t.cleaned_title, t.job_function, t.seniority, s.job_start_date, 'build'
            FROM salesnav_person s
            LEFT JOIN salesnav_location_map l ON l.raw_key = lower(trim(s.location))
            LEFT JOIN salesnav_title_map t ON t.raw_key = lower(trim(s.job_title))
            ORDER BY s.person_url""")
        )
    )
    scope = int((await conn.execute(text("SELECT count(*) FROM salesnav_person"))).scalar_one())
    report.tally("people", [r[0] for r in rows], scope)


async def _join_the_run(conn: AsyncConnection) -> None:
    """Their history and emails are rebuilt with everyone else's of this run; their titles join the map."""
    await conn.execute(
        text("""
        INSERT INTO scope_person_id (id, linkedin_url)
        SELECT p.id, p.linkedin_url FROM scope_salesnav s
        JOIN core.people p ON p.linkedin_url = s.person_url AND p.linkedin_url_type = s.url_type
        WHERE p.origin = 'build'
        ON CONFLICT DO NOTHING""")
    )
    await conn.execute(text("ANALYZE scope_person_id"))
    await conn.execute(text("INSERT INTO title_map SELECT * FROM salesnav_title_map ON CONFLICT DO NOTHING"))
