"""apollo_nostra: Apollo and Nostra imports (LEGACY-PAYLOADS 10) (issue 12)

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06 05:40:00.000000

`apollo_person` keeps a person per `person_key` (LinkedIn URL, Apollo person URL, email, or name at a
domain) with their employer as sent; `apollo_company` (and `apollo_person` for the person's employer)
a company per `company_key` (domain, LinkedIn URL or Apollo company URL) with the scrape's
firmographics; `nostra_company` a company per (domain, LinkedIn URL), either possibly ""; and
`nostra_person` a person keyed as Apollo's. The people's LinkedIn URLs are unique: the core build
joins on them.
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "apollo_companies",
        sa.Column("company_key", sa.Text(), nullable=False),
        sa.Column("company_domain", sa.Text(), nullable=True),
        sa.Column("company_linkedin_url", sa.Text(), nullable=True),
        sa.Column("apollo_company_url", sa.Text(), nullable=True),
        sa.Column("company_website", sa.Text(), nullable=True),
        sa.Column("company_name", sa.Text(), nullable=True),
        sa.Column("cleaned_company_name", sa.Text(), nullable=True),
        sa.Column("company_headcount", sa.Integer(), nullable=True),
        sa.Column("industry", sa.Text(), nullable=True),
        sa.Column("phone", sa.Text(), nullable=True),
        sa.Column("city", sa.Text(), nullable=True),
        sa.Column("state", sa.Text(), nullable=True),
        sa.Column("country", sa.Text(), nullable=True),
        sa.Column("postal_code", sa.Text(), nullable=True),
        sa.Column("address", sa.Text(), nullable=True),
        sa.Column("street", sa.Text(), nullable=True),
        sa.Column("annual_revenue", sa.Text(), nullable=True),
        sa.Column("total_funding", sa.Text(), nullable=True),
        sa.Column("latest_funding_type", sa.Text(), nullable=True),
        sa.Column("latest_funding_amount", sa.Text(), nullable=True),
        sa.Column("last_fund_raised_at", sa.Text(), nullable=True),
        sa.Column("market_cap", sa.Text(), nullable=True),
        sa.Column("founded_year", sa.Integer(), nullable=True),
        sa.Column("short_description", sa.Text(), nullable=True),
        sa.Column("seo_description", sa.Text(), nullable=True),
        sa.Column("number_of_retail_locations", sa.Integer(), nullable=True),
        sa.Column("is_likely_to_engage", sa.Text(), nullable=True),
        sa.Column("blog_url", sa.Text(), nullable=True),
        sa.Column("twitter_url", sa.Text(), nullable=True),
        sa.Column("facebook_url", sa.Text(), nullable=True),
        sa.Column("keywords", sa.Text(), nullable=True),
        sa.Column("technologies", sa.Text(), nullable=True),
        sa.Column("workflow_slug", sa.Text(), nullable=True),
        sa.Column("scrape_settings_id", sa.Text(), nullable=True),
        sa.Column("raw_record_id", sa.Text(), nullable=True),
        sa.Column("source_created_at", sa.Text(), nullable=True),
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("raw_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["raw_id"], ["raw.payloads.id"], name=op.f("fk_apollo_companies_raw_id_payloads"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_apollo_companies")),
        sa.UniqueConstraint("company_key", name=op.f("uq_apollo_companies_company_key")),
        schema="extracted",
    )
    op.create_index(
        op.f("ix_apollo_companies_company_domain"),
        "apollo_companies",
        ["company_domain"],
        unique=False,
        schema="extracted",
    )
    op.create_index(
        op.f("ix_apollo_companies_raw_id"), "apollo_companies", ["raw_id"], unique=False, schema="extracted"
    )
    op.create_table(
        "apollo_people",
        sa.Column("apollo_person_url", sa.Text(), nullable=True),
        sa.Column("cleaned_first_name", sa.Text(), nullable=True),
        sa.Column("cleaned_last_name", sa.Text(), nullable=True),
        sa.Column("cleaned_full_name", sa.Text(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("cleaned_job_title", sa.Text(), nullable=True),
        sa.Column("headline", sa.Text(), nullable=True),
        sa.Column("seniority", sa.Text(), nullable=True),
        sa.Column("email_status", sa.Text(), nullable=True),
        sa.Column("departments", sa.Text(), nullable=True),
        sa.Column("subdepartments", sa.Text(), nullable=True),
        sa.Column("functions", sa.Text(), nullable=True),
        sa.Column("location", sa.Text(), nullable=True),
        sa.Column("city", sa.Text(), nullable=True),
        sa.Column("state", sa.Text(), nullable=True),
        sa.Column("country", sa.Text(), nullable=True),
        sa.Column("photo_url", sa.Text(), nullable=True),
        sa.Column("cleaned_company_name", sa.Text(), nullable=True),
        sa.Column("company_website", sa.Text(), nullable=True),
        sa.Column("apollo_company_url", sa.Text(), nullable=True),
        sa.Column("company_headcount", sa.Integer(), nullable=True),
        sa.Column("industry", sa.Text(), nullable=True),
        sa.Column("person_key", sa.Text(), nullable=False),
        sa.Column("linkedin_url", sa.Text(), nullable=True),
        sa.Column("first_name", sa.Text(), nullable=True),
        sa.Column("last_name", sa.Text(), nullable=True),
        sa.Column("full_name", sa.Text(), nullable=True),
        sa.Column("email", sa.Text(), nullable=True),
        sa.Column("company_name", sa.Text(), nullable=True),
        sa.Column("company_domain", sa.Text(), nullable=True),
        sa.Column("company_linkedin_url", sa.Text(), nullable=True),
        sa.Column("workflow_slug", sa.Text(), nullable=True),
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("raw_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("scrape_settings_id", sa.Text(), nullable=True),
        sa.Column("raw_record_id", sa.Text(), nullable=True),
        sa.Column("source_created_at", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["raw_id"], ["raw.payloads.id"], name=op.f("fk_apollo_people_raw_id_payloads"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_apollo_people")),
        sa.UniqueConstraint("person_key", name=op.f("uq_apollo_people_person_key")),
        schema="extracted",
    )
    op.create_index(
        op.f("ix_apollo_people_linkedin_url"), "apollo_people", ["linkedin_url"], unique=True, schema="extracted"
    )
    op.create_index(op.f("ix_apollo_people_raw_id"), "apollo_people", ["raw_id"], unique=False, schema="extracted")
    op.create_table(
        "nostra_companies",
        sa.Column("company_domain", sa.Text(), server_default="", nullable=False),
        sa.Column("company_linkedin_url", sa.Text(), server_default="", nullable=False),
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("city", sa.Text(), nullable=True),
        sa.Column("state", sa.Text(), nullable=True),
        sa.Column("country", sa.Text(), nullable=True),
        sa.Column("workflow_slug", sa.Text(), nullable=True),
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("raw_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["raw_id"], ["raw.payloads.id"], name=op.f("fk_nostra_companies_raw_id_payloads"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_nostra_companies")),
        sa.UniqueConstraint(
            "company_domain",
            "company_linkedin_url",
            name=op.f("uq_nostra_companies_company_domain_company_linkedin_url"),
        ),
        schema="extracted",
    )
    op.create_index(
        op.f("ix_nostra_companies_raw_id"), "nostra_companies", ["raw_id"], unique=False, schema="extracted"
    )
    op.create_table(
        "nostra_people",
        sa.Column("person_key", sa.Text(), nullable=False),
        sa.Column("linkedin_url", sa.Text(), nullable=True),
        sa.Column("first_name", sa.Text(), nullable=True),
        sa.Column("last_name", sa.Text(), nullable=True),
        sa.Column("full_name", sa.Text(), nullable=True),
        sa.Column("email", sa.Text(), nullable=True),
        sa.Column("company_name", sa.Text(), nullable=True),
        sa.Column("company_domain", sa.Text(), nullable=True),
        sa.Column("company_linkedin_url", sa.Text(), nullable=True),
        sa.Column("workflow_slug", sa.Text(), nullable=True),
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("raw_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["raw_id"], ["raw.payloads.id"], name=op.f("fk_nostra_people_raw_id_payloads"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_nostra_people")),
        sa.UniqueConstraint("person_key", name=op.f("uq_nostra_people_person_key")),
        schema="extracted",
    )
    op.create_index(
        op.f("ix_nostra_people_linkedin_url"), "nostra_people", ["linkedin_url"], unique=True, schema="extracted"
    )
    op.create_index(op.f("ix_nostra_people_raw_id"), "nostra_people", ["raw_id"], unique=False, schema="extracted")


def downgrade() -> None:
    op.drop_index(op.f("ix_nostra_people_raw_id"), table_name="nostra_people", schema="extracted")
    op.drop_index(op.f("ix_nostra_people_linkedin_url"), table_name="nostra_people", schema="extracted")
    op.drop_table("nostra_people", schema="extracted")
    op.drop_index(op.f("ix_nostra_companies_raw_id"), table_name="nostra_companies", schema="extracted")
    op.drop_table("nostra_companies", schema="extracted")
    op.drop_index(op.f("ix_apollo_people_raw_id"), table_name="apollo_people", schema="extracted")
    op.drop_index(op.f("ix_apollo_people_linkedin_url"), table_name="apollo_people", schema="extracted")
    op.drop_table("apollo_people", schema="extracted")
    op.drop_index(op.f("ix_apollo_companies_raw_id"), table_name="apollo_companies", schema="extracted")
    op.drop_index(op.f("ix_apollo_companies_company_domain"), table_name="apollo_companies", schema="extracted")
    op.drop_table("apollo_companies", schema="extracted")
