"""CompanyEnrich firmographics in core: keywords, NAICS codes and revenue range on core.companies, and
core.company_socials, core.company_funding and core.company_funding_rounds.

Runs after `companies`, over its scope (`scope_company`: every company whose source rows changed). Each
field takes the first known value of: `companyenrich_company` (1.5), `company_discovery` (2, revenue
only), the latest `similar_company_preview` of the company (5.5). The last round's type and date come
as a pair from the first source knowing either (its ``funding_stage``/``funding_date``, else its latest
round); the rounds are all those of the first source that lists any. The ordinary firmographics of
both sources (name, location, industry, size ...) are branches of `companies.COMPANY_SOURCES`.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from ingest.core_build.consolidation import ConsolidationReport
from ingest.core_build.db import changed_since, create_temp_as

# the previews' pairs, for core.company_similar_companies next to CompanyEnrich's own (links.py)
SIMILAR_PREVIEWS = f"""
    SELECT t.input_domain, t.company_domain, t.name AS company_name, t.similarity_score, NULL::uuid AS batch_id
    FROM extracted.similar_company_previews t WHERE {changed_since("t")}"""

ROUNDS = """
    SELECT company_domain AS domain, '' AS owner, position, round_type, round_date, amount_usd, investors
    FROM extracted.companyenrich_funding_rounds
    UNION ALL
    SELECT company_domain, input_domain, position, round_type, round_date, amount_usd, investors
    FROM extracted.similar_preview_rounds"""


def _profile_source(table: str, prio: float, owner: str) -> str:
    """A CompanyEnrich profile table's rows in scope; rounds are keyed by domain and owner ('' or the input domain)."""
    return f"""
    SELECT e.company_domain AS domain, {prio} AS prio, e.updated_at, {owner} AS owner, e.keywords, e.naics_codes,
           e.revenue, e.twitter_url, e.facebook_url, e.instagram_url, e.youtube_url, e.total_funding_usd,
           COALESCE(e.funding_stage, latest.round_type) AS last_round_type,
           COALESCE(e.funding_date, latest.round_date) AS last_round_date
    FROM extracted.{table} e JOIN scope_company s ON s.domain = e.company_domain
    LEFT JOIN LATERAL (
        SELECT r.round_type, r.round_date FROM ({ROUNDS}) r
        WHERE r.domain = e.company_domain AND r.owner = {owner}
          AND (r.round_type IS NOT NULL OR r.round_date IS NOT NULL)
        ORDER BY r.round_date DESC NULLS LAST, r.position DESC LIMIT 1
    ) latest ON true"""


SOURCES = f"""
    {_profile_source("companyenrich_companies", 1.5, "''")}
    UNION ALL
    SELECT d.domain, 2, d.updated_at, NULL, NULL, NULL, d.annual_revenue, NULL, NULL, NULL, NULL, NULL, NULL, NULL
    FROM extracted.company_discovery d JOIN scope_company s USING (domain)
    UNION ALL
    {_profile_source("similar_company_previews", 5.5, "e.input_domain")}"""


def _first(column: str, known: str | None = None) -> str:
    """The column's value from the best source row that knows it (`known`: when that is not the column's own)."""
    return (
        f"first_value({column}) OVER (PARTITION BY domain ORDER BY {known or f'{column} IS NULL'}, prio,"
        f" updated_at DESC) AS {column}"
    )


_PAIR = "(last_round_type IS NULL AND last_round_date IS NULL)"
PICKED = f"""
    SELECT DISTINCT ON (domain) domain,
           {_first("keywords")}, {_first("naics_codes")}, {_first("revenue")},
           {_first("twitter_url")}, {_first("facebook_url")}, {_first("instagram_url")}, {_first("youtube_url")},
           {_first("total_funding_usd")}, {_first("last_round_type", _PAIR)}, {_first("last_round_date", _PAIR)},
           first_value(owner) OVER (PARTITION BY domain ORDER BY NOT EXISTS (
               SELECT 1 FROM ({ROUNDS}) r WHERE r.domain = c.domain AND r.owner = c.owner), prio, updated_at DESC)
               AS rounds_owner
    FROM ce_src c WHERE owner IS NOT NULL OR revenue IS NOT NULL
    ORDER BY domain"""

COMPANIES = """
    UPDATE core.companies c
    SET keywords = COALESCE(p.keywords, '{}'), naics_codes = COALESCE(p.naics_codes, '{}'),
        revenue_range = p.revenue, updated_at = now()
    FROM ce_picked p
    WHERE c.domain = p.domain AND c.origin = 'build'
      AND (c.keywords, c.naics_codes, c.revenue_range)
          IS DISTINCT FROM (COALESCE(p.keywords, '{}'), COALESCE(p.naics_codes, '{}'), p.revenue)
    RETURNING false"""

