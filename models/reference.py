"""Schema `reference`: vocabularies and `raw_value -> matched_*` lookups (matched on `raw_key`)."""

from datetime import datetime

from sqlalchemy import DateTime, Integer, Text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base

SCHEMA = {"schema": "reference"}


class JobFunction(Base):
    __tablename__ = "job_functions"
    __table_args__ = SCHEMA
    name: Mapped[str] = mapped_column(Text, primary_key=True)
    sort_order: Mapped[int] = mapped_column(Integer, nullable=False)


class Seniority(Base):
    __tablename__ = "seniorities"
    __table_args__ = SCHEMA
    name: Mapped[str] = mapped_column(Text, primary_key=True)
    sort_order: Mapped[int] = mapped_column(Integer, nullable=False)
    rank: Mapped[int] = mapped_column(Integer, nullable=False)


class EmployeeRange(Base):
    __tablename__ = "employee_ranges"
    __table_args__ = SCHEMA
    name: Mapped[str] = mapped_column(Text, primary_key=True)
    min_employees: Mapped[int] = mapped_column(Integer, nullable=False)
    max_employees: Mapped[int | None] = mapped_column(Integer)
    sort_order: Mapped[int] = mapped_column(Integer, nullable=False)


class Industry(Base):
    __tablename__ = "industries"
    __table_args__ = SCHEMA
    name: Mapped[str] = mapped_column(Text, primary_key=True)
    sort_order: Mapped[int] = mapped_column(Integer, nullable=False)


class Country(Base):
    __tablename__ = "countries"
    __table_args__ = SCHEMA
    name: Mapped[str] = mapped_column(Text, primary_key=True)
    iso2: Mapped[str] = mapped_column(Text, nullable=False, unique=True)
    iso3: Mapped[str] = mapped_column(Text, nullable=False, unique=True)


class Signal(Base):
    __tablename__ = "signals"
    __table_args__ = SCHEMA
    name: Mapped[str] = mapped_column(Text, primary_key=True)
    label: Mapped[str] = mapped_column(Text, nullable=False)
    description: Mapped[str | None] = mapped_column(Text)
    sort_order: Mapped[int] = mapped_column(Integer, nullable=False)


class BusinessModel(Base):
    __tablename__ = "business_models"
    __table_args__ = SCHEMA
    name: Mapped[str] = mapped_column(Text, primary_key=True)
    label: Mapped[str] = mapped_column(Text, nullable=False)
    sort_order: Mapped[int] = mapped_column(Integer, nullable=False)


class VcFirm(Base):
    __tablename__ = "vc_firms"
    __table_args__ = SCHEMA
    name: Mapped[str] = mapped_column(Text, primary_key=True)
    aliases: Mapped[list[str]] = mapped_column(ARRAY(Text), nullable=False, server_default="{}")
    website: Mapped[str | None] = mapped_column(Text)
    sort_order: Mapped[int] = mapped_column(Integer, nullable=False)


class LookupChange:
    """Who last changed a lookup row and when (null: the seeded reference data).

    The incremental core build rebuilds the people and companies whose raw values map through a row
    changed since its last run (`ingest.core_build.remapped`).
    """

    updated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    updated_by: Mapped[str | None] = mapped_column(Text)  # "operator:<key name>" or the feed's source name


class JobTitleLookup(LookupChange, Base):
    __tablename__ = "job_title_lookup"
    __table_args__ = SCHEMA
    raw_key: Mapped[str] = mapped_column(Text, primary_key=True)  # lower(trim(raw_value))
    raw_value: Mapped[str] = mapped_column(Text, nullable=False)
    matched_cleaned_job_title: Mapped[str] = mapped_column(Text, nullable=False)
    matched_job_function: Mapped[str] = mapped_column(Text, nullable=False)
    matched_seniority: Mapped[str] = mapped_column(Text, nullable=False)


class LocationLookup(LookupChange, Base):
    __tablename__ = "location_lookup"
    __table_args__ = SCHEMA
    raw_key: Mapped[str] = mapped_column(Text, primary_key=True)
    raw_value: Mapped[str] = mapped_column(Text, nullable=False)
    matched_city: Mapped[str | None] = mapped_column(Text)
    matched_state: Mapped[str | None] = mapped_column(Text)
    matched_country: Mapped[str | None] = mapped_column(Text)


class IndustryLookup(Base):
    __tablename__ = "industry_lookup"
    __table_args__ = SCHEMA
    raw_key: Mapped[str] = mapped_column(Text, primary_key=True)
    raw_value: Mapped[str] = mapped_column(Text, nullable=False)
    matched_industry: Mapped[str] = mapped_column(Text, nullable=False)


class EmployeeRangeLookup(Base):
    __tablename__ = "employee_range_lookup"
    __table_args__ = SCHEMA
    raw_key: Mapped[str] = mapped_column(Text, primary_key=True)
    raw_value: Mapped[str] = mapped_column(Text, nullable=False)
    matched_employee_range: Mapped[str] = mapped_column(Text, nullable=False)
