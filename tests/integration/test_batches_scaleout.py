"""Scale-out: two gateway processes and two worker processes on one database, one worker SIGKILLed midway.

A batch started through gateway A is processed by both workers, streamed to a subscriber on gateway B,
and completes with every domain done exactly once (compared with what the fake API actually served).
"""

import asyncio
import contextlib
import os
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.integration.batches_support import random_domains, subscribe
from tests.integration.processes import HQ_GATEWAY, free_port, spawn_gateway

DOMAINS = 80


@contextlib.contextmanager
def processes(tmp: Path) -> Iterator[list[tuple[subprocess.Popen[bytes], Path]]]:
    started: list[tuple[subprocess.Popen[bytes], Path]] = []
    try:
        yield started
    finally:
        for proc, _ in started:
            if proc.poll() is None:
                proc.terminate()
        for proc, _ in started:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def spawn(
    started: list[tuple[subprocess.Popen[bytes], Path]], tmp: Path, name: str, args: list[str], env: dict[str, str]
) -> subprocess.Popen[bytes]:
    log = tmp / f"{name}.log"
    with log.open("wb") as out:
        proc = spawn_gateway(args, env, out)
    started.append((proc, log))
    return proc


async def wait_http(url: str, within: float = 60) -> None:
    async with asyncio.timeout(within), httpx.AsyncClient() as client:
        while True:
            with contextlib.suppress(httpx.HTTPError):
                if (await client.get(url)).status_code < 500:
                    return
            await asyncio.sleep(0.2)


@pytest.mark.skipif(not HQ_GATEWAY.exists(), reason="needs the hq-gateway console script (pip install -e .)")
async def test_two_gateways_two_workers_one_killed(
    database_url: str, api_keys: dict[str, str], engine: AsyncEngine, tmp_path: Path
) -> None:
    fake_port, gw_a, gw_b = free_port(), free_port(), free_port()
    fake_url = f"http://127.0.0.1:{fake_port}"
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "COMPANYENRICH_BASE_URL": fake_url,
        "COMPANYENRICH_API_KEY": "scale-key",
        "HQ_COMPANYENRICH_RATE_LIMIT": "20",
        "HQ_WORKER_STALLED_SECONDS": "4",
        "HQ_WORKER_CONCURRENCY": "4",
        "HQ_LOG_LEVEL": "INFO",
    }
    with processes(tmp_path) as started:
        fake_args = ["fake-companyenrich", "--port", str(fake_port), "--api-key", "scale-key", "--latency-ms", "60"]
        spawn(started, tmp_path, "fake", fake_args, env)
        for name, port in (("gateway-a", gw_a), ("gateway-b", gw_b)):
            spawn(started, tmp_path, name, ["serve", "--port", str(port)], {**env, "HQ_RUN_WORKERS": "false"})
        victim = spawn(started, tmp_path, "worker-1", ["worker"], env)
        spawn(started, tmp_path, "worker-2", ["worker"], env)
        for url in (f"{fake_url}/_fake/plan", f"http://127.0.0.1:{gw_a}/readyz", f"http://127.0.0.1:{gw_b}/readyz"):
            await wait_http(url)

        domains = random_domains(DOMAINS, "scale")
        headers = {"Authorization": f"Bearer {api_keys['operator']}"}
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{gw_a}", headers=headers, timeout=30) as client:
            query = "mutation($d: [String!]!) { startSimilarCompaniesBatch(domains: $d) { id status total } }"
            body = (await client.post("/graphql", json={"query": query, "variables": {"d": domains}})).json()
        batch = body["data"]["startSimilarCompaniesBatch"]
        assert (batch["status"], batch["total"]) == ("PENDING", DOMAINS)

        events: list[dict[str, Any]] = []
        payload = {"Authorization": f"Bearer {api_keys['operator']}"}
        watcher = asyncio.create_task(
            subscribe(f"ws://127.0.0.1:{gw_b}/graphql", batch["id"], payload, events, within=120)
        )
        async with asyncio.timeout(60):
            while not events or events[-1]["processed"] < DOMAINS // 4:
                assert not watcher.done(), watcher.result()
                await asyncio.sleep(0.05)
        victim.send_signal(signal.SIGKILL)
        killed_at = events[-1]["processed"]
        assert await watcher is None
        assert killed_at < DOMAINS

        final = events[-1]
        assert (final["status"], final["processed"], final["succeeded"], final["failed"]) == (
            "COMPLETED",
            DOMAINS,
            DOMAINS,
            0,
        )
        processed = [e["processed"] for e in events]
        assert processed == sorted(processed)

        async with httpx.AsyncClient() as client:
            served = (await client.get(f"{fake_url}/_fake/requests")).json()
        expected: dict[str, set[str]] = {d: set() for d in domains}
        for entry in served:
            if entry.get("domain") in expected and entry["status"] == 200:
                expected[entry["domain"]].update(entry["items"])
        async with engine.connect() as conn:
            rows = (
                await conn.execute(
                    text(
                        "SELECT input_domain, company_domain FROM extracted.company_enrich_similar"
                        " WHERE input_domain = ANY(:d)"
                    ),
                    {"d": domains},
                )
            ).all()
            statuses = dict(
                (
                    await conn.execute(
                        text("SELECT domain, status FROM raw.company_enrich_similar_batch_domains WHERE batch_id = :b"),
                        {"b": batch["id"]},
                    )
                ).all()
            )
        stored: dict[str, set[str]] = {d: set() for d in domains}
        for r in rows:
            stored[r.input_domain].add(r.company_domain)
        assert len(rows) == sum(len(v) for v in stored.values())  # no duplicate rows
        assert stored == expected  # nothing missing, nothing extra
        assert set(statuses.values()) == {"SUCCEEDED"}
        assert final["similarCompaniesFound"] == len(rows)  # each domain counted once

        logs = {log.stem: log.read_text(errors="replace") for _, log in started}
        for worker in ("worker-1", "worker-2"):
            assert f"batch {batch['id']} domain" in logs[worker], f"{worker} processed nothing"
