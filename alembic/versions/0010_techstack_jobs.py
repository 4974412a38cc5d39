"""techstack_jobs: tech stacks, job postings and job boards (LEGACY-PAYLOADS 6, 7) (issue 12)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 05:40:00.000000

`techstack_predictleads` and `techstack_builtwith` share `extracted.company_technologies` (one row per
source, company and technology name); `job_posting`, `job_board_indeed` and `job_board_linkedin` share
`extracted.job_postings` (one row per source, company and job id; what only one board sends is in
`details`). The core build fills `core.company_technologies` (indexed by lower-cased name then domain:
the technology filters find the companies using any of some names from it) and the new columns of
`core.company_job_postings`.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "company_technologies",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("company_domain", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("name_key", sa.Text(), nullable=False),
        sa.Column("category", sa.Text(), nullable=True),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("first_seen_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("origin", sa.Text(), server_default="build", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_company_technologies")),
        sa.UniqueConstraint(
            "company_domain", "source", "name_key", name=op.f("uq_company_technologies_company_domain_source_name_key")
        ),
        schema="core",
    )
    op.create_index(
        op.f("ix_company_technologies_name_key_company_domain"),
        "company_technologies",
        ["name_key", "company_domain"],
        unique=False,
        schema="core",
    )
    op.create_table(
        "company_technologies",
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("company_domain", sa.Text(), nullable=False),
        sa.Column("technology_name", sa.Text(), nullable=False),
        sa.Column("technology_url", sa.Text(), nullable=True),
        sa.Column("technology_domain", sa.Text(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("parent", sa.Text(), nullable=True),
        sa.Column("categories", postgresql.ARRAY(sa.Text()), nullable=True),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("first_seen_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("behind_firewall", sa.Boolean(), nullable=True),
        sa.Column("reported_total", sa.Integer(), nullable=True),
        sa.Column("clay_table_url", sa.Text(), nullable=True),
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("raw_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["raw_id"], ["raw.payloads.id"], name=op.f("fk_company_technologies_raw_id_payloads"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_company_technologies")),
        sa.UniqueConstraint(
            "source",
            "company_domain",
            "technology_name",
            name=op.f("uq_company_technologies_source_company_domain_technology_name"),
        ),
        schema="extracted",
    )
    op.create_index(
        op.f("ix_company_technologies_raw_id"), "company_technologies", ["raw_id"], unique=False, schema="extracted"
    )
    op.create_table(
        "job_postings",
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("company_domain", sa.Text(), server_default="", nullable=False),
        sa.Column("company_linkedin_url", sa.Text(), nullable=True),
        sa.Column("company_linkedin_id", sa.Text(), nullable=True),
        sa.Column("company_name", sa.Text(), nullable=True),
        sa.Column("job_id", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("normalized_title", sa.Text(), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("apply_url", sa.Text(), nullable=True),
        sa.Column("location", sa.Text(), nullable=True),
        sa.Column("country", sa.Text(), nullable=True),
        sa.Column("seniority", sa.Text(), nullable=True),
        sa.Column("employment_type", sa.Text(), nullable=True),
        sa.Column("job_function", sa.Text(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("salary_min", sa.Float(), nullable=True),
        sa.Column("salary_max", sa.Float(), nullable=True),
        sa.Column("salary_currency", sa.Text(), nullable=True),
        sa.Column("salary_unit", sa.Text(), nullable=True),
        sa.Column("salary_text", sa.Text(), nullable=True),
        sa.Column("posted_at", sa.Date(), nullable=True),
        sa.Column("clay_table_url", sa.Text(), nullable=True),
        sa.Column("details", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("raw_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["raw_id"], ["raw.payloads.id"], name=op.f("fk_job_postings_raw_id_payloads"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job_postings")),
        sa.UniqueConstraint(
            "source", "company_domain", "job_id", name=op.f("uq_job_postings_source_company_domain_job_id")
        ),
        schema="extracted",
    )
    op.create_index(op.f("ix_job_postings_raw_id"), "job_postings", ["raw_id"], unique=False, schema="extracted")
    op.add_column("company_job_postings", sa.Column("seniority", sa.Text(), nullable=True), schema="core")
    op.add_column("company_job_postings", sa.Column("employment_type", sa.Text(), nullable=True), schema="core")
    op.add_column("company_job_postings", sa.Column("salary_min", sa.Float(), nullable=True), schema="core")
    op.add_column("company_job_postings", sa.Column("salary_max", sa.Float(), nullable=True), schema="core")
    op.add_column("company_job_postings", sa.Column("salary_currency", sa.Text(), nullable=True), schema="core")
    op.add_column("company_job_postings", sa.Column("source", sa.Text(), nullable=True), schema="core")


def downgrade() -> None:
    op.drop_column("company_job_postings", "source", schema="core")
    op.drop_column("company_job_postings", "salary_currency", schema="core")
    op.drop_column("company_job_postings", "salary_max", schema="core")
    op.drop_column("company_job_postings", "salary_min", schema="core")
    op.drop_column("company_job_postings", "employment_type", schema="core")
    op.drop_column("company_job_postings", "seniority", schema="core")
    op.drop_index(op.f("ix_job_postings_raw_id"), table_name="job_postings", schema="extracted")
    op.drop_table("job_postings", schema="extracted")
    op.drop_index(op.f("ix_company_technologies_raw_id"), table_name="company_technologies", schema="extracted")
    op.drop_table("company_technologies", schema="extracted")
    op.drop_index(
        op.f("ix_company_technologies_name_key_company_domain"), table_name="company_technologies", schema="core"
    )
    op.drop_table("company_technologies", schema="core")
