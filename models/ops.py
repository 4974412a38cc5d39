"""Operational tables of the gateway itself (schema `ops`): API keys, audit log, build state."""

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, DateTime, Identity, Index, Integer, LargeBinary, Text, text
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, created_at


class ApiKey(Base):
    __tablename__ = "api_keys"
    __table_args__ = {"schema": "ops"}

    id: Mapped[uuid.UUID] = mapped_column(UUID, primary_key=True, server_default=text("gen_random_uuid()"))
    name: Mapped[str] = mapped_column(Text, nullable=False)
    role: Mapped[str] = mapped_column(Text, nullable=False)
    key_hash: Mapped[bytes] = mapped_column(LargeBinary, nullable=False, unique=True)
    prefix: Mapped[str] = mapped_column(Text, nullable=False)
    rate_limit_per_minute: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = created_at()
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class AuditLog(Base):
    __tablename__ = "audit_log"
    __table_args__ = {"schema": "ops"}

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    at: Mapped[datetime] = created_at()
    api_key_id: Mapped[uuid.UUID | None] = mapped_column(UUID)
    actor: Mapped[str] = mapped_column(Text, nullable=False)
    action: Mapped[str] = mapped_column(Text, nullable=False)
    arguments: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False, server_default=text("'{}'"))


class BuildState(Base):
    """Watermarks of incremental jobs (core build, matching): name -> last processed point."""

    __tablename__ = "build_state"
    __table_args__ = {"schema": "ops"}

    name: Mapped[str] = mapped_column(Text, primary_key=True)
    watermark: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    details: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False, server_default=text("'{}'"))
    updated_at: Mapped[datetime] = created_at()


class TrustedDocument(Base):
    """A GraphQL document registered from a manifest (`hq-gateway documents register`): id -> text."""

    __tablename__ = "trusted_documents"
    __table_args__ = (Index("ix_trusted_documents_sha256", "sha256"), {"schema": "ops"})

    # the manifest's key (usually a hash of the document; opaque to the gateway)
    id: Mapped[str] = mapped_column(Text, primary_key=True)
    # hex SHA-256 of `document`: what APQ requests and plain texts are looked up by
    sha256: Mapped[str] = mapped_column(Text, nullable=False)
    document: Mapped[str] = mapped_column(Text, nullable=False)
    created_at: Mapped[datetime] = created_at()


class LeadView(Base):
    """A saved lead list (`saveLeadView`): a lead list field of `Query` with its arguments, opened by slug."""

    __tablename__ = "lead_views"
    __table_args__ = (Index("ix_lead_views_created_at", "created_at"), {"schema": "ops"})

    # secrets.token_urlsafe: the shareable, unguessable handle of the view
    slug: Mapped[str] = mapped_column(Text, primary_key=True)
    name: Mapped[str] = mapped_column(Text, nullable=False)
    list: Mapped[str] = mapped_column(Text, nullable=False)
    # the field's arguments as GraphQL variables would send them (names and enum values as in the schema)
    arguments: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False, server_default=text("'{}'"))
    # the creator's key (it may delete the view) and its name when saved
    api_key_id: Mapped[uuid.UUID | None] = mapped_column(UUID)
    created_by: Mapped[str] = mapped_column(Text, nullable=False)
    created_at: Mapped[datetime] = created_at()
