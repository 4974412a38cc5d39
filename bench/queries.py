"""Query API benchmark: `hq-gateway serve` against a plain asyncpg + Starlette floor running the same SQL.

    .venv/bin/python bench/queries.py                      # 1,000,000 people / 200,000 companies
    .venv/bin/python bench/queries.py --people 50000 --companies 10000 --duration 2
    .venv/bin/python bench/queries.py --database-url postgresql://... --skip-load

Starts a throwaway embedded PostgreSQL (or uses --database-url), loads the demo data (seed 1) when the
warehouse is empty, VACUUM ANALYZEs it until its visibility map is complete (as autovacuum eventually
gets it), then starts two servers on loopback: the gateway (`hq-gateway serve`, one process) and the
floor (this file with --floor: Starlette + an asyncpg pool executing the statements the gateway builds:
for pages, the filter compiler's page wrapped into the JSON-building statement of gateway/json_pages.py,
its text sent as it is). Each query runs for --duration seconds (after 1 s of warm-up at the same
concurrency) with 1 client and with 10 clients (keep-alive connections of the minimal HTTP/1.1 client
in bench/support.py: httpx would take CPU the servers need) and prints p50/p95/p99 and req/s for both
servers, then the EXPLAIN check: page and signal statements must not sequentially scan people or work
history.
The load generator shares the machine's cores with both servers and PostgreSQL.

    .venv/bin/python bench/queries.py --database-url ... --skip-load --plans   # database time per filter shape
"""

import argparse
import asyncio
import contextlib
import os
import platform
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import orjson
import psutil

from support import BIN, KeepAlive, post_request, throwaway_database  # isort: skip  (puts the repo root ahead of bench/ on sys.path)

from sqlalchemy.dialects.postgresql.asyncpg import dialect as asyncpg_dialect

from gateway.json_pages import NodesPlan, nodes_plan
from gateway.leads.fields import LEAD, LeadFilter
from gateway.leads.sources import ALL_LEADS, LeadSource
from gateway.lists.compiler import compile_list
from gateway.lists.counts import CountMode
from gateway.lists.cursors import Page
from gateway.lists.query import ListQuery
from gateway.lists.rollup import count_statement_of, facets_statement_of
from gateway.lists.types import DateRange
from gateway.signals.sources import AtVcPortfolio, ByCompanyCustomers, ByPastEmployer, NewInRole, RecentlyPromoted

NODE = "personId fullName jobTitle seniority personCountry companyName company { domain name industry employeeRange }"
FILTER_3 = {"jobFunctions": ["Engineering"], "seniorities": ["Director", "VP"], "personCountry": "Germany"}
FILTER_3_EXACT = {"jobFunctions": ["Sales"], "seniorities": ["Manager", "Director"], "employeeRanges": ["51-200"]}
FIVE = ["JOB_FUNCTION", "SENIORITY", "INDUSTRY", "EMPLOYEE_RANGE", "PERSON_COUNTRY"]


@dataclass(frozen=True)
class Case:
    """One benchmarked query: its GraphQL and the statements the floor runs for it."""

    name: str
    graphql: str
    variables: dict[str, Any]
    kind: str  # page | count | estimate | facets
    source: LeadSource
    lead_filter: dict[str, Any] | None = None
    mode: CountMode = CountMode.EXACT
    target: str = ""

    def statement(self) -> Any:
        f = to_filter(self.lead_filter)
        compiled = compile_list(self.source, f, None, Page(first=50))
        if self.kind == "page":
            return compiled.page
        if self.kind == "facets":
            dims = LEAD.facet_dimensions(FIVE)
            return facets_statement_of(compiled, dims)
        return count_statement_of(compiled, self.mode, 10_000)

    def floor_statement(self) -> Any:
        """What the floor runs: for pages, the JSON-building statement the gateway runs for this selection."""
        if self.kind != "page":
            return self.statement()
        compiled = compile_list(self.source, to_filter(self.lead_filter), None, Page(first=50))
        return json_plan(self.graphql).statement(ListQuery(None, compiled, lambda row: row))  # type: ignore[arg-type]


