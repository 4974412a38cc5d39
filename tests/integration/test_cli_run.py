"""`hq-gateway serve` and `run` on a port already taken: they exit at once, non-zero, saying why.

They used to hang forever there: uvicorn cancels the enrichment worker in the lifespan shutdown, and
on Python 3.11 asyncio.wait_for (psycopg_pool waits for a connection with it) can lose a cancellation
(CPython gh-86296), so the worker's recovery loop never ended. The subprocess tests hit that race only
sometimes; the two tests at the end lose the cancellation on purpose.
"""

import asyncio
import contextlib
import os
import socket
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from gateway.batches.service import _stop, enrich_config
from gateway.settings import Settings
from ingest.demo import database_is_empty
from ingest.enrich.jobs import EnrichService, Recovery, WorkerOptions
from tests.integration.processes import HQ_GATEWAY

REPO = Path(__file__).resolve().parents[2]
EXIT_WITHIN = 60  # seconds; generous on purpose: the bug was a hang, not slowness
MARKER_DOMAIN = "cli-run-test.example"


@dataclass
class Exited:
    code: int
    stdout: str
    stderr: str


@pytest.fixture
def taken_port() -> Iterator[int]:
    """A loopback port another socket listens on for the whole test."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        yield int(s.getsockname()[1])


async def hq_gateway(database_url: str, *args: str) -> Exited:
    command = (
        [str(HQ_GATEWAY)] if HQ_GATEWAY.exists() else [sys.executable, "-c", "from gateway.cli import main; main()"]
    )
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "HQ_RUN_WORKERS": "true",  # the hang needed the enrichment worker
        "COMPANYENRICH_API_KEY": "x",  # `run` starts no local fake CompanyEnrich
        "COMPANYENRICH_BASE_URL": "http://127.0.0.1:9",  # never the real API
    }
    proc = await asyncio.create_subprocess_exec(
        *command, *args, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        async with asyncio.timeout(EXIT_WITHIN):
            out, err = await proc.communicate()
    except TimeoutError:
        proc.kill()
        await proc.communicate()
        pytest.fail(f"`hq-gateway {' '.join(args)}` still runs after {EXIT_WITHIN} s on a taken port")
    assert proc.returncode is not None
    return Exited(proc.returncode, out.decode(), err.decode())


def assert_refused(exited: Exited, port: int) -> None:
    assert exited.code != 0, exited
    assert "address already in use" in exited.stderr, exited.stderr
    assert f"the server did not start on 127.0.0.1:{port}" in exited.stderr, exited.stderr
    assert "Traceback" not in exited.stderr, exited.stderr


async def test_serve_exits_when_the_port_is_taken(database_url: str, taken_port: int) -> None:
    exited = await hq_gateway(database_url, "serve", "--port", str(taken_port))
    assert_refused(exited, taken_port)


@pytest.fixture
async def warehouse_with_data(engine: AsyncEngine, database_url: str) -> AsyncIterator[int]:
    """At least one company in core (a marker row when the suite left none), so `run` must not load the demo."""
    added = await database_is_empty(database_url)
    if added:
        async with engine.begin() as conn:
            await conn.execute(text("INSERT INTO core.companies (domain) VALUES (:d)"), {"d": MARKER_DOMAIN})
    async with engine.connect() as conn:
        companies = int(await conn.scalar(text("SELECT count(*) FROM core.companies")) or 0)
    yield companies
    if added:
        async with engine.begin() as conn:
            await conn.execute(text("DELETE FROM core.companies WHERE domain = :d"), {"d": MARKER_DOMAIN})


async def test_run_exits_when_the_port_is_taken_and_keeps_the_data(
    database_url: str, engine: AsyncEngine, api_keys: dict[str, str], warehouse_with_data: int, taken_port: int
) -> None:
    exited = await hq_gateway(database_url, "run", "--port", str(taken_port))
    assert_refused(exited, taken_port)
    assert "empty database" not in exited.stdout, exited.stdout  # keys and data exist: no demo load ...
    assert "API key (" not in exited.stdout, exited.stdout  # ... and no first-start keys
    assert f"serving http://127.0.0.1:{taken_port}/graphql" in exited.stdout, exited.stdout
    async with engine.connect() as conn:
        assert await conn.scalar(text("SELECT count(*) FROM core.companies")) == warehouse_with_data


async def test_recovery_loop_stops_when_its_cancellation_is_lost(
    database_url: str, direct_database_url: str, engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    service = EnrichService(direct_database_url, engine, enrich_config(Settings(database_url=database_url)))
    entered = asyncio.Event()

    async def recover_losing_the_cancellation(stalled_seconds: float) -> Recovery:
        # what psycopg_pool does on Python 3.11 when the cancellation lands as a connection arrives
        entered.set()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.sleep(3600)
        return Recovery(0, 0, 0, 0)

    monkeypatch.setattr(service, "recover", recover_losing_the_cancellation)
    try:
        task = asyncio.create_task(service.recover_forever(WorkerOptions(recover_every=3600)))
        await entered.wait()
        task.cancel()
        await asyncio.wait({task}, timeout=EXIT_WITHIN)
        assert task.cancelled()
    finally:
        await service.client.aclose()


async def test_stop_cancels_again_a_task_that_lost_its_cancellation() -> None:
    lost = asyncio.Event()

    async def runs_on_after_one_cancel() -> None:
        try:
            await asyncio.sleep(3600)
        except asyncio.CancelledError:
            lost.set()
        await asyncio.sleep(3600)

    task = asyncio.create_task(runs_on_after_one_cancel())
    await asyncio.sleep(0)
    async with asyncio.timeout(EXIT_WITHIN):
        await _stop(task, patience=0.1)
    assert lost.is_set()
    assert task.cancelled()
