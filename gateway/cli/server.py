"""`serve`, `run` (what `make run` does around the server) and `export-schema`."""

import asyncio
from pathlib import Path

import click
import uvicorn
from uvicorn.config import STARTUP_FAILURE

from gateway import migrations
from gateway.auth import Role, create_key, list_keys
from gateway.batches.service import local_companyenrich
from gateway.database import create_engine, direct_url, libpq_url, stop_embedded
from gateway.schema import export_sdl
from gateway.settings import REPO_ROOT, get_settings


class ServerDidNotStart(click.ClickException):
    exit_code = STARTUP_FAILURE  # uvicorn's own


def _serve(host: str | None, port: int | None) -> None:
    settings = get_settings()
    host, port = host or settings.host, port or settings.port
    try:
        uvicorn.run(
            "gateway.app:create_app",
            factory=True,
            host=host,
            port=port,
            log_level="warning",
            access_log=False,
            lifespan="on",
        )
    except SystemExit as exc:
        if exc.code != STARTUP_FAILURE:
            raise
        # uvicorn has logged why (a port in use, a failed lifespan startup): say what it means
        raise ServerDidNotStart(f"the server did not start on {host}:{port} (see the error above)") from None


@click.command()
@click.option("--host", default=None, help="Bind address (default HQ_HOST or 127.0.0.1).")
@click.option("--port", type=int, default=None, help="Port (default HQ_PORT or 8000).")
def serve(host: str | None, port: int | None) -> None:
    """Serve GraphQL, the ingest adapter and the operator pages (never loads demo data)."""
    _serve(host, port)


async def _first_start_keys(url: str) -> list[tuple[Role, str]]:
    engine = create_engine(url, pool_size=1)
    try:
        if await list_keys(engine):
            return []
        return [(role, (await create_key(engine, role, f"{role.value}-initial"))[1]) for role in Role]
    finally:
        await engine.dispose()


@click.command()
@click.option("--host", default=None)
@click.option("--port", type=int, default=None)
@click.option("--people", type=int, default=20_000, show_default=True, help="Demo people when empty.")
@click.option("--companies", type=int, default=4_000, show_default=True, help="Demo companies when empty.")
def run(host: str | None, port: int | None, people: int, companies: int) -> None:
    """What `make run` does: migrate, load demo data into an empty database, print keys, serve."""
    from ingest.demo import database_is_empty, load_demo_data

    settings = get_settings()
    url = libpq_url(settings)
    direct = direct_url(settings, url)
    try:
        migrations.upgrade(direct)
        if asyncio.run(database_is_empty(url)):
            click.echo(f"empty database: loading demo data ({people:,} people, {companies:,} companies)")
            asyncio.run(load_demo_data(direct, people=people, companies=companies, seed=42))
        keys = asyncio.run(_first_start_keys(url))
        for role, token in keys:
            click.echo(f"API key ({role.value}): {token}")
        if keys:
            click.echo("Keys are shown once; `hq-gateway keys create --role R --name N` makes more.")
        with local_companyenrich(settings) as fake_url:
            if fake_url:
                click.echo(f"COMPANYENRICH_API_KEY is not set: batches use the local fake CompanyEnrich at {fake_url}")
            click.echo(f"serving http://{host or settings.host}:{port or settings.port}/graphql")
            _serve(host, port)
    finally:
        stop_embedded()


@click.command("export-schema")
@click.option("--output", type=click.Path(path_type=Path), default=REPO_ROOT / "schema.graphql", show_default=True)
def export_schema(output: Path) -> None:
    """Write the GraphQL SDL to schema.graphql."""
    output.write_text(export_sdl())
    click.echo(f"wrote {output}")
