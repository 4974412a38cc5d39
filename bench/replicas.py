"""Read replicas: req/s and p50 of reader queries through a streaming replica vs the primary, same run.

    .venv/bin/python bench/replicas.py                                  # 200,000 people / 40,000 companies
    .venv/bin/python bench/replicas.py --people 20000 --companies 4000 --seconds 2 --rounds 2
    .venv/bin/python bench/replicas.py --pgbouncer                      # and a gateway through PgBouncer

Builds a throwaway embedded primary under .data/ (tests/replication.py, as the replica integration test
does), loads it with `hq-gateway migrate` and `hq-gateway demo-data --seed 1`, creates a reader key, then
copies it with `pg_basebackup -R -X stream` into a hot standby on the same machine (same binaries, same
configuration, same pages) and waits until the standby has replayed everything.

Two `hq-gateway serve` processes on loopback, both with DATABASE_URL at the primary and no workers:
`primary` (reads on the primary, as without replicas) and `replica` (HQ_READ_DATABASE_URLS at the standby,
so every reader request goes through gateway/replicas.py's routing to the standby). With --pgbouncer a
third, `pgbouncer`, reads the primary through Debian's PgBouncer in transaction mode (tests/pgbouncer.py;
HQ_DATABASE_POOLER=transaction, HQ_DIRECT_DATABASE_URL at the primary): the pooler's cost, same run.
Before timing, every gateway must answer every query with the same JSON and /readyz of `replica` must show the
standby usable; after timing, the `replica` gateway's hq_replica_reads_total must have grown for the standby
and not at all for the primary fallback (every timed read was answered by the standby), and the standby's own
transaction counter must have grown with it.

Queries: pages of 50 leads from bench/queries.py's cases() (the default page, a filtered page, signal
lists; --all: every case there, counts and facets too), each measured on both gateways in alternating order
per round (primary, replica; then replica, primary; ...; --rounds, 4 by default): req/s at --connections
keep-alive connections (10) and p50 at 1, each for --seconds (4) after 1 s of warm-up at the same
concurrency, with bench/peers.py's load generator (wrk, installed with apt-get when missing and possible,
else bench/support.py's keep-alive client). It prints the medians over the rounds and the ratios via
replica / primary. The gateways' output is kept in bench-replicas-<name>.log in the temporary directory;
everything else (gateways, standby, primary, folders) is removed at the end, also after Ctrl-C or an error.
The load generator, both gateways and both PostgreSQL servers share the machine's cores.
"""

import argparse
import asyncio
import contextlib
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

import asyncpg
import httpx
import orjson

from support import BIN, free_port, machine  # isort: skip  (puts the repo root ahead of bench/ on sys.path)

from peers import Generator, Measured, Target, find_wrk, measure
from queries import Case, cases, prepare_database, start, stop, wait_listening

from tests import pgbouncer
from tests.replication import Topology, embedded_primary, streaming_replica, wait_caught_up

GATEWAYS = ("primary", "replica")  # reads on the primary | routed to the standby
POOLED = "pgbouncer"  # --pgbouncer: reads on the primary through PgBouncer in transaction mode
CHOSEN = (
    "leads default page",
    "leads 3 filters (fn, seniority, range)",
    "newInRole",
    "leadsByCompanyCustomers",
    "recentlyPromoted",
)
REPLICA_READS = "hq_replica_reads_total"


# --- the data and the topology -----------------------------------------------------------------------


def load(url: str, people: int, companies: int) -> float:
    """`hq-gateway migrate` and `demo-data --seed 1` into the primary; the seconds they took."""
    env = {**os.environ, "DATABASE_URL": url}
    started = time.perf_counter()
    subprocess.run([str(BIN), "migrate"], env=env, check=True)
    demo = ["demo-data", "--people", str(people), "--companies", str(companies), "--seed", "1"]
    subprocess.run([str(BIN), *demo], env=env, check=True)
    return time.perf_counter() - started


async def scalar(url: str, sql: str) -> Any:
    """One value from a fresh connection: the few facts this bench asks are not worth a pool."""
    conn = await asyncpg.connect(url)
    try:
        return await conn.fetchval(sql)
    finally:
        await conn.close()


async def database_facts(t: Topology) -> str:
    version = await scalar(t.primary_url, "SHOW server_version")
    size = await scalar(t.primary_url, "SELECT pg_database_size(current_database())")
    people = await scalar(t.primary_url, "SELECT count(*) FROM core.people")
    companies = await scalar(t.primary_url, "SELECT count(*) FROM core.companies")
    if not await scalar(t.replica_url, "SELECT pg_is_in_recovery()"):
        raise SystemExit("replicas: the replica is not in recovery: it is no standby")
    return (
        f"PostgreSQL {version} (embedded), primary + hot standby on this machine; database {size / 2**20:,.0f} MiB, "
        f"{people:,} people, {companies:,} companies"
    )


