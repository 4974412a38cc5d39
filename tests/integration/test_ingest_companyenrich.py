"""CompanyEnrich firmographics (LEGACY-PAYLOADS 3) and Clay-fed similar-company previews (8) through the
real pipeline, then through the core build to GraphQL.

Each section's own example is posted as the file gives it, and a fuller one carries every field the
section lists; the extracted rows are compared whole, so a field that stops landing fails the test.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette

from ingest.core_build.build import rebuild_core
from ingest.pipeline import IngestStatus, ingest
from tests.conftest import GraphQLClient
from tests.conftest import sql_rows as rows
from tests.integration.test_query_leads import statements

BOOKKEEPING = {"id", "raw_id", "created_at", "updated_at"}

PROFILE_NONE = dict.fromkeys(
    [
        "companyenrich_id", "name", "company_type", "website", "revenue", "employees", "industry", "industries",
        "categories", "keywords", "technologies", "naics_codes", "description", "seo_description", "founded_year",
        "page_rank", "logo_url", "companyenrich_updated_at", "address", "phone", "postal_code", "city", "city_id",
        "latitude", "longitude", "state", "state_code", "state_id", "country", "country_code", "linkedin_url",
        "linkedin_id", "twitter_url", "facebook_url", "github_url", "youtube_url", "instagram_url",
        "crunchbase_url", "g2_url", "angellist_url", "total_funding", "total_funding_usd", "funding_stage",
        "funding_date", "stock_symbol", "stock_exchange", "subsidiaries",
    ]
)  # fmt: skip


def _tag() -> str:
    return uuid.uuid4().hex[:10]


async def _stored_once(engine: AsyncEngine, source: str, body: Any) -> int:
    first = await ingest(engine, source, body)
    assert first.status is IngestStatus.STORED, first
    again = await ingest(engine, source, body)
    assert (again.status, again.raw_id) == (IngestStatus.DUPLICATE, first.raw_id)
    assert first.raw_id is not None
    return first.raw_id


async def _extracted(engine: AsyncEngine, table: str, raw_id: int) -> list[dict[str, Any]]:
    found = await rows(engine, f"SELECT * FROM extracted.{table} WHERE raw_id = :r ORDER BY id", r=raw_id)
    return [{k: v for k, v in row.items() if k not in BOOKKEEPING} for row in found]


# --- the examples ---------------------------------------------------------------------------------


def _section_3_example(t: str) -> dict[str, Any]:
    """Section 3's example as the file gives it (its domain made unique)."""
    return {"domain": f"{t}.example",
            "raw_payload": {"id": "ce_123", "name": "Acme Corp", "type": "private", "website": f"https://{t}.example",
             "employees": "51-200", "revenue": "$10M-$50M", "industry": "Software", "keywords": ["billing", "saas"],
             "technologies": ["React", "Stripe"], "naics_codes": ["511210"],
             "location": {"city": {"name": "Austin"}, "state": {"name": "Texas", "code": "TX"},
              "country": {"name": "United States", "code": "US"}},
             "socials": {"linkedin_url": f"https://www.linkedin.com/company/{t}"},
             "financial": {"funding_stage": "Series A", "funding": [{"date": "2024-05-01T00:00:00Z", "type": "Series A",
              "amount": "10000000", "from": "Example Ventures, Sample Capital"}]}}}  # fmt: skip


