"""core

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 20:26:21.988870
"""

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


LEAD_COLUMNS = """
    p.id AS person_id,
    p.linkedin_url,
    p.linkedin_slug,
    p.full_name,
    p.linkedin_url_type,
    p.city AS person_city,
    p.state AS person_state,
    p.country AS person_country,
    p.matched_cleaned_job_title,
    p.matched_job_function,
    p.matched_seniority,
    p.job_start_date,
    c.id AS company_id,
    p.company_domain,
    COALESCE(c.name, p.company_name) AS company_name,
    c.linkedin_url AS company_linkedin_url,
    c.city AS company_city,
    c.state AS company_state,
    c.country AS company_country,
    c.industry AS matched_industry,
    c.employee_range"""

VIEWS = {
    # every person with their current company: exactly one row per person
    "leads": f"""
        SELECT {LEAD_COLUMNS}
        FROM core.people p
        LEFT JOIN core.companies c ON c.domain = p.company_domain""",
    "companies_full": """
        SELECT c.id, c.domain, c.name, c.linkedin_url, c.city, c.state, c.country,
               c.industry AS matched_industry, c.employee_range, c.description, c.tagline,
               c.business_model, c.founded_year,
               ARRAY(SELECT v.vc_name FROM core.company_vc_investors v
                     WHERE v.company_domain = c.domain ORDER BY v.vc_name) AS vc_names,
               (SELECT count(*) FROM core.company_customers cc
                WHERE cc.origin_company_domain = c.domain) AS customer_count
        FROM core.companies c""",
    # one row per promotion; promotion_date is the new role's start date; no time window
    "leads_recently_promoted": f"""
        SELECT {LEAD_COLUMNS},
               pp.previous_title, pp.new_title, pp.promotion_date
        FROM core.person_promotions pp
        JOIN core.people p ON p.id = pp.person_id
        LEFT JOIN core.companies c ON c.domain = p.company_domain""",
    # one row per person and VC of their current company
    "leads_at_vc_portfolio": f"""
        SELECT {LEAD_COLUMNS},
               v.vc_name, v.company_description AS vc_company_description
        FROM core.people p
        JOIN core.company_vc_investors v ON v.company_domain = p.company_domain
        LEFT JOIN core.companies c ON c.domain = p.company_domain""",
}

FUNCTIONS = {
    "get_leads_by_past_employer(p_domains text[], p_limit int, p_offset int)": """
        SELECT l.* FROM core.leads l
        WHERE l.person_id IN (
            SELECT wh.person_id FROM core.person_work_history wh
            WHERE wh.company_domain = ANY (p_domains) AND NOT wh.is_current)
        ORDER BY l.person_id
        LIMIT p_limit OFFSET p_offset""",
    "get_leads_by_company_customers(p_company_domain text, p_limit int, p_offset int)": """
        SELECT l.* FROM core.leads l
        WHERE l.person_id IN (
            SELECT wh.person_id FROM core.person_work_history wh
            JOIN core.company_customers cc ON cc.customer_domain = wh.company_domain
            WHERE cc.origin_company_domain = p_company_domain AND NOT wh.is_current)
        ORDER BY l.person_id
        LIMIT p_limit OFFSET p_offset""",
}


def create_views_and_functions() -> None:
    for name, body in VIEWS.items():
        op.execute(f"CREATE VIEW core.{name} AS {body}")
    for signature, body in FUNCTIONS.items():
        op.execute(f"CREATE FUNCTION core.{signature} RETURNS SETOF core.leads LANGUAGE sql STABLE AS $fn$ {body} $fn$")


def drop_views_and_functions() -> None:
    for signature in FUNCTIONS:
        name, args = signature.split("(", 1)
        types = ", ".join(a.split()[1] for a in args.rstrip(")").split(","))
        op.execute(f"DROP FUNCTION IF EXISTS core.{name}({types})")
    for name in reversed(VIEWS):
        op.execute(f"DROP VIEW IF EXISTS core.{name}")


