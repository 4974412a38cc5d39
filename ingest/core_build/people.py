"""core.people from person profiles and discovery, with their current job mapped to the vocabulary.

Priority: the profile, then person discovery, then the Apollo and Nostra imports (`imported_people`)
for names and location; the current job is the profile's latest experience, else the current
experience row, else discovery's latest title and company, else Apollo's, else Nostra's employer.
Titles and locations go through the reference lookups, then the fallback rules.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from ingest.core_build import maps, parsed, remapped
from ingest.core_build.consolidation import ConsolidationReport
from ingest.core_build.db import changed_since, create_temp_as
from ingest.core_build.imported_people import IMPORTED_JOBS, build_imported_people

# LinkedIn URLs are stored canonical (`ingest.normalize`): https://www.linkedin.com/<kind>/<slug>
URL_TYPE = """CASE split_part({u}, '/', 4) WHEN 'company' THEN 'company' WHEN 'school' THEN 'school'
    WHEN 'showcase' THEN 'showcase' WHEN 'sales' THEN 'sales_navigator' ELSE 'person' END"""
URL_SLUG = "CASE split_part({u}, '/', 4) WHEN 'sales' THEN split_part({u}, '/', 6) ELSE split_part({u}, '/', 5) END"


PERSON_SCOPE = """
    SELECT linkedin_url FROM extracted.person_profiles t WHERE {f}
    UNION SELECT linkedin_url FROM extracted.person_discovery t WHERE {f}
    UNION SELECT linkedin_url FROM extracted.person_experience t WHERE {f}
    UNION SELECT linkedin_url FROM extracted.apollo_people t WHERE {f} AND t.linkedin_url IS NOT NULL
    UNION SELECT linkedin_url FROM extracted.nostra_people t WHERE {f} AND t.linkedin_url IS NOT NULL
"""
PERSON_SCOPE += parsed.PERSON_SCOPE


async def build_people(
    conn: AsyncConnection, since: Any, fallbacks: maps.Fallbacks, report: ConsolidationReport
) -> None:
    await create_temp_as(
        conn,
        "scope_person",
        f"""
        SELECT linkedin_url, {URL_TYPE.format(u="linkedin_url")} AS url_type
        FROM ({PERSON_SCOPE.format(f=changed_since("t"))}) s""",
        {"since": since},
    )
    await conn.execute(text("CREATE UNIQUE INDEX ON scope_person (linkedin_url, url_type)"))
    await remapped.widen_people_scope(conn, since, report)  # issue 12: people whose mapping changed
    await conn.execute(text("ANALYZE scope_person"))
    await build_imported_people(conn)
    # the current job of each person, by source priority
    await create_temp_as(
        conn,
        "person_job",
        f"""
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
            {IMPORTED_JOBS}
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
           SELECT pd.location_name FROM extracted.person_discovery pd JOIN scope_person USING (linkedin_url)
           UNION ALL SELECT location FROM imported_person
           UNION ALL"""
        + parsed.PERSON_LOCATIONS,
        fallbacks.location,
    )
    # a parsed location and an enriched title beat the mapped ones (issue 12)
    await parsed.build_person_overrides(conn)
    rows = await conn.execute(
        text(f"""
        INSERT INTO core.people AS p (linkedin_url, linkedin_url_type, linkedin_slug, full_name, first_name,
            last_name, headline, location_raw, city, state, country, company_domain, company_name, job_title,
            matched_cleaned_job_title, matched_job_function, matched_seniority, job_start_date, origin)
        SELECT s.linkedin_url, s.url_type, {URL_SLUG.format(u="s.linkedin_url")},
               COALESCE(pp.full_name, pd.cleaned_full_name, pd.full_name, ip.full_name,
                        nullif(concat_ws(' ',
                                         COALESCE(pp.first_name, pd.cleaned_first_name, pd.first_name, ip.first_name),
                                         COALESCE(pp.last_name, pd.cleaned_last_name, pd.last_name, ip.last_name)),
                               '')),
               COALESCE(pp.first_name, pd.cleaned_first_name, pd.first_name, ip.first_name),
               COALESCE(pp.last_name, pd.cleaned_last_name, pd.last_name, ip.last_name),
               COALESCE(pp.headline, ip.headline),
               loc.raw, l.city, l.state, l.country,
               j.company_domain, j.company_name, j.title,
               COALESCE(te.cleaned_job_title, t.cleaned_title), COALESCE(te.job_function, t.job_function),
               COALESCE(te.seniority, t.seniority), j.start_date, 'build'
        FROM scope_person s
        LEFT JOIN extracted.person_profiles pp ON pp.linkedin_url = s.linkedin_url
        LEFT JOIN extracted.person_discovery pd ON pd.linkedin_url = s.linkedin_url
        LEFT JOIN imported_person ip ON ip.linkedin_url = s.linkedin_url
        LEFT JOIN person_job j ON j.linkedin_url = s.linkedin_url
        CROSS JOIN LATERAL (SELECT COALESCE(pp.location, pd.location_name, ip.location) AS raw) loc
        LEFT JOIN person_parsed_location ppl ON ppl.linkedin_url = s.linkedin_url
        LEFT JOIN location_map l ON l.raw_key = COALESCE(ppl.raw_key, lower(trim(loc.raw)))
        LEFT JOIN title_map t ON t.raw_key = lower(trim(j.title))
        LEFT JOIN person_title_override te ON te.linkedin_url = s.linkedin_url
             AND (te.latest_title IS NULL OR lower(trim(te.latest_title)) = lower(trim(j.title)))
        WHERE pp.linkedin_url IS NOT NULL OR pd.linkedin_url IS NOT NULL OR ip.linkedin_url IS NOT NULL
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
    report.tally("people", [r[0] for r in rows], scope)
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
