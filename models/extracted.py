"""Schema `extracted`: flattened rows, each pointing at the raw payload it came from.

Names and values are kept as sent; normalised columns exist only for keys and matching.
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
    Integer,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, created_at, updated_at

SCHEMA = {"schema": "extracted"}


class Extracted:
    """Columns every extracted row has."""

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    raw_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("raw.payloads.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime] = updated_at()


class CustomerRow(Extracted):
    """A customer named by a Claygent run or entered by hand, with its match to a known company."""

    origin_company_domain: Mapped[str] = mapped_column(Text, nullable=False)
    origin_company_name: Mapped[str | None] = mapped_column(Text)
    origin_company_linkedin_url: Mapped[str | None] = mapped_column(Text)
    customer_name: Mapped[str] = mapped_column(Text, nullable=False)
    customer_domain: Mapped[str | None] = mapped_column(Text)  # as sent; matched_domain is the match
    case_study_url: Mapped[str | None] = mapped_column(Text)
    has_case_study: Mapped[bool | None] = mapped_column(Boolean)
    confidence: Mapped[str | None] = mapped_column(Text)
    # the run the customer came from: its batch, the agent's answer, reasoning and visited pages
    batch_name: Mapped[str | None] = mapped_column(Text)
    response: Mapped[str | None] = mapped_column(Text)
    reasoning: Mapped[str | None] = mapped_column(Text)
    steps_taken: Mapped[list[str] | None] = mapped_column(ARRAY(Text))
    matched_domain: Mapped[str | None] = mapped_column(Text, index=True)
    matched_linkedin_url: Mapped[str | None] = mapped_column(Text)
    match_method: Mapped[str | None] = mapped_column(Text)
    match_score: Mapped[float | None] = mapped_column(Float)
    matched_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # of the last attempt
    # unmatched names: the best candidates of the last matching run, for operator review
    match_candidates: Mapped[Any | None] = mapped_column(JSONB)


class ClaygentCustomer(CustomerRow, Base):
    __tablename__ = "claygent_customers"
    __table_args__ = (UniqueConstraint("origin_company_domain", "customer_name"), SCHEMA)


class ClaygentCustomerStructured(CustomerRow, Base):
    __tablename__ = "claygent_customers_structured"
    __table_args__ = (UniqueConstraint("origin_company_domain", "customer_name"), SCHEMA)


class ClaygentCustomerV2(CustomerRow, Base):
    __tablename__ = "claygent_customers_v2"
    __table_args__ = (UniqueConstraint("origin_company_domain", "customer_name"), SCHEMA)


class ManualCustomer(CustomerRow, Base):
    __tablename__ = "company_customers_manual"
    __table_args__ = (UniqueConstraint("origin_company_domain", "customer_name"), SCHEMA)

    customer_linkedin_url: Mapped[str | None] = mapped_column(Text)
    source_notes: Mapped[str | None] = mapped_column(Text)


class CustomerDomainOverride(Base):
    """An operator's decision for a customer name; survives every matching run."""

    __tablename__ = "customer_domain_overrides"
    __table_args__ = (UniqueConstraint("origin_company_domain", "customer_name"), SCHEMA)

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    origin_company_domain: Mapped[str] = mapped_column(Text, nullable=False)
    customer_name: Mapped[str] = mapped_column(Text, nullable=False)
    domain: Mapped[str | None] = mapped_column(Text)  # None: "no match", never guess again
    api_key_id: Mapped[uuid.UUID | None] = mapped_column(UUID)
    created_at: Mapped[datetime] = created_at()


class CompanyFirmographics(Extracted, Base):
    __tablename__ = "company_firmographics"
    __table_args__ = SCHEMA

    company_domain: Mapped[str] = mapped_column(Text, nullable=False, unique=True)
    name: Mapped[str | None] = mapped_column(Text)
    website: Mapped[str | None] = mapped_column(Text)
    linkedin_url: Mapped[str | None] = mapped_column(Text)
    industry: Mapped[str | None] = mapped_column(Text)
    size: Mapped[str | None] = mapped_column(Text)
    employee_count: Mapped[int | None] = mapped_column(Integer)
    locality: Mapped[str | None] = mapped_column(Text)
    city: Mapped[str | None] = mapped_column(Text)
    state: Mapped[str | None] = mapped_column(Text)
    country: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    tagline: Mapped[str | None] = mapped_column(Text)
    specialties: Mapped[list[str] | None] = mapped_column(ARRAY(Text))
    founded_year: Mapped[int | None] = mapped_column(Integer)
    linkedin_slug: Mapped[str | None] = mapped_column(Text)
    linkedin_org_id: Mapped[str | None] = mapped_column(Text)
    clay_company_id: Mapped[str | None] = mapped_column(Text)
    logo_url: Mapped[str | None] = mapped_column(Text)
    company_type: Mapped[str | None] = mapped_column(Text)
    follower_count: Mapped[int | None] = mapped_column(Integer)
    locations: Mapped[Any | None] = mapped_column(JSONB)  # all of them, as sent
    last_refresh: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class CompanyDiscovery(Extracted, Base):
    __tablename__ = "company_discovery"
    __table_args__ = SCHEMA

    domain: Mapped[str] = mapped_column(Text, nullable=False, unique=True)
    name: Mapped[str | None] = mapped_column(Text)
    linkedin_url: Mapped[str | None] = mapped_column(Text)
    size: Mapped[str | None] = mapped_column(Text)
    industry: Mapped[str | None] = mapped_column(Text)
    location: Mapped[str | None] = mapped_column(Text)
    country: Mapped[str | None] = mapped_column(Text)
    annual_revenue: Mapped[str | None] = mapped_column(Text)
    funding_range: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    linkedin_company_id: Mapped[str | None] = mapped_column(Text)
    clay_company_id: Mapped[str | None] = mapped_column(Text)
    company_type: Mapped[str | None] = mapped_column(Text)
    industries: Mapped[list[str] | None] = mapped_column(ARRAY(Text))
    resolved_domain: Mapped[str | None] = mapped_column(Text)
    derived_datapoints: Mapped[Any | None] = mapped_column(JSONB)
    clay_table_url: Mapped[str | None] = mapped_column(Text)


