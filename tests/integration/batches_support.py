"""Shared by the batch tests: the fake CompanyEnrich and a real gateway (with a worker) on loopback ports."""

import asyncio
import contextlib
import json
import socket
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import uvicorn
import websockets
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette

from gateway.app import create_app
from gateway.settings import Settings
from ingest.enrich.fake_server import FakeCompanyEnrich, FaultPlan, running_fake

FIELDS = "id status total processed succeeded failed similarCompaniesFound errorMessage invalidDomains"


def random_domains(n: int, tag: str = "t") -> list[str]:
    """Domains no other test uses (the tables are shared by the whole session)."""
    run = uuid.uuid4().hex[:8]
    return [f"{tag}{i}-{run}.example.com" for i in range(n)]


@dataclass
class Gateway:
    app: Starlette
    url: str
    fake: FakeCompanyEnrich
    fake_url: str
    operator: str

    def ws_url(self) -> str:
        return self.url.replace("http://", "ws://") + "/graphql"

    async def gql(self, query: str, variables: dict[str, Any] | None = None, token: str | None = None) -> Any:
        async with httpx.AsyncClient(base_url=self.url, timeout=30) as client:
            response = await client.post(
                "/graphql",
                json={"query": query, "variables": variables or {}},
                headers={"Authorization": f"Bearer {token or self.operator}"},
            )
        assert response.status_code == 200, response.text
        return response.json()

    async def start(self, domains: list[str], options: dict[str, Any] | None = None) -> dict[str, Any]:
        body = await self.gql(
            f"mutation($d: [String!]!, $o: SimilarCompaniesOptions) {{ startSimilarCompaniesBatch(domains: $d,"
            f" options: $o) {{ {FIELDS} }} }}",
            {"d": domains, "o": options},
        )
        assert "errors" not in body, body
        return dict(body["data"]["startSimilarCompaniesBatch"])

    async def batch(self, batch_id: str) -> dict[str, Any]:
        body = await self.gql(f"query($id: ID!) {{ similarCompaniesBatch(id: $id) {{ {FIELDS} }} }}", {"id": batch_id})
        return dict(body["data"]["similarCompaniesBatch"])

    async def wait_final(self, batch_id: str, within: float = 60) -> dict[str, Any]:
        async with asyncio.timeout(within):
            while True:
                batch = await self.batch(batch_id)
                if batch["status"] not in ("PENDING", "RUNNING"):
                    return batch
                await asyncio.sleep(0.1)


@contextlib.asynccontextmanager
async def serve_app(app: Starlette) -> AsyncIterator[str]:
    """The app under uvicorn on a free loopback port, in this event loop (lifespan included)."""
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    config = uvicorn.Config(app, lifespan="on", log_level="warning", access_log=False, timeout_graceful_shutdown=2)
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve(sockets=[sock]))
    while not server.started:
        if task.done():
            task.result()
        await asyncio.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        await task
        sock.close()


@contextlib.asynccontextmanager
async def running_gateway(database_url: str, operator: str, **settings: Any) -> AsyncIterator[Gateway]:
    """Fake CompanyEnrich + a gateway whose lifespan runs a worker, both on real loopback ports."""
    async with running_fake(FaultPlan(api_key="test-key")) as (fake, fake_url):
        values: dict[str, Any] = {
            "database_url": database_url,
            "run_workers": True,
            "companyenrich_base_url": fake_url,
            "companyenrich_api_key": "test-key",
            "companyenrich_rate_limit": 0,
            "companyenrich_timeout_seconds": 2.0,
            "worker_stalled_seconds": 4.0,
            "worker_concurrency": 8,
            **settings,
        }
        app = create_app(Settings(**values))
        async with serve_app(app) as url:
            yield Gateway(app, url, fake, fake_url, operator)


async def subscribe(
    url: str, batch_id: str, payload: dict[str, Any], into: list[dict[str, Any]], within: float = 60
) -> dict[str, Any] | None:
    """Collect progress events over graphql-transport-ws until complete; the first error message, if any."""
    async with (
        asyncio.timeout(within),
        websockets.connect(url, subprotocols=[websockets.Subprotocol("graphql-transport-ws")]) as ws,
    ):
        await ws.send(json.dumps({"type": "connection_init", "payload": payload}))
        ack = json.loads(await ws.recv())
        if ack["type"] != "connection_ack":
            return dict(ack)
        query = (
            "subscription($id: ID!) { similarCompaniesBatchProgress(id: $id) "
            "{ batchId status total processed succeeded failed similarCompaniesFound updatedAt } }"
        )
        await ws.send(
            json.dumps({"type": "subscribe", "id": "1", "payload": {"query": query, "variables": {"id": batch_id}}})
        )
        while True:
            msg = json.loads(await ws.recv())
            if msg["type"] == "next":
                if msg["payload"].get("errors"):
                    return dict(msg["payload"])
                into.append(msg["payload"]["data"]["similarCompaniesBatchProgress"])
            elif msg["type"] == "complete":
                return None
            elif msg["type"] == "error":
                return dict(msg)


async def stored_similar(engine: AsyncEngine, domains: list[str]) -> dict[str, set[str]]:
    async with engine.connect() as conn:
        rows = await conn.execute(
            text(
                "SELECT input_domain, company_domain FROM extracted.company_enrich_similar WHERE input_domain = ANY(:d)"
            ),
            {"d": domains},
        )
        out: dict[str, set[str]] = {d: set() for d in domains}
        for r in rows:
            out[r.input_domain].add(r.company_domain)
        return out


def served_ok(fake: FakeCompanyEnrich, domains: list[str]) -> dict[str, set[str]]:
    """What the fake answered with 200 per domain (the union over its successful answers)."""
    wanted = set(domains)
    out: dict[str, set[str]] = {d: set() for d in domains}
    for entry in fake.requests:
        if entry.get("domain") in wanted and entry.get("status") == 200 and entry.get("kind") != "count":
            out[entry["domain"]].update(entry["items"])
    return out


def requests_for(fake: FakeCompanyEnrich, domain: str) -> int:
    return sum(1 for e in fake.requests if e.get("domain") == domain)
