"""Tech stacks and job postings from ingest to the API: the examples of LEGACY-PAYLOADS 6 and 7 are
posted, the core build carries them into core.company_technologies and core.company_job_postings, and
GraphQL reads them back (`Company.technologies`, `JobPosting`'s new fields) and filters companies and
leads by technology.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette

from ingest.core_build.build import rebuild_core
from ingest.pipeline import IngestStatus, ingest
from tests.conftest import GraphQLClient
from tests.integration.test_ingest_job_boards import indeed, job_posting, linkedin
from tests.integration.test_ingest_techstack import _tag, builtwith, predictleads
from tests.integration.test_query_leads import statements

COMPANY = """query($domain: String!) { company(domain: $domain) {
    technologies { name category source firstSeenAt lastSeenAt }
    jobPostings(first: 10) { jobId title location url postedAt seniority employmentType salaryMin salaryMax
                             salaryCurrency source } } }"""
COMPANIES = """query($names: [String!]) { companies(first: 50, filter: {technologies: $names}) {
    totalCount nodes { domain } } }"""
LEADS = """query($names: [String!]) { leads(first: 50, filter: {companyTechnologies: $names, complete: false}) {
    totalCount nodes { linkedinUrl } } }"""


async def _post(engine: AsyncEngine, source: str, body: dict[str, Any]) -> None:
    outcome = await ingest(engine, source, body)
    assert outcome.status is IngestStatus.STORED, outcome


async def _build(engine: AsyncEngine) -> None:
    async with engine.begin() as conn:
        await rebuild_core(conn)


def _data(body: dict[str, Any]) -> dict[str, Any]:
    assert "errors" not in body, body["errors"]
    data: dict[str, Any] = body["data"]
    return data


async def _world(engine: AsyncEngine) -> str:
    """A company (known by domain and LinkedIn URL) with a lead, both tech stacks and every job source."""
    t = _tag()
    await _post(engine, "company_firmographics", {"company_domain": f"{t}.example", "name": f"Acme {t}",
                "linkedin_url": f"https://www.linkedin.com/company/{t}"})  # fmt: skip
    await _post(engine, "person_discovery", {"linkedin_url": f"https://www.linkedin.com/in/jane-{t}",
                "full_name": "Jane Doe", "domain": f"{t}.example", "latest_title": "CTO"})  # fmt: skip
    await _post(engine, "techstack_builtwith", builtwith(t))
    await _post(engine, "techstack_predictleads", predictleads(t))
    await _post(engine, "job_posting", job_posting(t))
    await _post(engine, "job_board_indeed", indeed(t))
    await _post(engine, "job_board_linkedin", linkedin(t))  # known by the company's LinkedIn URL only
    # the signal sends the Clay posting too: the job_posting source's values win
    await _post(engine, "signal_job_posting", {"company_domain": f"{t}.example", "job_id": "9000001",
                "title": "AE (signal)", "seniority": "Director"})  # fmt: skip
    await _build(engine)
    return t


async def test_technologies_and_postings_read_back_through_graphql(gql: GraphQLClient, engine: AsyncEngine) -> None:
    t = await _world(engine)
    company = _data(await gql(COMPANY, {"domain": f"{t}.example"}))["company"]
    assert company["technologies"] == [
        {"name": "HubSpot", "category": "Marketing Automation", "source": "techstack_predictleads",
         "firstSeenAt": "2023-04-01T00:00:00+00:00", "lastSeenAt": "2025-01-31T12:00:00+00:00"},
        {"name": "React", "category": "JavaScript Frameworks", "source": "techstack_builtwith",
         "firstSeenAt": None, "lastSeenAt": None},
        {"name": "Stripe", "category": "Payments", "source": "techstack_builtwith",
         "firstSeenAt": "2022-01-01T00:00:00+00:00", "lastSeenAt": None},
    ]  # fmt: skip
    none = dict.fromkeys(["seniority", "employmentType", "salaryMin", "salaryMax", "salaryCurrency"])
    assert sorted(company["jobPostings"], key=lambda p: p["jobId"]) == [
        {**none, "jobId": "9000001", "title": "Senior Account Executive", "location": "Remote, US",
         "url": f"https://www.linkedin.com/jobs/view/{t}", "postedAt": "2025-01-15", "seniority": "Mid-Senior level",
         "employmentType": "Full-time", "source": "job_posting"},
        {**none, "jobId": f"in-{t}", "title": "Account Executive", "location": "Austin, TX",
         "url": f"https://www.indeed.com/viewjob?jk={t}", "postedAt": "2025-01-10", "employmentType": "Full-time",
         "source": "job_board_indeed"},
        {"jobId": f"li-{t}", "title": "Sales Development Representative", "location": "New York, NY",
         "url": f"https://www.linkedin.com/jobs/view/{t}", "postedAt": "2025-01-12", "seniority": "Entry level",
         "employmentType": "Full-time", "salaryMin": 60000.0, "salaryMax": 75000.0, "salaryCurrency": "USD",
         "source": "job_board_linkedin"},
    ]  # fmt: skip


async def test_companies_and_leads_filter_by_technology(gql: GraphQLClient, engine: AsyncEngine) -> None:
    t = await _world(engine)
    other = _tag()  # a company without technologies, with a lead
    await _post(engine, "company_firmographics", {"company_domain": f"{other}.example", "name": f"Other {other}"})
    await _post(engine, "person_discovery", {"linkedin_url": f"https://www.linkedin.com/in/bob-{other}",
                "full_name": "Bob Roe", "domain": f"{other}.example"})  # fmt: skip
    await _build(engine)
    for names in (["stripe"], ["HUBSPOT", "nothing-such"], ["React"]):
        companies = _data(await gql(COMPANIES, {"names": names}))["companies"]
        domains = {n["domain"] for n in companies["nodes"]}
        assert f"{t}.example" in domains, (names, domains)
        assert f"{other}.example" not in domains
        assert companies["totalCount"] == len(domains)
        leads = _data(await gql(LEADS, {"names": names}))["leads"]
        urls = {n["linkedinUrl"] for n in leads["nodes"]}
        assert f"https://www.linkedin.com/in/jane-{t}" in urls, (names, urls)
        assert f"https://www.linkedin.com/in/bob-{other}" not in urls
        assert leads["totalCount"] == len(urls)
    for names in (["no-such-technology-" + t], []):
        companies = _data(await gql(COMPANIES, {"names": names}))["companies"]
        if names:
            assert companies == {"totalCount": 0, "nodes": []}
        else:  # an empty list does not filter
            assert companies["totalCount"] > 0


async def test_a_second_build_skips_and_an_incremental_change_keeps_the_widest_dates(engine: AsyncEngine) -> None:
    t = await _world(engine)
    async with engine.begin() as conn:
        again = await rebuild_core(conn)
    assert again.inserted.get("company_technologies", 0) == again.updated.get("company_technologies", 0) == 0
    assert again.updated.get("company_job_postings", 0) == 0
    # a later BuiltWith answer: Stripe seen again, spelled in lower case, with a later last detection
    await _post(engine, "techstack_builtwith", {"domain": f"{t}.example", "builtwith_payload": [
        {"Name": "stripe", "FirstDetected": "2023-06-01", "LastDetected": "2025-02-01"}]})  # fmt: skip
    await _build(engine)
    async with engine.connect() as conn:
        row = (
            await conn.execute(
                text("""SELECT name, category, first_seen_at, last_seen_at FROM core.company_technologies
                        WHERE company_domain = :d AND name_key = 'stripe'"""),
                {"d": f"{t}.example"},
            )
        ).one()
    assert tuple(row) == ("stripe", "Payments", datetime(2022, 1, 1, tzinfo=UTC), datetime(2025, 2, 1, tzinfo=UTC))


async def test_a_page_of_companies_with_technologies_is_one_statement_for_them(
    gql: GraphQLClient, app: Starlette, engine: AsyncEngine
) -> None:
    tags = [await _world(engine) for _ in range(3)]
    query = """query($names: [String!]) { companies(first: 50, filter: {technologies: $names}) {
        nodes { domain technologies { name source } } } }"""
    with statements(app.state.reader_engine, app.state.compiled) as seen:
        nodes = _data(await gql(query, {"names": ["Segment", "hubspot"]}))["companies"]["nodes"]
    mine = [n for n in nodes if n["domain"] in {f"{t}.example" for t in tags}]
    assert len(mine) == 3
    assert all([tech["name"] for tech in n["technologies"]] == ["HubSpot", "React", "Stripe"] for n in mine)
    assert len(seen) == 2, seen  # the page, then every company's technologies at once
    assert "core.company_technologies" in seen[1]


async def test_technology_filters_page_by_cursor_ordered(gql: GraphQLClient, engine: AsyncEngine) -> None:
    tags = [await _world(engine) for _ in range(3)]
    names = [f"no-such-{tags[0]}", "stripe"]
    query = """query($names: [String!], $after: String) {
        companies(first: 2, after: $after, orderBy: [{field: NAME, direction: DESC}], filter: {technologies: $names}) {
            totalCount nodes { domain } pageInfo { hasNextPage endCursor } } }"""
    seen: list[str] = []
    after = None
    while True:
        page = _data(await gql(query, {"names": names, "after": after}))["companies"]
        seen += [n["domain"] for n in page["nodes"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert len(seen) == len(set(seen)) == page["totalCount"]
    assert {f"{t}.example" for t in tags} <= set(seen)
