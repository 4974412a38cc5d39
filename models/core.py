"""Schema `core`: consolidated, canonical data; the only schema the read API touches.

`origin` says who derived a row ("build" = the core build, "demo" = demo data, "manual"); the
core build never deletes a row it did not derive.
"""

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Identity,
    Index,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.types import Integer  # issue 12: case studies and ads

from models.base import Base, created_at, updated_at

SCHEMA = {"schema": "core"}

# The query API's completeness rule (the `complete` fields of LEAD in gateway/leads/fields.py, and its
# rule), split into its person and company halves: partial covering indexes on them let counts and
# facets over complete leads read indexes only.
PERSON_COMPLETE = (
    "country <> '' AND matched_job_function <> '' AND matched_job_function <> 'Miscellaneous' "
    "AND matched_seniority <> '' AND matched_cleaned_job_title <> ''"
)
COMPANY_COMPLETE = "country <> '' AND industry <> ''"


def trigram_index(table: str, column: str) -> Index:
    """A pg_trgm GIN index: serves the query API's case-insensitive 'contains' (ILIKE '%x%') filters."""
    return Index(f"ix_{table}_{column}_trgm", column, postgresql_using="gin", postgresql_ops={column: "gin_trgm_ops"})


class Company(Base):
    __tablename__ = "companies"
    __table_args__ = (
        Index(None, "name"),
        Index(None, "industry"),
        Index(None, "employee_range"),
        *(trigram_index("companies", column) for column in ("name", "domain", "city", "state", "country")),
        Index(
            "ix_companies_complete",
            "domain",
            postgresql_include=["name", "industry", "employee_range", "country"],
            postgresql_where=text(COMPANY_COMPLETE),
        ),
        SCHEMA,
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    domain: Mapped[str] = mapped_column(Text, nullable=False, unique=True)
    name: Mapped[str | None] = mapped_column(Text)
    linkedin_url: Mapped[str | None] = mapped_column(Text)
    city: Mapped[str | None] = mapped_column(Text)
    state: Mapped[str | None] = mapped_column(Text)
    country: Mapped[str | None] = mapped_column(Text)
    industry: Mapped[str | None] = mapped_column(Text)
    employee_range: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    tagline: Mapped[str | None] = mapped_column(Text)
    business_model: Mapped[str | None] = mapped_column(Text)
    founded_year: Mapped[int | None] = mapped_column(BigInteger)
    # CompanyEnrich firmographics (issue 12; ingest/core_build/companyenrich.py)
    keywords: Mapped[list[str]] = mapped_column(ARRAY(Text), nullable=False, server_default="{}")
    naics_codes: Mapped[list[str]] = mapped_column(ARRAY(Text), nullable=False, server_default="{}")
    revenue_range: Mapped[str | None] = mapped_column(Text)
    origin: Mapped[str] = mapped_column(Text, nullable=False, server_default="build")
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime] = updated_at()
    # the registered address as sent to `company_address` (issue 12; its parsed parts fill city/state/country)
    address: Mapped[str | None] = mapped_column(Text)


