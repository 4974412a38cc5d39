"""saved_views: saved lead views (issue 15)

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06 21:20:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

READER_ROLE = "hq_reader"

# Readers save, open and delete views, and their mutations are audited: the reader role gets exactly
# that in `ops`. The audit insert returns its id (SQLAlchemy fetches the new primary key), hence SELECT
# on that one column; no other column of the audit log, and no other ops table, is readable.
GRANT_READER = f"""
DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = '{READER_ROLE}') THEN
        GRANT USAGE ON SCHEMA ops TO {READER_ROLE};
        GRANT SELECT, INSERT, DELETE ON ops.lead_views TO {READER_ROLE};
        GRANT INSERT, SELECT (id) ON ops.audit_log TO {READER_ROLE};
        GRANT USAGE ON SEQUENCE ops.audit_log_id_seq TO {READER_ROLE};
    END IF;
END
$$;
"""

REVOKE_READER = f"""
DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = '{READER_ROLE}') THEN
        REVOKE USAGE ON SEQUENCE ops.audit_log_id_seq FROM {READER_ROLE};
        REVOKE INSERT, SELECT (id) ON ops.audit_log FROM {READER_ROLE};
        REVOKE USAGE ON SCHEMA ops FROM {READER_ROLE};
    END IF;
END
$$;
"""


def upgrade() -> None:
    op.create_table(
        "lead_views",
        sa.Column("slug", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("list", sa.Text(), nullable=False),
        sa.Column("arguments", postgresql.JSONB(), server_default=sa.text("'{}'"), nullable=False),
        sa.Column("api_key_id", sa.UUID(), nullable=True),
        sa.Column("created_by", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("slug", name=op.f("pk_lead_views")),
        schema="ops",
    )
    op.create_index("ix_lead_views_created_at", "lead_views", ["created_at"], schema="ops")
    op.execute(GRANT_READER)


def downgrade() -> None:
    op.execute(REVOKE_READER)
    op.drop_index("ix_lead_views_created_at", table_name="lead_views", schema="ops")
    op.drop_table("lead_views", schema="ops")
