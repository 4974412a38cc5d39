"""The four old customers-of shapes (LEGACY-PAYLOADS.md section 14) through the real pipeline.

Each row is compared whole (minus matching bookkeeping), so a field that stops landing fails the test.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from ingest.pipeline import IngestStatus, ingest
from tests.conftest import sql_rows as rows

COLUMNS = (
    "origin_company_domain, origin_company_name, origin_company_linkedin_url, customer_name, customer_domain,"
    " case_study_url, has_case_study, confidence, batch_name, response, reasoning, steps_taken"
)


async def _stored_once(engine: AsyncEngine, source: str, table: str, body: dict[str, Any]) -> list[dict[str, Any]]:
    first = await ingest(engine, source, body)
    assert first.status is IngestStatus.STORED, first
    again = await ingest(engine, source, body)
    assert (again.status, again.raw_id) == (IngestStatus.DUPLICATE, first.raw_id)
    found = await rows(engine, f"SELECT {COLUMNS} FROM extracted.{table} WHERE raw_id = :r ORDER BY id", r=first.raw_id)
    assert len(found) == first.extracted_count
    return found


def _row(**values: Any) -> dict[str, Any]:
    return dict.fromkeys(c.strip() for c in COLUMNS.split(",")) | values


async def test_customers_of_2_the_files_example(engine: AsyncEngine) -> None:
    t = uuid.uuid4().hex[:10]
    body = {"origin_company_domain": f"{t}.example", "origin_company_name": "Vendor Inc", "batch_name": "batch-07",
            "claygent_output": {"customers": [{"companyName": "Acme Corp", "url": "https://vendor.example/customers/acme",
                                               "hasCaseStudy": True},
                                              {"companyName": "Globex Example", "url": None, "hasCaseStudy": False}],
                                "reasoning": "Listed on the customers page.", "confidence": "high",
                                "stepsTaken": ["Visited https://vendor.example/customers"]}}  # fmt: skip
    run = {"origin_company_domain": f"{t}.example", "origin_company_name": "Vendor Inc", "batch_name": "batch-07",
           "confidence": "high", "reasoning": "Listed on the customers page.",
           "steps_taken": ["https://vendor.example/customers"]}  # fmt: skip
    assert await _stored_once(engine, "company_customers_v2", "claygent_customers_v2", body) == [
        _row(**run, customer_name="Acme Corp", case_study_url="https://vendor.example/customers/acme",
             has_case_study=True),
        _row(**run, customer_name="Globex Example", has_case_study=False),
    ]  # fmt: skip


async def test_customers_of_1_raw_payload_customers(engine: AsyncEngine) -> None:
    t = uuid.uuid4().hex[:10]
    body = {"origin_company_domain": f"{t}.example", "origin_company_name": "Vendor Inc",
            "origin_company_linkedin_url": "https://www.linkedin.com/company/vendor-example",
            "workflow_slug": "clay-company-customers",
            "raw_payload": {"customers": [{"companyName": "Acme Corp", "url": "https://vendor.example/acme",
                                           "hasCaseStudy": True, "domain": "acme.example"}]}}  # fmt: skip
    assert await _stored_once(engine, "company_customers_structured", "claygent_customers_structured", body) == [
        _row(origin_company_domain=f"{t}.example", origin_company_name="Vendor Inc",
             origin_company_linkedin_url="https://www.linkedin.com/company/vendor-example", customer_name="Acme Corp",
             customer_domain="acme.example", case_study_url="https://vendor.example/acme", has_case_study=True)
    ]  # fmt: skip


async def test_customers_of_3_flat_structured(engine: AsyncEngine) -> None:
    t = uuid.uuid4().hex[:10]
    body = {"origin_company_domain": f"https://www.{t}.example/about", "origin_company_name": "Vendor Inc",
            "response": "Acme Corp is a customer.", "reasoning": "Found a case study.", "confidence": "medium",
            "stepsTaken": ["Visited https://vendor.example/case-studies/acme"],
            "customers": [{"companyName": "Acme Corp", "url": "https://vendor.example/case-studies/acme",
                           "hasCaseStudy": True}]}  # fmt: skip
    assert await _stored_once(engine, "company_customers_structured", "claygent_customers_structured", body) == [
        _row(origin_company_domain=f"{t}.example", origin_company_name="Vendor Inc", customer_name="Acme Corp",
             case_study_url="https://vendor.example/case-studies/acme", has_case_study=True, confidence="medium",
             response="Acme Corp is a customer.", reasoning="Found a case study.",
             steps_taken=["https://vendor.example/case-studies/acme"])
    ]  # fmt: skip


async def test_customers_of_4_comma_result_guesses_case_study_pages(engine: AsyncEngine) -> None:
    t = uuid.uuid4().hex[:10]
    body = {"origin_company_domain": f"{t}.example", "origin_company_name": "Vendor Inc", "batch_name": "b-4",
            "customers_claygent": {"result": "Acme Corp, Globex, Inc., and Initech", "confidence": "low",
                                   "reasoning": "From the logo wall.",
                                   "stepsTaken": ["Visited https://vendor.example/customers",
                                                  "Visited https://vendor.example/blog/acme-webinar",
                                                  "Visited https://vendor.example/case-study/acme"]}}  # fmt: skip
    run = {"origin_company_domain": f"{t}.example", "origin_company_name": "Vendor Inc", "batch_name": "b-4",
           "confidence": "low", "reasoning": "From the logo wall.",
           "steps_taken": ["https://vendor.example/customers", "https://vendor.example/blog/acme-webinar",
                           "https://vendor.example/case-study/acme"]}  # fmt: skip
    found = await _stored_once(engine, "company_customers_claygent", "claygent_customers", body)
    assert sorted(found, key=lambda r: r["customer_name"]) == [
        _row(**run, customer_name="Acme Corp", case_study_url="https://vendor.example/case-study/acme"),
        _row(**run, customer_name="Globex, Inc."),
        _row(**run, customer_name="Initech"),
    ]


@pytest.mark.parametrize(
    "source", ["company_customers_v2", "company_customers_structured", "company_customers_claygent"]
)
async def test_a_body_without_any_claygent_output_is_rejected(engine: AsyncEngine, source: str) -> None:
    outcome = await ingest(engine, source, {"origin_company_domain": "vendor.example", "batch_name": "b"})
    assert outcome.status is IngestStatus.REJECTED
    assert [e.message for e in outcome.errors] == [
        "no Claygent output: customers, result or response (claygent_output / customers_claygent)"
    ]
    empty = await ingest(
        engine, source, {"origin_company_domain": "vendor.example", "claygent_output": {"customers": []}}
    )
    assert (empty.status, empty.extracted_count) == (IngestStatus.STORED, 0)  # "no customers" is an answer
