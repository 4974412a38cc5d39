"""Saved lead views: saved with a lead list's arguments, opened by slug as that list, deleted by their key.

The oracle of a view is the list itself queried with the same arguments: every lead list of the
export tests' table, walked through the view and directly, must give the same nodes, counts and facets.
"""

from typing import Any

import pytest
from sqlalchemy import insert, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette

from gateway.auth import Role, create_key
from gateway.leads.fields import LEAD
from gateway.leads.views import LEAD_LISTS
from gateway.schema import LIST_SOURCES
from models.ops import LeadView
from tests.conftest import GraphQLClient, sql_rows
from tests.integration.test_list_exports import lists
from tests.integration.test_query_data import Dataset, error_code, ok, walk
from tests.integration.test_query_leads import statements

LEAD_COLUMNS = " ".join(f.graphql_name for f in LEAD.node_fields)
SAVE = """mutation($name: String!, $list: String!, $arguments: JSON) {
    saveLeadView(name: $name, list: $list, arguments: $arguments) { slug name list arguments createdBy createdAt } }"""
DELETE = "mutation($slug: String!) { deleteLeadView(slug: $slug) }"
FACETS = "facets(by: [JOB_FUNCTION, PERSON_COUNTRY, INDUSTRY]) { dimension values { value count } }"
VIEW_PAGE = f"""query($slug: String!, $first: Int, $after: String, $offset: Int) {{ leadView(slug: $slug) {{
    leads(first: $first, after: $after, offset: $offset) {{
        edges {{ cursor node {{ {LEAD_COLUMNS} }} }} pageInfo {{ hasNextPage endCursor }} }} }} }}"""


def lead_lists(ds: Dataset) -> list[tuple[str, dict[str, Any], dict[str, str]]]:
    return [(field, args, types) for field, args, types, _ in lists(ds) if field != "companies"]


async def save(gql: GraphQLClient, list_name: str, arguments: Any, role: str = "reader", name: str = "v") -> Any:
    return await gql(SAVE, {"name": name, "list": list_name, "arguments": arguments}, role=role)


async def saved(gql: GraphQLClient, list_name: str, arguments: Any, role: str = "reader") -> dict[str, Any]:
    view: dict[str, Any] = ok(await save(gql, list_name, arguments, role))["saveLeadView"]
    return view


