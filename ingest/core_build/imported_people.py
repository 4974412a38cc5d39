"""The bulk-import people (Apollo, Nostra) as a source of core.people, below the profile and discovery.

A person needs a LinkedIn URL to become a core person (`people.PERSON_SCOPE` takes the imports'
URLs; people known otherwise stay in extracted). `build_imported_people` makes the temp table
`imported_person`: one row per LinkedIn URL in scope, Apollo's value before Nostra's for names,
headline and location (Clay-cleaned names first, as for discovery). Their current jobs are
whole-row branches of `people`'s `person_job` (`IMPORTED_JOBS`).
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from ingest.core_build.db import create_temp_as

# branches of people's person_job: Apollo's job (priority 4), Nostra's employer (5), each whole
IMPORTED_JOBS = """
            UNION ALL
            SELECT ap.linkedin_url, 4, 0, COALESCE(ap.cleaned_job_title, ap.title),
                   COALESCE(ap.cleaned_company_name, ap.company_name), ap.company_domain, NULL::date
            FROM extracted.apollo_people ap JOIN scope_person USING (linkedin_url)
            WHERE COALESCE(ap.cleaned_job_title, ap.title, ap.cleaned_company_name, ap.company_name) IS NOT NULL
            UNION ALL
            SELECT np.linkedin_url, 5, 0, NULL, np.company_name, np.company_domain, NULL
            FROM extracted.nostra_people np JOIN scope_person USING (linkedin_url)
            WHERE np.company_name IS NOT NULL OR np.company_domain IS NOT NULL"""


async def build_imported_people(conn: AsyncConnection) -> None:
    """`imported_person`: the import sources' person values per LinkedIn URL of `scope_person`."""
    await create_temp_as(
        conn,
        "imported_person",
        """
        SELECT s.linkedin_url,
               COALESCE(ap.cleaned_first_name, ap.first_name, np.first_name) AS first_name,
               COALESCE(ap.cleaned_last_name, ap.last_name, np.last_name) AS last_name,
               COALESCE(ap.cleaned_full_name, ap.full_name, np.full_name) AS full_name,
               ap.headline,
               COALESCE(ap.location, NULLIF(concat_ws(', ', ap.city, ap.state, ap.country), '')) AS location
        FROM scope_person s
        LEFT JOIN extracted.apollo_people ap ON ap.linkedin_url = s.linkedin_url
        LEFT JOIN extracted.nostra_people np ON np.linkedin_url = s.linkedin_url
        WHERE ap.id IS NOT NULL OR np.id IS NOT NULL""",
    )
    await conn.execute(text("CREATE UNIQUE INDEX ON imported_person (linkedin_url)"))
    await conn.execute(text("ANALYZE imported_person"))
