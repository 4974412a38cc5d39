"""reference_feeds: reference lookups fed by ingest and operator mappings (LEGACY-PAYLOADS 15) (issue 12)

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06 05:40:00.000000

`reference_job_title`, `reference_company_location` and `reference_person_location` keep their rows in
`extracted.reference_job_titles` / `extracted.reference_locations`; the core build applies them to the
lookups. The title and location lookups record who changed a row and when (null for the seed), so the
incremental build reaches the people and companies whose raw values map through a changed row.
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LOOKUPS = ("job_title_lookup", "location_lookup")


def _extracted_columns() -> list[sa.Column[object]]:
    """The columns every extracted row has (`models.extracted.Extracted`)."""
    return [
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("raw_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
    ]


def _extracted_constraints(table: str) -> list[sa.Constraint]:
    return [
        sa.ForeignKeyConstraint(
            ["raw_id"], ["raw.payloads.id"], name=op.f(f"fk_{table}_raw_id_payloads"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
    ]


def upgrade() -> None:
    op.create_table(
        "reference_job_titles",
        sa.Column("raw_key", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("raw_job_title", sa.Text(), nullable=False),
        sa.Column("cleaned_job_title", sa.Text(), nullable=False),
        sa.Column("seniority", sa.Text(), nullable=True),
        sa.Column("job_function", sa.Text(), nullable=True),
        sa.Column("status", sa.Text(), nullable=True),
        *_extracted_columns(),
        *_extracted_constraints("reference_job_titles"),
        sa.UniqueConstraint("raw_key", "source", name=op.f("uq_reference_job_titles_raw_key_source")),
        schema="extracted",
    )
    op.create_table(
        "reference_locations",
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("raw_key", sa.Text(), nullable=False),
        sa.Column("location_name", sa.Text(), nullable=False),
        sa.Column("city", sa.Text(), nullable=True),
        sa.Column("state", sa.Text(), nullable=True),
        sa.Column("country", sa.Text(), nullable=True),
        sa.Column("has_city", sa.Boolean(), nullable=True),
        sa.Column("has_state", sa.Boolean(), nullable=True),
        sa.Column("has_country", sa.Boolean(), nullable=True),
        *_extracted_columns(),
        *_extracted_constraints("reference_locations"),
        sa.UniqueConstraint("source", "raw_key", name=op.f("uq_reference_locations_source_raw_key")),
        schema="extracted",
    )
    for table in ("reference_job_titles", "reference_locations"):
        op.create_index(op.f(f"ix_{table}_raw_id"), table, ["raw_id"], unique=False, schema="extracted")
    for table in LOOKUPS:
        op.add_column(table, sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True), schema="reference")
        op.add_column(table, sa.Column("updated_by", sa.Text(), nullable=True), schema="reference")
        op.create_index(op.f(f"ix_{table}_updated_at"), table, ["updated_at"], unique=False, schema="reference")


def downgrade() -> None:
    for table in LOOKUPS:
        op.drop_index(op.f(f"ix_{table}_updated_at"), table_name=table, schema="reference")
        op.drop_column(table, "updated_by", schema="reference")
        op.drop_column(table, "updated_at", schema="reference")
    for table in ("reference_locations", "reference_job_titles"):
        op.drop_index(op.f(f"ix_{table}_raw_id"), table_name=table, schema="extracted")
        op.drop_table(table, schema="extracted")