class Person(Base):
    """A person with their current job (one row per person: `core.leads` is built on it)."""

    __tablename__ = "people"
    __table_args__ = (
        UniqueConstraint("linkedin_url", "linkedin_url_type"),
        Index(None, "company_domain"),
        # orders of the query API, each with the person id as tiebreak
        Index(None, "job_start_date", "id"),
        Index(None, "full_name", "id"),
        Index(None, "matched_job_function", "matched_seniority", "id"),  # pages by id per (function, seniority)
        *(
            trigram_index("people", column)
            for column in ("full_name", "matched_cleaned_job_title", "city", "state", "country")
        ),
        Index(
            "ix_people_complete",
            "company_domain",
            postgresql_include=["company_name", "matched_job_function", "matched_seniority", "country"],
            postgresql_where=text(PERSON_COMPLETE),
        ),
        SCHEMA,
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    linkedin_url: Mapped[str] = mapped_column(Text, nullable=False)
    linkedin_url_type: Mapped[str] = mapped_column(Text, nullable=False, server_default="person")
    linkedin_slug: Mapped[str | None] = mapped_column(Text)
    full_name: Mapped[str | None] = mapped_column(Text)
    first_name: Mapped[str | None] = mapped_column(Text)
    last_name: Mapped[str | None] = mapped_column(Text)
    headline: Mapped[str | None] = mapped_column(Text)
    location_raw: Mapped[str | None] = mapped_column(Text)
    city: Mapped[str | None] = mapped_column(Text)
    state: Mapped[str | None] = mapped_column(Text)
    country: Mapped[str | None] = mapped_column(Text)
    company_domain: Mapped[str | None] = mapped_column(Text)
    company_name: Mapped[str | None] = mapped_column(Text)
    job_title: Mapped[str | None] = mapped_column(Text)
    matched_cleaned_job_title: Mapped[str | None] = mapped_column(Text)
    matched_job_function: Mapped[str | None] = mapped_column(Text)
    matched_seniority: Mapped[str | None] = mapped_column(Text)
    job_start_date: Mapped[date | None] = mapped_column(Date)
    origin: Mapped[str] = mapped_column(Text, nullable=False, server_default="build")
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime] = updated_at()
    # issue 12 (emails, SalesNav): the best of core.person_emails (ingest/core_build/emails.py), kept
    # here so `Lead.email` and `hasEmail` cost no join; the SalesNav lead URL a profile person absorbed
    email: Mapped[str | None] = mapped_column(Text)
    sales_navigator_url: Mapped[str | None] = mapped_column(Text, index=True)


class PersonWorkHistory(Base):
    __tablename__ = "person_work_history"
    __table_args__ = (
        Index(None, "person_id", "start_date"),
        Index(None, "company_domain", "is_current"),
        SCHEMA,
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    person_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("core.people.id", ondelete="CASCADE"), nullable=False)
    linkedin_url: Mapped[str] = mapped_column(Text, nullable=False)
    company_domain: Mapped[str | None] = mapped_column(Text)
    company_name: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    matched_job_function: Mapped[str | None] = mapped_column(Text)
    matched_seniority: Mapped[str | None] = mapped_column(Text)
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    is_current: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default="false")


class PersonPromotion(Base):
    __tablename__ = "person_promotions"
    __table_args__ = (Index(None, "person_id"), Index(None, "promotion_date"), SCHEMA)

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    person_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("core.people.id", ondelete="CASCADE"), nullable=False)
    linkedin_url: Mapped[str] = mapped_column(Text, nullable=False)
    company_domain: Mapped[str | None] = mapped_column(Text)
    previous_title: Mapped[str | None] = mapped_column(Text)
    new_title: Mapped[str | None] = mapped_column(Text)
    promotion_date: Mapped[date] = mapped_column(Date, nullable=False)


