"""The base families' old shapes (LEGACY-PAYLOADS.md section 16) through the real pipeline.

Each example carries every field the file lists for its endpoint; the extracted row is compared
whole, so a field that stops landing fails the test.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from ingest.core_build.build import rebuild_core
from ingest.pipeline import IngestStatus, clear_lookups, ingest
from tests.conftest import sql_rows as rows

BOOKKEEPING = {"id", "raw_id", "created_at", "updated_at"}


def _tag() -> str:
    return uuid.uuid4().hex[:10]


async def _stored_once(engine: AsyncEngine, source: str, body: dict[str, Any], table: str) -> list[dict[str, Any]]:
    first = await ingest(engine, source, body)
    assert first.status is IngestStatus.STORED, first
    again = await ingest(engine, source, body)
    assert (again.status, again.raw_id) == (IngestStatus.DUPLICATE, first.raw_id)
    found = await rows(engine, f"SELECT * FROM extracted.{table} WHERE raw_id = :r ORDER BY id", r=first.raw_id)
    return [{k: v for k, v in row.items() if k not in BOOKKEEPING} for row in found]


async def test_company_firmographics_the_files_example_and_the_unread_fields(engine: AsyncEngine) -> None:
    t = _tag()
    locations = [
        {"is_primary": False, "city": "Berlin", "country": "DE"},
        {"is_primary": True, "city": "Austin", "state": "Texas", "country": "US", "line1": "1 Main St"},
    ]
    body = {"company_domain": f"{t}.example", "workflow_slug": "clay-company-firmographics",
            "raw_payload": {"name": "Acme Corp", "url": f"https://www.linkedin.com/company/{t}",
                            "size": "51-200 employees", "employee_count": 120, "industry": "Software Development",
                            "founded": 2015, "locations": locations, "specialties": ["billing", "saas"],
                            "slug": t, "org_id": 98765, "company_id": "c_1", "description": "Billing software.",
                            "website": f"https://{t}.example", "logo_url": "https://img.example/acme.png",
                            "type": "Privately Held", "follower_count": 4321, "country": "US",
                            "locality": "Austin, Texas", "last_refresh": "2025-05-01T12:00:00Z"}}  # fmt: skip
    assert await _stored_once(engine, "company_firmographics", body, "company_firmographics") == [
        {
            "company_domain": f"{t}.example",
            "name": "Acme Corp",
            "website": f"https://{t}.example",
            "linkedin_url": f"https://www.linkedin.com/company/{t}",
            "industry": "Software Development",
            "size": "51-200 employees",
            "employee_count": 120,
            "locality": "Austin, Texas",
            "city": "Austin",
            "state": "Texas",
            "country": "US",
            "description": "Billing software.",
            "tagline": None,
            "specialties": ["billing", "saas"],
            "founded_year": 2015,
            "linkedin_slug": t,
            "linkedin_org_id": "98765",
            "clay_company_id": "c_1",
            "logo_url": "https://img.example/acme.png",
            "company_type": "Privately Held",
            "follower_count": 4321,
            "locations": locations,
            "last_refresh": datetime(2025, 5, 1, 12, tzinfo=UTC),
        }
    ]


async def test_company_discovery_reads_ids_type_industries_and_datapoints(engine: AsyncEngine) -> None:
    t = _tag()
    body = {"company_domain": f"{t}.example", "workflow_slug": "clay-find-companies",
            "clay_table_url": "https://app.clay.com/t/1",
            "raw_payload": {"name": "Acme Corp", "linkedin_url": f"https://www.linkedin.com/company/{t}",
                            "linkedin_company_id": "98765", "clay_company_id": "cc_1", "size": "51-200",
                            "type": "Privately Held", "country": "US", "location": "Austin, TX",
                            "industry": "Software", "industries": ["Software", "Fintech"],
                            "description": "Billing.", "annual_revenue": "$10M-$50M",
                            "total_funding_amount_range_usd": "$10M - $50M", "resolved_domain": f"www.{t}.example",
                            "derived_datapoints": {"headcount_growth": 0.1}}}  # fmt: skip
    assert await _stored_once(engine, "company_discovery", body, "company_discovery") == [
        {
            "domain": f"{t}.example",
            "name": "Acme Corp",
            "linkedin_url": f"https://www.linkedin.com/company/{t}",
            "size": "51-200",
            "industry": "Software",
            "location": "Austin, TX",
            "country": "US",
            "annual_revenue": "$10M-$50M",
            "funding_range": "$10M - $50M",
            "description": "Billing.",
            "linkedin_company_id": "98765",
            "clay_company_id": "cc_1",
            "company_type": "Privately Held",
            "industries": ["Software", "Fintech"],
            "resolved_domain": f"{t}.example",
            "derived_datapoints": {"headcount_growth": 0.1},
            "clay_table_url": "https://app.clay.com/t/1",
        }
    ]


async def test_person_profile_reads_the_profile_and_experience_fields(engine: AsyncEngine) -> None:
    t = _tag()
    person = f"https://www.linkedin.com/in/{t}"
    latest = {"title": "CRO", "company": "Acme Corp", "company_domain": f"{t}.example", "org_id": 98765,
              "url": f"https://www.linkedin.com/company/{t}", "locality": "Austin", "start_date": "2024-03-01",
              "is_current": True}  # fmt: skip
    older = {"title": "VP Sales", "company": "Globex", "company_domain": "globex.example", "org_id": "111",
             "url": "https://www.linkedin.com/company/globex", "locality": "Dallas", "summary": "Built the team.",
             "start_date": "2020-01-01", "end_date": "2024-02-01", "is_current": False}  # fmt: skip
    body = {"linkedin_url": person, "workflow_slug": "clay-person-profile",
            "raw_payload": {"slug": t, "profile_id": "p_1", "first_name": "Jane", "last_name": "Doe",
                            "name": "Jane Doe", "headline": "Revenue leader", "summary": "Sells things.",
                            "country": "US", "location_name": "Austin, Texas", "connections": 500,
                            "num_followers": 1200, "picture_url_orig": "https://img.example/jane.jpg",
                            "jobs_count": 2, "last_refresh": "2025-05-02", "latest_experience": latest,
                            "experience": [latest, older], "education": [{"school_name": "UT Austin"}],
                            "languages": [{"name": "English"}], "certifications": [{"name": "CPA"}],
                            "awards": []}}  # fmt: skip
    profile = await _stored_once(engine, "person_profile", body, "person_profiles")
    assert profile == [
        {
            "linkedin_url": person,
            "full_name": "Jane Doe",
            "first_name": "Jane",
            "last_name": "Doe",
            "headline": "Revenue leader",
            "location": "Austin, Texas",
            "latest_title": "CRO",
            "latest_company": "Acme Corp",
            "latest_company_domain": f"{t}.example",
            "latest_start_date": date(2024, 3, 1),
            "latest_company_linkedin_url": f"https://www.linkedin.com/company/{t}",
            "latest_company_org_id": "98765",
            "latest_location": "Austin",
            "education": [{"school_name": "UT Austin"}],
            "linkedin_slug": t,
            "profile_id": "p_1",
            "summary": "Sells things.",
            "country": "US",
            "connections": 500,
            "num_followers": 1200,
            "picture_url": "https://img.example/jane.jpg",
            "jobs_count": 2,
            "accomplishments": {"certifications": [{"name": "CPA"}], "languages": [{"name": "English"}]},
            "last_refresh": datetime(2025, 5, 2, tzinfo=UTC),
        }
    ]
    experience = await rows(
        engine, "SELECT * FROM extracted.person_experience WHERE linkedin_url = :u ORDER BY 1", u=person
    )
    assert [{k: v for k, v in r.items() if k not in BOOKKEEPING} for r in experience] == [
        {"linkedin_url": person, "position": 0, "title": "CRO", "company_name": "Acme Corp",
         "company_domain": f"{t}.example", "company_linkedin_url": f"https://www.linkedin.com/company/{t}",
         "company_org_id": "98765", "location": "Austin", "summary": None, "start_date": date(2024, 3, 1),
         "end_date": None, "is_current": True},
        {"linkedin_url": person, "position": 1, "title": "VP Sales", "company_name": "Globex",
         "company_domain": "globex.example", "company_linkedin_url": "https://www.linkedin.com/company/globex",
         "company_org_id": "111", "location": "Dallas", "summary": "Built the team.", "start_date": date(2020, 1, 1),
         "end_date": date(2024, 2, 1), "is_current": False},
    ]  # fmt: skip


async def test_person_discovery_reads_cleaned_names_and_they_win_in_core(engine: AsyncEngine) -> None:
    t = _tag()
    person = f"https://www.linkedin.com/in/{t}"
    body = {"linkedin_url": person, "workflow_slug": "clay-find-people", "cleaned_first_name": "Jane",
            "cleaned_last_name": "Doe", "cleaned_full_name": "Jane Doe", "clay_table_url": "https://app.clay.com/t/2",
            "raw_payload": {"first_name": "JANE 🚀", "last_name": "DOE, MBA", "name": "JANE 🚀 DOE, MBA",
                            "location_name": "Austin, Texas", "domain": f"{t}.example", "latest_title": "CRO",
                            "latest_experience_company": "Acme Corp", "latest_experience_start_date": "2024-03-01",
                            "company_table_id": "t_9", "company_record_id": "r_9"}}  # fmt: skip
    assert await _stored_once(engine, "person_discovery", body, "person_discovery") == [
        {
            "linkedin_url": person,
            "first_name": "JANE 🚀",
            "last_name": "DOE, MBA",
            "full_name": "JANE 🚀 DOE, MBA",
            "location_name": "Austin, Texas",
            "company_domain": f"{t}.example",
            "latest_title": "CRO",
            "latest_company": "Acme Corp",
            "latest_start_date": date(2024, 3, 1),
            "cleaned_first_name": "Jane",
            "cleaned_last_name": "Doe",
            "cleaned_full_name": "Jane Doe",
            "company_table_id": "t_9",
            "company_record_id": "r_9",
            "clay_table_url": "https://app.clay.com/t/2",
        }
    ]
    async with engine.begin() as conn:
        await rebuild_core(conn)
    [core] = await rows(
        engine, "SELECT full_name, first_name, last_name FROM core.people WHERE linkedin_url = :u", u=person
    )
    assert core == {"full_name": "Jane Doe", "first_name": "Jane", "last_name": "Doe"}


async def test_vc_portfolio_and_crunchbase_rows_keep_their_company_fields(engine: AsyncEngine) -> None:
    clear_lookups()
    t = _tag()
    body = {"company_name": "Acme Corp", "vc_name": f"Example Ventures {t}", "domain": f"{t}.example",
            "linkedin_url": f"https://www.linkedin.com/company/{t}", "short_description": "Billing.",
            "long_description": "Billing software for SaaS.", "city": "Austin", "state": "Texas", "country": "US",
            "employee_range": "51-200", "founded_date": "2015-01-01", "operating_status": "active",
            "workflow_slug": "clay-vc-portfolio", "clay_table_url": "https://app.clay.com/t/3"}  # fmt: skip
    assert await _stored_once(engine, "vc_portfolio", body, "vc_portfolio") == [
        {
            "company_domain": f"{t}.example",
            "company_linkedin_url": f"https://www.linkedin.com/company/{t}",
            "company_name": "Acme Corp",
            "company_description": "Billing.",
            "company_location": "Austin, Texas, US",
            "vc_name": f"Example Ventures {t}",
            "vc_name_raw": f"Example Ventures {t}",
            "vc_og": None,
            "company_long_description": "Billing software for SaaS.",
            "employee_range": "51-200",
            "founded_date": "2015-01-01",
            "operating_status": "active",
            "funding": None,
            "clay_table_url": "https://app.clay.com/t/3",
        }
    ]
    funding = {"last_funding_date": "2024-06-01", "last_funding_type": "Series A", "last_funding_amount": "$10M",
               "last_equity_funding_type": "Series A", "last_leadership_hiring_date": "2024-09-01",
               "estimated_revenue_range": "$10M to $50M", "funding_status": "Early Stage Venture",
               "total_funding_amount": "$12M", "total_equity_funding_amount": "$12M"}  # fmt: skip
    crunchbase = {"company_name": "Beta", "domain": f"beta-{t}.example", "vc": f"Lead {t}", "vc1": f"Co {t}", **funding}
    found = await _stored_once(engine, "vc_portfolio", crunchbase, "vc_portfolio")
    assert sorted(r["vc_name"] for r in found) == sorted([f"Lead {t}", f"Co {t}"])
    assert all(r["funding"] == funding for r in found)