SOCIALS = """
    INSERT INTO core.company_socials AS o (company_domain, twitter, facebook, instagram, youtube)
    SELECT domain, twitter_url, facebook_url, instagram_url, youtube_url FROM ce_picked
    WHERE COALESCE(twitter_url, facebook_url, instagram_url, youtube_url) IS NOT NULL
    ORDER BY domain
    ON CONFLICT (company_domain) DO UPDATE
    SET twitter = EXCLUDED.twitter, facebook = EXCLUDED.facebook, instagram = EXCLUDED.instagram,
        youtube = EXCLUDED.youtube
    WHERE o.origin = 'build'
      AND (o.twitter, o.facebook, o.instagram, o.youtube)
          IS DISTINCT FROM (EXCLUDED.twitter, EXCLUDED.facebook, EXCLUDED.instagram, EXCLUDED.youtube)
    RETURNING (xmax = 0)"""

FUNDING = """
    INSERT INTO core.company_funding AS o (company_domain, total_raised_usd, last_round_type, last_round_date)
    SELECT domain, total_funding_usd, last_round_type, last_round_date FROM ce_picked
    WHERE total_funding_usd IS NOT NULL OR last_round_type IS NOT NULL OR last_round_date IS NOT NULL
       OR domain IN (SELECT domain FROM ce_rounds)
    ORDER BY domain
    ON CONFLICT (company_domain) DO UPDATE
    SET total_raised_usd = EXCLUDED.total_raised_usd, last_round_type = EXCLUDED.last_round_type,
        last_round_date = EXCLUDED.last_round_date
    WHERE o.origin = 'build'
      AND (o.total_raised_usd, o.last_round_type, o.last_round_date)
          IS DISTINCT FROM (EXCLUDED.total_raised_usd, EXCLUDED.last_round_type, EXCLUDED.last_round_date)
    RETURNING (xmax = 0)"""

PICKED_ROUNDS = f"""
    SELECT r.domain, r.position, r.round_type, r.round_date, r.amount_usd, COALESCE(r.investors, '{{}}') AS investors
    FROM ({ROUNDS}) r JOIN ce_picked p ON p.domain = r.domain AND p.rounds_owner = r.owner"""

FUNDING_ROUNDS = """
    INSERT INTO core.company_funding_rounds AS o (company_domain, position, round_type, round_date, amount_usd,
                                                  investors)
    SELECT domain, position, round_type, round_date, amount_usd, investors FROM ce_rounds ORDER BY domain, position
    ON CONFLICT (company_domain, position) DO UPDATE
    SET round_type = EXCLUDED.round_type, round_date = EXCLUDED.round_date, amount_usd = EXCLUDED.amount_usd,
        investors = EXCLUDED.investors
    WHERE o.origin = 'build'
      AND (o.round_type, o.round_date, o.amount_usd, o.investors)
          IS DISTINCT FROM (EXCLUDED.round_type, EXCLUDED.round_date, EXCLUDED.amount_usd, EXCLUDED.investors)
    RETURNING (xmax = 0)"""

# what a source no longer says: rows of companies in scope that the picked values do not hold any more
STALE = {
    "company_socials": "COALESCE(p.twitter_url, p.facebook_url, p.instagram_url, p.youtube_url) IS NULL",
    "company_funding": "p.total_funding_usd IS NULL AND p.last_round_type IS NULL AND p.last_round_date IS NULL"
    " AND p.domain NOT IN (SELECT domain FROM ce_rounds)",
    "company_funding_rounds": "NOT EXISTS (SELECT 1 FROM ce_rounds r WHERE r.domain = o.company_domain"
    " AND r.position = o.position)",
}


async def build_companyenrich(conn: AsyncConnection, report: ConsolidationReport) -> None:
    """Keywords, NAICS codes, revenue range, socials and funding of the companies step's scope."""
    await create_temp_as(conn, "ce_src", SOURCES)
    await create_temp_as(conn, "ce_picked", PICKED)
    await create_temp_as(conn, "ce_rounds", PICKED_ROUNDS)
    picked = int((await conn.execute(text("SELECT count(*) FROM ce_picked"))).scalar_one())
    report.tally("companies_companyenrich", [bool(r[0]) for r in await conn.execute(text(COMPANIES))], picked)
    for table, upsert, source in (
        ("company_socials", SOCIALS, "ce_picked"),
        ("company_funding", FUNDING, "ce_picked"),
        ("company_funding_rounds", FUNDING_ROUNDS, "ce_rounds"),
    ):
        flags = [bool(r[0]) for r in await conn.execute(text(upsert))]
        deleted = await conn.execute(
            text(f"""
            DELETE FROM core.{table} o USING ce_picked p
            WHERE o.company_domain = p.domain AND o.origin = 'build' AND {STALE[table]}""")
        )
        looked_at = int((await conn.execute(text(f"SELECT count(*) FROM {source}"))).scalar_one())
        report.tally(table, flags, looked_at)
        report.add(table, deleted=int(deleted.rowcount or 0))
