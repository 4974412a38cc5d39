"""What the demo load does to the warehouse around its rows: it checks that `core` is empty and locks
it, drops the bulk tables' indexes and foreign keys for the load (returning what re-creates them), and
moves the identities past the ids the demo wrote.
"""

import asyncpg

from ingest.demo_vocabulary import DemoDataError


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
       setval(pg_get_serial_sequence('core.people', 'id'), (SELECT max(id) FROM core.people))
"""
