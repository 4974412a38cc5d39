"""`documents register | list`: trusted documents (persisted queries) from a client build's manifest."""

import asyncio
from pathlib import Path

import click
import orjson

from gateway import audit
from gateway.cli.database import database
from gateway.database import create_engine
from gateway.documents import ManifestError, list_documents, parse_manifest, register_documents


@click.group()
def documents() -> None:
    """Register and list trusted documents (what HQ_TRUSTED_DOCUMENTS=true lets run in production)."""


@documents.command("register")
@click.argument("manifest", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def documents_register(manifest: Path) -> None:
    """Register every document of MANIFEST: {"<hash>": "<document>"} (graphql-codegen's persisted-documents.json,
    Relay) or Apollo's persisted-query manifest. All or nothing; ids already registered are kept."""
    try:
        found = parse_manifest(orjson.loads(manifest.read_bytes()))
    except (orjson.JSONDecodeError, ManifestError) as exc:
        raise click.ClickException(f"{manifest}: {exc}") from None

    async def go(url: str) -> int:
        engine = create_engine(url, pool_size=1)
        try:
            added = await register_documents(engine, found)
            await audit.record(
                engine,
                "documents.register",
                {"manifest": manifest.name, "documents": len(found), "added": added},
                actor="cli",
            )
            return added
        finally:
            await engine.dispose()

    with database() as url:
        try:
            added = asyncio.run(go(url))
        except ManifestError as exc:
            raise click.ClickException(f"{manifest}: {exc}") from None
    click.echo(f"registered {added} new document(s); {len(found) - added} already registered")


@documents.command("list")
def documents_list() -> None:
    """List the registered documents: id, operations, registration time."""

    async def go(url: str) -> None:
        engine = create_engine(url, pool_size=1)
        try:
            for d in await list_documents(engine):
                click.echo(f"{d.id}  {', '.join(d.operations) or '-'}  registered {d.created_at:%Y-%m-%d %H:%M}")
        finally:
            await engine.dispose()

    with database() as url:
        asyncio.run(go(url))
