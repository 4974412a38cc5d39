"""case_studies_ads: case studies and ads (LEGACY-PAYLOADS 4, 5) (issue 12)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 05:40:00.000000

`case_study` and `case_study_buyers` share `extracted.case_studies` + `extracted.case_study_champions`
(one row per source, publisher, article URL and customer); `ads_google`, `ads_linkedin` and `ads_meta`
share `extracted.ad_library_reports` (one answer per platform and company) + `extracted.ad_library_ads`
(one row per ad, a `platform` column). The core build fills `core.company_case_studies` (+ champions)
and `core.company_ads` (one row per company and platform).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "company_ads",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("company_domain", sa.Text(), nullable=False),
        sa.Column("platform", sa.Text(), nullable=False),
        sa.Column("ad_count", sa.Integer(), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("origin", sa.Text(), server_default="build", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_company_ads")),
        sa.UniqueConstraint("company_domain", "platform", name=op.f("uq_company_ads_company_domain_platform")),
        schema="core",
    )
    op.create_index(
        op.f("ix_company_ads_platform_company_domain"),
        "company_ads",
        ["platform", "company_domain"],
        unique=False,
        schema="core",
    )
    op.create_table(
        "company_case_studies",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("company_domain", sa.Text(), nullable=False),
        sa.Column("url", sa.Text(), server_default="", nullable=False),
        sa.Column("customer_name", sa.Text(), server_default="", nullable=False),
        sa.Column("customer_domain", sa.Text(), nullable=True),
        sa.Column("origin", sa.Text(), server_default="build", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_company_case_studies")),
        sa.UniqueConstraint(
            "company_domain",
            "url",
            "customer_name",
            name=op.f("uq_company_case_studies_company_domain_url_customer_name"),
        ),
        schema="core",
    )
    op.create_table(
        "company_case_study_champions",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("case_study_id", sa.BigInteger(), nullable=False),
        sa.Column("full_name", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("linkedin_url", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_study_id"],
            ["core.company_case_studies.id"],
            name=op.f("fk_company_case_study_champions_case_study_id_company_case_studies"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_company_case_study_champions")),
        sa.UniqueConstraint(
            "case_study_id", "full_name", name=op.f("uq_company_case_study_champions_case_study_id_full_name")
        ),
        schema="core",
    )
    op.create_table(
        "ad_library_ads",
        sa.Column("platform", sa.Text(), nullable=False),
        sa.Column("company_domain", sa.Text(), nullable=False),
        sa.Column("ad_key", sa.Text(), nullable=False),
        sa.Column("ad_id", sa.Text(), nullable=True),
        sa.Column("ad_type", sa.Text(), nullable=True),
        sa.Column("creative_type", sa.Text(), nullable=True),
        sa.Column("advertiser_id", sa.Text(), nullable=True),
        sa.Column("advertiser_name", sa.Text(), nullable=True),
        sa.Column("status", sa.Text(), nullable=True),
        sa.Column("start_date", sa.Text(), nullable=True),
        sa.Column("end_date", sa.Text(), nullable=True),
        sa.Column("last_seen", sa.Text(), nullable=True),
        sa.Column("placements", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("headline", sa.Text(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("body", sa.Text(), nullable=True),
        sa.Column("image_url", sa.Text(), nullable=True),
        sa.Column("image_alt_text", sa.Text(), nullable=True),
        sa.Column("video_url", sa.Text(), nullable=True),
        sa.Column("landing_page_url", sa.Text(), nullable=True),
        sa.Column("details_url", sa.Text(), nullable=True),
        sa.Column("variant_content", sa.Text(), nullable=True),
        sa.Column("variant_width", sa.Integer(), nullable=True),
        sa.Column("variant_height", sa.Integer(), nullable=True),
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("raw_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["raw_id"], ["raw.payloads.id"], name=op.f("fk_ad_library_ads_raw_id_payloads"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ad_library_ads")),
        sa.UniqueConstraint(
            "platform", "company_domain", "ad_key", name=op.f("uq_ad_library_ads_platform_company_domain_ad_key")
        ),
        schema="extracted",
    )
    op.create_index(op.f("ix_ad_library_ads_raw_id"), "ad_library_ads", ["raw_id"], unique=False, schema="extracted")
    op.create_table(
        "ad_library_reports",
        sa.Column("platform", sa.Text(), nullable=False),
        sa.Column("company_domain", sa.Text(), nullable=False),
        sa.Column("reported_ad_count", sa.Integer(), nullable=True),
        sa.Column("listed_ad_count", sa.Integer(), nullable=False),
        sa.Column("page_id", sa.Text(), nullable=True),
        sa.Column("platforms", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("clay_table_url", sa.Text(), nullable=True),
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("raw_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["raw_id"], ["raw.payloads.id"], name=op.f("fk_ad_library_reports_raw_id_payloads"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ad_library_reports")),
        sa.UniqueConstraint("platform", "company_domain", name=op.f("uq_ad_library_reports_platform_company_domain")),
        schema="extracted",
    )
    op.create_index(
        op.f("ix_ad_library_reports_raw_id"), "ad_library_reports", ["raw_id"], unique=False, schema="extracted"
    )
    op.create_table(
        "case_studies",
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("origin_company_domain", sa.Text(), nullable=False),
        sa.Column("case_study_url", sa.Text(), server_default="", nullable=False),
        sa.Column("customer_name", sa.Text(), server_default="", nullable=False),
        sa.Column("origin_company_name", sa.Text(), nullable=True),
        sa.Column("customer_domain", sa.Text(), nullable=True),
        sa.Column("article_title", sa.Text(), nullable=True),
        sa.Column("confidence", sa.Text(), nullable=True),
        sa.Column("reasoning", sa.Text(), nullable=True),
        sa.Column("workflow_slug", sa.Text(), nullable=True),
        sa.Column("clay_table_url", sa.Text(), nullable=True),
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("raw_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["raw_id"], ["raw.payloads.id"], name=op.f("fk_case_studies_raw_id_payloads"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_studies")),
        sa.UniqueConstraint(
            "source", "origin_company_domain", "case_study_url", "customer_name", name="uq_case_studies_key"
        ),
        schema="extracted",
    )
    op.create_index(op.f("ix_case_studies_raw_id"), "case_studies", ["raw_id"], unique=False, schema="extracted")
    op.create_table(
        "case_study_champions",
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("origin_company_domain", sa.Text(), nullable=False),
        sa.Column("case_study_url", sa.Text(), server_default="", nullable=False),
        sa.Column("customer_name", sa.Text(), server_default="", nullable=False),
        sa.Column("full_name", sa.Text(), nullable=False),
        sa.Column("job_title", sa.Text(), nullable=True),
        sa.Column("company_name", sa.Text(), nullable=True),
        sa.Column("linkedin_url", sa.Text(), nullable=True),
        sa.Column("testimonial", sa.Text(), nullable=True),
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("raw_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["raw_id"], ["raw.payloads.id"], name=op.f("fk_case_study_champions_raw_id_payloads"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_study_champions")),
        sa.UniqueConstraint(
            "source",
            "origin_company_domain",
            "case_study_url",
            "customer_name",
            "full_name",
            name="uq_case_study_champions_key",
        ),
        schema="extracted",
    )
    op.create_index(
        op.f("ix_case_study_champions_raw_id"), "case_study_champions", ["raw_id"], unique=False, schema="extracted"
    )

    # erasure finds a quoted person by LinkedIn URL
    op.create_index(
        op.f("ix_case_study_champions_linkedin_url"),
        "case_study_champions",
        ["linkedin_url"],
        unique=False,
        schema="extracted",
    )
    op.create_index(
        op.f("ix_company_case_study_champions_linkedin_url"),
        "company_case_study_champions",
        ["linkedin_url"],
        unique=False,
        schema="core",
    )


def downgrade() -> None:
    op.drop_index(
        op.f("ix_company_case_study_champions_linkedin_url"), table_name="company_case_study_champions", schema="core"
    )
    op.drop_index(op.f("ix_case_study_champions_linkedin_url"), table_name="case_study_champions", schema="extracted")
    op.drop_index(op.f("ix_case_study_champions_raw_id"), table_name="case_study_champions", schema="extracted")
    op.drop_table("case_study_champions", schema="extracted")
    op.drop_index(op.f("ix_case_studies_raw_id"), table_name="case_studies", schema="extracted")
    op.drop_table("case_studies", schema="extracted")
    op.drop_index(op.f("ix_ad_library_reports_raw_id"), table_name="ad_library_reports", schema="extracted")
    op.drop_table("ad_library_reports", schema="extracted")
    op.drop_index(op.f("ix_ad_library_ads_raw_id"), table_name="ad_library_ads", schema="extracted")
    op.drop_table("ad_library_ads", schema="extracted")
    op.drop_table("company_case_study_champions", schema="core")
    op.drop_table("company_case_studies", schema="core")
    op.drop_index(op.f("ix_company_ads_platform_company_domain"), table_name="company_ads", schema="core")
    op.drop_table("company_ads", schema="core")
