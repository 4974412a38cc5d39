"""`coverage` and GET /coverage: table counts and gaps against hand-written SQL, roles, the page in Chromium."""

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from gateway.app import create_app
from gateway.coverage.counts import table_counts
from gateway.settings import Settings
from tests.conftest import GraphQLClient, sql_rows
from tests.integration.batches_support import serve_app
from tests.integration.test_query_data import Dataset, error_code, ok

CHROMIUM = Path("/usr/bin/chromium")
TABLES = "{ coverage { tables { schema table rows exact } } }"
GAPS = "{ coverage { gaps { name description count base baseDescription key sample } } }"

# The oracle: each gap written again by hand, as (base rows, the condition of a row with the gap, its key).
# Leads read the core.leads view, which states the lead columns independently of the list model.
LEADS = "core.leads"
MISSING_LEAD_COLUMN = {
    "leadsWithoutPersonCountry": "person_country",
    "leadsWithoutJobTitle": "matched_cleaned_job_title",
    "leadsWithoutJobFunction": "matched_job_function",
    "leadsWithoutSeniority": "matched_seniority",
    "leadsWithoutCompanyName": "company_name",
    "leadsWithoutCompanyCountry": "company_country",
    "leadsWithoutIndustry": "matched_industry",
}
ORACLE: dict[str, tuple[str, str, str]] = {
    "companiesWithoutFirmographics": (
        "core.companies",
        "coalesce(industry, '') = '' AND coalesce(employee_range, '') = ''",
        "domain",
    ),
    "customersWithoutDomain": (
        "core.company_customers",
        "coalesce(customer_domain, '') = ''",
        "origin_company_domain || ': ' || customer_name",
    ),
    "peopleWithoutWorkHistory": (
        "core.people p",
        "NOT EXISTS (SELECT FROM core.person_work_history w WHERE w.person_id = p.id)",
        "linkedin_url",
    ),
    "leadsIncomplete": (
        LEADS,
        "NOT ("
        + " AND ".join(f"coalesce({c}, '') <> ''" for c in MISSING_LEAD_COLUMN.values())
        + " AND matched_job_function <> 'Miscellaneous')",
        "linkedin_url",
    ),
    **{name: (LEADS, f"coalesce({column}, '') = ''", "linkedin_url") for name, column in MISSING_LEAD_COLUMN.items()},
    "leadsFailingRule1": (LEADS, "coalesce(matched_job_function, 'Miscellaneous') = 'Miscellaneous'", "linkedin_url"),
    "batchesFailed": (
        "raw.company_enrich_similar_batches",
        "status = 'FAILED'",
        "id::text",
    ),
}
BASE_WHERE = {"batchesFailed": "created_at >= now() - interval '7 days'"}


@dataclass
class Extra:
    """Rows the query dataset lacks: a company without firmographics, a person without work history, batches."""

    company: str
    half_company: str
    person: str
    batches: dict[str, str]  # name -> id


@pytest.fixture(scope="module")
async def extra(engine: AsyncEngine, ds: Dataset) -> AsyncIterator[Extra]:
    tag = uuid.uuid4().hex[:8]
    made = Extra(f"nofirmo-{tag}.com", f"halffirmo-{tag}.com", f"https://www.linkedin.com/in/nohistory-{tag}", {})
    async with engine.begin() as conn:
        await conn.execute(
            text(
                "INSERT INTO core.companies (domain, name, industry, employee_range, origin) "
                "VALUES (:a, 'No firmographics', '', NULL, 'manual'), (:b, 'Half', NULL, '11-50', 'manual')"
            ),
            {"a": made.company, "b": made.half_company},
        )
        await conn.execute(
            text("INSERT INTO core.people (linkedin_url, state, origin) VALUES (:u, :s, 'manual')"),
            {"u": made.person, "s": ds.state},  # the dataset's state: removed with it
        )
        for name, status, days in (
            ("failed", "FAILED", 1),
            ("done", "COMPLETED", 1),
            ("old", "FAILED", 8),
        ):
            made.batches[name] = str(
                await conn.scalar(
                    text(
                        "INSERT INTO raw.company_enrich_similar_batches (status, created_at) "
                        "VALUES (:s, now() - make_interval(days => :days)) RETURNING id"
                    ),
                    {"s": status, "days": days},
                )
            )
    yield made
    async with engine.begin() as conn:
        await conn.execute(
            text("DELETE FROM core.companies WHERE domain IN (:a, :b)"), {"a": made.company, "b": made.half_company}
        )
        await conn.execute(
            text("DELETE FROM raw.company_enrich_similar_batches WHERE id::text = ANY(:ids)"),
            {"ids": list(made.batches.values())},
        )