class PersonProfile(Extracted, Base):
    __tablename__ = "person_profiles"
    __table_args__ = SCHEMA

    linkedin_url: Mapped[str] = mapped_column(Text, nullable=False, unique=True)
    full_name: Mapped[str | None] = mapped_column(Text)
    first_name: Mapped[str | None] = mapped_column(Text)
    last_name: Mapped[str | None] = mapped_column(Text)
    headline: Mapped[str | None] = mapped_column(Text)
    location: Mapped[str | None] = mapped_column(Text)
    latest_title: Mapped[str | None] = mapped_column(Text)
    latest_company: Mapped[str | None] = mapped_column(Text)
    latest_company_domain: Mapped[str | None] = mapped_column(Text)
    latest_start_date: Mapped[date | None] = mapped_column(Date)
    latest_company_linkedin_url: Mapped[str | None] = mapped_column(Text)
    latest_company_org_id: Mapped[str | None] = mapped_column(Text)
    latest_location: Mapped[str | None] = mapped_column(Text)
    education: Mapped[Any | None] = mapped_column(JSONB)
    linkedin_slug: Mapped[str | None] = mapped_column(Text)
    profile_id: Mapped[str | None] = mapped_column(Text)
    summary: Mapped[str | None] = mapped_column(Text)
    country: Mapped[str | None] = mapped_column(Text)
    connections: Mapped[int | None] = mapped_column(Integer)
    num_followers: Mapped[int | None] = mapped_column(Integer)
    picture_url: Mapped[str | None] = mapped_column(Text)
    jobs_count: Mapped[int | None] = mapped_column(Integer)
    # certifications, languages, courses, patents, projects, publications, volunteering, awards: as sent
    accomplishments: Mapped[Any | None] = mapped_column(JSONB)
    last_refresh: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class PersonExperience(Extracted, Base):
    """Experience rows of a profile; re-ingesting a person replaces all of that person's rows."""

    __tablename__ = "person_experience"
    __table_args__ = (UniqueConstraint("linkedin_url", "position"), SCHEMA)

    linkedin_url: Mapped[str] = mapped_column(Text, nullable=False)
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    title: Mapped[str | None] = mapped_column(Text)
    company_name: Mapped[str | None] = mapped_column(Text)
    company_domain: Mapped[str | None] = mapped_column(Text)
    company_linkedin_url: Mapped[str | None] = mapped_column(Text)
    company_org_id: Mapped[str | None] = mapped_column(Text)
    location: Mapped[str | None] = mapped_column(Text)
    summary: Mapped[str | None] = mapped_column(Text)
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    is_current: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default="false")


class PersonDiscovery(Extracted, Base):
    __tablename__ = "person_discovery"
    __table_args__ = SCHEMA

    linkedin_url: Mapped[str] = mapped_column(Text, nullable=False, unique=True)
    first_name: Mapped[str | None] = mapped_column(Text)
    last_name: Mapped[str | None] = mapped_column(Text)
    full_name: Mapped[str | None] = mapped_column(Text)
    location_name: Mapped[str | None] = mapped_column(Text)
    company_domain: Mapped[str | None] = mapped_column(Text)
    latest_title: Mapped[str | None] = mapped_column(Text)
    latest_company: Mapped[str | None] = mapped_column(Text)
    latest_start_date: Mapped[date | None] = mapped_column(Date)
    # names a Clay formula cleaned (top level, outside raw_payload): they beat the raw ones in core
    cleaned_first_name: Mapped[str | None] = mapped_column(Text)
    cleaned_last_name: Mapped[str | None] = mapped_column(Text)
    cleaned_full_name: Mapped[str | None] = mapped_column(Text)
    company_table_id: Mapped[str | None] = mapped_column(Text)
    company_record_id: Mapped[str | None] = mapped_column(Text)
    clay_table_url: Mapped[str | None] = mapped_column(Text)


class VcPortfolio(Extracted, Base):
    """An investor of a company; the company may be known only by its LinkedIn URL (domain "")."""

    __tablename__ = "vc_portfolio"
    __table_args__ = (UniqueConstraint("company_domain", "company_linkedin_url", "vc_name"), SCHEMA)

    company_domain: Mapped[str] = mapped_column(Text, nullable=False, server_default="")
    company_linkedin_url: Mapped[str] = mapped_column(Text, nullable=False, server_default="")
    company_name: Mapped[str | None] = mapped_column(Text)
    company_description: Mapped[str | None] = mapped_column(Text)
    company_location: Mapped[str | None] = mapped_column(Text)
    vc_name: Mapped[str] = mapped_column(Text, nullable=False)  # canonical
    vc_name_raw: Mapped[str | None] = mapped_column(Text)
    vc_og: Mapped[str | None] = mapped_column(Text)  # the firm whose portfolio listed the company
    company_long_description: Mapped[str | None] = mapped_column(Text)
    employee_range: Mapped[str | None] = mapped_column(Text)
    founded_date: Mapped[str | None] = mapped_column(Text)
    operating_status: Mapped[str | None] = mapped_column(Text)
    # a Crunchbase export's funding columns (last_funding_date, total_funding_amount, ...), as sent
    funding: Mapped[Any | None] = mapped_column(JSONB)
    clay_table_url: Mapped[str | None] = mapped_column(Text)


class SignalPerson:
    """The person a v2 signal carries whole (``fullProfile``)."""

    full_name: Mapped[str | None] = mapped_column(Text)
    first_name: Mapped[str | None] = mapped_column(Text)
    last_name: Mapped[str | None] = mapped_column(Text)
    person_slug: Mapped[str | None] = mapped_column(Text)
    person_title: Mapped[str | None] = mapped_column(Text)
    person_headline: Mapped[str | None] = mapped_column(Text)
    person_location: Mapped[str | None] = mapped_column(Text)
    person_country: Mapped[str | None] = mapped_column(Text)


class SignalEvent:
    """What every Clay signal event may say about itself; `client_domain` is the tenant of a v2 signal."""

    # part of the natural key: two clients watching the same person each keep their signal
    client_domain: Mapped[str] = mapped_column(Text, nullable=False, server_default="")
    confidence: Mapped[str | None] = mapped_column(Text)  # v1 sends a number, v2 a word ("high")
    reduced_confidence_reasons: Mapped[Any | None] = mapped_column(JSONB)
    is_initial_check: Mapped[bool | None] = mapped_column(Boolean)
    origin_table_id: Mapped[str | None] = mapped_column(Text)
    origin_record_id: Mapped[str | None] = mapped_column(Text)


