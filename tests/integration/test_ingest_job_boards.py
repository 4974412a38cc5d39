"""Job postings and job boards (LEGACY-PAYLOADS section 7) through the real pipeline: `job_posting`,
`job_board_indeed` and `job_board_linkedin` all land in `extracted.job_postings`.

The `job_posting` example is the file's own (``job_posting_payload.jobPostData``); the board batches
carry every field the file lists for their records. Rows are compared whole (what only one board
sends is in `details`), so a field that stops landing fails the test.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from ingest.pipeline import IngestStatus, ingest, reprocess
from tests.conftest import sql_rows as rows

BOOKKEEPING = {"id", "raw_id", "created_at", "updated_at"}
NONE = dict.fromkeys(
    ["company_linkedin_url", "company_linkedin_id", "company_name", "title", "normalized_title", "url", "apply_url",
     "location", "country", "seniority", "employment_type", "job_function", "description", "salary_min",
     "salary_max", "salary_currency", "salary_unit", "salary_text", "posted_at", "clay_table_url", "details"]
)  # fmt: skip


def _tag() -> str:
    return uuid.uuid4().hex[:10]


def job_posting(t: str) -> dict[str, Any]:
    """The file's example, the company made unique."""
    return {"domain": f"{t}.example", "job_posting_payload": {"url": f"https://www.linkedin.com/jobs/view/{t}",
        "jobPostData": {"job_id": 9000001, "title": "Senior Account Executive", "location": "Remote, US",
         "seniority": "Mid-Senior level", "employment_type": "Full-time", "company_name": "Acme Corp",
         "company_url": f"https://www.linkedin.com/company/{t}", "posted_at": "2025-01-15T00:00:00Z"}}}  # fmt: skip


def indeed(t: str) -> dict[str, Any]:
    record = {
        "jobid": f"in-{t}", "job_title": "Account Executive", "job_type": "Full-time",
        "description_text": "Sell things.", "description": "<p>Sell things.</p>",
        "job_description_formatted": "<div>Sell things.</div>", "qualifications": "3+ years",
        "salary_formatted": "$90,000 - $120,000 a year", "company_name": "Acme Corp",
        "company_link": f"https://www.indeed.com/cmp/{t}", "company_website": f"https://{t}.example",
        "location": "Austin, TX", "job_location": "Austin, TX 78701", "country": "US", "region": "TX",
        "date_posted": "5 days ago", "date_posted_parsed": "2025-01-10T00:00:00.000Z",
        "url": f"https://www.indeed.com/viewjob?jk={t}", "apply_link": f"https://{t}.example/apply",
        "domain": f"{t}.example", "logo_url": f"https://{t}.example/logo.png", "srcname": "Acme Careers",
        "benefits": ["401(k)", "Health insurance"], "shift_schedule": ["Monday to Friday"],
        "discovery_input": {"keyword": "account executive"}, "company_rating": "4.2",
        "company_reviews_count": 118, "is_expired": "false",
    }  # fmt: skip
    return {"records": [record], "metadata": {"snapshot_id": f"s-{t}", "dataset": "indeed"}}


def linkedin(t: str) -> dict[str, Any]:
    record = {
        "job_posting_id": f"li-{t}", "job_title": "Sales Development Representative",
        "job_summary": "Book meetings.", "job_seniority_level": "Entry level", "job_function": "Sales",
        "job_employment_type": "Full-time", "job_industries": "Software Development",
        "job_base_pay_range": "$60K/yr - $75K/yr", "job_description_formatted": "<p>Book meetings.</p>",
        "salary_standards": "Base salary", "company_name": "Acme Corp", "company_id": "123456",
        "company_url": f"https://www.linkedin.com/company/{t}?trk=x", "company_logo": "https://media.example/l.png",
        "job_location": "New York, NY", "country_code": "US", "job_posted_time": "1 week ago",
        "url": f"https://www.linkedin.com/jobs/view/{t}", "apply_link": f"https://{t}.example/jobs/1",
        "title_id": "1234", "base_salary": {"currency": "USD", "min_amount": 60000, "max_amount": 75000,
        "payment_period": "yr"}, "job_poster": {"name": "Jane Doe", "title": "Recruiter",
        "url": "https://www.linkedin.com/in/jane-doe"}, "job_posted_date": "2025-01-12T09:30:00.000Z",
        "job_num_applicants": 42, "is_easy_apply": True, "application_availability": True,
        "discovery_input": {"location": "New York"},
    }  # fmt: skip
    return {"records": [record], "metadata": {"snapshot_id": f"s-{t}"}}