async def _gaps(gql: GraphQLClient) -> dict[str, dict[str, Any]]:
    return {g["name"]: g for g in ok(await gql(GAPS, role="operator"))["coverage"]["gaps"]}


async def test_only_operators(gql: GraphQLClient) -> None:
    for role in ("reader", "ingest"):
        assert error_code(await gql(TABLES, role=role)) == "FORBIDDEN"
        assert error_code(await gql(GAPS, role=role)) == "FORBIDDEN"
    assert error_code(await gql(TABLES, role=None)) == "UNAUTHENTICATED"


async def test_every_table_counted(gql: GraphQLClient, engine: AsyncEngine, extra: Extra) -> None:
    """On the small test database every table is under the threshold: every count is exact and is count(*)."""
    listed = await sql_rows(
        engine,
        "SELECT table_schema, table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' "
        "AND table_schema IN ('raw', 'extracted', 'core', 'reference', 'public', 'staging', 'ops')",
    )
    counted = await sql_rows(
        engine,
        " UNION ALL ".join(
            f"SELECT '{r['table_schema']}.{r['table_name']}' AS t, count(*) AS n "
            f'FROM "{r["table_schema"]}"."{r["table_name"]}"'
            for r in listed
        ),
    )
    expected = {r["t"]: r["n"] for r in counted}
    assert expected["core.people"] > 0
    assert expected["raw.company_enrich_similar_batches"] >= 3
    for query in (TABLES, TABLES.replace("coverage", "coverage(exactCounts: true)")):
        tables = ok(await gql(query, role="operator"))["coverage"]["tables"]
        assert {f"{t['schema']}.{t['table']}": t["rows"] for t in tables} == expected
        assert all(t["exact"] for t in tables)


async def test_large_tables_are_estimated(engine: AsyncEngine, extra: Extra) -> None:
    """Above the threshold the count is reltuples scaled to the table's size: right after ANALYZE, the rows."""
    async with engine.begin() as conn:
        await conn.execute(text("ANALYZE core.companies"))
        counts = {f"{t.schema}.{t.name}": t for t in await table_counts(conn, exact_below_bytes=0)}
        actual = await conn.scalar(text("SELECT count(*) FROM core.companies"))
    companies = counts["core.companies"]
    assert not companies.exact
    assert companies.rows == actual
    never_analyzed = await sql_rows(
        engine,
        "SELECT n.nspname || '.' || c.relname AS t FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE c.reltuples < 0 AND c.relkind = 'r' AND n.nspname IN ('raw', 'extracted', 'ops')",
    )
    assert never_analyzed  # empty tables nobody analyzed: nothing to scale, so they are counted
    assert all(counts[r["t"]].exact for r in never_analyzed)