class SignalJobChange(SignalPerson, SignalEvent, Extracted, Base):
    __tablename__ = "signal_job_changes"
    __table_args__ = (
        UniqueConstraint("person_linkedin_url", "new_company_domain", "new_title", "client_domain"),
        SCHEMA,
    )

    person_linkedin_url: Mapped[str] = mapped_column(Text, nullable=False)
    previous_company_domain: Mapped[str | None] = mapped_column(Text)
    previous_company_linkedin_url: Mapped[str | None] = mapped_column(Text)
    new_company_domain: Mapped[str] = mapped_column(Text, nullable=False, server_default="")
    new_company_name: Mapped[str | None] = mapped_column(Text)
    new_company_linkedin_url: Mapped[str | None] = mapped_column(Text)
    new_title: Mapped[str] = mapped_column(Text, nullable=False, server_default="")
    new_job_location: Mapped[str | None] = mapped_column(Text)
    start_date: Mapped[date | None] = mapped_column(Date)
    started_within_threshold: Mapped[bool | None] = mapped_column(Boolean)
    lookback_threshold_days: Mapped[int | None] = mapped_column(Integer)
    job_change_within_months: Mapped[int | None] = mapped_column(Integer)


class SignalPromotion(SignalPerson, SignalEvent, Extracted, Base):
    __tablename__ = "signal_promotions"
    __table_args__ = (
        UniqueConstraint("person_linkedin_url", "company_domain", "new_title", "client_domain"),
        SCHEMA,
    )

    person_linkedin_url: Mapped[str] = mapped_column(Text, nullable=False)
    company_domain: Mapped[str] = mapped_column(Text, nullable=False, server_default="")
    company_name: Mapped[str | None] = mapped_column(Text)
    company_linkedin_url: Mapped[str | None] = mapped_column(Text)
    previous_title: Mapped[str | None] = mapped_column(Text)
    new_title: Mapped[str] = mapped_column(Text, nullable=False, server_default="")
    previous_titles: Mapped[list[str] | None] = mapped_column(ARRAY(Text))
    new_titles: Mapped[list[str] | None] = mapped_column(ARRAY(Text))
    role_location: Mapped[str | None] = mapped_column(Text)
    promotion_date: Mapped[date | None] = mapped_column(Date)
    lookback_threshold_days: Mapped[int | None] = mapped_column(Integer)
    days_since_promotion: Mapped[int | None] = mapped_column(Integer)


class SignalNewHire(Extracted, Base):
    """A hire; the company may be known only by its LinkedIn URL (the core build finds its domain)."""

    __tablename__ = "signal_new_hires"
    __table_args__ = (
        UniqueConstraint("company_domain", "company_linkedin_url", "person_linkedin_url", "title"),
        SCHEMA,
    )

    company_domain: Mapped[str] = mapped_column(Text, nullable=False, server_default="")
    company_linkedin_url: Mapped[str] = mapped_column(Text, nullable=False, server_default="")
    company_name: Mapped[str | None] = mapped_column(Text)
    person_linkedin_url: Mapped[str] = mapped_column(Text, nullable=False, server_default="")
    full_name: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str] = mapped_column(Text, nullable=False, server_default="")
    start_date: Mapped[date | None] = mapped_column(Date)


class SignalJobPosting(SignalEvent, Extracted, Base):
    __tablename__ = "signal_job_postings"
    __table_args__ = (UniqueConstraint("company_domain", "job_id", "client_domain"), SCHEMA)

    company_domain: Mapped[str] = mapped_column(Text, nullable=False)
    company_name: Mapped[str | None] = mapped_column(Text)
    company_linkedin_url: Mapped[str | None] = mapped_column(Text)
    company_linkedin_id: Mapped[str | None] = mapped_column(Text)
    job_id: Mapped[str] = mapped_column(Text, nullable=False)
    title: Mapped[str | None] = mapped_column(Text)
    normalized_title: Mapped[str | None] = mapped_column(Text)
    cleaned_job_title: Mapped[str | None] = mapped_column(Text)
    job_function: Mapped[str | None] = mapped_column(Text)
    seniority: Mapped[str | None] = mapped_column(Text)
    employment_type: Mapped[str | None] = mapped_column(Text)
    location: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    posted_at: Mapped[date | None] = mapped_column(Date)
    salary_min: Mapped[float | None] = mapped_column(Float)
    salary_max: Mapped[float | None] = mapped_column(Float)
    salary_currency: Mapped[str | None] = mapped_column(Text)
    salary_unit: Mapped[str | None] = mapped_column(Text)
    recruiter_name: Mapped[str | None] = mapped_column(Text)
    recruiter_url: Mapped[str | None] = mapped_column(Text)
    min_days_since_job_posting: Mapped[int | None] = mapped_column(Integer)
    max_days_since_job_posting: Mapped[int | None] = mapped_column(Integer)


class SignalNewsFundraising(Extracted, Base):
    __tablename__ = "signal_news_fundraising"
    __table_args__ = (UniqueConstraint("company_domain", "headline"), SCHEMA)

    company_domain: Mapped[str] = mapped_column(Text, nullable=False)
    headline: Mapped[str] = mapped_column(Text, nullable=False)
    url: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    published_at: Mapped[date | None] = mapped_column(Date)
    amount: Mapped[str | None] = mapped_column(Text)
    amount_usd: Mapped[float | None] = mapped_column(Float)
    round: Mapped[str | None] = mapped_column(Text)


class CompanyEnrichSimilar(Base):
    """Similar companies found by CompanyEnrich; unique per input domain and similar domain."""

    __tablename__ = "company_enrich_similar"
    __table_args__ = (UniqueConstraint("input_domain", "company_domain"), Index(None, "batch_id"), SCHEMA)

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    batch_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID, ForeignKey("raw.company_enrich_similar_batches.id", ondelete="SET NULL")
    )
    raw_response_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("raw.company_enrich_similar_raw.id", ondelete="SET NULL")
    )
    input_domain: Mapped[str] = mapped_column(Text, nullable=False)
    company_domain: Mapped[str] = mapped_column(Text, nullable=False)
    company_name: Mapped[str | None] = mapped_column(Text)
    company_industry: Mapped[str | None] = mapped_column(Text)
    company_description: Mapped[str | None] = mapped_column(Text)
    similarity_score: Mapped[float | None] = mapped_column(Float)
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime] = updated_at()


