"""SalesNav (LEGACY-PAYLOADS section 1) through the real pipeline: every person variant to
`salesnav_person`, every company shape to `salesnav_company`.

Each example carries every field the file lists for its variant (1a is the file's own example plus
the columns it leaves out); the extracted rows are compared whole, so a field that stops landing
fails the test.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from ingest.erasure import erase_person
from ingest.pipeline import IngestStatus, ingest, reprocess
from tests.conftest import GraphQLClient
from tests.conftest import sql_rows as rows

BOOKKEEPING = {"id", "raw_id", "created_at", "updated_at"}

PERSON_NONE = dict.fromkeys(
    [
        "linkedin_user_profile_urn", "first_name", "last_name", "full_name", "cleaned_first_name",
        "cleaned_last_name", "cleaned_full_name", "email", "phone_number", "location", "profile_headline",
        "profile_summary", "job_title", "cleaned_job_title", "job_description", "job_started_on", "job_start_date",
        "company_name", "company_domain", "company_linkedin_url", "company_linkedin_urn", "company_description",
        "company_headcount", "company_industries", "company_registered_address", "ex_company_domain",
        "export_title", "export_timestamp", "notes", "matching_filters", "source", "scrape_settings_id",
        "source_id", "upload_id", "source_created_at", "clay_batch_number", "sent_to_clay_at",
    ]
)  # fmt: skip


def _tag() -> str:
    return uuid.uuid4().hex[:10]


async def _stored_once(engine: AsyncEngine, source: str, body: dict[str, Any], table: str) -> list[dict[str, Any]]:
    first = await ingest(engine, source, body)
    assert first.status is IngestStatus.STORED, first
    again = await ingest(engine, source, body)
    assert (again.status, again.raw_id) == (IngestStatus.DUPLICATE, first.raw_id)
    return await _extracted(engine, table, first.raw_id)


async def _extracted(engine: AsyncEngine, table: str, raw_id: int | None) -> list[dict[str, Any]]:
    found = await rows(engine, f"SELECT * FROM extracted.{table} WHERE raw_id = :r ORDER BY id", r=raw_id)
    return [{k: v for k, v in row.items() if k not in BOOKKEEPING} for row in found]


def _export_row(t: str) -> dict[str, Any]:
    """1a: the file's example with the export columns it leaves out."""
    return {"ex_company_domain": "https://www.oldco.example/",
            "raw_payload": {"First name": "Jane", "Last name": "Doe", "Job title": "VP Sales",
             "Job started on": "03-2024", "LinkedIn URL (user profile)": f"https://www.linkedin.com/sales/lead/ACwAA{t},NAME_SEARCH,ab12",
             "LinkedIn user profile URN": "urn:li:member:1000001", "Company": "Acme Corp",
             "Company website": f"https://www.{t}.example", "LinkedIn URL (company)": f"https://www.linkedin.com/company/{t}",
             "Company headcount": "1,200", "Location": "Austin, Texas, United States", "Matching filters": "true",
             "_export_title": "VP Sales ex-OldCo", "Email": "jane@acme.example", "Phone number": "+1 512 555 0100",
             "Profile headline": "Selling things", "Profile summary": "About Jane", "Job description": "Runs sales",
             "Linkedin company profile URN": "urn:li:fsd_company:42", "Company description": "Billing software",
             "Company industries": "Software Development", "Company registered address": "1 Main St, Austin, TX",
             "_export_timestamp": "2025-05-01T12:00:00Z", "_notes": "null",
             "person_linkedin_sales_nav_url": ""}}  # fmt: skip


async def test_1a_export_row_lands_whole_with_its_company_columns(engine: AsyncEngine) -> None:
    t = _tag()
    assert await _stored_once(engine, "salesnav_person", _export_row(t), "salesnav_people") == [
        {
            **PERSON_NONE,
            "linkedin_url": f"https://www.linkedin.com/sales/lead/ACwAA{t}",
            "linkedin_url_type": "sales_navigator",
            "linkedin_user_profile_urn": "urn:li:member:1000001",
            "first_name": "Jane",
            "last_name": "Doe",
            "full_name": "Jane Doe",
            "email": "jane@acme.example",
            "phone_number": "+1 512 555 0100",
            "location": "Austin, Texas, United States",
            "profile_headline": "Selling things",
            "profile_summary": "About Jane",
            "job_title": "VP Sales",
            "job_description": "Runs sales",
            "job_started_on": "03-2024",
            "job_start_date": date(2024, 3, 1),
            "company_name": "Acme Corp",
            "company_domain": f"{t}.example",
            "company_linkedin_url": f"https://www.linkedin.com/company/{t}",
            "company_linkedin_urn": "urn:li:fsd_company:42",
            "company_description": "Billing software",
            "company_headcount": 1200,
            "company_industries": "Software Development",
            "company_registered_address": "1 Main St, Austin, TX",
            "ex_company_domain": "oldco.example",
            "export_title": "VP Sales ex-OldCo",
            "export_timestamp": "2025-05-01T12:00:00Z",
            "matching_filters": True,
        }
    ]


