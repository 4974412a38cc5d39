"""job queue: procrastinate's schema (in its own `procrastinate` schema) and the CompanyEnrich rate limit

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 21:00:00.000000

procrastinate 3.10.0 ships its schema as one SQL script with unqualified names. It is applied with
`search_path = procrastinate`, and every one of its functions gets that search_path pinned, so its
triggers and functions also work when our own sessions (default search_path) touch its tables.
The worker's connections set the search_path too (ingest/enrich/jobs.py). A later procrastinate
upgrade ships migration scripts under procrastinate/sql/migrations: apply them in a new revision.
"""

from collections.abc import Sequence

import asyncpg
import sqlalchemy as sa
from procrastinate.schema import SchemaManager
from sqlalchemy.util import await_

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

QUEUE_SCHEMA = "procrastinate"

PIN_SEARCH_PATH = f"""
DO $$
DECLARE f regprocedure;
BEGIN
    FOR f IN SELECT p.oid::regprocedure FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
             WHERE n.nspname = '{QUEUE_SCHEMA}'
    LOOP
        EXECUTE format('ALTER FUNCTION %s SET search_path = {QUEUE_SCHEMA}, pg_catalog', f);
    END LOOP;
END $$
"""


def _run_script(script: str) -> None:
    """Run a multi-statement script in the migration's transaction (asyncpg's simple query protocol)."""
    driver = op.get_bind().connection.dbapi_connection.driver_connection  # type: ignore[union-attr]
    if not isinstance(driver, asyncpg.Connection):
        raise RuntimeError("migration 0004 needs the asyncpg driver")
    await_(driver.execute(script))


def upgrade() -> None:
    op.create_table(
        "company_enrich_rate_limit",
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("next_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_company_enrich_rate_limit")),
        schema="raw",
    )
    op.execute(f"CREATE SCHEMA {QUEUE_SCHEMA}")
    op.execute(f"SET LOCAL search_path TO {QUEUE_SCHEMA}")
    _run_script(SchemaManager.get_schema())
    op.execute(PIN_SEARCH_PATH)
    op.execute("RESET search_path")  # alembic_version is updated next, in this transaction


def downgrade() -> None:
    op.execute(f"DROP SCHEMA IF EXISTS {QUEUE_SCHEMA} CASCADE")
    op.drop_table("company_enrich_rate_limit", schema="raw")
