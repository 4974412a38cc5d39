"""Enrichment through CompanyEnrich: the API client, batch jobs on the queue, progress notifications."""
