"""What Clay parsed, enriched or cleaned, for the core build: such a value beats one the build guesses.

Companies take the SQL branches below into `companies.COMPANY_SOURCES` (priority below 1, so they win
field by field): a cleaned name (`company_cleaned_name`, 0.5), a parsed location
(`company_location_parsed` 0.5, a parsed registered address `company_address` 0.6). A parsed location
still goes through the location map (so "Austin, Texas" gains its country and canonical spelling); one
that maps to no country falls back to the next source's.

The registered address a `company_address` body sent becomes `core.companies.address`
(`build_company_addresses`, a step after the companies).

People: `build_person_overrides` makes two per-person temp tables that `people` joins: the location key
of the first parsed location that maps to a country (`person_location_parsed` before
`person_title_enrichment`, then the newest), and Clay's title enrichment, used for the current job when
it enriched that title. An enriched seniority or job function counts only when it is a vocabulary name.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from ingest.core_build.consolidation import ConsolidationReport
from ingest.core_build.db import create_temp_as


def location_text(t: str) -> str:
    """The parsed parts of row alias `t` as one "City, State, Country" text (a part flagged absent left out)."""
    parts = ", ".join(f"CASE WHEN {t}.has_{p} IS NOT FALSE THEN {t}.{p} END" for p in ("city", "state", "country"))
    return f"nullif(concat_ws(', ', {parts}), '')"


# an address known only by its company's LinkedIn URL counts once core knows that company's domain
# (in scope again when that company's core row is new since the last run)
COMPANY_LOCATIONS = """
    SELECT COALESCE(nullif(t.company_domain, ''), c.domain) AS domain, c.updated_at AS company_updated_at, t.*
    FROM extracted.company_locations_parsed t
    LEFT JOIN core.companies c ON t.company_domain = '' AND c.linkedin_url = t.company_linkedin_url
    WHERE t.company_domain <> '' OR c.domain IS NOT NULL
"""

COMPANY_BRANCHES = f"""
    SELECT domain, 0.5, cleaned_company_name, NULL, NULL, NULL, NULL, NULL, NULL, NULL
    FROM extracted.cleaned_company_names
    UNION ALL
    SELECT cl.domain, CASE cl.source WHEN 'company_location_parsed' THEN 0.5 ELSE 0.6 END, NULL, NULL,
           {location_text("cl")}, NULL, NULL, NULL, NULL, NULL
    FROM ({COMPANY_LOCATIONS}) cl
"""

COMPANY_SCOPE = f"""
    UNION SELECT domain FROM extracted.cleaned_company_names t WHERE {{f}}
    UNION SELECT t.domain FROM ({COMPANY_LOCATIONS}) t WHERE {{f}} OR t.company_updated_at >= :since
"""

PERSON_SCOPE = """
    UNION SELECT linkedin_url FROM extracted.person_locations_parsed t WHERE {f}
    UNION SELECT linkedin_url FROM extracted.person_title_enrichments t WHERE {f}
"""

# the values the people's location map must cover
PERSON_LOCATIONS = f"""
    SELECT {location_text("pl")} FROM extracted.person_locations_parsed pl JOIN scope_person USING (linkedin_url)
"""


async def build_person_overrides(conn: AsyncConnection) -> None:
    """`person_parsed_location (linkedin_url, raw_key)` and `person_title_override`, after the location map."""
    await create_temp_as(
        conn,
        "person_parsed_location",
        f"""
        SELECT DISTINCT ON (pl.linkedin_url) pl.linkedin_url, m.raw_key
        FROM extracted.person_locations_parsed pl
        JOIN scope_person USING (linkedin_url)
        JOIN location_map m ON m.raw_key = lower(trim({location_text("pl")})) AND m.country IS NOT NULL
        ORDER BY pl.linkedin_url, pl.source = 'person_location_parsed' DESC, pl.updated_at DESC""",
    )
    await conn.execute(text("CREATE UNIQUE INDEX ON person_parsed_location (linkedin_url)"))
    await create_temp_as(
        conn,
        "person_title_override",
        """
        SELECT te.linkedin_url, te.latest_title, te.cleaned_job_title, f.name AS job_function, sn.name AS seniority
        FROM extracted.person_title_enrichments te
        JOIN scope_person USING (linkedin_url)
        LEFT JOIN reference.job_functions f ON lower(f.name) = lower(trim(te.job_function))
        LEFT JOIN reference.seniorities sn ON lower(sn.name) = lower(trim(te.seniority_level))""",
    )
    await conn.execute(text("CREATE UNIQUE INDEX ON person_title_override (linkedin_url)"))


async def build_company_addresses(conn: AsyncConnection, report: ConsolidationReport) -> None:
    """`core.companies.address`: the newest registered address of each company the companies step built."""
    rows = await conn.execute(
        text(f"""
        UPDATE core.companies c SET address = a.address, updated_at = now()
        FROM (SELECT DISTINCT ON (cl.domain) cl.domain, cl.registered_address AS address
              FROM ({COMPANY_LOCATIONS}) cl JOIN scope_company USING (domain)
              WHERE cl.registered_address IS NOT NULL
              ORDER BY cl.domain, cl.updated_at DESC) a
        WHERE c.domain = a.domain AND c.origin = 'build' AND c.address IS DISTINCT FROM a.address
        RETURNING false""")
    )
    report.tally("company_addresses", [r[0] for r in rows], 0)