async def _stored_once(engine: AsyncEngine, source: str, body: dict[str, Any]) -> list[dict[str, Any]]:
    first = await ingest(engine, source, body)
    assert first.status is IngestStatus.STORED, first
    again = await ingest(engine, source, body)
    assert (again.status, again.raw_id) == (IngestStatus.DUPLICATE, first.raw_id)
    replayed = await reprocess(engine, first.raw_id or 0)
    assert replayed is not None
    assert (replayed.status, replayed.extracted_count) == (IngestStatus.STORED, first.extracted_count)
    found = await rows(engine, "SELECT * FROM extracted.job_postings WHERE raw_id = :r ORDER BY job_id", r=first.raw_id)
    return [{k: v for k, v in row.items() if k not in BOOKKEEPING} for row in found]


def _clay_row(t: str, **values: Any) -> dict[str, Any]:
    return {
        **NONE,
        "source": "job_posting",
        "company_domain": f"{t}.example",
        "company_linkedin_url": f"https://www.linkedin.com/company/{t}",
        "company_name": "Acme Corp",
        "job_id": "9000001",
        "title": "Senior Account Executive",
        "url": f"https://www.linkedin.com/jobs/view/{t}",
        "location": "Remote, US",
        "seniority": "Mid-Senior level",
        "employment_type": "Full-time",
        "posted_at": date(2025, 1, 15),
        **values,
    }


async def test_job_posting_example_lands_whole(engine: AsyncEngine) -> None:
    t = _tag()
    assert await _stored_once(engine, "job_posting", job_posting(t)) == [_clay_row(t)]


async def test_job_posting_flat_with_every_field_and_the_domain_from_the_posting(engine: AsyncEngine) -> None:
    t = _tag()
    body = {"clay_table_url": f"https://app.clay.com/tables/{t}", "job_posting_payload": {
        "job_id": "9000001", "url": f"https://www.linkedin.com/jobs/view/{t}", "title": "Senior Account Executive",
        "normalized_title": "Account Executive", "location": "Remote, US", "seniority": "Mid-Senior level",
        "employment_type": "Full-time", "salary_min": "100000", "salary_max": 140000, "salary_unit": "YEARLY",
        "salary_currency": "USD", "company_name": "Acme Corp", "company_id": "777",
        "company_url": f"https://www.linkedin.com/company/{t}", "posted_at": "2025-01-15",
        "domain": f"https://www.{t}.example/", "recruiter_name": "Jane Doe",
        "recruiter_url": "https://www.linkedin.com/in/jane-doe"}}  # fmt: skip
    assert await _stored_once(engine, "job_posting", body) == [
        _clay_row(
            t,
            company_linkedin_id="777",
            normalized_title="Account Executive",
            salary_min=100000.0,
            salary_max=140000.0,
            salary_currency="USD",
            salary_unit="YEARLY",
            clay_table_url=f"https://app.clay.com/tables/{t}",
            details={"recruiter_name": "Jane Doe", "recruiter_url": "https://www.linkedin.com/in/jane-doe"},
        )
    ]


async def test_job_posting_in_the_signal_wrapper_known_by_company_linkedin_url_only(engine: AsyncEngine) -> None:
    t = _tag()
    body = {"raw_job_post_data_payload": {"jobPostData": {"job_id": 9000001, "title": "Senior Account Executive",
            "company_url": f"https://www.linkedin.com/company/{t}/"}}}  # fmt: skip
    assert await _stored_once(engine, "job_posting", body) == [
        {
            **NONE,
            "source": "job_posting",
            "company_domain": "",
            "company_linkedin_url": f"https://www.linkedin.com/company/{t}",
            "job_id": "9000001",
            "title": "Senior Account Executive",
        }
    ]


