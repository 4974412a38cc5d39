"""`hq-gateway`: every command uses the same database as `serve` (embedded under .data/ or DATABASE_URL)."""

import asyncio
import contextlib
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import click
import uvicorn

from gateway import audit, migrations
from gateway.auth import Role, create_key, list_keys, revoke_key
from gateway.database import create_engine, libpq_url, stop_embedded
from gateway.schema import export_sdl
from gateway.settings import REPO_ROOT, get_settings
from ingest.registry import NAMES as SOURCE_NAMES
from ingest.replay import RAW_STATUSES


@contextlib.contextmanager
def database() -> Iterator[str]:
    """The database URL for one command; releases the embedded server handle afterwards."""
    try:
        yield libpq_url(get_settings())
    finally:
        stop_embedded()


@click.group()
def main() -> None:
    """HQ Gateway: data-access gateway for the lead and company warehouse."""


def _serve(host: str | None, port: int | None) -> None:
    settings = get_settings()
    uvicorn.run(
        "gateway.app:create_app",
        factory=True,
        host=host or settings.host,
        port=port or settings.port,
        log_level="warning",
        access_log=False,
        lifespan="on",
    )


@main.command()
@click.option("--host", default=None, help="Bind address (default HQ_HOST or 127.0.0.1).")
@click.option("--port", type=int, default=None, help="Port (default HQ_PORT or 8000).")
def serve(host: str | None, port: int | None) -> None:
    """Serve GraphQL, the ingest adapter and the operator pages (never loads demo data)."""
    _serve(host, port)


@main.command()
def migrate() -> None:
    """Bring the database schema to the latest migration."""
    with database() as url:
        migrations.upgrade(url)
        click.echo(f"database at revision {migrations.head_revision()}")


@main.command("demo-data")
@click.option("--people", type=int, default=20_000, show_default=True)
@click.option("--companies", type=int, default=4_000, show_default=True)
@click.option("--seed", type=int, default=42, show_default=True)
def demo_data(people: int, companies: int, seed: int) -> None:
    """Generate a deterministic demo warehouse into core (the database must be empty)."""
    from ingest.demo_data import load_demo_data

    with database() as url:
        counts = asyncio.run(load_demo_data(url, people=people, companies=companies, seed=seed))
        for table, n in counts.items():
            click.echo(f"{table}: {n:,}")


async def _first_start_keys(url: str) -> list[tuple[Role, str]]:
    engine = create_engine(url, pool_size=1)
    try:
        if await list_keys(engine):
            return []
        return [(role, (await create_key(engine, role, f"{role.value}-initial"))[1]) for role in Role]
    finally:
        await engine.dispose()


@main.command()
@click.option("--host", default=None)
@click.option("--port", type=int, default=None)
@click.option("--people", type=int, default=20_000, show_default=True, help="Demo people when empty.")
@click.option("--companies", type=int, default=4_000, show_default=True, help="Demo companies when empty.")
def run(host: str | None, port: int | None, people: int, companies: int) -> None:
    """What `make run` does: migrate, load demo data into an empty database, print keys, serve."""
    from ingest.demo_data import database_is_empty, load_demo_data

    settings = get_settings()
    url = libpq_url(settings)
    try:
        migrations.upgrade(url)
        if asyncio.run(database_is_empty(url)):
            click.echo(f"empty database: loading demo data ({people:,} people, {companies:,} companies)")
            asyncio.run(load_demo_data(url, people=people, companies=companies, seed=42))
        keys = asyncio.run(_first_start_keys(url))
        for role, token in keys:
            click.echo(f"API key ({role.value}): {token}")
        if keys:
            click.echo("Keys are shown once; `hq-gateway keys create --role R --name N` makes more.")
        click.echo(f"serving http://{host or settings.host}:{port or settings.port}/graphql")
        _serve(host, port)
    finally:
        stop_embedded()


@main.group()
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


@main.command("replay")
@click.option("--source", type=click.Choice(list(SOURCE_NAMES)), required=True, help="Ingest source to replay.")
@click.option(
    "--status", "statuses", type=click.Choice(list(RAW_STATUSES)), multiple=True, help="Only rows in this status."
)
@click.option("--since", type=click.DateTime(), default=None, help="Only rows received at or after this time (UTC).")
def replay_command(source: str, statuses: tuple[str, ...], since: datetime | None) -> None:
    """Re-run the current extractor over stored raw rows (idempotent; erased rows are skipped)."""
    from tqdm import tqdm

    from ingest.replay import count_replayable, replay

    async def go(url: str) -> str:
        engine = create_engine(url, pool_size=4)
        since_utc = since.replace(tzinfo=UTC) if since else None
        try:
            total = await count_replayable(engine, source=source, statuses=statuses, since=since_utc)
            with tqdm(total=total, unit="row", desc=f"replay {source}") as bar:
                summary = await replay(
                    engine, source=source, statuses=statuses, since=since_utc, on_row=lambda _: bar.update()
                )
            await audit.record(
                engine,
                "replay",
                {"source": source, "statuses": list(statuses), "since": str(since_utc), "replayed": summary.total},
                actor="cli",
            )
            return summary.line()
        finally:
            await engine.dispose()

    with database() as url:
        click.echo(asyncio.run(go(url)))


@main.command("export-schema")
@click.option("--output", type=click.Path(path_type=Path), default=REPO_ROOT / "schema.graphql", show_default=True)
def export_schema(output: Path) -> None:
    """Write the GraphQL SDL to schema.graphql."""
    output.write_text(export_sdl())
    click.echo(f"wrote {output}")
