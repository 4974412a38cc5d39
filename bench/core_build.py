"""Benchmark: the core build on a demo-sized warehouse, full and incremental.

    .venv/bin/python bench/core_build.py [--people 1000000] [--companies 200000] [--payloads 10000]
                                         [--url postgresql://...]  # an existing database, reused as is

Without --url it starts a throwaway embedded PostgreSQL under `.data/` and migrates it. Then:

1. the demo warehouse (`ingest.demo.load_demo_data`) into core, unless core already has people;
2. an extracted layer as large as the warehouse, mirrored from it in SQL (every demo person as a
   profile under a new LinkedIn URL with their work history as experience, every company as
   firmographics), unless extracted already has profiles; these rows look a day old;
3. a full run (`consolidate --full`: match customers, promote them, build core from all of extracted);
4. N new Clay payloads through the real ingest pipeline (profiles of new and known people,
   firmographics, discovery, Claygent customer lists, VC portfolio rows and signals);
5. the incremental run that picks them up (the one the issue budgets at under a minute), then an
   incremental run with nothing new.

Prints the machine, the data sizes, the seconds per stage and the reports of each run.

Measured 2026-11-25 on the 2-core AMD EPYC machine (24 GB), embedded PostgreSQL 18.6 with default
settings, 1,000,000 demo people / 200,000 companies / 3.06M work-history rows, mirrored into extracted:

    full run (match 6.7 s, customers 0.0 s, build 186.9 s: people 118.2, work history 56.0,
              promotions 9.0, companies 3.2)                                       194.0 s
    ingest 10,000 payloads through the pipeline, 4 clients                          17.0 s (not counted)
    incremental run after them (match 15.0 s of which fuzzy 9.3, customers 0.1 s,
              build 5.2 s)                                                          20.3 s
    incremental run with nothing new                                                 1.4 s
    matching on the demo's own Claygent rows with a known truth: 155 rows, precision 100%, matched 70%
"""

import argparse
import asyncio
import random
import time
from typing import Any

from support import machine, throwaway_database

MIRROR = [
    """INSERT INTO extracted.person_profiles (linkedin_url, full_name, first_name, last_name, headline, location,
           latest_title, latest_company, latest_company_domain, latest_start_date, created_at, updated_at)
       SELECT linkedin_url || '-x', full_name, first_name, last_name, headline, location_raw, job_title,
              company_name, company_domain, job_start_date, now() - interval '1 day', now() - interval '1 day'
       FROM core.people WHERE origin = 'demo'""",
    """INSERT INTO extracted.person_experience (linkedin_url, position, title, company_name, company_domain,
           start_date, end_date, is_current, created_at, updated_at)
       SELECT linkedin_url || '-x',
              row_number() OVER (PARTITION BY person_id ORDER BY start_date DESC, id) - 1,
              title, company_name, company_domain, start_date, end_date, is_current,
              now() - interval '1 day', now() - interval '1 day'
       FROM core.person_work_history""",
    """INSERT INTO extracted.company_firmographics (company_domain, name, linkedin_url, industry, size, city,
           state, country, description, tagline, founded_year, created_at, updated_at)
       SELECT domain, name, linkedin_url, industry, employee_range, city, state, country, description, tagline,
              founded_year, now() - interval '1 day', now() - interval '1 day'
       FROM core.companies WHERE origin = 'demo'""",
    "ANALYZE extracted.person_profiles",
    "ANALYZE extracted.person_experience",
    "ANALYZE extracted.company_firmographics",
]


class Clock:
    def __init__(self) -> None:
        self.steps: list[tuple[str, float]] = []

    def __call__(self, label: str, started: float) -> float:
        seconds = time.perf_counter() - started
        self.steps.append((label, seconds))
        print(f"  {label:<58} {seconds:8.2f} s", flush=True)
        return seconds


async def counts(engine: Any) -> dict[str, int]:
    from sqlalchemy import text

    tables = ["core.companies", "core.people", "core.person_work_history", "core.person_promotions",
              "core.company_customers", "extracted.person_profiles", "extracted.person_experience",
              "extracted.company_firmographics", "extracted.claygent_customers_v2"]  # fmt: skip
    async with engine.connect() as conn:
        return {t: int((await conn.execute(text(f"SELECT count(*) FROM {t}"))).scalar_one()) for t in tables}


async def sample(engine: Any, sql: str, n: int) -> list[Any]:
    from sqlalchemy import text

    async with engine.connect() as conn:
        return list(await conn.execute(text(sql), {"n": n}))


