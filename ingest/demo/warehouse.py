"""What the demo load does to the warehouse around its rows: it checks that `core` is empty and locks
it, drops the bulk tables' indexes and foreign keys for the load (returning what re-creates them),
moves the identities past the ids the demo wrote, and vacuums the tables afterwards.
"""

import asyncio
import logging

import asyncpg

from ingest.demo.vocabulary import DemoDataError


async def _count_existing(conn: asyncpg.Connection) -> tuple[int, int]:
    """Rows in core.people + core.companies, and how many of them are demo rows."""
    row = await conn.fetchrow("""
        SELECT (SELECT count(*) FROM core.people) + (SELECT count(*) FROM core.companies) AS total,
               (SELECT count(*) FROM core.people WHERE origin = 'demo')
             + (SELECT count(*) FROM core.companies WHERE origin = 'demo') AS demo""")
    assert row is not None
    return int(row["total"]), int(row["demo"])


async def database_is_empty(url: str) -> bool:
    """True when core.people and core.companies hold no rows (demo data may be loaded)."""
    conn = await asyncpg.connect(url)
    try:
        total, _ = await _count_existing(conn)
        return total == 0
    finally:
        await conn.close()


async def claim_empty_warehouse(conn: asyncpg.Connection) -> None:
    # Demo rows use ids from 1 and their own domains: loading next to other rows would collide.
    await conn.execute("LOCK TABLE core.companies, core.people IN SHARE ROW EXCLUSIVE MODE")
    total, demo = await _count_existing(conn)
    if demo:
        raise DemoDataError(f"the warehouse already holds demo data ({demo} demo people and companies)")
    if total:
        raise DemoDataError(
            f"the warehouse is not empty ({total} people and companies): demo data is only loaded "
            "into an empty core schema"
        )


# Tables the demo fills in bulk: their plain indexes (GIN trigram ones are costly to maintain row by
# row) and foreign keys are dropped for the load and re-created from their own definitions after it.
BULK_TABLES = [
    "core.companies", "core.people", "core.person_work_history", "core.person_promotions",
    "core.company_customers", "core.company_similar_companies",
]  # fmt: skip


async def defer_indexes(conn: asyncpg.Connection) -> list[str]:
    """Drop the bulk tables' indexes that back no constraint, and their foreign keys.

    Returns the statements that re-create them. Inside the load's transaction: a failed load gets them
    back with the rollback, and readers of these tables wait for the commit instead of seeing half.
    """
    found = await conn.fetch(
        """
        SELECT pg_get_indexdef(i.indexrelid) AS create_sql, format('DROP INDEX %s', i.indexrelid::regclass) AS drop_sql
        FROM pg_index i
        WHERE i.indrelid = ANY ($1::text[]::regclass[])
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
        UNION ALL
        SELECT format('ALTER TABLE %s ADD CONSTRAINT %I %s', conrelid::regclass, conname, pg_get_constraintdef(oid)),
               format('ALTER TABLE %s DROP CONSTRAINT %I', conrelid::regclass, conname)
        FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY ($1::text[]::regclass[])""",
        BULK_TABLES,
    )
    for row in found:
        await conn.execute(row["drop_sql"])
    return [row["create_sql"] for row in found]


# The demo wrote ids itself: later inserts continue after them.
RESET_IDENTITIES = """
SELECT setval(pg_get_serial_sequence('core.companies', 'id'), (SELECT max(id) FROM core.companies)),
       setval(pg_get_serial_sequence('core.people', 'id'), (SELECT max(id) FROM core.people)),
       setval(pg_get_serial_sequence('core.company_case_studies', 'id'),
              (SELECT max(id) FROM core.company_case_studies))
"""


log = logging.getLogger(__name__)


async def vacuum_until_visible(conn: asyncpg.Connection, table: str, tries: int = 10) -> None:
    """VACUUM ANALYZE `table` until its visibility map covers it, as autovacuum eventually gets it.

    Right after a bulk load a VACUUM can leave every page not-all-visible (seen: core.people 0 of 47,372
    pages): a snapshot older than the load's commit (autovacuum analysing another table) holds its
    cutoff back. Index-only scans then visit the heap for every row: counts and facets over 1M people
    ran twice as slow until a later VACUUM set the map.
    """
    visible, pages = 0, 0
    for _ in range(tries):
        await conn.execute(f"VACUUM (ANALYZE) {table}")
        row = await conn.fetchrow("SELECT relallvisible, relpages FROM pg_class WHERE oid = $1::regclass", table)
        assert row is not None
        visible, pages = int(row["relallvisible"]), int(row["relpages"])
        if visible >= 0.99 * pages:
            return
        await asyncio.sleep(1.0)
    log.warning("%s: %s of %s pages all-visible after %s VACUUMs", table, visible, pages, tries)
