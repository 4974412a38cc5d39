"""Commands on the warehouse itself: `migrate`, `demo-data`, `replay`, `match-customers`, `consolidate`."""

import asyncio
from datetime import UTC, datetime
from pathlib import Path

import click

from gateway import audit, migrations
from gateway.cli.database import database
from gateway.database import create_engine
from ingest.registry import NAMES as SOURCE_NAMES
from ingest.replay import RAW_STATUSES


@click.command()
def migrate() -> None:
    """Bring the database schema to the latest migration."""
    with database(direct=True) as url:
        migrations.upgrade(url)
        click.echo(f"database at revision {migrations.head_revision()}")


@click.command("demo-data")
@click.option("--people", type=int, default=20_000, show_default=True)
@click.option("--companies", type=int, default=4_000, show_default=True)
@click.option("--seed", type=int, default=42, show_default=True)
def demo_data(people: int, companies: int, seed: int) -> None:
    """Generate a deterministic demo warehouse into core (the database must be empty)."""
    from ingest.demo import DemoDataError, load_demo_data

    with database(direct=True) as url:
        try:
            counts = asyncio.run(load_demo_data(url, people=people, companies=companies, seed=seed))
        except DemoDataError as exc:
            raise click.ClickException(str(exc)) from None
        for table, n in counts.items():
            click.echo(f"{table}: {n:,}")


@click.command("replay")
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


@click.command("match-customers")
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


@click.command("consolidate")
@click.option("--full", is_flag=True, help="Process every extracted row, not only those changed since the last run.")
def consolidate_command(full: bool) -> None:
    """Match customer names, promote them into core.company_customers, then build core from extracted."""
    from gateway.core_build.commands import consolidate_once
    from ingest.core_build import consolidation_lines, match_lines

    with database() as url:
        matches, report = asyncio.run(consolidate_once(url, full=full))
    click.echo("\n".join([*match_lines(matches), *consolidation_lines(report)]))
