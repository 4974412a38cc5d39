"""Issue 15: `Company.customers`, `Company.leads` and `Company.similarCompanies` as connections.

Oracles are plain SQL over the tables (ordered and counted there) and Python paging; the statement
counts show a page of companies loads each sub-list for all of them at once.
"""

from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import delete, insert
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette

from models import core
from tests.conftest import GraphQLClient
from tests.integration.test_query_data import COMPLETE_SQL, Dataset, error_code, ok, sql_rows
from tests.integration.test_query_leads import statements

SUBS = 50  # extra companies of this module, each with (i % 7) customers


@pytest.fixture(scope="module")
async def subs(engine: AsyncEngine, ds: Dataset) -> AsyncIterator[list[str]]:
    """50 companies with 0-6 customers each, and full_b's similar companies (a tie and an unknown score)."""
    domains = [f"sub{i}-{ds.tag}.com" for i in range(SUBS)]
    similar = [("Tie B", "tie-b", 0.7), ("Unknown", "unknown", None), ("Tie A", "tie-a", 0.7), ("Top", "top", 0.95)]
    async with engine.begin() as conn:
        await conn.execute(
            insert(core.Company.__table__),
            [{"domain": d, "name": f"Sub {i:02d} {ds.tag}", "origin": "manual"} for i, d in enumerate(domains)],
        )
        await conn.execute(
            insert(core.CompanyCustomer.__table__),
            [
                {
                    "origin_company_domain": d,
                    "customer_name": f"C{j} of {i}",
                    "customer_domain": f"c{j}-{i}-{ds.tag}.com" if j % 2 else None,
                    "source": "manual",
                }
                for i, d in enumerate(domains)
                for j in range(i % 7)
            ],
        )
        await conn.execute(
            insert(core.CompanySimilarCompany.__table__),
            [
                {
                    "company_domain": ds.domain("full_b"),
                    "similar_domain": f"{key}-{ds.tag}.com",
                    "similar_name": name,
                    "similarity_score": score,
                    "origin": "manual",
                }
                for name, key, score in similar
            ],
        )
    yield domains
    async with engine.begin() as conn:
        cc = core.CompanyCustomer.__table__
        await conn.execute(delete(cc).where(cc.c.origin_company_domain.in_(domains)))
        await conn.execute(delete(core.Company.__table__).where(core.Company.__table__.c.domain.in_(domains)))


async def walk_sub(
    gql: GraphQLClient, domain: str, field: str, args: str, fields: str, page_size: int
) -> tuple[list[dict[str, Any]], list[int]]:
    """Every node of a company's sub-list by `after` cursors; and the totalCount each page said."""
    query = """query($d: String!, $after: String) { company(domain: $d) {
        sub: %s(first: %d, after: $after %s) { totalCount nodes { %s } pageInfo { hasNextPage endCursor } } } }"""
    nodes: list[dict[str, Any]] = []
    totals: list[int] = []
    after = None
    for _ in range(100):
        sub = ok(await gql(query % (field, page_size, args, fields), {"d": domain, "after": after}))["company"]["sub"]
        nodes += sub["nodes"]
        totals.append(sub["totalCount"])
        assert len(sub["nodes"]) <= page_size
        if not sub["pageInfo"]["hasNextPage"]:
            return nodes, totals
        after = sub["pageInfo"]["endCursor"]
    raise AssertionError("no last page")


@pytest.mark.parametrize("page_size", [1, 2, 10])
async def test_customers_page_by_cursor_and_count(
    gql: GraphQLClient, engine: AsyncEngine, ds: Dataset, page_size: int
) -> None:
    domain = ds.domain("full_a")
    expected = await sql_rows(
        engine,
        "SELECT customer_name, customer_domain FROM core.company_customers WHERE origin_company_domain = :d "
        "ORDER BY customer_name",
        d=domain,
    )
    got, totals = await walk_sub(gql, domain, "customers", "", "customerName customerDomain", page_size)
    assert [(g["customerName"], g["customerDomain"]) for g in got] == [
        (e["customer_name"], e["customer_domain"]) for e in expected
    ]
    assert set(totals) == {len(expected)} == {3}