async def replica_transactions(t: Topology) -> int:
    """The standby's own count of committed transactions: it grows only with reads it answered (and checks)."""
    return int(await scalar(t.replica_url, "SELECT sum(xact_commit) FROM pg_stat_database"))


# --- the two gateways ------------------------------------------------------------------------------------


def environments(t: Topology, pooler_url: str | None) -> dict[str, dict[str, str]]:
    """Each gateway's database settings, set either way: an inherited value must not leak in."""
    plain = {"DATABASE_URL": t.primary_url, "HQ_DATABASE_POOLER": "none", "HQ_DIRECT_DATABASE_URL": ""}
    out = {
        "primary": {**plain, "HQ_READ_DATABASE_URLS": ""},
        "replica": {**plain, "HQ_READ_DATABASE_URLS": t.replica_url},
    }
    if pooler_url:
        pooled = {
            "DATABASE_URL": pooler_url,
            "HQ_DATABASE_POOLER": "transaction",
            "HQ_DIRECT_DATABASE_URL": t.primary_url,
        }
        out[POOLED] = {**pooled, "HQ_READ_DATABASE_URLS": ""}
    return out


@contextlib.asynccontextmanager
async def gateways(environment: dict[str, dict[str, str]]) -> AsyncIterator[dict[str, str]]:
    """One `hq-gateway serve` process per entry of `environment`; their base URLs.

    Their output goes to bench-replicas-<name>.log in the temporary directory, kept (as bench/queries.py's).
    """
    ports = {name: free_port() for name in environment}
    common = {"HQ_RUN_WORKERS": "false", "HQ_LOG_LEVEL": "WARNING"}
    procs: dict[str, subprocess.Popen[bytes]] = {}
    try:
        for name, database in environment.items():
            env = {**common, **database, "HQ_PORT": str(ports[name])}
            log = Path(tempfile.gettempdir()) / f"bench-replicas-{name}.log"
            procs[name] = start([str(BIN), "serve"], env, log)
        bases = {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
        for name, proc in procs.items():
            await wait_listening(bases[name] + "/readyz", proc)
        yield bases
    finally:
        for proc in procs.values():
            stop(proc)


async def replica_usable(client: httpx.AsyncClient, base: str, seconds: float = 30.0) -> dict[str, Any]:
    """/readyz of the routed gateway once it shows the standby usable (its first health check passed)."""
    body: dict[str, Any] = {}
    for _ in range(round(seconds * 10)):
        body = (await client.get(base + "/readyz")).json()
        if body.get("replicas") and body["replicas"][0]["usable"]:
            return body
        await asyncio.sleep(0.1)
    raise SystemExit(f"replicas: the standby never became usable: {body}")


async def reads_routed(client: httpx.AsyncClient, base: str) -> dict[str, float]:
    """hq_replica_reads_total of a gateway's /metrics, per label (replica0, primary)."""
    out = {}
    for line in (await client.get(base + "/metrics")).text.splitlines():
        if line.startswith(REPLICA_READS + "{"):
            labels, value = line.rsplit(" ", 1)
            out[labels.split('replica="', 1)[1].split('"', 1)[0]] = float(value)
    return out


def targets(bases: dict[str, str], token: str, case_list: list[Case]) -> dict[tuple[str, str], Target]:
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
    return {
        (name, case.name): Target(
            base, "/graphql", orjson.dumps({"query": case.graphql, "variables": case.variables}), headers
        )
        for name, base in bases.items()
        for case in case_list
    }


async def same_answers(
    client: httpx.AsyncClient, work: dict[tuple[str, str], Target], case_list: list[Case], names: tuple[str, ...]
) -> None:
    """Every gateway returns the same JSON, without errors and not empty, for every query; else abort."""
    for case in case_list:
        answers = {}
        for name in names:
            t = work[(name, case.name)]
            r = await client.post(t.base + t.path, content=t.body, headers=t.headers)
            if r.status_code != 200 or "errors" in r.json():
                raise SystemExit(f"replicas: {name} answered {case.name} with {r.status_code}: {r.text[:500]}")
            answers[name] = r.json()
        if any(answer != answers["primary"] for answer in answers.values()):
            raise SystemExit(f"replicas: {case.name}: the gateways answer differently:\n{answers}")
        field = next(iter(answers["primary"]["data"].values()))
        size = f"{len(field['nodes'])} nodes" if "nodes" in field else orjson.dumps(field).decode()[:60]
        print(f"  {case.name:<40} same JSON from {', '.join(names)} ({size})")


# --- the run ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    """What to measure and how: the queries, seconds per point, connections for req/s, rounds, the load
    generator and its folder (wrk's scripts)."""

    case_list: list[Case]
    names: tuple[str, ...]  # the gateways, "primary" first (the ratios' base)
    seconds: float
    connections: int
    rounds: int
    generator: Generator
    folder: Path


Results = dict[tuple[str, str], list[tuple[Measured, Measured]]]


async def rounds(plan: Plan, work: dict[tuple[str, str], Target]) -> Results:
    """Each query on every gateway, in alternating order round by round (as listed, then reversed)."""
    results: Results = {}
    for r in range(plan.rounds):
        order = plan.names if r % 2 == 0 else plan.names[::-1]
        print(f"round {r + 1}/{plan.rounds}: {' then '.join(order)}", flush=True)
        for i, case in enumerate(plan.case_list):
            for name in order:
                t = work[(name, case.name)]
                ten, one = await measure(
                    plan.generator.wrk, plan.folder, f"{name}-{i}", t, plan.seconds, plan.connections
                )
                results.setdefault((name, case.name), []).append((ten, one))
                print(
                    f"  {name:<9} {case.name:<40} {ten.rps:8,.0f} req/s at {plan.connections}, "
                    f"p50 {one.p50_ms:6.2f} ms at 1"
                    f"  (load average {os.getloadavg()[0]:.2f})",
                    flush=True,
                )
    return results


def report(results: Results, plan: Plan) -> None:
    """Medians over the rounds, per query and gateway, and the ratios of each gateway to `primary`."""
    others = plan.names[1:]
    columns = "".join(f" | {n} | ratio" for n in others)
    header = f"| query | req/s at {plan.connections}: primary{columns} | p50 ms at 1: primary{columns} | errors |"
    print("\n" + header + "\n" + "|---" * (4 + 4 * len(others)) + "|")
    for case in plan.case_list:
        rps = {n: statistics.median(ten.rps for ten, _ in results[(n, case.name)]) for n in plan.names}
        p50 = {n: statistics.median(one.p50_ms for _, one in results[(n, case.name)]) for n in plan.names}
        errors = sum(ten.errors + one.errors for n in plan.names for ten, one in results[(n, case.name)])
        rps_cells = "".join(f" | {rps[n]:,.0f} | {rps[n] / rps['primary']:.2f}x" for n in others)
        p50_cells = "".join(f" | {p50[n]:.2f} | {p50[n] / p50['primary']:.2f}x" for n in others)
        print(f"| {case.name} | {rps['primary']:,.0f}{rps_cells} | {p50['primary']:.2f}{p50_cells} | {errors} |")
    print(
        "(ratio to primary: req/s >= 1.00x serves more than reading the primary directly; p50 <= 1.00x answers sooner)"
    )


async def proven_routed(
    client: httpx.AsyncClient, bases: dict[str, str], before: dict[str, float], txn: int, t: Topology
) -> None:
    """Abort unless the timed reads of the routed gateway all went to the standby and the standby ran them."""
    after = await reads_routed(client, bases["replica"])
    to_replica = after.get("replica0", 0.0) - before.get("replica0", 0.0)
    to_primary = after.get("primary", 0.0) - before.get("primary", 0.0)
    ran = await replica_transactions(t) - txn
    state = (await client.get(bases["replica"] + "/readyz")).json()["replicas"][0]
    print(
        f"\nrouted gateway: {REPLICA_READS} +{to_replica:,.0f} to replica0, +{to_primary:,.0f} to the primary "
        f"fallback; the standby committed +{ran:,} transactions; /readyz replica: {state}"
    )
    # a pooled connection gone idle reports its transactions up to 10 s later (PostgreSQL's cumulative
    # statistics), so the standby's count may trail the reads a little, never by a tenth
    if to_replica <= 0 or to_primary > 0 or ran < 0.9 * to_replica or not state["usable"]:
        raise SystemExit("replicas: the routed gateway did not read from the standby throughout")
    if await reads_routed(client, bases["primary"]):
        raise SystemExit("replicas: the primary-only gateway routed reads: HQ_READ_DATABASE_URLS leaked into it")


async def bench(t: Topology, token: str, plan: Plan, pooler_url: str | None) -> None:
    await wait_caught_up(t.primary_url, t.replica_url, seconds=300)
    facts = await database_facts(t)
    async with gateways(environments(t, pooler_url)) as bases, httpx.AsyncClient(timeout=30.0) as client:
        ready = await replica_usable(client, bases["replica"])
        print(f"routed gateway ready, replica: {ready['replicas'][0]}")
        work = targets(bases, token, plan.case_list)
        await same_answers(client, work, plan.case_list, plan.names)
        before, txn = await reads_routed(client, bases["replica"]), await replica_transactions(t)
        print(f"\nbefore: {machine()}", flush=True)
        measuring = time.perf_counter()
        results = await rounds(plan, work)
        measured = time.perf_counter() - measuring
        print("after: load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg()))
        await proven_routed(client, bases, before, txn, t)
    report(results, plan)
    print(
        f"\nsetup: {machine()}\n  {facts}\n"
        f"  gateways: `{BIN} serve`, one process each, HQ_RUN_WORKERS=false; `replica` with HQ_READ_DATABASE_URLS"
        + (
            f"; `{POOLED}` through PgBouncer {pooler_version()} (pool_mode=transaction) with HQ_DATABASE_POOLER"
            if pooler_url
            else ""
        )
        + "\n"
        f"  load generator {plan.generator.describe()}; {plan.seconds:g} s per point after 1 s of warm-up; "
        f"{plan.rounds} rounds alternating {' > '.join(plan.names)} and reversed; medians over the rounds\n"
        f"  measuring {measured:.0f} s"
    )


def pooler_version() -> str:
    return subprocess.run([pgbouncer.BINARY, "--version"], capture_output=True, text=True).stdout.split("\n")[0]


def chosen_cases(customers_domain: str, past_domain: str, every: bool) -> list[Case]:
    """The representative pages (CHOSEN), or every case of bench/queries.py."""
    all_cases = cases(customers_domain, past_domain)
    return all_cases if every else [c for c in all_cases if c.name in CHOSEN]


def exit_on_sigterm() -> None:
    """SIGTERM unwinds like Ctrl-C does, so the servers and folders are removed."""

    def handler(signum: int, frame: Any) -> NoReturn:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, handler)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=200_000, help="demo data loaded into the primary")
    parser.add_argument("--companies", type=int, default=40_000)
    parser.add_argument("--seconds", type=float, default=4.0, help="seconds per measurement")
    parser.add_argument("--connections", type=int, default=10, help="keep-alive connections for req/s")
    parser.add_argument("--rounds", type=int, default=4, help="alternating rounds; medians over them")
    parser.add_argument("--all", action="store_true", help="every query of bench/queries.py, not only the pages")
    parser.add_argument(
        "--pgbouncer",
        action="store_true",
        help="a third gateway reading the primary through PgBouncer (transaction mode)",
    )
    args = parser.parse_args()
    exit_on_sigterm()
    began = time.perf_counter()
    generator = Generator(find_wrk())
    with embedded_primary("hq-bench-replicas-") as primary, tempfile.TemporaryDirectory(prefix="hq-replicas-") as tmp:
        print(f"demo data: {args.people:,} people, {args.companies:,} companies", flush=True)
        print(f"loaded in {load(primary.url, args.people, args.companies):.0f} s", flush=True)
        domains_and_key = asyncio.run(prepare_database(primary.url, args.people, args.companies, skip_load=True))
        customers_domain, past_domain, token = domains_and_key
        started = time.perf_counter()
        with streaming_replica(primary) as topology, contextlib.ExitStack() as stack:
            print(f"standby copied and started in {time.perf_counter() - started:.0f} s", flush=True)
            pooler_url = None
            if args.pgbouncer:
                if not pgbouncer.available():
                    raise SystemExit(f"replicas: --pgbouncer needs {pgbouncer.BINARY} (apt-get install pgbouncer)")
                pooler_url = stack.enter_context(pgbouncer.running_pgbouncer(primary.url, primary.system_user)).url
            names = (*GATEWAYS, POOLED) if pooler_url else GATEWAYS
            case_list = chosen_cases(customers_domain, past_domain, args.all)
            plan = Plan(case_list, names, args.seconds, args.connections, args.rounds, generator, Path(tmp))
            asyncio.run(bench(topology, token, plan, pooler_url))
    print(f"  total {time.perf_counter() - began:.0f} s")


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:  # everything is stopped and removed by now: no traceback to read
        sys.exit("replicas: interrupted; servers stopped, folders removed")