class CompanyCustomer(Base):
    __tablename__ = "company_customers"
    __table_args__ = (
        UniqueConstraint("origin_company_domain", "customer_name"),
        Index(None, "customer_domain"),
        SCHEMA,
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    origin_company_domain: Mapped[str] = mapped_column(Text, nullable=False)
    origin_company_name: Mapped[str | None] = mapped_column(Text)
    customer_name: Mapped[str] = mapped_column(Text, nullable=False)
    customer_domain: Mapped[str | None] = mapped_column(Text)
    case_study_url: Mapped[str | None] = mapped_column(Text)
    has_case_study: Mapped[bool | None] = mapped_column(Boolean)
    source: Mapped[str] = mapped_column(Text, nullable=False)
    created_at: Mapped[datetime] = created_at()


class CompanyVcInvestor(Base):
    __tablename__ = "company_vc_investors"
    __table_args__ = (UniqueConstraint("company_domain", "vc_name"), Index(None, "vc_name"), SCHEMA)

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    company_domain: Mapped[str] = mapped_column(Text, nullable=False)
    vc_name: Mapped[str] = mapped_column(Text, nullable=False)
    company_description: Mapped[str | None] = mapped_column(Text)
    origin: Mapped[str] = mapped_column(Text, nullable=False, server_default="build")


class CompanySimilarCompany(Base):
    __tablename__ = "company_similar_companies"
    __table_args__ = (UniqueConstraint("company_domain", "similar_domain"), SCHEMA)

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    company_domain: Mapped[str] = mapped_column(Text, nullable=False)
    similar_domain: Mapped[str] = mapped_column(Text, nullable=False)
    similar_name: Mapped[str | None] = mapped_column(Text)
    similarity_score: Mapped[float | None] = mapped_column(Float)
    batch_id: Mapped[uuid.UUID | None] = mapped_column(UUID)
    origin: Mapped[str] = mapped_column(Text, nullable=False, server_default="build")


class CompanyJobPosting(Base):
    __tablename__ = "company_job_postings"
    __table_args__ = (UniqueConstraint("company_domain", "job_id"), SCHEMA)

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    company_domain: Mapped[str] = mapped_column(Text, nullable=False)
    job_id: Mapped[str] = mapped_column(Text, nullable=False)
    title: Mapped[str | None] = mapped_column(Text)
    location: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    posted_at: Mapped[date | None] = mapped_column(Date)
    # issue 12: what the job sources (job_posting, job_board_*) and the job-posting signal say besides
    seniority: Mapped[str | None] = mapped_column(Text)
    employment_type: Mapped[str | None] = mapped_column(Text)
    salary_min: Mapped[float | None] = mapped_column(Float)
    salary_max: Mapped[float | None] = mapped_column(Float)
    salary_currency: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(Text)  # the ingest source the values come from


class CompanyNewsEvent(Base):
    __tablename__ = "company_news_events"
    __table_args__ = (UniqueConstraint("company_domain", "headline"), SCHEMA)

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    company_domain: Mapped[str] = mapped_column(Text, nullable=False)
    headline: Mapped[str] = mapped_column(Text, nullable=False)
    url: Mapped[str | None] = mapped_column(Text)
    published_at: Mapped[date | None] = mapped_column(Date)
    amount: Mapped[str | None] = mapped_column(Text)
    round: Mapped[str | None] = mapped_column(Text)


class PersonSignal(Base):
    """Job changes, promotions and new-hire events reported by Clay signals, per person."""

    __tablename__ = "person_signals"
    __table_args__ = (
        UniqueConstraint("linkedin_url", "signal_type", "company_domain", "title"),
        SCHEMA,
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    linkedin_url: Mapped[str] = mapped_column(Text, nullable=False)
    signal_type: Mapped[str] = mapped_column(Text, nullable=False)
    company_domain: Mapped[str] = mapped_column(Text, nullable=False, server_default="")
    title: Mapped[str] = mapped_column(Text, nullable=False, server_default="")
    occurred_on: Mapped[date | None] = mapped_column(Date)
    details: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False, server_default="{}")


# --- CompanyEnrich firmographics (issue 12, LEGACY-PAYLOADS 3, 8; ingest/core_build/companyenrich.py) ---


class CompanySocials(Base):
    """A company's social profiles besides LinkedIn (core.companies.linkedin_url is its LinkedIn page)."""

    __tablename__ = "company_socials"
    __table_args__ = SCHEMA

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    company_domain: Mapped[str] = mapped_column(Text, nullable=False, unique=True)
    twitter: Mapped[str | None] = mapped_column(Text)
    facebook: Mapped[str | None] = mapped_column(Text)
    instagram: Mapped[str | None] = mapped_column(Text)
    youtube: Mapped[str | None] = mapped_column(Text)
    origin: Mapped[str] = mapped_column(Text, nullable=False, server_default="build")


class CompanyFunding(Base):
    """A company's funding summary: total raised and its last round."""

    __tablename__ = "company_funding"
    __table_args__ = SCHEMA

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    company_domain: Mapped[str] = mapped_column(Text, nullable=False, unique=True)
    total_raised_usd: Mapped[float | None] = mapped_column(Float)
    last_round_type: Mapped[str | None] = mapped_column(Text)
    last_round_date: Mapped[date | None] = mapped_column(Date)
    origin: Mapped[str] = mapped_column(Text, nullable=False, server_default="build")


class CompanyFundingRound(Base):
    """A funding round of a company, in its source's list order (`position`)."""

    __tablename__ = "company_funding_rounds"
    __table_args__ = (UniqueConstraint("company_domain", "position"), SCHEMA)

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    company_domain: Mapped[str] = mapped_column(Text, nullable=False)
    position: Mapped[int] = mapped_column(BigInteger, nullable=False)
    round_type: Mapped[str | None] = mapped_column(Text)
    round_date: Mapped[date | None] = mapped_column(Date)
    amount_usd: Mapped[float | None] = mapped_column(Float)
    investors: Mapped[list[str]] = mapped_column(ARRAY(Text), nullable=False, server_default="{}")
    origin: Mapped[str] = mapped_column(Text, nullable=False, server_default="build")


# --- issue 12: case studies and ads (LEGACY-PAYLOADS 4, 5) ---------------------------------------


class CompanyCaseStudy(Base):
    """A case study a company (the publisher) put out about a customer; "" where a value was never sent."""

    __tablename__ = "company_case_studies"
    __table_args__ = (UniqueConstraint("company_domain", "url", "customer_name"), SCHEMA)

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    company_domain: Mapped[str] = mapped_column(Text, nullable=False)
    url: Mapped[str] = mapped_column(Text, nullable=False, server_default="")
    customer_name: Mapped[str] = mapped_column(Text, nullable=False, server_default="")
    customer_domain: Mapped[str | None] = mapped_column(Text)
    origin: Mapped[str] = mapped_column(Text, nullable=False, server_default="build")


class CompanyCaseStudyChampion(Base):
    """A person a case study quotes."""

    __tablename__ = "company_case_study_champions"
    __table_args__ = (UniqueConstraint("case_study_id", "full_name"), SCHEMA)

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    case_study_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("core.company_case_studies.id", ondelete="CASCADE"), nullable=False
    )
    full_name: Mapped[str] = mapped_column(Text, nullable=False)
    title: Mapped[str | None] = mapped_column(Text)
    linkedin_url: Mapped[str | None] = mapped_column(Text, index=True)  # erasure finds it


