"""`companies`, `company`, `searchCompanies` and everything nested under Company, through dataloaders."""

from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette

from tests.conftest import GraphQLClient
from tests.integration.test_query_data import (
    Dataset,
    error_code,
    ok,
    sql_rows,
    unique,
    walk,
)
from tests.integration.test_query_leads import statements

COMPANY_TYPES = {"filter": "CompanyFilter", "orderBy": "[CompanyOrder!]"}


def mine(ds: Dataset, companies: list[dict[str, Any]]) -> list[str]:
    domains = {c["domain"] for c in ds.companies.values()}
    return [c["domain"] for c in companies if c["domain"] in domains]


CASES: list[tuple[dict[str, Any], str]] = [
    ({}, "true"),
    ({"industries": ["Software", "Retail"]}, "industry IN ('Software', 'Retail')"),
    ({"employeeRanges": ["11-50"]}, "employee_range = '11-50'"),
    ({"city": "AR"}, "city ILIKE '%ar%'"),
    ({"country": "germ"}, "country ILIKE '%germ%'"),
    ({"name": "mid_co 100"}, "name ILIKE '%mid!_co 100%' ESCAPE '!'"),
    ({"name": "_"}, "name ILIKE '%!_%' ESCAPE '!'"),
]


@pytest.mark.parametrize(("company_filter", "where"), CASES, ids=[str(c) for c, _ in CASES])
@pytest.mark.parametrize("order", [None, [{"field": "NAME"}], [{"field": "NAME", "direction": "DESC"}]])
async def test_companies_filter_order_and_walk(
    gql: GraphQLClient,
    engine: AsyncEngine,
    ds: Dataset,
    company_filter: dict[str, Any],
    where: str,
    order: list[dict[str, str]] | None,
) -> None:
    sort = (
        "id"
        if order is None
        else f"name {order[0].get('direction', 'ASC')} NULLS LAST, id {order[0].get('direction', 'ASC')}"
    )
    expected = await sql_rows(
        engine,
        f"SELECT domain FROM core.companies WHERE domain LIKE :tag AND ({where}) ORDER BY {sort}",
        tag=f"%-{ds.tag}.com",
    )
    got = await walk(
        gql, "companies", {"filter": company_filter, "orderBy": order}, COMPANY_TYPES, selection="domain", page_size=3
    )
    assert mine(ds, got) == [r["domain"] for r in expected]
    assert unique([g["domain"] for g in got])


async def test_company_by_any_spelling_of_its_domain(gql: GraphQLClient, ds: Dataset) -> None:
    query = "query($d: String!) { company(domain: $d) { domain name country businessModel tagline } }"
    got = ok(await gql(query, {"d": f"https://WWW.{ds.domain('full_c').upper()}/pricing"}))["company"]
    assert got == {
        "domain": ds.domain("full_c"),
        "name": f"Mid_Co 100% {ds.tag}",
        "country": "United Kingdom",
        "businessModel": "BOTH",
        "tagline": "=cmd|' /C calc'!A0",
    }
    assert ok(await gql(query, {"d": f"nobody-{ds.tag}.com"}))["company"] is None
    assert error_code(await gql(query, {"d": "nope"})) == "BAD_USER_INPUT"


