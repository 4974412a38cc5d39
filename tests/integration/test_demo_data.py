"""The demo warehouse on the real database: shapes, shares, lookups, signals and determinism."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from ingest.demo import BULK_TABLES, TABLES, DemoDataError, database_is_empty, load_demo_data
from ingest.normalize import normalize_domain, normalize_linkedin_url
from tests.conftest import sql_rows as rows

PEOPLE, COMPANIES, SEED = 2000, 400, 7

FILLED = ", ".join(table for table in TABLES if table.startswith("core."))


async def value(engine: AsyncEngine, sql: str, **params: Any) -> Any:
    async with engine.connect() as conn:
        return (await conn.execute(text(sql), params)).scalar_one()


async def clear(engine: AsyncEngine) -> None:
    async with engine.begin() as conn:
        await conn.execute(
            text("""DELETE FROM extracted.claygent_customers_v2 WHERE raw_id IS NULL
                    AND origin_company_domain IN (SELECT domain FROM core.companies WHERE origin = 'demo')""")
        )
        await conn.execute(text(f"TRUNCATE {FILLED} RESTART IDENTITY CASCADE"))


async def definitions(engine: AsyncEngine) -> list[str]:
    """Every index and constraint of the tables the loader drops indexes on for the load."""
    found = await rows(
        engine,
        """SELECT pg_get_indexdef(indexrelid) AS d FROM pg_index
           WHERE indrelid = ANY (CAST(CAST(:tables AS text[]) AS regclass[]))
           UNION ALL
           SELECT conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint
           WHERE conrelid = ANY (CAST(CAST(:tables AS text[]) AS regclass[]))
           ORDER BY 1""",
        tables=BULK_TABLES,
    )
    return [r["d"] for r in found]


@pytest.fixture(scope="module")
async def schema_before(engine: AsyncEngine) -> list[str]:
    return await definitions(engine)


@pytest.fixture(scope="module")
async def counts(
    engine: AsyncEngine, database_url: str, direct_database_url: str, schema_before: list[str]
) -> AsyncIterator[dict[str, int]]:
    """One demo load for the module; the core tables are emptied before and after."""
    await clear(engine)
    assert await database_is_empty(database_url)
    loaded = await load_demo_data(direct_database_url, people=PEOPLE, companies=COMPANIES, seed=SEED, progress=False)
    yield loaded
    await clear(engine)


async def test_counts_match_the_tables(engine: AsyncEngine, counts: dict[str, int]) -> None:
    assert set(counts) == set(TABLES)
    assert counts["core.people"] == PEOPLE
    assert counts["core.companies"] == COMPANIES
    for table in TABLES:
        if table.startswith("core."):
            assert await value(engine, f"SELECT count(*) FROM {table}") == counts[table], table
    for table in ("core.company_job_postings", "core.company_news_events"):
        assert counts[table] > 50, table
    origins = await rows(
        engine,
        """SELECT DISTINCT origin FROM core.companies UNION SELECT DISTINCT origin FROM core.people
           UNION SELECT DISTINCT origin FROM core.company_vc_investors
           UNION SELECT DISTINCT origin FROM core.company_similar_companies""",
    )
    assert origins == [{"origin": "demo"}]


async def test_indexes_and_constraints_are_back(
    engine: AsyncEngine, schema_before: list[str], counts: dict[str, int]
) -> None:
    assert len(schema_before) > 10
    assert await definitions(engine) == schema_before


async def test_the_tables_are_vacuumed_for_index_only_scans(engine: AsyncEngine, counts: dict[str, int]) -> None:
    """Statistics and a complete visibility map: counts and facets read the covering indexes only."""
    tables = await rows(
        engine,
        "SELECT c.oid::regclass::text AS name, c.relallvisible, c.relpages, s.last_vacuum, s.last_analyze"
        " FROM pg_class c JOIN pg_stat_user_tables s ON s.relid = c.oid WHERE c.oid::regclass::text = ANY(:t)",
        t=list(TABLES),
    )
    assert len(tables) == len(TABLES)
    for table in tables:
        assert table["last_vacuum"] is not None, table
        assert table["last_analyze"] is not None, table
        assert table["relallvisible"] >= 0.99 * table["relpages"], table


async def test_the_loader_refuses_a_warehouse_with_data(
    database_url: str, direct_database_url: str, counts: dict[str, int]
) -> None:
    assert not await database_is_empty(database_url)
    with pytest.raises(DemoDataError, match="already holds demo data"):
        await load_demo_data(direct_database_url, people=10, companies=5, seed=1, progress=False)


async def test_ids_continue_after_the_demo_rows(engine: AsyncEngine, counts: dict[str, int]) -> None:
    async with engine.connect() as conn:
        new_id = await conn.scalar(text("INSERT INTO core.companies (domain) VALUES ('new.example') RETURNING id"))
        await conn.rollback()
    assert new_id == COMPANIES + 1


async def test_one_lead_and_one_current_job_per_person(engine: AsyncEngine, counts: dict[str, int]) -> None:
    leads = await rows(engine, "SELECT count(*) AS n, count(DISTINCT person_id) AS people FROM core.leads")
    assert leads == [{"n": PEOPLE, "people": PEOPLE}]
    mismatched = await value(
        engine,
        """SELECT count(*) FROM core.people p
           WHERE (SELECT count(*) FROM core.person_work_history w WHERE w.person_id = p.id AND w.is_current) <> 1
              OR NOT EXISTS (
                  SELECT 1 FROM core.person_work_history w
                  WHERE w.person_id = p.id AND w.is_current AND w.end_date IS NULL
                    AND w.company_domain = p.company_domain AND w.company_name = p.company_name
                    AND w.start_date = p.job_start_date AND w.title = p.job_title
                    AND w.linkedin_url = p.linkedin_url)""",
    )
    assert mismatched == 0
    jobs = await rows(
        engine,
        """SELECT min(n) AS fewest, max(n) AS most FROM (
               SELECT count(*) AS n FROM core.person_work_history GROUP BY person_id) per_person""",
    )
    assert jobs == [{"fewest": 1, "most": 6}]


async def test_earlier_jobs_end_before_the_next_one_starts(engine: AsyncEngine, counts: dict[str, int]) -> None:
    overlapping = await value(
        engine,
        """SELECT count(*) FROM (
               SELECT end_date, lead(start_date) OVER (PARTITION BY person_id ORDER BY start_date) AS next_start,
                      start_date
               FROM core.person_work_history) w
           WHERE next_start IS NOT NULL AND NOT (start_date < end_date AND end_date < next_start)""",
    )
    assert overlapping == 0


async def test_promotions_follow_the_work_history(engine: AsyncEngine, counts: dict[str, int]) -> None:
    promoted = await value(engine, "SELECT count(DISTINCT person_id) FROM core.person_promotions")
    assert 0.12 <= promoted / PEOPLE <= 0.18
    assert promoted == counts["core.person_promotions"]  # one each
    unexplained = await value(
        engine,
        """SELECT count(*) FROM core.person_promotions pp
           JOIN core.people p ON p.id = pp.person_id
           WHERE pp.new_title IS DISTINCT FROM p.job_title OR pp.promotion_date <> p.job_start_date
              OR pp.company_domain <> p.company_domain OR pp.previous_title = pp.new_title
              OR NOT EXISTS (
                  SELECT 1 FROM core.person_work_history w
                  WHERE w.person_id = pp.person_id AND NOT w.is_current
                    AND w.company_domain = pp.company_domain AND w.title = pp.previous_title
                    AND w.end_date >= pp.promotion_date - 90 AND w.end_date < pp.promotion_date)""",
    )
    assert unexplained == 0
    recent = await value(
        engine, "SELECT count(*) FROM core.leads_recently_promoted WHERE promotion_date >= current_date - 180"
    )
    assert recent > 0
    seniority_went_up = await value(
        engine,
        """SELECT bool_and(after_rank.rank > before_rank.rank) FROM core.person_promotions pp
           JOIN reference.job_title_lookup b ON b.raw_key = lower(trim(pp.previous_title))
           JOIN reference.job_title_lookup a ON a.raw_key = lower(trim(pp.new_title))
           JOIN reference.seniorities before_rank ON before_rank.name = b.matched_seniority
           JOIN reference.seniorities after_rank ON after_rank.name = a.matched_seniority""",
    )
    assert seniority_went_up


async def test_about_ten_percent_are_new_in_role(engine: AsyncEngine, counts: dict[str, int]) -> None:
    new = await value(engine, "SELECT count(*) FROM core.leads WHERE job_start_date >= current_date - 90")
    assert 0.07 <= new / PEOPLE <= 0.13


async def test_titles_map_through_the_lookup(engine: AsyncEngine, counts: dict[str, int]) -> None:
    unmapped = await value(
        engine,
        """SELECT count(*) FROM core.people p
           LEFT JOIN reference.job_title_lookup l ON l.raw_key = lower(trim(p.job_title))
           WHERE l.raw_key IS NULL OR l.matched_cleaned_job_title <> p.matched_cleaned_job_title
              OR l.matched_job_function <> p.matched_job_function
              OR l.matched_seniority <> p.matched_seniority""",
    )
    assert unmapped == 0
    unknown = await value(
        engine,
        """SELECT count(*) FROM core.person_work_history w
           WHERE w.matched_job_function NOT IN (SELECT name FROM reference.job_functions)
              OR w.matched_seniority NOT IN (SELECT name FROM reference.seniorities)""",
    )
    assert unknown == 0
    functions = await value(engine, "SELECT count(DISTINCT matched_job_function) FROM core.people")
    assert functions >= 20


async def test_locations_come_from_the_lookup_with_skewed_countries(
    engine: AsyncEngine, counts: dict[str, int]
) -> None:
    inconsistent = await value(
        engine,
        """SELECT count(*) FROM core.people p
           LEFT JOIN reference.location_lookup l ON l.raw_key = lower(trim(p.location_raw))
           WHERE p.country IS NOT NULL AND (l.raw_key IS NULL OR l.matched_country <> p.country
                 OR l.matched_city IS DISTINCT FROM p.city OR l.matched_state IS DISTINCT FROM p.state)""",
    )
    assert inconsistent == 0
    countries = await rows(
        engine,
        """SELECT person_country, count(*) AS n FROM core.leads WHERE person_country IS NOT NULL
           GROUP BY 1 ORDER BY 2 DESC""",
    )
    assert countries[0]["person_country"] == "United States"
    assert 0.35 <= countries[0]["n"] / PEOPLE <= 0.55
    assert len(countries) >= 10


async def test_companies_are_normalised_and_unique(engine: AsyncEngine, counts: dict[str, int]) -> None:
    companies = await rows(engine, "SELECT domain, name, industry, employee_range, country FROM core.companies")
    assert all(normalize_domain(c["domain"]) == c["domain"] for c in companies)
    assert len({c["name"] for c in companies}) == COMPANIES
    unknown = await value(
        engine,
        """SELECT count(*) FROM core.companies
           WHERE industry NOT IN (SELECT name FROM reference.industries)
              OR employee_range NOT IN (SELECT name FROM reference.employee_ranges)
              OR country NOT IN (SELECT matched_country FROM reference.location_lookup)""",
    )
    assert unknown == 0
    urls = await rows(engine, "SELECT linkedin_url, linkedin_slug FROM core.people")
    assert len({u["linkedin_url"] for u in urls}) == PEOPLE
    assert all(normalize_linkedin_url(u["linkedin_url"]) == u["linkedin_url"] for u in urls)
    assert all(u["linkedin_url"].endswith("/in/" + u["linkedin_slug"]) for u in urls)


async def test_some_leads_are_incomplete_as_in_real_data(engine: AsyncEngine, counts: dict[str, int]) -> None:
    incomplete = await value(
        engine,
        """SELECT count(*) FROM core.leads
           WHERE NOT (coalesce(company_name, '') <> '' AND coalesce(person_country, '') <> ''
                 AND coalesce(company_country, '') <> '' AND coalesce(matched_job_function, '') <> ''
                 AND coalesce(matched_seniority, '') <> '' AND coalesce(matched_cleaned_job_title, '') <> ''
                 AND coalesce(matched_industry, '') <> '' AND matched_job_function <> 'Miscellaneous')""",
    )
    assert 0.02 <= incomplete / PEOPLE <= 0.12


async def test_customers_lead_to_alumni(engine: AsyncEngine, counts: dict[str, int]) -> None:
    with_customers = await value(engine, "SELECT count(DISTINCT origin_company_domain) FROM core.company_customers")
    assert 0.2 <= with_customers / COMPANIES <= 0.4
    dangling = await value(
        engine,
        """SELECT count(*) FROM core.company_customers cc
           LEFT JOIN core.companies c ON c.domain = cc.customer_domain AND c.name = cc.customer_name
           WHERE c.id IS NULL OR cc.customer_domain = cc.origin_company_domain OR cc.source <> 'demo'""",
    )
    assert dangling == 0
    origins = await rows(
        engine,
        """SELECT origin_company_domain AS domain FROM core.company_customers
           GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 5""",
    )
    found = [
        await value(engine, "SELECT count(*) FROM core.get_leads_by_company_customers(:d, 100, 0)", d=o["domain"])
        for o in origins
    ]
    assert all(n > 0 for n in found), found
    past = await value(
        engine,
        """SELECT count(*) FROM core.get_leads_by_past_employer(
               ARRAY(SELECT domain FROM core.companies ORDER BY id LIMIT 1), 100, 0)""",
    )
    assert past > 0


async def test_vc_backed_and_similar_companies(engine: AsyncEngine, counts: dict[str, int]) -> None:
    vc = await rows(
        engine,
        """SELECT count(DISTINCT company_domain) AS companies, count(*) AS rows,
                  bool_and(vc_name IN (SELECT name FROM reference.vc_firms)) AS known,
                  bool_and(company_description IS NOT NULL) AS described
           FROM core.company_vc_investors""",
    )
    assert 0.02 <= vc[0]["companies"] / COMPANIES <= 0.09
    assert vc[0]["companies"] <= vc[0]["rows"] <= 3 * vc[0]["companies"]
    assert vc[0]["known"]
    assert vc[0]["described"]
    portfolio_people = await value(engine, "SELECT count(DISTINCT person_id) FROM core.leads_at_vc_portfolio")
    assert portfolio_people > 0
    similar = await rows(
        engine,
        """SELECT count(DISTINCT company_domain) AS companies, min(n) AS fewest, max(n) AS most,
                  bool_and(max_score <= 1 AND min_score > 0) AS scored
           FROM (SELECT company_domain, count(*) AS n, max(similarity_score) AS max_score,
                        min(similarity_score) AS min_score
                 FROM core.company_similar_companies GROUP BY 1) s""",
    )
    assert 0.12 <= similar[0]["companies"] / COMPANIES <= 0.28
    assert similar[0]["fewest"] >= 1
    assert similar[0]["most"] <= 10
    assert similar[0]["scored"]


async def test_claygent_rows_are_noisy_customer_names(engine: AsyncEngine, counts: dict[str, int]) -> None:
    claygent = await rows(
        engine,
        """SELECT x.customer_name, x.raw_id, c.name IS NOT NULL AS exact,
                  EXISTS (SELECT 1 FROM core.company_customers cc
                          WHERE cc.origin_company_domain = x.origin_company_domain) AS origin_has_customers
           FROM extracted.claygent_customers_v2 x
           JOIN core.companies o ON o.domain = x.origin_company_domain
           LEFT JOIN core.companies c ON c.name = x.customer_name""",
    )
    assert len(claygent) == counts["extracted.claygent_customers_v2"]
    assert 100 <= len(claygent) <= 1000
    assert all(r["raw_id"] is None and r["origin_has_customers"] for r in claygent)
    exact = sum(r["exact"] for r in claygent)
    assert 0.2 * len(claygent) <= exact <= 0.6 * len(claygent)  # the rest needs matching
    names = [r["customer_name"] for r in claygent]
    assert any(n.endswith((" Inc.", " LLC", ", LLC", " GmbH")) for n in names)
    assert any(n.startswith("The ") for n in names)
    assert any("\u201c" in n or "\u2019" in n for n in names)


CHECKSUMS = {
    "core.companies": "id, domain, name, linkedin_url, city, state, country, industry, employee_range, "
    "description, tagline, business_model, founded_year, keywords, naics_codes, revenue_range, address",
    "core.people": "id, linkedin_url, full_name, location_raw, city, country, company_domain, job_title, "
    "matched_job_function, job_start_date, email, sales_navigator_url",
    "core.person_work_history": "person_id, company_domain, title, start_date, end_date, is_current",
    "core.person_promotions": "person_id, company_domain, previous_title, new_title, promotion_date",
    "core.company_customers": "origin_company_domain, customer_name, customer_domain, case_study_url",
    "core.company_vc_investors": "company_domain, vc_name",
    "core.company_similar_companies": "company_domain, similar_domain, similarity_score",
    "extracted.claygent_customers_v2": "origin_company_domain, customer_name, confidence",
    # the old system's feeds (issue 12)
    "core.person_emails": "person_id, email, source, status",
    "core.company_technologies": "company_domain, name_key, category, source, first_seen_at",
    "core.company_funding_rounds": "company_domain, position, round_type, round_date, amount_usd, investors",
    "core.company_case_study_champions": "case_study_id, full_name, title, linkedin_url",
    "core.company_ads": "company_domain, platform, ad_count, last_seen_at",
    "core.company_job_postings": "company_domain, job_id, seniority, employment_type, salary_min, source",
}


async def checksums(engine: AsyncEngine) -> dict[str, str]:
    return {
        table: await value(
            engine, f"SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) FROM (SELECT {cols} FROM {table}) t"
        )
        for table, cols in CHECKSUMS.items()
    }


async def test_the_same_seed_gives_the_same_warehouse(
    engine: AsyncEngine, direct_database_url: str, counts: dict[str, int]
) -> None:
    first = await checksums(engine)
    await clear(engine)
    again = await load_demo_data(direct_database_url, people=PEOPLE, companies=COMPANIES, seed=SEED, progress=False)
    assert again == counts
    assert await checksums(engine) == first
