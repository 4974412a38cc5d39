"""The old Clay signal shapes (LEGACY-PAYLOADS.md sections 11 and 12) through the real pipeline.

Each example is the file's synthetic one (or built the same way); the extracted row is compared whole,
so a field that stops landing fails the test. Re-sending is a DUPLICATE; a body with none of the
needed keys is REJECTED with its reason.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from ingest.core_build.build import rebuild_core
from ingest.pipeline import IngestStatus, ingest, reprocess
from ingest.sources.signal_events import PERSON_COLUMNS
from tests.conftest import sql_rows as rows

BOOKKEEPING = {"id", "raw_id", "created_at", "updated_at"}


def _tag() -> str:
    return uuid.uuid4().hex[:10]


async def _extracted(engine: AsyncEngine, table: str, raw_id: int | None) -> list[dict[str, Any]]:
    found = await rows(engine, f"SELECT * FROM extracted.{table} WHERE raw_id = :r ORDER BY id", r=raw_id)
    return [{k: v for k, v in row.items() if k not in BOOKKEEPING} for row in found]


async def _stored_once(engine: AsyncEngine, source: str, body: dict[str, Any], table: str) -> list[dict[str, Any]]:
    """Ingest `body` (STORED), re-send it (DUPLICATE), return its extracted rows."""
    first = await ingest(engine, source, body)
    assert first.status is IngestStatus.STORED, first
    again = await ingest(engine, source, body)
    assert (again.status, again.raw_id) == (IngestStatus.DUPLICATE, first.raw_id)
    extracted = await _extracted(engine, table, first.raw_id)
    assert len(extracted) == first.extracted_count
    return extracted


PERSON_NONE = dict.fromkeys(PERSON_COLUMNS)
EVENT_V1 = {"client_domain": "", "reduced_confidence_reasons": None, "is_initial_check": None}
EVENT_V1 |= {"origin_table_id": None, "origin_record_id": None}


# --- section 11: signals v1 -------------------------------------------------------------------------


async def test_v1_job_change_keeps_first_csv_values_date_and_settings(engine: AsyncEngine) -> None:
    body = {"person_linkedin_url": "https://www.linkedin.com/in/jane-doe-example", "confidence": 90,
            "new_company_domain": "acme.example, acme-old.example", "new_company_name": "Acme Corp",
            "new_company_linkedin_url": "https://www.linkedin.com/company/acme-example",
            "start_date_at_new_job": "2025-01-06", "started_within_threshold": True,
            "lookback_threshold_days": 90, "signal_slug": "clay-job-change"}  # fmt: skip
    assert await _stored_once(engine, "signal_job_change", body, "signal_job_changes") == [
        {
            **PERSON_NONE,
            **EVENT_V1,
            "person_linkedin_url": "https://www.linkedin.com/in/jane-doe-example",
            "previous_company_domain": None,
            "previous_company_linkedin_url": None,
            "new_company_domain": "acme.example",
            "new_company_name": "Acme Corp",
            "new_company_linkedin_url": "https://www.linkedin.com/company/acme-example",
            "new_title": "",
            "new_job_location": None,
            "start_date": date(2025, 1, 6),
            "started_within_threshold": True,
            "lookback_threshold_days": 90,
            "job_change_within_months": None,
            "confidence": "90",
        }
    ]


async def test_v1_job_change_previous_company_and_date_lists(engine: AsyncEngine) -> None:
    t = _tag()
    body = {"person_linkedin_url": f"https://www.linkedin.com/in/{t}",
            "previous_company_linkedin_url": f"https://www.linkedin.com/company/{t}-old, https://www.linkedin.com/company/x",
            "start_date_at_new_job": "2024-11-01, 2020-01-01", "new_company_domain": f"{t}.example"}  # fmt: skip
    [row] = await _stored_once(engine, "signal_job_change", body, "signal_job_changes")
    assert row["previous_company_linkedin_url"] == f"https://www.linkedin.com/company/{t}-old"
    assert row["start_date"] == date(2024, 11, 1)


async def test_v1_promotion_keeps_first_titles_and_date(engine: AsyncEngine) -> None:
    t = _tag()
    body = {"person_linkedin_url": f"https://www.linkedin.com/in/{t}", "confidence": 75,
            "previous_title": "Director of Sales, Sales Manager", "new_title": "VP Sales, Director of Sales",
            "start_date_with_new_title": "2025-02-01", "lookback_threshold_days": 90,
            "promotion_event_raw_payload": {"x": 1}, "signal_slug": "clay-promotion"}  # fmt: skip
    assert await _stored_once(engine, "signal_promotion", body, "signal_promotions") == [
        {
            **PERSON_NONE,
            **EVENT_V1,
            "person_linkedin_url": f"https://www.linkedin.com/in/{t}",
            "company_domain": "",
            "company_name": None,
            "company_linkedin_url": None,
            "previous_title": "Director of Sales",
            "new_title": "VP Sales",
            "previous_titles": None,
            "new_titles": None,
            "role_location": None,
            "promotion_date": date(2025, 2, 1),
            "lookback_threshold_days": 90,
            "days_since_promotion": None,
            "confidence": "75",
        }
    ]


async def test_v1_news_reads_news_title_url_description_and_event_date(engine: AsyncEngine) -> None:
    t = _tag()
    body = {"company_domain": f"{t}.example", "news_title": "Acme raises $10M Series A",
            "news_url": "https://news.example/acme-series-a", "description": "Led by Example Ventures.",
            "raw_event_payload": {"newsData": {"publishDate": "2025-03-04", "title": "ignored: top level wins"}},
            "signal_slug": "clay-news-fundraising"}  # fmt: skip
    assert await _stored_once(engine, "signal_news_fundraising", body, "signal_news_fundraising") == [
        {
            "company_domain": f"{t}.example",
            "headline": "Acme raises $10M Series A",
            "url": "https://news.example/acme-series-a",
            "description": "Led by Example Ventures.",
            "published_at": date(2025, 3, 4),
            "amount": None,
            "amount_usd": None,
            "round": None,
        }
    ]


async def test_v1_news_event_as_json_string_gives_the_article(engine: AsyncEngine) -> None:
    t = _tag()
    body = {"company_domain": f"{t}.example",
            "raw_event_payload": '{"newsData": {"title": "Acme opens Berlin office", "url": "https://n.example/b",'
                                 ' "publishDate": "2025-04-01"}}'}  # fmt: skip
    [row] = await _stored_once(engine, "signal_news_fundraising", body, "signal_news_fundraising")
    assert (row["headline"], row["url"], row["published_at"]) == (
        "Acme opens Berlin office",
        "https://n.example/b",
        date(2025, 4, 1),
    )


def _job_post(t: str) -> dict[str, Any]:
    return {"title": "Account Executive", "normalized_title": "account executive", "seniority": "Mid-Senior",
            "employment_type": "Full-time", "location": "Austin, TX", "url": f"https://www.linkedin.com/jobs/view/{t}",
            "job_id": f"job-{t}", "company_name": "Acme Corp", "company_id": "12345", "domain": f"{t}.example",
            "salary_min": 100000, "salary_max": "150000", "salary_currency": "USD", "salary_unit": "YEARLY",
            "recruiter_name": "Rita Recruiter", "recruiter_url": "https://www.linkedin.com/in/rita-example",
            "post_on": "January 5, 2025 at 10:30"}  # fmt: skip


def _posting_row(t: str, **changes: Any) -> dict[str, Any]:
    return {
        **EVENT_V1,
        "company_domain": f"{t}.example",
        "company_name": "Acme Corp",
        "company_linkedin_url": None,
        "company_linkedin_id": "12345",
        "job_id": f"job-{t}",
        "title": "Account Executive",
        "normalized_title": "account executive",
        "cleaned_job_title": None,
        "job_function": None,
        "seniority": "Mid-Senior",
        "employment_type": "Full-time",
        "location": "Austin, TX",
        "url": f"https://www.linkedin.com/jobs/view/{t}",
        "posted_at": date(2025, 1, 5),
        "salary_min": 100000.0,
        "salary_max": 150000.0,
        "salary_currency": "USD",
        "salary_unit": "YEARLY",
        "recruiter_name": "Rita Recruiter",
        "recruiter_url": "https://www.linkedin.com/in/rita-example",
        "min_days_since_job_posting": None,
        "max_days_since_job_posting": None,
        "confidence": None,
        **changes,
    }


async def test_v1_job_posting_nested_in_job_post_data(engine: AsyncEngine) -> None:
    t = _tag()
    body = {"company_linkedin_url": "https://www.linkedin.com/company/acme-example",
            "cleaned_job_title": "Account Executive", "job_function": "Sales", "signal_slug": "clay-job-posting",
            "raw_job_post_data_payload": {"isInitialCheck": True, "jobPostData": _job_post(t)}}  # fmt: skip
    assert await _stored_once(engine, "signal_job_posting", body, "signal_job_postings") == [
        _posting_row(
            t,
            company_linkedin_url="https://www.linkedin.com/company/acme-example",
            cleaned_job_title="Account Executive",
            job_function="Sales",
            is_initial_check=True,
        )
    ]


async def test_v1_new_hire_with_only_a_company_linkedin_url_is_kept(engine: AsyncEngine) -> None:
    t = _tag()
    body = {"company_linkedin_url": f"https://www.linkedin.com/company/{t}", "company_name": "Acme Corp",
            "person_linkedin_url": f"https://www.linkedin.com/in/{t}-hire", "signal_slug": "clay-new-hire"}  # fmt: skip
    assert await _stored_once(engine, "signal_new_hire", body, "signal_new_hires") == [
        {
            "company_domain": "",
            "company_linkedin_url": f"https://www.linkedin.com/company/{t}",
            "company_name": "Acme Corp",
            "person_linkedin_url": f"https://www.linkedin.com/in/{t}-hire",
            "full_name": None,
            "title": "",
            "start_date": None,
        }
    ]
    # the old table could send the company alone
    alone = {"company_domain": f"{t}.example", "company_name": "Acme Corp"}
    [row] = await _stored_once(engine, "signal_new_hire", alone, "signal_new_hires")
    assert (row["company_domain"], row["person_linkedin_url"], row["company_name"]) == (f"{t}.example", "", "Acme Corp")


async def test_new_hire_by_company_linkedin_url_resolves_when_the_company_reaches_core(engine: AsyncEngine) -> None:
    t = _tag()
    company = f"https://www.linkedin.com/company/{t}"
    hire = f"https://www.linkedin.com/in/{t}-hire"
    body = {"company_linkedin_url": company, "person_linkedin_url": hire, "full_name": "Jane Hire"}
    assert (await ingest(engine, "signal_new_hire", body)).status is IngestStatus.STORED
    signals = "SELECT signal_type, company_domain, details FROM core.person_signals WHERE linkedin_url = :u"
    async with engine.begin() as conn:
        await rebuild_core(conn)
    assert await rows(engine, signals, u=hire) == []  # the company is not known yet: kept, not guessed
    firmographics = {"company_domain": f"{t}.example", "name": "Acme Corp", "url": company}
    assert (await ingest(engine, "company_firmographics", firmographics)).status is IngestStatus.STORED
    async with engine.begin() as conn:
        await rebuild_core(conn)
    assert await rows(engine, signals, u=hire) == [
        {
            "signal_type": "new_hire",
            "company_domain": f"{t}.example",
            "details": {"full_name": "Jane Hire", "company_linkedin_url": company},
        }
    ]


@pytest.mark.parametrize(
    ("source", "body", "reason"),
    [
        ("signal_new_hire", {"company_name": "Acme", "signal_slug": "clay-new-hire"}, "company_linkedin_url"),
        ("signal_news_fundraising", {"company_domain": "acme.example", "description": "d"}, "headline"),
        ("signal_job_posting", {"domain": "acme.example", "raw_job_post_data_payload": {"x": 1}}, "job_id"),
        ("signal_job_posting", {"raw_job_post_data_payload": {"jobPostData": {"title": "AE"}}}, "company_domain"),
        ("signal_job_change", {"new_company_domain": "acme.example", "confidence": 90}, "Field required"),
        ("signal_promotion", {"raw_promotion_payload": {"newTitle": ["VP"]}, "client_domain": "c.example"}, "required"),
    ],
)
async def test_a_body_without_the_needed_keys_is_rejected_with_the_reason(
    engine: AsyncEngine, source: str, body: dict[str, Any], reason: str
) -> None:
    outcome = await ingest(engine, source, body)
    assert outcome.status is IngestStatus.REJECTED
    assert any(reason in f"{e.path} {e.message}" for e in outcome.errors), outcome.errors


# --- section 12: signals v2 (multi-tenant) ---------------------------------------------------------


async def test_v2_promotion_lands_with_its_client(engine: AsyncEngine) -> None:
    body = {"client_domain": "client.example", "days_since_promotion": 90,
            "raw_promotion_payload": {"origin": {"tableId": "t_1", "recordId": "r_1"}, "isInitialCheck": False,
             "confidence": "high", "newTitle": ["VP Sales"], "previousTitle": ["Director of Sales"],
             "fullProfile": {"name": "Jane Doe", "url": "https://www.linkedin.com/in/jane-doe-example",
              "title": "VP Sales", "latest_experience": {"company": "Acme Corp", "company_domain": "acme.example",
              "title": "VP Sales", "start_date": "2025-02-01"}}}}  # fmt: skip
    assert await _stored_once(engine, "signal_promotion", body, "signal_promotions") == [
        {
            **PERSON_NONE,
            "full_name": "Jane Doe",
            "person_title": "VP Sales",
            "person_linkedin_url": "https://www.linkedin.com/in/jane-doe-example",
            "company_domain": "acme.example",
            "company_name": "Acme Corp",
            "company_linkedin_url": None,
            "previous_title": "Director of Sales",
            "new_title": "VP Sales",
            "previous_titles": ["Director of Sales"],
            "new_titles": ["VP Sales"],
            "role_location": None,
            "promotion_date": date(2025, 2, 1),
            "lookback_threshold_days": None,
            "days_since_promotion": 90,
            "client_domain": "client.example",
            "confidence": "high",
            "reduced_confidence_reasons": None,
            "is_initial_check": False,
            "origin_table_id": "t_1",
            "origin_record_id": "r_1",
        }
    ]


async def test_v2_job_change_lands_per_client(engine: AsyncEngine) -> None:
    t = _tag()
    person = f"https://www.linkedin.com/in/{t}"

    def body(client: str) -> dict[str, Any]:
        return {"client_domain": client, "job_change_within_months": 3, "started_role_within_window": True,
                "raw_job_change_payload": {"origin": {"tableId": "t_2", "recordId": f"r_{t}"}, "isInitialCheck": True,
                 "confidence": "medium", "reducedConfidenceReasons": ["title mismatch"],
                 "previousCompany": "https://www.linkedin.com/company/globex-example",
                 "fullProfile": {"name": "Jane Doe", "first_name": "Jane", "last_name": "Doe", "url": person,
                  "slug": t, "title": "CRO at Acme", "headline": "Revenue leader", "location_name": "Austin, Texas",
                  "country": "US", "latest_experience": {"company_domain": f"{t}.example", "company": "Acme Corp",
                   "url": f"https://www.linkedin.com/company/{t}", "title": "CRO", "locality": "Austin",
                   "start_date": "2025-01-15"}}}}  # fmt: skip

    expected = {
        "person_linkedin_url": person,
        "full_name": "Jane Doe",
        "first_name": "Jane",
        "last_name": "Doe",
        "person_slug": t,
        "person_title": "CRO at Acme",
        "person_headline": "Revenue leader",
        "person_location": "Austin, Texas",
        "person_country": "US",
        "previous_company_domain": None,
        "previous_company_linkedin_url": "https://www.linkedin.com/company/globex-example",
        "new_company_domain": f"{t}.example",
        "new_company_name": "Acme Corp",
        "new_company_linkedin_url": f"https://www.linkedin.com/company/{t}",
        "new_title": "CRO",
        "new_job_location": "Austin",
        "start_date": date(2025, 1, 15),
        "started_within_threshold": True,
        "lookback_threshold_days": None,
        "job_change_within_months": 3,
        "client_domain": "client.example",
        "confidence": "medium",
        "reduced_confidence_reasons": ["title mismatch"],
        "is_initial_check": True,
        "origin_table_id": "t_2",
        "origin_record_id": f"r_{t}",
    }
    assert await _stored_once(engine, "signal_job_change", body("client.example"), "signal_job_changes") == [expected]
    other = await _stored_once(engine, "signal_job_change", body("other-client.example"), "signal_job_changes")
    assert other == [{**expected, "client_domain": "other-client.example"}]  # a second tenant keeps its own row
    async with engine.begin() as conn:
        await rebuild_core(conn)
    [signal] = await rows(engine, "SELECT * FROM core.person_signals WHERE linkedin_url = :u", u=person)
    assert (signal["signal_type"], signal["company_domain"], signal["title"]) == ("job_change", f"{t}.example", "CRO")
    assert signal["details"]["new_company_name"] == "Acme Corp"


async def test_v2_job_posting_lands_with_its_client(engine: AsyncEngine) -> None:
    t = _tag()
    post = {k: v for k, v in _job_post(t).items() if k != "post_on"}
    post |= {"posted_at": "2025-01-05T08:00:00Z", "company_url": "https://www.linkedin.com/company/acme-example"}
    body = {"client_domain": "client.example", "min_days_since_job_posting": 0, "max_days_since_job_posting": 30,
            "raw_job_post_data_payload": {"origin": {"tableId": "t_3", "recordId": "r_3"}, "isInitialCheck": False,
                                          "jobPostData": post}}  # fmt: skip
    assert await _stored_once(engine, "signal_job_posting", body, "signal_job_postings") == [
        _posting_row(
            t,
            company_linkedin_url="https://www.linkedin.com/company/acme-example",
            client_domain="client.example",
            is_initial_check=False,
            origin_table_id="t_3",
            origin_record_id="r_3",
            min_days_since_job_posting=0,
            max_days_since_job_posting=30,
        )
    ]
    async with engine.begin() as conn:
        await rebuild_core(conn)
    [posting] = await rows(
        engine, "SELECT title, posted_at FROM core.company_job_postings WHERE company_domain = :d", d=f"{t}.example"
    )
    assert posting == {"title": "Account Executive", "posted_at": date(2025, 1, 5)}


async def test_nothing_answers_500_over_http(client: httpx.AsyncClient, api_keys: dict[str, str]) -> None:
    headers = {"Authorization": f"Bearer {api_keys['operator']}"}
    for source, body in (
        ("signal_new_hire", {"company_linkedin_url": "https://www.linkedin.com/company/http-example"}),
        ("signal_promotion", {"client_domain": "c.example", "raw_promotion_payload": "{not json"}),
        ("signal_job_posting", {"raw_job_post_data_payload": {"jobPostData": ["x"]}}),
    ):
        response = await client.post(f"/ingest/{source}", json=body, headers=headers)
        assert response.status_code < 500, response.text


async def test_unresolved_rows_never_reach_core_with_an_empty_domain(engine: AsyncEngine) -> None:
    async with engine.connect() as conn:
        empty = await conn.execute(text("SELECT count(*) FROM core.company_job_postings WHERE company_domain = ''"))
        assert empty.scalar_one() == 0


async def test_a_raw_row_the_old_extractor_left_empty_is_recovered_by_replay(engine: AsyncEngine) -> None:
    t = _tag()
    body = {"company_domain": f"{t}.example", "news_title": "Acme raises", "news_url": "https://n.example/r"}
    outcome = await ingest(engine, "signal_news_fundraising", body)
    async with engine.begin() as conn:  # as version 1 left it: stored, nothing extracted
        await conn.execute(
            text("DELETE FROM extracted.signal_news_fundraising WHERE raw_id = :r"), {"r": outcome.raw_id}
        )
        await conn.execute(
            text("UPDATE raw.payloads SET extracted_count = 0, extractor_version = 1 WHERE id = :r"),
            {"r": outcome.raw_id},
        )
    replayed = await reprocess(engine, outcome.raw_id or 0)
    assert replayed is not None
    assert (replayed.status, replayed.extracted_count) == (IngestStatus.STORED, 1)
    [raw] = await rows(
        engine, "SELECT extracted_count, extractor_version FROM raw.payloads WHERE id = :r", r=outcome.raw_id
    )
    assert raw == {"extracted_count": 1, "extractor_version": 2}
    [row] = await _extracted(engine, "signal_news_fundraising", outcome.raw_id)
    assert (row["headline"], row["url"]) == ("Acme raises", "https://n.example/r")


async def test_a_posting_known_by_company_linkedin_url_reaches_core_once_the_company_does(engine: AsyncEngine) -> None:
    t = _tag()
    company = f"https://www.linkedin.com/company/{t}"
    post = {"job_id": f"j-{t}", "title": "SRE", "post_on": "2025/02/03"}
    body = {"company_linkedin_url": company, "raw_job_post_data_payload": {"jobPostData": post}}
    [row] = await _stored_once(engine, "signal_job_posting", body, "signal_job_postings")
    assert (row["company_domain"], row["company_linkedin_url"], row["posted_at"]) == ("", company, date(2025, 2, 3))
    postings = "SELECT company_domain, title, posted_at FROM core.company_job_postings WHERE job_id = :j"
    async with engine.begin() as conn:
        await rebuild_core(conn)
    assert await rows(engine, postings, j=f"j-{t}") == []
    firmographics = {"company_domain": f"{t}.example", "name": "Acme Corp", "url": company}
    assert (await ingest(engine, "company_firmographics", firmographics)).status is IngestStatus.STORED
    async with engine.begin() as conn:
        await rebuild_core(conn)
    assert await rows(engine, postings, j=f"j-{t}") == [
        {"company_domain": f"{t}.example", "title": "SRE", "posted_at": date(2025, 2, 3)}
    ]
