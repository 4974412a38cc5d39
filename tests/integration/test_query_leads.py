"""`leads` and `person` against a real PostgreSQL: filters, orders, cursors, counts, facets, statements, timeouts.

Expected results come from the seed-named view core.leads, filtered by a Python oracle or ordered by
hand-written SQL, never from the code under test.
"""

from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette

from gateway.app import create_app
from gateway.auth import Role, create_key
from gateway.compiled import CompiledOperations
from gateway.settings import Settings
from tests.conftest import GraphQLClient
from tests.integration.test_query_data import (
    LEAD_FIELDS,
    TODAY,
    Dataset,
    dataset_leads,
    error_code,
    ids,
    is_complete,
    ok,
    sql_rows,
    walk,
)

FILTER_TYPES = {"filter": "LeadFilter", "orderBy": "[LeadOrder!]"}


@pytest.fixture(scope="module")
async def leads(engine: AsyncEngine, ds: Dataset) -> list[dict[str, Any]]:
    return await dataset_leads(engine, ds)


def has(value: Any, needle: str) -> bool:
    return value is not None and needle.lower() in value.lower()


def business_model(ds: Dataset, lead: dict[str, Any]) -> Any:
    return next((c["business_model"] for c in ds.companies.values() if c["domain"] == lead["company_domain"]), None)


D1, D2 = TODAY - timedelta(days=120), TODAY - timedelta(days=30)
CASES: list[tuple[dict[str, Any], Callable[[Dataset, dict[str, Any]], bool]]] = [
    ({}, lambda ds, r: True),
    ({"jobFunctions": []}, lambda ds, r: True),
    ({"jobFunctions": ["Engineering"]}, lambda ds, r: r["matched_job_function"] == "Engineering"),
    ({"seniorities": ["VP", "Director"]}, lambda ds, r: r["matched_seniority"] in ("VP", "Director")),
    ({"industries": ["Software"]}, lambda ds, r: r["matched_industry"] == "Software"),
    ({"employeeRanges": ["11-50", "1-10"]}, lambda ds, r: r["employee_range"] in ("11-50", "1-10")),
    ({"personCity": "ERL"}, lambda ds, r: has(r["person_city"], "erl")),
    ({"personCountry": "germ"}, lambda ds, r: has(r["person_country"], "germ")),
    ({"companyCity": "new y"}, lambda ds, r: has(r["company_city"], "new y")),
    ({"companyState": "x"}, lambda ds, r: has(r["company_state"], "x")),
    ({"companyCountry": "united"}, lambda ds, r: has(r["company_country"], "united")),
    ({"companyName": "profile name"}, lambda ds, r: has(r["company_name"], "profile name")),
    ({"companyName": "mid_co 100%"}, lambda ds, r: has(r["company_name"], "mid_co 100%")),
    ({"jobTitle": "title 3"}, lambda ds, r: has(r["matched_cleaned_job_title"], "title 3")),
    ({"fullName": "ann_lee"}, lambda ds, r: has(r["full_name"], "ann_lee")),
    ({"fullName": "100%"}, lambda ds, r: has(r["full_name"], "100%")),
    ({"fullName": "\\"}, lambda ds, r: has(r["full_name"], "\\")),
    (
        {"jobStartDate": {"gte": D1.isoformat(), "lte": D2.isoformat()}},
        lambda ds, r: r["job_start_date"] is not None and D1 <= r["job_start_date"] <= D2,
    ),
    (
        {"jobStartDate": {"gte": D2.isoformat()}},
        lambda ds, r: r["job_start_date"] is not None and r["job_start_date"] >= D2,
    ),
    ({"businessModel": "B2C"}, lambda ds, r: business_model(ds, r) == "B2C"),
    (
        {"jobFunctions": ["Engineering", "Sales"], "seniorities": ["Director", "VP"], "personCountry": "GERMANY"},
        lambda ds, r: (
            r["matched_job_function"] in ("Engineering", "Sales")
            and r["matched_seniority"] in ("Director", "VP")
            and has(r["person_country"], "germany")
        ),
    ),
]


@pytest.mark.parametrize(("lead_filter", "predicate"), CASES, ids=[str(f) for f, _ in CASES])
@pytest.mark.parametrize("complete", [True, False])
async def test_every_filter_field_returns_exactly_the_matching_leads(
    gql: GraphQLClient,
    ds: Dataset,
    leads: list[dict[str, Any]],
    lead_filter: dict[str, Any],
    predicate: Callable[[Dataset, dict[str, Any]], bool],
    complete: bool,
) -> None:
    expected = [r["person_id"] for r in leads if predicate(ds, r) and (is_complete(r) or not complete)]
    got = await walk(
        gql, "leads", {"filter": {**lead_filter, "personState": ds.state, "complete": complete}}, FILTER_TYPES
    )
    assert ids(got) == expected


