"""emails_salesnav_core: emails and SalesNav people in core (issue 12)

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06 05:40:00.000000

`core.person_emails` holds the emails the finders found for core people; `core.people.email` is the
best of them (so `Lead.email` and `hasEmail` need no join) and `core.people.sales_navigator_url` the
SalesNav lead URL a profile person absorbed (ingest/core_build/emails.py, salesnav.py).
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("people", sa.Column("email", sa.Text(), nullable=True), schema="core")
    op.add_column("people", sa.Column("sales_navigator_url", sa.Text(), nullable=True), schema="core")
    op.create_index(op.f("ix_people_sales_navigator_url"), "people", ["sales_navigator_url"], schema="core")
    op.create_table(
        "person_emails",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("person_id", sa.BigInteger(), nullable=False),
        sa.Column("linkedin_url", sa.Text(), nullable=False),
        sa.Column("email", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("status", sa.Text(), nullable=True),
        sa.Column("found_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["core.people.id"], name=op.f("fk_person_emails_person_id_people"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_emails")),
        sa.UniqueConstraint("person_id", "source", "email", name=op.f("uq_person_emails_person_id_source_email")),
        schema="core",
    )
    # erasure finds a person's emails by LinkedIn URL
    op.create_index(op.f("ix_person_emails_linkedin_url"), "person_emails", ["linkedin_url"], schema="core")


def downgrade() -> None:
    op.drop_index(op.f("ix_person_emails_linkedin_url"), table_name="person_emails", schema="core")
    op.drop_table("person_emails", schema="core")
    op.drop_index(op.f("ix_people_sales_navigator_url"), table_name="people", schema="core")
    op.drop_column("people", "sales_navigator_url", schema="core")
    op.drop_column("people", "email", schema="core")