class SalesnavPerson(Extracted, Base):
    """A SalesNav person row (the export's lead URL, or a profile URL for a full person), kept as sent.

    The current company's columns are the export row's: the person's own view of their employer.
    """

    __tablename__ = "salesnav_people"
    __table_args__ = SCHEMA

    linkedin_url: Mapped[str] = mapped_column(Text, nullable=False, unique=True)
    linkedin_url_type: Mapped[str | None] = mapped_column(Text)  # sales_navigator or person
    linkedin_user_profile_urn: Mapped[str | None] = mapped_column(Text)
    first_name: Mapped[str | None] = mapped_column(Text)
    last_name: Mapped[str | None] = mapped_column(Text)
    full_name: Mapped[str | None] = mapped_column(Text)  # first + last
    cleaned_first_name: Mapped[str | None] = mapped_column(Text)
    cleaned_last_name: Mapped[str | None] = mapped_column(Text)
    cleaned_full_name: Mapped[str | None] = mapped_column(Text)
    email: Mapped[str | None] = mapped_column(Text)
    phone_number: Mapped[str | None] = mapped_column(Text)
    location: Mapped[str | None] = mapped_column(Text)
    profile_headline: Mapped[str | None] = mapped_column(Text)
    profile_summary: Mapped[str | None] = mapped_column(Text)
    job_title: Mapped[str | None] = mapped_column(Text)
    cleaned_job_title: Mapped[str | None] = mapped_column(Text)
    job_description: Mapped[str | None] = mapped_column(Text)
    job_started_on: Mapped[str | None] = mapped_column(Text)  # as sent ("05-2024")
    job_start_date: Mapped[date | None] = mapped_column(Date)  # its first day
    company_name: Mapped[str | None] = mapped_column(Text)
    company_domain: Mapped[str | None] = mapped_column(Text)
    company_linkedin_url: Mapped[str | None] = mapped_column(Text)
    company_linkedin_urn: Mapped[str | None] = mapped_column(Text)
    company_description: Mapped[str | None] = mapped_column(Text)
    company_headcount: Mapped[int | None] = mapped_column(Integer)
    company_industries: Mapped[str | None] = mapped_column(Text)
    company_registered_address: Mapped[str | None] = mapped_column(Text)
    ex_company_domain: Mapped[str | None] = mapped_column(Text)  # the search's past-employer filter
    export_title: Mapped[str | None] = mapped_column(Text)
    export_timestamp: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    matching_filters: Mapped[bool | None] = mapped_column(Boolean)
    source: Mapped[str | None] = mapped_column(Text)
    scrape_settings_id: Mapped[str | None] = mapped_column(Text)
    source_id: Mapped[str | None] = mapped_column(Text)
    upload_id: Mapped[str | None] = mapped_column(Text)
    source_created_at: Mapped[str | None] = mapped_column(Text)
    clay_batch_number: Mapped[str | None] = mapped_column(Text)
    sent_to_clay_at: Mapped[str | None] = mapped_column(Text)


class SalesnavPersonJob(Extracted, Base):
    """A job of a full SalesNav person's work history; re-ingesting the person replaces them all."""

    __tablename__ = "salesnav_person_jobs"
    __table_args__ = (UniqueConstraint("linkedin_url", "position"), SCHEMA)

    linkedin_url: Mapped[str] = mapped_column(Text, nullable=False)
    position: Mapped[int] = mapped_column(Integer, nullable=False)  # list order
    company_name: Mapped[str | None] = mapped_column(Text)
    company_domain: Mapped[str | None] = mapped_column(Text)
    company_linkedin_url: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    start_date: Mapped[str | None] = mapped_column(Text)  # as sent
    end_date: Mapped[str | None] = mapped_column(Text)
    is_current: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default="false")


class SalesnavCompany(Extracted, Base):
    """A SalesNav company; known by its domain or only by its LinkedIn URL (the other one "")."""

    __tablename__ = "salesnav_companies"
    __table_args__ = (UniqueConstraint("company_domain", "company_linkedin_url"), SCHEMA)

    company_domain: Mapped[str] = mapped_column(Text, nullable=False, server_default="")
    company_linkedin_url: Mapped[str] = mapped_column(Text, nullable=False, server_default="")
    company_name: Mapped[str | None] = mapped_column(Text)
    linkedin_urn: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    headcount: Mapped[int | None] = mapped_column(Integer)
    industries: Mapped[str | None] = mapped_column(Text)
    registered_address_raw: Mapped[str | None] = mapped_column(Text)


class PersonEmail(Extracted, Base):
    """An email finder's answer for a person (AnyMailFinder, LeadMagic, Icypeas), one table for all three.

    The person is known by LinkedIn URL or, failing that, by name at a company domain: `person_key`
    is the URL, else ``"<domain> <name in lower case>"``. A search that found nothing is a row with
    email ``""``; vendor columns another vendor never sends stay null.
    """

    __tablename__ = "person_emails"
    __table_args__ = (UniqueConstraint("source", "person_key", "email"), SCHEMA)

    source: Mapped[str] = mapped_column(Text, nullable=False)  # the ingest source's name
    person_key: Mapped[str] = mapped_column(Text, nullable=False)
    email: Mapped[str] = mapped_column(Text, nullable=False, server_default="", index=True)  # lower-cased
    status: Mapped[str | None] = mapped_column(Text)  # the vendor's validation/status word, as sent
    person_linkedin_url: Mapped[str | None] = mapped_column(Text, index=True)
    first_name: Mapped[str | None] = mapped_column(Text)
    last_name: Mapped[str | None] = mapped_column(Text)
    full_name: Mapped[str | None] = mapped_column(Text)
    company_name: Mapped[str | None] = mapped_column(Text)
    company_domain: Mapped[str | None] = mapped_column(Text)
    company_linkedin_url: Mapped[str | None] = mapped_column(Text)
    workflow_slug: Mapped[str | None] = mapped_column(Text)
    clay_table_url: Mapped[str | None] = mapped_column(Text)
    success: Mapped[bool | None] = mapped_column(Boolean)
    message: Mapped[str | None] = mapped_column(Text)
    alternatives: Mapped[Any | None] = mapped_column(JSONB)  # AnyMailFinder's other emails
    not_found_error: Mapped[bool | None] = mapped_column(Boolean)
    has_mx: Mapped[bool | None] = mapped_column(Boolean)
    mx_record: Mapped[Any | None] = mapped_column(JSONB)  # LeadMagic's record, or Icypeas' records
    mx_provider: Mapped[str | None] = mapped_column(Text)
    mx_security_gateway: Mapped[Any | None] = mapped_column(JSONB)
    is_domain_catch_all: Mapped[bool | None] = mapped_column(Boolean)
    employment_verified: Mapped[bool | None] = mapped_column(Boolean)
    credits_consumed: Mapped[float | None] = mapped_column(Float)
    search_id: Mapped[str | None] = mapped_column(Text)
    certainty: Mapped[str | None] = mapped_column(Text)
    emails: Mapped[Any | None] = mapped_column(JSONB)  # Icypeas' candidates, as sent


# --- reference feeds (issue 12, LEGACY-PAYLOADS 15): rows the core build applies to the reference lookups ---


