"""email_finders: the one extracted table of the email-finder sources (issue 12, LEGACY-PAYLOADS 2)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 04:55:16.543625

`email_anymailfinder`, `email_leadmagic` and `email_icypeas` share `extracted.person_emails`: one row
per (source, person, email), the person keyed by LinkedIn URL or by name at a company domain, the
vendor-specific columns null where a vendor never sends them.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "person_emails",
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("person_key", sa.Text(), nullable=False),
        sa.Column("email", sa.Text(), server_default="", nullable=False),
        sa.Column("status", sa.Text(), nullable=True),
        sa.Column("person_linkedin_url", sa.Text(), nullable=True),
        sa.Column("first_name", sa.Text(), nullable=True),
        sa.Column("last_name", sa.Text(), nullable=True),
        sa.Column("full_name", sa.Text(), nullable=True),
        sa.Column("company_name", sa.Text(), nullable=True),
        sa.Column("company_domain", sa.Text(), nullable=True),
        sa.Column("company_linkedin_url", sa.Text(), nullable=True),
        sa.Column("workflow_slug", sa.Text(), nullable=True),
        sa.Column("clay_table_url", sa.Text(), nullable=True),
        sa.Column("success", sa.Boolean(), nullable=True),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("alternatives", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("not_found_error", sa.Boolean(), nullable=True),
        sa.Column("has_mx", sa.Boolean(), nullable=True),
        sa.Column("mx_record", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("mx_provider", sa.Text(), nullable=True),
        sa.Column("mx_security_gateway", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("is_domain_catch_all", sa.Boolean(), nullable=True),
        sa.Column("employment_verified", sa.Boolean(), nullable=True),
        sa.Column("credits_consumed", sa.Float(), nullable=True),
        sa.Column("search_id", sa.Text(), nullable=True),
        sa.Column("certainty", sa.Text(), nullable=True),
        sa.Column("emails", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("raw_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["raw_id"], ["raw.payloads.id"], name=op.f("fk_person_emails_raw_id_payloads"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_emails")),
        sa.UniqueConstraint("source", "person_key", "email", name=op.f("uq_person_emails_source_person_key_email")),
        schema="extracted",
    )
    # erasure finds a person's rows by LinkedIn URL, and their name-only rows by email
    op.create_index(op.f("ix_person_emails_email"), "person_emails", ["email"], unique=False, schema="extracted")
    op.create_index(
        op.f("ix_person_emails_person_linkedin_url"),
        "person_emails",
        ["person_linkedin_url"],
        unique=False,
        schema="extracted",
    )
    op.create_index(op.f("ix_person_emails_raw_id"), "person_emails", ["raw_id"], unique=False, schema="extracted")


def downgrade() -> None:
    op.drop_index(op.f("ix_person_emails_raw_id"), table_name="person_emails", schema="extracted")
    op.drop_index(op.f("ix_person_emails_person_linkedin_url"), table_name="person_emails", schema="extracted")
    op.drop_index(op.f("ix_person_emails_email"), table_name="person_emails", schema="extracted")
    op.drop_table("person_emails", schema="extracted")