async def test_indeed_batch_lands_whole(engine: AsyncEngine) -> None:
    t = _tag()
    assert await _stored_once(engine, "job_board_indeed", indeed(t)) == [
        {
            **NONE,
            "source": "job_board_indeed",
            "company_domain": f"{t}.example",
            "job_id": f"in-{t}",
            "title": "Account Executive",
            "employment_type": "Full-time",
            "description": "Sell things.",
            "salary_text": "$90,000 - $120,000 a year",
            "company_name": "Acme Corp",
            "location": "Austin, TX",
            "country": "US",
            "posted_at": date(2025, 1, 10),
            "url": f"https://www.indeed.com/viewjob?jk={t}",
            "apply_url": f"https://{t}.example/apply",
            "details": {
                "description": "<p>Sell things.</p>",
                "job_description_formatted": "<div>Sell things.</div>",
                "qualifications": "3+ years",
                "company_link": f"https://www.indeed.com/cmp/{t}",
                "company_website": f"https://{t}.example",
                "job_location": "Austin, TX 78701",
                "region": "TX",
                "date_posted": "5 days ago",
                "logo_url": f"https://{t}.example/logo.png",
                "srcname": "Acme Careers",
                "benefits": ["401(k)", "Health insurance"],
                "shift_schedule": ["Monday to Friday"],
                "discovery_input": {"keyword": "account executive"},
                "company_rating": 4.2,
                "company_reviews_count": 118,
                "is_expired": False,
            },
        }
    ]


async def test_linkedin_batch_lands_whole(engine: AsyncEngine) -> None:
    t = _tag()
    assert await _stored_once(engine, "job_board_linkedin", linkedin(t)) == [
        {
            **NONE,
            "source": "job_board_linkedin",
            "company_domain": "",
            "company_linkedin_url": f"https://www.linkedin.com/company/{t}",
            "company_linkedin_id": "123456",
            "company_name": "Acme Corp",
            "job_id": f"li-{t}",
            "title": "Sales Development Representative",
            "description": "Book meetings.",
            "seniority": "Entry level",
            "job_function": "Sales",
            "employment_type": "Full-time",
            "salary_text": "$60K/yr - $75K/yr",
            "salary_min": 60000.0,
            "salary_max": 75000.0,
            "salary_currency": "USD",
            "salary_unit": "yr",
            "location": "New York, NY",
            "country": "US",
            "posted_at": date(2025, 1, 12),
            "url": f"https://www.linkedin.com/jobs/view/{t}",
            "apply_url": f"https://{t}.example/jobs/1",
            "details": {
                "job_industries": "Software Development",
                "job_description_formatted": "<p>Book meetings.</p>",
                "salary_standards": "Base salary",
                "company_logo": "https://media.example/l.png",
                "job_posted_time": "1 week ago",
                "title_id": "1234",
                "job_poster": {"name": "Jane Doe", "title": "Recruiter", "url": "https://www.linkedin.com/in/jane-doe"},
                "job_num_applicants": 42,
                "is_easy_apply": True,
                "application_availability": True,
                "discovery_input": {"location": "New York"},
            },
        }
    ]


@pytest.mark.parametrize(
    ("source", "body", "reason"),
    [
        ("job_posting", {"domain": "acme.example"}, "no posting: a job_id, url or title is required"),
        ("job_posting", {"job_posting_payload": {"jobPostData": {"title": "AE"}}},
         "a company_domain or a company_linkedin_url is required"),
        ("job_board_indeed", {"metadata": {"x": 1}}, "records"),
        ("job_board_indeed", {"records": []}, "records holds no job record"),
        ("job_board_indeed", {"records": [{"jobid": "1"}, {"job_title": "AE"}]}, "records.1.jobid"),
        ("job_board_linkedin", {"records": [{"job_posting_id": "1"}, "x"]}, "records.1"),
        ("job_board_linkedin", {"records": [{"job_posting_id": ""}]}, "job_posting_id is required"),
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
    for source, example in (
        ("job_posting", job_posting),
        ("job_board_indeed", indeed),
        ("job_board_linkedin", linkedin),
    ):
        body = example(_tag())
        first = await client.post(f"/ingest/{source}", json=body, headers=headers)
        assert (first.status_code, first.json()["status"], first.json()["source"]) == (200, "STORED", source)
        again = await client.post(f"/ingest/{source}", json=body, headers=headers)
        assert (again.status_code, again.json()["status"]) == (200, "DUPLICATE")
        for bad in ({}, [], "x", {"records": "x"}, {"records": [None]}, {"job_posting_payload": [1], "domain": "?"}):
            refused = await client.post(f"/ingest/{source}", json=bad, headers=headers)
            assert refused.status_code == 422, refused.text
            assert refused.json()["status"] == "REJECTED"