@dataclass(frozen=True)
class _Details:
    node: Any


def json_plan(query: str) -> NodesPlan:
    """The gateway's JSON plan for the `nodes` selection of a one-field query."""
    from graphql import parse

    from gateway.schema import build_schema

    schema = build_schema()._schema
    root = parse(query).definitions[0].selection_set.selections[0]  # type: ignore[attr-defined]
    connection = schema.query_type.fields[root.name.value].type.of_type  # type: ignore[union-attr]
    nodes = next(s for s in root.selection_set.selections if s.name.value == "nodes")
    plan = nodes_plan(connection.fields["nodes"].type, [_Details(nodes)])
    assert plan is not None, query
    return plan


def to_filter(data: dict[str, Any] | None) -> LeadFilter | None:
    if data is None:
        return None
    names = {
        "jobFunctions": "job_functions",
        "seniorities": "seniorities",
        "personCountry": "person_country",
        "personCity": "person_city",
        "employeeRanges": "employee_ranges",
        "fullName": "full_name",
        "jobTitle": "job_title",
    }
    out = LeadFilter(**{names[k]: v for k, v in data.items() if k != "jobStartSince"})
    if "jobStartSince" in data:
        out.job_start_date = DateRange(gte=date.fromisoformat(data["jobStartSince"]))
    return out


def nodes(field: str, extra: str = "") -> str:
    """A page of 50 lead nodes (with their company) of `field`."""
    return field + " { nodes { " + NODE + " " + extra + " } }"


def facets(field: str) -> str:
    return field + " { facets(by: [" + ", ".join(FIVE) + "]) { dimension values { value count } } }"


def cases(customers_domain: str, past_domain: str) -> list[Case]:
    today = datetime.now(UTC).date()
    page = "query($f: LeadFilter) { " + nodes("leads(first: 50, filter: $f)") + " }"
    out = [
        Case(
            "leads 3 filters (fn, seniority, country contains)",
            page,
            {"f": FILTER_3},
            "page",
            ALL_LEADS,
            FILTER_3,
            target="p50 <= 15 ms, >= 300 req/s",
        ),
        Case(
            "leads 3 filters (fn, seniority, range)",
            page,
            {"f": FILTER_3_EXACT},
            "page",
            ALL_LEADS,
            FILTER_3_EXACT,
            target="p50 <= 15 ms, >= 300 req/s",
        ),
        Case("leads default page", page, {"f": None}, "page", ALL_LEADS),
        Case(
            "leadsByCompanyCustomers",
            "query($d: String!) { " + nodes("leadsByCompanyCustomers(companyDomain: $d, first: 50)") + " }",
            {"d": customers_domain},
            "page",
            ByCompanyCustomers(company_domain=customers_domain),
            target="p50 <= 30 ms",
        ),
        Case(
            "leadsByPastEmployer",
            "query($d: [String!]!) { " + nodes("leadsByPastEmployer(domains: $d, first: 50)") + " }",
            {"d": [past_domain]},
            "page",
            ByPastEmployer(domains=(past_domain,)),
            target="p50 <= 30 ms",
        ),
        Case(
            "newInRole",
            "{ " + nodes("newInRole(first: 50)") + " }",
            {},
            "page",
            NewInRole(since=today - timedelta(days=90)),
        ),
        Case(
            "recentlyPromoted",
            "{ " + nodes("recentlyPromoted(first: 50)", "newTitle promotionDate") + " }",
            {},
            "page",
            RecentlyPromoted(since=today - timedelta(days=180)),
        ),
        Case(
            "leadsAtVcPortfolio",
            "{ " + nodes("leadsAtVcPortfolio(first: 50)", "vcName vcNames") + " }",
            {},
            "page",
            AtVcPortfolio(),
        ),
        Case(
            "totalCount EXACT (complete leads)",
            "{ leads { totalCount } }",
            {},
            "count",
            ALL_LEADS,
            target="p95 <= 300 ms",
        ),
        Case(
            "totalCount ESTIMATE",
            "{ leads { totalCount(mode: ESTIMATE) } }",
            {},
            "estimate",
            ALL_LEADS,
            mode=CountMode.ESTIMATE,
            target="p95 <= 20 ms",
        ),
        Case(
            "totalCount CAPPED 10000",
            "{ leads { totalCount(mode: CAPPED) } }",
            {},
            "count",
            ALL_LEADS,
            mode=CountMode.CAPPED,
            target="p95 <= 20 ms",
        ),
        Case(
            "facets 5 dims (complete leads)",
            "{ " + facets("leads") + " }",
            {},
            "facets",
            ALL_LEADS,
            target="p95 <= 500 ms",
        ),
        Case(
            "facets 5 dims (3 filters)",
            "query($f: LeadFilter) { " + facets("leads(filter: $f)") + " }",
            {"f": FILTER_3},
            "facets",
            ALL_LEADS,
            FILTER_3,
            target="p95 <= 500 ms",
        ),
    ]
    return out


