"""Operator coverage: row counts per warehouse table, named gaps with a sample, and the /coverage page."""