async def test_1a_basic_row_falls_back_to_the_sales_nav_url_column(engine: AsyncEngine) -> None:
    t = _tag()
    inner = {"First name": "Sam", "Last name": "Roe", "Job title": "AE", "Matching filters": "0",
             "person_linkedin_sales_nav_url": f"https://www.linkedin.com/sales/lead/B{t},NAME_SEARCH,x"}  # fmt: skip
    assert await _stored_once(engine, "salesnav_person", {"raw_payload": inner}, "salesnav_people") == [
        {
            **PERSON_NONE,
            "linkedin_url": f"https://www.linkedin.com/sales/lead/B{t}",
            "linkedin_url_type": "sales_navigator",
            "first_name": "Sam",
            "last_name": "Roe",
            "full_name": "Sam Roe",
            "job_title": "AE",
            "matching_filters": False,
        }
    ]


async def test_1b_flat_person_lands_whole(engine: AsyncEngine) -> None:
    t = _tag()
    body = {"first_name": "jane", "last_name": "doe", "cleaned_first_name": "Jane", "cleaned_last_name": "Doe",
            "cleaned_full_name": "Jane Doe", "email": "jane@acme.example", "phone_number": "555",
            "profile_headline": "Head", "profile_summary": "Sum", "job_title": "vp sales",
            "cleaned_job_title": "VP Sales", "job_description": "Runs sales", "job_started_on": "May 2024",
            "person_linkedin_sales_nav_url": f"https://www.linkedin.com/sales/lead/C{t},NAME_SEARCH,y",
            "linkedin_user_profile_urn": "urn:li:member:2", "location": "Austin, Texas, United States",
            "company_name": "Acme Corp", "domain": f"{t}.example", "company_linkedin_url": f"linkedin.com/company/{t}",
            "source_id": 17, "upload_id": "u-1", "notes": "n", "matching_filters": "yes",
            "source_created_at": "2025-01-01", "clay_batch_number": 3, "sent_to_clay_at": "2025-01-02",
            "export_title": "VP Sales", "export_timestamp": "2025-01-03",
            "workflow_slug": "salesnav-person"}  # fmt: skip
    assert await _stored_once(engine, "salesnav_person", body, "salesnav_people") == [
        {
            "linkedin_url": f"https://www.linkedin.com/sales/lead/C{t}",
            "linkedin_url_type": "sales_navigator",
            "linkedin_user_profile_urn": "urn:li:member:2",
            "first_name": "jane",
            "last_name": "doe",
            "full_name": "jane doe",
            "cleaned_first_name": "Jane",
            "cleaned_last_name": "Doe",
            "cleaned_full_name": "Jane Doe",
            "email": "jane@acme.example",
            "phone_number": "555",
            "location": "Austin, Texas, United States",
            "profile_headline": "Head",
            "profile_summary": "Sum",
            "job_title": "vp sales",
            "cleaned_job_title": "VP Sales",
            "job_description": "Runs sales",
            "job_started_on": "May 2024",
            "job_start_date": date(2024, 5, 1),
            "company_name": "Acme Corp",
            "company_domain": f"{t}.example",
            "company_linkedin_url": f"https://www.linkedin.com/company/{t}",
            "company_linkedin_urn": None,
            "company_description": None,
            "company_headcount": None,
            "company_industries": None,
            "company_registered_address": None,
            "ex_company_domain": None,
            "export_title": "VP Sales",
            "export_timestamp": "2025-01-03",
            "notes": "n",
            "matching_filters": True,
            "source": None,
            "scrape_settings_id": None,
            "source_id": "17",
            "upload_id": "u-1",
            "source_created_at": "2025-01-01",
            "clay_batch_number": "3",
            "sent_to_clay_at": "2025-01-02",
        }
    ]