# --- the floor: Starlette + asyncpg running the same statements -----------------------------------

DIALECT = asyncpg_dialect()


def sql_of(stmt: Any) -> tuple[str, list[Any]]:
    compiled = stmt.compile(dialect=DIALECT)
    params = compiled.construct_params()
    return compiled.string, [params[name] for name in compiled.positiontup or ()]


def floor_app(url: str, case_list: list[Case]) -> Any:
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.routing import Route

    prepared = {str(i): (c, *sql_of(c.floor_statement())) for i, c in enumerate(case_list)}
    state: dict[str, Any] = {}

    @contextlib.asynccontextmanager
    async def lifespan(app: Any) -> AsyncIterator[None]:
        settings = {"jit": "off", "plan_cache_mode": "force_custom_plan"}  # as the gateway's connections
        state["pool"] = await asyncpg.create_pool(url, min_size=10, max_size=10, server_settings=settings)
        import gc

        gc.collect()
        gc.freeze()
        yield
        await state["pool"].close()

    async def run(request: Request) -> Response:
        case, sql, args = prepared[request.path_params["i"]]
        pool = state["pool"]
        if case.kind == "page":  # PostgreSQL writes the nodes' JSON, as in the gateway
            nodes = orjson.Fragment(await pool.fetchval(sql, *args))
            return Response(orjson.dumps({"data": nodes}), media_type="application/json")
        if case.kind == "estimate":
            plan = orjson.loads(await pool.fetchval(sql, *args))  # the statement is the EXPLAIN
            return Response(orjson.dumps({"data": int(plan[0]["Plan"]["Plan Rows"])}), media_type="application/json")
        rows = await pool.fetch(sql, *args)
        return Response(orjson.dumps({"data": [dict(r) for r in rows]}), media_type="application/json")

    return Starlette(routes=[Route("/q/{i}", run, methods=["POST"])], lifespan=lifespan)


# --- load generation -----------------------------------------------------------------------------


@dataclass
class Result:
    latencies_ms: list[float]
    seconds: float
    errors: int

    def pct(self, p: float) -> float:
        if not self.latencies_ms:
            return float("nan")
        return statistics.quantiles(self.latencies_ms, n=100, method="inclusive")[int(p) - 1]

    @property
    def rps(self) -> float:
        return len(self.latencies_ms) / self.seconds if self.seconds else 0.0


WARM_UP_S = 1.0

Sender = Callable[[KeepAlive], Awaitable[bool]]


async def _until(send: Sender, conn: KeepAlive, deadline: float) -> None:
    await send(conn)
    while time.perf_counter() < deadline:
        await send(conn)


