"""The batch machinery of a process: the queue and API client, the LISTEN fan-out, and workers.

`serve` runs it as a lifespan part (workers too unless HQ_RUN_WORKERS=false); `hq-gateway worker`
runs only the workers. Both recover the jobs of dead workers (ingest/enrich/jobs.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

from starlette.applications import Starlette

from gateway.context import Services
from gateway.database import create_engine, direct_url
from gateway.observability import configure_logging
from gateway.settings import Settings, get_settings
from ingest.enrich.client import EnrichConfig
from ingest.enrich.jobs import EnrichService, WorkerOptions
from ingest.enrich.notify import BatchEvents

log = logging.getLogger(__name__)


def enrich_config(settings: Settings) -> EnrichConfig:
    return EnrichConfig(
        base_url=settings.companyenrich_base_url,
        api_key=settings.companyenrich_api_key,
        requests_per_second=settings.companyenrich_rate_limit or None,
        max_attempts=settings.companyenrich_max_attempts,
        read_timeout=settings.companyenrich_timeout_seconds,
        credits_per_company=settings.companyenrich_credits_per_company,
    )


def worker_options(settings: Settings, concurrency: int | None = None) -> WorkerOptions:
    stalled = settings.worker_stalled_seconds
    return WorkerOptions(
        concurrency=concurrency or settings.worker_concurrency,
        heartbeat_seconds=max(0.5, stalled / 4),
        stalled_seconds=stalled,
        recover_every=max(0.5, stalled / 4),
    )


def _quiet_queue_logs() -> None:
    # procrastinate and httpx log every job and request at INFO: thousands of lines per batch
    for name in ("procrastinate", "httpx"):
        logging.getLogger(name).setLevel(logging.WARNING)


async def _stop(task: asyncio.Task[None], patience: float) -> None:
    """Cancel `task` and wait for it to end, cancelling it again every `patience` seconds.

    A single cancel() is not enough on Python 3.11: asyncio.wait_for, with which psycopg_pool waits
    for a free connection (procrastinate's worker does so while it starts), drops a cancellation that
    lands just as the connection arrives (CPython gh-86296); the task then runs on, and a plain
    `await task` would hold the app's shutdown forever. procrastinate stops its own side tasks the
    same way.
    """
    while not task.done():
        if task.cancelling():
            log.warning("%s ignored its cancellation for %s s: cancelling it again", task.get_name(), patience)
        task.cancel()
        await asyncio.wait({task}, timeout=patience)
    with contextlib.suppress(asyncio.CancelledError):
        await task


@contextlib.asynccontextmanager
async def batches_lifespan(app: Starlette) -> AsyncIterator[Services]:
    """Lifespan part: the service and fan-out for resolvers, plus a worker when run_workers is set."""
    settings: Settings = app.state.settings
    _quiet_queue_logs()
    service = EnrichService(app.state.direct_database_url, app.state.engine, enrich_config(settings))
    events = BatchEvents(app.state.direct_database_url)
    await service.open()
    await events.start()
    options = worker_options(settings)
    worker: asyncio.Task[None] | None = None
    if settings.run_workers:
        worker = asyncio.create_task(service.run_worker(options), name="enrich-worker")
    try:
        yield Services(enrich=service, batch_events=events)
    finally:
        if worker is not None:
            # running jobs get the grace period, then as long again to stop once aborted
            await _stop(worker, patience=2 * options.shutdown_grace_seconds)
        await events.stop()
        await service.close()


async def run_worker_process(url: str, settings: Settings, concurrency: int | None = None) -> None:
    """`hq-gateway worker`: jobs until SIGINT/SIGTERM (running jobs get a grace period, then run again later)."""
    configure_logging(settings.log_level)
    _quiet_queue_logs()
    options = worker_options(settings, concurrency)
    engine = create_engine(
        url,
        pool_size=options.concurrency + 2,
        statement_timeout_ms=settings.statement_timeout_ms,
        pooled=settings.transaction_pooled,
    )
    service = EnrichService(direct_url(settings, url), engine, enrich_config(settings))
    await service.open()
    try:
        log.info("worker %s started (concurrency %s)", options.name, options.concurrency)
        await service.run_worker(options, install_signal_handlers=True)
    finally:
        await service.close()
        await engine.dispose()


def _free_port(host: str) -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def local_companyenrich(settings: Settings, host: str = "127.0.0.1") -> Iterator[str | None]:
    """`make run` without COMPANYENRICH_API_KEY: a fake CompanyEnrich subprocess, and settings pointing at it."""
    if settings.companyenrich_api_key:
        yield None
        return
    port, key = _free_port(host), f"fake-{secrets.token_hex(8)}"
    script = Path(sys.executable).with_name("hq-gateway")
    command = [str(script)] if script.exists() else [sys.executable, "-c", "from gateway.cli import main; main()"]
    command += ["fake-companyenrich", "--host", host, "--port", str(port), "--api-key", key]
    command += ["--latency-ms", "150", "--exit-with-parent", str(os.getpid())]
    process = subprocess.Popen(command)
    try:
        deadline = time.monotonic() + 15
        while True:
            with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=0.5):
                break
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the fake CompanyEnrich did not start")
            time.sleep(0.1)
        url = f"http://{host}:{port}"
        os.environ["COMPANYENRICH_BASE_URL"] = url
        os.environ["COMPANYENRICH_API_KEY"] = key
        get_settings.cache_clear()
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