async def test_company_domain_is_exact_after_normalisation(
    gql: GraphQLClient, ds: Dataset, leads: list[dict[str, Any]]
) -> None:
    domain = ds.domain("full_a")
    spelled = f"HTTPS://WWW.{domain.upper()}/about?x=1"
    got = await walk(gql, "leads", {"filter": {"companyDomain": spelled, "complete": False}}, FILTER_TYPES)
    assert ids(got) == [r["person_id"] for r in leads if r["company_domain"] == domain]
    body = await gql('{ leads(filter: {companyDomain: "not a domain"}) { totalCount } }')
    assert error_code(body) == "BAD_USER_INPUT"


async def test_default_filter_is_complete_leads_and_default_order_is_person_id(
    gql: GraphQLClient, ds: Dataset, leads: list[dict[str, Any]]
) -> None:
    complete = [r["person_id"] for r in leads if is_complete(r)]
    assert 0 < len(complete) < len(leads)
    got = await walk(gql, "leads", {"filter": {"personState": ds.state}}, FILTER_TYPES)
    assert ids(got) == complete


ROLE_FILTERS: list[dict[str, Any]] = [
    {"jobFunctions": ["Engineering", "Sales", "Engineering"], "seniorities": ["Director", "VP"]},
    {"jobFunctions": ["Sales"], "seniorities": ["VP", "Manager", "Director"], "employeeRanges": ["51-200", "11-50"]},
    {"jobFunctions": ["Engineering", "Marketing"], "seniorities": ["VP", "Director", "Manager", "Senior", "x"]},
    # person-side text and dates stay inside each pair's range
    {"jobFunctions": ["Engineering", "Sales"], "seniorities": ["Director", "VP"], "fullName": "person"},
    {
        "jobFunctions": ["Engineering", "Sales"],
        "seniorities": ["Director", "VP"],
        "jobStartDate": {"gte": "2000-01-01"},
    },
]


@pytest.mark.parametrize("role_filter", ROLE_FILTERS, ids=[str(f) for f in ROLE_FILTERS])
@pytest.mark.parametrize("complete", [True, False])
@pytest.mark.parametrize("by", ["cursor", "offset"])
async def test_functions_and_seniorities_page_in_person_id_order(
    gql: GraphQLClient,
    ds: Dataset,
    leads: list[dict[str, Any]],
    role_filter: dict[str, Any],
    complete: bool,
    by: str,
) -> None:
    """Pages split per (function, seniority) pair when both lists are short."""

    since = date.fromisoformat(role_filter.get("jobStartDate", {}).get("gte", "0001-01-01"))

    def matches(r: dict[str, Any]) -> bool:
        return (
            r["matched_job_function"] in role_filter["jobFunctions"]
            and r["matched_seniority"] in role_filter["seniorities"]
            and r["employee_range"] in role_filter.get("employeeRanges", [r["employee_range"]])
            and ("fullName" not in role_filter or has(r["full_name"], role_filter["fullName"]))
            and (
                "jobStartDate" not in role_filter or (r["job_start_date"] is not None and r["job_start_date"] >= since)
            )
            and has(r["company_name"], ds.tag)
            and (is_complete(r) or not complete)
        )

    expected = [r["person_id"] for r in leads if matches(r)]
    assert len(expected) > 2
    lead_filter = {**role_filter, "companyName": ds.tag, "complete": complete}
    got = await walk(gql, "leads", {"filter": lead_filter}, FILTER_TYPES, page_size=2, by=by)
    assert ids(got) == expected


ORDERS = [
    [("FULL_NAME", "ASC")],
    [("FULL_NAME", "DESC")],
    [("JOB_START_DATE", "ASC")],
    [("JOB_START_DATE", "DESC")],
    [("COMPANY_NAME", "ASC")],
    [("COMPANY_NAME", "DESC")],
    [("COMPANY_NAME", "ASC"), ("JOB_START_DATE", "DESC")],
    [("JOB_START_DATE", "DESC"), ("FULL_NAME", "ASC")],
]
COLUMNS = {"FULL_NAME": "full_name", "JOB_START_DATE": "job_start_date", "COMPANY_NAME": "company_name"}


