"""trusted_documents: persisted and trusted GraphQL documents (issue 13)

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06 20:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "trusted_documents",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("sha256", sa.Text(), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trusted_documents")),
        schema="ops",
    )
    op.create_index("ix_trusted_documents_sha256", "trusted_documents", ["sha256"], schema="ops")


def downgrade() -> None:
    op.drop_index("ix_trusted_documents_sha256", table_name="trusted_documents", schema="ops")
    op.drop_table("trusted_documents", schema="ops")