def _full_person(t: str) -> dict[str, Any]:
    return {"linkedin_url": f"https://www.linkedin.com/in/jane-{t}/", "first_name": "Jane", "last_name": "Doe",
            "full_name": "Jane Doe", "email": "jane@acme.example", "phone_number": "555",
            "profile_headline": "VP Sales at Acme", "location": "Austin, TX", "current_company_name": "Acme Corp",
            "current_company_domain": f"www.{t}.example", "current_job_title": "VP Sales", "source": "salesnav",
            "scrape_settings_id": "s-1",
            "work_history": [
                {"company_name": "Acme Corp", "company_domain": f"{t}.example", "title": "VP Sales",
                 "company_linkedin_url": f"https://linkedin.com/company/{t}", "start_date": "2024-03",
                 "is_current": True},
                {"company_name": "OldCo", "company_domain": "oldco.example", "title": "Director",
                 "start_date": "2019-01", "end_date": "2024-02"},
                {"company_linkedin_url": "https://www.linkedin.com/company/nameless", "title": "Intern"},
                {},
            ]}  # fmt: skip


async def test_1c_full_person_lands_with_its_work_history(engine: AsyncEngine) -> None:
    t = _tag()
    url = f"https://www.linkedin.com/in/jane-{t}"
    first = await ingest(engine, "salesnav_person", _full_person(t))
    assert (first.status, first.extracted_count) == (IngestStatus.STORED, 4)
    assert (await ingest(engine, "salesnav_person", _full_person(t))).status is IngestStatus.DUPLICATE
    assert await _extracted(engine, "salesnav_people", first.raw_id) == [
        {
            **PERSON_NONE,
            "linkedin_url": url,
            "linkedin_url_type": "person",
            "first_name": "Jane",
            "last_name": "Doe",
            "full_name": "Jane Doe",
            "cleaned_full_name": "Jane Doe",
            "email": "jane@acme.example",
            "phone_number": "555",
            "profile_headline": "VP Sales at Acme",
            "location": "Austin, TX",
            "company_name": "Acme Corp",
            "company_domain": f"{t}.example",
            "job_title": "VP Sales",
            "source": "salesnav",
            "scrape_settings_id": "s-1",
        }
    ]
    job = {"linkedin_url": url, "company_linkedin_url": None, "end_date": None, "is_current": False}
    assert await _extracted(engine, "salesnav_person_jobs", first.raw_id) == [
        {**job, "position": 0, "company_name": "Acme Corp", "company_domain": f"{t}.example", "title": "VP Sales",
         "company_linkedin_url": f"https://www.linkedin.com/company/{t}", "start_date": "2024-03", "is_current": True},
        {**job, "position": 1, "company_name": "OldCo", "company_domain": "oldco.example", "title": "Director",
         "start_date": "2019-01", "end_date": "2024-02"},
        {**job, "position": 2, "company_name": None, "company_domain": None, "title": "Intern", "start_date": None,
         "company_linkedin_url": "https://www.linkedin.com/company/nameless"},
    ]  # fmt: skip

    # a shorter history replaces the old one, and a replay rewrites the same rows
    shorter = {**_full_person(t), "work_history": [{"company_name": "Acme Corp", "title": "CRO"}]}
    second = await ingest(engine, "salesnav_person", shorter)
    assert (second.status, second.extracted_count) == (IngestStatus.STORED, 2)
    jobs = await rows(engine, "SELECT title FROM extracted.salesnav_person_jobs WHERE linkedin_url = :u", u=url)
    assert jobs == [{"title": "CRO"}]
    replayed = await reprocess(engine, second.raw_id or 0)
    assert replayed is not None
    assert (replayed.status, replayed.extracted_count) == (IngestStatus.STORED, 2)


async def test_1d_flat_company_lands_whole(engine: AsyncEngine) -> None:
    t = _tag()
    body = {"company_name": "Acme Corp", "linkedin_url": f"https://www.linkedin.com/company/{t}/about",
            "linkedin_urn": "urn:li:fsd_company:42", "domain": f"HTTPS://WWW.{t}.example/", "description": "Billing",
            "industries": "Software Development", "registered_address_raw": "1 Main St, Austin, TX",
            "headcount": "1,200", "workflow_slug": "salesnav-company"}  # fmt: skip
    assert await _stored_once(engine, "salesnav_company", body, "salesnav_companies") == [
        {
            "company_domain": f"{t}.example",
            "company_linkedin_url": f"https://www.linkedin.com/company/{t}",
            "company_name": "Acme Corp",
            "linkedin_urn": "urn:li:fsd_company:42",
            "description": "Billing",
            "headcount": 1200,
            "industries": "Software Development",
            "registered_address_raw": "1 Main St, Austin, TX",
        }
    ]


