"""The gateway beside its peers: PostGraphile 5 on the same tables, and a plain Starlette + asyncpg floor.

    .venv/bin/python bench/peers.py --database-url postgresql://postgres@127.0.0.1:5432/hq_bench_copy --skip-load
    .venv/bin/python bench/peers.py --people 50000 --companies 10000 --duration 2   # throwaway embedded database
    .venv/bin/python bench/peers.py --only default,filtered --keep /tmp/peers       # reuse the npm install

Installs PostGraphile 5 (with `pg`) and a Node 22 runtime (the `node` npm package, which ships the binary)
from the npm registry with the machine's npm into a throwaway folder (or --keep DIR, reused when it
already holds them). The database is the one of bench/queries.py: --database-url, else BENCH_DATABASE_URL,
else an embedded PostgreSQL loaded with the demo data; a reader key is created in it (it is written to: point
it at a copy of a warehouse you care about, `createdb -T`).

Three servers, one process each, on loopback: `hq-gateway serve`; PostGraphile 5 (amber preset, schema
`core`, NODE_ENV=production) with a smart tags file giving `core.people.company_domain` its relation to
`core.companies.domain` (nothing is written to the database for it) and two conditions added by a plugin
(`complete`: the gateway's completeness rule, gateway/leads/fields.py; `jobStartSince`: newInRole's window);
and the floor of bench/queries.py (its `floor_app`, serving the JSON-building statements the gateway runs).

Three pages of 50 leads with their company nested: `default` (no filter, ordered by person id), `filtered`
(job function Engineering, seniority Director: `condition` equality in PostGraphile) and `newInRole` (jobs
started in the last 90 days, newest first: `allPeople` with `jobStartSince` and
`orderBy: [JOB_START_DATE_DESC, ROW_ID_DESC]` in PostGraphile). The rows of the three servers are compared
first (person ids in order, names, titles, seniorities, countries and company fields); any difference aborts.

Then each server is measured in turn, twice, in alternating order (gateway, PostGraphile, floor; then the
reverse): req/s at 10 keep-alive connections and p50 at 1, per query, each after 1 s of warm-up at the same
concurrency. The load generator is wrk (installed with apt-get when missing and possible), else the
keep-alive client of bench/support.py (a notice says so). It prints the medians of the two runs and the
ratios gateway/PostGraphile and gateway/floor. The load generator shares the machine's cores with the servers
and PostgreSQL; the load average is printed before and after.
"""

import argparse
import asyncio
import contextlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import orjson

from support import BIN, KeepAlive, free_port, machine, post_request, throwaway_database  # isort: skip  (repo root first on sys.path)

from queries import NODE, Case, drive, floor_app, prepare_database, start, stop, wait_listening

from gateway.leads.sources import ALL_LEADS
from gateway.signals.sources import NewInRole

NPM_PACKAGES = ("postgraphile@5", "pg", "node@22")
NEW_IN_ROLE_DAYS = 90  # newInRole's default window (gateway/signals/queries.py)
FILTER = {"jobFunctions": ["Engineering"], "seniorities": ["Director"]}
ROLE_CONDITION = {"matchedJobFunction": "Engineering", "matchedSeniority": "Director"}  # FILTER as PostGraphile's
SERVERS = ("gateway", "postgraphile", "floor")
COMPARED = ("personId", "fullName", "jobTitle", "seniority", "personCountry")
COMPANY = ("domain", "name", "industry", "employeeRange")

# PostGraphile's names for the gateway's node fields (companyName differs: the gateway's falls back on
# the person's own company name, so it is selected but not compared)
PG_NODE = (
    "rowId fullName matchedCleanedJobTitle matchedSeniority country companyName "
    "company { domain name industry employeeRange }"
)
PG_NAMES = {
    "rowId": "personId",
    "matchedCleanedJobTitle": "jobTitle",
    "matchedSeniority": "seniority",
    "country": "personCountry",
}

TAGS = """{
  version: 1,
  config: {
    class: {
      "core.people": {
        tags: { foreignKey: "(company_domain) references core.companies (domain)|@fieldName company" },
      },
    },
  },
}
"""