async def payloads(engine: Any, n: int, rng: random.Random) -> list[tuple[str, dict[str, Any]]]:
    """N Clay payloads in the proportions a day of webhooks might have."""
    people = await sample(
        engine, "SELECT linkedin_url, full_name FROM extracted.person_profiles ORDER BY random() LIMIT :n", n
    )
    companies = await sample(engine, "SELECT domain, name, industry FROM core.companies ORDER BY random() LIMIT :n", n)
    titles = [r[0] for r in await sample(engine, "SELECT raw_value FROM reference.job_title_lookup LIMIT :n", 3000)]
    titles += ["Principal Platform Wrangler", "Staff Growth Hacker", "Head of Vibes", "Lead Data Whisperer"]
    run = rng.randrange(10**6)
    out: list[tuple[str, dict[str, Any]]] = []

    def job(title: str, co: Any, start: str, current: bool, end: str | None = None) -> dict[str, Any]:
        return {"title": title, "company": co.name, "company_domain": co.domain, "start_date": start,
                "end_date": end, "is_current": current}  # fmt: skip

    for i in range(n):
        kind = i % 20
        co, other = companies[i % len(companies)], companies[(i * 7 + 3) % len(companies)]
        if kind < 8:  # a new person
            out.append(("person_profile", {
                "linkedin_url": f"https://www.linkedin.com/in/bench-{run}-{i}", "name": f"Bench Person {i}",
                "location": rng.choice(["San Francisco, CA", "Berlin, Germany", "London, United Kingdom",
                                        "Austin, Texas, United States", "Remote"]),
                "experience": [job(rng.choice(titles), co, "2025-06", True),
                               job(rng.choice(titles), co, "2022-01", False, "2025-05"),
                               job(rng.choice(titles), other, "2018-03", False, "2021-12")]}))  # fmt: skip
        elif kind < 12:  # a known person changed jobs
            person = people[i % len(people)]
            out.append(("person_profile", {
                "linkedin_url": person.linkedin_url, "name": person.full_name,
                "experience": [job(rng.choice(titles), co, "2026-01", True),
                               job(rng.choice(titles), other, "2020-01", False, "2025-12")]}))  # fmt: skip
        elif kind < 14:
            size = rng.choice(["11-50", "51-200 employees", "1,001-5,000"])
            out.append(("company_firmographics", {"company_domain": co.domain, "name": co.name, "size": size,
                        "industry": co.industry, "locality": "Austin, Texas, United States"}))  # fmt: skip
        elif kind < 15:
            out.append(("company_discovery", {"domain": f"bench-{run}-{i}.com", "name": f"Benchco {run} {i}",
                        "industry": "Software Development", "location": "Paris, France"}))  # fmt: skip
        elif kind < 16:
            names = [c.name for c in rng.sample(companies, 5)]
            names[0] = names[0] + " Inc."
            names[1] = names[1][:3] + names[1][4] + names[1][3] + names[1][5:] if len(names[1]) > 6 else names[1]
            names.append(f"Unknown Customer {run} {i}")
            out.append(("company_customers_v2", {"origin_company_domain": co.domain, "origin_company_name": co.name,
                        "claygent_output": {"customers": [{"companyName": nm} for nm in names]}}))  # fmt: skip
        elif kind < 17:
            vc = rng.choice(["a16z", "Sequoia", "YC", "Accel Partners"])
            out.append(("vc_portfolio", {"company_domain": co.domain, "company_name": co.name, "vc_name": vc}))
        elif kind < 18:
            out.append(("signal_job_posting", {"company_domain": co.domain, "job_id": f"bench-{run}-{i}",
                                               "title": rng.choice(titles), "posted_at": "2026-02-01"}))  # fmt: skip
        elif kind < 19:
            headline = f"{co.name} news {run} {i}"
            out.append(("signal_news_fundraising", {"company_domain": co.domain, "headline": headline,
                                                    "amount": "$5M", "round": "Seed"}))  # fmt: skip
        else:
            person = people[i % len(people)]
            out.append(("signal_job_change", {"person_linkedin_url": person.linkedin_url,
                        "full_name": person.full_name, "new_company_domain": co.domain,
                        "new_title": rng.choice(titles), "start_date": "2026-01"}))  # fmt: skip
    return out


async def ingest_all(engine: Any, bodies: list[tuple[str, dict[str, Any]]], workers: int) -> dict[str, int]:
    from ingest.pipeline import ingest

    statuses: dict[str, int] = {}
    queue: asyncio.Queue[tuple[str, dict[str, Any]]] = asyncio.Queue()
    for item in bodies:
        queue.put_nowait(item)

    async def worker() -> None:
        while not queue.empty():
            source, body = queue.get_nowait()
            outcome = await ingest(engine, source, body)
            statuses[str(outcome.status)] = statuses.get(str(outcome.status), 0) + 1

    await asyncio.gather(*(worker() for _ in range(workers)))
    return statuses