# Indexes of the query API (the list models, gateway/leads/fields.py and gateway/companies/fields.py):
# orders with their tiebreak, any-of filters,
# pg_trgm for case-insensitive 'contains', and partial covering indexes over the two halves of the
# completeness rule, so counts and facets over complete leads read indexes only.
PERSON_COMPLETE = (
    "country <> '' AND matched_job_function <> '' AND matched_job_function <> 'Miscellaneous' "
    "AND matched_seniority <> '' AND matched_cleaned_job_title <> ''"
)
COMPANY_COMPLETE = "country <> '' AND industry <> ''"
BTREE_INDEXES = {
    "people": [["job_start_date", "id"], ["full_name", "id"], ["matched_job_function", "matched_seniority", "id"]],
    "companies": [["industry"], ["employee_range"]],
}
TRIGRAM_INDEXES = {
    "people": ["full_name", "matched_cleaned_job_title", "city", "state", "country"],
    "companies": ["name", "domain", "city", "state", "country"],
}


def create_query_indexes() -> None:
    for table, column_lists in BTREE_INDEXES.items():
        for columns in column_lists:
            op.create_index(op.f(f"ix_{table}_{'_'.join(columns)}"), table, columns, unique=False, schema="core")
    for table, columns in TRIGRAM_INDEXES.items():
        for column in columns:
            op.create_index(
                f"ix_{table}_{column}_trgm",
                table,
                [column],
                unique=False,
                schema="core",
                postgresql_using="gin",
                postgresql_ops={column: "gin_trgm_ops"},
            )
    op.create_index(
        "ix_people_complete",
        "people",
        ["company_domain"],
        unique=False,
        schema="core",
        postgresql_include=["company_name", "matched_job_function", "matched_seniority", "country"],
        postgresql_where=sa.text(PERSON_COMPLETE),
    )
    op.create_index(
        "ix_companies_complete",
        "companies",
        ["domain"],
        unique=False,
        schema="core",
        postgresql_include=["name", "industry", "employee_range", "country"],
        postgresql_where=sa.text(COMPANY_COMPLETE),
    )


def drop_query_indexes() -> None:
    op.drop_index("ix_companies_complete", table_name="companies", schema="core")
    op.drop_index("ix_people_complete", table_name="people", schema="core")
    for table, columns in TRIGRAM_INDEXES.items():
        for column in columns:
            op.drop_index(f"ix_{table}_{column}_trgm", table_name=table, schema="core")
    for table, column_lists in BTREE_INDEXES.items():
        for columns in column_lists:
            op.drop_index(op.f(f"ix_{table}_{'_'.join(columns)}"), table_name=table, schema="core")