# the gateway's completeness rule (gateway/leads/fields.py: the `complete` fields known, job function not
# Miscellaneous) as a condition; the gateway's LEFT JOIN with company columns required is this EXISTS
SERVER = """import { createServer } from "node:http";
import { postgraphile } from "postgraphile";
import { PostGraphileAmberPreset } from "postgraphile/presets/amber";
import { makePgService } from "postgraphile/adaptors/pg";
import { grafserv } from "postgraphile/grafserv/node";
import { addPgTableCondition, pgSmartTagsFromFile } from "postgraphile/utils";

const [connectionString, port, tagsFile] = process.argv.slice(2);
const people = { schemaName: "core", tableName: "people" };

const complete = addPgTableCondition(
  people,
  "complete",
  (build) => ({ type: build.graphql.GraphQLBoolean }),
  (value, { sql, sqlTableAlias: t }) =>
    value === true
      ? sql`(${t}.country <> '' AND ${t}.matched_cleaned_job_title <> '' AND ${t}.matched_job_function <> ''
          AND ${t}.matched_job_function <> 'Miscellaneous' AND ${t}.matched_seniority <> ''
          AND EXISTS (SELECT 1 FROM core.companies c WHERE c.domain = ${t}.company_domain
            AND coalesce(c.name, ${t}.company_name) <> '' AND c.country <> '' AND c.industry <> ''))`
      : null,
);
const jobStartSince = addPgTableCondition(
  people,
  "jobStartSince",
  (build) => ({ type: build.getTypeByName("Date") }),
  (value, { sql, sqlTableAlias: t, sqlValueWithCodec, build }) =>
    value == null ? null : sql`${t}.job_start_date >= ${sqlValueWithCodec(value, build.dataplanPg.TYPES.date)}`,
);

const preset = {
  extends: [PostGraphileAmberPreset],
  plugins: [pgSmartTagsFromFile(tagsFile), complete, jobStartSince],
  pgServices: [makePgService({ connectionString, schemas: ["core"] })],
  grafserv: { graphiql: false, watch: false },
};

const server = createServer();
await postgraphile(preset).createServ(grafserv).addTo(server);
server.listen(Number(port), "127.0.0.1");
"""

# one wrk thread (the servers need the cores); errors: a status other than 200 or a GraphQL "errors" key
WRK_SCRIPT = """wrk.method = "POST"
wrk.body = [==[{body}]==]
{headers}
local threads = {{}}
function setup(thread) table.insert(threads, thread) end
function init(args) errors = 0 end
function response(status, headers, body)
  if status ~= 200 or string.find(body, '"errors"', 1, true) then errors = errors + 1 end
end
function done(summary, latency, requests)
  local e = 0
  for _, t in ipairs(threads) do e = e + t:get("errors") end
  io.write(string.format("PEERS %d %f %f %d\\n", summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1000,
    e + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
"""


@dataclass(frozen=True)
class Query:
    """One page, as each server is asked for it."""

    name: str
    gateway: tuple[str, dict[str, Any]]
    postgraphile: tuple[str, dict[str, Any]]
    floor: Case


def peer_queries(since: date) -> list[Query]:
    nodes = "nodes { " + NODE + " }"
    pg = "query($c: PersonCondition, $o: [PersonOrderBy!]) { allPeople(first: 50, condition: $c, orderBy: $o) { "
    pg += "nodes { " + PG_NODE + " } } }"
    page = "query($f: LeadFilter) { leads(first: 50, filter: $f) { " + nodes + " } }"
    new_in_role = "{ newInRole(first: 50) { " + nodes + " } }"
    source = NewInRole(since=since)
    return [
        Query(
            "default",
            (page, {"f": None}),
            (pg, {"c": {"complete": True}, "o": ["PRIMARY_KEY_ASC"]}),
            Case("default", page, {"f": None}, "page", ALL_LEADS),
        ),
        Query(
            "filtered",
            (page, {"f": FILTER}),
            (pg, {"c": {"complete": True, **ROLE_CONDITION}, "o": ["PRIMARY_KEY_ASC"]}),
            Case("filtered", page, {"f": FILTER}, "page", ALL_LEADS, FILTER),
        ),
        Query(
            "newInRole",
            (new_in_role, {}),
            (
                pg,
                {
                    "c": {"complete": True, "jobStartSince": since.isoformat()},
                    "o": ["JOB_START_DATE_DESC", "ROW_ID_DESC"],
                },
            ),
            Case("newInRole", new_in_role, {}, "page", source),
        ),
    ]


