"""legacy signal fields: what the old Clay payloads of the existing sources carry

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06 04:12:07.970674

Issue 12: every field a signal source declares lands in its extracted row. v2 signals are per
client, so `client_domain` ("" for v1) joins the natural keys of the three v2 kinds. A new hire
or a job posting may name its company only by LinkedIn URL (`company_domain` "", the core build
resolves it), and a new hire may come without a person (`person_linkedin_url` "").
A VC investor row may also name its company only by LinkedIn URL, and keeps `vc_og` (the firm whose
portfolio listed the company). Customer rows keep the customer domain, batch name, answer,
reasoning and visited pages of their Claygent run. The base families (company and person
enrichment, discovery, VC portfolio) keep the fields they had no column for.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "extracted"

PERSON = ["full_name", "first_name", "last_name", "person_slug", "person_title", "person_headline"]
PERSON += ["person_location", "person_country"]


def _event() -> list[sa.Column]:  # type: ignore[type-arg]
    return [
        sa.Column("client_domain", sa.Text(), server_default="", nullable=False),
        sa.Column("confidence", sa.Text()),
        sa.Column("reduced_confidence_reasons", postgresql.JSONB(astext_type=sa.Text())),
        sa.Column("is_initial_check", sa.Boolean()),
        sa.Column("origin_table_id", sa.Text()),
        sa.Column("origin_record_id", sa.Text()),
    ]


def _text(*names: str) -> list[sa.Column]:  # type: ignore[type-arg]
    return [sa.Column(name, sa.Text()) for name in names]


def _int(*names: str) -> list[sa.Column]:  # type: ignore[type-arg]
    return [sa.Column(name, sa.Integer()) for name in names]


COLUMNS = {
    "signal_job_changes": [
        *_text("previous_company_linkedin_url", "new_company_name", "new_company_linkedin_url", "new_job_location"),
        sa.Column("started_within_threshold", sa.Boolean()),
        *_int("lookback_threshold_days", "job_change_within_months"),
        *_text(*(c for c in PERSON if c != "full_name")),  # full_name exists since 0002
        *_event(),
    ],
    "signal_promotions": [
        *_text("company_name", "company_linkedin_url"),
        sa.Column("previous_titles", postgresql.ARRAY(sa.Text())),
        sa.Column("new_titles", postgresql.ARRAY(sa.Text())),
        *_text("role_location"),
        *_int("lookback_threshold_days", "days_since_promotion"),
        *_text(*PERSON),
        *_event(),
    ],
    "signal_new_hires": [
        sa.Column("company_linkedin_url", sa.Text(), server_default="", nullable=False),
        sa.Column("company_name", sa.Text()),
    ],
    "signal_job_postings": [
        *_text("company_name", "company_linkedin_url", "company_linkedin_id", "normalized_title"),
        *_text("cleaned_job_title", "job_function", "seniority", "employment_type"),
        sa.Column("salary_min", sa.Float()),
        sa.Column("salary_max", sa.Float()),
        *_text("salary_currency", "salary_unit", "recruiter_name", "recruiter_url"),
        *_int("min_days_since_job_posting", "max_days_since_job_posting"),
        *_event(),
    ],
    "signal_news_fundraising": _text("description"),
    "vc_portfolio": [
        sa.Column("company_linkedin_url", sa.Text(), server_default="", nullable=False),
        sa.Column("vc_og", sa.Text()),
    ],
}
# section 16: the base families' fields that had no column
COLUMNS["company_firmographics"] = [
    *_text("linkedin_slug", "linkedin_org_id", "clay_company_id", "logo_url", "company_type"),
    *_int("follower_count"),
    sa.Column("locations", postgresql.JSONB(astext_type=sa.Text())),
    sa.Column("last_refresh", sa.DateTime(timezone=True)),
]
COLUMNS["company_discovery"] = [
    *_text("linkedin_company_id", "clay_company_id", "company_type"),
    sa.Column("industries", postgresql.ARRAY(sa.Text())),
    *_text("resolved_domain"),
    sa.Column("derived_datapoints", postgresql.JSONB(astext_type=sa.Text())),
    *_text("clay_table_url"),
]
COLUMNS["person_profiles"] = [
    *_text("latest_company_linkedin_url", "latest_company_org_id", "latest_location"),
    *_text("linkedin_slug", "profile_id", "summary", "country"),
    *_int("connections", "num_followers"),
    *_text("picture_url"),
    *_int("jobs_count"),
    sa.Column("accomplishments", postgresql.JSONB(astext_type=sa.Text())),
    sa.Column("last_refresh", sa.DateTime(timezone=True)),
]
COLUMNS["person_experience"] = _text("company_org_id", "summary")
COLUMNS["person_discovery"] = _text(
    "cleaned_first_name",
    "cleaned_last_name",
    "cleaned_full_name",
    "company_table_id",
    "company_record_id",
    "clay_table_url",
)
COLUMNS["vc_portfolio"] += [
    *_text("company_long_description", "employee_range", "founded_date", "operating_status"),
    sa.Column("funding", postgresql.JSONB(astext_type=sa.Text())),
    *_text("clay_table_url"),
]
# customer rows keep the domain the agent gave (manual rows had it) and their run's batch and answer
for _table in ("claygent_customers", "claygent_customers_structured", "claygent_customers_v2"):
    COLUMNS[_table] = _text("customer_domain")
for _table in (
    "claygent_customers",
    "claygent_customers_structured",
    "claygent_customers_v2",
    "company_customers_manual",
):
    COLUMNS.setdefault(_table, []).extend(
        [*_text("batch_name", "response", "reasoning"), sa.Column("steps_taken", postgresql.ARRAY(sa.Text()))]
    )

# table -> (old unique constraint and columns, new unique constraint and columns)
KEYS = {
    "signal_job_changes": (
        ("uq_signal_job_changes_person_linkedin_url_new_company_d_427a", ["person_linkedin_url", "new_company_domain", "new_title"]),
        ("uq_signal_job_changes_person_linkedin_url_new_company_d_7d27", ["person_linkedin_url", "new_company_domain", "new_title", "client_domain"]),
    ),
    "signal_promotions": (
        ("uq_signal_promotions_person_linkedin_url_company_domain_268d", ["person_linkedin_url", "company_domain", "new_title"]),
        ("uq_signal_promotions_person_linkedin_url_company_domain_ae5e", ["person_linkedin_url", "company_domain", "new_title", "client_domain"]),
    ),
    "signal_new_hires": (
        ("uq_signal_new_hires_company_domain_person_linkedin_url_title", ["company_domain", "person_linkedin_url", "title"]),
        ("uq_signal_new_hires_company_domain_company_linkedin_url_6fff", ["company_domain", "company_linkedin_url", "person_linkedin_url", "title"]),
    ),
    "signal_job_postings": (
        ("uq_signal_job_postings_company_domain_job_id", ["company_domain", "job_id"]),
        ("uq_signal_job_postings_company_domain_job_id_client_domain", ["company_domain", "job_id", "client_domain"]),
    ),
    "vc_portfolio": (
        ("uq_vc_portfolio_company_domain_vc_name", ["company_domain", "vc_name"]),
        ("uq_vc_portfolio_company_domain_company_linkedin_url_vc_name", ["company_domain", "company_linkedin_url", "vc_name"]),
    ),
}  # fmt: skip


def upgrade() -> None:
    for table, columns in COLUMNS.items():
        for column in columns:
            op.add_column(table, column, schema=SCHEMA)
    for table, ((old, _), (new, columns)) in KEYS.items():
        op.drop_constraint(old, table, schema=SCHEMA, type_="unique")
        op.create_unique_constraint(new, table, columns, schema=SCHEMA)
    # a hire may name its company by LinkedIn URL only, and may come without the person
    for column in ("company_domain", "person_linkedin_url"):
        op.alter_column("signal_new_hires", column, server_default="", schema=SCHEMA)
    op.alter_column("vc_portfolio", "company_domain", server_default="", schema=SCHEMA)


def downgrade() -> None:
    # rows only the new shapes could hold (other tenants, LinkedIn-only companies) go with their keys
    op.execute("DELETE FROM extracted.signal_job_changes WHERE client_domain <> ''")
    op.execute("DELETE FROM extracted.signal_promotions WHERE client_domain <> ''")
    op.execute("DELETE FROM extracted.signal_job_postings WHERE client_domain <> '' OR company_domain = ''")
    op.execute(
        "DELETE FROM extracted.signal_new_hires WHERE company_domain = '' OR person_linkedin_url = ''"
        " OR id NOT IN (SELECT DISTINCT ON (company_domain, person_linkedin_url, title) id"
        " FROM extracted.signal_new_hires ORDER BY company_domain, person_linkedin_url, title, updated_at DESC)"
    )
    op.execute(
        "DELETE FROM extracted.vc_portfolio WHERE company_domain = ''"
        " OR id NOT IN (SELECT DISTINCT ON (company_domain, vc_name) id"
        " FROM extracted.vc_portfolio ORDER BY company_domain, vc_name, updated_at DESC)"
    )
    for column in ("company_domain", "person_linkedin_url"):
        op.alter_column("signal_new_hires", column, server_default=None, schema=SCHEMA)
    op.alter_column("vc_portfolio", "company_domain", server_default=None, schema=SCHEMA)
    for table, ((old, old_columns), (new, _)) in KEYS.items():
        op.drop_constraint(new, table, schema=SCHEMA, type_="unique")
        op.create_unique_constraint(old, table, old_columns, schema=SCHEMA)
    for table, columns in COLUMNS.items():
        for column in reversed(columns):
            op.drop_column(table, column.name, schema=SCHEMA)
