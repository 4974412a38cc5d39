"""core.companies from every extracted source that describes a company, one field at a time.

Priority per field (first known value wins): a cleaned name or parsed location (below 1, `parsed`),
firmographics, CompanyEnrich, company discovery, SalesNav, VC portfolio, customer origins, similar
companies, Clay-fed similar-company previews, Apollo, Nostra (docs/CORE.md). Location, industry and size
come from the first source whose value maps to the vocabulary (reference lookups, then the fallback rules
of `mapping`).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from ingest.core_build import maps, parsed, remapped
from ingest.core_build.consolidation import ConsolidationReport
from ingest.core_build.db import changed_since, create_temp_as
from ingest.core_build.matching import CUSTOMER_TABLES

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
    UNION ALL  -- CompanyEnrich firmographics (issue 12, LEGACY-PAYLOADS 3)
    SELECT company_domain, 1.5, name, linkedin_url,
           CASE WHEN city IS NOT NULL OR country IS NOT NULL THEN concat_ws(', ', city, state, country) END,
           industry, employees, COALESCE(description, seo_description), NULL, founded_year
    FROM extracted.companyenrich_companies
    UNION ALL  -- Clay-fed similar-company previews (issue 12, LEGACY-PAYLOADS 8): a company's latest one
    SELECT company_domain, 5.5, name, linkedin_url,
           CASE WHEN city IS NOT NULL OR country IS NOT NULL THEN concat_ws(', ', city, state, country) END,
           industry, employees, COALESCE(description, seo_description), NULL, founded_year
    FROM (SELECT DISTINCT ON (company_domain) * FROM extracted.similar_company_previews
          ORDER BY company_domain, updated_at DESC) p
    UNION ALL
    -- Apollo (6) and Nostra (7) imports (issue 12): only the companies they know by domain
    SELECT company_domain, 6, COALESCE(cleaned_company_name, company_name), company_linkedin_url,
           NULLIF(concat_ws(', ', city, state, country), ''), industry, company_headcount::text,
           COALESCE(short_description, seo_description), NULL, founded_year
    FROM extracted.apollo_companies WHERE company_domain IS NOT NULL
    UNION ALL
    SELECT company_domain, 7, name, NULLIF(company_linkedin_url, ''),
           NULLIF(concat_ws(', ', city, state, country), ''), NULL, NULL, description, NULL, NULL
    FROM extracted.nostra_companies WHERE company_domain <> ''
    UNION ALL  -- issue 12: SalesNav companies (a registered street address is no location)
    SELECT company_domain, 2.5, company_name, nullif(company_linkedin_url, ''), NULL, industries,
           headcount::text, description, NULL, NULL
    FROM extracted.salesnav_companies WHERE company_domain <> ''
"""
# a cleaned name or a parsed location beats a guessed one: priorities below 1 (`parsed`, issue 12)
COMPANY_SOURCES += "    UNION ALL" + parsed.COMPANY_BRANCHES

COMPANY_SCOPE = """
    SELECT company_domain FROM extracted.company_firmographics t WHERE {f}
    UNION SELECT domain FROM extracted.company_discovery t WHERE {f}
    UNION SELECT company_domain FROM extracted.vc_portfolio t WHERE {f}
    UNION SELECT company_domain FROM extracted.company_enrich_similar t WHERE {f}
    UNION SELECT origin_company_domain FROM ({customers}) t WHERE {f}
    UNION SELECT company_domain FROM extracted.companyenrich_companies t WHERE {f}
    UNION SELECT company_domain FROM extracted.similar_company_previews t WHERE {f}
    UNION SELECT company_domain FROM extracted.apollo_companies t WHERE {f} AND t.company_domain IS NOT NULL
    UNION SELECT company_domain FROM extracted.nostra_companies t WHERE {f} AND t.company_domain <> ''
    UNION SELECT company_domain FROM extracted.salesnav_companies t WHERE {f} AND t.company_domain <> ''
"""
COMPANY_SCOPE += parsed.COMPANY_SCOPE


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
            + COMPANY_SCOPE.format(f=changed_since("t"), customers=customers)
            + " ON CONFLICT DO NOTHING"
        ),
        {"since": since},
    )
    # issue 12: companies whose location mapping changed
    await remapped.widen_company_scope(conn, since, COMPANY_SOURCES.format(customers=customers), report)
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
    report.tally("companies", [r[0] for r in rows], scope)