async def test_gaps_match_hand_written_sql(gql: GraphQLClient, engine: AsyncEngine, ds: Dataset, extra: Extra) -> None:
    gaps = await _gaps(gql)
    assert list(gaps) == [
        "companiesWithoutFirmographics",
        "customersWithoutDomain",
        "peopleWithoutWorkHistory",
        "leadsIncomplete",
        *MISSING_LEAD_COLUMN,
        "leadsFailingRule1",
        "batchesFailed",
    ]
    for name, (rows, condition, key) in ORACLE.items():
        gap = gaps[name]
        where = BASE_WHERE.get(name, "true")
        found = await sql_rows(
            engine,
            f"SELECT count(*) AS base, count(*) FILTER (WHERE {condition}) AS n FROM {rows} WHERE {where}",
        )
        assert (gap["count"], gap["base"]) == (found[0]["n"], found[0]["base"]), name
        assert gap["count"] > 0, name  # the dataset has every gap: the comparison above means something
        assert len(gap["sample"]) == min(5, gap["count"]) == len(set(gap["sample"])), name
        # every sampled key really has the gap
        have = await sql_rows(
            engine,
            f"SELECT count(*) AS n FROM {rows} WHERE {where} AND {condition} AND {key} = ANY(:keys)",
            keys=gap["sample"],
        )
        assert have[0]["n"] == len(gap["sample"]), (name, gap["sample"])

    assert extra.batches["failed"] in gaps["batchesFailed"]["sample"] or gaps["batchesFailed"]["count"] > 5
    assert extra.batches["old"] not in gaps["batchesFailed"]["sample"]
    assert "Miscellaneous" in gaps["leadsFailingRule1"]["description"]  # the rule, from the model


async def test_gaps_follow_the_data(gql: GraphQLClient, engine: AsyncEngine, extra: Extra) -> None:
    """A company given an industry leaves the gap; the half-known one never was in it."""
    before = (await _gaps(gql))["companiesWithoutFirmographics"]["count"]
    async with engine.begin() as conn:
        await conn.execute(
            text("UPDATE core.companies SET industry = 'Software' WHERE domain = :d"), {"d": extra.company}
        )
    try:
        assert (await _gaps(gql))["companiesWithoutFirmographics"]["count"] == before - 1
    finally:
        async with engine.begin() as conn:
            await conn.execute(text("UPDATE core.companies SET industry = '' WHERE domain = :d"), {"d": extra.company})


@pytest.mark.browser
@pytest.mark.skipif(
    not CHROMIUM.exists(), reason="no Chromium at /usr/bin/chromium (apt-get install chromium; .ci/run does)"
)
async def test_page_shows_a_bar_per_gap(
    database_url: str, api_keys: dict[str, str], gql: GraphQLClient, extra: Extra, tmp_path: Path
) -> None:
    from playwright.async_api import async_playwright, expect

    gaps = await _gaps(gql)
    app = create_app(
        Settings(database_url=database_url, run_workers=False, companyenrich_base_url="http://127.0.0.1:9")
    )
    async with serve_app(app) as url, async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        try:
            page = await browser.new_page()
            await page.goto(f"{url}/coverage")
            await expect(page.locator("#message")).to_contain_text("Enter an operator API key")

            await page.fill("#api-key", api_keys["reader"])
            await page.click("#save-key")
            await expect(page.locator("#message")).to_contain_text("operator role")
            assert await page.locator("tr[data-gap]").count() == 0

            await page.fill("#api-key", api_keys["operator"])
            await page.click("#save-key")
            await expect(page.locator("tr[data-gap]")).to_have_count(len(gaps))
            for name, gap in gaps.items():
                row = page.locator(f'tr[data-gap="{name}"]')
                bar = row.locator("progress")
                value, maximum = await bar.evaluate("b => [b.value, b.max]")
                assert (value, maximum) == (gap["count"], max(gap["base"], 1)), name
                await expect(row.locator(".counts")).to_contain_text(f"{gap['count']:,} / {gap['base']:,}")
                assert await row.locator(".sample code").all_inner_texts() == gap["sample"]
            await expect(page.locator('tr[data-table="core.people"]')).to_have_count(1)
            await page.screenshot(path=str(tmp_path / "coverage.png"), full_page=True)

            await page.click("#exact")
            await expect(page.locator("#message")).to_contain_text("Loaded")
            assert set(await page.locator("tr[data-table]").evaluate_all("rs => rs.map(r => r.dataset.exact)")) == {
                "true"
            }
        finally:
            await browser.close()