class CompanyAds(Base):
    """A company's presence in one ad library (google, linkedin, meta), from the newest report."""

    __tablename__ = "company_ads"
    __table_args__ = (UniqueConstraint("company_domain", "platform"), Index(None, "platform", "company_domain"), SCHEMA)

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    company_domain: Mapped[str] = mapped_column(Text, nullable=False)
    platform: Mapped[str] = mapped_column(Text, nullable=False)
    ad_count: Mapped[int] = mapped_column(Integer, nullable=False)
    last_seen_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # newest report with ads
    checked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)  # newest report
    origin: Mapped[str] = mapped_column(Text, nullable=False, server_default="build")


class CompanyTechnology(Base):
    """A technology a company uses, per tech-stack source (issue 12); names match case-insensitively by `name_key`."""

    __tablename__ = "company_technologies"
    __table_args__ = (
        UniqueConstraint("company_domain", "source", "name_key"),
        # the technologies filters: the domains using any of some names, without reading the rest
        Index(None, "name_key", "company_domain"),
        SCHEMA,
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    company_domain: Mapped[str] = mapped_column(Text, nullable=False)
    name: Mapped[str] = mapped_column(Text, nullable=False)
    name_key: Mapped[str] = mapped_column(Text, nullable=False)  # lower(name)
    category: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(Text, nullable=False)  # the ingest source's name
    first_seen_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_seen_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    origin: Mapped[str] = mapped_column(Text, nullable=False, server_default="build")


class PersonEmail(Base):
    """An email an email finder found for a core person (issue 12); the best one is `core.people.email`."""

    __tablename__ = "person_emails"
    __table_args__ = (UniqueConstraint("person_id", "source", "email"), Index(None, "linkedin_url"), SCHEMA)

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    person_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("core.people.id", ondelete="CASCADE"), nullable=False)
    linkedin_url: Mapped[str] = mapped_column(Text, nullable=False)  # the person's, for erasure
    email: Mapped[str] = mapped_column(Text, nullable=False)
    source: Mapped[str] = mapped_column(Text, nullable=False)  # the ingest source (email_leadmagic ...)
    status: Mapped[str | None] = mapped_column(Text)  # the vendor's word, as sent
    found_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)


