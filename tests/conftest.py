"""Shared fixtures: a real PostgreSQL (throwaway embedded server, or TEST_DATABASE_URL), migrated once.

Tests never read DATABASE_URL: it may point at production.
"""

import contextlib
import os
import shutil
import tempfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine as create_sync_engine
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette

from gateway import migrations
from gateway.app import create_app
from gateway.auth import Role, create_key
from gateway.database import create_engine, embedded_system_user, sqlalchemy_url, start_embedded, stop_embedded
from gateway.settings import Settings, get_settings
from tests import pgbouncer

OUR_SCHEMAS = ("raw", "extracted", "core", "reference", "staging", "ops")


def _reset(url: str) -> None:
    """Drop everything the gateway owns so an external test database starts from scratch."""
    engine = create_sync_engine(sqlalchemy_url(url).replace("+asyncpg", "+psycopg"))
    with engine.begin() as conn:
        for schema in OUR_SCHEMAS:
            conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        conn.execute(text("DROP TABLE IF EXISTS public.alembic_version, public.top_priority_companies CASCADE"))
        conn.execute(text("DROP SCHEMA IF EXISTS procrastinate CASCADE"))
    engine.dispose()


@pytest.fixture(scope="session")
def database_url() -> Iterator[str]:
    os.environ.pop("DATABASE_URL", None)
    external = os.environ.get("TEST_DATABASE_URL")
    if external:
        _reset(external)
        url = external
    else:
        data = Path(__file__).resolve().parents[1] / ".data"
        data.mkdir(exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix="hq-test-", dir=data))
        url = start_embedded(tmp / "pg", cleanup_mode="delete")
    migrations.upgrade(url)
    with contextlib.ExitStack() as stack:
        if os.environ.get("TEST_PGBOUNCER"):  # everything through a transaction pooler (tests/pgbouncer.py)
            if not pgbouncer.available():
                pytest.exit(f"TEST_PGBOUNCER is set but there is no {pgbouncer.BINARY} (apt-get install pgbouncer)", 2)
            bouncer = stack.enter_context(pgbouncer.running_pgbouncer(url, embedded_system_user()))
            os.environ.update(HQ_DATABASE_POOLER="transaction", HQ_DIRECT_DATABASE_URL=url)
            get_settings.cache_clear()
            url = bouncer.url
        os.environ["DATABASE_URL"] = url  # for code under test that reads settings
        yield url
    for name in ("DATABASE_URL", "HQ_DATABASE_POOLER", "HQ_DIRECT_DATABASE_URL"):
        os.environ.pop(name, None)
    get_settings.cache_clear()
    if not external:
        stop_embedded()
        shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture(scope="session")
def direct_database_url(database_url: str) -> str:
    """The test server itself, for what keeps a session (LISTEN, the job queue): not through a pooler."""
    return os.environ.get("HQ_DIRECT_DATABASE_URL") or database_url


@pytest.fixture(scope="session")
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    eng = create_engine(database_url, pool_size=5)
    yield eng
    await eng.dispose()


@pytest.fixture(scope="session")
async def app(database_url: str) -> AsyncIterator[Starlette]:
    """The real app with its lifespan, on the test database."""
    # nothing in the suite may reach the real CompanyEnrich: port 9 (discard) refuses at once
    application = create_app(
        Settings(database_url=database_url, run_workers=False, companyenrich_base_url="http://127.0.0.1:9")
    )
    async with application.router.lifespan_context(application):
        yield application


@pytest.fixture(scope="session")
async def client(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://gateway.test") as c:
        yield c


@pytest.fixture(scope="session")
async def api_keys(engine: AsyncEngine) -> dict[str, str]:
    """One fresh key per role: {"reader": token, "ingest": token, "operator": token}."""
    return {role.value: (await create_key(engine, role, f"test-{role.value}"))[1] for role in Role}


class GraphQLClient:
    def __init__(self, client: httpx.AsyncClient, keys: dict[str, str]) -> None:
        self.client = client
        self.keys = keys

    async def __call__(
        self, query: str, variables: dict[str, Any] | None = None, *, role: str | None = "reader"
    ) -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {self.keys[role]}"} if role else {}
        response = await self.client.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
        )
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body


@pytest.fixture(scope="session")
def gql(client: httpx.AsyncClient, api_keys: dict[str, str]) -> GraphQLClient:
    """Runs a GraphQL operation as a role (None: no key) and returns the JSON body."""
    return GraphQLClient(client, api_keys)


async def sql_rows(engine: AsyncEngine, sql: str, **params: Any) -> list[dict[str, Any]]:
    """Rows of a hand-written SQL query as dicts: the oracle side of the tests."""
    async with engine.connect() as conn:
        return [dict(r._mapping) for r in (await conn.execute(text(sql), params)).all()]
