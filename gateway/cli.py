"""`hq-gateway`: every command uses the same database as `serve` (embedded under .data/ or DATABASE_URL)."""

import asyncio
import contextlib
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import click
import uvicorn
from uvicorn.config import STARTUP_FAILURE

from gateway import audit, migrations
from gateway.auth import Role, create_key, list_keys, revoke_key
from gateway.batches.service import local_companyenrich, run_worker_process
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
    from ingest.demo import DemoDataError, load_demo_data

    with database() as url:
        try:
            counts = asyncio.run(load_demo_data(url, people=people, companies=companies, seed=seed))
        except DemoDataError as exc:
            raise click.ClickException(str(exc)) from None
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
    from ingest.demo import database_is_empty, load_demo_data

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
        with local_companyenrich(settings) as fake_url:
            if fake_url:
                click.echo(f"COMPANYENRICH_API_KEY is not set: batches use the local fake CompanyEnrich at {fake_url}")
            click.echo(f"serving http://{host or settings.host}:{port or settings.port}/graphql")
            _serve(host, port)
    finally:
        stop_embedded()


@main.command()
@click.option("--concurrency", type=int, default=None, help="Jobs at once (default HQ_WORKER_CONCURRENCY).")
def worker(concurrency: int | None) -> None:
    """Run enrichment batch jobs; start any number, on any machine sharing the database."""
    settings = get_settings()
    with database() as url:
        asyncio.run(run_worker_process(url, settings, concurrency))


@main.command("fake-companyenrich")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=int, default=8765, show_default=True)
@click.option("--api-key", default="fake-key", show_default=True, help="The Bearer key it accepts.")
@click.option("--latency-ms", type=float, default=0.0, help="Added to every answer.")
@click.option("--p429", type=float, default=0.0, help="Share of requests answered 429.")
@click.option("--retry-after", type=float, default=1.0, help="Retry-After of those 429s (negative: no header).")
@click.option("--p5xx", type=float, default=0.0, help="Share answered 503.")
@click.option("--pmalformed", type=float, default=0.0, help="Share answered 200 with a body that is not JSON.")
@click.option("--phang", type=float, default=0.0, help="Share that never answer.")
@click.option("--pdrop", type=float, default=0.0, help="Share whose connection is dropped mid-answer.")
@click.option("--credits", type=int, default=None, help="Paid results available (then 402).")
@click.option("--seed", type=int, default=0)
@click.option("--plan", default=None, help="Fault plan: JSON or a path to a JSON file (overrides the flags).")
@click.option("--exit-with-parent", type=int, default=None, hidden=True)
def fake_companyenrich(
    host: str,
    port: int,
    api_key: str,
    latency_ms: float,
    p429: float,
    retry_after: float,
    p5xx: float,
    pmalformed: float,
    phang: float,
    pdrop: float,
    credits: int | None,
    seed: int,
    plan: str | None,
    exit_with_parent: int | None,
) -> None:
    """A local fake of the CompanyEnrich API (deterministic answers, faults on demand) for tests and demos."""
    from ingest.enrich import fake_server

    flags = {
        "api_key": api_key,
        "latency_ms": latency_ms,
        "p429": p429,
        "retry_after": retry_after if retry_after >= 0 else None,
        "p5xx": p5xx,
        "pmalformed": pmalformed,
        "phang": phang,
        "pdrop": pdrop,
        "credits": credits,
        "seed": seed,
    }
    fault_plan = fake_server.FaultPlan.from_json({**flags, **fake_server.plan_from_option(plan)})
    click.echo(f"fake CompanyEnrich on http://{host}:{port} (Bearer {fault_plan.api_key})")
    fake_server.serve(fault_plan, host, port, exit_with_parent=exit_with_parent)


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


@main.command("match-customers")
@click.option("--full", is_flag=True, help="Try every unmatched name again, not only when companies changed.")
@click.option("--labels", type=click.Path(exists=True, path_type=Path), default=None, help="CSV of labelled names.")
def match_customers_command(full: bool, labels: Path | None) -> None:
    """Match Claygent and manual customer names to known company domains; report precision on labels."""
    from gateway.core_build.commands import match_once
    from ingest.core_build import match_lines

    with database() as url:
        report, evaluation = asyncio.run(match_once(url, full=full, labels=labels))
    click.echo("\n".join(match_lines(report)))
    if evaluation is not None:
        click.echo(
            f"labelled sample: {evaluation.labelled} names, matched {evaluation.matched} "
            f"({evaluation.match_rate:.1%}), precision {evaluation.precision:.1%}"
        )
        for name, expected, got in evaluation.mistakes:
            click.echo(f"  wrong: {name!r} -> {got} (expected {expected or 'no match'})")


@main.command("consolidate")
@click.option("--full", is_flag=True, help="Process every extracted row, not only those changed since the last run.")
def consolidate_command(full: bool) -> None:
    """Match customer names, promote them into core.company_customers, then build core from extracted."""
    from gateway.core_build.commands import consolidate_once
    from ingest.core_build import consolidation_lines, match_lines

    with database() as url:
        matches, report = asyncio.run(consolidate_once(url, full=full))
    click.echo("\n".join([*match_lines(matches), *consolidation_lines(report)]))


@main.command("export-schema")
@click.option("--output", type=click.Path(path_type=Path), default=REPO_ROOT / "schema.graphql", show_default=True)
def export_schema(output: Path) -> None:
    """Write the GraphQL SDL to schema.graphql."""
    output.write_text(export_sdl())
    click.echo(f"wrote {output}")
