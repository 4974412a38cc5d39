"""Signal fields against the seed-named SQL objects they mirror, over the whole test database.

With `complete: false` each field returns exactly the people of its view or function; with the default
`complete: true`, the same people restricted to complete leads (the rule written again here in SQL).
"""

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.conftest import GraphQLClient
from tests.integration.test_query_data import (
    COMPLETE_SQL,
    Dataset,
    error_code,
    ids,
    ok,
    sql_rows,
    today,
    unique,
    walk,
)

LIST_TYPES = {"filter": "LeadFilter"}


async def people_of(engine: AsyncEngine, sql: str, complete: bool, **params: Any) -> set[int]:
    """Distinct people of a lead-shaped SQL object, optionally only complete leads."""
    where = f"WHERE {COMPLETE_SQL}" if complete else ""
    return {r["person_id"] for r in await sql_rows(engine, f"SELECT person_id FROM ({sql}) o {where}", **params)}


async def signal_ids(
    gql: GraphQLClient, field: str, args: dict[str, Any], types: dict[str, str], complete: bool
) -> list[int]:
    got = ids(await walk(gql, field, {**args, "filter": {"complete": complete}}, {**types, **LIST_TYPES}, page_size=40))
    assert unique(got), "a person appears twice"
    return got


@pytest.mark.parametrize("complete", [False, True])
async def test_leads_is_core_leads(gql: GraphQLClient, engine: AsyncEngine, ds: Dataset, complete: bool) -> None:
    expected = await people_of(engine, "SELECT * FROM core.leads", complete)
    assert len(expected) >= 20
    assert set(await signal_ids(gql, "leads", {}, {}, complete)) == expected


@pytest.mark.parametrize("complete", [False, True])
@pytest.mark.parametrize("days", [None, 30, 0])
async def test_new_in_role_is_core_leads_with_a_recent_start(
    gql: GraphQLClient, engine: AsyncEngine, ds: Dataset, complete: bool, days: int | None
) -> None:
    since = today() - timedelta(days=90 if days is None else days)
    expected = await people_of(engine, "SELECT * FROM core.leads WHERE job_start_date >= :d", complete, d=since)
    got = await windowed_ids(gql, "newInRole", "startedWithinDays", days, complete)
    assert set(got) == expected
    assert days == 0 or expected