class ReferenceJobTitle(Extracted, Base):
    """A Clay-parsed job title (`reference_job_title`), kept as sent; the next core build writes it into
    `reference.job_title_lookup` (`ingest.core_build.remapped`). One row per title and legacy `source`.
    """

    __tablename__ = "reference_job_titles"
    __table_args__ = (UniqueConstraint("raw_key", "source"), SCHEMA)

    raw_key: Mapped[str] = mapped_column(Text, nullable=False)  # lower(trim(raw_job_title)): the lookup's key
    source: Mapped[str] = mapped_column(Text, nullable=False)  # the old feed's `source` ("case-study-champions")
    raw_job_title: Mapped[str] = mapped_column(Text, nullable=False)
    cleaned_job_title: Mapped[str] = mapped_column(Text, nullable=False)
    seniority: Mapped[str | None] = mapped_column(Text)  # as sent; mapped to the vocabulary by the build
    job_function: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str | None] = mapped_column(Text)  # hq-api's review status, as sent


class ReferenceLocation(Extracted, Base):
    """A Clay-parsed location (`reference_company_location`, `reference_person_location`), kept as sent;
    the next core build writes it into `reference.location_lookup`. One row per source and location text.
    """

    __tablename__ = "reference_locations"
    __table_args__ = (UniqueConstraint("source", "raw_key"), SCHEMA)

    source: Mapped[str] = mapped_column(Text, nullable=False)  # the ingest source's name
    raw_key: Mapped[str] = mapped_column(Text, nullable=False)  # lower(trim(location_name))
    location_name: Mapped[str] = mapped_column(Text, nullable=False)
    city: Mapped[str | None] = mapped_column(Text)
    state: Mapped[str | None] = mapped_column(Text)
    country: Mapped[str | None] = mapped_column(Text)  # as sent; mapped to the vocabulary by the build
    has_city: Mapped[bool | None] = mapped_column(Boolean)
    has_state: Mapped[bool | None] = mapped_column(Boolean)
    has_country: Mapped[bool | None] = mapped_column(Boolean)


# --- issue 12, LEGACY-PAYLOADS 9: pre-parsed / cleaned company and person variants ---------------
# (their ordinary discovery fields land in company_discovery / person_discovery / salesnav_companies)


class ParsedLocation:
    """A location Clay (or the old address parser) split into parts; ``has_*`` as Clay flagged them."""

    source: Mapped[str] = mapped_column(Text, nullable=False)  # the ingest source's name
    city: Mapped[str | None] = mapped_column(Text)
    state: Mapped[str | None] = mapped_column(Text)
    country: Mapped[str | None] = mapped_column(Text)
    has_city: Mapped[bool | None] = mapped_column(Boolean)
    has_state: Mapped[bool | None] = mapped_column(Boolean)
    has_country: Mapped[bool | None] = mapped_column(Boolean)
    workflow_slug: Mapped[str | None] = mapped_column(Text)
    clay_table_url: Mapped[str | None] = mapped_column(Text)


# --- issue 12: case studies and ads (LEGACY-PAYLOADS 4, 5) ---------------------------------------


class CaseStudy(Extracted, Base):
    """A publisher's (vendor's) case study about a customer, from `case_study` or `case_study_buyers`.

    Keyed per source by publisher domain, article URL and customer name (``""`` when not sent), so
    the buyers' output and an extraction of one article stay side by side until the core build.
    """

    __tablename__ = "case_studies"
    __table_args__ = (
        UniqueConstraint(
            "source", "origin_company_domain", "case_study_url", "customer_name", name="uq_case_studies_key"
        ),
        SCHEMA,
    )

    source: Mapped[str] = mapped_column(Text, nullable=False)  # the ingest source's name
    origin_company_domain: Mapped[str] = mapped_column(Text, nullable=False)  # the publisher
    case_study_url: Mapped[str] = mapped_column(Text, nullable=False, server_default="")
    customer_name: Mapped[str] = mapped_column(Text, nullable=False, server_default="")
    origin_company_name: Mapped[str | None] = mapped_column(Text)
    customer_domain: Mapped[str | None] = mapped_column(Text)
    article_title: Mapped[str | None] = mapped_column(Text)
    confidence: Mapped[str | None] = mapped_column(Text)
    reasoning: Mapped[str | None] = mapped_column(Text)
    workflow_slug: Mapped[str | None] = mapped_column(Text)
    clay_table_url: Mapped[str | None] = mapped_column(Text)


class CompanyLocationParsed(ParsedLocation, Extracted, Base):
    """A company's parsed location (`company_location_parsed`) or registered address (`company_address`).

    One row per source and company; the company is known by its domain or only by its LinkedIn URL
    (the other one "").
    """

    __tablename__ = "company_locations_parsed"
    __table_args__ = (UniqueConstraint("company_domain", "company_linkedin_url", "source"), SCHEMA)

    company_domain: Mapped[str] = mapped_column(Text, nullable=False, server_default="")
    company_linkedin_url: Mapped[str] = mapped_column(Text, nullable=False, server_default="")
    registered_address: Mapped[str | None] = mapped_column(Text)  # as sent, the text that was parsed


class PersonLocationParsed(ParsedLocation, Extracted, Base):
    """A person's location as Clay parsed it, one row per source (`person_location_parsed`,
    `person_title_enrichment`)."""

    __tablename__ = "person_locations_parsed"
    __table_args__ = (UniqueConstraint("linkedin_url", "source"), SCHEMA)

    linkedin_url: Mapped[str] = mapped_column(Text, nullable=False)


class PersonTitleEnrichment(Extracted, Base):
    """Clay's enrichment of a person's latest title: cleaned title, seniority and job function as sent."""

    __tablename__ = "person_title_enrichments"
    __table_args__ = SCHEMA

    linkedin_url: Mapped[str] = mapped_column(Text, nullable=False, unique=True)
    latest_title: Mapped[str | None] = mapped_column(Text)  # the title that was enriched
    cleaned_job_title: Mapped[str | None] = mapped_column(Text)
    seniority_level: Mapped[str | None] = mapped_column(Text)
    job_function: Mapped[str | None] = mapped_column(Text)
    workflow_slug: Mapped[str | None] = mapped_column(Text)
    clay_table_url: Mapped[str | None] = mapped_column(Text)


class CleanedCompanyName(Extracted, Base):
    """A company name a Clay formula cleaned ("Acme Corp, Inc." -> "Acme"), with the name it started from."""

    __tablename__ = "cleaned_company_names"
    __table_args__ = SCHEMA

    domain: Mapped[str] = mapped_column(Text, nullable=False, unique=True)
    original_company_name: Mapped[str | None] = mapped_column(Text)
    cleaned_company_name: Mapped[str | None] = mapped_column(Text)