@pytest.mark.parametrize("order", ORDERS, ids=[str(o) for o in ORDERS])
@pytest.mark.parametrize("extra", [{"complete": False}, {"complete": True}, {"complete": False, "fullName": "person"}])
@pytest.mark.parametrize("by", ["cursor", "offset"])
async def test_walking_every_order_meets_each_row_once_in_sql_order(
    gql: GraphQLClient,
    engine: AsyncEngine,
    ds: Dataset,
    order: list[tuple[str, str]],
    extra: dict[str, Any],
    by: str,
) -> None:
    terms = [f"{COLUMNS[f]} {d} NULLS LAST" for f, d in order] + [f"person_id {order[-1][1]}"]
    where = (
        "person_state = :s"
        + ("" if not extra["complete"] else f" AND {COMPLETE}")
        + (" AND full_name ILIKE '%person%'" if "fullName" in extra else "")
    )
    expected = await sql_rows(
        engine, f"SELECT person_id FROM core.leads WHERE {where} ORDER BY {', '.join(terms)}", s=ds.state
    )
    args = {"filter": {"personState": ds.state, **extra}, "orderBy": [{"field": f, "direction": d} for f, d in order]}
    got = await walk(gql, "leads", args, FILTER_TYPES, page_size=6, by=by)
    assert ids(got) == [r["person_id"] for r in expected]
    assert len(expected) > 12


COMPLETE = """company_name <> '' AND person_country <> '' AND company_country <> '' AND matched_job_function <> ''
    AND matched_job_function <> 'Miscellaneous' AND matched_seniority <> '' AND matched_cleaned_job_title <> ''
    AND matched_industry <> ''"""


async def test_cursors_are_tied_to_their_order_and_reject_garbage(gql: GraphQLClient, ds: Dataset) -> None:
    query = """query($after: String, $orderBy: [LeadOrder!]) {
        leads(first: 2, after: $after, orderBy: $orderBy, filter: {personState: "%s"}) { pageInfo { endCursor } } }"""
    first = ok(await gql(query % ds.state, {"orderBy": [{"field": "FULL_NAME"}]}))
    cursor = first["leads"]["pageInfo"]["endCursor"]
    other_order = await gql(query % ds.state, {"after": cursor, "orderBy": [{"field": "COMPANY_NAME"}]})
    assert error_code(other_order) == "BAD_USER_INPUT"
    for garbage in ("nope", "W10", "WyJwZXJzb25faWQrIiwiYSJd", ""):
        body = await gql(query % ds.state, {"after": garbage})
        assert garbage == "" or error_code(body) == "BAD_USER_INPUT", garbage


async def test_page_size_limits_are_errors_never_silent_caps(gql: GraphQLClient, ds: Dataset) -> None:
    assert error_code(await gql("{ leads(first: 101) { nodes { personId } } }")) == "LIMIT_EXCEEDED"
    assert "at most 100" in (await gql("{ leads(first: 500) { nodes { personId } } }"))["errors"][0]["message"]
    assert error_code(await gql("{ leads(first: -1) { nodes { personId } } }")) == "BAD_USER_INPUT"
    assert error_code(await gql("{ leads(offset: -5) { nodes { personId } } }")) == "BAD_USER_INPUT"
    assert error_code(await gql("{ newInRole(first: 1000) { nodes { personId } } }")) == "LIMIT_EXCEEDED"
    query = '{ leads(filter: {personState: "%s", complete: false}) { nodes { personId } pageInfo { hasNextPage } } }'
    page = ok(await gql(query % ds.state))["leads"]
    assert len(page["nodes"]) == 50
    assert page["pageInfo"]["hasNextPage"]
    full = ok(await gql(query.replace("complete: false}", "complete: false}, first: 100") % ds.state))["leads"]
    assert len(full["nodes"]) == 100
    empty = ok(await gql(query.replace("complete: false}", "complete: false}, first: 0") % ds.state))["leads"]
    assert empty == {"nodes": [], "pageInfo": {"hasNextPage": True}}


