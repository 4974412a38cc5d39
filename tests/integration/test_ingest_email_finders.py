"""Email finders (LEGACY-PAYLOADS section 2) through the real pipeline: `email_anymailfinder`,
`email_leadmagic` and `email_icypeas` all land in `extracted.person_emails`.

Each example carries every field the file lists for its vendor (LeadMagic's is the file's own example
plus the fields it leaves out); the extracted rows are compared whole, so a field that stops landing
fails the test.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from ingest.erasure import erase_person
from ingest.pipeline import IngestStatus, ingest, reprocess
from tests.conftest import GraphQLClient
from tests.conftest import sql_rows as rows

BOOKKEEPING = {"id", "raw_id", "created_at", "updated_at"}

VENDOR_NONE = dict.fromkeys(
    [
        "status", "success", "message", "alternatives", "not_found_error", "has_mx", "mx_record", "mx_provider",
        "mx_security_gateway", "is_domain_catch_all", "employment_verified", "credits_consumed", "search_id",
        "certainty", "emails",
    ]
)  # fmt: skip


def _tag() -> str:
    return uuid.uuid4().hex[:10]


def _context(t: str, slug: str) -> dict[str, Any]:
    return {"first_name": "Jane", "last_name": "Doe", "full_name": "Jane Doe",
            "person_linkedin_url": f"https://www.linkedin.com/in/jane-{t}/", "company_name": "Acme Corp",
            "domain": f"https://www.{t}.example/", "company_linkedin_url": f"linkedin.com/company/{t}",
            "workflow_slug": slug, "clay_table_url": f"https://app.clay.com/tables/{t}"}  # fmt: skip


def _person(t: str, source: str, slug: str) -> dict[str, Any]:
    return {
        "source": source,
        "person_key": f"https://www.linkedin.com/in/jane-{t}",
        "person_linkedin_url": f"https://www.linkedin.com/in/jane-{t}",
        "first_name": "Jane",
        "last_name": "Doe",
        "full_name": "Jane Doe",
        "company_name": "Acme Corp",
        "company_domain": f"{t}.example",
        "company_linkedin_url": f"https://www.linkedin.com/company/{t}",
        "workflow_slug": slug,
        "clay_table_url": f"https://app.clay.com/tables/{t}",
    }


def _anymailfinder(t: str) -> dict[str, Any]:
    return {**_context(t, "anymailfinder-email"),
            "anymailfinder_raw_payload": {"success": True, "input": {"not_found_error": False},
             "results": {"email": f"Jane.Doe@{t}.example", "validation": "valid",
                         "alternatives": [f"jdoe@{t}.example", f"jane@{t}.example"]}}}  # fmt: skip


def _leadmagic(t: str) -> dict[str, Any]:
    """The file's example with the fields it leaves out."""
    return {**_context(t, "leadmagic-email"),
            "leadmagic_raw_payload": {"email": f"jane.doe@{t}.example", "status": "valid", "has_mx": True,
             "mx_provider": "google", "is_domain_catch_all": False, "credits_consumed": 1,
             "message": "Email found", "mx_record": "aspmx.l.google.com", "mx_security_gateway": False,
             "employment_verified": True}}  # fmt: skip


def _icypeas(t: str) -> dict[str, Any]:
    emails = [{"email": f"jane.doe@{t}.example", "certainty": "ultra_sure", "mxRecords": ["aspmx.l.google.com"],
               "mxProvider": "google"}, {"email": f"jdoe@{t}.example", "certainty": "probable"}]  # fmt: skip
    return {**_context(t, "icypeas-email"),
            "icypeas_raw_payload": json.dumps({"status": "FOUND", "success": True, "searchId": f"s-{t}",
                                               "emails": emails})}  # fmt: skip


async def _stored_once(engine: AsyncEngine, source: str, body: dict[str, Any]) -> list[dict[str, Any]]:
    first = await ingest(engine, source, body)
    assert first.status is IngestStatus.STORED, first
    again = await ingest(engine, source, body)
    assert (again.status, again.raw_id) == (IngestStatus.DUPLICATE, first.raw_id)
    replayed = await reprocess(engine, first.raw_id or 0)
    assert replayed is not None
    assert (replayed.status, replayed.extracted_count) == (IngestStatus.STORED, first.extracted_count)
    return await _extracted(engine, first.raw_id)