# --- CompanyEnrich firmographics and Clay-fed similar-company previews (issue 12, LEGACY-PAYLOADS 3, 8) ---


class CompanyEnrichProfile:
    """Every field of a CompanyEnrich company object, nested ones flattened (lists as arrays)."""

    companyenrich_id: Mapped[str | None] = mapped_column(Text)
    name: Mapped[str | None] = mapped_column(Text)
    company_type: Mapped[str | None] = mapped_column(Text)
    website: Mapped[str | None] = mapped_column(Text)
    revenue: Mapped[str | None] = mapped_column(Text)  # band text ("$10M-$50M"), as sent
    employees: Mapped[str | None] = mapped_column(Text)  # band text ("51-200"), as sent
    industry: Mapped[str | None] = mapped_column(Text)
    industries: Mapped[list[str] | None] = mapped_column(ARRAY(Text))
    categories: Mapped[list[str] | None] = mapped_column(ARRAY(Text))
    keywords: Mapped[list[str] | None] = mapped_column(ARRAY(Text))
    technologies: Mapped[list[str] | None] = mapped_column(ARRAY(Text))
    naics_codes: Mapped[list[str] | None] = mapped_column(ARRAY(Text))
    description: Mapped[str | None] = mapped_column(Text)
    seo_description: Mapped[str | None] = mapped_column(Text)
    founded_year: Mapped[int | None] = mapped_column(Integer)
    page_rank: Mapped[int | None] = mapped_column(Integer)
    logo_url: Mapped[str | None] = mapped_column(Text)
    companyenrich_updated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    address: Mapped[str | None] = mapped_column(Text)
    phone: Mapped[str | None] = mapped_column(Text)
    postal_code: Mapped[str | None] = mapped_column(Text)
    city: Mapped[str | None] = mapped_column(Text)
    city_id: Mapped[str | None] = mapped_column(Text)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    state: Mapped[str | None] = mapped_column(Text)
    state_code: Mapped[str | None] = mapped_column(Text)
    state_id: Mapped[str | None] = mapped_column(Text)
    country: Mapped[str | None] = mapped_column(Text)
    country_code: Mapped[str | None] = mapped_column(Text)
    linkedin_url: Mapped[str | None] = mapped_column(Text)  # normalised
    linkedin_id: Mapped[str | None] = mapped_column(Text)
    twitter_url: Mapped[str | None] = mapped_column(Text)
    facebook_url: Mapped[str | None] = mapped_column(Text)
    github_url: Mapped[str | None] = mapped_column(Text)
    youtube_url: Mapped[str | None] = mapped_column(Text)
    instagram_url: Mapped[str | None] = mapped_column(Text)
    crunchbase_url: Mapped[str | None] = mapped_column(Text)
    g2_url: Mapped[str | None] = mapped_column(Text)
    angellist_url: Mapped[str | None] = mapped_column(Text)
    total_funding: Mapped[str | None] = mapped_column(Text)  # as sent
    total_funding_usd: Mapped[float | None] = mapped_column(Float)
    funding_stage: Mapped[str | None] = mapped_column(Text)
    funding_date: Mapped[date | None] = mapped_column(Date)
    stock_symbol: Mapped[str | None] = mapped_column(Text)
    stock_exchange: Mapped[str | None] = mapped_column(Text)
    subsidiaries: Mapped[Any | None] = mapped_column(JSONB)  # objects or bare names, as sent


class FundingRound:
    """A round of a CompanyEnrich company's ``financial.funding[]``, in list order."""

    company_domain: Mapped[str] = mapped_column(Text, nullable=False)
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    round_type: Mapped[str | None] = mapped_column(Text)
    round_date: Mapped[date | None] = mapped_column(Date)
    amount: Mapped[str | None] = mapped_column(Text)  # as sent
    amount_usd: Mapped[float | None] = mapped_column(Float)
    url: Mapped[str | None] = mapped_column(Text)
    investors: Mapped[list[str] | None] = mapped_column(ARRAY(Text))  # `from`, split


class CompanyEnrichCompany(CompanyEnrichProfile, Extracted, Base):
    __tablename__ = "companyenrich_companies"
    __table_args__ = SCHEMA

    company_domain: Mapped[str] = mapped_column(Text, nullable=False, unique=True)


class CompanyEnrichFundingRound(FundingRound, Extracted, Base):
    """Re-ingesting a company replaces all of its rounds."""

    __tablename__ = "companyenrich_funding_rounds"
    __table_args__ = (UniqueConstraint("company_domain", "position"), SCHEMA)


class SimilarCompanyPreview(CompanyEnrichProfile, Extracted, Base):
    """A company CompanyEnrich found similar to `input_domain` (a Clay-fed preview), with its whole profile."""

    __tablename__ = "similar_company_previews"
    __table_args__ = (UniqueConstraint("input_domain", "company_domain"), SCHEMA)

    input_domain: Mapped[str] = mapped_column(Text, nullable=False)
    company_domain: Mapped[str] = mapped_column(Text, nullable=False, index=True)
    similarity_score: Mapped[float | None] = mapped_column(Float)


class SimilarCompanyPreviewRound(FundingRound, Extracted, Base):
    """A round of a preview's company; a re-sent preview of `input_domain` replaces all of its rounds."""

    __tablename__ = "similar_preview_rounds"
    __table_args__ = (UniqueConstraint("input_domain", "company_domain", "position"), SCHEMA)

    input_domain: Mapped[str] = mapped_column(Text, nullable=False)


class CaseStudyChampion(Extracted, Base):
    """A person a case study quotes (a champion or buyer), keyed like its case study plus the name."""

    __tablename__ = "case_study_champions"
    __table_args__ = (
        UniqueConstraint(
            "source",
            "origin_company_domain",
            "case_study_url",
            "customer_name",
            "full_name",
            name="uq_case_study_champions_key",
        ),
        SCHEMA,
    )

    source: Mapped[str] = mapped_column(Text, nullable=False)
    origin_company_domain: Mapped[str] = mapped_column(Text, nullable=False)
    case_study_url: Mapped[str] = mapped_column(Text, nullable=False, server_default="")
    customer_name: Mapped[str] = mapped_column(Text, nullable=False, server_default="")
    full_name: Mapped[str] = mapped_column(Text, nullable=False)
    job_title: Mapped[str | None] = mapped_column(Text)
    company_name: Mapped[str | None] = mapped_column(Text)
    linkedin_url: Mapped[str | None] = mapped_column(Text, index=True)  # normalised: erasure finds it
    testimonial: Mapped[str | None] = mapped_column(Text)


