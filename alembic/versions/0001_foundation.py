"""foundation

Revision ID: 0001
Revises:
Create Date: 2026-11-25 20:26:19.497223
"""

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from alembic import op
from models import reference_seed

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


SCHEMAS = ("raw", "extracted", "core", "reference", "staging", "ops")
READER_ROLE = "hq_reader"

# Reader traffic runs as this role: it can read core and reference and nothing else, so a bug in the
# gateway still cannot read raw, extracted, public or staging. Roles are cluster-wide, hence IF NOT
# EXISTS; on a managed server without CREATEROLE the gateway logs that it runs without it.
CREATE_READER_ROLE = f"""
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{READER_ROLE}') THEN
        CREATE ROLE {READER_ROLE} NOLOGIN;
    END IF;
    GRANT {READER_ROLE} TO CURRENT_USER;
EXCEPTION WHEN insufficient_privilege THEN
    RAISE NOTICE 'cannot create role {READER_ROLE}: reader traffic will use the main role';
END
$$;
"""

GRANT_READER = f"""
DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = '{READER_ROLE}') THEN
        GRANT USAGE ON SCHEMA core, reference TO {READER_ROLE};
        GRANT SELECT ON ALL TABLES IN SCHEMA core, reference TO {READER_ROLE};
        ALTER DEFAULT PRIVILEGES IN SCHEMA core, reference GRANT SELECT ON TABLES TO {READER_ROLE};
    END IF;
END
$$;
"""


def upgrade() -> None:
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for schema in SCHEMAS:
        op.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
    op.create_table(
        "api_keys",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("role", sa.Text(), nullable=False),
        sa.Column("key_hash", sa.LargeBinary(), nullable=False),
        sa.Column("prefix", sa.Text(), nullable=False),
        sa.Column("rate_limit_per_minute", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_keys")),
        sa.UniqueConstraint("key_hash", name=op.f("uq_api_keys_key_hash")),
        schema="ops",
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("api_key_id", sa.UUID(), nullable=True),
        sa.Column("actor", sa.Text(), nullable=False),
        sa.Column("action", sa.Text(), nullable=False),
        sa.Column(
            "arguments",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'{}'"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
        schema="ops",
    )
    op.create_table(
        "build_state",
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("watermark", sa.DateTime(timezone=True), nullable=True),
        sa.Column("details", postgresql.JSONB(astext_type=sa.Text()), server_default=sa.text("'{}'"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_build_state")),
        schema="ops",
    )
    op.create_table(
        "top_priority_companies",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("company_name", sa.Text(), nullable=True),
        sa.Column("domain", sa.Text(), nullable=False),
        sa.Column("company_linkedin_url", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_top_priority_companies")),
        sa.UniqueConstraint("domain", name=op.f("uq_top_priority_companies_domain")),
        schema="public",
    )
    op.create_table(
        "business_models",
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_business_models")),
        schema="reference",
    )
    op.create_table(
        "countries",
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("iso2", sa.Text(), nullable=False),
        sa.Column("iso3", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_countries")),
        sa.UniqueConstraint("iso2", name=op.f("uq_countries_iso2")),
        sa.UniqueConstraint("iso3", name=op.f("uq_countries_iso3")),
        schema="reference",
    )
    op.create_table(
        "employee_range_lookup",
        sa.Column("raw_key", sa.Text(), nullable=False),
        sa.Column("raw_value", sa.Text(), nullable=False),
        sa.Column("matched_employee_range", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("raw_key", name=op.f("pk_employee_range_lookup")),
        schema="reference",
    )
    op.create_table(
        "employee_ranges",
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("min_employees", sa.Integer(), nullable=False),
        sa.Column("max_employees", sa.Integer(), nullable=True),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_employee_ranges")),
        schema="reference",
    )
    op.create_table(
        "industries",
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_industries")),
        schema="reference",
    )
    op.create_table(
        "industry_lookup",
        sa.Column("raw_key", sa.Text(), nullable=False),
        sa.Column("raw_value", sa.Text(), nullable=False),
        sa.Column("matched_industry", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("raw_key", name=op.f("pk_industry_lookup")),
        schema="reference",
    )
    op.create_table(
        "job_functions",
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_job_functions")),
        schema="reference",
    )
    op.create_table(
        "job_title_lookup",
        sa.Column("raw_key", sa.Text(), nullable=False),
        sa.Column("raw_value", sa.Text(), nullable=False),
        sa.Column("matched_cleaned_job_title", sa.Text(), nullable=False),
        sa.Column("matched_job_function", sa.Text(), nullable=False),
        sa.Column("matched_seniority", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("raw_key", name=op.f("pk_job_title_lookup")),
        schema="reference",
    )
    op.create_table(
        "location_lookup",
        sa.Column("raw_key", sa.Text(), nullable=False),
        sa.Column("raw_value", sa.Text(), nullable=False),
        sa.Column("matched_city", sa.Text(), nullable=True),
        sa.Column("matched_state", sa.Text(), nullable=True),
        sa.Column("matched_country", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("raw_key", name=op.f("pk_location_lookup")),
        schema="reference",
    )
    op.create_table(
        "seniorities",
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_seniorities")),
        schema="reference",
    )
    op.create_table(
        "signals",
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_signals")),
        schema="reference",
    )
    op.create_table(
        "vc_firms",
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("aliases", postgresql.ARRAY(sa.Text()), server_default="{}", nullable=False),
        sa.Column("website", sa.Text(), nullable=True),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_vc_firms")),
        schema="reference",
    )
    reference_seed.upsert_all(op.get_bind())
    op.execute(CREATE_READER_ROLE)
    op.execute(GRANT_READER)


def downgrade() -> None:
    op.execute(
        f"DO $$ BEGIN IF EXISTS (SELECT FROM pg_roles WHERE rolname = '{READER_ROLE}') THEN "
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA core, reference REVOKE SELECT ON TABLES FROM {READER_ROLE}; "
        "END IF; END $$"
    )
    op.drop_table("vc_firms", schema="reference")
    op.drop_table("signals", schema="reference")
    op.drop_table("seniorities", schema="reference")
    op.drop_table("location_lookup", schema="reference")
    op.drop_table("job_title_lookup", schema="reference")
    op.drop_table("job_functions", schema="reference")
    op.drop_table("industry_lookup", schema="reference")
    op.drop_table("industries", schema="reference")
    op.drop_table("employee_ranges", schema="reference")
    op.drop_table("employee_range_lookup", schema="reference")
    op.drop_table("countries", schema="reference")
    op.drop_table("business_models", schema="reference")
    op.drop_table("top_priority_companies", schema="public")
    op.drop_table("build_state", schema="ops")
    op.drop_table("audit_log", schema="ops")
    op.drop_table("api_keys", schema="ops")
    for schema in reversed(SCHEMAS):
        op.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
