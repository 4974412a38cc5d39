"""Tech stacks (LEGACY-PAYLOADS section 6) through the real pipeline: `techstack_predictleads` and
`techstack_builtwith` both land in `extracted.company_technologies`.

The BuiltWith example is the file's own (PascalCase and lower-case items, categories as a comma string
and a list); PredictLeads' carries every field the file lists. Rows are compared whole, so a field that
stops landing fails the test.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from ingest.pipeline import IngestStatus, ingest, reprocess
from tests.conftest import sql_rows as rows

BOOKKEEPING = {"id", "raw_id", "created_at", "updated_at"}
VENDOR_NONE = dict.fromkeys(
    ["technology_url", "technology_domain", "description", "parent", "categories", "score", "first_seen_at",
     "last_seen_at", "behind_firewall", "reported_total", "clay_table_url"]
)  # fmt: skip


def _tag() -> str:
    return uuid.uuid4().hex[:10]


def builtwith(t: str) -> dict[str, Any]:
    """The file's example, the domain made unique."""
    return {"domain": f"{t}.example", "builtwith_payload": {"numberOfTotalTechnologies": 2, "matchesFound": [
        {"Name": "Stripe", "Link": "https://stripe.example", "Categories": "Payments, Checkout",
         "FirstDetected": "2022-01-01"},
        {"name": "React", "categories": ["JavaScript Frameworks"]}]}}  # fmt: skip


def predictleads(t: str) -> dict[str, Any]:
    return {"domain": f"WWW.{t.upper()}.example", "clay_table_url": f"https://app.clay.com/tables/{t}",
            "predictleads_payload": json.dumps({"total_count": 3, "technologies": [
                {"title": "HubSpot", "url": "https://hubspot.example", "domain": "hubspot.example",
                 "categories": ["Marketing Automation", "CRM"], "score": 0.92,
                 "first_seen_at": "2023-04-01T00:00:00Z", "last_seen_at": "2025-01-31T12:00:00Z",
                 "behind_firewall": False},
                {"url": "https://untitled.example"}]})}  # fmt: skip


async def _stored_once(engine: AsyncEngine, source: str, body: dict[str, Any]) -> list[dict[str, Any]]:
    first = await ingest(engine, source, body)
    assert first.status is IngestStatus.STORED, first
    again = await ingest(engine, source, body)
    assert (again.status, again.raw_id) == (IngestStatus.DUPLICATE, first.raw_id)
    replayed = await reprocess(engine, first.raw_id or 0)
    assert replayed is not None
    assert (replayed.status, replayed.extracted_count) == (IngestStatus.STORED, first.extracted_count)
    found = await rows(
        engine,
        "SELECT * FROM extracted.company_technologies WHERE raw_id = :r ORDER BY technology_name",
        r=first.raw_id,
    )
    return [{k: v for k, v in row.items() if k not in BOOKKEEPING} for row in found]


async def test_builtwith_example_lands_whole(engine: AsyncEngine) -> None:
    t = _tag()
    common = {**VENDOR_NONE, "source": "techstack_builtwith", "company_domain": f"{t}.example", "reported_total": 2}
    assert await _stored_once(engine, "techstack_builtwith", builtwith(t)) == [
        {**common, "technology_name": "React", "categories": ["JavaScript Frameworks"]},
        {
            **common,
            "technology_name": "Stripe",
            "technology_url": "https://stripe.example",
            "categories": ["Payments", "Checkout"],
            "first_seen_at": datetime(2022, 1, 1, tzinfo=UTC),
        },
    ]


async def test_builtwith_bare_list_with_every_item_field(engine: AsyncEngine) -> None:
    t = _tag()
    body = {"domain": f"{t}.example", "builtwith_payload": [
        {"name": "Segment", "link": "https://segment.example", "description": "Customer data", "parent": "Twilio",
         "categories": "Analytics", "first_detected": 1640995200000, "last_detected": "2024-06-30"}]}  # fmt: skip
    assert await _stored_once(engine, "techstack_builtwith", body) == [
        {
            **VENDOR_NONE,
            "source": "techstack_builtwith",
            "company_domain": f"{t}.example",
            "technology_name": "Segment",
            "technology_url": "https://segment.example",
            "description": "Customer data",
            "parent": "Twilio",
            "categories": ["Analytics"],
            "first_seen_at": datetime(2022, 1, 1, tzinfo=UTC),
            "last_seen_at": datetime(2024, 6, 30, tzinfo=UTC),
        }
    ]


async def test_predictleads_lands_whole_and_skips_items_without_a_title(engine: AsyncEngine) -> None:
    t = _tag()
    assert await _stored_once(engine, "techstack_predictleads", predictleads(t)) == [
        {
            "source": "techstack_predictleads",
            "company_domain": f"{t}.example",
            "technology_name": "HubSpot",
            "technology_url": "https://hubspot.example",
            "technology_domain": "hubspot.example",
            "description": None,
            "parent": None,
            "categories": ["Marketing Automation", "CRM"],
            "score": 0.92,
            "first_seen_at": datetime(2023, 4, 1, tzinfo=UTC),
            "last_seen_at": datetime(2025, 1, 31, 12, tzinfo=UTC),
            "behind_firewall": False,
            "reported_total": 3,
            "clay_table_url": f"https://app.clay.com/tables/{t}",
        }
    ]


@pytest.mark.parametrize(
    ("source", "body", "reason"),
    [
        ("techstack_builtwith", {"domain": "acme.example"}, "builtwith_payload"),
        ("techstack_builtwith", {"domain": "acme.example", "builtwith_payload": {"matchesFound": []}},
         "builtwith_payload holds no technology with a name"),
        ("techstack_builtwith", {"builtwith_payload": [{"Name": "Stripe"}]}, "domain"),
        ("techstack_predictleads", {"domain": "acme.example", "predictleads_payload": [{"url": "x"}]},
         "predictleads_payload holds no technology with a name"),
        ("techstack_predictleads", {"domain": "not a domain", "predictleads_payload": [{"title": "X"}]}, "domain"),
    ],
)  # fmt: skip
async def test_a_body_without_the_needed_keys_is_rejected_with_the_reason(
    engine: AsyncEngine, source: str, body: dict[str, Any], reason: str
) -> None:
    outcome = await ingest(engine, source, body)
    assert outcome.status is IngestStatus.REJECTED
    assert any(reason in f"{e.path} {e.message}" for e in outcome.errors), outcome.errors


async def test_over_http_stored_duplicate_rejected_never_500(
    client: httpx.AsyncClient, api_keys: dict[str, str]
) -> None:
    headers = {"Authorization": f"Bearer {api_keys['ingest']}"}
    for source, example in (("techstack_builtwith", builtwith), ("techstack_predictleads", predictleads)):
        body = example(_tag())
        first = await client.post(f"/ingest/{source}", json=body, headers=headers)
        assert (first.status_code, first.json()["status"], first.json()["source"]) == (200, "STORED", source)
        again = await client.post(f"/ingest/{source}", json=body, headers=headers)
        assert (again.status_code, again.json()["status"]) == (200, "DUPLICATE")
        vendor = source.removeprefix("techstack_") + "_payload"
        for bad in ({}, [], "x", {vendor: "x"}, {vendor: [1]}, {vendor: None, "domain": "?"}):
            refused = await client.post(f"/ingest/{source}", json=bad, headers=headers)
            assert refused.status_code == 422, refused.text
            assert refused.json()["status"] == "REJECTED"
