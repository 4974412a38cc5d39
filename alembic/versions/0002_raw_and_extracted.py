"""raw and extracted

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 20:26:20.726744
"""

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# The seed's raw table names stay queryable, as views over the one payload store.
CLAYGENT_RAW_VIEWS = {
    "claygent_customers_raw": "company_customers_claygent",
    "claygent_customers_structured_raw": "company_customers_structured",
    "claygent_customers_v2_raw": "company_customers_v2",
}


def create_raw_views() -> None:
    for view, source in CLAYGENT_RAW_VIEWS.items():
        op.execute(
            f"""
            CREATE VIEW raw.{view} AS
            SELECT p.id,
                   p.subject AS origin_company_domain,
                   COALESCE(p.payload ->> 'origin_company_name',
                            p.payload -> 'raw_payload' ->> 'origin_company_name') AS origin_company_name,
                   p.payload AS raw_payload,
                   p.status,
                   p.errors,
                   p.received_at AS created_at
            FROM raw.payloads p
            WHERE p.source = '{source}'
            """
        )


def drop_raw_views() -> None:
    for view in CLAYGENT_RAW_VIEWS:
        op.execute(f"DROP VIEW IF EXISTS raw.{view}")


def upgrade() -> None:
    op.create_table(
        "customer_domain_overrides",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("origin_company_domain", sa.Text(), nullable=False),
        sa.Column("customer_name", sa.Text(), nullable=False),
        sa.Column("domain", sa.Text(), nullable=True),
        sa.Column("api_key_id", sa.UUID(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_customer_domain_overrides")),
        sa.UniqueConstraint(
            "origin_company_domain",
            "customer_name",
            name=op.f("uq_customer_domain_overrides_origin_company_domain_customer_name"),
        ),
        schema="extracted",
    )
    op.create_table(
        "company_enrich_similar_batches",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("status", sa.Text(), server_default="PENDING", nullable=False),
        sa.Column("options", postgresql.JSONB(astext_type=sa.Text()), server_default=sa.text("'{}'"), nullable=False),
        sa.Column("total", sa.Integer(), server_default="0", nullable=False),
        sa.Column("processed", sa.Integer(), server_default="0", nullable=False),
        sa.Column("succeeded", sa.Integer(), server_default="0", nullable=False),
        sa.Column("failed", sa.Integer(), server_default="0", nullable=False),
        sa.Column("similar_companies_found", sa.Integer(), server_default="0", nullable=False),
        sa.Column(
            "invalid_domains",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'[]'"),
            nullable=False,
        ),
        sa.Column("error_message", sa.Text(), nullable=True),
        sa.Column("api_key_id", sa.UUID(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_company_enrich_similar_batches")),
        schema="raw",
    )
    op.create_index(
        op.f("ix_company_enrich_similar_batches_status"),
        "company_enrich_similar_batches",
        ["status"],
        unique=False,
        schema="raw",
    )
    op.create_table(
        "payloads",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("dedupe_key", sa.Text(), nullable=False),
        sa.Column("subject", sa.Text(), nullable=True),
        sa.Column("payload", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("errors", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("extractor_version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("extracted_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("had_nul", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("redacted", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("api_key_id", sa.UUID(), nullable=True),
        sa.Column("received_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payloads")),
        sa.UniqueConstraint("source", "dedupe_key", name=op.f("uq_payloads_source_dedupe_key")),
        schema="raw",
    )
    op.create_index(op.f("ix_payloads_source_status"), "payloads", ["source", "status"], unique=False, schema="raw")
    op.create_index(op.f("ix_payloads_source_subject"), "payloads", ["source", "subject"], unique=False, schema="raw")
    op.create_table(
        "claygent_customers",
        sa.Column("origin_company_domain", sa.Text(), nullable=False),
        sa.Column("origin_company_name", sa.Text(), nullable=True),
        sa.Column("origin_company_linkedin_url", sa.Text(), nullable=True),
        sa.Column("customer_name", sa.Text(), nullable=False),
        sa.Column("case_study_url", sa.Text(), nullable=True),
        sa.Column("has_case_study", sa.Boolean(), nullable=True),
        sa.Column("confidence", sa.Text(), nullable=True),
        sa.Column("matched_domain", sa.Text(), nullable=True),
        sa.Column("matched_linkedin_url", sa.Text(), nullable=True),
        sa.Column("match_method", sa.Text(), nullable=True),
        sa.Column("match_score", sa.Float(), nullable=True),
        sa.Column("matched_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("match_candidates", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("raw_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["raw_id"],
            ["raw.payloads.id"],
            name=op.f("fk_claygent_customers_raw_id_payloads"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claygent_customers")),
        sa.UniqueConstraint(
            "origin_company_domain",
            "customer_name",
            name=op.f("uq_claygent_customers_origin_company_domain_customer_name"),
        ),
        schema="extracted",
    )
    op.create_index(
        op.f("ix_claygent_customers_matched_domain"),
        "claygent_customers",
        ["matched_domain"],
        unique=False,
        schema="extracted",
    )
    op.create_index(
        op.f("ix_claygent_customers_raw_id"),
        "claygent_customers",
        ["raw_id"],
        unique=False,
        schema="extracted",
    )
    op.create_table(
        "claygent_customers_structured",
        sa.Column("origin_company_domain", sa.Text(), nullable=False),
        sa.Column("origin_company_name", sa.Text(), nullable=True),
        sa.Column("origin_company_linkedin_url", sa.Text(), nullable=True),
        sa.Column("customer_name", sa.Text(), nullable=False),
        sa.Column("case_study_url", sa.Text(), nullable=True),
        sa.Column("has_case_study", sa.Boolean(), nullable=True),
        sa.Column("confidence", sa.Text(), nullable=True),
        sa.Column("matched_domain", sa.Text(), nullable=True),
        sa.Column("matched_linkedin_url", sa.Text(), nullable=True),
        sa.Column("match_method", sa.Text(), nullable=True),
        sa.Column("match_score", sa.Float(), nullable=True),
        sa.Column("matched_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("match_candidates", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("raw_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["raw_id"],
            ["raw.payloads.id"],
            name=op.f("fk_claygent_customers_structured_raw_id_payloads"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claygent_customers_structured")),
        sa.UniqueConstraint(
            "origin_company_domain",
            "customer_name",
            name=op.f("uq_claygent_customers_structured_origin_company_domain_customer_name"),
        ),
        schema="extracted",
    )
    op.create_index(
        op.f("ix_claygent_customers_structured_matched_domain"),
        "claygent_customers_structured",
        ["matched_domain"],
        unique=False,
        schema="extracted",
    )
    op.create_index(
        op.f("ix_claygent_customers_structured_raw_id"),
        "claygent_customers_structured",
        ["raw_id"],
        unique=False,
        schema="extracted",
    )
    op.create_table(
        "claygent_customers_v2",
        sa.Column("origin_company_domain", sa.Text(), nullable=False),
        sa.Column("origin_company_name", sa.Text(), nullable=True),
        sa.Column("origin_company_linkedin_url", sa.Text(), nullable=True),
        sa.Column("customer_name", sa.Text(), nullable=False),
        sa.Column("case_study_url", sa.Text(), nullable=True),
        sa.Column("has_case_study", sa.Boolean(), nullable=True),
        sa.Column("confidence", sa.Text(), nullable=True),
        sa.Column("matched_domain", sa.Text(), nullable=True),
        sa.Column("matched_linkedin_url", sa.Text(), nullable=True),
        sa.Column("match_method", sa.Text(), nullable=True),
        sa.Column("match_score", sa.Float(), nullable=True),
        sa.Column("matched_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("match_candidates", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("raw_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["raw_id"],
            ["raw.payloads.id"],
            name=op.f("fk_claygent_customers_v2_raw_id_payloads"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claygent_customers_v2")),
        sa.UniqueConstraint(
            "origin_company_domain",
            "customer_name",
            name=op.f("uq_claygent_customers_v2_origin_company_domain_customer_name"),
        ),
        schema="extracted",
    )
    op.create_index(
        op.f("ix_claygent_customers_v2_matched_domain"),
        "claygent_customers_v2",
        ["matched_domain"],
        unique=False,
        schema="extracted",
    )
    op.create_index(
        op.f("ix_claygent_customers_v2_raw_id"),
        "claygent_customers_v2",
        ["raw_id"],
        unique=False,
        schema="extracted",
    )
    op.create_table(
        "company_customers_manual",
        sa.Column("customer_domain", sa.Text(), nullable=True),
        sa.Column("customer_linkedin_url", sa.Text(), nullable=True),
        sa.Column("source_notes", sa.Text(), nullable=True),
        sa.Column("origin_company_domain", sa.Text(), nullable=False),
        sa.Column("origin_company_name", sa.Text(), nullable=True),
        sa.Column("origin_company_linkedin_url", sa.Text(), nullable=True),
        sa.Column("customer_name", sa.Text(), nullable=False),
        sa.Column("case_study_url", sa.Text(), nullable=True),
        sa.Column("has_case_study", sa.Boolean(), nullable=True),
        sa.Column("confidence", sa.Text(), nullable=True),
        sa.Column("matched_domain", sa.Text(), nullable=True),
        sa.Column("matched_linkedin_url", sa.Text(), nullable=True),
        sa.Column("match_method", sa.Text(), nullable=True),
        sa.Column("match_score", sa.Float(), nullable=True),
        sa.Column("matched_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("match_candidates", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("raw_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["raw_id"],
            ["raw.payloads.id"],
            name=op.f("fk_company_customers_manual_raw_id_payloads"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_company_customers_manual")),
        sa.UniqueConstraint(
            "origin_company_domain",
            "customer_name",
            name=op.f("uq_company_customers_manual_origin_company_domain_customer_name"),
        ),
        schema="extracted",
    )
    op.create_index(
        op.f("ix_company_customers_manual_matched_domain"),
        "company_customers_manual",
        ["matched_domain"],
        unique=False,
        schema="extracted",
    )
    op.create_index(
        op.f("ix_company_customers_manual_raw_id"),
        "company_customers_manual",
        ["raw_id"],
        unique=False,
        schema="extracted",
    )
    op.create_table(
        "company_discovery",
        sa.Column("domain", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column("linkedin_url", sa.Text(), nullable=True),
        sa.Column("size", sa.Text(), nullable=True),
        sa.Column("industry", sa.Text(), nullable=True),
        sa.Column("location", sa.Text(), nullable=True),
        sa.Column("country", sa.Text(), nullable=True),
        sa.Column("annual_revenue", sa.Text(), nullable=True),
        sa.Column("funding_range", sa.Text(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("raw_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["raw_id"],
            ["raw.payloads.id"],
            name=op.f("fk_company_discovery_raw_id_payloads"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_company_discovery")),
        sa.UniqueConstraint("domain", name=op.f("uq_company_discovery_domain")),
        schema="extracted",
    )
    op.create_index(
        op.f("ix_company_discovery_raw_id"), "company_discovery", ["raw_id"], unique=False, schema="extracted"
    )
    op.create_table(
        "company_firmographics",
        sa.Column("company_domain", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column("website", sa.Text(), nullable=True),
        sa.Column("linkedin_url", sa.Text(), nullable=True),
        sa.Column("industry", sa.Text(), nullable=True),
        sa.Column("size", sa.Text(), nullable=True),
        sa.Column("employee_count", sa.Integer(), nullable=True),
        sa.Column("locality", sa.Text(), nullable=True),
        sa.Column("city", sa.Text(), nullable=True),
        sa.Column("state", sa.Text(), nullable=True),
        sa.Column("country", sa.Text(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("tagline", sa.Text(), nullable=True),
        sa.Column("specialties", postgresql.ARRAY(sa.Text()), nullable=True),
        sa.Column("founded_year", sa.Integer(), nullable=True),
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("raw_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["raw_id"],
            ["raw.payloads.id"],
            name=op.f("fk_company_firmographics_raw_id_payloads"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_company_firmographics")),
        sa.UniqueConstraint("company_domain", name=op.f("uq_company_firmographics_company_domain")),
        schema="extracted",
    )
    op.create_index(
        op.f("ix_company_firmographics_raw_id"),
        "company_firmographics",
        ["raw_id"],
        unique=False,
        schema="extracted",
    )
    op.create_table(
        "person_discovery",
        sa.Column("linkedin_url", sa.Text(), nullable=False),
        sa.Column("first_name", sa.Text(), nullable=True),
        sa.Column("last_name", sa.Text(), nullable=True),
        sa.Column("full_name", sa.Text(), nullable=True),
        sa.Column("location_name", sa.Text(), nullable=True),
        sa.Column("company_domain", sa.Text(), nullable=True),
        sa.Column("latest_title", sa.Text(), nullable=True),
        sa.Column("latest_company", sa.Text(), nullable=True),
        sa.Column("latest_start_date", sa.Date(), nullable=True),
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("raw_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["raw_id"],
            ["raw.payloads.id"],
            name=op.f("fk_person_discovery_raw_id_payloads"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_discovery")),
        sa.UniqueConstraint("linkedin_url", name=op.f("uq_person_discovery_linkedin_url")),
        schema="extracted",
    )
    op.create_index(
        op.f("ix_person_discovery_raw_id"), "person_discovery", ["raw_id"], unique=False, schema="extracted"
    )
    op.create_table(
        "person_experience",
        sa.Column("linkedin_url", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("company_name", sa.Text(), nullable=True),
        sa.Column("company_domain", sa.Text(), nullable=True),
        sa.Column("company_linkedin_url", sa.Text(), nullable=True),
        sa.Column("location", sa.Text(), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("is_current", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("raw_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["raw_id"],
            ["raw.payloads.id"],
            name=op.f("fk_person_experience_raw_id_payloads"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_experience")),
        sa.UniqueConstraint("linkedin_url", "position", name=op.f("uq_person_experience_linkedin_url_position")),
        schema="extracted",
    )
    op.create_index(
        op.f("ix_person_experience_raw_id"), "person_experience", ["raw_id"], unique=False, schema="extracted"
    )
    op.create_table(
        "person_profiles",
        sa.Column("linkedin_url", sa.Text(), nullable=False),
        sa.Column("full_name", sa.Text(), nullable=True),
        sa.Column("first_name", sa.Text(), nullable=True),
        sa.Column("last_name", sa.Text(), nullable=True),
        sa.Column("headline", sa.Text(), nullable=True),
        sa.Column("location", sa.Text(), nullable=True),
        sa.Column("latest_title", sa.Text(), nullable=True),
        sa.Column("latest_company", sa.Text(), nullable=True),
        sa.Column("latest_company_domain", sa.Text(), nullable=True),
        sa.Column("latest_start_date", sa.Date(), nullable=True),
        sa.Column("education", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("raw_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["raw_id"],
            ["raw.payloads.id"],
            name=op.f("fk_person_profiles_raw_id_payloads"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_profiles")),
        sa.UniqueConstraint("linkedin_url", name=op.f("uq_person_profiles_linkedin_url")),
        schema="extracted",
    )
    op.create_index(op.f("ix_person_profiles_raw_id"), "person_profiles", ["raw_id"], unique=False, schema="extracted")
    op.create_table(
        "signal_job_changes",
        sa.Column("person_linkedin_url", sa.Text(), nullable=False),
        sa.Column("full_name", sa.Text(), nullable=True),
        sa.Column("previous_company_domain", sa.Text(), nullable=True),
        sa.Column("new_company_domain", sa.Text(), server_default="", nullable=False),
        sa.Column("new_title", sa.Text(), server_default="", nullable=False),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("raw_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["raw_id"],
            ["raw.payloads.id"],
            name=op.f("fk_signal_job_changes_raw_id_payloads"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signal_job_changes")),
        sa.UniqueConstraint(
            "person_linkedin_url",
            "new_company_domain",
            "new_title",
            name=op.f("uq_signal_job_changes_person_linkedin_url_new_company_domain_new_title"),
        ),
        schema="extracted",
    )
    op.create_index(
        op.f("ix_signal_job_changes_raw_id"),
        "signal_job_changes",
        ["raw_id"],
        unique=False,
        schema="extracted",
    )
    op.create_table(
        "signal_job_postings",
        sa.Column("company_domain", sa.Text(), nullable=False),
        sa.Column("job_id", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("location", sa.Text(), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("posted_at", sa.Date(), nullable=True),
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("raw_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["raw_id"],
            ["raw.payloads.id"],
            name=op.f("fk_signal_job_postings_raw_id_payloads"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signal_job_postings")),
        sa.UniqueConstraint("company_domain", "job_id", name=op.f("uq_signal_job_postings_company_domain_job_id")),
        schema="extracted",
    )
    op.create_index(
        op.f("ix_signal_job_postings_raw_id"),
        "signal_job_postings",
        ["raw_id"],
        unique=False,
        schema="extracted",
    )
    op.create_table(
        "signal_new_hires",
        sa.Column("company_domain", sa.Text(), nullable=False),
        sa.Column("person_linkedin_url", sa.Text(), nullable=False),
        sa.Column("full_name", sa.Text(), nullable=True),
        sa.Column("title", sa.Text(), server_default="", nullable=False),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("raw_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["raw_id"],
            ["raw.payloads.id"],
            name=op.f("fk_signal_new_hires_raw_id_payloads"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signal_new_hires")),
        sa.UniqueConstraint(
            "company_domain",
            "person_linkedin_url",
            "title",
            name=op.f("uq_signal_new_hires_company_domain_person_linkedin_url_title"),
        ),
        schema="extracted",
    )
    op.create_index(
        op.f("ix_signal_new_hires_raw_id"), "signal_new_hires", ["raw_id"], unique=False, schema="extracted"
    )
    op.create_table(
        "signal_news_fundraising",
        sa.Column("company_domain", sa.Text(), nullable=False),
        sa.Column("headline", sa.Text(), nullable=False),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("published_at", sa.Date(), nullable=True),
        sa.Column("amount", sa.Text(), nullable=True),
        sa.Column("amount_usd", sa.Float(), nullable=True),
        sa.Column("round", sa.Text(), nullable=True),
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("raw_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["raw_id"],
            ["raw.payloads.id"],
            name=op.f("fk_signal_news_fundraising_raw_id_payloads"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signal_news_fundraising")),
        sa.UniqueConstraint(
            "company_domain", "headline", name=op.f("uq_signal_news_fundraising_company_domain_headline")
        ),
        schema="extracted",
    )
    op.create_index(
        op.f("ix_signal_news_fundraising_raw_id"),
        "signal_news_fundraising",
        ["raw_id"],
        unique=False,
        schema="extracted",
    )
    op.create_table(
        "signal_promotions",
        sa.Column("person_linkedin_url", sa.Text(), nullable=False),
        sa.Column("company_domain", sa.Text(), server_default="", nullable=False),
        sa.Column("previous_title", sa.Text(), nullable=True),
        sa.Column("new_title", sa.Text(), server_default="", nullable=False),
        sa.Column("promotion_date", sa.Date(), nullable=True),
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("raw_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["raw_id"],
            ["raw.payloads.id"],
            name=op.f("fk_signal_promotions_raw_id_payloads"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signal_promotions")),
        sa.UniqueConstraint(
            "person_linkedin_url",
            "company_domain",
            "new_title",
            name=op.f("uq_signal_promotions_person_linkedin_url_company_domain_new_title"),
        ),
        schema="extracted",
    )
    op.create_index(
        op.f("ix_signal_promotions_raw_id"), "signal_promotions", ["raw_id"], unique=False, schema="extracted"
    )
    op.create_table(
        "vc_portfolio",
        sa.Column("company_domain", sa.Text(), nullable=False),
        sa.Column("company_name", sa.Text(), nullable=True),
        sa.Column("company_description", sa.Text(), nullable=True),
        sa.Column("company_location", sa.Text(), nullable=True),
        sa.Column("vc_name", sa.Text(), nullable=False),
        sa.Column("vc_name_raw", sa.Text(), nullable=True),
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("raw_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["raw_id"], ["raw.payloads.id"], name=op.f("fk_vc_portfolio_raw_id_payloads"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vc_portfolio")),
        sa.UniqueConstraint("company_domain", "vc_name", name=op.f("uq_vc_portfolio_company_domain_vc_name")),
        schema="extracted",
    )
    op.create_index(op.f("ix_vc_portfolio_raw_id"), "vc_portfolio", ["raw_id"], unique=False, schema="extracted")
    op.create_table(
        "company_enrich_similar_batch_domains",
        sa.Column("batch_id", sa.UUID(), nullable=False),
        sa.Column("domain", sa.Text(), nullable=False),
        sa.Column("status", sa.Text(), server_default="PENDING", nullable=False),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("similar_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["raw.company_enrich_similar_batches.id"],
            name=op.f("fk_company_enrich_similar_batch_domains_batch_id_company_enrich_similar_batches"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("batch_id", "domain", name=op.f("pk_company_enrich_similar_batch_domains")),
        schema="raw",
    )
    op.create_index(
        op.f("ix_company_enrich_similar_batch_domains_batch_id_status"),
        "company_enrich_similar_batch_domains",
        ["batch_id", "status"],
        unique=False,
        schema="raw",
    )
    op.create_table(
        "company_enrich_similar_raw",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("batch_id", sa.UUID(), nullable=True),
        sa.Column("domain", sa.Text(), nullable=False),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=True),
        sa.Column("body", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["raw.company_enrich_similar_batches.id"],
            name=op.f("fk_company_enrich_similar_raw_batch_id_company_enrich_similar_batches"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_company_enrich_similar_raw")),
        schema="raw",
    )
    op.create_index(
        op.f("ix_company_enrich_similar_raw_batch_id_domain"),
        "company_enrich_similar_raw",
        ["batch_id", "domain"],
        unique=False,
        schema="raw",
    )
    op.create_table(
        "company_enrich_similar",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("batch_id", sa.UUID(), nullable=True),
        sa.Column("raw_response_id", sa.BigInteger(), nullable=True),
        sa.Column("input_domain", sa.Text(), nullable=False),
        sa.Column("company_domain", sa.Text(), nullable=False),
        sa.Column("company_name", sa.Text(), nullable=True),
        sa.Column("company_industry", sa.Text(), nullable=True),
        sa.Column("company_description", sa.Text(), nullable=True),
        sa.Column("similarity_score", sa.Float(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["raw.company_enrich_similar_batches.id"],
            name=op.f("fk_company_enrich_similar_batch_id_company_enrich_similar_batches"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["raw_response_id"],
            ["raw.company_enrich_similar_raw.id"],
            name=op.f("fk_company_enrich_similar_raw_response_id_company_enrich_similar_raw"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_company_enrich_similar")),
        sa.UniqueConstraint(
            "input_domain",
            "company_domain",
            name=op.f("uq_company_enrich_similar_input_domain_company_domain"),
        ),
        schema="extracted",
    )
    op.create_index(
        op.f("ix_company_enrich_similar_batch_id"),
        "company_enrich_similar",
        ["batch_id"],
        unique=False,
        schema="extracted",
    )
    create_raw_views()


def downgrade() -> None:
    drop_raw_views()
    op.drop_index(op.f("ix_company_enrich_similar_batch_id"), table_name="company_enrich_similar", schema="extracted")
    op.drop_table("company_enrich_similar", schema="extracted")
    op.drop_index(
        op.f("ix_company_enrich_similar_raw_batch_id_domain"),
        table_name="company_enrich_similar_raw",
        schema="raw",
    )
    op.drop_table("company_enrich_similar_raw", schema="raw")
    op.drop_index(
        op.f("ix_company_enrich_similar_batch_domains_batch_id_status"),
        table_name="company_enrich_similar_batch_domains",
        schema="raw",
    )
    op.drop_table("company_enrich_similar_batch_domains", schema="raw")
    op.drop_index(op.f("ix_vc_portfolio_raw_id"), table_name="vc_portfolio", schema="extracted")
    op.drop_table("vc_portfolio", schema="extracted")
    op.drop_index(op.f("ix_signal_promotions_raw_id"), table_name="signal_promotions", schema="extracted")
    op.drop_table("signal_promotions", schema="extracted")
    op.drop_index(op.f("ix_signal_news_fundraising_raw_id"), table_name="signal_news_fundraising", schema="extracted")
    op.drop_table("signal_news_fundraising", schema="extracted")
    op.drop_index(op.f("ix_signal_new_hires_raw_id"), table_name="signal_new_hires", schema="extracted")
    op.drop_table("signal_new_hires", schema="extracted")
    op.drop_index(op.f("ix_signal_job_postings_raw_id"), table_name="signal_job_postings", schema="extracted")
    op.drop_table("signal_job_postings", schema="extracted")
    op.drop_index(op.f("ix_signal_job_changes_raw_id"), table_name="signal_job_changes", schema="extracted")
    op.drop_table("signal_job_changes", schema="extracted")
    op.drop_index(op.f("ix_person_profiles_raw_id"), table_name="person_profiles", schema="extracted")
    op.drop_table("person_profiles", schema="extracted")
    op.drop_index(op.f("ix_person_experience_raw_id"), table_name="person_experience", schema="extracted")
    op.drop_table("person_experience", schema="extracted")
    op.drop_index(op.f("ix_person_discovery_raw_id"), table_name="person_discovery", schema="extracted")
    op.drop_table("person_discovery", schema="extracted")
    op.drop_index(op.f("ix_company_firmographics_raw_id"), table_name="company_firmographics", schema="extracted")
    op.drop_table("company_firmographics", schema="extracted")
    op.drop_index(op.f("ix_company_discovery_raw_id"), table_name="company_discovery", schema="extracted")
    op.drop_table("company_discovery", schema="extracted")
    op.drop_index(op.f("ix_company_customers_manual_raw_id"), table_name="company_customers_manual", schema="extracted")
    op.drop_index(
        op.f("ix_company_customers_manual_matched_domain"),
        table_name="company_customers_manual",
        schema="extracted",
    )
    op.drop_table("company_customers_manual", schema="extracted")
    op.drop_index(op.f("ix_claygent_customers_v2_raw_id"), table_name="claygent_customers_v2", schema="extracted")
    op.drop_index(
        op.f("ix_claygent_customers_v2_matched_domain"),
        table_name="claygent_customers_v2",
        schema="extracted",
    )
    op.drop_table("claygent_customers_v2", schema="extracted")
    op.drop_index(
        op.f("ix_claygent_customers_structured_raw_id"),
        table_name="claygent_customers_structured",
        schema="extracted",
    )
    op.drop_index(
        op.f("ix_claygent_customers_structured_matched_domain"),
        table_name="claygent_customers_structured",
        schema="extracted",
    )
    op.drop_table("claygent_customers_structured", schema="extracted")
    op.drop_index(op.f("ix_claygent_customers_raw_id"), table_name="claygent_customers", schema="extracted")
    op.drop_index(op.f("ix_claygent_customers_matched_domain"), table_name="claygent_customers", schema="extracted")
    op.drop_table("claygent_customers", schema="extracted")
    op.drop_index(op.f("ix_payloads_source_subject"), table_name="payloads", schema="raw")
    op.drop_index(op.f("ix_payloads_source_status"), table_name="payloads", schema="raw")
    op.drop_table("payloads", schema="raw")
    op.drop_index(
        op.f("ix_company_enrich_similar_batches_status"),
        table_name="company_enrich_similar_batches",
        schema="raw",
    )
    op.drop_table("company_enrich_similar_batches", schema="raw")
    op.drop_table("customer_domain_overrides", schema="extracted")
