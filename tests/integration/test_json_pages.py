"""Pages whose JSON PostgreSQL writes (gateway/json_pages.py) answer exactly what field-by-field execution does.

The same selection written inside a fragment keeps graphql-core's regular path (fragments are never
planned), so each list is asked both ways and the answers compared as parsed JSON; the statement
count shows which path ran.
"""

import asyncio
import gc
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette

from gateway.app import create_app
from gateway.auth import Role, create_key
from gateway.companies.fields import COMPANY as COMPANY_MODEL
from gateway.leads import fields as lead_fields
from gateway.lists.model import ListModel
from gateway.settings import Settings
from tests.conftest import GraphQLClient
from tests.integration.test_query_data import Dataset, ok
from tests.integration.test_query_leads import statements

# every declared field of the list models: a field added to a model is compared both ways at once
LEAD = " ".join(f.graphql_name for f in lead_fields.LEAD.node_fields)
COMPANY = " ".join(f.graphql_name for f in COMPANY_MODEL.node_fields)


@pytest.fixture(scope="module")
async def app(database_url: str) -> AsyncIterator[Starlette]:
    """This module is about the regular path's JSON pages: the gateway with compiled operations off
    (gateway/compiled.py answers such queries before graphql-core runs; test_compiled_operations.py)."""
    settings = Settings(
        database_url=database_url,
        run_workers=False,
        compiled_operations=False,
        companyenrich_base_url="http://127.0.0.1:9",
    )
    application = create_app(settings)
    async with application.router.lifespan_context(application):
        yield application


@pytest.fixture(scope="module")
async def gql(app: Starlette, api_keys: dict[str, str]) -> AsyncIterator[GraphQLClient]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://gateway.test") as client:
        yield GraphQLClient(client, api_keys)


def own(model: ListModel) -> str:
    return " ".join(f.graphql_name for f in model.own(lead_fields.LEAD))


def lists(ds: Dataset) -> list[tuple[str, str, str]]:
    """(field with arguments, node type, extra node fields) of every list the JSON path serves."""
    where = f'filter: {{personState: "{ds.state}", complete: false}}, first: 100'
    return [
        (f"leads({where})", "Lead", ""),
        (f"leads({where}, orderBy: [{{field: COMPANY_NAME, direction: DESC}}])", "Lead", ""),
        (
            f'leads(filter: {{personState: "{ds.state}", jobFunctions: ["Engineering", "Sales"], '
            'seniorities: ["Director", "VP"], complete: false})',
            "Lead",
            "",
        ),
        (f"newInRole({where})", "Lead", ""),
        (f"recentlyPromoted({where})", "PromotedLead", own(lead_fields.PROMOTED_LEAD)),
        (f"leadsAtVcPortfolio({where})", "VcPortfolioLead", own(lead_fields.VC_PORTFOLIO_LEAD)),
        (f'leadsByPastEmployer(domains: ["{ds.domain("cust_1")}", "{ds.domain("full_b")}"], {where})', "Lead", ""),
        (
            f'leadsByCompanyCustomers(companyDomain: "{ds.domain("full_a")}", {where})',
            "CustomerAlumniLead",
            own(lead_fields.CUSTOMER_ALUMNI_LEAD),
        ),
    ]


async def both_ways(gql: GraphQLClient, app: Starlette, field: str, node_type: str, fields: str) -> tuple[Any, Any]:
    plain = f"{{ list: {field} {{ nodes {{ {fields} }} }} }}"
    regular = f"{{ list: {field} {{ nodes {{ ...N }} }} }} fragment N on {node_type} {{ {fields} }}"
    with statements(app.state.reader_engine) as seen:
        planned = ok(await gql(plain))["list"]["nodes"]
    assert len(seen) == 1, seen  # one statement wrote the page, companies included
    assert "json_build_object" in seen[0]
    with statements(app.state.reader_engine) as seen:
        resolved = ok(await gql(regular))["list"]["nodes"]
    assert "json_build_object" not in " ".join(seen)
    return planned, resolved


@pytest.mark.parametrize("i", range(8))
async def test_every_lead_list_answers_the_same_both_ways(
    gql: GraphQLClient, app: Starlette, ds: Dataset, i: int
) -> None:
    field, node_type, extra = lists(ds)[i]
    fields = f"__typename {LEAD} {extra} company {{ __typename {COMPANY} }}"
    planned, resolved = await both_ways(gql, app, field, node_type, fields)
    assert planned == resolved
    assert planned, field  # the dataset has rows for every list
    if i == 0:
        assert any(n["company"] is None for n in planned)  # people whose company row is missing
        assert any(n["company"] is not None for n in planned)


async def test_aliases_and_field_order_follow_the_query(gql: GraphQLClient, app: Starlette, ds: Dataset) -> None:
    field = f'leads(filter: {{personState: "{ds.state}"}}, first: 5)'
    fields = "id: personId who: fullName employer: company { site: domain kind: __typename } personId"
    planned, resolved = await both_ways(gql, app, field, "Lead", fields)
    assert planned == resolved
    assert [list(n) for n in planned] == [["id", "who", "employer", "personId"]] * len(planned)


async def test_companies_answer_the_same_both_ways(gql: GraphQLClient, app: Starlette, ds: Dataset) -> None:
    field = f'companies(filter: {{name: "{ds.tag}"}}, orderBy: [{{field: NAME}}])'
    planned, resolved = await both_ways(gql, app, field, "Company", COMPANY)
    assert planned == resolved
    assert len(planned) == len([c for c in ds.companies.values() if c["name"]])


