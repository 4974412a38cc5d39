"""Soak: a mixed load on one gateway for a fixed time, watching errors, latency, memory and leaks.

Setup (all on this machine, loopback only): a throwaway embedded PostgreSQL (or BENCH_DATABASE_URL) with
demo data, the fake CompanyEnrich, and one `hq-gateway serve` (its in-process worker runs the batch).
Load, all at once for --seconds: query clients (leads with filters and nested company), webhook clients
(POST /ingest/company_discovery, unique rows), one similar-companies batch, and websocket subscribers to
the batch's progress connecting and disconnecting until --subscribers connections have been made.

Prints: answers and errors per kind (5xx separately), p50/p99 latency, webhooks answered 200 vs rows in
raw (lost must be 0), resident memory / asyncio tasks / checked-out connections / server connections at
start, after a quarter of the run (pools and caches filled) and at the end (after the load, once idle).
Targets: zero 5xx, zero lost webhooks, memory and tasks flat.

    .venv/bin/python bench/soak.py [--seconds 60] [--subscribers 500] [--people 20000]
"""

import argparse
import asyncio
import json
import os
import random
import re
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from support import free_port, machine, percentile, spawned, throwaway_database, wait_ready  # isort: skip

import httpx
import websockets
from sqlalchemy import text

from gateway import migrations
from gateway.auth import Role, create_key
from gateway.database import create_engine
from ingest.demo import load_demo_data

LEADS = """query Soak($f: LeadFilter) { leads(filter: $f, first: 50) {
  totalCount(mode: CAPPED) nodes { fullName jobTitle company { name industry } } } }"""
FILTERS = [
    {"personCountry": "United States"},
    {"jobFunctions": ["Engineering"], "seniorities": ["Senior"]},
    {"companyName": "tech"},
    {"industries": ["Software Development"], "personCountry": "Germany"},
]
PROGRESS = "subscription($id: ID!) { similarCompaniesBatchProgress(id: $id) { status processed total } }"


class Tally:
    def __init__(self) -> None:
        self.latency: dict[str, list[float]] = {}
        self.status: dict[str, dict[str, int]] = {}

    def add(self, kind: str, seconds: float, outcome: str) -> None:
        self.latency.setdefault(kind, []).append(seconds)
        counts = self.status.setdefault(kind, {})
        counts[outcome] = counts.get(outcome, 0) + 1


def gauges(metrics: str) -> dict[str, float]:
    out: dict[str, float] = {}
    for name in ("process_resident_memory_bytes", "hq_asyncio_tasks"):
        m = re.search(rf"^{name} ([0-9.e+]+)$", metrics, re.M)
        out[name] = float(m.group(1)) if m else float("nan")
    out["checked_out"] = sum(
        float(v) for v in re.findall(r"^hq_db_connections_checked_out\{[^}]*\} ([0-9.]+)$", metrics, re.M)
    )
    return out


async def snapshot(client: httpx.AsyncClient, engine: Any) -> dict[str, float]:
    values = gauges((await client.get("/metrics")).text)
    async with engine.connect() as conn:
        values["server_connections"] = float(
            await conn.scalar(text("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'hq-gateway'")) or 0
        )
    return values