async def walk_view(gql: GraphQLClient, slug: str, page_size: int = 7, by: str = "cursor") -> list[dict[str, Any]]:
    nodes: list[dict[str, Any]] = []
    after: str | None = None
    while True:
        variables: dict[str, Any] = {"slug": slug, "first": page_size}
        variables.update({"after": after} if by == "cursor" else {"offset": len(nodes)})
        page = ok(await gql(VIEW_PAGE, variables))["leadView"]["leads"]
        nodes += [e["node"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            return nodes
        assert len(page["edges"]) == page_size
        after = page["pageInfo"]["endCursor"]


def test_views_cover_every_lead_list_of_query() -> None:
    assert set(LEAD_LISTS) == set(LIST_SOURCES) - {"companies"}


@pytest.mark.parametrize("i", range(6))
async def test_a_view_pages_counts_and_facets_exactly_as_its_list(gql: GraphQLClient, ds: Dataset, i: int) -> None:
    field, args, types = lead_lists(ds)[i]
    view = await saved(gql, field, args)
    assert (view["list"], view["arguments"], view["createdBy"]) == (field, args, "test-reader")
    direct = await walk(gql, field, args, types, selection=LEAD_COLUMNS)
    assert len(direct) > 1, field  # the dataset has rows for every list
    assert await walk_view(gql, view["slug"]) == direct
    assert await walk_view(gql, view["slug"], page_size=3, by="offset") == direct

    declared = ", ".join(f"${k}: {v}" for k, v in types.items())
    passed = ", ".join(f"{k}: ${k}" for k in types)
    summary = f"totalCount capped: totalCount(mode: CAPPED, cap: 2) {FACETS} pageInfo {{ hasPreviousPage }}"
    listed = ok(await gql(f"query({declared}) {{ {field}({passed}, offset: 1) {{ {summary} }} }}", args))[field]
    through = ok(
        await gql(f"query($slug: String!) {{ leadView(slug: $slug) {{ leads(offset: 1) {{ {summary} }} }} }}", view)
    )["leadView"]["leads"]
    assert through == listed
    assert through["totalCount"] == len(direct)


async def test_save_read_list_delete(gql: GraphQLClient, ds: Dataset, engine: AsyncEngine) -> None:
    args = {"filter": {"personState": ds.state, "complete": False}}
    first = ok(await save(gql, "leads", args, name=f"first {ds.tag}"))["saveLeadView"]
    second = await saved(gql, "leads", args)
    assert first["slug"] != second["slug"]
    assert len(first["slug"]) >= 16
    assert first["slug"].replace("-", "").replace("_", "").isalnum()

    read = ok(await gql("query($slug: String!) { leadView(slug: $slug) { slug name list arguments } }", first))
    assert read["leadView"] == {k: first[k] for k in ("slug", "name", "list", "arguments")}
    assert ok(await gql('{ leadView(slug: "no-such-view") { slug } }'))["leadView"] is None

    listed = ok(await gql("{ leadViews(mine: true, first: 100) { slug } }"))["leadViews"]
    assert [v["slug"] for v in listed[:2]] == [second["slug"], first["slug"]]  # newest first
    assert ok(await gql("{ leadViews(first: 1, offset: 1) { slug } }"))["leadViews"] == [{"slug": first["slug"]}]
    assert error_code(await gql("{ leadViews(first: 101) { slug } }")) == "LIMIT_EXCEEDED"
    assert error_code(await gql("{ leadViews(offset: -1) { slug } }")) == "BAD_USER_INPUT"

    assert ok(await gql(DELETE, {"slug": first["slug"]}))["deleteLeadView"] is True
    assert ok(await gql("query($slug: String!) { leadView(slug: $slug) { slug } }", first))["leadView"] is None
    assert error_code(await gql(DELETE, {"slug": first["slug"]})) == "NOT_FOUND"

    audit = await sql_rows(
        engine,
        "SELECT action, actor, arguments -> 'arguments' AS args, arguments -> 'failed' AS failed FROM ops.audit_log "
        "WHERE action IN ('saveLeadView', 'deleteLeadView') ORDER BY id",
    )
    assert [(a["action"], a["actor"], a["failed"]) for a in audit if first["slug"] in a["args"].values()] == [
        ("deleteLeadView", "test-reader", False),
        ("deleteLeadView", "test-reader", True),
    ]
    saves = [a for a in audit if a["action"] == "saveLeadView" and a["args"]["name"] == f"first {ds.tag}"]
    assert [(a["actor"], a["failed"], a["args"]["arguments"]) for a in saves] == [("test-reader", False, args)]


async def test_only_the_saving_key_or_an_operator_deletes(
    gql: GraphQLClient, ds: Dataset, engine: AsyncEngine, api_keys: dict[str, str]
) -> None:
    args = {"filter": {"personState": ds.state}}
    assert error_code(await save(gql, "leads", args, role="ingest")) == "FORBIDDEN"
    assert error_code(await save(gql, "leads", args, role=None)) == "UNAUTHENTICATED"
    _, other = await create_key(engine, Role.READER, "another-reader")
    colleague = GraphQLClient(gql.client, {**api_keys, "other": other})

    view = await saved(gql, "leads", args)
    opened = await colleague("query($slug: String!) { leadView(slug: $slug) { name } }", view, role="other")
    assert ok(opened)["leadView"] == {"name": "v"}  # a shared slug opens for any reader
    assert error_code(await colleague(DELETE, view, role="other")) == "FORBIDDEN"
    assert error_code(await gql(DELETE, view, role="ingest")) == "FORBIDDEN"
    mine = ok(await colleague("{ leadViews(mine: true) { slug } }", role="other"))["leadViews"]
    assert view["slug"] not in {v["slug"] for v in mine}
    assert ok(await gql(DELETE, view, role="operator"))["deleteLeadView"] is True

    by_operator = await saved(gql, "leads", args, role="operator")
    assert error_code(await gql(DELETE, by_operator)) == "FORBIDDEN"
    assert ok(await gql(DELETE, by_operator, role="operator"))["deleteLeadView"] is True


@pytest.mark.parametrize(
    ("list_name", "arguments", "argument"),
    [
        ("companies", {}, "list"),
        ("person", {}, "list"),
        ("leadsByPastEmployer", {}, "domains"),
        ("leadsByPastEmployer", {"domains": ["not a domain"]}, "domains"),
        ("newInRole", {"startedWithinDays": "soon"}, "startedWithinDays"),
        ("newInRole", {"startedWithinDays": -1}, "startedWithinDays"),
        ("leads", {"filter": {"noSuchField": 1}}, "filter"),
        ("leads", {"filter": {"jobFunctions": "Engineering", "personState": 3}}, "filter"),
        ("leads", {"orderBy": [{"field": "NOPE"}]}, "orderBy"),
        ("leads", {"first": 10}, "first"),
        ("leads", {"nope": 1}, "nope"),
        ("leads", [1], None),
    ],
)
async def test_arguments_are_checked_when_saved(
    gql: GraphQLClient, list_name: str, arguments: Any, argument: str | None
) -> None:
    body = await save(gql, list_name, arguments)
    assert body["data"] is None
    error = body["errors"][0]
    assert error["extensions"]["code"] == "BAD_USER_INPUT", error
    # checked against the schema's types: the argument is named in the extensions; refused by the list's
    # own source function (a range, a domain): in the message, as the list itself says it
    assert error["extensions"].get("argument", argument) == argument, error
    assert argument is None or argument == "list" or argument in error["message"], error


async def test_orders_names_and_sizes_are_checked_when_saved(gql: GraphQLClient) -> None:
    assert error_code(await save(gql, "leads", {"orderBy": [{"field": "PROMOTION_DATE"}]})) == "BAD_USER_INPUT"
    assert ok(await save(gql, "recentlyPromoted", {"orderBy": [{"field": "PROMOTION_DATE"}]}))
    assert error_code(await save(gql, "leads", {}, name="  ")) == "BAD_USER_INPUT"
    huge = {"domains": [f"d{i}-{'x' * 40}.com" for i in range(400)]}
    assert error_code(await save(gql, "leadsByPastEmployer", huge)) == "LIMIT_EXCEEDED"


@pytest.mark.parametrize(
    ("list_name", "arguments", "named"),
    [
        ("leads", {"filter": {"removedField": ["x"]}}, "removedField"),
        ("leads", {"orderBy": [{"field": "REMOVED_ORDER"}]}, "REMOVED_ORDER"),
        ("newInRole", {"startedWithinDays": 10**6}, "startedWithinDays"),
        ("removedList", {}, "removedList"),
        ("leads", "not an object", "leads"),
    ],
)
async def test_a_view_the_schema_no_longer_accepts_is_a_clear_error(
    gql: GraphQLClient, engine: AsyncEngine, list_name: str, arguments: Any, named: str
) -> None:
    """Stored before the schema changed: written directly, as no save would accept it today."""
    slug = f"stale-{named}"
    async with engine.begin() as conn:
        await conn.execute(text("DELETE FROM ops.lead_views WHERE slug = :s"), {"s": slug})
        await conn.execute(
            insert(LeadView).values(slug=slug, name="old", list=list_name, arguments=arguments, created_by="past")
        )
    body = await gql(
        "query($slug: String!) { leadView(slug: $slug) { name list leads { totalCount nodes { personId } } } }",
        {"slug": slug},
    )
    assert body["data"] == {"leadView": {"name": "old", "list": list_name, "leads": None}}  # the view still reads
    (error,) = body["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["view"] == slug
    assert error["path"] == ["leadView", "leads"]
    assert named in error["message"]
    assert slug in error["message"]
    listed = ok(await gql("{ leadViews(first: 100) { slug list } }"))["leadViews"]
    assert {"slug": slug, "list": list_name} in listed


async def test_reader_role_writes_views_but_still_reads_nothing_else_in_ops(app: Starlette) -> None:
    async with app.state.reader_engine.connect() as conn:
        assert await conn.scalar(text("SELECT count(*) >= 0 FROM ops.lead_views"))
    for table, column in (("ops.audit_log", "arguments"), ("ops.api_keys", "name"), ("ops.trusted_documents", "id")):
        async with app.state.reader_engine.connect() as conn:
            with pytest.raises(DBAPIError, match="permission denied"):
                await conn.execute(text(f"SELECT {column} FROM {table} LIMIT 1"))


async def test_arguments_written_inline_save_as_json(gql: GraphQLClient, ds: Dataset) -> None:
    """The docs' example: arguments as a GraphQL literal, an order enum written bare."""
    body = await gql(
        f"""mutation {{ saveLeadView(name: "inline", list: "newInRole", arguments: {{startedWithinDays: 3650,
            filter: {{jobFunctions: ["Engineering"], personState: "{ds.state}", complete: false}},
            orderBy: [{{field: FULL_NAME, direction: DESC}}]}}) {{ slug arguments }} }}"""
    )
    view = ok(body)["saveLeadView"]
    assert view["arguments"]["orderBy"] == [{"field": "FULL_NAME", "direction": "DESC"}]
    types = {"startedWithinDays": "Int", "filter": "LeadFilter", "orderBy": "[LeadOrder!]"}
    direct = await walk(gql, "newInRole", view["arguments"], types, selection=LEAD_COLUMNS)
    assert len(direct) > 1
    assert await walk_view(gql, view["slug"]) == direct


async def test_a_view_costs_one_statement_more_than_its_list(gql: GraphQLClient, app: Starlette, ds: Dataset) -> None:
    """The view's row, then the list's own statements: count, page, companies, work histories (one batch each)."""
    args = {"filter": {"personState": ds.state, "complete": False}}
    view = await saved(gql, "leads", args)
    selection = "totalCount nodes { personId company { domain name } workHistory { title } }"
    with statements(app.state.reader_engine, app.state.compiled) as direct:
        listed = ok(
            await gql(f"query($filter: LeadFilter) {{ leads(first: 50, filter: $filter) {{ {selection} }} }}", args)
        )
    with statements(app.state.reader_engine, app.state.compiled) as seen:
        page = ok(
            await gql(
                f"query($slug: String!) {{ leadView(slug: $slug) {{ leads(first: 50) {{ {selection} }} }} }}", view
            )
        )
    assert page["leadView"]["leads"] == listed["leads"]
    assert len(listed["leads"]["nodes"]) == 50
    assert len(direct) == 4, direct
    assert "ops.lead_views" in seen[0]
    assert len(seen) == len(direct) + 1
