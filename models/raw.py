"""Schema `raw`: every payload verbatim, and the enrichment batch bookkeeping."""

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    Integer,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, created_at, updated_at


class Payload(Base):
    """One received webhook body, as sent (NUL characters replaced, `had_nul` set)."""

    __tablename__ = "payloads"
    __table_args__ = (
        UniqueConstraint("source", "dedupe_key"),
        Index(None, "source", "status"),
        Index(None, "source", "subject"),
        {"schema": "raw"},
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    source: Mapped[str] = mapped_column(Text, nullable=False)
    dedupe_key: Mapped[str] = mapped_column(Text, nullable=False)
    # the normalised key field of the source (origin domain, linkedin url ...), for the seed views
    subject: Mapped[str | None] = mapped_column(Text)
    payload: Mapped[Any] = mapped_column(JSONB, nullable=False)
    status: Mapped[str] = mapped_column(Text, nullable=False)  # stored | rejected | failed
    errors: Mapped[Any | None] = mapped_column(JSONB)
    extractor_version: Mapped[int] = mapped_column(Integer, nullable=False, server_default="1")
    extracted_count: Mapped[int] = mapped_column(Integer, nullable=False, server_default="0")
    had_nul: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default="false")
    redacted: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default="false")
    api_key_id: Mapped[uuid.UUID | None] = mapped_column(UUID)
    received_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime] = updated_at()


class SimilarBatch(Base):
    __tablename__ = "company_enrich_similar_batches"
    __table_args__ = (Index(None, "status"), {"schema": "raw"})

    id: Mapped[uuid.UUID] = mapped_column(UUID, primary_key=True, server_default=text("gen_random_uuid()"))
    status: Mapped[str] = mapped_column(Text, nullable=False, server_default="PENDING")
    options: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False, server_default=text("'{}'"))
    total: Mapped[int] = mapped_column(Integer, nullable=False, server_default="0")
    processed: Mapped[int] = mapped_column(Integer, nullable=False, server_default="0")
    succeeded: Mapped[int] = mapped_column(Integer, nullable=False, server_default="0")
    failed: Mapped[int] = mapped_column(Integer, nullable=False, server_default="0")
    similar_companies_found: Mapped[int] = mapped_column(Integer, nullable=False, server_default="0")
    invalid_domains: Mapped[list[str]] = mapped_column(JSONB, nullable=False, server_default=text("'[]'"))
    error_message: Mapped[str | None] = mapped_column(Text)
    api_key_id: Mapped[uuid.UUID | None] = mapped_column(UUID)
    created_at: Mapped[datetime] = created_at()
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = updated_at()


class SimilarBatchDomain(Base):
    """Per-domain state of a batch: the unit of work of one queue job."""

    __tablename__ = "company_enrich_similar_batch_domains"
    __table_args__ = (Index(None, "batch_id", "status"), {"schema": "raw"})

    batch_id: Mapped[uuid.UUID] = mapped_column(
        UUID, ForeignKey("raw.company_enrich_similar_batches.id", ondelete="CASCADE"), primary_key=True
    )
    domain: Mapped[str] = mapped_column(Text, primary_key=True)
    status: Mapped[str] = mapped_column(Text, nullable=False, server_default="PENDING")
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, server_default="0")
    similar_count: Mapped[int] = mapped_column(Integer, nullable=False, server_default="0")
    error: Mapped[str | None] = mapped_column(Text)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = updated_at()


class SimilarRaw(Base):
    """One row per CompanyEnrich API response (or transport error) per domain and attempt."""

    __tablename__ = "company_enrich_similar_raw"
    __table_args__ = (Index(None, "batch_id", "domain"), {"schema": "raw"})

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    batch_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID, ForeignKey("raw.company_enrich_similar_batches.id", ondelete="CASCADE")
    )
    domain: Mapped[str] = mapped_column(Text, nullable=False)
    attempt: Mapped[int] = mapped_column(Integer, nullable=False)
    status_code: Mapped[int | None] = mapped_column(Integer)
    body: Mapped[Any | None] = mapped_column(JSONB)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = created_at()


class SimilarRateLimit(Base):
    """Shared request schedule of the CompanyEnrich client (GCRA): every worker process reserves its slot here."""

    __tablename__ = "company_enrich_rate_limit"
    __table_args__ = {"schema": "raw"}

    name: Mapped[str] = mapped_column(Text, primary_key=True)
    next_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
