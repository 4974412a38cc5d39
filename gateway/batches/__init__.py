"""Enrichment batches over GraphQL, the /batches operator page and the batch lifespan part."""
