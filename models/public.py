"""Schema `public`: workflow helpers that are never exposed to readers."""

from datetime import datetime

from sqlalchemy import BigInteger, Identity, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, created_at, updated_at


class TopPriorityCompany(Base):
    __tablename__ = "top_priority_companies"
    __table_args__ = {"schema": "public"}

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    company_name: Mapped[str | None] = mapped_column(Text)
    domain: Mapped[str] = mapped_column(Text, nullable=False, unique=True)
    company_linkedin_url: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime] = updated_at()
