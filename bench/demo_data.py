"""Benchmark: the demo warehouse on a throwaway embedded PostgreSQL, timed per step.

    .venv/bin/python bench/demo_data.py [--people 1000000] [--companies 200000] [--seed 42]

Starts a fresh server under `.data/` (deleted afterwards), migrates it (not timed), loads the demo
data with indexes in place and ANALYZE at the end, and prints the wall time per step, the total,
the rows per table, the machine and the database size.
"""

import argparse
import asyncio
import time

import asyncpg
from support import machine, throwaway_database


async def database_facts(url: str) -> tuple[str, str]:
    conn = await asyncpg.connect(url)
    try:
        size = await conn.fetchval("SELECT pg_size_pretty(pg_database_size(current_database()))")
        version = await conn.fetchval("SHOW server_version")
        return str(size), str(version)
    finally:
        await conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--companies", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--no-progress", action="store_true")
    args = parser.parse_args()
    from gateway import migrations
    from ingest.demo import load_demo_data

    with throwaway_database() as url:
        started = time.perf_counter()
        migrations.upgrade(url)
        migrate_s = time.perf_counter() - started
        timings: dict[str, float] = {}
        started = time.perf_counter()
        counts = asyncio.run(
            load_demo_data(
                url,
                people=args.people,
                companies=args.companies,
                seed=args.seed,
                progress=not args.no_progress,
                timings=timings,
            )
        )
        total_s = time.perf_counter() - started
        size, version = asyncio.run(database_facts(url))

    print(f"\nmachine: {machine()}")
    print(f"postgres: {version} (embedded, default settings), migrate {migrate_s:.1f} s (not counted)")
    print(f"demo data: {args.people:,} people, {args.companies:,} companies, seed {args.seed}\n")
    for step, seconds in timings.items():
        print(f"  {step:<24} {seconds:8.2f} s")
    print(f"  {'total':<24} {total_s:8.2f} s\n")
    for table, rows in counts.items():
        print(f"  {table:<36} {rows:>12,}")
    print(f"\ndatabase size: {size}")


if __name__ == "__main__":
    main()