async def _extracted(engine: AsyncEngine, raw_id: int | None) -> list[dict[str, Any]]:
    found = await rows(engine, "SELECT * FROM extracted.person_emails WHERE raw_id = :r ORDER BY id", r=raw_id)
    return [{k: v for k, v in row.items() if k not in BOOKKEEPING} for row in found]


async def test_anymailfinder_lands_whole(engine: AsyncEngine) -> None:
    t = _tag()
    assert await _stored_once(engine, "email_anymailfinder", _anymailfinder(t)) == [
        {
            **VENDOR_NONE,
            **_person(t, "email_anymailfinder", "anymailfinder-email"),
            "email": f"jane.doe@{t}.example",
            "status": "valid",
            "alternatives": [f"jdoe@{t}.example", f"jane@{t}.example"],
            "success": True,
            "not_found_error": False,
        }
    ]


async def test_leadmagic_lands_whole(engine: AsyncEngine) -> None:
    t = _tag()
    assert await _stored_once(engine, "email_leadmagic", _leadmagic(t)) == [
        {
            **VENDOR_NONE,
            **_person(t, "email_leadmagic", "leadmagic-email"),
            "email": f"jane.doe@{t}.example",
            "status": "valid",
            "message": "Email found",
            "has_mx": True,
            "mx_record": "aspmx.l.google.com",
            "mx_provider": "google",
            "mx_security_gateway": False,
            "is_domain_catch_all": False,
            "employment_verified": True,
            "credits_consumed": 1.0,
        }
    ]


async def test_icypeas_lands_whole_with_the_first_candidates_certainty_and_mx(engine: AsyncEngine) -> None:
    t = _tag()
    assert await _stored_once(engine, "email_icypeas", _icypeas(t)) == [
        {
            **VENDOR_NONE,
            **_person(t, "email_icypeas", "icypeas-email"),
            "email": f"jane.doe@{t}.example",
            "status": "FOUND",
            "success": True,
            "search_id": f"s-{t}",
            "certainty": "ultra_sure",
            "mx_record": ["aspmx.l.google.com"],
            "mx_provider": "google",
            "emails": json.loads(_icypeas(t)["icypeas_raw_payload"])["emails"],
        }
    ]


async def test_icypeas_top_level_email_and_certainty_win(engine: AsyncEngine) -> None:
    t = _tag()
    body = {"full_name": "Sam Roe", "domain": f"{t}.example",
            "icypeas_raw_payload": {"email": f"sam@{t}.example", "certainty": "sure", "status": "DEBITED",
                                    "emails": [{"email": f"s.roe@{t}.example", "certainty": "probable"}]}}  # fmt: skip
    [row] = await _stored_once(engine, "email_icypeas", body)
    assert (row["email"], row["certainty"], row["person_key"]) == (f"sam@{t}.example", "sure", f"{t}.example sam roe")


async def test_a_person_known_by_name_at_a_domain_and_a_search_that_found_nothing(engine: AsyncEngine) -> None:
    t = _tag()
    body = {"raw_payload": {"first_name": "Sam", "last_name": "Roe", "domain": f"{t}.example",
            "anymailfinder_raw_payload": {"success": False, "input": {"not_found_error": True}}}}  # fmt: skip
    assert await _stored_once(engine, "email_anymailfinder", body) == [
        {
            **VENDOR_NONE,
            "source": "email_anymailfinder",
            "person_key": f"{t}.example sam roe",
            "person_linkedin_url": None,
            "first_name": "Sam",
            "last_name": "Roe",
            "full_name": "Sam Roe",
            "company_name": None,
            "company_domain": f"{t}.example",
            "company_linkedin_url": None,
            "workflow_slug": None,
            "clay_table_url": None,
            "email": "",
            "success": False,
            "not_found_error": True,
        }
    ]


