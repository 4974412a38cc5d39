"""Issue 15: `pastEmployerBreakdown` and the customer of `leadsByCompanyCustomers`, against oracles in SQL and Python.

The oracle reads core.person_work_history and core.leads (the seed's view) directly and counts in Python;
the gateway's statement joins the base tables with GROUPING SETS, so the two share no code.
"""

from collections import Counter
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette

from tests.conftest import GraphQLClient
from tests.integration.test_query_data import COMPLETE_SQL, Dataset, error_code, ok, sql_rows
from tests.integration.test_query_leads import statements

BREAKDOWN = """query($domains: [String!]!, $filter: LeadFilter, $by: [LeadFacetDimension!]) {
  pastEmployerBreakdown(domains: $domains, filter: $filter, by: $by) {
    domain alumniCount facets { dimension values { value count } } } }"""

COLUMNS = {"JOB_FUNCTION": "matched_job_function", "SENIORITY": "matched_seniority", "PERSON_COUNTRY": "person_country"}


async def alumni_leads(engine: AsyncEngine, ds: Dataset, domain: str, complete: bool) -> list[dict[str, Any]]:
    """The dataset's leads with an ended job at `domain`, each once."""
    where = f"AND {COMPLETE_SQL}" if complete else ""
    return await sql_rows(
        engine,
        f"""SELECT * FROM core.leads l WHERE person_state = :s {where} AND EXISTS (
              SELECT 1 FROM core.person_work_history w
              WHERE w.person_id = l.person_id AND w.company_domain = :d AND NOT w.is_current)""",
        s=ds.state,
        d=domain,
    )


def facet_oracle(leads: list[dict[str, Any]], dimension: str) -> dict[str | None, int]:
    return dict(Counter(lead[COLUMNS[dimension]] for lead in leads))


@pytest.mark.parametrize("complete", [False, True])
async def test_breakdown_counts_alumni_and_facets_per_domain(
    gql: GraphQLClient, engine: AsyncEngine, ds: Dataset, complete: bool
) -> None:
    keys = ["cust_1", "cust_2", "full_b", "ghost"]
    asked = [f"https://www.{ds.domain(k)}/about" for k in keys] + [ds.domain("cust_1")]  # a repeat, spelled apart
    body = ok(await gql(BREAKDOWN, {"domains": asked, "filter": {"personState": ds.state, "complete": complete}}))
    got = body["pastEmployerBreakdown"]
    assert [g["domain"] for g in got] == [ds.domain(k) for k in keys]
    for key, entry in zip(keys, got, strict=True):
        leads = await alumni_leads(engine, ds, ds.domain(key), complete)
        assert entry["alumniCount"] == len(leads)
        assert [f["dimension"] for f in entry["facets"]] == ["JOB_FUNCTION", "SENIORITY", "PERSON_COUNTRY"]
        for facet in entry["facets"]:
            values = {v["value"]: v["count"] for v in facet["values"]}
            assert values == facet_oracle(leads, facet["dimension"]), (key, facet["dimension"])
            assert sum(values.values()) == len(leads)
    assert got[0]["alumniCount"] > 0
    assert got[3]["alumniCount"] == 0
    assert got[3]["facets"][0]["values"] == []
    # cust_2 has people currently there too (i % 7 == 0): they are not alumni
    current = await sql_rows(
        engine,
        "SELECT DISTINCT person_id FROM core.person_work_history WHERE company_domain = :d AND is_current",
        d=ds.domain("cust_2"),
    )
    assert current


async def test_breakdown_takes_the_lead_filter_and_other_dimensions(
    gql: GraphQLClient, engine: AsyncEngine, ds: Dataset
) -> None:
    f = {"personState": ds.state, "complete": False, "jobFunctions": ["Engineering", "Sales"]}
    body = ok(await gql(BREAKDOWN, {"domains": [ds.domain("cust_1")], "filter": f, "by": ["SENIORITY"]}))
    [entry] = body["pastEmployerBreakdown"]
    leads = [
        lead
        for lead in await alumni_leads(engine, ds, ds.domain("cust_1"), False)
        if lead["matched_job_function"] in ("Engineering", "Sales")
    ]
    assert leads
    assert entry["alumniCount"] == len(leads)
    [facet] = entry["facets"]
    assert {v["value"]: v["count"] for v in facet["values"]} == facet_oracle(leads, "SENIORITY")
    # no dimension at all: the counts alone
    body = ok(await gql(BREAKDOWN, {"domains": [ds.domain("cust_1")], "filter": f, "by": []}))
    assert body["pastEmployerBreakdown"] == [{"domain": ds.domain("cust_1"), "alumniCount": len(leads), "facets": []}]


