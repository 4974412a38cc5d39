"""`keys create | list | revoke`: API keys from the command line, each change audited."""

import asyncio
import sys
from datetime import UTC, datetime

import click

from gateway import audit
from gateway.auth import Role, create_key, list_keys, revoke_key
from gateway.cli.database import database
from gateway.database import create_engine


@click.group()
def keys() -> None:
    """Create, list and revoke API keys."""


@keys.command("create")
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--name", required=True)
@click.option("--expires", type=click.DateTime(), default=None, help="Expiry (UTC).")
@click.option("--rate-limit", type=int, default=None, help="Requests per minute for this key.")
def keys_create(role: str, name: str, expires: datetime | None, rate_limit: int | None) -> None:
    """Create a key; the key alone is printed on the last line."""

    async def go(url: str) -> str:
        engine = create_engine(url, pool_size=1)
        try:
            expires_at = expires.replace(tzinfo=UTC) if expires else None
            key_id, token = await create_key(
                engine, Role(role), name, expires_at=expires_at, rate_limit_per_minute=rate_limit
            )
            await audit.record(engine, "keys.create", {"keyId": str(key_id), "role": role, "name": name}, actor="cli")
            click.echo(f"created {role} key {name} ({key_id})", err=True)
            return token
        finally:
            await engine.dispose()

    with database() as url:
        click.echo(asyncio.run(go(url)))


@keys.command("list")
def keys_list() -> None:
    """List keys (never the secret)."""

    async def go(url: str) -> None:
        engine = create_engine(url, pool_size=1)
        try:
            for k in await list_keys(engine):
                state = "revoked" if k.revoked_at else "active"
                click.echo(
                    f"{k.id}  {k.role:<8} {k.name:<24} {k.prefix}…  {state:<8} "
                    f"created {k.created_at:%Y-%m-%d %H:%M} last used {k.last_used_at or '-'}"
                )
        finally:
            await engine.dispose()

    with database() as url:
        asyncio.run(go(url))


@keys.command("revoke")
@click.argument("key")
def keys_revoke(key: str) -> None:
    """Revoke a key by id, name or its printed prefix (takes effect within a second)."""

    async def go(url: str) -> int:
        engine = create_engine(url, pool_size=1)
        try:
            n = await revoke_key(engine, key)
            await audit.record(engine, "keys.revoke", {"key": key, "revoked": n}, actor="cli")
            return n
        finally:
            await engine.dispose()

    with database() as url:
        n = asyncio.run(go(url))
    click.echo(f"revoked {n} key(s)")
    if n == 0:
        sys.exit(1)