@pytest.mark.parametrize(
    ("where", "sql"),
    [
        ("hasDomain: true", "customer_domain <> ''"),
        ("hasDomain: false", "(customer_domain IS NULL OR customer_domain = '')"),
        ('customerName: "two"', "customer_name ILIKE '%two%'"),
        ('sources: ["nope"]', "false"),
    ],
)
async def test_customers_filter(gql: GraphQLClient, engine: AsyncEngine, ds: Dataset, where: str, sql: str) -> None:
    domain = ds.domain("full_a")
    expected = await sql_rows(
        engine,
        f"SELECT customer_name FROM core.company_customers WHERE origin_company_domain = :d AND {sql} "
        "ORDER BY customer_name",
        d=domain,
    )
    got, totals = await walk_sub(gql, domain, "customers", f", filter: {{{where}}}", "customerName", 1)
    assert [g["customerName"] for g in got] == [e["customer_name"] for e in expected]
    assert set(totals) == {len(expected)}


async def test_customers_offset_and_page_info(gql: GraphQLClient, ds: Dataset) -> None:
    query = """query($d: String!) { company(domain: $d) { customers(first: 1, offset: 1) {
        totalCount nodes { customerName } edges { cursor node { customerName } }
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } } }"""
    sub = ok(await gql(query, {"d": ds.domain("full_a")}))["company"]["customers"]
    assert [n["customerName"] for n in sub["nodes"]] == ["Customer Two"]
    assert sub["edges"][0]["node"] == sub["nodes"][0]
    assert sub["pageInfo"]["hasNextPage"]
    assert sub["pageInfo"]["hasPreviousPage"]
    assert sub["pageInfo"]["startCursor"] == sub["pageInfo"]["endCursor"] == sub["edges"][0]["cursor"]
    # the cursor continues where the offset page ended
    nxt = """query($d: String!, $a: String) { company(domain: $d) { customers(first: 5, after: $a) {
        nodes { customerName } pageInfo { hasNextPage } } } }"""
    rest = ok(await gql(nxt, {"d": ds.domain("full_a"), "a": sub["pageInfo"]["endCursor"]}))["company"]["customers"]
    assert [n["customerName"] for n in rest["nodes"]] == ["Unknown Customer"]
    assert not rest["pageInfo"]["hasNextPage"]


async def test_similar_companies_most_similar_first_unknown_last(
    gql: GraphQLClient, engine: AsyncEngine, ds: Dataset, subs: list[str]
) -> None:
    domain = ds.domain("full_b")
    rows = await sql_rows(
        engine,
        "SELECT similar_domain, similarity_score FROM core.company_similar_companies WHERE company_domain = :d",
        d=domain,
    )
    # most similar first, unknown scores last; ties by domain (the unique tiebreak follows the last key: descending)
    expected = sorted(
        rows, key=lambda r: (r["similarity_score"] is None, -(r["similarity_score"] or 0), _desc(r["similar_domain"]))
    )
    assert len(expected) == 4
    for size in (1, 3):
        got, totals = await walk_sub(gql, domain, "similarCompanies", "", "domain similarityScore", size)
        assert [g["domain"] for g in got] == [e["similar_domain"] for e in expected]
        assert set(totals) == {4}


def _desc(text: str) -> list[int]:
    return [-ord(c) for c in text]


@pytest.mark.parametrize("complete", [False, True])
async def test_company_leads_take_the_lead_filter(
    gql: GraphQLClient, engine: AsyncEngine, ds: Dataset, complete: bool
) -> None:
    domain = ds.domain("full_a")
    where = f"AND {COMPLETE_SQL}" if complete else ""
    expected = await sql_rows(
        engine,
        f"SELECT person_id FROM core.leads WHERE company_domain = :d AND matched_job_function IN ('Engineering', "
        f"'Sales') {where} ORDER BY person_id",
        d=domain,
    )
    args = f', filter: {{jobFunctions: ["Engineering", "Sales"], complete: {str(complete).lower()}}}'
    got, totals = await walk_sub(gql, domain, "leads", args, "personId companyDomain", 2)
    assert [int(g["personId"]) for g in got] == [e["person_id"] for e in expected]
    assert {g["companyDomain"] for g in got} <= {domain}
    assert set(totals) == {len(expected)}
    assert expected


