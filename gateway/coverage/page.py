"""GET /coverage: the operator page of table counts and coverage gaps (same kind of page as /batches)."""

from pathlib import Path

from gateway.batches.page import operator_page

coverage_page = operator_page(Path(__file__).with_name("static") / "coverage.html")
