"""companyenrich: CompanyEnrich firmographics and Clay-fed similar-company previews (LEGACY-PAYLOADS 3, 8) (issue 12)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 05:40:00.000000

Extracted: `companyenrich_companies` (one CompanyEnrich company per domain, every field of the object,
nested ones flattened) and its `companyenrich_funding_rounds`; `similar_company_previews` (a company
CompanyEnrich found similar to an input domain, with the same profile columns and its score) and its
`similar_preview_rounds`. Core: keywords, NAICS codes and revenue range on `core.companies`;
`core.company_socials`, `core.company_funding` and `core.company_funding_rounds`.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TEXT_ARRAY = postgresql.ARRAY(sa.Text())
TEXT, LIST, INT, FLOAT = sa.Text(), TEXT_ARRAY, sa.Integer(), sa.Float()
# a CompanyEnrich company object's columns (models/extracted.py CompanyEnrichProfile), in model order
PROFILE: tuple[tuple[str, sa.types.TypeEngine[object]], ...] = (
    ("companyenrich_id", TEXT), ("name", TEXT), ("company_type", TEXT), ("website", TEXT), ("revenue", TEXT),
    ("employees", TEXT), ("industry", TEXT), ("industries", LIST), ("categories", LIST), ("keywords", LIST),
    ("technologies", LIST), ("naics_codes", LIST), ("description", TEXT), ("seo_description", TEXT),
    ("founded_year", INT), ("page_rank", INT), ("logo_url", TEXT),
    ("companyenrich_updated_at", sa.DateTime(timezone=True)), ("address", TEXT), ("phone", TEXT),
    ("postal_code", TEXT), ("city", TEXT), ("city_id", TEXT), ("latitude", FLOAT), ("longitude", FLOAT),
    ("state", TEXT), ("state_code", TEXT), ("state_id", TEXT), ("country", TEXT), ("country_code", TEXT),
    ("linkedin_url", TEXT), ("linkedin_id", TEXT), ("twitter_url", TEXT), ("facebook_url", TEXT),
    ("github_url", TEXT), ("youtube_url", TEXT), ("instagram_url", TEXT), ("crunchbase_url", TEXT),
    ("g2_url", TEXT), ("angellist_url", TEXT), ("total_funding", TEXT), ("total_funding_usd", FLOAT),
    ("funding_stage", TEXT), ("funding_date", sa.Date()), ("stock_symbol", TEXT), ("stock_exchange", TEXT),
    ("subsidiaries", postgresql.JSONB(astext_type=sa.Text())),
)  # fmt: skip


def _text(*names: str) -> list[sa.Column]:  # type: ignore[type-arg]
    return [sa.Column(name, sa.Text(), nullable=True) for name in names]


def _profile() -> list[sa.Column]:  # type: ignore[type-arg]
    return [sa.Column(name, kind, nullable=True) for name, kind in PROFILE]


def _round() -> list[sa.Column]:  # type: ignore[type-arg]
    return [
        sa.Column("company_domain", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("round_type", sa.Text(), nullable=True),
        sa.Column("round_date", sa.Date(), nullable=True),
        sa.Column("amount", sa.Text(), nullable=True),
        sa.Column("amount_usd", sa.Float(), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("investors", TEXT_ARRAY, nullable=True),
    ]


def _extracted_table(name: str, columns: list[sa.Column], unique: tuple[str, ...]) -> None:  # type: ignore[type-arg]
    """An extracted table: its columns, the bookkeeping every extracted row has, its natural key."""
    op.create_table(
        name,
        *columns,
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("raw_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["raw_id"], ["raw.payloads.id"], name=op.f(f"fk_{name}_raw_id_payloads"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{name}")),
        sa.UniqueConstraint(*unique, name=op.f(f"uq_{name}_{'_'.join(unique)}")),
        schema="extracted",
    )
    op.create_index(op.f(f"ix_{name}_raw_id"), name, ["raw_id"], unique=False, schema="extracted")


def _core_table(name: str, *columns: sa.Column, unique: tuple[str, ...]) -> None:  # type: ignore[type-arg]
    op.create_table(
        name,
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("company_domain", sa.Text(), nullable=False),
        *columns,
        sa.Column("origin", sa.Text(), server_default="build", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{name}")),
        sa.UniqueConstraint(*unique, name=op.f(f"uq_{name}_{'_'.join(unique)}")),
        schema="core",
    )


def upgrade() -> None:
    _extracted_table(
        "companyenrich_companies",
        [sa.Column("company_domain", sa.Text(), nullable=False), *_profile()],
        ("company_domain",),
    )
    _extracted_table("companyenrich_funding_rounds", _round(), ("company_domain", "position"))
    _extracted_table(
        "similar_company_previews",
        [
            sa.Column("input_domain", sa.Text(), nullable=False),
            sa.Column("company_domain", sa.Text(), nullable=False),
            sa.Column("similarity_score", sa.Float(), nullable=True),
            *_profile(),
        ],
        ("input_domain", "company_domain"),
    )
    # the core build reads a company's previews by its domain
    op.create_index(
        op.f("ix_similar_company_previews_company_domain"),
        "similar_company_previews",
        ["company_domain"],
        unique=False,
        schema="extracted",
    )
    _extracted_table(
        "similar_preview_rounds",
        [sa.Column("input_domain", sa.Text(), nullable=False), *_round()],
        ("input_domain", "company_domain", "position"),
    )

    op.add_column("companies", sa.Column("keywords", TEXT_ARRAY, server_default="{}", nullable=False), schema="core")
    op.add_column("companies", sa.Column("naics_codes", TEXT_ARRAY, server_default="{}", nullable=False), schema="core")
    op.add_column("companies", sa.Column("revenue_range", sa.Text(), nullable=True), schema="core")
    _core_table("company_socials", *_text("twitter", "facebook", "instagram", "youtube"), unique=("company_domain",))
    _core_table(
        "company_funding",
        sa.Column("total_raised_usd", sa.Float(), nullable=True),
        sa.Column("last_round_type", sa.Text(), nullable=True),
        sa.Column("last_round_date", sa.Date(), nullable=True),
        unique=("company_domain",),
    )
    _core_table(
        "company_funding_rounds",
        sa.Column("position", sa.BigInteger(), nullable=False),
        sa.Column("round_type", sa.Text(), nullable=True),
        sa.Column("round_date", sa.Date(), nullable=True),
        sa.Column("amount_usd", sa.Float(), nullable=True),
        sa.Column("investors", TEXT_ARRAY, server_default="{}", nullable=False),
        unique=("company_domain", "position"),
    )


def downgrade() -> None:
    for table in ("company_funding_rounds", "company_funding", "company_socials"):
        op.drop_table(table, schema="core")
    for column in ("revenue_range", "naics_codes", "keywords"):
        op.drop_column("companies", column, schema="core")
    op.drop_index(
        op.f("ix_similar_company_previews_company_domain"), table_name="similar_company_previews", schema="extracted"
    )
    for table in (
        "similar_preview_rounds",
        "similar_company_previews",
        "companyenrich_funding_rounds",
        "companyenrich_companies",
    ):
        op.drop_index(op.f(f"ix_{table}_raw_id"), table_name=table, schema="extracted")
        op.drop_table(table, schema="extracted")