async def drive(base: str, send: Sender, clients: int, duration: float) -> Result:
    """`clients` keep-alive connections sending back to back for `duration` seconds, after a warm-up."""
    host, port = base.split("://", 1)[-1].split(":")
    conns = [KeepAlive(host, int(port)) for _ in range(clients)]
    latencies: list[float] = []
    errors = 0
    try:
        # warm up with the same concurrency (parser cache, every pooled connection opened and its
        # statements prepared, keep-alive connections): the numbers are the steady state
        warm_until = time.perf_counter() + WARM_UP_S
        await asyncio.gather(*(_until(send, conn, warm_until) for conn in conns))
        deadline = time.perf_counter() + duration
        started = time.perf_counter()

        async def worker(conn: KeepAlive) -> None:
            nonlocal errors
            while time.perf_counter() < deadline:
                t = time.perf_counter()
                ok = await send(conn)
                latencies.append((time.perf_counter() - t) * 1000)
                errors += 0 if ok else 1

        await asyncio.gather(*(worker(conn) for conn in conns))
        return Result(latencies, time.perf_counter() - started, errors)
    finally:
        for conn in conns:
            await conn.close()


def gateway_sender(base: str, token: str, case: Case) -> Sender:
    body = orjson.dumps({"query": case.graphql, "variables": case.variables})
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    request = post_request(base, "/graphql", body, headers)

    async def send(conn: KeepAlive) -> bool:
        status, content = await conn.send(request)
        return status == 200 and b'"errors"' not in content

    return send


def floor_sender(base: str, i: int) -> Sender:
    request = post_request(base, f"/q/{i}")

    async def send(conn: KeepAlive) -> bool:
        return (await conn.send(request))[0] == 200

    return send


# --- setup: database, data, servers --------------------------------------------------------------


async def prepare_database(url: str, people: int, companies: int, skip_load: bool) -> tuple[str, str, str]:
    from gateway.auth import Role, create_key
    from gateway.database import create_engine
    from ingest.demo import database_is_empty, load_demo_data, vacuum_until_visible

    if not skip_load and await database_is_empty(url):
        started = time.perf_counter()
        await load_demo_data(url, people=people, companies=companies, seed=1)
        print(f"demo data: {people:,} people, {companies:,} companies loaded in {time.perf_counter() - started:.0f} s")
    conn = await asyncpg.connect(url)
    try:
        started = time.perf_counter()
        for table in (
            "people",
            "companies",
            "person_work_history",
            "person_promotions",
            "company_customers",
            "company_vc_investors",
        ):
            await vacuum_until_visible(conn, f"core.{table}")
        print(f"VACUUM ANALYZE in {time.perf_counter() - started:.0f} s")
        counts = {
            t: await conn.fetchval(f"SELECT count(*) FROM core.{t}")
            for t in ("people", "companies", "person_work_history", "person_promotions", "company_customers")
        }
        print("data: " + ", ".join(f"{t} {n:,}" for t, n in counts.items()))
        # the company with the most customers that have a domain (the old system's slowest case)
        customers_domain = await conn.fetchval(
            """SELECT origin_company_domain FROM core.company_customers WHERE customer_domain IS NOT NULL
               GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1"""
        )
        past_domain = await conn.fetchval(
            """SELECT company_domain FROM core.person_work_history WHERE NOT is_current AND company_domain IS NOT NULL
               GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1 OFFSET 100"""
        )
    finally:
        await conn.close()
    engine = create_engine(url, pool_size=1)
    try:
        _, token = await create_key(engine, Role.READER, f"bench-{int(time.time())}")
    finally:
        await engine.dispose()
    return customers_domain, past_domain, token


def start(cmd: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen(cmd, env={**os.environ, **env}, stdout=out, stderr=subprocess.STDOUT)


async def wait_listening(url: str, proc: subprocess.Popen[bytes], seconds: float = 60.0) -> None:
    deadline = time.perf_counter() + seconds
    async with httpx.AsyncClient(timeout=2.0) as client:
        while time.perf_counter() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"{url} exited (see {proc.args[0]} log)")
            try:
                if (await client.get(url)).status_code < 500:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.2)
    raise RuntimeError(f"{url} not ready within {seconds} s")


def stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def relation_scans(node: dict[str, Any]) -> list[str]:
    """Every "<scan type> on <table>" of a JSON plan."""
    own = [f"{node['Node Type']} on {node['Relation Name']}"] if node.get("Relation Name") else []
    return own + [scan for child in node.get("Plans", []) for scan in relation_scans(child)]


