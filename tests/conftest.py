"""Shared fixtures: a real PostgreSQL (throwaway embedded server, or TEST_DATABASE_URL), migrated once.

Tests never read DATABASE_URL: it may point at production.
"""

import os
import shutil
import tempfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine as create_sync_engine
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from gateway import migrations
from gateway.database import create_engine, sqlalchemy_url, start_embedded, stop_embedded

OUR_SCHEMAS = ("raw", "extracted", "core", "reference", "staging", "ops")


def _reset(url: str) -> None:
    """Drop everything the gateway owns so an external test database starts from scratch."""
    engine = create_sync_engine(sqlalchemy_url(url).replace("+asyncpg", "+psycopg"))
    with engine.begin() as conn:
        for schema in OUR_SCHEMAS:
            conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        conn.execute(
            text("DROP TABLE IF EXISTS public.alembic_version, public.top_priority_companies CASCADE")
        )
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
    os.environ["DATABASE_URL"] = url  # for code under test that reads settings
    yield url
    os.environ.pop("DATABASE_URL", None)
    if not external:
        stop_embedded()
        shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture(scope="session")
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    eng = create_engine(database_url, pool_size=5)
    yield eng
    await eng.dispose()