def selected(since: date, only: list[str] | None) -> list[Query]:
    """The queries named by --only (all by default), in their order: the floor serves them as /q/0, /q/1..."""
    every = peer_queries(since)
    chosen = [q for q in every if not only or q.name in only]
    if not chosen or (only and len(chosen) != len(only)):
        raise SystemExit(f"peers: --only takes names from {[q.name for q in every]}")
    return chosen


# --- installing PostGraphile and Node from the npm registry ---------------------------------------


@dataclass
class Install:
    folder: Path
    node: Path
    versions: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0


def npm_install(folder: Path) -> Install:
    """PostGraphile 5, pg and Node 22 in `folder` (skipped when they are there already)."""
    started = time.perf_counter()
    node = folder / "node_modules" / "node" / "bin" / "node"
    if not (node.exists() and (folder / "node_modules" / "postgraphile").exists()):
        npm = shutil.which("npm")
        if npm is None:
            raise SystemExit("peers: npm is needed to install PostGraphile and Node from the npm registry")
        print(f"npm install --prefix {folder} {' '.join(NPM_PACKAGES)}", flush=True)
        subprocess.run(
            [npm, "install", "--prefix", str(folder), "--no-audit", "--no-fund", "--loglevel", "error", *NPM_PACKAGES],
            check=True,
        )
    if not node.exists():
        raise SystemExit(f"peers: {node} missing: the `node` package's install script did not run (npm allowScripts?)")
    versions = {
        "node": subprocess.run([str(node), "--version"], check=True, capture_output=True, text=True).stdout.strip(),
        **{
            name: orjson.loads((folder / "node_modules" / name / "package.json").read_bytes())["version"]
            for name in ("postgraphile", "pg")
        },
    }
    if not versions["node"].startswith("v22.") or not versions["postgraphile"].startswith("5."):
        raise SystemExit(f"peers: expected Node 22 and PostGraphile 5, found {versions}")
    (folder / "postgraphile.tags.json5").write_text(TAGS)
    (folder / "server.mjs").write_text(SERVER)
    return Install(folder, node, versions, time.perf_counter() - started)