# The lead rollup's dimensions (issue 13): its column -> the SQL of the lead field it counts (gateway/leads/fields.py),
# in the order of `grouping_set`'s bits (GROUPING(...) of these, first column the highest bit).
ROLLUP_DIMENSIONS = (
    "job_function",
    "seniority",
    "industry",
    "employee_range",
    "person_country",
    "company_country",
    "business_model",
)
# The grouping sets the rollup keeps, besides every dimension: none, each one, each pair, and the job function and
# seniority pair with each other dimension (the pages' pair split filters on those two). Narrow sets answer most
# counts and facets reading a few hundred rows; the full set (~750k rows at 1M people) answers the rest.
_PAIRS = [(a, b) for i, a in enumerate(ROLLUP_DIMENSIONS) for b in ROLLUP_DIMENSIONS[i + 1 :]]
ROLLUP_SETS: tuple[tuple[str, ...], ...] = (
    (),
    *((d,) for d in ROLLUP_DIMENSIONS),
    *_PAIRS,
    *(("job_function", "seniority", d) for d in ROLLUP_DIMENSIONS[2:]),
    ROLLUP_DIMENSIONS,
)


def rollup_mask(dimensions: tuple[str, ...]) -> int:
    """`grouping_set` of a grouping set: GROUPING() over every dimension, a bit set for each one left out."""
    n = len(ROLLUP_DIMENSIONS)
    return sum(1 << (n - 1 - i) for i, d in enumerate(ROLLUP_DIMENSIONS) if d not in dimensions)


class LeadRollup(Base):
    """Leads (core.people LEFT JOIN core.companies) per dropdown value and completeness, per grouping set.

    Kept exact by statement-level triggers on core.people and core.companies (alembic 0015): every write to
    those tables changes it in the same transaction. Rows of a set leave out (NULL) the dimensions the set
    does not keep; `n` is never 0 (emptied rows are deleted).
    """

    __tablename__ = "lead_rollup"
    __table_args__ = (
        Index(
            "uq_lead_rollup_key",
            "grouping_set",
            "complete",
            *ROLLUP_DIMENSIONS,
            unique=True,
            postgresql_nulls_not_distinct=True,
        ),
        SCHEMA,
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    grouping_set: Mapped[int] = mapped_column(Integer, nullable=False)  # rollup_mask() of the set
    complete: Mapped[bool] = mapped_column(Boolean, nullable=False)  # the lead model's FLAG rule
    job_function: Mapped[str | None] = mapped_column(Text)
    seniority: Mapped[str | None] = mapped_column(Text)
    industry: Mapped[str | None] = mapped_column(Text)
    employee_range: Mapped[str | None] = mapped_column(Text)
    person_country: Mapped[str | None] = mapped_column(Text)
    company_country: Mapped[str | None] = mapped_column(Text)
    business_model: Mapped[str | None] = mapped_column(Text)
    n: Mapped[int] = mapped_column(BigInteger, nullable=False)
