"""Ingest over GraphQL and HTTP: thin adapters over `ingest.pipeline` (no payload knowledge here)."""
