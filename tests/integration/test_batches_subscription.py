"""similarCompaniesBatchProgress over a real websocket (graphql-transport-ws) on a loopback port."""

import asyncio
import itertools
import json
from typing import Any

import pytest
import websockets
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from ingest.enrich.fake_server import FaultPlan
from ingest.enrich.notify import BatchEvents
from tests.integration.batches_support import Gateway, random_domains, subscribe


@pytest.fixture(autouse=True)
def fresh_plan(gw: Gateway) -> None:
    gw.fake.plan = FaultPlan(api_key="test-key", latency_ms=20)


def bearer(token: str) -> dict[str, Any]:
    return {"Authorization": f"Bearer {token}"}


async def test_snapshot_first_then_every_change_until_the_end(gw: Gateway) -> None:
    gw.fake.plan.latency_ms = 150
    batch = await gw.start(random_domains(12, "sub"))
    events: list[dict[str, Any]] = []
    assert await subscribe(gw.ws_url(), batch["id"], bearer(gw.operator), events) is None
    assert events[0]["status"] in ("PENDING", "RUNNING")
    assert events[0]["batchId"] == batch["id"]
    assert events[-1]["status"] == "COMPLETED"
    assert events[-1]["processed"] == events[-1]["succeeded"] == 12
    processed = [e["processed"] for e in events]
    assert processed == sorted(processed)
    assert len(set(processed)) >= 4  # progress arrives along the way, not just at the end
    assert all(a != b for a, b in itertools.pairwise(events))  # one event per change, no repeats
    final = await gw.batch(batch["id"])
    assert final["similarCompaniesFound"] == events[-1]["similarCompaniesFound"]


async def test_a_finished_batch_gives_its_state_and_completes(gw: Gateway) -> None:
    batch = await gw.start(random_domains(2, "subdone"))
    await gw.wait_final(batch["id"])
    events: list[dict[str, Any]] = []
    assert await subscribe(gw.ws_url(), batch["id"], bearer(gw.operator), events) is None
    assert [(e["status"], e["processed"]) for e in events] == [("COMPLETED", 2)]


async def test_reconnecting_gets_the_current_state(gw: Gateway) -> None:
    gw.fake.plan.latency_ms = 500
    batch = await gw.start(random_domains(48, "reconnect"))  # 6 rounds of 8 jobs: about 3 s
    first: list[dict[str, Any]] = []
    with pytest.raises(TimeoutError):  # the client goes away mid-batch
        await subscribe(gw.ws_url(), batch["id"], bearer(gw.operator), first, within=0.7)
    assert first
    await asyncio.sleep(0.5)
    again: list[dict[str, Any]] = []
    assert await subscribe(gw.ws_url(), batch["id"], bearer(gw.operator), again) is None
    assert again[0]["processed"] >= first[-1]["processed"]
    assert again[-1]["status"] == "COMPLETED"


async def test_websocket_auth_from_connection_init_or_headers(gw: Gateway, api_keys: dict[str, str]) -> None:
    batch = await gw.start(random_domains(1, "subauth"))
    await gw.wait_final(batch["id"])
    events: list[dict[str, Any]] = []
    error = await subscribe(gw.ws_url(), batch["id"], {}, events)
    assert error is not None
    assert "UNAUTHENTICATED" in json.dumps(error)
    error = await subscribe(gw.ws_url(), batch["id"], bearer(api_keys["reader"]), events)
    assert error is not None
    assert "FORBIDDEN" in json.dumps(error)
    assert events == []
    with pytest.raises(websockets.ConnectionClosed) as closed:
        await subscribe(gw.ws_url(), batch["id"], bearer("hq_ope_not-a-key"), events)
    assert closed.value.rcvd is not None
    assert closed.value.rcvd.code == 4403
    # a non-browser client may send the key as a header of the upgrade request instead
    async with websockets.connect(
        gw.ws_url(),
        subprotocols=[websockets.Subprotocol("graphql-transport-ws")],
        additional_headers=bearer(gw.operator),
    ) as ws:
        await ws.send(json.dumps({"type": "connection_init", "payload": {}}))
        assert json.loads(await ws.recv())["type"] == "connection_ack"
        query = "subscription($id: ID!) { similarCompaniesBatchProgress(id: $id) { status } }"
        payload = {"query": query, "variables": {"id": batch["id"]}}
        await ws.send(json.dumps({"type": "subscribe", "id": "1", "payload": payload}))
        assert json.loads(await ws.recv())["payload"]["data"]["similarCompaniesBatchProgress"]["status"] == "COMPLETED"


async def test_disconnected_subscribers_leave_nothing_behind(gw: Gateway, engine: AsyncEngine) -> None:
    events_hub: BatchEvents = gw.app.state.services.batch_events
    tasks_before = len(asyncio.all_tasks())
    gw.fake.plan.latency_ms = 300
    batch = await gw.start(random_domains(30, "leak"))
    clients = [
        asyncio.create_task(subscribe(gw.ws_url(), batch["id"], bearer(gw.operator), [], within=60)) for _ in range(5)
    ]
    async with asyncio.timeout(10):
        while events_hub.subscriber_count < 5:  # noqa: ASYNC110 - counted by the server's tasks
            await asyncio.sleep(0.05)
    for client in clients:
        client.cancel()
    await asyncio.gather(*clients, return_exceptions=True)
    async with asyncio.timeout(10):
        while events_hub.subscriber_count or len(asyncio.all_tasks()) > tasks_before:  # noqa: ASYNC110
            await asyncio.sleep(0.05)
    async with engine.connect() as conn:
        listeners = await conn.scalar(
            text(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE application_name = 'hq-gateway-listen' AND datname = current_database()"
            )
        )
    assert listeners is not None
    assert listeners <= 2  # this gateway's one LISTEN connection (+ the shared test app's), none per subscriber
    await gw.gql(f'mutation {{ cancelSimilarCompaniesBatch(id: "{batch["id"]}") {{ id }} }}')