DEMO_SAMPLE = """
    SELECT count(*) FILTER (WHERE x.matched_domain IS NOT NULL) AS matched,
           count(*) FILTER (WHERE x.matched_domain = x.truth
                            OR (x.truth IS NULL AND x.matched_domain IS NULL)) AS right_answers,
           count(*) FILTER (WHERE x.matched_domain IS NOT NULL AND x.matched_domain IS DISTINCT FROM x.truth)
               AS wrong,
           count(*) AS labelled
    FROM (
        SELECT v.matched_domain, c.customer_domain AS truth
        FROM extracted.claygent_customers_v2 v
        JOIN core.company_customers c ON c.origin_company_domain = v.origin_company_domain
             AND c.case_study_url = v.case_study_url AND c.source = 'demo'
        UNION ALL
        SELECT v.matched_domain, NULL FROM extracted.claygent_customers_v2 v
        WHERE v.customer_name = ANY(:unknown)
    ) x"""


async def demo_sample(engine: Any) -> str:
    """Matching on the demo's own Claygent rows whose truth is known: case-study rows and unknown names."""
    from sqlalchemy import text

    from ingest.demo import UNKNOWN_CUSTOMERS

    async with engine.connect() as conn:
        row = (await conn.execute(text(DEMO_SAMPLE), {"unknown": list(UNKNOWN_CUSTOMERS)})).one()
    precision = (row.matched - row.wrong) / row.matched if row.matched else 1.0
    return (
        f"demo Claygent rows with a known truth: {row.labelled}, matched {row.matched}, wrong {row.wrong} "
        f"(precision {precision:.1%}, match rate {row.matched / max(row.labelled, 1):.1%})"
    )


async def consolidate_run(engine: Any, full: bool, clock: Clock, label: str) -> None:
    from ingest.core_build import consolidation_lines, match_lines
    from ingest.core_build.build import rebuild_core
    from ingest.core_build.consolidation import consolidate_customers
    from ingest.core_build.matching import match_customers

    started = time.perf_counter()
    async with engine.begin() as conn:
        t = time.perf_counter()
        matches = await match_customers(conn, full=full)
        clock(f"{label}: match customers", t)
    async with engine.begin() as conn:
        t = time.perf_counter()
        report = await consolidate_customers(conn, full=full)
        clock(f"{label}: consolidate customers", t)
    async with engine.begin() as conn:
        t = time.perf_counter()
        await rebuild_core(conn, report, full=full)
        clock(f"{label}: build core", t)
    clock(f"{label}: total", started)
    for line in [*match_lines(matches), *consolidation_lines(report)]:
        print(f"      {line}")


async def run(url: str, args: argparse.Namespace) -> None:
    from sqlalchemy import text

    from gateway.database import create_engine
    from ingest.demo import load_demo_data

    clock = Clock()
    engine = create_engine(url, pool_size=args.workers)
    try:
        before = await counts(engine)
        if before["core.people"] == 0:
            started = time.perf_counter()
            await load_demo_data(url, people=args.people, companies=args.companies, seed=42, progress=False)
            clock(f"demo warehouse ({args.people:,} people, {args.companies:,} companies)", started)
        if before["extracted.person_profiles"] == 0:
            started = time.perf_counter()
            async with engine.begin() as conn:
                await conn.execute(text("SET LOCAL statement_timeout = 0"))
                for sql in MIRROR:
                    await conn.execute(text(sql))
            clock("extracted layer mirrored from the warehouse (SQL)", started)
        print("\n  rows before the runs:")
        for table, rows in (await counts(engine)).items():
            print(f"      {table:<40} {rows:>12,}")
        print()
        await consolidate_run(engine, True, clock, "full run")
        print(f"      {await demo_sample(engine)}")
        bodies = await payloads(engine, args.payloads, random.Random(args.seed))
        started = time.perf_counter()
        statuses = await ingest_all(engine, bodies, args.workers)
        clock(f"ingest {len(bodies):,} payloads through the pipeline ({args.workers} clients) {statuses}", started)
        await consolidate_run(engine, False, clock, f"incremental run after {len(bodies):,} payloads")
        await consolidate_run(engine, False, clock, "incremental run, nothing new")
        async with engine.connect() as conn:
            size = (await conn.execute(text("SELECT pg_size_pretty(pg_database_size(current_database()))"))).scalar()
            version = (await conn.execute(text("SHOW server_version"))).scalar()
        print("\n  rows after the runs:")
        for table, rows in (await counts(engine)).items():
            print(f"      {table:<40} {rows:>12,}")
        print(f"\n  postgres {version}, database size {size}")
    finally:
        await engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--companies", type=int, default=200_000)
    parser.add_argument("--payloads", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=4, help="concurrent ingest clients")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--url", default=None, help="an existing database (kept; demo and mirror reused)")
    args = parser.parse_args()
    from gateway import migrations

    print(f"machine: {machine()}")
    print(f"warehouse: {args.people:,} demo people, {args.companies:,} companies; {args.payloads:,} new payloads\n")
    if args.url:
        migrations.upgrade(args.url)
        asyncio.run(run(args.url, args))
        return
    with throwaway_database() as url:
        migrations.upgrade(url)
        asyncio.run(run(url, args))


if __name__ == "__main__":
    main()