async def test_a_repeated_field_is_merged_as_graphql_merges_it(gql: GraphQLClient, ds: Dataset) -> None:
    query = f"""{{ leads(filter: {{personState: "{ds.state}"}}, first: 5) {{
        nodes {{ personId company {{ domain }} personId company {{ name }} }} }} }}"""
    nodes = ok(await gql(query))["leads"]["nodes"]
    assert [n for n in nodes if n["company"]]
    assert all(set(n["company"]) == {"domain", "name"} for n in nodes if n["company"])


@pytest.mark.parametrize(
    "nodes",
    [
        "personId workHistory { title }",  # a list of objects: loaded by its dataloader
        "personId company { domain leadCount }",  # a resolver inside the relation
        "personId @include(if: true)",  # directives
        "...on Lead { personId }",  # fragments
    ],
)
async def test_selections_it_cannot_write_take_the_regular_path(
    gql: GraphQLClient, app: Starlette, ds: Dataset, nodes: str
) -> None:
    query = f'{{ leads(filter: {{personState: "{ds.state}"}}, first: 3) {{ nodes {{ {nodes} }} }} }}'
    with statements(app.state.reader_engine) as seen:
        got = ok(await gql(query))["leads"]["nodes"]
    assert len(got) == 3
    assert "json_build_object" not in " ".join(seen)


async def test_page_info_and_counts_beside_planned_nodes(gql: GraphQLClient, ds: Dataset) -> None:
    query = """query($s: String, $after: String) { leads(filter: {personState: $s, complete: false}, first: 7,
        after: $after) { totalCount nodes { personId } pageInfo { hasNextPage endCursor } } }"""
    seen: list[int] = []
    after = None
    while True:
        page = ok(await gql(query, {"s": ds.state, "after": after}))["leads"]
        seen += [n["personId"] for n in page["nodes"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == sorted(seen)
    assert len(seen) == len(set(seen)) == page["totalCount"] == len(ds.people)


@pytest.mark.parametrize("info_first", [False, True])
async def test_page_info_comes_from_the_same_statement_with_the_same_cursors(
    gql: GraphQLClient, app: Starlette, ds: Dataset, info_first: bool
) -> None:
    info = "pageInfo { hasNextPage hasPreviousPage startCursor endCursor }"
    where = f'filter: {{personState: "{ds.state}", complete: false}}, first: 9'
    order = "orderBy: [{field: COMPANY_NAME, direction: DESC}, {field: JOB_START_DATE}]"
    for args in (where, f"{where}, {order}", f"{where}, offset: 3"):
        nodes = "nodes { personId fullName }"
        selection = f"{info} {nodes}" if info_first else f"{nodes} {info}"
        with statements(app.state.reader_engine) as seen:
            planned = ok(await gql(f"{{ leads({args}) {{ {selection} }} }}"))["leads"]
        assert len(seen) == 1, seen
        regular = ok(
            await gql(f"{{ leads({args}) {{ nodes {{ ...N }} {info} }} }} fragment N on Lead {{ personId fullName }}")
        )
        assert planned == regular["leads"]
        assert planned["pageInfo"]["hasNextPage"] is True
        assert planned["pageInfo"]["hasPreviousPage"] is ("offset" in args)
    # the end cursor leads on to the rows after the page
    page = ok(await gql(f"{{ leads({where}) {{ nodes {{ personId }} {info} }} }}"))["leads"]
    after = page["pageInfo"]["endCursor"]
    following = ok(await gql(f'{{ leads({where}, after: "{after}") {{ nodes {{ personId }} }} }}'))["leads"]["nodes"]
    assert following[0]["personId"] > page["nodes"][-1]["personId"]


async def test_an_empty_planned_page_has_no_cursors(gql: GraphQLClient) -> None:
    query = """{ leads(filter: {companyDomain: "nobody-here.example"}) {
        nodes { personId } pageInfo { hasNextPage startCursor endCursor } } }"""
    page = ok(await gql(query))["leads"]
    assert page == {"nodes": [], "pageInfo": {"hasNextPage": False, "startCursor": None, "endCursor": None}}


async def test_a_slow_planned_page_fails_with_timeout(database_url: str, engine: AsyncEngine) -> None:
    slow = create_app(Settings(database_url=database_url, run_workers=False, statement_timeout_ms=300))
    async with slow.router.lifespan_context(slow):
        _, token = await create_key(engine, Role.READER, "json-timeout-test")
        transport = httpx.ASGITransport(app=slow)
        async with (
            httpx.AsyncClient(transport=transport, base_url="http://gateway.test") as client,
            engine.connect() as locker,
        ):
            await locker.execute(text("LOCK TABLE core.people IN ACCESS EXCLUSIVE MODE"))
            response = await client.post(
                "/graphql",
                json={"query": "{ leads { nodes { personId } } }"},
                headers={"Authorization": f"Bearer {token}"},
            )
            await locker.rollback()
    body = response.json()
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "TIMEOUT", body
    assert body["errors"][0]["path"] == ["leads", "nodes"]


async def test_a_failing_sibling_field_leaves_no_stray_statement(gql: GraphQLClient, ds: Dataset) -> None:
    """totalCount fails (a bad cap) next to planned nodes and pageInfo: the error is reported, nothing runs on."""
    query = f"""{{ leads(filter: {{personState: "{ds.state}"}}) {{
        nodes {{ personId }} totalCount(mode: CAPPED, cap: -1) pageInfo {{ hasNextPage }} }} }}"""
    for _ in range(3):
        body = await gql(query)
        assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    gc.collect()  # an unawaited coroutine or unretrieved task exception would warn here (warnings are errors)
    await asyncio.sleep(0)
    assert not [t for t in asyncio.all_tasks() if "json" in repr(t.get_coro()) and not t.done()]