async def windowed_ids(gql: GraphQLClient, field: str, days_arg: str, days: int | None, complete: bool) -> list[int]:
    """Every person of a field with a day window (None: the field's default window)."""
    if days is None:
        return await signal_ids(gql, field, {}, {}, complete)
    query = f"""query($days: Int, $filter: LeadFilter, $first: Int, $after: String) {{
        {field}({days_arg}: $days, filter: $filter, first: $first, after: $after) {{
            edges {{ node {{ personId }} }} pageInfo {{ hasNextPage endCursor }} }} }}"""
    nodes: list[int] = []
    after = None
    while True:
        variables = {"days": days, "filter": {"complete": complete}, "first": 40, "after": after}
        page = ok(await gql(query, variables))[field]
        nodes += [e["node"]["personId"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            assert unique(nodes)
            return nodes
        after = page["pageInfo"]["endCursor"]


async def test_new_in_role_is_newest_start_first(gql: GraphQLClient, ds: Dataset) -> None:
    query = '{ newInRole(first: 100, filter: {personState: "%s", complete: false}) { nodes { jobStartDate } } }'
    dates = [n["jobStartDate"] for n in ok(await gql(query % ds.state))["newInRole"]["nodes"]]
    assert dates
    assert dates == sorted(dates, reverse=True)
    assert error_code(await gql("{ newInRole(startedWithinDays: -1) { totalCount } }")) == "BAD_USER_INPUT"


@pytest.mark.parametrize("complete", [False, True])
@pytest.mark.parametrize("days", [None, 60])
async def test_recently_promoted_is_the_view_once_per_person(
    gql: GraphQLClient, engine: AsyncEngine, ds: Dataset, complete: bool, days: int | None
) -> None:
    since = today() - timedelta(days=180 if days is None else days)
    expected = await people_of(
        engine, "SELECT * FROM core.leads_recently_promoted WHERE promotion_date >= :d", complete, d=since
    )
    got = await windowed_ids(gql, "recentlyPromoted", "promotedWithinDays", days, complete)
    assert set(got) == expected
    assert expected or days is not None


async def test_recently_promoted_shows_the_latest_promotion_in_the_window(
    gql: GraphQLClient, engine: AsyncEngine, ds: Dataset
) -> None:
    query = """{ recentlyPromoted(first: 100, filter: {personState: "%s", complete: false}) {
        totalCount nodes { personId previousTitle newTitle promotionDate } } }"""
    got = ok(await gql(query % ds.state))["recentlyPromoted"]
    latest = await sql_rows(
        engine,
        """SELECT DISTINCT ON (pp.person_id) pp.person_id, pp.previous_title, pp.new_title, pp.promotion_date
           FROM core.person_promotions pp JOIN core.people p ON p.id = pp.person_id
           WHERE p.state = :s AND pp.promotion_date >= :d
           ORDER BY pp.person_id, pp.promotion_date DESC, pp.id DESC""",
        s=ds.state,
        d=today() - timedelta(days=180),
    )
    expected = {r["person_id"]: (r["previous_title"], r["new_title"], r["promotion_date"].isoformat()) for r in latest}
    assert {n["personId"]: (n["previousTitle"], n["newTitle"], n["promotionDate"]) for n in got["nodes"]} == expected
    assert got["totalCount"] == len(expected)
    person_with_a_tie = ds.people[7]["id"]
    assert expected[person_with_a_tie][1] == "Lead B"
    keys = [(n["promotionDate"], n["personId"]) for n in got["nodes"]]
    assert keys == sorted(keys, reverse=True)  # newest promotion first, person id breaks ties


async def test_promotion_date_orders_only_promotion_lists(gql: GraphQLClient, ds: Dataset) -> None:
    query = """query($o: [LeadOrder!]) { %s(orderBy: $o, first: 100, filter: {personState: "%s", complete: false}) {
        nodes { personId } } }"""
    ascending = {"o": [{"field": "PROMOTION_DATE", "direction": "ASC"}]}
    nodes = ok(await gql(query % ("recentlyPromoted", ds.state), ascending))["recentlyPromoted"]["nodes"]
    newest_first = ok(await gql(query % ("recentlyPromoted", ds.state), {"o": None}))["recentlyPromoted"]["nodes"]
    assert ids(nodes) != ids(newest_first)
    assert sorted(ids(nodes)) == sorted(ids(newest_first))
    assert error_code(await gql(query % ("leads", ds.state), ascending)) == "BAD_USER_INPUT"


@pytest.mark.parametrize("complete", [False, True])
@pytest.mark.parametrize("vc", [None, ["Alpha Ventures"], ["Beta Fund", "Alpha Ventures"]])
async def test_leads_at_vc_portfolio_is_the_view_once_per_person(
    gql: GraphQLClient, engine: AsyncEngine, ds: Dataset, complete: bool, vc: list[str] | None
) -> None:
    names = None if vc is None else [ds.vc_name(v) for v in vc]
    where = "" if names is None else "WHERE vc_name = ANY(:names)"
    expected = await people_of(engine, f"SELECT * FROM core.leads_at_vc_portfolio {where}", complete, names=names)
    got = await signal_ids(gql, "leadsAtVcPortfolio", {"vcNames": names}, {"vcNames": "[String!]"}, complete)
    assert set(got) == expected
    assert expected


async def test_vc_name_is_the_first_matching_firm_and_vc_names_all_of_them(
    gql: GraphQLClient, engine: AsyncEngine, ds: Dataset
) -> None:
    query = """query($v: [String!]) { leadsAtVcPortfolio(vcNames: $v, first: 100,
        filter: {personState: "%s", complete: false}) { nodes { personId companyDomain vcName vcNames
        vcCompanyDescription } } }"""
    for names in (None, [ds.vc_name("Beta Fund")]):
        nodes = ok(await gql(query % ds.state, {"v": names}))["leadsAtVcPortfolio"]["nodes"]
        assert nodes
        for node in nodes:
            firms = sorted(
                v for k, v in ds.vc if ds.domain(k) == node["companyDomain"] and (names is None or v in names)
            )
            assert node["vcNames"] == firms
            assert node["vcName"] == firms[0]
            company_key = next(k for k in ds.companies if ds.domain(k) == node["companyDomain"])
            assert node["vcCompanyDescription"] == f"{company_key} by {firms[0]}"
    both = [
        n for n in ok(await gql(query % ds.state, {"v": None}))["leadsAtVcPortfolio"]["nodes"] if len(n["vcNames"]) > 1
    ]
    assert both  # full_a has two firms: the person is listed once with both


@pytest.mark.parametrize("complete", [False, True])
async def test_leads_by_past_employer_is_the_function(
    gql: GraphQLClient, engine: AsyncEngine, ds: Dataset, complete: bool
) -> None:
    domains = [ds.domain("cust_1"), ds.domain("full_b")]
    expected = await people_of(
        engine, "SELECT * FROM core.get_leads_by_past_employer(:d, 1000000, 0)", complete, d=domains
    )
    spelled = [f"https://WWW.{domains[0]}/team", domains[1].upper()]
    got = await signal_ids(gql, "leadsByPastEmployer", {"domains": spelled}, {"domains": "[String!]!"}, complete)
    assert set(got) == expected
    assert expected
    assert (
        error_code(await gql('{ leadsByPastEmployer(domains: ["not a domain"]) { totalCount } }')) == "BAD_USER_INPUT"
    )
    assert (
        ok(await gql("{ leadsByPastEmployer(domains: []) { totalCount } }"))["leadsByPastEmployer"]["totalCount"] == 0
    )


@pytest.mark.parametrize("complete", [False, True])
@pytest.mark.parametrize("origin", ["full_a", "full_b", "cust_1"])
async def test_leads_by_company_customers_is_the_function(
    gql: GraphQLClient, engine: AsyncEngine, ds: Dataset, complete: bool, origin: str
) -> None:
    domain = ds.domain(origin)
    expected = await people_of(
        engine, "SELECT * FROM core.get_leads_by_company_customers(:d, 1000000, 0)", complete, d=domain
    )
    got = await signal_ids(
        gql, "leadsByCompanyCustomers", {"companyDomain": f"www.{domain}"}, {"companyDomain": "String!"}, complete
    )
    assert set(got) == expected
    assert origin == "cust_1" or expected


async def test_signals_combine_with_the_full_lead_filter(gql: GraphQLClient, engine: AsyncEngine, ds: Dataset) -> None:
    """'Recently promoted engineers in Germany who worked at a customer of full_a' is one query per signal."""
    alumni = await people_of(
        engine, "SELECT * FROM core.get_leads_by_company_customers(:d, 1000000, 0)", False, d=ds.domain("full_a")
    )
    promoted = await people_of(
        engine,
        "SELECT * FROM core.leads_recently_promoted WHERE promotion_date >= :d AND person_state = :s"
        " AND matched_job_function = 'Engineering'",
        False,
        d=today() - timedelta(days=180),
        s=ds.state,
    )
    query = """{ leadsByCompanyCustomers(companyDomain: "%s", first: 100,
        filter: {personState: "%s", jobFunctions: ["Engineering"], complete: false}) { nodes { personId } } }"""
    got = ok(await gql(query % (ds.domain("full_a"), ds.state)))["leadsByCompanyCustomers"]["nodes"]
    engineers = await people_of(
        engine,
        "SELECT * FROM core.leads WHERE person_state = :s AND matched_job_function = 'Engineering'",
        False,
        s=ds.state,
    )
    assert set(ids(got)) == alumni & engineers
    assert alumni & engineers
    assert promoted


async def test_signal_lists_have_counts_and_facets(gql: GraphQLClient, engine: AsyncEngine, ds: Dataset) -> None:
    query = """{ recentlyPromoted(filter: {personState: "%s", complete: false}) { totalCount
        facets(by: [JOB_FUNCTION]) { values { value count } } }
      leadsAtVcPortfolio(filter: {personState: "%s", complete: false}) { totalCount(mode: CAPPED, cap: 2) } }"""
    data = ok(await gql(query % (ds.state, ds.state)))
    facet_total = sum(v["count"] for v in data["recentlyPromoted"]["facets"][0]["values"])
    assert facet_total == data["recentlyPromoted"]["totalCount"]  # facets count people, not promotions
    assert data["leadsAtVcPortfolio"]["totalCount"] == 3
