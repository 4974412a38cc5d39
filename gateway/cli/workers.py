"""`worker` runs enrichment batch jobs; `fake-companyenrich` is the local stand-in for their upstream."""

import asyncio

import click

from gateway.batches.service import run_worker_process
from gateway.cli.database import database
from gateway.settings import get_settings


@click.command()
@click.option("--concurrency", type=int, default=None, help="Jobs at once (default HQ_WORKER_CONCURRENCY).")
def worker(concurrency: int | None) -> None:
    """Run enrichment batch jobs; start any number, on any machine sharing the database."""
    settings = get_settings()
    with database() as url:
        asyncio.run(run_worker_process(url, settings, concurrency))


@click.command("fake-companyenrich")
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