def _company(t: str, name: str) -> dict[str, Any]:
    """A CompanyEnrich company object with every field section 3 lists."""
    return {"id": f"ce_{t}", "name": name, "type": "private", "website": f"https://www.{t}.example/",
            "revenue": "$1M-$10M", "employees": "11-50", "industry": "Software Development",
            "industries": ["Software", "Fintech"], "categories": ["b2b", "saas"], "keywords": "billing, invoicing",
            "technologies": '["React", "Stripe"]', "naics_codes": ["511210", "541511"],
            "description": "Billing software", "seo_description": "Billing for teams", "founded_year": "2015",
            "page_rank": 7, "logo_url": "https://logo.example/x.png", "updated_at": "2025-03-01T10:00:00Z",
            "location": {"address": "1 Main St", "phone": "+1 512 555 0100", "postal_code": "78701",
             "city": {"name": "Austin", "id": "c1", "latitude": 30.27, "longitude": "-97.74"},
             "state": {"name": "Texas", "code": "TX", "id": "s1"}, "country": {"name": "United States", "code": "US"}},
            "socials": {"linkedin_url": f"linkedin.com/company/{t}", "linkedin_id": "42",
             "twitter_url": f"https://twitter.com/{t}", "facebook_url": f"https://facebook.com/{t}",
             "github_url": f"https://github.com/{t}", "youtube_url": f"https://youtube.com/@{t}",
             "instagram_url": f"https://instagram.com/{t}", "crunchbase_url": f"https://crunchbase.com/o/{t}",
             "g2_url": f"https://g2.com/{t}", "angellist_url": f"https://angel.co/{t}"},
            "financial": {"total_funding": 12500000, "funding_stage": "Series B", "funding_date": "2025-01-15",
             "stock_symbol": "ACME", "stock_exchange": "NASDAQ",
             "funding": [{"date": "2023-02-01", "type": "Seed", "amount": "2500000", "from": "Angel One",
                          "url": "https://news.example/seed"},
                         {"date": "2025-01-15T00:00:00Z", "type": "Series B", "amount": "$10M",
                          "from": "Example Ventures, Sample Capital", "url": "https://news.example/b"},
                         {}]},
            "subsidiaries": [{"name": "Acme Labs", "domain": "acmelabs.example"}, "Acme EU"]}  # fmt: skip


def _full_profile(t: str, name: str) -> dict[str, Any]:
    """The extracted profile columns of `_company(t, name)`."""
    return {
        "companyenrich_id": f"ce_{t}",
        "name": name,
        "company_type": "private",
        "website": f"https://www.{t}.example/",
        "revenue": "$1M-$10M",
        "employees": "11-50",
        "industry": "Software Development",
        "industries": ["Software", "Fintech"],
        "categories": ["b2b", "saas"],
        "keywords": ["billing", "invoicing"],
        "technologies": ["React", "Stripe"],
        "naics_codes": ["511210", "541511"],
        "description": "Billing software",
        "seo_description": "Billing for teams",
        "founded_year": 2015,
        "page_rank": 7,
        "logo_url": "https://logo.example/x.png",
        "companyenrich_updated_at": datetime(2025, 3, 1, 10, tzinfo=UTC),
        "address": "1 Main St",
        "phone": "+1 512 555 0100",
        "postal_code": "78701",
        "city": "Austin",
        "city_id": "c1",
        "latitude": 30.27,
        "longitude": -97.74,
        "state": "Texas",
        "state_code": "TX",
        "state_id": "s1",
        "country": "United States",
        "country_code": "US",
        "linkedin_url": f"https://www.linkedin.com/company/{t}",
        "linkedin_id": "42",
        "twitter_url": f"https://twitter.com/{t}",
        "facebook_url": f"https://facebook.com/{t}",
        "github_url": f"https://github.com/{t}",
        "youtube_url": f"https://youtube.com/@{t}",
        "instagram_url": f"https://instagram.com/{t}",
        "crunchbase_url": f"https://crunchbase.com/o/{t}",
        "g2_url": f"https://g2.com/{t}",
        "angellist_url": f"https://angel.co/{t}",
        "total_funding": "12500000",
        "total_funding_usd": 12500000.0,
        "funding_stage": "Series B",
        "funding_date": date(2025, 1, 15),
        "stock_symbol": "ACME",
        "stock_exchange": "NASDAQ",
        "subsidiaries": [{"name": "Acme Labs", "domain": "acmelabs.example"}, "Acme EU"],
    }


def _full_rounds(**key: str) -> list[dict[str, Any]]:
    return [
        {**key, "position": 0, "round_type": "Seed", "round_date": date(2023, 2, 1), "amount": "2500000",
         "amount_usd": 2500000.0, "url": "https://news.example/seed", "investors": ["Angel One"]},
        {**key, "position": 1, "round_type": "Series B", "round_date": date(2025, 1, 15), "amount": "$10M",
         "amount_usd": 10000000.0, "url": "https://news.example/b",
         "investors": ["Example Ventures", "Sample Capital"]},
    ]  # fmt: skip