async def soak(args: argparse.Namespace, url: str, logs: Path) -> None:
    print(f"machine: {machine()}")
    await asyncio.to_thread(migrations.upgrade, url)
    t0 = time.perf_counter()
    await load_demo_data(url, people=args.people, companies=max(args.people // 5, 2), seed=3, progress=False)
    print(f"demo data: {args.people:,} people in {time.perf_counter() - t0:.1f} s")
    engine = create_engine(url, pool_size=2)
    keys = {r.value: (await create_key(engine, r, f"soak-{r.value}"))[1] for r in Role}
    port, fake_port = free_port(), free_port()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "HQ_LOG_LEVEL": "WARNING",
        "COMPANYENRICH_BASE_URL": f"http://127.0.0.1:{fake_port}",
        "COMPANYENRICH_API_KEY": "soak-key",
        "HQ_COMPANYENRICH_RATE_LIMIT": str(args.rate),
    }
    fake = ["fake-companyenrich", "--port", str(fake_port), "--api-key", "soak-key", "--latency-ms", "50"]
    with spawned([(fake, env), (["serve", "--port", str(port)], env)], logs):
        base = f"http://127.0.0.1:{port}"
        await wait_ready(base + "/readyz")
        tally = Tally()
        accepted: list[int] = []
        async with httpx.AsyncClient(base_url=base, timeout=30) as client:
            await client.post("/graphql", json={"query": "{ __typename }"}, headers=auth(keys["reader"]))
            before = await snapshot(client, engine)
            domains = [f"soak-{i}-{uuid.uuid4().hex[:6]}.com" for i in range(int(args.seconds * args.rate))]
            started = await client.post(
                "/graphql",
                json={
                    "query": "mutation($d: [String!]!) { startSimilarCompaniesBatch(domains: $d) { id total } }",
                    "variables": {"d": domains},
                },
                headers=auth(keys["operator"]),
            )
            batch_id = started.json()["data"]["startSimilarCompaniesBatch"]["id"]
            stop = time.monotonic() + args.seconds
            subscribers_left = [args.subscribers]
            warm: dict[str, float] = {}

            async def warmed_up() -> None:
                await asyncio.sleep(args.seconds / 4)  # the pools and caches have filled by now
                warm.update(await snapshot(client, engine))

            await asyncio.gather(
                warmed_up(),
                *(query_client(client, keys["reader"], stop, tally) for _ in range(args.query_clients)),
                *(webhook_client(client, keys["ingest"], stop, tally, accepted) for _ in range(args.webhook_clients)),
                *(
                    subscriber(
                        f"ws://127.0.0.1:{port}/graphql", keys["operator"], batch_id, stop, tally, subscribers_left
                    )
                    for _ in range(args.concurrent_subscribers)
                ),
            )
            await asyncio.sleep(3)  # let closed websockets and finished requests settle
            after = await snapshot(client, engine)
        async with engine.connect() as conn:
            stored = await conn.scalar(
                text("SELECT count(*) FROM raw.payloads WHERE id = ANY(:ids)"), {"ids": accepted}
            )
            batch = (
                await conn.execute(
                    text("SELECT status, processed, total FROM raw.company_enrich_similar_batches WHERE id = :b"),
                    {"b": batch_id},
                )
            ).one()
    await engine.dispose()
    report(args, tally, accepted, int(stored or 0), batch, before, warm, after)


def auth(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def outcome(response: httpx.Response) -> str:
    if response.status_code >= 500:
        return f"http {response.status_code}"
    if response.headers.get("content-type", "").startswith("application/json"):
        errors = response.json().get("errors") if isinstance(response.json(), dict) else None
        if errors:
            return "error " + ",".join(sorted({str((e.get("extensions") or {}).get("code")) for e in errors}))
    return f"http {response.status_code}"


async def query_client(client: httpx.AsyncClient, key: str, stop: float, tally: Tally) -> None:
    rng = random.Random()
    while time.monotonic() < stop:
        t = time.perf_counter()
        r = await client.post(
            "/graphql", json={"query": LEADS, "variables": {"f": rng.choice(FILTERS)}}, headers=auth(key)
        )
        tally.add("query", time.perf_counter() - t, outcome(r))


async def webhook_client(client: httpx.AsyncClient, key: str, stop: float, tally: Tally, accepted: list[int]) -> None:
    while time.monotonic() < stop:
        body = {"domain": f"soak-{uuid.uuid4().hex[:12]}.io", "name": "Soak Co", "industry": "Software Development"}
        t = time.perf_counter()
        r = await client.post("/ingest/company_discovery", json=body, headers=auth(key))
        tally.add("webhook", time.perf_counter() - t, outcome(r))
        if r.status_code == 200:
            accepted.append(int(r.json()["rawId"]))


async def subscriber(ws_url: str, key: str, batch_id: str, stop: float, tally: Tally, left: list[int]) -> None:
    rng = random.Random()
    while time.monotonic() < stop and left[0] > 0:
        left[0] -= 1
        t = time.perf_counter()
        try:
            async with websockets.connect(ws_url, subprotocols=[websockets.Subprotocol("graphql-transport-ws")]) as ws:
                await ws.send(json.dumps({"type": "connection_init", "payload": auth(key)}))
                assert json.loads(await ws.recv())["type"] == "connection_ack"
                await ws.send(
                    json.dumps(
                        {"type": "subscribe", "id": "1", "payload": {"query": PROGRESS, "variables": {"id": batch_id}}}
                    )
                )
                first = json.loads(await ws.recv())
                tally.add(
                    "subscribe",
                    time.perf_counter() - t,
                    "ok" if first["type"] in ("next", "complete") else first["type"],
                )
                linger = time.monotonic() + rng.uniform(0.2, 2.0)
                while time.monotonic() < linger:
                    try:
                        msg = json.loads(
                            await asyncio.wait_for(ws.recv(), timeout=max(0.01, linger - time.monotonic()))
                        )
                    except TimeoutError:
                        break
                    if msg["type"] == "complete":
                        break
        except (OSError, websockets.WebSocketException) as exc:
            tally.add("subscribe", time.perf_counter() - t, f"failed {type(exc).__name__}")


def report(
    args: argparse.Namespace,
    tally: Tally,
    accepted: list[int],
    stored: int,
    batch: Any,
    before: dict[str, float],
    warm: dict[str, float],
    after: dict[str, float],
) -> None:
    print(
        f"load: {args.seconds:.0f} s, {args.query_clients} query + {args.webhook_clients} webhook clients, "
        f"{args.subscribers} subscriber connections ({args.concurrent_subscribers} at a time), batch at {args.rate}/s"
    )
    fivexx = 0
    for kind, counts in tally.status.items():
        lat = tally.latency[kind]
        fivexx += sum(n for o, n in counts.items() if o.startswith("http 5"))
        p50, p99 = percentile(lat, 0.5) * 1000, percentile(lat, 0.99) * 1000
        print(f"  {kind:<9} n={len(lat):>6}  p50 {p50:7.1f} ms  p99 {p99:7.1f} ms  {counts}")
    print(f"5xx answers: {fivexx}")
    print(f"webhooks answered 200: {len(accepted)}, rows in raw: {stored}, lost: {len(accepted) - stored}")
    print(f"batch: {batch.status} {batch.processed}/{batch.total}")
    for name, label, scale in (
        ("process_resident_memory_bytes", "resident memory MB", 1 / 2**20),
        ("hq_asyncio_tasks", "asyncio tasks", 1),
        ("checked_out", "checked-out connections", 1),
        ("server_connections", "server connections", 1),
    ):
        print(
            f"  {label:<24} start {before[name] * scale:8.1f}   after warm-up {warm[name] * scale:8.1f}"
            f"   end {after[name] * scale:8.1f}"
        )


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--seconds", type=float, default=60)
    p.add_argument("--subscribers", type=int, default=500)
    p.add_argument("--concurrent-subscribers", type=int, default=25)
    p.add_argument("--query-clients", type=int, default=4)
    p.add_argument("--webhook-clients", type=int, default=4)
    p.add_argument("--people", type=int, default=20_000)
    p.add_argument("--rate", type=float, default=10, help="CompanyEnrich requests/s for the batch")
    args = p.parse_args()
    with tempfile.TemporaryDirectory(prefix="hq-soak-logs-") as logs, throwaway_database() as url:
        asyncio.run(soak(args, url, Path(logs)))


if __name__ == "__main__":
    main()
