"""Key lifecycle: expiry, last use, and two valid keys at once during a rotation."""

import asyncio
from datetime import UTC, datetime, timedelta

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from gateway.auth import Role, create_key, revoke_key


async def _typename(client: httpx.AsyncClient, token: str) -> dict[str, object]:
    r = await client.post("/graphql", json={"query": "{ __typename }"}, headers={"Authorization": f"Bearer {token}"})
    body: dict[str, object] = r.json()
    return body


async def test_an_expired_key_is_refused(client: httpx.AsyncClient, engine: AsyncEngine) -> None:
    _, soon = await create_key(engine, Role.READER, "expires-soon", expires_at=datetime.now(UTC) + timedelta(seconds=1))
    _, past = await create_key(engine, Role.READER, "expired", expires_at=datetime.now(UTC) - timedelta(minutes=1))
    assert (await _typename(client, soon))["data"] == {"__typename": "Query"}
    assert (await _typename(client, past))["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"  # type: ignore[index]
    await asyncio.sleep(2.2)  # past its expiry and past the 1 s cache
    assert (await _typename(client, soon))["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"  # type: ignore[index]


async def test_last_use_is_recorded(client: httpx.AsyncClient, engine: AsyncEngine) -> None:
    key_id, token = await create_key(engine, Role.READER, "last-used")
    async with engine.connect() as conn:
        before = await conn.scalar(text("SELECT last_used_at FROM ops.api_keys WHERE id = :i"), {"i": key_id})
    assert before is None
    await _typename(client, token)
    async with engine.connect() as conn:
        after = await conn.scalar(text("SELECT last_used_at FROM ops.api_keys WHERE id = :i"), {"i": key_id})
    assert after is not None


async def test_rotation_keeps_both_keys_valid_until_the_old_one_is_revoked(
    client: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    old_id, old = await create_key(engine, Role.INGEST, "clay-old")
    _, new = await create_key(engine, Role.INGEST, "clay-new")
    for token in (old, new):
        assert (await _typename(client, token))["data"] == {"__typename": "Query"}
    assert await revoke_key(engine, str(old_id)) == 1
    await asyncio.sleep(1.1)
    assert (await _typename(client, old))["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"  # type: ignore[index]
    assert (await _typename(client, new))["data"] == {"__typename": "Query"}
