"""Case studies and ad presence: extracted -> `core.company_case_studies` (+ champions) and `core.company_ads`.

A case study is one per publisher, article URL and customer name over both sources; its customer
domain is the first one sent (`case_study` before `case_study_buyers`, then the newest), lower-cased
without scheme, ``www.`` or path. A champion is one per case study and name, the newest with a title.
A case study's customer with a domain becomes a customer of the publisher in `core.company_customers`
(source ``case_study``) unless the matched customer tables named it already.

An ad presence is one per company and platform, from the newest report: its count is the vendor's
total, or the number of ads listed when the total is missing or 0 (the old rule); `last_seen_at` is
when a report last found ads (kept when a newer one finds none). Values are written only when they
differ; rows of another origin are never touched."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from ingest.core_build.consolidation import ConsolidationReport
from ingest.core_build.db import changed_since, create_temp_as, scalar

CUSTOMER_DOMAIN = (
    r"NULLIF(lower(regexp_replace(t.customer_domain, '^\s*([a-z]+://)?(www\.)?([^/?#\s]+).*$', '\3', 'i')), '')"
)

CASE_STUDIES = f"""
    INSERT INTO core.company_case_studies AS o (company_domain, url, customer_name, customer_domain, origin)
    SELECT DISTINCT ON (t.origin_company_domain, t.case_study_url, t.customer_name)
           t.origin_company_domain, t.case_study_url, t.customer_name, {CUSTOMER_DOMAIN}, 'build'
    FROM extracted.case_studies t
    JOIN changed_case_studies c USING (origin_company_domain, case_study_url, customer_name)
    ORDER BY t.origin_company_domain, t.case_study_url, t.customer_name, ({CUSTOMER_DOMAIN} IS NULL),
             (t.source = 'case_study') DESC, t.updated_at DESC
    ON CONFLICT (company_domain, url, customer_name) DO UPDATE SET customer_domain = EXCLUDED.customer_domain
    WHERE o.origin = 'build' AND o.customer_domain IS DISTINCT FROM EXCLUDED.customer_domain
    RETURNING (xmax = 0)"""

CHAMPIONS = """
    INSERT INTO core.company_case_study_champions AS o (case_study_id, full_name, title, linkedin_url)
    SELECT DISTINCT ON (s.id, t.full_name) s.id, t.full_name, t.job_title, t.linkedin_url
    FROM extracted.case_study_champions t
    JOIN changed_case_studies c USING (origin_company_domain, case_study_url, customer_name)
    JOIN core.company_case_studies s ON s.origin = 'build' AND (s.company_domain, s.url, s.customer_name)
         = (t.origin_company_domain, t.case_study_url, t.customer_name)
    ORDER BY s.id, t.full_name, (t.job_title IS NULL), t.updated_at DESC
    ON CONFLICT (case_study_id, full_name) DO UPDATE SET title = EXCLUDED.title, linkedin_url = EXCLUDED.linkedin_url
    WHERE (o.title, o.linkedin_url) IS DISTINCT FROM (EXCLUDED.title, EXCLUDED.linkedin_url)
    RETURNING (xmax = 0)"""

# a case study's customer with a domain is a customer of its publisher; the matched customer tables,
# promoted before the build (`consolidate`), win: theirs is kept
CUSTOMERS = """
    INSERT INTO core.company_customers AS o (origin_company_domain, origin_company_name, customer_name,
        customer_domain, case_study_url, has_case_study, source)
    SELECT DISTINCT ON (s.company_domain, s.customer_name) s.company_domain,
           (SELECT max(e.origin_company_name) FROM extracted.case_studies e
            WHERE e.origin_company_domain = s.company_domain),
           s.customer_name, s.customer_domain, NULLIF(s.url, ''), true, 'case_study'
    FROM core.company_case_studies s
    JOIN changed_case_studies c ON (c.origin_company_domain, c.case_study_url, c.customer_name)
         = (s.company_domain, s.url, s.customer_name)
    WHERE s.origin = 'build' AND s.customer_name <> '' AND s.customer_domain IS NOT NULL
    ORDER BY s.company_domain, s.customer_name, s.url
    ON CONFLICT (origin_company_domain, customer_name) DO NOTHING
    RETURNING (xmax = 0)"""

ADS = f"""
    INSERT INTO core.company_ads AS o (company_domain, platform, ad_count, last_seen_at, checked_at, origin)
    SELECT company_domain, platform, ad_count, CASE WHEN ad_count > 0 THEN updated_at END, updated_at, 'build'
    FROM (SELECT t.company_domain, t.platform, COALESCE(NULLIF(t.reported_ad_count, 0), t.listed_ad_count) AS ad_count,
                 t.updated_at
          FROM extracted.ad_library_reports t WHERE {changed_since("t")}) r
    ORDER BY company_domain, platform
    ON CONFLICT (company_domain, platform) DO UPDATE
    SET ad_count = EXCLUDED.ad_count, checked_at = EXCLUDED.checked_at,
        last_seen_at = COALESCE(EXCLUDED.last_seen_at, o.last_seen_at)
    WHERE o.origin = 'build'
      AND (o.ad_count, o.checked_at, o.last_seen_at)
          IS DISTINCT FROM (EXCLUDED.ad_count, EXCLUDED.checked_at, COALESCE(EXCLUDED.last_seen_at, o.last_seen_at))
    RETURNING (xmax = 0)"""


async def _tally(conn: AsyncConnection, report: ConsolidationReport, table: str, upsert: str, looked_at: int) -> None:
    flags = [bool(r[0]) for r in await conn.execute(text(upsert))]
    report.tally(table, flags, looked_at)


async def build_case_studies_and_ads(conn: AsyncConnection, since: Any, report: ConsolidationReport) -> None:
    """Case studies whose extracted rows changed since `since` (every one when None), then ad reports."""
    await create_temp_as(
        conn,
        "changed_case_studies",
        f"""SELECT DISTINCT origin_company_domain, case_study_url, customer_name
            FROM extracted.case_studies t WHERE {changed_since("t")}""",
        {"since": since},
    )
    studies = int(await scalar(conn, "SELECT count(*) FROM changed_case_studies"))
    await _tally(conn, report, "company_case_studies", CASE_STUDIES, studies)
    champions = int(
        await scalar(
            conn,
            """SELECT count(DISTINCT (t.origin_company_domain, t.case_study_url, t.customer_name, t.full_name))
               FROM extracted.case_study_champions t
               JOIN changed_case_studies c USING (origin_company_domain, case_study_url, customer_name)""",
        )
    )
    await _tally(conn, report, "company_case_study_champions", CHAMPIONS, champions)
    await _tally(conn, report, "company_customers", CUSTOMERS, studies)
    reports = int(
        await scalar(
            conn, f"SELECT count(*) FROM extracted.ad_library_reports t WHERE {changed_since('t')}", since=since
        )
    )
    flags = [bool(r[0]) for r in await conn.execute(text(ADS), {"since": since})]
    report.tally("company_ads", flags, reports)
