"""A connection asyncpg left mid-way through a failed statement is treated as a dead one, not a 500.

Seen once in CI: PostgreSQL restarted under webhook load and asyncpg refused the next statement with
"cannot switch to state 15; another operation (2) is in progress". The driver error is raised here
from inside the statement's execution, where the real one comes from.
"""

from typing import Any

import pytest
from sqlalchemy import event, text
from sqlalchemy.exc import DBAPIError

from gateway.database import create_engine
from gateway.errors import UpstreamUnavailable
from gateway.extensions import translate

MESSAGE = "cannot switch to state 15; another operation (2) is in progress"


async def test_a_statement_refused_mid_protocol_invalidates_its_connection(database_url: str) -> None:
    engine = create_engine(database_url, pool_size=1)
    driver_error = engine.dialect.dbapi.InternalClientError  # type: ignore[union-attr]

    def refuse(*args: Any) -> None:
        raise driver_error(MESSAGE)

    try:
        async with engine.connect() as conn:
            first = await conn.get_raw_connection()
        event.listen(engine.sync_engine, "before_cursor_execute", refuse)
        with pytest.raises(DBAPIError) as raised:
            async with engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
        event.remove(engine.sync_engine, "before_cursor_execute", refuse)
        assert raised.value.connection_invalidated
        assert isinstance(translate(raised.value), UpstreamUnavailable)  # a 503 / UPSTREAM_UNAVAILABLE
        async with engine.connect() as conn:  # the pool hands out a fresh connection
            assert await conn.scalar(text("SELECT 1")) == 1
            assert (await conn.get_raw_connection()).driver_connection is not first.driver_connection
    finally:
        await engine.dispose()