async def test_breakdown_is_one_statement_for_many_domains(gql: GraphQLClient, app: Starlette, ds: Dataset) -> None:
    domains = [ds.domain(k) for k in ("cust_1", "cust_2", "full_b")] + [f"d{i}-{ds.tag}.com" for i in range(60)]
    with statements(app.state.reader_engine, app.state.compiled) as seen:
        body = ok(await gql(BREAKDOWN, {"domains": domains, "filter": {"personState": ds.state}}))
    assert len(body["pastEmployerBreakdown"]) == len(domains)
    assert len([s for s in seen if "GROUPING SETS" in s]) == 1
    assert len(seen) == 1, seen


async def test_breakdown_refuses_too_many_or_bad_domains(gql: GraphQLClient, ds: Dataset) -> None:
    many = [f"d{i}.example.com" for i in range(101)]
    assert error_code(await gql(BREAKDOWN, {"domains": many})) == "LIMIT_EXCEEDED"
    assert error_code(await gql(BREAKDOWN, {"domains": ["not a domain"]})) == "BAD_USER_INPUT"
    assert ok(await gql(BREAKDOWN, {"domains": []}))["pastEmployerBreakdown"] == []
    assert error_code(await gql(BREAKDOWN, {"domains": [ds.domain("cust_1")]}, role=None)) == "UNAUTHENTICATED"


CUSTOMER_ALUMNI = """query($d: String!, $s: String!, $after: String) {
  leadsByCompanyCustomers(companyDomain: $d, first: 7, after: $after, filter: {personState: $s, complete: false}) {
    nodes { personId customerDomain customerName customerStartDate customerEndDate }
    pageInfo { hasNextPage endCursor } } }"""


@pytest.mark.parametrize("origin", ["full_a", "full_b"])
async def test_customer_alumni_say_which_customer_and_when(
    gql: GraphQLClient, engine: AsyncEngine, ds: Dataset, origin: str
) -> None:
    jobs = await sql_rows(
        engine,
        """SELECT w.person_id, c.customer_domain, c.customer_name, w.start_date, w.end_date
           FROM core.person_work_history w
           JOIN core.company_customers c ON c.customer_domain = w.company_domain
           JOIN core.people p ON p.id = w.person_id
           WHERE c.origin_company_domain = :o AND NOT w.is_current AND p.state = :s""",
        o=ds.domain(origin),
        s=ds.state,
    )
    expected: dict[int, dict[str, Any]] = {}
    for job in jobs:  # the latest ended job wins (the dataset's jobs have distinct end dates per person)
        best = expected.get(job["person_id"])
        if best is None or job["end_date"] > best["customerEndDate"]:
            expected[job["person_id"]] = {
                "customerDomain": job["customer_domain"],
                "customerName": job["customer_name"],
                "customerStartDate": job["start_date"],
                "customerEndDate": job["end_date"],
            }
    got: dict[int, dict[str, Any]] = {}
    after = None
    while True:
        page = ok(await gql(CUSTOMER_ALUMNI, {"d": ds.domain(origin), "s": ds.state, "after": after}))
        conn = page["leadsByCompanyCustomers"]
        for node in conn["nodes"]:
            person = int(node.pop("personId"))
            assert person not in got
            got[person] = node
        if not conn["pageInfo"]["hasNextPage"]:
            break
        after = conn["pageInfo"]["endCursor"]
    assert expected
    assert set(got) == set(expected)
    for person, want in expected.items():
        shown = got[person]
        assert shown["customerDomain"] == want["customerDomain"]
        assert shown["customerName"] == want["customerName"]
        assert shown["customerStartDate"] == want["customerStartDate"].isoformat()
        assert shown["customerEndDate"] == want["customerEndDate"].isoformat()
    if origin == "full_a":  # someone who worked at both customers shows the later job
        assert len({v["customerDomain"] for v in got.values()}) == 2