@contextlib.contextmanager
def npm_folder(keep: str | None) -> Iterator[Path]:
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        yield Path(keep).resolve()
        return
    folder = Path(tempfile.mkdtemp(prefix="hq-peers-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def find_wrk() -> str | None:
    """wrk, installed with apt-get when missing and this process may (as .ci/run does for chromium)."""
    if shutil.which("wrk") is None and shutil.which("apt-get") and os.geteuid() == 0:
        print("installing wrk with apt-get", flush=True)
        apt = ["apt-get", "-o", "DPkg::Lock::Timeout=120"]
        with contextlib.suppress(subprocess.CalledProcessError):
            subprocess.run([*apt, "install", "-y", "-qq", "wrk"], check=True, capture_output=True)
        if shutil.which("wrk") is None:
            with contextlib.suppress(subprocess.CalledProcessError):
                subprocess.run([*apt, "update", "-qq"], check=True, capture_output=True)
                subprocess.run([*apt, "install", "-y", "-qq", "wrk"], check=True, capture_output=True)
    return shutil.which("wrk")


# --- the three servers and what each is sent --------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """One server and one query: the POST it is sent."""

    base: str
    path: str
    body: bytes
    headers: dict[str, str]


def targets(bases: dict[str, str], token: str, query_list: list[Query]) -> dict[tuple[str, str], Target]:
    json_type = {"Content-Type": "application/json"}
    out = {}
    for i, q in enumerate(query_list):
        gateway = orjson.dumps({"query": q.gateway[0], "variables": q.gateway[1]})
        postgraphile = orjson.dumps({"query": q.postgraphile[0], "variables": q.postgraphile[1]})
        out[("gateway", q.name)] = Target(
            bases["gateway"], "/graphql", gateway, {**json_type, "Authorization": f"Bearer {token}"}
        )
        out[("postgraphile", q.name)] = Target(bases["postgraphile"], "/graphql", postgraphile, json_type)
        out[("floor", q.name)] = Target(bases["floor"], f"/q/{i}", b"", {})
    return out


def rows_of(server: str, payload: Any) -> list[dict[str, Any]]:
    """The compared fields of each node, under the gateway's names."""
    if "errors" in payload:
        raise SystemExit(f"peers: {server} answered with errors: {payload['errors']}")
    data = payload["data"]
    nodes = data if server == "floor" else next(iter(data.values()))["nodes"]
    out = []
    for node in nodes:
        named = {PG_NAMES.get(k, k): v for k, v in node.items()}
        row = {k: named[k] for k in COMPARED}
        row["personId"] = int(row["personId"])
        row["company"] = {k: named["company"][k] for k in COMPANY} if named["company"] else None
        out.append(row)
    return out


async def check_rows(work: dict[tuple[str, str], Target], query_list: list[Query]) -> None:
    """Every server returns the same rows for every query; else abort, showing the first difference."""
    async with httpx.AsyncClient(timeout=30.0) as client:
        for q in query_list:
            rows = {}
            for server in SERVERS:
                t = work[(server, q.name)]
                r = await client.post(t.base + t.path, content=t.body, headers=t.headers)
                r.raise_for_status()
                rows[server] = rows_of(server, r.json())
            reference = rows["gateway"]
            for server in SERVERS[1:]:
                if rows[server] != reference:
                    diff = next(
                        (i, a, b)
                        for i, (a, b) in enumerate(zip([*reference, None], [*rows[server], None], strict=False))
                        if a != b
                    )
                    raise SystemExit(
                        f"peers: {q.name}: {server} returns other rows than the gateway "
                        f"({len(rows[server])} vs {len(reference)}); first difference at row {diff[0]}:\n"
                        f"  gateway: {diff[1]}\n  {server}: {diff[2]}"
                    )
            if not reference:
                raise SystemExit(f"peers: {q.name}: no rows, nothing to compare")
            ids = [r["personId"] for r in reference]
            print(f"  {q.name:<10} same {len(ids)} rows on all three (person ids {ids[0]} ... {ids[-1]})")


# --- measuring ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Measured:
    rps: float
    p50_ms: float
    errors: int


def wrk_script(folder: Path, name: str, t: Target) -> Path:
    headers = "\n".join(f'wrk.headers["{k}"] = "{v}"' for k, v in t.headers.items())
    path = folder / f"{name}.lua"
    path.write_text(WRK_SCRIPT.format(body=t.body.decode(), headers=headers))
    return path


def run_wrk(wrk: str, script: Path, t: Target, clients: int, seconds: float) -> Measured:
    cmd = [wrk, "-t1", f"-c{clients}", f"-d{max(1, round(seconds))}s", "-s", str(script), t.base + t.path]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    line = next(x for x in out.splitlines() if x.startswith("PEERS "))
    requests, duration, p50, errors = line.split()[1:]
    return Measured(int(requests) / float(duration), float(p50), int(errors))


async def run_python(t: Target, clients: int, seconds: float) -> Measured:
    request = post_request(t.base, t.path, t.body, t.headers)

    async def send(conn: KeepAlive) -> bool:
        status, content = await conn.send(request)
        return status == 200 and b'"errors"' not in content

    result = await drive(t.base, send, clients, seconds)
    return Measured(result.rps, result.pct(50), result.errors)


async def measure(
    wrk: str | None, folder: Path, name: str, t: Target, seconds: float, clients: int = 10
) -> tuple[Measured, Measured]:
    """req/s at `clients` clients, p50 at 1 client, each after 1 s of warm-up at the same concurrency.

    `name` names wrk's script in `folder` (one per server and query).
    """
    if wrk is None:  # drive() warms up by itself
        return await run_python(t, clients, seconds), await run_python(t, 1, seconds)
    script = wrk_script(folder, name, t)
    out = []
    for concurrency in (clients, 1):  # in a thread: Ctrl-C cancels the run at once, not after every wrk run
        await asyncio.to_thread(run_wrk, wrk, script, t, concurrency, 1)
        out.append(await asyncio.to_thread(run_wrk, wrk, script, t, concurrency, seconds))
    return out[0], out[1]


def report(results: dict[tuple[str, str], list[tuple[Measured, Measured]]], query_list: list[Query]) -> None:
    header = "| query | server | req/s at 10 clients | p50 at 1 client (ms) | runs (req/s; p50) | errors |"
    print("\n" + header + "\n|---|---|---|---|---|---|")
    medians: dict[tuple[str, str], tuple[float, float]] = {}
    for q in query_list:
        for server in SERVERS:
            runs = results[(server, q.name)]
            rps = statistics.median(ten.rps for ten, _ in runs)
            p50 = statistics.median(one.p50_ms for _, one in runs)
            medians[(server, q.name)] = (rps, p50)
            detail = (
                ", ".join(f"{ten.rps:,.0f}" for ten, _ in runs)
                + "; "
                + ", ".join(f"{one.p50_ms:.2f}" for _, one in runs)
            )
            errors = sum(ten.errors + one.errors for ten, one in runs)
            print(f"| {q.name} | {server} | {rps:,.0f} | {p50:.2f} | {detail} | {errors} |")
    print(
        "\n| query | gateway/PostGraphile req/s | gateway/PostGraphile p50 | gateway/floor req/s | gateway/floor p50 |"
    )
    print("|---|---|---|---|---|")
    for q in query_list:
        g = medians[("gateway", q.name)]
        p = medians[("postgraphile", q.name)]
        f = medians[("floor", q.name)]
        print(f"| {q.name} | {g[0] / p[0]:.2f}x | {g[1] / p[1]:.2f}x | {g[0] / f[0]:.2f}x | {g[1] / f[1]:.2f}x |")
    print("(req/s ratio >= 1.00x: the gateway serves more; p50 ratio <= 1.00x: the gateway answers sooner)")


# --- the run -----------------------------------------------------------------------------------------


async def database_facts(url: str) -> str:
    conn = await asyncpg.connect(url)
    try:
        version = await conn.fetchval("SHOW server_version")
        people = await conn.fetchval("SELECT count(*) FROM core.people")
        companies = await conn.fetchval("SELECT count(*) FROM core.companies")
    finally:
        await conn.close()
    return f"PostgreSQL {version}, {people:,} people, {companies:,} companies"


@dataclass(frozen=True)
class Generator:
    """wrk when there is one, else the keep-alive client of bench/support.py."""

    wrk: str | None

    def describe(self) -> str:
        if self.wrk is None:
            return "bench/support.py KeepAlive (wrk missing)"
        version = subprocess.run([self.wrk, "--version"], capture_output=True, text=True).stdout.split()
        return f"wrk {version[1] if len(version) > 1 else '?'}, 1 thread"


@contextlib.asynccontextmanager
async def servers(url: str, installed: Install, since: date, query_list: list[Query]) -> AsyncIterator[dict[str, str]]:
    """The three servers on free loopback ports, one process each; their base URLs."""
    ports = {server: free_port() for server in SERVERS}
    env = {"DATABASE_URL": url, "HQ_RUN_WORKERS": "false", "HQ_LOG_LEVEL": "WARNING"}
    logs = installed.folder / "logs"
    logs.mkdir(exist_ok=True)
    folder = installed.folder
    node = [str(installed.node), str(folder / "server.mjs"), url, str(ports["postgraphile"])]
    floor = [sys.executable, __file__, "--floor", "--port", str(ports["floor"]), "--database-url", url]
    commands = {
        "gateway": ([str(BIN), "serve", "--port", str(ports["gateway"])], env, "/readyz"),
        "postgraphile": ([*node, str(folder / "postgraphile.tags.json5")], {"NODE_ENV": "production"}, "/graphql"),
        "floor": ([*floor, "--since", since.isoformat(), "--only", ",".join(q.name for q in query_list)], env, "/q/0"),
    }
    bases = {server: f"http://127.0.0.1:{port}" for server, port in ports.items()}
    procs: list[subprocess.Popen[bytes]] = []
    try:
        started = time.perf_counter()
        for server, (cmd, extra, _) in commands.items():
            procs.append(start(cmd, extra, logs / f"{server}.log"))
        for proc, (server, (_, _, ready)) in zip(procs, commands.items(), strict=True):
            await wait_listening(bases[server] + ready, proc)
        print(f"three servers listening after {time.perf_counter() - started:.1f} s (logs in {logs})")
        yield bases
    finally:
        for proc in procs:
            stop(proc)


async def bench(args: argparse.Namespace, url: str, installed: Install, generator: Generator) -> None:
    began = time.perf_counter()
    _, _, token = await prepare_database(url, args.people, args.companies, args.skip_load)
    since = datetime.now(UTC).date() - timedelta(days=NEW_IN_ROLE_DAYS)
    query_list = selected(since, args.only)
    results: dict[tuple[str, str], list[tuple[Measured, Measured]]] = {}
    async with servers(url, installed, since, query_list) as bases:
        work = targets(bases, token, query_list)
        print("rows check:")
        await check_rows(work, query_list)
        print(f"\nbefore: {machine()}", flush=True)
        measuring = time.perf_counter()
        for order in (SERVERS, SERVERS[::-1]):
            for server in order:
                for q in query_list:
                    ten, one = await measure(
                        generator.wrk, installed.folder, f"{server}-{q.name}", work[(server, q.name)], args.duration
                    )
                    results.setdefault((server, q.name), []).append((ten, one))
                    print(
                        f"  {server:<12} {q.name:<10} {ten.rps:8,.0f} req/s at 10, p50 {one.p50_ms:6.2f} ms at 1"
                        f"  (load average {os.getloadavg()[0]:.2f})",
                        flush=True,
                    )
        measured = time.perf_counter() - measuring
        print("after: load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg()))

    report(results, query_list)
    v = installed.versions
    print(
        f"\nsetup: {machine()}\n"
        f"  {await database_facts(url)}\n"
        f"  gateway: `{BIN} serve`, one process\n"
        f"  PostGraphile {v['postgraphile']} (amber preset, pg {v['pg']}) on Node {v['node']}, NODE_ENV=production\n"
        f"  floor: bench/queries.py floor_app (Starlette + asyncpg, the gateway's JSON-building statements)\n"
        f"  load generator {generator.describe()}; {args.duration:g} s per measurement after 1 s of warm-up; "
        f"two runs, {' > '.join(SERVERS)} then reversed; medians of the two\n"
        f"  npm install {installed.seconds:.0f} s, measuring {measured:.0f} s, "
        f"total {time.perf_counter() - began:.0f} s; newInRole since {since}"
    )


def serve_floor(args: argparse.Namespace) -> None:
    import uvicorn

    cases = [q.floor for q in selected(date.fromisoformat(args.since), args.only)]
    uvicorn.run(
        floor_app(args.database_url, cases), host="127.0.0.1", port=args.port, log_level="warning", access_log=False
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=None, help="default: BENCH_DATABASE_URL, else an embedded one")
    parser.add_argument("--people", type=int, default=1_000_000, help="demo data to load into an empty database")
    parser.add_argument("--companies", type=int, default=200_000)
    parser.add_argument("--duration", type=float, default=5.0, help="seconds per measurement")
    parser.add_argument("--skip-load", action="store_true", help="use the data already in the database")
    parser.add_argument("--only", type=lambda s: s.split(","), default=None, help="default,filtered,newInRole")
    parser.add_argument("--keep", default=None, metavar="DIR", help="install into DIR and keep it (reused next time)")
    parser.add_argument("--floor", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--since", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.floor:
        serve_floor(args)
        return
    from gateway import migrations

    given = contextlib.nullcontext(args.database_url) if args.database_url else throwaway_database()
    with given as url, npm_folder(args.keep) as folder:
        installed = npm_install(folder)
        generator = Generator(find_wrk())
        if generator.wrk is None:
            print("notice: wrk not found and not installable; measuring with the keep-alive client of bench/support.py")
        migrations.upgrade(url)
        asyncio.run(bench(args, url, installed, generator))


if __name__ == "__main__":
    main()