def upgrade() -> None:
    op.create_table(
        "companies",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("domain", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column("linkedin_url", sa.Text(), nullable=True),
        sa.Column("city", sa.Text(), nullable=True),
        sa.Column("state", sa.Text(), nullable=True),
        sa.Column("country", sa.Text(), nullable=True),
        sa.Column("industry", sa.Text(), nullable=True),
        sa.Column("employee_range", sa.Text(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("tagline", sa.Text(), nullable=True),
        sa.Column("business_model", sa.Text(), nullable=True),
        sa.Column("founded_year", sa.BigInteger(), nullable=True),
        sa.Column("origin", sa.Text(), server_default="build", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_companies")),
        sa.UniqueConstraint("domain", name=op.f("uq_companies_domain")),
        schema="core",
    )
    op.create_index(op.f("ix_companies_name"), "companies", ["name"], unique=False, schema="core")
    op.create_table(
        "company_customers",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("origin_company_domain", sa.Text(), nullable=False),
        sa.Column("origin_company_name", sa.Text(), nullable=True),
        sa.Column("customer_name", sa.Text(), nullable=False),
        sa.Column("customer_domain", sa.Text(), nullable=True),
        sa.Column("case_study_url", sa.Text(), nullable=True),
        sa.Column("has_case_study", sa.Boolean(), nullable=True),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_company_customers")),
        sa.UniqueConstraint(
            "origin_company_domain",
            "customer_name",
            name=op.f("uq_company_customers_origin_company_domain_customer_name"),
        ),
        schema="core",
    )
    op.create_index(
        op.f("ix_company_customers_customer_domain"),
        "company_customers",
        ["customer_domain"],
        unique=False,
        schema="core",
    )
    op.create_table(
        "company_job_postings",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("company_domain", sa.Text(), nullable=False),
        sa.Column("job_id", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("location", sa.Text(), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("posted_at", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_company_job_postings")),
        sa.UniqueConstraint("company_domain", "job_id", name=op.f("uq_company_job_postings_company_domain_job_id")),
        schema="core",
    )
    op.create_table(
        "company_news_events",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("company_domain", sa.Text(), nullable=False),
        sa.Column("headline", sa.Text(), nullable=False),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("published_at", sa.Date(), nullable=True),
        sa.Column("amount", sa.Text(), nullable=True),
        sa.Column("round", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_company_news_events")),
        sa.UniqueConstraint("company_domain", "headline", name=op.f("uq_company_news_events_company_domain_headline")),
        schema="core",
    )
    op.create_table(
        "company_similar_companies",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("company_domain", sa.Text(), nullable=False),
        sa.Column("similar_domain", sa.Text(), nullable=False),
        sa.Column("similar_name", sa.Text(), nullable=True),
        sa.Column("similarity_score", sa.Float(), nullable=True),
        sa.Column("batch_id", sa.UUID(), nullable=True),
        sa.Column("origin", sa.Text(), server_default="build", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_company_similar_companies")),
        sa.UniqueConstraint(
            "company_domain",
            "similar_domain",
            name=op.f("uq_company_similar_companies_company_domain_similar_domain"),
        ),
        schema="core",
    )
    op.create_table(
        "company_vc_investors",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("company_domain", sa.Text(), nullable=False),
        sa.Column("vc_name", sa.Text(), nullable=False),
        sa.Column("company_description", sa.Text(), nullable=True),
        sa.Column("origin", sa.Text(), server_default="build", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_company_vc_investors")),
        sa.UniqueConstraint("company_domain", "vc_name", name=op.f("uq_company_vc_investors_company_domain_vc_name")),
        schema="core",
    )
    op.create_index(
        op.f("ix_company_vc_investors_vc_name"),
        "company_vc_investors",
        ["vc_name"],
        unique=False,
        schema="core",
    )
    op.create_table(
        "people",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("linkedin_url", sa.Text(), nullable=False),
        sa.Column("linkedin_url_type", sa.Text(), server_default="person", nullable=False),
        sa.Column("linkedin_slug", sa.Text(), nullable=True),
        sa.Column("full_name", sa.Text(), nullable=True),
        sa.Column("first_name", sa.Text(), nullable=True),
        sa.Column("last_name", sa.Text(), nullable=True),
        sa.Column("headline", sa.Text(), nullable=True),
        sa.Column("location_raw", sa.Text(), nullable=True),
        sa.Column("city", sa.Text(), nullable=True),
        sa.Column("state", sa.Text(), nullable=True),
        sa.Column("country", sa.Text(), nullable=True),
        sa.Column("company_domain", sa.Text(), nullable=True),
        sa.Column("company_name", sa.Text(), nullable=True),
        sa.Column("job_title", sa.Text(), nullable=True),
        sa.Column("matched_cleaned_job_title", sa.Text(), nullable=True),
        sa.Column("matched_job_function", sa.Text(), nullable=True),
        sa.Column("matched_seniority", sa.Text(), nullable=True),
        sa.Column("job_start_date", sa.Date(), nullable=True),
        sa.Column("origin", sa.Text(), server_default="build", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_people")),
        sa.UniqueConstraint("linkedin_url", "linkedin_url_type", name=op.f("uq_people_linkedin_url_linkedin_url_type")),
        schema="core",
    )
    op.create_index(op.f("ix_people_company_domain"), "people", ["company_domain"], unique=False, schema="core")
    op.create_table(
        "person_signals",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("linkedin_url", sa.Text(), nullable=False),
        sa.Column("signal_type", sa.Text(), nullable=False),
        sa.Column("company_domain", sa.Text(), server_default="", nullable=False),
        sa.Column("title", sa.Text(), server_default="", nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=True),
        sa.Column("details", postgresql.JSONB(astext_type=sa.Text()), server_default="{}", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_signals")),
        sa.UniqueConstraint(
            "linkedin_url",
            "signal_type",
            "company_domain",
            "title",
            name=op.f("uq_person_signals_linkedin_url_signal_type_company_domain_title"),
        ),
        schema="core",
    )
    op.create_table(
        "person_promotions",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("person_id", sa.BigInteger(), nullable=False),
        sa.Column("linkedin_url", sa.Text(), nullable=False),
        sa.Column("company_domain", sa.Text(), nullable=True),
        sa.Column("previous_title", sa.Text(), nullable=True),
        sa.Column("new_title", sa.Text(), nullable=True),
        sa.Column("promotion_date", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["core.people.id"],
            name=op.f("fk_person_promotions_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_promotions")),
        schema="core",
    )
    op.create_index(
        op.f("ix_person_promotions_person_id"),
        "person_promotions",
        ["person_id"],
        unique=False,
        schema="core",
    )
    op.create_index(
        op.f("ix_person_promotions_promotion_date"),
        "person_promotions",
        ["promotion_date"],
        unique=False,
        schema="core",
    )
    op.create_table(
        "person_work_history",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("person_id", sa.BigInteger(), nullable=False),
        sa.Column("linkedin_url", sa.Text(), nullable=False),
        sa.Column("company_domain", sa.Text(), nullable=True),
        sa.Column("company_name", sa.Text(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("matched_job_function", sa.Text(), nullable=True),
        sa.Column("matched_seniority", sa.Text(), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("is_current", sa.Boolean(), server_default="false", nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["core.people.id"],
            name=op.f("fk_person_work_history_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_work_history")),
        schema="core",
    )
    op.create_index(
        op.f("ix_person_work_history_company_domain_is_current"),
        "person_work_history",
        ["company_domain", "is_current"],
        unique=False,
        schema="core",
    )
    op.create_index(
        op.f("ix_person_work_history_person_id_start_date"),
        "person_work_history",
        ["person_id", "start_date"],
        unique=False,
        schema="core",
    )
    create_query_indexes()
    create_views_and_functions()


def downgrade() -> None:
    drop_views_and_functions()
    drop_query_indexes()
    op.drop_index(op.f("ix_person_work_history_person_id_start_date"), table_name="person_work_history", schema="core")
    op.drop_index(
        op.f("ix_person_work_history_company_domain_is_current"),
        table_name="person_work_history",
        schema="core",
    )
    op.drop_table("person_work_history", schema="core")
    op.drop_index(op.f("ix_person_promotions_promotion_date"), table_name="person_promotions", schema="core")
    op.drop_index(op.f("ix_person_promotions_person_id"), table_name="person_promotions", schema="core")
    op.drop_table("person_promotions", schema="core")
    op.drop_table("person_signals", schema="core")
    op.drop_index(op.f("ix_people_company_domain"), table_name="people", schema="core")
    op.drop_table("people", schema="core")
    op.drop_index(op.f("ix_company_vc_investors_vc_name"), table_name="company_vc_investors", schema="core")
    op.drop_table("company_vc_investors", schema="core")
    op.drop_table("company_similar_companies", schema="core")
    op.drop_table("company_news_events", schema="core")
    op.drop_table("company_job_postings", schema="core")
    op.drop_index(op.f("ix_company_customers_customer_domain"), table_name="company_customers", schema="core")
    op.drop_table("company_customers", schema="core")
    op.drop_index(op.f("ix_companies_name"), table_name="companies", schema="core")
    op.drop_table("companies", schema="core")
