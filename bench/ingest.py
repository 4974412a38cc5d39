"""Webhook ingest benchmark: N concurrent Clay-like clients POST to /ingest/{source} for a fixed time.

    .venv/bin/python bench/ingest.py --url http://127.0.0.1:8000 --clients 32 --duration 20

Payloads are a realistic mix of every source (customer lists, profiles with experience, signals ...),
each unique to the run; a share of them is sent twice (Clay re-runs), which must come back DUPLICATE.
Each client is one keep-alive connection of bench/support.py's minimal HTTP/1.1 client (httpx would
take CPU the server needs). Prints accepted/s and latency percentiles, then counts the run's raw rows
in the database and fails (exit 1) unless raw rows == STORED responses and every DUPLICATE points at
one of them: zero lost, zero duplicated. Without --key it creates an ingest key with `hq-gateway keys
create` (same database as the server: DATABASE_URL or the embedded one under HQ_DATA_DIR).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import subprocess
import sys
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import orjson

from support import BIN, REPO, KeepAlive, post_request  # isort: skip  (puts the repo root ahead of bench/ on sys.path)

WORDS = [
    "acme",
    "beta",
    "cobalt",
    "delta",
    "ember",
    "falcon",
    "granite",
    "harbor",
    "indigo",
    "juniper",
    "kinetic",
    "lumen",
    "meridian",
    "nova",
    "orbit",
]
TITLES = ["VP Engineering", "Head of Sales", "Chief Revenue Officer", "Software Engineer", "Director of Marketing"]
CUSTOMERS = ["Okay, Cool Group", "Trudy\u2019s", "Mighty Quinn\u2019s", "monday.com", "Find a Way LLC", "Kobeyaki"]


def _name(rng: random.Random) -> str:
    return f"{rng.choice(WORDS).title()} {rng.choice(WORDS).title()}"


def _domain(run: str, n: int) -> str:
    return f"b{run}-{n}.com"


def _person(run: str, n: int) -> str:
    return f"https://www.linkedin.com/in/bench-{run}-{n}/"


def _customers(rng: random.Random, k: int) -> list[dict[str, Any]]:
    names = rng.sample(CUSTOMERS, min(k, len(CUSTOMERS))) + [f"{_name(rng)} {i}" for i in range(max(0, k - 6))]
    return [
        {"url": f"https://x.com/case/{i}", "companyName": c, "hasCaseStudy": i % 2 == 0} for i, c in enumerate(names)
    ]


def payload(source: str, run: str, n: int, rng: random.Random) -> dict[str, Any]:
    """A realistic body of `source`, unique to (run, n); the `bench_run` marker is kept in raw only."""
    domain, person = _domain(run, n), _person(run, n)
    body: dict[str, Any]
    if source == "company_customers_structured":
        output = {
            "response": "...",
            "customers": _customers(rng, rng.randint(2, 20)),
            "confidence": "high",
            "reasoning": "I reviewed the case studies.",
            "stepsTaken": ["Visited https://x.com/customers/"],
        }
        body = {
            "origin_company_domain": f"www.{domain}",
            "origin_company_name": _name(rng),
            "workflow_slug": "claygent-get-all-company-customers",
            "raw_payload": json.dumps(output),
        }
    elif source == "company_customers_v2":
        output = {"customers": _customers(rng, rng.randint(0, 12)), "confidence": "medium", "stepsTaken": []}
        body = {"origin_company_domain": domain, "origin_company_name": _name(rng), "claygent_output": output}
    elif source == "company_customers_claygent":
        names = ", ".join(c["companyName"] for c in _customers(rng, 8) if "," not in c["companyName"])
        body = {"origin_company_domain": domain, "customers_claygent": {"result": names, "confidence": "low"}}
    elif source == "company_customers_manual":
        body = {
            "origin_company_domain": domain,
            "origin_company_name": _name(rng),
            "company_customer_name": _name(rng),
            "company_customer_domain": f"http://www.c{run}-{n}.io",
            "source_notes": "manual entry",
        }
    elif source == "company_firmographics":
        body = {
            "name": _name(rng),
            "website": f"https://www.{domain}/",
            "industry": "Software Development",
            "size": "51-200 employees",
            "employee_count": rng.randint(51, 200),
            "locality": "Austin, Texas",
            "locations": [{"is_primary": True, "city": "Austin", "state": "Texas", "country": "US"}],
            "description": "We build things. " * 20,
            "specialties": "saas, b2b, analytics",
        }
    elif source == "company_discovery":
        body = {
            "name": _name(rng),
            "domain": domain,
            "size": "11-50",
            "industry": "Internet",
            "location": "Berlin",
            "country": "Germany",
            "annual_revenue": "$1M-$10M",
            "total_funding_amount_range_usd": "$5M - $10M",
        }
    elif source == "person_profile":
        experience = [
            {
                "title": rng.choice(TITLES),
                "company": _name(rng),
                "company_domain": f"e{i}.{domain}",
                "start_date": f"{rng.randint(1, 12):02d}-{2024 - 2 * i}",
                "end_date": None if i == 0 else f"{2025 - 2 * i}-06",
                "is_current": i == 0,
            }
            for i in range(rng.randint(1, 8))
        ]
        inner = {
            "name": _name(rng),
            "headline": rng.choice(TITLES),
            "location_name": "London, England",
            "experience": experience,
            "education": [{"school": "UCL", "degree": "BSc"}],
        }
        body = {"linkedin_url": person, "workflow_slug": "person-profile", "raw_payload": json.dumps(inner)}
    elif source == "person_discovery":
        body = {
            "linkedin_url": person,
            "first_name": "Sam",
            "last_name": f"Lee{n}",
            "location_name": "Paris",
            "domain": domain,
            "latest_experience_title": rng.choice(TITLES),
            "latest_experience_start_date": "2023-10-01",
        }
    elif source == "vc_portfolio":
        body = {
            "organization_name": _name(rng),
            "website": f"https://{domain}",
            "description": "Portfolio company",
            "vc": "a16z",
            "vc1": "Sequoia",
            "vc2": f"{_name(rng)} Ventures",
        }
    elif source == "signal_job_change":
        body = {
            "person_linkedin_url": person,
            "full_name": _name(rng),
            "previous_company_domain": "old.com",
            "new_company_domain": domain,
            "new_title": rng.choice(TITLES),
            "start_date": "2026-02-18 03:36:51.601",
        }
    elif source == "signal_promotion":
        body = {
            "person_linkedin_url": person,
            "company_domain": domain,
            "previous_title": "Manager",
            "new_title": "Director",
            "promotion_date": "08-2024",
        }
    elif source == "signal_new_hire":
        body = {
            "company_domain": domain,
            "person_linkedin_url": person,
            "full_name": _name(rng),
            "title": rng.choice(TITLES),
            "start_date": "2025-01",
        }
    elif source == "signal_job_posting":
        body = {
            "company_domain": domain,
            "job_id": f"J{n}",
            "title": rng.choice(TITLES),
            "location": "New York, NY; Remote",
            "url": f"https://{domain}/jobs/{n}",
            "posted_at": "2026-01-08",
        }
    # the old system's feeds (issue 12): the shapes of LEGACY-PAYLOADS 1, 2, 3, 6 and 10
    elif source == "salesnav_company":
        body = {"raw_payload": {"Company": _name(rng), "Company website": f"https://www.{domain}/",
                "LinkedIn URL (company)": f"https://www.linkedin.com/company/{domain}", "Company headcount": "1,200",
                "Company industries": "Software"}}  # fmt: skip
    elif source == "email_leadmagic":
        body = {"first_name": "Jane", "last_name": "Doe", "person_linkedin_url": _person(run, n), "domain": domain,
                "leadmagic_raw_payload": {"email": f"jane@{domain}", "status": "valid", "has_mx": True}}  # fmt: skip
    elif source == "companyenrich_company":
        body = {"domain": domain, "raw_payload": {"name": _name(rng), "employees": "51-200", "revenue": "$10M-$50M",
                "industry": "Software", "keywords": ["billing", "saas"], "naics_codes": ["511210"],
                "location": {"city": {"name": "Austin"}, "country": {"name": "United States", "code": "US"}},
                "financial": {"funding": [{"date": "2024-05-01T00:00:00Z", "type": "Series A", "amount": "10000000",
                                           "from": "Example Ventures"}]}}}  # fmt: skip
    elif source == "techstack_builtwith":
        body = {"domain": domain, "builtwith_payload": [{"Name": t, "Tag": "web"} for t in ("React", "Stripe")]}
    elif source == "apollo_person":
        body = {"first_name": "Jane", "last_name": "Doe", "title": rng.choice(TITLES),
                "person_linkedin_link": _person(run, n), "company_name": _name(rng),
                "company_website_full": f"https://www.{domain}", "employee_count": "120", "lead_country": "Germany",
                "email": f"jane@{domain}", "email_status": "verified"}  # fmt: skip
    else:
        body = {
            "company_domain": domain,
            "headline": f"{_name(rng)} raises $12M",
            "url": f"https://news/{n}",
            "published_at": "2026-01-08",
            "amount": "$12M",
            "round": "Series A",
        }
    return {**body, "bench_run": run}


# share of traffic per source (customer lists and profiles dominate real Clay traffic)
MIX = {
    "company_customers_structured": 12,
    "company_customers_v2": 10,
    "company_customers_claygent": 5,
    "company_customers_manual": 5,
    "company_firmographics": 10,
    "company_discovery": 8,
    "person_profile": 15,
    "person_discovery": 8,
    "vc_portfolio": 4,
    "signal_job_change": 6,
    "signal_promotion": 5,
    "signal_new_hire": 5,
    "signal_job_posting": 4,
    "signal_news_fundraising": 3,
    "salesnav_company": 3,
    "email_leadmagic": 4,
    "companyenrich_company": 3,
    "techstack_builtwith": 3,
    "apollo_person": 3,
}
OLD_FEEDS = ("salesnav_company", "email_leadmagic", "companyenrich_company", "techstack_builtwith", "apollo_person")


@dataclass
class Results:
    latencies: list[float] = field(default_factory=list)
    statuses: Counter[str] = field(default_factory=Counter)
    stored_ids: set[int] = field(default_factory=set)
    duplicate_ids: set[int] = field(default_factory=set)
    stored_responses: int = 0


async def client_loop(
    url: str, key: str, run: str, deadline: float, counter: list[int], resend: float, seed: int, out: Results
) -> None:
    rng = random.Random(seed)
    sources, weights = list(MIX), list(MIX.values())
    sent: list[tuple[str, dict[str, Any]]] = []
    headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
    host, port = url.split("://", 1)[-1].split(":")
    conn = KeepAlive(host, int(port))
    try:
        while time.perf_counter() < deadline:
            if sent and rng.random() < resend:
                source, body = rng.choice(sent)  # a Clay re-run: same row again
            else:
                counter[0] += 1
                source = rng.choices(sources, weights)[0]
                body = payload(source, run, counter[0], rng)
                sent.append((source, body))
            request = post_request(url, f"/ingest/{source}", orjson.dumps(body), headers)
            started = time.perf_counter()
            try:
                code, content = await conn.send(request)
            except (OSError, asyncio.IncompleteReadError) as exc:
                out.statuses[f"error:{type(exc).__name__}"] += 1
                await conn.close()
                conn = KeepAlive(host, int(port))
                continue
            out.latencies.append(time.perf_counter() - started)
            result = orjson.loads(content) if content.startswith(b"{") else {}
            status = result.get("status") or str(code)
            out.statuses[f"{code} {status}"] += 1
            if status == "STORED":
                out.stored_responses += 1
                out.stored_ids.add(int(result["rawId"]))
            elif status == "DUPLICATE":
                out.duplicate_ids.add(int(result["rawId"]))
    finally:
        await conn.close()


def _cli(*args: str) -> str:
    command = [str(BIN), *args]
    return subprocess.run(command, check=True, capture_output=True, text=True, cwd=REPO).stdout.strip()


async def raw_rows_of_run(run: str) -> set[int]:
    from sqlalchemy import text

    from gateway.database import create_engine, libpq_url, stop_embedded
    from gateway.settings import get_settings

    engine = create_engine(libpq_url(get_settings()), pool_size=1)
    try:
        async with engine.connect() as conn:
            rows = await conn.execute(
                text("SELECT id FROM raw.payloads WHERE payload ->> 'bench_run' = :r"), {"r": run}
            )
            return {int(r[0]) for r in rows}
    finally:
        await engine.dispose()
        stop_embedded()


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=1000)[int(q * 1000) - 1] if len(values) > 1 else (values or [0.0])[0]


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default=os.environ.get("HQ_BENCH_URL", "http://127.0.0.1:8000"))
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--duration", type=float, default=20.0, help="seconds of load")
    parser.add_argument("--warmup", type=float, default=2.0, help="seconds of load before measuring")
    parser.add_argument("--resend", type=float, default=0.05, help="share of requests that re-send a row")
    parser.add_argument("--key", default=os.environ.get("HQ_BENCH_KEY"), help="ingest API key (default: create one)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--mix", choices=["all", "first-wave"], default="all", help="first-wave: without the old system's feeds"
    )
    args = parser.parse_args()
    if args.mix == "first-wave":
        for source in OLD_FEEDS:
            del MIX[source]
    print(f"mix: {args.mix} ({len(MIX)} sources)")

    key = (
        args.key
        or _cli("keys", "create", "--role", "ingest", "--name", f"bench-{uuid.uuid4().hex[:8]}").splitlines()[-1]
    )
    run = uuid.uuid4().hex[:10]
    counter = [0]
    if args.warmup > 0:  # connection pools, caches, JIT-less plan caches: not part of the figures
        warm = Results()
        deadline = time.perf_counter() + args.warmup
        await asyncio.gather(
            *(
                client_loop(args.url, key, run, deadline, counter, args.resend, args.seed + 10_000 + i, warm)
                for i in range(args.clients)
            )
        )
    results = Results()
    cpu_started = time.process_time()
    started = time.perf_counter()
    deadline = started + args.duration
    await asyncio.gather(
        *(
            client_loop(args.url, key, run, deadline, counter, args.resend, args.seed + i, results)
            for i in range(args.clients)
        )
    )
    elapsed = time.perf_counter() - started
    client_cpu = time.process_time() - cpu_started

    lat = sorted(results.latencies)
    accepted = sum(n for status, n in results.statuses.items() if status.startswith("200 "))
    print(
        f"clients={args.clients} duration={elapsed:.1f}s requests={len(lat)} run={run} "
        f"(this client used {client_cpu / elapsed:.0%} of a core; load average {os.getloadavg()[0]:.1f})"
    )
    print(f"responses: {dict(sorted(results.statuses.items()))}")
    print(
        f"accepted/s={accepted / elapsed:.0f}  p50={percentile(lat, 0.5) * 1000:.1f}ms  "
        f"p99={percentile(lat, 0.99) * 1000:.1f}ms  max={(lat[-1] if lat else 0) * 1000:.1f}ms"
    )

    if args.warmup > 0:
        results.stored_ids |= warm.stored_ids
        results.duplicate_ids |= warm.duplicate_ids
        results.stored_responses += warm.stored_responses
    in_db = await raw_rows_of_run(run)
    lost = results.stored_ids - in_db
    extra = in_db - results.stored_ids
    dangling = results.duplicate_ids - in_db
    ok = not lost and not extra and not dangling and results.stored_responses == len(results.stored_ids)
    ok = ok and all(status.startswith("200 ") for status in results.statuses)
    print(
        f"raw rows of this run: {len(in_db)}; STORED responses: {results.stored_responses}; "
        f"lost={len(lost)} unexpected={len(extra)} duplicates-without-row={len(dangling)} -> {'OK' if ok else 'FAIL'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
