"""parsed_variants: pre-parsed and cleaned company and person variants (LEGACY-PAYLOADS 9) (issue 12)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 05:40:00.000000

The variants' own tables: a company's parsed location or registered address and a person's parsed
location (one row per source and subject, so a later build can weigh them), Clay's enrichment of a
person's latest title, and cleaned company names. Their ordinary company/person fields land in the
existing company_discovery, person_discovery and salesnav_companies tables.
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "cleaned_company_names",
        sa.Column("domain", sa.Text(), nullable=False),
        sa.Column("original_company_name", sa.Text(), nullable=True),
        sa.Column("cleaned_company_name", sa.Text(), nullable=True),
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("raw_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["raw_id"], ["raw.payloads.id"], name=op.f("fk_cleaned_company_names_raw_id_payloads"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cleaned_company_names")),
        sa.UniqueConstraint("domain", name=op.f("uq_cleaned_company_names_domain")),
        schema="extracted",
    )
    op.create_index(
        op.f("ix_cleaned_company_names_raw_id"), "cleaned_company_names", ["raw_id"], unique=False, schema="extracted"
    )
    op.create_table(
        "company_locations_parsed",
        sa.Column("company_domain", sa.Text(), server_default="", nullable=False),
        sa.Column("company_linkedin_url", sa.Text(), server_default="", nullable=False),
        sa.Column("registered_address", sa.Text(), nullable=True),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("city", sa.Text(), nullable=True),
        sa.Column("state", sa.Text(), nullable=True),
        sa.Column("country", sa.Text(), nullable=True),
        sa.Column("has_city", sa.Boolean(), nullable=True),
        sa.Column("has_state", sa.Boolean(), nullable=True),
        sa.Column("has_country", sa.Boolean(), nullable=True),
        sa.Column("workflow_slug", sa.Text(), nullable=True),
        sa.Column("clay_table_url", sa.Text(), nullable=True),
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("raw_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["raw_id"],
            ["raw.payloads.id"],
            name=op.f("fk_company_locations_parsed_raw_id_payloads"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_company_locations_parsed")),
        sa.UniqueConstraint(
            "company_domain",
            "company_linkedin_url",
            "source",
            name=op.f("uq_company_locations_parsed_company_domain_company_linkedin_url_source"),
        ),
        schema="extracted",
    )
    op.create_index(
        op.f("ix_company_locations_parsed_raw_id"),
        "company_locations_parsed",
        ["raw_id"],
        unique=False,
        schema="extracted",
    )
    op.create_table(
        "person_locations_parsed",
        sa.Column("linkedin_url", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("city", sa.Text(), nullable=True),
        sa.Column("state", sa.Text(), nullable=True),
        sa.Column("country", sa.Text(), nullable=True),
        sa.Column("has_city", sa.Boolean(), nullable=True),
        sa.Column("has_state", sa.Boolean(), nullable=True),
        sa.Column("has_country", sa.Boolean(), nullable=True),
        sa.Column("workflow_slug", sa.Text(), nullable=True),
        sa.Column("clay_table_url", sa.Text(), nullable=True),
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("raw_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["raw_id"], ["raw.payloads.id"], name=op.f("fk_person_locations_parsed_raw_id_payloads"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_locations_parsed")),
        sa.UniqueConstraint("linkedin_url", "source", name=op.f("uq_person_locations_parsed_linkedin_url_source")),
        schema="extracted",
    )
    op.create_index(
        op.f("ix_person_locations_parsed_raw_id"),
        "person_locations_parsed",
        ["raw_id"],
        unique=False,
        schema="extracted",
    )
    op.create_table(
        "person_title_enrichments",
        sa.Column("linkedin_url", sa.Text(), nullable=False),
        sa.Column("latest_title", sa.Text(), nullable=True),
        sa.Column("cleaned_job_title", sa.Text(), nullable=True),
        sa.Column("seniority_level", sa.Text(), nullable=True),
        sa.Column("job_function", sa.Text(), nullable=True),
        sa.Column("workflow_slug", sa.Text(), nullable=True),
        sa.Column("clay_table_url", sa.Text(), nullable=True),
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("raw_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["raw_id"],
            ["raw.payloads.id"],
            name=op.f("fk_person_title_enrichments_raw_id_payloads"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_title_enrichments")),
        sa.UniqueConstraint("linkedin_url", name=op.f("uq_person_title_enrichments_linkedin_url")),
        schema="extracted",
    )
    op.create_index(
        op.f("ix_person_title_enrichments_raw_id"),
        "person_title_enrichments",
        ["raw_id"],
        unique=False,
        schema="extracted",
    )

    # the registered address a company_address body sent, shown as Company.address
    op.add_column("companies", sa.Column("address", sa.Text(), nullable=True), schema="core")


def downgrade() -> None:
    op.drop_column("companies", "address", schema="core")
    op.drop_index(op.f("ix_person_title_enrichments_raw_id"), table_name="person_title_enrichments", schema="extracted")
    op.drop_table("person_title_enrichments", schema="extracted")
    op.drop_index(op.f("ix_person_locations_parsed_raw_id"), table_name="person_locations_parsed", schema="extracted")
    op.drop_table("person_locations_parsed", schema="extracted")
    op.drop_index(op.f("ix_company_locations_parsed_raw_id"), table_name="company_locations_parsed", schema="extracted")
    op.drop_table("company_locations_parsed", schema="extracted")
    op.drop_index(op.f("ix_cleaned_company_names_raw_id"), table_name="cleaned_company_names", schema="extracted")
    op.drop_table("cleaned_company_names", schema="extracted")
