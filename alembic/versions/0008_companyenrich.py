"""companyenrich: CompanyEnrich firmographics and Clay-fed similar-company previews (LEGACY-PAYLOADS 3, 8) (issue 12)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 05:40:00.000000
"""

from collections.abc import Sequence

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