def _section_8_example(t: str) -> dict[str, Any]:
    """Section 8's example as the file gives it (its domains made unique)."""
    return {"input_domain": f"{t}.example", "payload": {"items": [{"id": "ce_77", "domain": f"globex-{t}.example",
             "name": "Globex Example", "industry": "Software", "employees": "11-50",
             "socials": {"linkedin_url": f"https://www.linkedin.com/company/globex-{t}"}}],
             "metadata": {"scores": {"ce_77": 0.91}}}}  # fmt: skip


# --- section 3: companyenrich_company -------------------------------------------------------------


async def test_3_the_files_example_lands_whole(engine: AsyncEngine) -> None:
    t = _tag()
    raw_id = await _stored_once(engine, "companyenrich_company", _section_3_example(t))
    assert await _extracted(engine, "companyenrich_companies", raw_id) == [
        {
            **PROFILE_NONE,
            "company_domain": f"{t}.example",
            "companyenrich_id": "ce_123",
            "name": "Acme Corp",
            "company_type": "private",
            "website": f"https://{t}.example",
            "employees": "51-200",
            "revenue": "$10M-$50M",
            "industry": "Software",
            "keywords": ["billing", "saas"],
            "technologies": ["React", "Stripe"],
            "naics_codes": ["511210"],
            "city": "Austin",
            "state": "Texas",
            "state_code": "TX",
            "country": "United States",
            "country_code": "US",
            "linkedin_url": f"https://www.linkedin.com/company/{t}",
            "funding_stage": "Series A",
        }
    ]
    assert await _extracted(engine, "companyenrich_funding_rounds", raw_id) == [
        {
            "company_domain": f"{t}.example",
            "position": 0,
            "round_type": "Series A",
            "round_date": date(2024, 5, 1),
            "amount": "10000000",
            "amount_usd": 10000000.0,
            "url": None,
            "investors": ["Example Ventures", "Sample Capital"],
        }
    ]


async def test_3_every_field_lands_from_a_json_string_raw_payload(engine: AsyncEngine) -> None:
    t = _tag()
    body = {"domain": f"https://www.{t}.example", "workflow_slug": "companyenrich",
            "raw_payload": json.dumps(_company(t, "Acme Corp"))}  # fmt: skip
    raw_id = await _stored_once(engine, "companyenrich_company", body)
    assert await _extracted(engine, "companyenrich_companies", raw_id) == [
        {"company_domain": f"{t}.example", **_full_profile(t, "Acme Corp")}
    ]
    assert await _extracted(engine, "companyenrich_funding_rounds", raw_id) == _full_rounds(
        company_domain=f"{t}.example"
    )


async def test_3_a_re_sent_company_replaces_its_rounds(engine: AsyncEngine) -> None:
    t = _tag()
    company = _company(t, "Acme Corp")
    assert (await ingest(engine, "companyenrich_company", {"domain": f"{t}.example", **company})).status is (
        IngestStatus.STORED
    )
    company["financial"] = {"funding": [{"type": "Series C", "amount": "USD 40 million"}]}
    outcome = await ingest(engine, "companyenrich_company", {"domain": f"{t}.example", "raw_payload": company})
    assert outcome.status is IngestStatus.STORED
    found = await rows(
        engine,
        "SELECT position, round_type, amount_usd FROM extracted.companyenrich_funding_rounds WHERE company_domain = :d",
        d=f"{t}.example",
    )
    assert found == [{"position": 0, "round_type": "Series C", "amount_usd": 40e6}]


# --- section 8: similar_company_preview -----------------------------------------------------------


async def test_8_the_files_example_lands_whole(engine: AsyncEngine) -> None:
    t = _tag()
    raw_id = await _stored_once(engine, "similar_company_preview", _section_8_example(t))
    assert await _extracted(engine, "similar_company_previews", raw_id) == [
        {
            **PROFILE_NONE,
            "input_domain": f"{t}.example",
            "company_domain": f"globex-{t}.example",
            "similarity_score": 0.91,
            "companyenrich_id": "ce_77",
            "name": "Globex Example",
            "industry": "Software",
            "employees": "11-50",
            "linkedin_url": f"https://www.linkedin.com/company/globex-{t}",
        }
    ]
    assert await _extracted(engine, "similar_preview_rounds", raw_id) == []


