"""The app skeleton over HTTP: health, readiness, metrics, authentication and roles."""

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette

from gateway.auth import Role, create_key, revoke_key
from tests.conftest import GraphQLClient


async def test_healthz_and_readyz(client: httpx.AsyncClient) -> None:
    assert (await client.get("/healthz")).json() == {"status": "ok"}
    ready = await client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["status"] == "ready"


async def test_readyz_reports_a_database_behind_head(client: httpx.AsyncClient, engine: AsyncEngine) -> None:
    async with engine.begin() as conn:
        head = await conn.scalar(text("SELECT version_num FROM alembic_version"))
        await conn.execute(text("UPDATE alembic_version SET version_num = '0001'"))
    try:
        response = await client.get("/readyz")
        assert response.status_code == 503
        assert response.json()["current"] == "0001"
    finally:
        async with engine.begin() as conn:
            await conn.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": head})


async def test_no_key_is_unauthenticated_and_gets_no_data(gql: GraphQLClient) -> None:
    body = await gql("{ __typename viewer { role } }", role=None)
    assert body["data"] is None
    assert [e["extensions"]["code"] for e in body["errors"]] == ["UNAUTHENTICATED"]


async def test_bad_key_is_unauthenticated(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/graphql", json={"query": "{ __typename }"}, headers={"Authorization": "Bearer hq_rea_nope"}
    )
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_each_role_is_recognised_by_bearer_and_x_api_key(
    client: httpx.AsyncClient, api_keys: dict[str, str]
) -> None:
    for role, token in api_keys.items():
        for headers in ({"Authorization": f"Bearer {token}"}, {"X-API-Key": token}):
            response = await client.post("/graphql", json={"query": "{ __typename viewer { role } }"}, headers=headers)
            assert response.json()["data"] == {"__typename": "Query", "viewer": {"role": role}}


async def test_revoked_key_stops_working_within_a_second(client: httpx.AsyncClient, engine: AsyncEngine) -> None:
    import asyncio

    _, token = await create_key(engine, Role.READER, "to-revoke")
    headers = {"Authorization": f"Bearer {token}"}
    ok = await client.post("/graphql", json={"query": "{ __typename }"}, headers=headers)
    assert ok.json()["data"] == {"__typename": "Query"}
    assert await revoke_key(engine, "to-revoke") == 1
    await asyncio.sleep(1.1)
    refused = await client.post("/graphql", json={"query": "{ __typename }"}, headers=headers)
    assert refused.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_metrics_count_graphql_operations(client: httpx.AsyncClient, gql: GraphQLClient) -> None:
    await gql("query MetricsProbe { __typename }")
    text_ = (await client.get("/metrics")).text
    assert 'hq_graphql_operations_total{operation="MetricsProbe",outcome="ok"}' in text_
    assert "hq_http_requests_total" in text_
    assert "hq_asyncio_tasks " in text_
    assert 'hq_db_connections_checked_out{pool="reader"}' in text_
    assert "process_resident_memory_bytes" in text_


async def test_responses_carry_a_request_id(client: httpx.AsyncClient) -> None:
    response = await client.get("/healthz", headers={"X-Request-ID": "abc-123"})
    assert response.headers["x-request-id"] == "abc-123"
    assert len((await client.get("/healthz")).headers["x-request-id"]) == 32


async def test_syntax_errors_are_reported_not_masked(gql: GraphQLClient) -> None:
    body = await gql("{ viewer { ")
    assert "Syntax Error" in body["errors"][0]["message"]


@pytest.mark.parametrize("body", [b"{not json", b'{"query": NaN}', b"\xff\xfe"])
async def test_a_body_that_is_not_json_is_a_400(
    client: httpx.AsyncClient, api_keys: dict[str, str], body: bytes
) -> None:
    headers = {"Authorization": f"Bearer {api_keys['reader']}", "Content-Type": "application/json"}
    response = await client.post("/graphql", content=body, headers=headers)
    assert response.status_code == 400
    assert "JSON" in response.text


async def test_reader_traffic_cannot_read_raw_even_through_a_bug(app: Starlette) -> None:
    """The reader engine runs as a database role without privileges outside core and reference."""
    async with app.state.reader_engine.connect() as conn:
        assert await conn.scalar(text("SELECT count(*) >= 0 FROM core.leads"))
        assert await conn.scalar(text("SELECT count(*) > 0 FROM reference.job_functions")) is not None
    for table in ("raw.payloads", "extracted.claygent_customers", "public.top_priority_companies", "ops.api_keys"):
        async with app.state.reader_engine.connect() as conn:
            with pytest.raises(DBAPIError, match="permission denied"):
                await conn.execute(text(f"SELECT 1 FROM {table} LIMIT 1"))


async def test_subscription_messages_are_text_frames(app: Starlette) -> None:
    """graphql-transport-ws sends JSON as text; a binary frame reaches a browser as a Blob it cannot parse."""
    from gateway.app import GraphQLApp
    from gateway.schema import build_schema

    view = GraphQLApp(build_schema(app.state.settings))
    assert (
        view.encode_json({"type": "connection_ack", "payload": {"ü": 1}})
        == '{"type":"connection_ack","payload":{"ü":1}}'
    )