async def test_nested_company_data_matches_the_core_tables(
    gql: GraphQLClient, engine: AsyncEngine, ds: Dataset
) -> None:
    query = """query($d: String!) { company(domain: $d) {
        leadCount leads(first: 3) { totalCount nodes { personId } }
        customers { totalCount nodes { customerName customerDomain caseStudyUrl hasCaseStudy source
            customer { domain name } } }
        similarCompanies { totalCount nodes { domain name industry description similarityScore company { name } } }
        vcInvestors jobPostings(first: 2) { jobId title postedAt } newsEvents(first: 5) { headline round } } }"""
    got = ok(await gql(query, {"d": ds.domain("full_a")}))["company"]
    complete = await sql_rows(
        engine,
        """SELECT person_id FROM core.leads WHERE company_domain = :d AND company_name <> '' AND person_country <> ''
           AND company_country <> '' AND matched_job_function NOT IN ('', 'Miscellaneous') AND matched_seniority <> ''
           AND matched_cleaned_job_title <> '' AND matched_industry <> '' ORDER BY person_id""",
        d=ds.domain("full_a"),
    )
    assert got["leadCount"] == len(complete) == got["leads"]["totalCount"] > 3
    assert [lead["personId"] for lead in got["leads"]["nodes"]] == [r["person_id"] for r in complete[:3]]
    customers = got["customers"]["nodes"]
    assert got["customers"]["totalCount"] == 3
    assert [c["customerName"] for c in customers] == ["Customer One", "Customer Two", "Unknown Customer"]
    assert customers[0]["customer"] == {"domain": ds.domain("cust_1"), "name": f"Customer One {ds.tag}"}
    assert customers[2]["customer"] is None
    assert customers[2]["hasCaseStudy"] is False
    similar = await sql_rows(
        engine,
        """SELECT s.similar_domain AS domain, s.similar_name AS name, c.industry, c.description,
                  s.similarity_score AS "similarityScore", jsonb_build_object('name', c.name) AS company
           FROM core.company_similar_companies s LEFT JOIN core.companies c ON c.domain = s.similar_domain
           WHERE s.company_domain = :d ORDER BY s.similarity_score DESC""",
        d=ds.domain("full_a"),
    )
    assert got["similarCompanies"] == {"totalCount": 2, "nodes": similar}
    assert [s["domain"] for s in similar] == [ds.domain("full_b"), ds.domain("full_c")]
    assert similar[0]["company"] == {"name": f"Zenith {ds.tag}"}
    assert similar[0]["industry"] == "Fintech"  # the warehouse's record of the similar company
    assert got["vcInvestors"] == sorted(ds.vc_name(v) for v in ("Alpha Ventures", "Beta Fund"))
    assert [j["jobId"] for j in got["jobPostings"]] == ["j0", "j1"]  # newest first, first: 2
    assert [n["headline"] for n in got["newsEvents"]] == ["News 0", "News 1"]
    bare = ok(await gql(query, {"d": ds.domain("cust_2")}))["company"]
    assert bare["customers"] == bare["similarCompanies"] == {"totalCount": 0, "nodes": []}
    assert bare["vcInvestors"] == bare["jobPostings"] == []


async def test_a_page_of_companies_with_everything_nested_is_one_statement_per_relation(
    gql: GraphQLClient, app: Starlette, ds: Dataset
) -> None:
    query = """{ companies(first: 20, filter: {name: "%s"}) { nodes { domain leadCount
        leads(first: 2) { nodes { personId company { domain } } } customers { nodes { customerName customer { name } } }
        similarCompanies { nodes { domain } } vcInvestors
        jobPostings { title } newsEvents { headline } } } }"""
    with statements(app.state.reader_engine, app.state.compiled) as seen:
        nodes = ok(await gql(query % ds.tag))["companies"]["nodes"]
    assert len(nodes) >= 6
    # the page, one statement per relation (7), and at most two batches of companies: the customers' and the
    # leads' (each starts once its own loader has answered; when both answer in the same tick they share one
    # batch): bounded by the shape of the query, not by the rows
    assert 9 <= len(seen) <= 10, seen
    assert sum("FROM core.companies" in q for q in seen) in (2, 3)


async def test_search_companies_by_name_or_domain(gql: GraphQLClient, ds: Dataset) -> None:
    query = "query($q: String!, $n: Int) { searchCompanies(query: $q, first: $n) { domain name } }"
    by_name = ok(await gql(query, {"q": f"zenith {ds.tag}"}))["searchCompanies"]
    assert by_name[0]["domain"] == ds.domain("full_b")
    by_domain = ok(await gql(query, {"q": ds.domain("cust_2")}))["searchCompanies"]
    assert [c["domain"] for c in by_domain] == [ds.domain("cust_2")]
    several = ok(await gql(query, {"q": ds.tag, "n": 3}))["searchCompanies"]
    assert len(several) == 3
    assert all(ds.tag in c["domain"] for c in several)
    literal = ok(await gql(query, {"q": f"_co 100% {ds.tag}"}))["searchCompanies"]
    assert [c["domain"] for c in literal] == [ds.domain("full_c")]  # % and _ are plain text
    assert ok(await gql(query, {"q": "%%%"}))["searchCompanies"] == []
    for short in ("a", " b ", ""):
        assert error_code(await gql(query, {"q": short})) == "BAD_USER_INPUT"
    assert error_code(await gql(query, {"q": "acme", "n": 101})) == "LIMIT_EXCEEDED"
