"""Fixtures several integration modules share; each is still set up once per module that uses it."""

from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.integration.batches_support import Gateway, running_gateway
from tests.integration.test_query_data import Dataset, delete_dataset, insert_dataset


@pytest.fixture(scope="module")
async def ds(engine: AsyncEngine) -> AsyncIterator[Dataset]:
    """The query tests' own rows in core (tagged), removed after the module."""
    data = await insert_dataset(engine)
    yield data
    await delete_dataset(engine, data)


@pytest.fixture(scope="module")
async def gw(database_url: str, api_keys: dict[str, str]) -> AsyncIterator[Gateway]:
    """A `serve` subprocess with workers against the fake CompanyEnrich, for the batch tests."""
    async with running_gateway(database_url, api_keys["operator"]) as gateway:
        yield gateway