@pytest.mark.parametrize(
    ("source", "body", "reason"),
    [
        ("email_anymailfinder", {"first_name": "Jane", "domain": "acme.example"}, "anymailfinder_raw_payload"),
        ("email_leadmagic", {"person_linkedin_url": "https://www.linkedin.com/in/x"}, "leadmagic_raw_payload"),
        ("email_icypeas", {"full_name": "Jane", "domain": "acme.example", "icypeas_raw_payload": {}}, "icypeas_raw"),
        ("email_icypeas", {"domain": "acme.example", "icypeas_raw_payload": {"email": "a@b.example"}}, "a name"),
        ("email_leadmagic", {"full_name": "Jane Doe", "leadmagic_raw_payload": {"email": "a@b.example"}}, "domain"),
        ("email_leadmagic", {"person_linkedin_url": "not a url", "leadmagic_raw_payload": {"x": 1}}, "LinkedIn URL"),
        ("email_anymailfinder", {"person_linkedin_url": "https://www.linkedin.com/in/x",
                                 "anymailfinder_raw_payload": {"results": {}}}, "anymailfinder_raw_payload"),
    ],
)  # fmt: skip
async def test_a_body_without_the_needed_keys_is_rejected_with_the_reason(
    engine: AsyncEngine, source: str, body: dict[str, Any], reason: str
) -> None:
    outcome = await ingest(engine, source, body)
    assert outcome.status is IngestStatus.REJECTED
    assert any(reason in f"{e.path} {e.message}" for e in outcome.errors), outcome.errors


SOURCES = (("email_anymailfinder", _anymailfinder), ("email_leadmagic", _leadmagic), ("email_icypeas", _icypeas))


async def test_over_http_stored_duplicate_rejected_never_500(
    client: httpx.AsyncClient, api_keys: dict[str, str]
) -> None:
    headers = {"Authorization": f"Bearer {api_keys['ingest']}"}
    for source, example in SOURCES:
        body = example(_tag())
        first = await client.post(f"/ingest/{source}", json=body, headers=headers)
        assert (first.status_code, first.json()["status"], first.json()["source"]) == (200, "STORED", source)
        again = await client.post(f"/ingest/{source}", json=body, headers=headers)
        assert (again.status_code, again.json()["status"]) == (200, "DUPLICATE")
        vendor = source.removeprefix("email_") + "_raw_payload"
        for bad in ({}, [], "x", {"raw_payload": "{}"}, {vendor: "x"}, {vendor: [1]}, {vendor: None, "domain": "?"}):
            refused = await client.post(f"/ingest/{source}", json=bad, headers=headers)
            assert refused.status_code < 500, refused.text
        empty = await client.post(f"/ingest/{source}", json={"workflow_slug": "x"}, headers=headers)
        assert (empty.status_code, empty.json()["status"]) == (422, "REJECTED")
        assert empty.json()["errors"], empty.json()
    metrics = (await client.get("/metrics")).text
    for source, _ in SOURCES:
        assert f'hq_ingest_total{{source="{source}",status="stored"}}' in metrics


async def test_erasing_a_person_removes_their_emails_also_those_found_by_name(engine: AsyncEngine) -> None:
    t = _tag()
    for source, example in SOURCES:
        assert (await ingest(engine, source, example(t))).status is IngestStatus.STORED
    by_name = {
        "full_name": "Jane Doe",
        "domain": f"{t}.example",
        "leadmagic_raw_payload": {"email": f"jane.doe@{t}.example"},
    }
    named = await ingest(engine, "email_leadmagic", by_name)
    assert named.status is IngestStatus.STORED
    report = await erase_person(engine, f"https://www.linkedin.com/in/jane-{t}")
    assert report.extracted_rows == 4
    assert report.raw_payloads_redacted >= 4
    left = await rows(engine, "SELECT email FROM extracted.person_emails WHERE email LIKE :e", e=f"%@{t}.example")
    assert left == []
    [raw] = await rows(engine, "SELECT redacted FROM raw.payloads WHERE id = :r", r=named.raw_id)
    assert raw == {"redacted": True}


async def test_graphql_ingest_takes_the_upper_cased_names(gql: GraphQLClient) -> None:
    mutation = "mutation($s: IngestSource!, $p: JSON!) { ingest(source: $s, payload: $p) { source status } }"
    for source, example in SOURCES:
        result = await gql(mutation, {"s": source.upper(), "p": example(_tag())}, role="ingest")
        assert result["data"]["ingest"] == {"source": source.upper(), "status": "STORED"}
