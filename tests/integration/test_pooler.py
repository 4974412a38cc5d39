"""The gateway behind a real PgBouncer in transaction mode (Debian's package; tests/pgbouncer.py).

With one server connection in the pooler, every client shares it, so anything a client left in the session
(a role, a timeout, a named prepared statement) would be seen by the next one. `make test-pgbouncer` runs
the whole integration suite through a pooler; these tests run in every run and show why pooled engines
are built the way they are (gateway/database.py).
"""

from collections.abc import AsyncIterator, Iterator
from typing import Any

import asyncpg
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from gateway.database import create_engine, embedded_system_user, transaction_pooled
from gateway.settings import Settings
from tests import pgbouncer
from tests.conftest import GraphQLClient
from tests.integration.test_compiled_operations import served
from tests.integration.test_query_data import Dataset

pytestmark = pytest.mark.skipif(
    not pgbouncer.available(), reason=f"no {pgbouncer.BINARY} (apt-get install pgbouncer; .ci/run does)"
)

SESSION = "SELECT current_user, current_setting('statement_timeout'), pg_backend_pid()"
LEFT_BEHIND = "SELECT count(*), string_agg(name || ': ' || left(statement, 200), ' | ') FROM pg_prepared_statements"


@pytest.fixture(scope="module")
def bouncer(direct_database_url: str) -> Iterator[pgbouncer.PgBouncer]:
    """A pooler of its own with ONE server connection, in front of the test server itself."""
    with pgbouncer.running_pgbouncer(direct_database_url, embedded_system_user(), pool_size=1) as running:
        yield running


@pytest.fixture
async def engines(bouncer: pgbouncer.PgBouncer) -> AsyncIterator[tuple[AsyncEngine, AsyncEngine]]:
    """A reader engine (role, timeout) and a plain one, both pooled, through the one-connection pooler."""
    reader = create_engine(
        bouncer.url, pool_size=2, role="hq_reader", statement_timeout_ms=1234, autocommit=True, pooled=True
    )
    plain = create_engine(bouncer.url, pool_size=2, pooled=True)
    yield reader, plain
    await reader.dispose()
    await plain.dispose()


async def one(engine: AsyncEngine, sql: str) -> Any:
    async with engine.connect() as conn:
        return (await conn.execute(text(sql))).one()


async def test_settings_apply_per_transaction_and_end_with_it(engines: tuple[AsyncEngine, AsyncEngine]) -> None:
    reader, plain = engines
    assert transaction_pooled(reader)
    assert transaction_pooled(plain)
    user, timeout, reader_pid = await one(reader, SESSION)
    assert (user, timeout) == ("hq_reader", "1234ms")
    user, timeout, plain_pid = await one(plain, SESSION)
    assert plain_pid == reader_pid  # the same server connection: the reader's role and timeout did not stay
    assert (user, timeout) == ("postgres", "0")
    assert (await one(plain, LEFT_BEHIND))[0] == 0  # and no statement of either is left prepared on it


async def test_the_reader_role_holds_through_the_pooler(engines: tuple[AsyncEngine, AsyncEngine]) -> None:
    reader, _ = engines
    with pytest.raises(Exception, match="permission denied"):
        await one(reader, "SELECT count(*) FROM ops.api_keys")


async def test_what_pooled_engines_avoid_breaks_behind_the_pooler(bouncer: pgbouncer.PgBouncer) -> None:
    """The failures the pooled settings exist for, on the real pooler: the test would catch their return."""
    # settings sent when the connection starts: PgBouncer refuses them
    direct = create_engine(bouncer.url, pool_size=1, statement_timeout_ms=1000, pooled=False)
    try:
        with pytest.raises(Exception, match="unsupported startup parameter"):
            await one(direct, "SELECT 1")
    finally:
        await direct.dispose()
    # asyncpg's statement cache: what one client prepared stays on the server connection the next one gets
    cached, plain = await asyncpg.connect(bouncer.url), await asyncpg.connect(bouncer.url, statement_cache_size=0)
    try:
        assert await cached.fetchval("SELECT 1") == 1
        assert await plain.fetchval("SELECT count(*) FROM pg_prepared_statements") >= 1
    finally:
        await plain.execute("DEALLOCATE ALL")  # the one server connection is clean again for the other tests
        await cached.close()
        await plain.close()


QUERIES = [
    "{ leads(first: 5, filter: {complete: false}) { totalCount nodes { personId fullName company { domain } } } }",
    "{ leads(first: 3, filter: {complete: false}) { facets(by: [JOB_FUNCTION]) { dimension values { value } } } }",
    "{ newInRole(first: 5) { totalCount nodes { personId } } }",
    "{ companies(first: 5) { totalCount nodes { domain name } } }",
]


async def test_the_gateway_answers_the_same_through_the_pooler(
    ds: Dataset,
    bouncer: pgbouncer.PgBouncer,
    direct_database_url: str,
    gql: GraphQLClient,
    engines: tuple[AsyncEngine, AsyncEngine],
) -> None:
    """Compiled and regular queries, and a webhook, through the one-connection pooler: the suite's own app's
    answers, and nothing left prepared on the server connection afterwards."""
    pooled = Settings(
        database_url=bouncer.url,
        database_pooler="transaction",
        direct_database_url=direct_database_url,
        run_workers=False,
        companyenrich_base_url="http://127.0.0.1:9",
    )
    headers = {"Authorization": f"Bearer {gql.keys['reader']}"}
    async with served(pooled) as client:
        for query in QUERIES * 2:  # twice: the second time from a compiled plan
            response = await client.post("/graphql", json={"query": query}, headers=headers)
            assert response.status_code == 200
            assert response.json() == await gql(query)
        hook = await client.post(
            "/ingest/company_discovery",
            json={"domain": "pooled-webhook.example", "name": "Pooled"},
            headers={"Authorization": f"Bearer {gql.keys['ingest']}"},
        )
        assert hook.status_code == 200, hook.text
        assert isinstance(hook.json()["rawId"], int)
    _, plain = engines
    assert (await one(plain, LEFT_BEHIND))[0] == 0, await one(plain, LEFT_BEHIND)