async def explain_check(url: str, case_list: list[Case]) -> None:
    print("\nEXPLAIN check (page and signal statements: no sequential scan of people or work history)")
    conn = await asyncpg.connect(url)
    try:
        for case in case_list:
            if case.kind != "page":
                continue
            sql, args = sql_of(case.floor_statement())
            plan = orjson.loads(await conn.fetchval("EXPLAIN (FORMAT JSON) " + sql, *args))
            scans = relation_scans(plan[0]["Plan"])
            bad = [s for s in scans if s.startswith("Seq Scan") and s.endswith((" people", " person_work_history"))]
            verdict = "SEQ SCAN: " + ", ".join(bad) if bad else "ok"
            print(f"  {case.name:<52} {verdict:<8} {'; '.join(sorted(set(scans)))}")
    finally:
        await conn.close()


async def bench(args: argparse.Namespace, url: str) -> None:
    procs: list[subprocess.Popen[bytes]] = []
    try:
        customers_domain, past_domain, token = await prepare_database(url, args.people, args.companies, args.skip_load)
        case_list = cases(customers_domain, past_domain)
        env = {"DATABASE_URL": url, "HQ_RUN_WORKERS": "false", "HQ_LOG_LEVEL": "WARNING"}
        logs = Path(tempfile.gettempdir())
        gateway = start([str(BIN), "serve", "--port", str(args.port)], env, logs / "bench-gateway.log")
        floor = start(
            [
                sys.executable,
                __file__,
                "--floor",
                "--port",
                str(args.port + 1),
                "--database-url",
                url,
                "--customers-domain",
                customers_domain,
                "--past-domain",
                past_domain,
            ],
            env,
            logs / "bench-floor.log",
        )
        procs += [gateway, floor]
        gw, fl = f"http://127.0.0.1:{args.port}", f"http://127.0.0.1:{args.port + 1}"
        await wait_listening(f"{gw}/readyz", gateway)
        await wait_listening(f"{fl}/q/0", floor)
        print(
            f"\nmachine: {platform.node()} {os.cpu_count()} cores, {platform.python_version()}, "
            f"load avg {os.getloadavg()[0]:.1f}; {args.duration:.0f} s per measurement"
        )
        header = (
            f"{'query':<52} {'server':<8} {'p50':>7} {'p95':>7} {'p99':>7} {'1c r/s':>7} | "
            f"{'10c r/s':>7} {'p50':>7} {'p99':>7} err"
        )
        print(header + "\n" + "-" * len(header))
        for i, case in enumerate(case_list):
            for label, send in (("gateway", gateway_sender(gw, token, case)), ("floor", floor_sender(fl, i))):
                base = gw if label == "gateway" else fl
                one = await drive(base, send, 1, args.duration)
                ten = await drive(base, send, 10, args.duration) if case.kind == "page" else None
                line = (
                    f"{case.name[:52]:<52} {label:<8} {one.pct(50):7.1f} {one.pct(95):7.1f} {one.pct(99):7.1f} "
                    f"{one.rps:7.1f}"
                )
                if ten is not None:
                    line += f" | {ten.rps:7.1f} {ten.pct(50):7.1f} {ten.pct(99):7.1f}"
                else:
                    line += " |" + " " * 24
                errors = one.errors + (ten.errors if ten else 0)
                print(
                    f"{line} {errors:3d}" + (f"   target {case.target}" if label == "gateway" and case.target else "")
                )
        rss = psutil.Process(gateway.pid).memory_info().rss / 2**20
        print(f"\ngateway resident memory after the run: {rss:.0f} MiB")
        if args.export:
            await export_run(gw, token, gateway)
        await explain_check(url, case_list)
    finally:
        for proc in procs:
            stop(proc)


