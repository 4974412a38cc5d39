"""Benchmark: a 598-domain similar-companies batch against the fake API at a configured rate limit.

Setup (all on this machine): a throwaway embedded PostgreSQL (or BENCH_DATABASE_URL), the fake
CompanyEnrich, one `hq-gateway serve` (no workers) and N `hq-gateway worker` processes as subprocesses;
this process starts the batch over HTTP and subscribes to its progress over graphql-transport-ws.

Prints: wall time vs domains / rate (target within 10%), event latency from a domain finishing (its
finished_at, the database clock) to the subscriber receiving the event that counts it (target p95 <= 250
ms), and the results written compared with what the fake served.

    .venv/bin/python bench/batches.py [--domains 598] [--rate 20] [--workers 2] [--latency-ms 80]
"""

import argparse
import asyncio
import json
import os
import platform
import statistics
import tempfile
import time
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import websockets
from sqlalchemy import text

from support import REPO, free_port, percentile, spawned, throwaway_database, wait_ready  # isort: skip

from gateway import migrations
from gateway.auth import Role, create_key
from gateway.database import create_engine


async def run(args: argparse.Namespace, url: str) -> None:
    engine = create_engine(url, pool_size=2)
    _, token = await create_key(engine, Role.OPERATOR, f"bench-{uuid.uuid4().hex[:6]}")
    fake_port, gw_port = free_port(), free_port()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "COMPANYENRICH_BASE_URL": f"http://127.0.0.1:{fake_port}",
        "COMPANYENRICH_API_KEY": "bench-key",
        "HQ_COMPANYENRICH_RATE_LIMIT": str(args.rate),
        "HQ_WORKER_CONCURRENCY": str(args.concurrency),
        "HQ_LOG_LEVEL": "WARNING",
    }
    fake = ["fake-companyenrich", "--port", str(fake_port), "--api-key", "bench-key"]
    fake += ["--latency-ms", str(args.latency_ms)]
    commands = [(fake, env), (["serve", "--port", str(gw_port)], {**env, "HQ_RUN_WORKERS": "false"})]
    commands += [(["worker"], env)] * args.workers
    logs = Path(tempfile.mkdtemp(prefix="hq-bench-logs-"))
    domains = [f"bench{i}-{uuid.uuid4().hex[:6]}.example.com" for i in range(args.domains)]
    with spawned(commands, logs):
        await wait_ready(f"http://127.0.0.1:{gw_port}/readyz")
        await asyncio.sleep(2)  # workers registered and listening
        received: list[tuple[float, dict[str, Any]]] = []
        headers = {"Authorization": f"Bearer {token}"}
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{gw_port}", headers=headers, timeout=60) as client:
            query = "mutation($d: [String!]!) { startSimilarCompaniesBatch(domains: $d) { id total status } }"
            t0 = time.time()
            body = (await client.post("/graphql", json={"query": query, "variables": {"d": domains}})).json()
            started = time.time()
        batch = body["data"]["startSimilarCompaniesBatch"]
        ws_url = f"ws://127.0.0.1:{gw_port}/graphql"
        async with websockets.connect(ws_url, subprotocols=[websockets.Subprotocol("graphql-transport-ws")]) as ws:
            await ws.send(json.dumps({"type": "connection_init", "payload": headers}))
            await ws.recv()
            sub = "subscription($id: ID!) { similarCompaniesBatchProgress(id: $id) { status processed succeeded } }"
            payload = {"query": sub, "variables": {"id": batch["id"]}}
            await ws.send(json.dumps({"type": "subscribe", "id": "1", "payload": payload}))
            async with asyncio.timeout(args.domains / args.rate * 3 + 60):
                while True:
                    msg = json.loads(await ws.recv())
                    if msg["type"] != "next":
                        break
                    received.append((time.time(), msg["payload"]["data"]["similarCompaniesBatchProgress"]))
        done = time.time()
        async with httpx.AsyncClient() as client:
            served = (await client.get(f"http://127.0.0.1:{fake_port}/_fake/requests")).json()

    async with engine.connect() as conn:
        finished = [
            r[0].timestamp()
            for r in await conn.execute(
                text(
                    "SELECT finished_at FROM raw.company_enrich_similar_batch_domains WHERE batch_id = :b"
                    " AND finished_at IS NOT NULL ORDER BY finished_at"
                ),
                {"b": batch["id"]},
            )
        ]
        times = (
            await conn.execute(
                text("SELECT started_at, completed_at FROM raw.company_enrich_similar_batches WHERE id = :b"),
                {"b": batch["id"]},
            )
        ).one()
        stored = (
            await conn.execute(
                text(
                    "SELECT count(*) AS rows, count(DISTINCT input_domain) AS domains"
                    " FROM extracted.company_enrich_similar WHERE input_domain = ANY(:d)"
                ),
                {"d": domains},
            )
        ).one()
        raw_rows = await conn.scalar(
            text("SELECT count(*) FROM raw.company_enrich_similar_raw WHERE batch_id = :b"), {"b": batch["id"]}
        )
        pg_version = await conn.scalar(text("SHOW server_version"))
    await engine.dispose()

    # each finished domain is delivered by the first event whose processed count includes it
    latencies: list[float] = []
    rank = 0
    for at, event in received:
        while rank < min(event["processed"], len(finished)):
            latencies.append(at - finished[rank])
            rank += 1
    expected = {e["domain"]: set(e["items"]) for e in served if e.get("status") == 200}
    expected_rows = sum(len(v) for v in expected.values())
    target = args.domains / args.rate
    wall = done - started
    batch_span = (times.completed_at - times.started_at).total_seconds() if isinstance(times[1], datetime) else 0.0
    cpu = platform.processor() or platform.machine()
    print(f"setup: {os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, PostgreSQL {pg_version}")
    print(
        f"       {args.domains} domains, rate limit {args.rate}/s shared by {args.workers} workers x "
        f"{args.concurrency} jobs, fake latency {args.latency_ms:.0f} ms"
    )
    print(f"start mutation answered in {(started - t0) * 1000:.0f} ms (status {batch['status']})")
    print(
        f"wall time: {wall:.2f} s from start to the final event; batch running {batch_span:.2f} s; "
        f"domains/rate = {target:.2f} s -> {100 * (wall - target) / target:+.1f}% (target within 10%)"
    )
    print(
        f"events: {len(received)} received; latency finish->subscriber over {len(latencies)} domains: "
        f"p50 {statistics.median(latencies) * 1000:.1f} ms, p95 {percentile(latencies, 0.95) * 1000:.1f} ms, "
        f"max {max(latencies) * 1000:.1f} ms (target p95 <= 250 ms)"
    )
    final = received[-1][1] if received else {}
    print(
        f"results: final {final.get('status')} {final.get('processed')}/{args.domains}; "
        f"{stored.rows} similar rows for {stored.domains} domains (fake served {expected_rows} for "
        f"{len(expected)}); {raw_rows} raw responses kept; API requests {len(served)}"
    )
    print(f"process logs: {logs}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--domains", type=int, default=598)
    parser.add_argument("--rate", type=float, default=20.0, help="requests per second, shared by all workers")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--latency-ms", type=float, default=80.0)
    args = parser.parse_args()
    os.environ.setdefault("XDG_RUNTIME_DIR", str(REPO / ".data" / "run"))
    with throwaway_database() as url:
        migrations.upgrade(url)
        asyncio.run(run(args, url))


if __name__ == "__main__":
    main()
