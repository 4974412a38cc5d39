"""salesnav: the extracted tables of the SalesNav sources (issue 12, LEGACY-PAYLOADS 1)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06 04:49:33.024458

`salesnav_person` keeps a person per LinkedIn URL (a SalesNav lead URL or a profile URL) with the
export row's company columns, and a full person's work history per position; `salesnav_company`
keeps a company per (domain, LinkedIn URL), either possibly "" as the other LinkedIn-only sources do.
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "salesnav_companies",
        sa.Column("company_domain", sa.Text(), server_default="", nullable=False),
        sa.Column("company_linkedin_url", sa.Text(), server_default="", nullable=False),
        sa.Column("company_name", sa.Text(), nullable=True),
        sa.Column("linkedin_urn", sa.Text(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("headcount", sa.Integer(), nullable=True),
        sa.Column("industries", sa.Text(), nullable=True),
        sa.Column("registered_address_raw", sa.Text(), nullable=True),
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("raw_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["raw_id"], ["raw.payloads.id"], name=op.f("fk_salesnav_companies_raw_id_payloads"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_salesnav_companies")),
        sa.UniqueConstraint(
            "company_domain",
            "company_linkedin_url",
            name=op.f("uq_salesnav_companies_company_domain_company_linkedin_url"),
        ),
        schema="extracted",
    )
    op.create_index(
        op.f("ix_salesnav_companies_raw_id"), "salesnav_companies", ["raw_id"], unique=False, schema="extracted"
    )
    op.create_table(
        "salesnav_people",
        sa.Column("linkedin_url", sa.Text(), nullable=False),
        sa.Column("linkedin_url_type", sa.Text(), nullable=True),
        sa.Column("linkedin_user_profile_urn", sa.Text(), nullable=True),
        sa.Column("first_name", sa.Text(), nullable=True),
        sa.Column("last_name", sa.Text(), nullable=True),
        sa.Column("full_name", sa.Text(), nullable=True),
        sa.Column("cleaned_first_name", sa.Text(), nullable=True),
        sa.Column("cleaned_last_name", sa.Text(), nullable=True),
        sa.Column("cleaned_full_name", sa.Text(), nullable=True),
        sa.Column("email", sa.Text(), nullable=True),
        sa.Column("phone_number", sa.Text(), nullable=True),
        sa.Column("location", sa.Text(), nullable=True),
        sa.Column("profile_headline", sa.Text(), nullable=True),
        sa.Column("profile_summary", sa.Text(), nullable=True),
        sa.Column("job_title", sa.Text(), nullable=True),
        sa.Column("cleaned_job_title", sa.Text(), nullable=True),
        sa.Column("job_description", sa.Text(), nullable=True),
        sa.Column("job_started_on", sa.Text(), nullable=True),
        sa.Column("job_start_date", sa.Date(), nullable=True),
        sa.Column("company_name", sa.Text(), nullable=True),
        sa.Column("company_domain", sa.Text(), nullable=True),
        sa.Column("company_linkedin_url", sa.Text(), nullable=True),
        sa.Column("company_linkedin_urn", sa.Text(), nullable=True),
        sa.Column("company_description", sa.Text(), nullable=True),
        sa.Column("company_headcount", sa.Integer(), nullable=True),
        sa.Column("company_industries", sa.Text(), nullable=True),
        sa.Column("company_registered_address", sa.Text(), nullable=True),
        sa.Column("ex_company_domain", sa.Text(), nullable=True),
        sa.Column("export_title", sa.Text(), nullable=True),
        sa.Column("export_timestamp", sa.Text(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("matching_filters", sa.Boolean(), nullable=True),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("scrape_settings_id", sa.Text(), nullable=True),
        sa.Column("source_id", sa.Text(), nullable=True),
        sa.Column("upload_id", sa.Text(), nullable=True),
        sa.Column("source_created_at", sa.Text(), nullable=True),
        sa.Column("clay_batch_number", sa.Text(), nullable=True),
        sa.Column("sent_to_clay_at", sa.Text(), nullable=True),
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("raw_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["raw_id"], ["raw.payloads.id"], name=op.f("fk_salesnav_people_raw_id_payloads"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_salesnav_people")),
        sa.UniqueConstraint("linkedin_url", name=op.f("uq_salesnav_people_linkedin_url")),
        schema="extracted",
    )
    op.create_index(op.f("ix_salesnav_people_raw_id"), "salesnav_people", ["raw_id"], unique=False, schema="extracted")
    op.create_table(
        "salesnav_person_jobs",
        sa.Column("linkedin_url", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("company_name", sa.Text(), nullable=True),
        sa.Column("company_domain", sa.Text(), nullable=True),
        sa.Column("company_linkedin_url", sa.Text(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("start_date", sa.Text(), nullable=True),
        sa.Column("end_date", sa.Text(), nullable=True),
        sa.Column("is_current", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("raw_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["raw_id"], ["raw.payloads.id"], name=op.f("fk_salesnav_person_jobs_raw_id_payloads"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_salesnav_person_jobs")),
        sa.UniqueConstraint("linkedin_url", "position", name=op.f("uq_salesnav_person_jobs_linkedin_url_position")),
        schema="extracted",
    )
    op.create_index(
        op.f("ix_salesnav_person_jobs_raw_id"), "salesnav_person_jobs", ["raw_id"], unique=False, schema="extracted"
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_salesnav_person_jobs_raw_id"), table_name="salesnav_person_jobs", schema="extracted")
    op.drop_table("salesnav_person_jobs", schema="extracted")
    op.drop_index(op.f("ix_salesnav_people_raw_id"), table_name="salesnav_people", schema="extracted")
    op.drop_table("salesnav_people", schema="extracted")
    op.drop_index(op.f("ix_salesnav_companies_raw_id"), table_name="salesnav_companies", schema="extracted")
    op.drop_table("salesnav_companies", schema="extracted")