class AdLibraryReport(Extracted, Base):
    """One ad-library answer for a company on one platform (google, linkedin, meta): its counts and page."""

    __tablename__ = "ad_library_reports"
    __table_args__ = (UniqueConstraint("platform", "company_domain"), SCHEMA)

    platform: Mapped[str] = mapped_column(Text, nullable=False)
    company_domain: Mapped[str] = mapped_column(Text, nullable=False)
    reported_ad_count: Mapped[int | None] = mapped_column(Integer)  # the vendor's total, as sent
    listed_ad_count: Mapped[int] = mapped_column(Integer, nullable=False)  # ads in the answer's list
    page_id: Mapped[str | None] = mapped_column(Text)  # LinkedIn / Meta page
    platforms: Mapped[Any | None] = mapped_column(JSONB)  # Meta: ["facebook", "instagram"]
    clay_table_url: Mapped[str | None] = mapped_column(Text)


class AdLibraryAd(Extracted, Base):
    """One ad of an ad-library answer; the three platforms' fields in one table (null where one has none).

    `ad_key` is the vendor's ad id, or ``#<position>`` for an ad sent without one.
    """

    __tablename__ = "ad_library_ads"
    __table_args__ = (UniqueConstraint("platform", "company_domain", "ad_key"), SCHEMA)

    platform: Mapped[str] = mapped_column(Text, nullable=False)
    company_domain: Mapped[str] = mapped_column(Text, nullable=False)
    ad_key: Mapped[str] = mapped_column(Text, nullable=False)
    ad_id: Mapped[str | None] = mapped_column(Text)  # Google creative_id, LinkedIn ad_id, Meta id
    ad_type: Mapped[str | None] = mapped_column(Text)  # Google format, LinkedIn type
    creative_type: Mapped[str | None] = mapped_column(Text)
    advertiser_id: Mapped[str | None] = mapped_column(Text)
    advertiser_name: Mapped[str | None] = mapped_column(Text)  # Meta: the page name
    status: Mapped[str | None] = mapped_column(Text)
    start_date: Mapped[str | None] = mapped_column(Text)  # dates as sent
    end_date: Mapped[str | None] = mapped_column(Text)
    last_seen: Mapped[str | None] = mapped_column(Text)
    placements: Mapped[Any | None] = mapped_column(JSONB)  # Meta: the ad's platform(s)
    headline: Mapped[str | None] = mapped_column(Text)  # LinkedIn headline title, Meta link title
    description: Mapped[str | None] = mapped_column(Text)  # LinkedIn headline description, Meta link description
    body: Mapped[str | None] = mapped_column(Text)  # LinkedIn commentary, Meta creative body
    image_url: Mapped[str | None] = mapped_column(Text)
    image_alt_text: Mapped[str | None] = mapped_column(Text)
    video_url: Mapped[str | None] = mapped_column(Text)
    landing_page_url: Mapped[str | None] = mapped_column(Text)  # Google original_url, Meta landing page
    details_url: Mapped[str | None] = mapped_column(Text)  # LinkedIn view_details_link
    variant_content: Mapped[str | None] = mapped_column(Text)  # Google: the first variant only
    variant_width: Mapped[int | None] = mapped_column(Integer)
    variant_height: Mapped[int | None] = mapped_column(Integer)


# --- tech stacks and job postings (issue 12, LEGACY-PAYLOADS 6 and 7) ------------------------------


class CompanyTechnology(Extracted, Base):
    """A technology a vendor (PredictLeads, BuiltWith) detected on a company's site; one table for both.

    Vendor columns another vendor never sends stay null; `reported_total` is the vendor's count of
    technologies for the company, as sent with the list.
    """

    __tablename__ = "company_technologies"
    __table_args__ = (UniqueConstraint("source", "company_domain", "technology_name"), SCHEMA)

    source: Mapped[str] = mapped_column(Text, nullable=False)  # the ingest source's name
    company_domain: Mapped[str] = mapped_column(Text, nullable=False)
    technology_name: Mapped[str] = mapped_column(Text, nullable=False)
    technology_url: Mapped[str | None] = mapped_column(Text)
    technology_domain: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    parent: Mapped[str | None] = mapped_column(Text)
    categories: Mapped[list[str] | None] = mapped_column(ARRAY(Text))
    score: Mapped[float | None] = mapped_column(Float)
    first_seen_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_seen_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    behind_firewall: Mapped[bool | None] = mapped_column(Boolean)
    reported_total: Mapped[int | None] = mapped_column(Integer)
    clay_table_url: Mapped[str | None] = mapped_column(Text)


class JobPosting(Extracted, Base):
    """A job posting from Clay (`job_posting`) or a job board dataset (`job_board_indeed`, `job_board_linkedin`).

    The columns every source can fill are columns; what only one board sends is in `details` under the
    board's own key names. `company_domain` is "" while the company is known only by its LinkedIn URL
    (or not at all); the core build finds the domain through core.companies.
    """

    __tablename__ = "job_postings"
    __table_args__ = (UniqueConstraint("source", "company_domain", "job_id"), SCHEMA)

    source: Mapped[str] = mapped_column(Text, nullable=False)  # the ingest source's name
    company_domain: Mapped[str] = mapped_column(Text, nullable=False, server_default="")
    company_linkedin_url: Mapped[str | None] = mapped_column(Text)
    company_linkedin_id: Mapped[str | None] = mapped_column(Text)
    company_name: Mapped[str | None] = mapped_column(Text)
    job_id: Mapped[str] = mapped_column(Text, nullable=False)
    title: Mapped[str | None] = mapped_column(Text)
    normalized_title: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    apply_url: Mapped[str | None] = mapped_column(Text)
    location: Mapped[str | None] = mapped_column(Text)
    country: Mapped[str | None] = mapped_column(Text)
    seniority: Mapped[str | None] = mapped_column(Text)
    employment_type: Mapped[str | None] = mapped_column(Text)
    job_function: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    salary_min: Mapped[float | None] = mapped_column(Float)
    salary_max: Mapped[float | None] = mapped_column(Float)
    salary_currency: Mapped[str | None] = mapped_column(Text)
    salary_unit: Mapped[str | None] = mapped_column(Text)
    salary_text: Mapped[str | None] = mapped_column(Text)  # the board's formatted pay ("$90K - $120K a year")
    posted_at: Mapped[date | None] = mapped_column(Date)
    clay_table_url: Mapped[str | None] = mapped_column(Text)
    details: Mapped[Any | None] = mapped_column(JSONB)


# --- Apollo and Nostra imports (issue 12, LEGACY-PAYLOADS 10) -------------------------------------


