"""SQLAlchemy models of the warehouse, one module per PostgreSQL schema."""

from models import core, extracted, ops, public, raw, reference
from models.base import Base

__all__ = ["Base", "core", "extracted", "ops", "public", "raw", "reference"]