async def test_total_count_modes(gql: GraphQLClient, ds: Dataset, leads: list[dict[str, Any]]) -> None:
    n = sum(1 for r in leads if is_complete(r))
    query = """{ leads(filter: {personState: "%s"}) { exact: totalCount default: totalCount(mode: EXACT)
        capped: totalCount(mode: CAPPED, cap: 3) roomy: totalCount(mode: CAPPED, cap: 100000)
        estimate: totalCount(mode: ESTIMATE) } }"""
    counts = ok(await gql(query % ds.state))["leads"]
    assert counts["exact"] == counts["default"] == counts["roomy"] == n
    assert counts["capped"] == 4  # cap + 1: "more than 3"
    assert isinstance(counts["estimate"], int)
    assert counts["estimate"] >= 0
    nothing = ok(await gql('{ leads(filter: {companyDomain: "nobody-here.example"}) { totalCount(mode: ESTIMATE) } }'))
    assert nothing["leads"]["totalCount"] <= 5  # the planner's estimate for an empty match is tiny
    bad = await gql("{ leads { totalCount(mode: CAPPED, cap: -1) } }")
    assert error_code(bad) == "BAD_USER_INPUT"


@contextmanager
def statements(engine: AsyncEngine, compiled: CompiledOperations | None = None) -> Iterator[list[str]]:
    """The statements run on `engine` meanwhile, and those compiled operations run on asyncpg directly."""
    seen: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        seen.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    if compiled is not None:
        compiled.listeners.append(seen.append)
    try:
        yield seen
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", record)
        if compiled is not None:
            compiled.listeners.remove(seen.append)


async def test_facets_count_values_under_the_same_filter_in_one_statement(
    gql: GraphQLClient, app: Starlette, ds: Dataset, leads: list[dict[str, Any]]
) -> None:
    query = """{ leads(filter: {personState: "%s", jobFunctions: ["Engineering", "Sales", "Miscellaneous"],
        complete: false}) {
        facets(by: [JOB_FUNCTION, SENIORITY, INDUSTRY, EMPLOYEE_RANGE, PERSON_COUNTRY, COMPANY_COUNTRY]) {
            dimension values { value count } } } }"""
    with statements(app.state.reader_engine, app.state.compiled) as seen:
        facets = ok(await gql(query % ds.state))["leads"]["facets"]
    assert len(seen) == 1
    rows = [r for r in leads if r["matched_job_function"] in ("Engineering", "Sales", "Miscellaneous")]
    columns = {
        "JOB_FUNCTION": "matched_job_function",
        "SENIORITY": "matched_seniority",
        "INDUSTRY": "matched_industry",
        "EMPLOYEE_RANGE": "employee_range",
        "PERSON_COUNTRY": "person_country",
        "COMPANY_COUNTRY": "company_country",
    }
    assert [f["dimension"] for f in facets] == list(columns)
    for facet in facets:
        expected = Counter(r[columns[facet["dimension"]]] for r in rows)
        assert {v["value"]: v["count"] for v in facet["values"]} == dict(expected), facet["dimension"]
        counts = [v["count"] for v in facet["values"]]
        assert counts == sorted(counts, reverse=True)


async def test_fifty_leads_with_company_and_work_history_take_three_statements(
    gql: GraphQLClient, app: Starlette, engine: AsyncEngine, ds: Dataset
) -> None:
    query = """{ leads(first: 50, filter: {personState: "%s", complete: false}) {
        nodes { personId company { domain name industry }
            workHistory { title companyDomain isCurrent startDate } } } }"""
    with statements(app.state.reader_engine, app.state.compiled) as seen:
        nodes = ok(await gql(query % ds.state))["leads"]["nodes"]
    assert len(nodes) == 50
    assert len(seen) == 3, seen
    history = await sql_rows(
        engine,
        "SELECT person_id, title FROM core.person_work_history WHERE person_id = ANY(:ids)"
        " ORDER BY person_id, is_current DESC, start_date DESC NULLS LAST, id",
        ids=ids(nodes),
    )
    for node in nodes:
        assert [h["title"] for h in node["workHistory"]] == [
            h["title"] for h in history if h["person_id"] == node["personId"]
        ]
        assert node["workHistory"][0]["isCurrent"]
    with_company = [n for n in nodes if n["company"]]
    assert with_company
    assert all(n["company"]["domain"] for n in with_company)
    ghost = [
        n for n in nodes if n["personId"] in {p["id"] for p in ds.people if p["company_domain"] == ds.domain("ghost")}
    ]
    assert ghost
    assert all(n["company"] is None for n in ghost)