class ImportedPerson(Extracted):
    """A person of a bulk import, known by LinkedIn URL, a vendor URL, an email or a name at a domain.

    `person_key` is the first of those it has (the name form ``"<domain> <name in lower case>"``), so
    a LinkedIn URL, when sent, is the key and `linkedin_url` is unique.
    """

    person_key: Mapped[str] = mapped_column(Text, nullable=False, unique=True)
    linkedin_url: Mapped[str | None] = mapped_column(Text, index=True, unique=True)  # the person's, canonical
    first_name: Mapped[str | None] = mapped_column(Text)
    last_name: Mapped[str | None] = mapped_column(Text)
    full_name: Mapped[str | None] = mapped_column(Text)  # as sent, else first + last
    email: Mapped[str | None] = mapped_column(Text)
    company_name: Mapped[str | None] = mapped_column(Text)
    company_domain: Mapped[str | None] = mapped_column(Text)
    company_linkedin_url: Mapped[str | None] = mapped_column(Text)
    workflow_slug: Mapped[str | None] = mapped_column(Text)


class ApolloRecord:
    """Bookkeeping of an Apollo scrape record: its scrape run, record id and creation time, as sent."""

    scrape_settings_id: Mapped[str | None] = mapped_column(Text)
    raw_record_id: Mapped[str | None] = mapped_column(Text)
    source_created_at: Mapped[str | None] = mapped_column(Text)


class ApolloPerson(ImportedPerson, ApolloRecord, Base):
    """An Apollo person (scrape, instant-data scraper or Clay-cleaned row) with their employer as sent."""

    __tablename__ = "apollo_people"
    __table_args__ = SCHEMA

    apollo_person_url: Mapped[str | None] = mapped_column(Text)
    cleaned_first_name: Mapped[str | None] = mapped_column(Text)
    cleaned_last_name: Mapped[str | None] = mapped_column(Text)
    cleaned_full_name: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    cleaned_job_title: Mapped[str | None] = mapped_column(Text)
    headline: Mapped[str | None] = mapped_column(Text)
    seniority: Mapped[str | None] = mapped_column(Text)
    email_status: Mapped[str | None] = mapped_column(Text)
    departments: Mapped[str | None] = mapped_column(Text)  # comma strings, kept as text
    subdepartments: Mapped[str | None] = mapped_column(Text)
    functions: Mapped[str | None] = mapped_column(Text)
    location: Mapped[str | None] = mapped_column(Text)  # one string (instant data, cleaned rows)
    city: Mapped[str | None] = mapped_column(Text)  # or its parts (scrape: lead_city ...)
    state: Mapped[str | None] = mapped_column(Text)
    country: Mapped[str | None] = mapped_column(Text)
    photo_url: Mapped[str | None] = mapped_column(Text)
    cleaned_company_name: Mapped[str | None] = mapped_column(Text)
    company_website: Mapped[str | None] = mapped_column(Text)
    apollo_company_url: Mapped[str | None] = mapped_column(Text)
    company_headcount: Mapped[int | None] = mapped_column(Integer)
    industry: Mapped[str | None] = mapped_column(Text)


class ApolloCompany(ApolloRecord, Extracted, Base):
    """An Apollo company, known by domain, LinkedIn URL or Apollo URL (`company_key`: the first sent)."""

    __tablename__ = "apollo_companies"
    __table_args__ = SCHEMA

    company_key: Mapped[str] = mapped_column(Text, nullable=False, unique=True)
    company_domain: Mapped[str | None] = mapped_column(Text, index=True)
    company_linkedin_url: Mapped[str | None] = mapped_column(Text)
    apollo_company_url: Mapped[str | None] = mapped_column(Text)
    company_website: Mapped[str | None] = mapped_column(Text)
    company_name: Mapped[str | None] = mapped_column(Text)
    cleaned_company_name: Mapped[str | None] = mapped_column(Text)
    company_headcount: Mapped[int | None] = mapped_column(Integer)
    industry: Mapped[str | None] = mapped_column(Text)
    phone: Mapped[str | None] = mapped_column(Text)
    city: Mapped[str | None] = mapped_column(Text)
    state: Mapped[str | None] = mapped_column(Text)
    country: Mapped[str | None] = mapped_column(Text)
    postal_code: Mapped[str | None] = mapped_column(Text)
    address: Mapped[str | None] = mapped_column(Text)
    street: Mapped[str | None] = mapped_column(Text)
    # money and dates as Apollo prints them ("$12M", "2024-06-01")
    annual_revenue: Mapped[str | None] = mapped_column(Text)
    total_funding: Mapped[str | None] = mapped_column(Text)
    latest_funding_type: Mapped[str | None] = mapped_column(Text)
    latest_funding_amount: Mapped[str | None] = mapped_column(Text)
    last_fund_raised_at: Mapped[str | None] = mapped_column(Text)
    market_cap: Mapped[str | None] = mapped_column(Text)
    founded_year: Mapped[int | None] = mapped_column(Integer)
    short_description: Mapped[str | None] = mapped_column(Text)
    seo_description: Mapped[str | None] = mapped_column(Text)
    number_of_retail_locations: Mapped[int | None] = mapped_column(Integer)
    is_likely_to_engage: Mapped[str | None] = mapped_column(Text)
    blog_url: Mapped[str | None] = mapped_column(Text)
    twitter_url: Mapped[str | None] = mapped_column(Text)
    facebook_url: Mapped[str | None] = mapped_column(Text)
    keywords: Mapped[str | None] = mapped_column(Text)  # comma strings, kept as text
    technologies: Mapped[str | None] = mapped_column(Text)
    workflow_slug: Mapped[str | None] = mapped_column(Text)


class NostraCompany(Extracted, Base):
    """A Nostra e-commerce company; known by its domain or only by its LinkedIn URL (the other one "")."""

    __tablename__ = "nostra_companies"
    __table_args__ = (UniqueConstraint("company_domain", "company_linkedin_url"), SCHEMA)

    company_domain: Mapped[str] = mapped_column(Text, nullable=False, server_default="")
    company_linkedin_url: Mapped[str] = mapped_column(Text, nullable=False, server_default="")
    name: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    city: Mapped[str | None] = mapped_column(Text)
    state: Mapped[str | None] = mapped_column(Text)
    country: Mapped[str | None] = mapped_column(Text)
    workflow_slug: Mapped[str | None] = mapped_column(Text)


class NostraPerson(ImportedPerson, Base):
    """A Nostra e-commerce contact with their company as sent."""

    __tablename__ = "nostra_people"
    __table_args__ = SCHEMA