async def test_company_leads_order_by(gql: GraphQLClient, engine: AsyncEngine, ds: Dataset) -> None:
    domain = ds.domain("full_a")
    expected = await sql_rows(
        engine,
        "SELECT person_id FROM core.leads WHERE company_domain = :d ORDER BY full_name DESC NULLS LAST, person_id DESC",
        d=domain,
    )
    args = ", filter: {complete: false}, orderBy: [{field: FULL_NAME, direction: DESC}]"
    got, _ = await walk_sub(gql, domain, "leads", args, "personId", 3)
    assert [int(g["personId"]) for g in got] == [e["person_id"] for e in expected]


COMPANIES = """query($name: String!) { companies(filter: {name: $name}, first: 100) { nodes { domain
    customers(first: 5) { totalCount nodes { customerName customerDomain } pageInfo { hasNextPage } }
    %s } } }"""


async def test_a_page_of_companies_loads_each_sub_list_at_once(
    gql: GraphQLClient, app: Starlette, engine: AsyncEngine, ds: Dataset, subs: list[str]
) -> None:
    expected: dict[str, list[str]] = {d: [] for d in subs}
    for r in await sql_rows(
        engine,
        "SELECT origin_company_domain, customer_name FROM core.company_customers "
        "WHERE origin_company_domain = ANY(:d) ORDER BY customer_name",
        d=subs,
    ):
        expected[r["origin_company_domain"]].append(r["customer_name"])
    with statements(app.state.reader_engine, app.state.compiled) as seen:
        body = ok(await gql(COMPANIES % "", {"name": ds.tag}))
    nodes = [n for n in body["companies"]["nodes"] if n["domain"] in expected]
    assert len(nodes) == SUBS
    for node in nodes:
        want = expected[node["domain"]]
        assert node["customers"]["totalCount"] == len(want)
        assert [c["customerName"] for c in node["customers"]["nodes"]] == want[:5]
        assert node["customers"]["pageInfo"]["hasNextPage"] == (len(want) > 5)
    # the companies' page, then one statement for every page of customers and one for every count
    assert len(seen) == 3, seen
    assert len(body["companies"]["nodes"]) == SUBS + len(ds.companies) - 1  # every company of the tag but no_name
    assert sum("LATERAL" in s for s in seen) == 1

    more = """leads(first: 2, filter: {complete: false}) { totalCount nodes { personId company { domain } } }
        similarCompanies(first: 1) { totalCount nodes { domain } }"""
    with statements(app.state.reader_engine, app.state.compiled) as seen:
        body = ok(await gql(COMPANIES % more, {"name": ds.tag}))
    by_domain = {n["domain"]: n for n in body["companies"]["nodes"]}
    full_a, full_b = by_domain[ds.domain("full_a")], by_domain[ds.domain("full_b")]
    assert full_a["leads"]["totalCount"] > 2
    assert [n["company"]["domain"] for n in full_a["leads"]["nodes"]] == [ds.domain("full_a")] * 2
    assert full_b["similarCompanies"]["totalCount"] == 4
    assert full_b["similarCompanies"]["nodes"][0]["domain"] == f"top-{ds.tag}.com"
    # companies, then customers, leads and similar companies: a page and a count each (+ the leads' companies)
    assert len(seen) <= 8, seen


async def test_sub_list_arguments_are_checked(gql: GraphQLClient, ds: Dataset) -> None:
    query = 'query { company(domain: "%s") { customers(%s) { totalCount } } }'
    assert error_code(await gql(query % (ds.domain("full_a"), "first: 101"))) == "LIMIT_EXCEEDED"
    assert error_code(await gql(query % (ds.domain("full_a"), "first: -1"))) == "BAD_USER_INPUT"
    assert error_code(await gql(query % (ds.domain("full_a"), "offset: -1"))) == "BAD_USER_INPUT"
    nodes = 'query { company(domain: "%s") { customers(after: "nope") { nodes { customerName } } } }'
    assert error_code(await gql(nodes % ds.domain("full_a"))) == "BAD_USER_INPUT"
    leads = 'query { company(domain: "%s") { leads(filter: {companyDomain: "not a domain"}) { totalCount } } }'
    assert error_code(await gql(leads % ds.domain("full_a"))) == "BAD_USER_INPUT"
    nothing = ok(await gql(query % (ds.domain("cust_1"), "first: 3")))["company"]["customers"]
    assert nothing == {"totalCount": 0}
