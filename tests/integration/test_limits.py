"""Query limits: each refused before execution with LIMIT_EXCEEDED / RATE_LIMITED; body size 413."""

import httpx
from graphql import parse
from sqlalchemy.ext.asyncio import AsyncEngine

from gateway.auth import Role, create_key
from gateway.limits import DEFAULT_PAGE, MAX_ALIASES, MAX_COST, MAX_DEPTH, MAX_REPORTED_COST, QueryLimits, measure
from tests.conftest import GraphQLClient


def _codes(body: dict[str, object]) -> list[str]:
    return [e["extensions"]["code"] for e in body.get("errors") or []]  # type: ignore[attr-defined, index]


def test_depth_counts_nested_selections_through_fragments() -> None:
    nested = "name"
    for _ in range(MAX_DEPTH):
        nested = f"viewer {{ {nested} }}"
    shape = measure(parse("query { ...F } fragment F on Query { " + nested + " }"), None, {})
    assert shape.depth == MAX_DEPTH + 1
    assert QueryLimits._violation(shape) is not None
    assert QueryLimits._violation(measure(parse("{ viewer { name } }"), None, {})) is None


def test_cost_multiplies_page_sizes_by_nesting() -> None:
    doc = parse(
        "query Q($n: Int) { leads(first: $n) { nodes { company { leads(first: 10) { nodes { fullName } } } } } }"
    )
    # leads 1 + 40 * (nodes 1 + (company 1 + (leads 1 + 10 * (nodes 1 + fullName 1))))
    assert measure(doc, None, {"n": 40}).cost == 1 + 40 * (1 + (1 + (1 + 10 * (1 + 1))))
    assert measure(doc, None, {}).cost == 1 + DEFAULT_PAGE * 23


async def test_a_cost_beyond_64_bits_is_refused_not_a_500(gql: GraphQLClient) -> None:
    huge = 2_000_000_000  # the largest Int is 2**31 - 1; three nested make a cost beyond 2**64
    body = await gql(f"{{ leads(first: {huge}) {{ nodes {{ company {{ leads(first: {huge}) {{ nodes {{ company {{ "
                     f"leads(first: {huge}) {{ nodes {{ personId }} }} }} }} }} }} }} }} }}")  # fmt: skip
    assert body["data"] is None
    assert _codes(body) == ["LIMIT_EXCEEDED"]
    assert body["extensions"]["cost"] == {"requested": MAX_REPORTED_COST, "maximum": MAX_COST}


async def test_too_many_aliases_are_refused(gql: GraphQLClient) -> None:
    fields = " ".join(f"a{i}: viewer {{ name }}" for i in range(MAX_ALIASES + 1))
    body = await gql("{ " + fields + " }")
    assert body["data"] is None
    assert _codes(body) == ["LIMIT_EXCEEDED"]
    assert "aliases" in body["errors"][0]["message"]


async def test_aliases_within_the_limit_run_and_report_cost(gql: GraphQLClient) -> None:
    fields = " ".join(f"a{i}: viewer {{ name }}" for i in range(3))
    body = await gql("{ " + fields + " }")
    assert body["data"]["a0"]["name"] == "test-reader"
    assert body["extensions"]["cost"] == {"requested": 6, "maximum": MAX_COST}


async def test_token_limit_has_a_stable_code(gql: GraphQLClient) -> None:
    body = await gql("{ " + " ".join(["__typename"] * 6000) + " }")
    assert _codes(body) == ["LIMIT_EXCEEDED"]


async def test_rate_limit_per_key(client: httpx.AsyncClient, engine: AsyncEngine) -> None:
    _, token = await create_key(engine, Role.READER, "rate-limited", rate_limit_per_minute=2)
    headers = {"Authorization": f"Bearer {token}"}
    answers = [
        (await client.post("/graphql", json={"query": "{ __typename }"}, headers=headers)).json() for _ in range(3)
    ]
    assert answers[0]["data"] == {"__typename": "Query"}
    assert answers[1]["data"] == {"__typename": "Query"}
    assert _codes(answers[2]) == ["RATE_LIMITED"]
    assert answers[2]["errors"][0]["extensions"]["retryAfter"] > 0


async def test_body_over_one_megabyte_gets_413(client: httpx.AsyncClient, api_keys: dict[str, str]) -> None:
    big = '{"query": "{ __typename }", "padding": "' + "x" * 1_100_000 + '"}'
    response = await client.post(
        "/graphql",
        content=big,
        headers={"Authorization": f"Bearer {api_keys['reader']}", "content-type": "application/json"},
    )
    assert response.status_code == 413