async def export_run(base: str, token: str, gateway: subprocess.Popen[bytes]) -> None:
    """Every complete lead as CSV, read as a stream; the server's memory is sampled while it streams."""
    process = psutil.Process(gateway.pid)
    before = process.memory_info().rss
    peak, size, rows = before, 0, 0
    started = time.perf_counter()
    async with (
        httpx.AsyncClient(timeout=600.0) as client,
        client.stream("POST", f"{base}/export/leads.csv", json={}, headers={"Authorization": f"Bearer {token}"}) as r,
    ):
        async for chunk in r.aiter_bytes():
            size += len(chunk)
            rows += chunk.count(b"\n")
            peak = max(peak, process.memory_info().rss)
    seconds = time.perf_counter() - started
    print(
        f"export: {rows - 1:,} rows, {size / 2**20:.0f} MiB in {seconds:.1f} s ({(rows - 1) / seconds:,.0f} rows/s); "
        f"gateway RSS {before / 2**20:.0f} -> peak {peak / 2**20:.0f} MiB"
    )


ROLES = {"jobFunctions": ["Engineering"], "seniorities": ["Director", "VP"]}
BIG_ROLES = {"jobFunctions": ["Engineering"], "seniorities": ["Mid-Level", "Senior"]}
SHAPES: list[dict[str, Any]] = [
    {**ROLES, "personCountry": "Germany"},
    {**ROLES, "personCountry": "Iceland"},
    {**ROLES, "fullName": "zz"},
    {**ROLES, "jobTitle": "qa"},
    {**ROLES, "jobStartSince": "2026-09-01"},
    {**BIG_ROLES, "personCity": "Berlin"},
    {**BIG_ROLES, "fullName": "zz"},
    {**BIG_ROLES, "fullName": "smith"},
    {"jobFunctions": ["Sales"], "seniorities": ["Manager", "Director"], "jobTitle": "account"},
    {"jobFunctions": ["Sales"], "seniorities": ["Manager", "Director"], "employeeRanges": ["51-200"]},
    {"personCountry": "Germany"},
    {"fullName": "smith"},
]


async def plans_run(url: str, runs: int = 15) -> None:
    """Database time of a 50-lead page (the gateway's JSON statement) per filter shape: the floor of each."""
    plan = json_plan("{ leads { nodes { " + NODE + " } } }")
    settings = {"jit": "off", "plan_cache_mode": "force_custom_plan"}
    conn = await asyncpg.connect(url, server_settings=settings)
    print(f"\nfilter shapes: median of {runs} runs of the page statement, in PostgreSQL (asyncpg, no HTTP)")
    try:
        for shape in SHAPES:
            compiled = compile_list(ALL_LEADS, to_filter(shape), None, Page(first=50))
            sql, args = sql_of(plan.statement(ListQuery(None, compiled, lambda row: row)))  # type: ignore[arg-type]
            times, rows = [], 0
            for _ in range(runs):
                started = time.perf_counter()
                rows = len(orjson.loads(await conn.fetchval(sql, *args)))
                times.append((time.perf_counter() - started) * 1000)
            print(f"  {statistics.median(times):7.1f} ms  {rows:3d} rows  {orjson.dumps(shape).decode()}")
    finally:
        await conn.close()


def serve_floor(args: argparse.Namespace) -> None:
    import uvicorn

    app = floor_app(args.database_url, cases(args.customers_domain, args.past_domain))
    uvicorn.run(app, host="127.0.0.1", port=args.port, log_level="warning", access_log=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--companies", type=int, default=200_000)
    parser.add_argument("--duration", type=float, default=5.0, help="seconds per measurement")
    parser.add_argument("--port", type=int, default=8731)
    parser.add_argument("--skip-load", action="store_true", help="use the data already in the database")
    parser.add_argument("--export", action="store_true", help="also stream every complete lead as CSV")
    parser.add_argument("--plans", action="store_true", help="only time the page statement per filter shape")
    parser.add_argument("--floor", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--customers-domain", default="", help=argparse.SUPPRESS)
    parser.add_argument("--past-domain", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.floor:
        serve_floor(args)
        return
    from gateway import migrations

    # --database-url, else BENCH_DATABASE_URL, else a throwaway embedded server under .data/
    given = contextlib.nullcontext(args.database_url) if args.database_url else throwaway_database()
    with given as url:
        migrations.upgrade(url)
        asyncio.run(plans_run(url) if args.plans else bench(args, url))


if __name__ == "__main__":
    main()