async def test_1a_export_rows_company_columns_land_as_a_company(engine: AsyncEngine) -> None:
    t = _tag()
    assert await _stored_once(engine, "salesnav_company", _export_row(t), "salesnav_companies") == [
        {
            "company_domain": f"{t}.example",
            "company_linkedin_url": f"https://www.linkedin.com/company/{t}",
            "company_name": "Acme Corp",
            "linkedin_urn": "urn:li:fsd_company:42",
            "description": "Billing software",
            "headcount": 1200,
            "industries": "Software Development",
            "registered_address_raw": "1 Main St, Austin, TX",
        }
    ]


async def test_a_company_known_only_by_linkedin_url_is_kept(engine: AsyncEngine) -> None:
    t = _tag()
    body = {"company_name": "Nameless", "linkedin_url": f"https://www.linkedin.com/company/{t}"}
    [row] = await _stored_once(engine, "salesnav_company", body, "salesnav_companies")
    assert (row["company_domain"], row["company_linkedin_url"]) == ("", f"https://www.linkedin.com/company/{t}")


@pytest.mark.parametrize(
    ("source", "body", "reason"),
    [
        ("salesnav_person", {"raw_payload": {"First name": "Jane", "Company": "Acme"}}, "linkedin_url"),
        ("salesnav_person", {"first_name": "Jane", "person_linkedin_sales_nav_url": "not a url"}, "LinkedIn URL"),
        # 1e is a title mapping, no person: section 15's reference lookups, not this source
        ("salesnav_person", {"job_title_raw": "vp sales", "normalized_job_title": "VP Sales"}, "linkedin_url"),
        ("salesnav_company", {"company_name": "Acme Corp", "headcount": "10"}, "company_linkedin_url"),
        ("salesnav_company", {"domain": "not a domain", "company_name": "Acme"}, "domain"),
    ],
)
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
    t = _tag()
    for source, body in (("salesnav_person", _export_row(t)), ("salesnav_company", _export_row(t))):
        first = await client.post(f"/ingest/{source}", json=body, headers=headers)
        assert (first.status_code, first.json()["status"], first.json()["source"]) == (200, "STORED", source)
        again = await client.post(f"/ingest/{source}", json=body, headers=headers)
        assert (again.status_code, again.json()["status"]) == (200, "DUPLICATE")
        for bad in ({}, [], "x", {"raw_payload": "{}"}, {"raw_payload": {"First name": None}}):
            refused = await client.post(f"/ingest/{source}", json=bad, headers=headers)
            assert refused.status_code < 500, refused.text
        empty = await client.post(f"/ingest/{source}", json={"workflow_slug": "salesnav"}, headers=headers)
        assert (empty.status_code, empty.json()["status"]) == (422, "REJECTED")
        assert empty.json()["errors"], empty.json()
    metrics = (await client.get("/metrics")).text
    assert 'hq_ingest_total{source="salesnav_person",status="stored"}' in metrics
    assert 'hq_ingest_total{source="salesnav_company",status="rejected"}' in metrics


async def test_erasing_a_salesnav_person_removes_their_rows(engine: AsyncEngine) -> None:
    t = _tag()
    assert (await ingest(engine, "salesnav_person", _full_person(t))).status is IngestStatus.STORED
    report = await erase_person(engine, f"https://www.linkedin.com/in/jane-{t}")
    assert report.extracted_rows == 4
    assert report.raw_payloads_redacted >= 1


async def test_graphql_ingest_takes_the_upper_cased_names(gql: GraphQLClient) -> None:
    mutation = "mutation($s: IngestSource!, $p: JSON!) { ingest(source: $s, payload: $p) { source status } }"
    t = _tag()
    for source in ("SALESNAV_PERSON", "SALESNAV_COMPANY"):
        result = await gql(mutation, {"s": source, "p": _export_row(t)}, role="ingest")
        assert result["data"]["ingest"] == {"source": source, "status": "STORED"}
