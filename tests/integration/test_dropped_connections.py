"""The reader engine does not ping before each statement: a pooled connection that died (server restart,
idle kill) is found by the read itself, which then runs once more on a fresh connection.

Behind PgBouncer (TEST_PGBOUNCER) the killed connections are the pooler's server connections: the gateway's
own connections to the pooler live on, and the pooler fails the statement that met a dead server."""

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette

from gateway.database import create_engine
from tests.conftest import GraphQLClient
from tests.integration.test_query_data import ok

QUERY = "{ leads(first: 3, filter: {complete: false}) { totalCount nodes { personId company { domain } } } }"


@pytest.fixture(scope="module")
async def killer(direct_database_url: str) -> AsyncIterator[AsyncEngine]:
    """Straight to the server: behind a pooler, the killing statement must not share the victims' connections."""
    engine = create_engine(direct_database_url, pool_size=1, pooled=False)
    yield engine
    await engine.dispose()


async def kill_gateway_connections(engine: AsyncEngine) -> int:
    async with engine.connect() as conn:
        killed = await conn.scalar(
            text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE application_name = 'hq-gateway' AND pid <> pg_backend_pid() AND datname = current_database()"
            )
        )
    return int(killed or 0)


async def test_reads_survive_connections_killed_under_the_pool(
    gql: GraphQLClient, app: Starlette, killer: AsyncEngine
) -> None:
    before = ok(await gql(QUERY))["leads"]
    assert app.state.reader_engine.pool.checkedin() >= 1  # the pool holds a connection that is about to die
    assert await kill_gateway_connections(killer) >= 1
    after = await gql(QUERY)
    assert "errors" not in after, after
    assert after["data"]["leads"] == before


async def test_an_export_survives_connections_killed_under_the_pool(
    client: object, api_keys: dict[str, str], killer: AsyncEngine, gql: GraphQLClient
) -> None:
    import httpx

    assert isinstance(client, httpx.AsyncClient)
    headers = {"Authorization": f"Bearer {api_keys['reader']}"}
    body = {"filter": {"companyDomain": "nobody.example"}}
    first = await client.post("/export/leads.csv", json=body, headers=headers)
    assert first.status_code == 200
    assert await kill_gateway_connections(killer) >= 1
    again = await client.post("/export/leads.csv", json=body, headers=headers)
    assert again.status_code == 200, again.text
    assert again.text == first.text