async def test_lead_fields_are_the_seed_columns(gql: GraphQLClient, ds: Dataset, leads: list[dict[str, Any]]) -> None:
    query = '{ leads(first: 100, filter: {personState: "%s", complete: false}) { nodes { %s } } }'
    nodes = ok(await gql(query % (ds.state, LEAD_FIELDS)))["leads"]["nodes"]
    by_id = {r["person_id"]: r for r in leads}
    renamed = {
        "jobTitle": "matched_cleaned_job_title",
        "jobFunction": "matched_job_function",
        "seniority": "matched_seniority",
        "industry": "matched_industry",
    }
    for node in nodes:
        row = by_id[node["personId"]]
        for name, value in node.items():
            column = renamed.get(name) or "".join("_" + c.lower() if c.isupper() else c for c in name)
            expected = row[column]
            assert value == (expected.isoformat() if hasattr(expected, "isoformat") else expected), (name, node)


async def test_text_that_postgres_cannot_hold_is_bad_user_input(gql: GraphQLClient) -> None:
    nul = "a\u0000b"
    for query, variables in (
        ("query($v: String) { leads(filter: {fullName: $v}) { totalCount } }", {"v": nul}),
        ("query($v: [String!]) { leadsAtVcPortfolio(vcNames: $v) { totalCount } }", {"v": [nul]}),
        ("query($v: String!) { searchCompanies(query: $v) { name } }", {"v": nul}),
        ("query($v: String!) { person(linkedinUrl: $v) { fullName } }", {"v": "linkedin.com/in/" + nul}),
        (
            "query($v: String) { leads(orderBy: [{field: FULL_NAME}], after: $v) { totalCount } }",
            {"v": "WyJmdWxsX25hbWUrLHBlcnNvbl9pZCsiLCJhXHUwMDAwIiwxXQ"},
        ),
    ):
        assert error_code(await gql(query, variables)) == "BAD_USER_INPUT", query


async def test_roles_and_keys(gql: GraphQLClient) -> None:
    assert error_code(await gql("{ leads { totalCount } }", role="ingest")) == "FORBIDDEN"
    assert error_code(await gql("{ leads { totalCount } }", role=None)) == "UNAUTHENTICATED"
    assert "errors" not in await gql("{ leads(first: 1) { totalCount } }", role="operator")


async def test_person_with_work_history_and_signals(gql: GraphQLClient, ds: Dataset, engine: AsyncEngine) -> None:
    person = ds.people[0]
    spelled = person["linkedin_url"].replace("https://www.", "http://de.").upper().replace("/IN/", "/in/") + "/?trk=x"
    query = """query($u: String!) { person(linkedinUrl: $u) { personId fullName firstName headline companyName
        workHistory { title isCurrent company { domain } }
        signals { signalType companyDomain title occurredOn details } } }"""
    got = ok(await gql(query, {"u": spelled}))["person"]
    assert (got["personId"], got["firstName"], got["headline"]) == (person["id"], "First0", "Headline 0")
    assert got["workHistory"][0] == {"title": "Current", "isCurrent": True, "company": {"domain": ds.domain("full_a")}}
    assert len(got["workHistory"]) == len(
        await sql_rows(engine, "SELECT 1 FROM core.person_work_history WHERE person_id = :p", p=person["id"])
    )
    assert got["signals"] == [
        {
            "signalType": "job_change",
            "companyDomain": ds.domain("full_a"),
            "title": "CTO",
            "occurredOn": TODAY.isoformat(),
            "details": {"k": 1},
        },
        {
            "signalType": "new_hire",
            "companyDomain": None,
            "title": None,
            "occurredOn": (TODAY - timedelta(days=3)).isoformat(),
            "details": {},
        },
    ]
    assert ok(await gql(query, {"u": "https://www.linkedin.com/in/nobody-" + ds.tag}))["person"] is None
    assert error_code(await gql(query, {"u": "https://example.com/in/x"})) == "BAD_USER_INPUT"


async def test_a_slow_query_fails_with_timeout(database_url: str, engine: AsyncEngine) -> None:
    slow = create_app(Settings(database_url=database_url, run_workers=False, statement_timeout_ms=300))
    async with slow.router.lifespan_context(slow):
        _, token = await create_key(engine, Role.READER, "timeout-test")
        transport = httpx.ASGITransport(app=slow)
        async with (
            httpx.AsyncClient(transport=transport, base_url="http://gateway.test") as client,
            engine.connect() as locker,
        ):
            # a lock held elsewhere makes the query wait until the statement timeout cancels it (counts read the rollup)
            await locker.execute(text("LOCK TABLE core.people, core.lead_rollup IN ACCESS EXCLUSIVE MODE"))
            response = await client.post(
                "/graphql", json={"query": "{ leads { totalCount } }"}, headers={"Authorization": f"Bearer {token}"}
            )
            await locker.rollback()
    body = response.json()
    assert body["errors"][0]["extensions"]["code"] == "TIMEOUT", body