async def test_8_every_field_of_every_item_lands_from_a_json_string_payload(engine: AsyncEngine) -> None:
    t, u = _tag(), _tag()
    items = [_company(t, "Globex"), {"id": 9, "website": f"https://{u}.example", "name": "Initech"}, {}]
    body = {"input_domain": f"origin-{t}.example",
            "payload": json.dumps({"items": items, "metadata": {"scores": {f"ce_{t}": "0.8", "9": 0.5}}})}  # fmt: skip
    raw_id = await _stored_once(engine, "similar_company_preview", body)
    key = {"input_domain": f"origin-{t}.example"}
    found = await _extracted(engine, "similar_company_previews", raw_id)
    assert sorted(found, key=lambda row: row["name"]) == [
        {**key, "company_domain": f"{t}.example", "similarity_score": 0.8, **_full_profile(t, "Globex")},
        {
            **PROFILE_NONE,
            **key,
            "company_domain": f"{u}.example",
            "similarity_score": 0.5,
            "companyenrich_id": "9",
            "name": "Initech",
            "website": f"https://{u}.example",
        },
    ]
    assert await _extracted(engine, "similar_preview_rounds", raw_id) == _full_rounds(
        **key, company_domain=f"{t}.example"
    )


# --- refusals -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "body", "reason"),
    [
        ("companyenrich_company", {"raw_payload": {"name": "Acme Corp"}}, "domain"),
        ("companyenrich_company", {"domain": "not a domain", "raw_payload": {"name": "Acme"}}, "domain"),
        (
            "companyenrich_company",
            {"domain": "acme.example", "workflow_slug": "ce"},
            "raw_payload holds none of the CompanyEnrich company's fields",
        ),
        ("similar_company_preview", {"payload": {"items": [{"domain": "globex.example"}]}}, "input_domain"),
        ("similar_company_preview", {"input_domain": "acme.example"}, "payload.items lists no similar company"),
        (
            "similar_company_preview",
            {"input_domain": "acme.example", "payload": {"items": [{"domain": "globex.example"}, {"name": "X"}]}},
            "payload.items[1] has no domain or website",
        ),
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
    for source, body in (
        ("companyenrich_company", _section_3_example(t)),
        ("similar_company_preview", _section_8_example(t)),
    ):
        first = await client.post(f"/ingest/{source}", json=body, headers=headers)
        assert (first.status_code, first.json()["status"], first.json()["source"]) == (200, "STORED", source)
        again = await client.post(f"/ingest/{source}", json=body, headers=headers)
        assert (again.status_code, again.json()["status"]) == (200, "DUPLICATE")
        for bad in ({}, [], "x", {"raw_payload": "{}"}, {"payload": "[]"}, {"domain": "a.example", "location": 5}):
            refused = await client.post(f"/ingest/{source}", json=bad, headers=headers)
            assert refused.status_code < 500, refused.text
        empty = await client.post(f"/ingest/{source}", json={"workflow_slug": "ce"}, headers=headers)
        assert (empty.status_code, empty.json()["status"]) == (422, "REJECTED")
        assert empty.json()["errors"], empty.json()


# --- core and GraphQL -----------------------------------------------------------------------------

COMPANY = """domain name linkedinUrl city state country industry employeeRange description foundedYear
    keywords naicsCodes revenueRange socials { linkedin twitter facebook instagram youtube }
    funding { totalRaisedUsd lastRoundType lastRoundDate rounds { type date amountUsd investors } }"""
NO_FIRMOGRAPHICS = {"keywords": [], "naicsCodes": [], "revenueRange": None, "socials": None, "funding": None}


async def _ingest_all(engine: AsyncEngine, *bodies: tuple[str, Any]) -> None:
    for source, body in bodies:
        outcome = await ingest(engine, source, body)
        assert outcome.status is IngestStatus.STORED, outcome
    async with engine.begin() as conn:
        await rebuild_core(conn)


async def _company_of(gql: GraphQLClient, domain: str, more: str = "") -> dict[str, Any]:
    result = await gql(f"query($d: String!) {{ company(domain: $d) {{ {COMPANY} {more} }} }}", {"d": domain})
    assert "errors" not in result, result
    company: dict[str, Any] = result["data"]["company"]
    return company


def _full_company_api(t: str, name: str) -> dict[str, Any]:
    """What the API answers for a company known only from `_company(t, name)`."""
    return {
        "domain": f"{t}.example",
        "name": name,
        "linkedinUrl": f"https://www.linkedin.com/company/{t}",
        "city": "Austin",
        "state": "Texas",
        "country": "United States",
        "industry": "Software Development",
        "employeeRange": "11-50",
        "description": "Billing software",
        "foundedYear": 2015,
        "keywords": ["billing", "invoicing"],
        "naicsCodes": ["511210", "541511"],
        "revenueRange": "$1M-$10M",
        "socials": {
            "linkedin": f"https://www.linkedin.com/company/{t}",
            "twitter": f"https://twitter.com/{t}",
            "facebook": f"https://facebook.com/{t}",
            "instagram": f"https://instagram.com/{t}",
            "youtube": f"https://youtube.com/@{t}",
        },
        "funding": {
            "totalRaisedUsd": 12500000.0,
            "lastRoundType": "Series B",
            "lastRoundDate": "2025-01-15",
            "rounds": [
                {"type": "Seed", "date": "2023-02-01", "amountUsd": 2500000.0, "investors": ["Angel One"]},
                {
                    "type": "Series B",
                    "date": "2025-01-15",
                    "amountUsd": 10000000.0,
                    "investors": ["Example Ventures", "Sample Capital"],
                },
            ],
        },
    }


async def test_the_files_examples_are_read_back_through_graphql(gql: GraphQLClient, engine: AsyncEngine) -> None:
    t = _tag()
    await _ingest_all(
        engine, ("companyenrich_company", _section_3_example(t)), ("similar_company_preview", _section_8_example(t))
    )
    acme = await _company_of(gql, f"{t}.example", "similarCompanies { nodes { domain name similarityScore } }")
    linkedin = f"https://www.linkedin.com/company/{t}"
    assert acme == {
        "domain": f"{t}.example",
        "name": "Acme Corp",
        "linkedinUrl": linkedin,
        "city": "Austin",
        "state": "Texas",
        "country": "United States",
        "industry": acme["industry"],  # the vocabulary's name for "Software"
        "employeeRange": "51-200",
        "description": None,
        "foundedYear": None,
        "keywords": ["billing", "saas"],
        "naicsCodes": ["511210"],
        "revenueRange": "$10M-$50M",
        "socials": {"linkedin": linkedin, "twitter": None, "facebook": None, "instagram": None, "youtube": None},
        "funding": {
            "totalRaisedUsd": None,
            "lastRoundType": "Series A",
            "lastRoundDate": "2024-05-01",
            "rounds": [
                {
                    "type": "Series A",
                    "date": "2024-05-01",
                    "amountUsd": 10000000.0,
                    "investors": ["Example Ventures", "Sample Capital"],
                }
            ],
        },
        "similarCompanies": {
            "nodes": [{"domain": f"globex-{t}.example", "name": "Globex Example", "similarityScore": 0.91}]
        },
    }
    assert acme["industry"]
    globex = await _company_of(gql, f"globex-{t}.example")
    assert globex == {
        **dict.fromkeys(["city", "state", "country", "description", "foundedYear"]),
        **NO_FIRMOGRAPHICS,
        "domain": f"globex-{t}.example",
        "name": "Globex Example",
        "linkedinUrl": f"https://www.linkedin.com/company/globex-{t}",
        "industry": acme["industry"],
        "employeeRange": "11-50",
        "socials": {
            "linkedin": f"https://www.linkedin.com/company/globex-{t}",
            **dict.fromkeys(["twitter", "facebook", "instagram", "youtube"]),
        },
    }


async def test_every_field_is_read_back_by_company_and_in_the_list_one_statement_per_relation(
    gql: GraphQLClient, engine: AsyncEngine, app: Starlette
) -> None:
    t, u = _tag(), _tag()
    preview = {"input_domain": f"{t}.example", "payload": {"items": [_company(u, f"Hooli {t}")]}}
    await _ingest_all(
        engine,
        ("companyenrich_company", {"domain": f"{t}.example", "raw_payload": _company(t, f"Initech {t}")}),
        ("similar_company_preview", preview),
    )
    expected = [_full_company_api(u, f"Hooli {t}"), _full_company_api(t, f"Initech {t}")]
    assert await _company_of(gql, f"{t}.example") == expected[1]
    assert await _company_of(gql, f"{u}.example") == expected[0]
    query = f'{{ companies(filter: {{name: "{t}"}}, orderBy: [{{field: NAME}}]) {{ nodes {{ {COMPANY} }} }} }}'
    with statements(app.state.reader_engine, app.state.compiled) as seen:
        result = await gql(query)
    assert result["data"]["companies"]["nodes"] == expected, result
    assert len(seen) == 4, seen  # the page, socials, funding, rounds
    # scalars only: PostgreSQL writes the page's JSON (gateway/json_pages.py), arrays included
    scalars = "domain keywords naicsCodes revenueRange"
    with statements(app.state.reader_engine, app.state.compiled) as seen:
        result = await gql(query.replace(COMPANY, scalars))
    assert result["data"]["companies"]["nodes"] == [{k: c[k] for k in scalars.split()} for c in expected]
    assert len(seen) == 1, seen


async def test_each_field_takes_the_first_source_that_knows_it(gql: GraphQLClient, engine: AsyncEngine) -> None:
    t = _tag()
    d, e = f"{t}.example", f"only-{t}.example"
    preview_of_d = {
        "id": "p1",
        "domain": d,
        "name": "Preview Name",
        "keywords": ["preview"],
        "revenue": "$1B+",
        "socials": {"twitter_url": "https://twitter.com/preview", "instagram_url": "https://ig.example/p"},
        "financial": {"total_funding": "$3M", "funding": [{"type": "Seed", "amount": "$3M", "from": "X"}]},
    }
    preview_of_e = {"id": "p2", "domain": e, "name": "Only Preview", "revenue": "$1M-$10M", "keywords": ["solo"]}
    await _ingest_all(
        engine,
        ("company_firmographics", {"company_domain": d, "name": "Firmo Name", "description": "From Clay"}),
        ("company_discovery", {"domain": d, "annual_revenue": "$50M-$100M", "description": "From discovery"}),
        ("company_discovery", {"domain": e, "annual_revenue": "$50M-$100M"}),
        ("companyenrich_company", {"domain": d, "raw_payload": {"name": "CE Name", "keywords": ["ce"],
                                   "revenue": "$10M-$50M", "socials": {"twitter_url": "https://twitter.com/ce"},
                                   "financial": {"funding_stage": "Series A"}}}),
        ("similar_company_preview", {"input_domain": f"input-{t}.example",
                                     "payload": {"items": [preview_of_d, preview_of_e]}}),
    )  # fmt: skip
    got = await _company_of(gql, d)
    assert (got["name"], got["description"], got["keywords"], got["revenueRange"]) == (
        "Firmo Name",  # company_firmographics (1) before CompanyEnrich (1.5)
        "From Clay",
        ["ce"],  # CompanyEnrich (1.5) before the preview (5.5)
        "$10M-$50M",  # CompanyEnrich (1.5) before discovery (2)
    )
    assert got["socials"] == {"linkedin": None, "twitter": "https://twitter.com/ce", "facebook": None,
                              "instagram": "https://ig.example/p", "youtube": None}  # fmt: skip
    # the last round from CompanyEnrich's summary; the total and the rounds only the preview knows
    seed = {"type": "Seed", "date": None, "amountUsd": 3e6, "investors": ["X"]}
    assert got["funding"] == {
        "totalRaisedUsd": 3e6,
        "lastRoundType": "Series A",
        "lastRoundDate": None,
        "rounds": [seed],
    }
    only = await _company_of(gql, e)
    assert (only["name"], only["keywords"], only["revenueRange"]) == ("Only Preview", ["solo"], "$50M-$100M")
