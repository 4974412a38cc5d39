"""Apollo and Nostra imports (LEGACY-PAYLOADS section 10) through the real pipeline: every Apollo
people shape to `apollo_person` (with the employer's row), every Apollo company shape to
`apollo_company`, Nostra's companies and people to `nostra_company` / `nostra_person`; then the core
build, where they are lower-priority sources, and the API.

Each example carries every field the file lists for its endpoint (the scrape's is the file's own
example plus the fields it leaves out); the extracted rows are compared whole, so a field that stops
landing fails the test.
"""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from ingest.core_build.build import rebuild_core
from ingest.erasure import erase_person
from ingest.pipeline import IngestStatus, ingest
from tests.conftest import GraphQLClient
from tests.conftest import sql_rows as rows

BOOKKEEPING = {"id", "raw_id", "created_at", "updated_at"}

PERSON_NONE = dict.fromkeys(
    [
        "linkedin_url", "first_name", "last_name", "full_name", "email", "company_name", "company_domain",
        "company_linkedin_url", "workflow_slug", "apollo_person_url", "cleaned_first_name", "cleaned_last_name",
        "cleaned_full_name", "title", "cleaned_job_title", "headline", "seniority", "email_status", "departments",
        "subdepartments", "functions", "location", "city", "state", "country", "photo_url", "cleaned_company_name",
        "company_website", "apollo_company_url", "company_headcount", "industry", "scrape_settings_id",
        "raw_record_id", "source_created_at",
    ]
)  # fmt: skip
COMPANY_NONE = dict.fromkeys(
    [
        "company_domain", "company_linkedin_url", "apollo_company_url", "company_website", "company_name",
        "cleaned_company_name", "company_headcount", "industry", "phone", "city", "state", "country", "postal_code",
        "address", "street", "annual_revenue", "total_funding", "latest_funding_type", "latest_funding_amount",
        "last_fund_raised_at", "market_cap", "founded_year", "short_description", "seo_description",
        "number_of_retail_locations", "is_likely_to_engage", "blog_url", "twitter_url", "facebook_url", "keywords",
        "technologies", "workflow_slug", "scrape_settings_id", "raw_record_id", "source_created_at",
    ]
)  # fmt: skip


def _tag() -> str:
    return uuid.uuid4().hex[:10]


async def _stored_once(engine: AsyncEngine, source: str, body: dict[str, Any], *tables: str) -> list[dict[str, Any]]:
    """The rows the body wrote, table by table (after checking that a re-send is a DUPLICATE)."""
    first = await ingest(engine, source, body)
    assert first.status is IngestStatus.STORED, first
    again = await ingest(engine, source, body)
    assert (again.status, again.raw_id) == (IngestStatus.DUPLICATE, first.raw_id)
    found = []
    for table in tables:
        written = await rows(engine, f"SELECT * FROM extracted.{table} WHERE raw_id = :r ORDER BY id", r=first.raw_id)
        found += [{k: v for k, v in row.items() if k not in BOOKKEEPING} for row in written]
    assert first.extracted_count == len(found)
    return found


def _scrape(t: str) -> dict[str, Any]:
    """ingest_apollo_scrape: the file's example with the fields it leaves out."""
    return {"first_name": "Jane", "last_name": "Doe", "title": "Head of Growth",
            "person_linkedin_link": f"https://www.linkedin.com/in/jane-{t}", "company_name": "Acme Corp",
            "company_website_full": f"https://www.{t}.example", "employee_count": "120",
            "departments": "marketing, sales", "company_keywords": "billing, saas", "lead_city": "Austin",
            "lead_country": "United States",
            "cleaned_company_name": "Acme", "domain": "", "linkedin_url": f"https://www.linkedin.com/company/{t}",
            "cleaned_first_name": "Jane", "cleaned_last_name": "Doe", "cleaned_full_name": "Jane Doe",
            "workflow_slug": "apollo-scrape", "full_name": "Jane Doe", "headline": "Growth at Acme",
            "seniority": "head", "email": f"jane@{t}.example", "email_status": "verified", "lead_state": "Texas",
            "industry": "Computer Software", "subdepartments": "growth", "functions": "marketing",
            "company_linkedin_link": "null", "company_phone_number": "+1 512 555 0100", "company_city": "Austin",
            "company_state": "Texas", "company_country": "United States", "company_postal_code": "78701",
            "company_address": "1 Main St, Austin, TX 78701", "company_street": "1 Main St",
            "company_annual_revenue": "$12M", "company_total_funding": "$30M",
            "company_latest_funding_type": "Series B", "company_latest_funding_amount": "$20M",
            "last_fund_raised_at": "2024-06-01", "company_market_cap": "None", "company_founded_year": "2015",
            "company_short_description": "Billing software.", "company_seo_description": "Acme bills SaaS.",
            "number_of_retail_locations": "0", "is_likely_to_engage": "true",
            "company_blog_link": "https://blog.acme.example", "company_twitter_link": "https://x.com/acme",
            "company_facebook_link": "https://facebook.com/acme", "company_technologies": "Stripe, React"}  # fmt: skip


def _scrape_company(t: str) -> dict[str, Any]:
    return {
        **COMPANY_NONE,
        "company_domain": f"{t}.example",
        "company_linkedin_url": f"https://www.linkedin.com/company/{t}",
        "company_website": f"https://www.{t}.example",
        "company_name": "Acme Corp",
        "cleaned_company_name": "Acme",
        "company_headcount": 120,
        "industry": "Computer Software",
        "phone": "+1 512 555 0100",
        "city": "Austin",
        "state": "Texas",
        "country": "United States",
        "postal_code": "78701",
        "address": "1 Main St, Austin, TX 78701",
        "street": "1 Main St",
        "annual_revenue": "$12M",
        "total_funding": "$30M",
        "latest_funding_type": "Series B",
        "latest_funding_amount": "$20M",
        "last_fund_raised_at": "2024-06-01",
        "founded_year": 2015,
        "short_description": "Billing software.",
        "seo_description": "Acme bills SaaS.",
        "number_of_retail_locations": 0,
        "is_likely_to_engage": "true",
        "blog_url": "https://blog.acme.example",
        "twitter_url": "https://x.com/acme",
        "facebook_url": "https://facebook.com/acme",
        "keywords": "billing, saas",
        "technologies": "Stripe, React",
        "workflow_slug": "apollo-scrape",
    }


async def test_scrape_row_lands_whole_as_a_person_and_their_company(engine: AsyncEngine) -> None:
    t = _tag()
    person = f"https://www.linkedin.com/in/jane-{t}"
    assert await _stored_once(engine, "apollo_person", _scrape(t), "apollo_people", "apollo_companies") == [
        {
            **PERSON_NONE,
            "person_key": person,
            "linkedin_url": person,
            "first_name": "Jane",
            "last_name": "Doe",
            "full_name": "Jane Doe",
            "email": f"jane@{t}.example",
            "company_name": "Acme Corp",
            "company_domain": f"{t}.example",  # from the website: the Clay `domain` came empty
            "company_linkedin_url": f"https://www.linkedin.com/company/{t}",  # sent as `linkedin_url`
            "workflow_slug": "apollo-scrape",
            "cleaned_first_name": "Jane",
            "cleaned_last_name": "Doe",
            "cleaned_full_name": "Jane Doe",
            "title": "Head of Growth",
            "headline": "Growth at Acme",
            "seniority": "head",
            "email_status": "verified",
            "departments": "marketing, sales",
            "subdepartments": "growth",
            "functions": "marketing",
            "city": "Austin",
            "state": "Texas",
            "country": "United States",
            "cleaned_company_name": "Acme",
            "company_website": f"https://www.{t}.example",
            "company_headcount": 120,
            "industry": "Computer Software",
        },
        {"company_key": f"{t}.example", **_scrape_company(t)},
    ]


async def test_scrape_row_sent_to_apollo_company_lands_its_company_columns(engine: AsyncEngine) -> None:
    t = _tag()
    found = await _stored_once(engine, "apollo_company", _scrape(t), "apollo_companies")
    assert found == [{"company_key": f"{t}.example", **_scrape_company(t)}]


def _instantdata(t: str) -> dict[str, Any]:
    return {"id": f"rec_{t}", "scrape_settings_id": f"ss_{t}", "full_name": "Sam Roe", "job_title": "VP Sales",
            "linkedin_url": f"http://linkedin.com/in/sam-{t}/", "person_location": "Denver, Colorado, United States",
            "photo_url": "https://img.example/sam.jpg", "apollo_person_url": f"https://app.apollo.io/#/people/{t}",
            "apollo_company_url": f"https://app.apollo.io/#/organizations/{t}", "company_name": "Beta Inc",
            "company_headcount": "1,200", "industry": "Retail", "created_at": "2025-03-01T10:00:00Z"}  # fmt: skip


async def test_instantdata_record_lands_as_a_person_and_its_apollo_company(engine: AsyncEngine) -> None:
    t = _tag()
    person = f"https://www.linkedin.com/in/sam-{t}"
    record = {"scrape_settings_id": f"ss_{t}", "raw_record_id": f"rec_{t}", "source_created_at": "2025-03-01T10:00:00Z"}
    company = {"apollo_company_url": f"https://app.apollo.io/#/organizations/{t}", "company_name": "Beta Inc",
               "company_headcount": 1200, "industry": "Retail", **record}  # fmt: skip
    assert await _stored_once(engine, "apollo_person", _instantdata(t), "apollo_people", "apollo_companies") == [
        {
            **PERSON_NONE,
            **company,
            "person_key": person,
            "linkedin_url": person,
            "full_name": "Sam Roe",
            "title": "VP Sales",
            "location": "Denver, Colorado, United States",
            "photo_url": "https://img.example/sam.jpg",
            "apollo_person_url": f"https://app.apollo.io/#/people/{t}",
        },
        {**COMPANY_NONE, **company, "company_key": f"https://app.apollo.io/#/organizations/{t}"},
    ]
    # the company part alone, to apollo_company
    [alone] = await _stored_once(engine, "apollo_company", {**_instantdata(t), "id": f"rec2_{t}"}, "apollo_companies")
    assert alone == {
        **COMPANY_NONE,
        **company,
        "raw_record_id": f"rec2_{t}",
        "company_key": company["apollo_company_url"],
    }


async def test_cleaned_person_lands_with_its_hyphenated_title(engine: AsyncEngine) -> None:
    t = _tag()
    body = {"linkedin_url": f"https://www.linkedin.com/in/ana-{t}", "apollo_person_url": f"https://app.apollo.io/#/people/a{t}",
            "photo_url": "https://img.example/ana.jpg", "full_name": "ANA LIMA", "job_title": "vp, sales & ops",
            "company_name": "Gamma LLC", "person_location": "Lisbon, Portugal", "cleaned_first_name": "Ana",
            "cleaned_last_name": "Lima", "cleaned_full_name": "Ana Lima", "cleaned-job-title": "VP Sales"}  # fmt: skip
    assert await _stored_once(engine, "apollo_person", body, "apollo_people", "apollo_companies") == [
        {
            **PERSON_NONE,
            "person_key": f"https://www.linkedin.com/in/ana-{t}",
            "linkedin_url": f"https://www.linkedin.com/in/ana-{t}",
            "apollo_person_url": f"https://app.apollo.io/#/people/a{t}",
            "photo_url": "https://img.example/ana.jpg",
            "full_name": "ANA LIMA",
            "title": "vp, sales & ops",
            "company_name": "Gamma LLC",
            "location": "Lisbon, Portugal",
            "cleaned_first_name": "Ana",
            "cleaned_last_name": "Lima",
            "cleaned_full_name": "Ana Lima",
            "cleaned_job_title": "VP Sales",
        }
    ]
    # the underscore spelling is read too, and a person known by Apollo URL only is kept under it
    other = {"apollo_person_url": f"https://app.apollo.io/#/people/b{t}", "cleaned_job_title": "CFO"}
    [row] = await _stored_once(engine, "apollo_person", other, "apollo_people")
    assert (row["person_key"], row["linkedin_url"], row["cleaned_job_title"]) == (
        other["apollo_person_url"],
        None,
        "CFO",
    )


async def test_cleaned_company_lands_whole(engine: AsyncEngine) -> None:
    t = _tag()
    body = {"apollo_company_url": f"https://app.apollo.io/#/organizations/c{t}", "company_name": "Delta Co",
            "company_headcount": "45", "industry": "Logistics"}  # fmt: skip
    assert await _stored_once(engine, "apollo_company", body, "apollo_companies") == [
        {
            **COMPANY_NONE,
            "company_key": body["apollo_company_url"],
            "apollo_company_url": body["apollo_company_url"],
            "company_name": "Delta Co",
            "company_headcount": 45,
            "industry": "Logistics",
        }
    ]


def _nostra_company(t: str) -> dict[str, Any]:
    return {"name": "Shopify Store Co", "domain": f"https://{t}-shop.example/", "linkedin_url":
            f"https://www.linkedin.com/company/{t}-shop", "description": "Direct-to-consumer candles.",
            "city": "Portland", "state": "Oregon", "country": "United States",
            "workflow_slug": "nostra-ecom-companies"}  # fmt: skip


async def test_nostra_company_lands_whole(engine: AsyncEngine) -> None:
    t = _tag()
    assert await _stored_once(engine, "nostra_company", _nostra_company(t), "nostra_companies") == [
        {
            "company_domain": f"{t}-shop.example",
            "company_linkedin_url": f"https://www.linkedin.com/company/{t}-shop",
            "name": "Shopify Store Co",
            "description": "Direct-to-consumer candles.",
            "city": "Portland",
            "state": "Oregon",
            "country": "United States",
            "workflow_slug": "nostra-ecom-companies",
        }
    ]


def _nostra_person(t: str) -> dict[str, Any]:
    return {"first_name": "Lee", "last_name": "Park", "email": f"Lee@{t}-shop.example",
            "company_name": "Shopify Store Co", "domain": f"{t}-shop.example", "person_linkedin_url": f"https://linkedin.com/in/lee-{t}",
            "company_linkedin_url": f"https://www.linkedin.com/company/{t}-shop",
            "workflow_slug": "nostra-ecom-people"}  # fmt: skip


async def test_nostra_person_lands_whole(engine: AsyncEngine) -> None:
    t = _tag()
    assert await _stored_once(engine, "nostra_person", _nostra_person(t), "nostra_people") == [
        {
            "person_key": f"https://www.linkedin.com/in/lee-{t}",
            "linkedin_url": f"https://www.linkedin.com/in/lee-{t}",
            "first_name": "Lee",
            "last_name": "Park",
            "full_name": "Lee Park",
            "email": f"Lee@{t}-shop.example",
            "company_name": "Shopify Store Co",
            "company_domain": f"{t}-shop.example",
            "company_linkedin_url": f"https://www.linkedin.com/company/{t}-shop",
            "workflow_slug": "nostra-ecom-people",
        }
    ]
    # without a LinkedIn URL the email is the key (lower-cased), else the name at the domain
    no_url = {k: v for k, v in _nostra_person(t).items() if k != "person_linkedin_url"}
    [by_email] = await _stored_once(engine, "nostra_person", no_url, "nostra_people")
    assert by_email["person_key"] == f"lee@{t}-shop.example"
    by_name = {k: v for k, v in no_url.items() if k != "email"}
    [named] = await _stored_once(engine, "nostra_person", by_name, "nostra_people")
    assert named["person_key"] == f"{t}-shop.example lee park"


@pytest.mark.parametrize(
    ("source", "body", "reason"),
    [
        (
            "apollo_person",
            {"title": "CEO", "company_name": "Acme", "workflow_slug": "apollo-scrape"},
            "apollo_person_url",
        ),
        ("apollo_person", {"full_name": "Jane Doe", "company_name": "Acme"}, "with a company domain"),
        ("apollo_person", {"person_linkedin_link": "not a url", "full_name": "Jane"}, "LinkedIn URL"),
        # firmographics with no company to hang on are not dropped silently
        ("apollo_person", {"email": "a@b.example", "company_annual_revenue": "$1M"}, "annual_revenue"),
        ("apollo_company", {"company_name": "Acme", "company_headcount": "10"}, "apollo_company_url"),
        ("apollo_company", {"domain": "not a domain", "company_name": "Acme"}, "domain"),
        ("nostra_company", {"name": "Acme", "city": "Austin"}, "company_linkedin_url"),
        ("nostra_person", {"first_name": "Lee", "company_name": "Acme"}, "an email"),
        ("nostra_person", {"email": "lee@acme.example", "person_linkedin_url": "nope"}, "LinkedIn URL"),
        ("nostra_person", {"email": "lee@acme.example", "domain": "not a domain"}, "domain"),
        ("apollo_person", {"email": "lee@acme.example", "domain": "not a domain"}, "domain"),
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
    examples = {"apollo_person": _scrape(t), "apollo_company": _instantdata(t), "nostra_company": _nostra_company(t),
                "nostra_person": _nostra_person(t)}  # fmt: skip
    for source, body in examples.items():
        first = await client.post(f"/ingest/{source}", json=body, headers=headers)
        assert (first.status_code, first.json()["status"], first.json()["source"]) == (200, "STORED", source)
        again = await client.post(f"/ingest/{source}", json=body, headers=headers)
        assert (again.status_code, again.json()["status"]) == (200, "DUPLICATE")
        for bad in ({}, [], "x", {"raw_payload": "{}"}, {"raw_payload": {"email": None}}):
            refused = await client.post(f"/ingest/{source}", json=bad, headers=headers)
            assert refused.status_code < 500, refused.text
        empty = await client.post(f"/ingest/{source}", json={"workflow_slug": "apollo"}, headers=headers)
        assert (empty.status_code, empty.json()["status"]) == (422, "REJECTED")
        assert empty.json()["errors"], empty.json()
    metrics = (await client.get("/metrics")).text
    assert 'hq_ingest_total{source="apollo_person",status="stored"}' in metrics
    assert 'hq_ingest_total{source="nostra_person",status="rejected"}' in metrics


async def test_erasing_a_person_removes_their_apollo_and_nostra_rows(engine: AsyncEngine) -> None:
    t = _tag()
    url = f"https://www.linkedin.com/in/lee-{t}"
    assert (await ingest(engine, "nostra_person", _nostra_person(t))).status is IngestStatus.STORED
    body = {"person_linkedin_link": url, "full_name": "Lee Park", "title": "Founder"}
    assert (await ingest(engine, "apollo_person", body)).status is IngestStatus.STORED
    report = await erase_person(engine, url)
    assert report.extracted_rows == 2
    assert report.raw_payloads_redacted >= 2


async def test_graphql_ingest_takes_the_upper_cased_names(gql: GraphQLClient) -> None:
    mutation = "mutation($s: IngestSource!, $p: JSON!) { ingest(source: $s, payload: $p) { source status } }"
    t = _tag()
    for source, body in (("APOLLO_PERSON", _scrape(t)), ("APOLLO_COMPANY", _scrape(t)),
                         ("NOSTRA_COMPANY", _nostra_company(t)), ("NOSTRA_PERSON", _nostra_person(t))):  # fmt: skip
        result = await gql(mutation, {"s": source, "p": body}, role="ingest")
        assert result["data"]["ingest"] == {"source": source, "status": "STORED"}


# --- core and the API -----------------------------------------------------------------------------

PERSON = """query($u: String!) { person(linkedinUrl: $u) { fullName firstName lastName headline personCity personState
  personCountry companyDomain companyName company { name } } }"""
COMPANY = """query($d: String!) { company(domain: $d) { name linkedinUrl city state country industry employeeRange
  description foundedYear } }"""


async def _core(engine: AsyncEngine, gql: GraphQLClient, person: str, domain: str) -> tuple[Any, Any, Any]:
    """After a core build: the person and the company through GraphQL, and the person's raw job (title, company)."""
    async with engine.begin() as conn:
        await rebuild_core(conn)
    found = (await gql(PERSON, {"u": person}))["data"]["person"]
    company = (await gql(COMPANY, {"d": domain}))["data"]["company"]
    job = await rows(engine, "SELECT job_title, company_name FROM core.people WHERE linkedin_url = :u", u=person)
    return found, company, tuple(job[0].values()) if job else None


async def test_apollo_people_and_companies_reach_core_below_the_richer_sources(
    engine: AsyncEngine, gql: GraphQLClient
) -> None:
    t = _tag()
    person, domain = f"https://www.linkedin.com/in/jane-{t}", f"{t}.example"
    assert (await ingest(engine, "apollo_person", _scrape(t))).status is IngestStatus.STORED
    found, company, job = await _core(engine, gql, person, domain)
    assert found == {
        "fullName": "Jane Doe",  # the Clay-cleaned names
        "firstName": "Jane",
        "lastName": "Doe",
        "headline": "Growth at Acme",
        "personCity": "Austin",
        "personState": "Texas",
        "personCountry": "United States",
        "companyDomain": domain,
        "companyName": "Acme",
        "company": {"name": "Acme"},
    }
    assert job == ("Head of Growth", "Acme")
    assert company == {
        "name": "Acme",
        "linkedinUrl": f"https://www.linkedin.com/company/{t}",
        "city": "Austin",
        "state": "Texas",
        "country": "United States",
        "industry": company["industry"],  # mapped to the vocabulary: checked below
        "employeeRange": "51-200",
        "description": "Billing software.",
        "foundedYear": 2015,
    }
    assert company["industry"]

    # a profile and firmographics for the same person and company win field by field; Apollo fills the rest
    await ingest(engine, "person_profile", {"linkedin_url": person, "full_name": "Jane Q. Doe", "headline": "CMO",
                 "latest_experience": {"title": "Chief Marketing Officer", "company": "Acme Corp",
                                       "company_domain": domain}})  # fmt: skip
    await ingest(engine, "company_firmographics", {"company_domain": domain, "name": "Acme Corporation",
                 "description": "The billing company."})  # fmt: skip
    found, company, job = await _core(engine, gql, person, domain)
    assert (found["fullName"], found["headline"], job) == (
        "Jane Q. Doe",
        "CMO",
        ("Chief Marketing Officer", "Acme Corp"),
    )
    assert found["companyName"] == found["company"]["name"] == "Acme Corporation"  # a lead's company is core's
    assert (found["firstName"], found["personCity"]) == ("Jane", "Austin")  # the profile has neither
    assert (company["name"], company["description"], company["foundedYear"], company["city"]) == (
        "Acme Corporation", "The billing company.", 2015, "Austin"
    )  # fmt: skip


async def test_nostra_people_and_companies_reach_core_below_apollo(engine: AsyncEngine, gql: GraphQLClient) -> None:
    t = _tag()
    person, domain = f"https://www.linkedin.com/in/lee-{t}", f"{t}-shop.example"
    assert (await ingest(engine, "nostra_company", _nostra_company(t))).status is IngestStatus.STORED
    assert (await ingest(engine, "nostra_person", _nostra_person(t))).status is IngestStatus.STORED
    found, company, job = await _core(engine, gql, person, domain)
    assert found == {
        "fullName": "Lee Park",
        "firstName": "Lee",
        "lastName": "Park",
        "headline": None,
        "personCity": None,
        "personState": None,
        "personCountry": None,
        "companyDomain": domain,
        "companyName": "Shopify Store Co",
        "company": {"name": "Shopify Store Co"},
    }
    assert job == (None, "Shopify Store Co")
    assert company == {
        "name": "Shopify Store Co",
        "linkedinUrl": f"https://www.linkedin.com/company/{t}-shop",
        "city": "Portland",
        "state": "Oregon",
        "country": "United States",
        "industry": None,
        "employeeRange": None,
        "description": "Direct-to-consumer candles.",
        "foundedYear": None,
    }

    # Apollo (6) beats Nostra (7) for the same person and company
    apollo = {"person_linkedin_link": person, "cleaned_full_name": "Lee J. Park", "title": "Founder",
              "company_name": "Candle Co", "domain": domain, "company_short_description": "Candles."}  # fmt: skip
    assert (await ingest(engine, "apollo_person", apollo)).status is IngestStatus.STORED
    found, company, job = await _core(engine, gql, person, domain)
    assert (found["fullName"], found["firstName"], job) == ("Lee J. Park", "Lee", ("Founder", "Candle Co"))
    assert (company["name"], company["description"], company["city"]) == ("Candle Co", "Candles.", "Portland")


async def test_people_without_a_linkedin_url_and_companies_without_a_domain_stay_in_extracted(
    engine: AsyncEngine,
) -> None:
    t = _tag()
    await ingest(engine, "apollo_person", {"apollo_person_url": f"https://app.apollo.io/#/people/z{t}",
                 "full_name": f"Nobody {t}", "apollo_company_url": f"https://app.apollo.io/#/organizations/z{t}",
                 "company_name": f"Nameless {t}"})  # fmt: skip
    await ingest(engine, "nostra_company", {"linkedin_url": f"https://www.linkedin.com/company/z{t}", "name": f"Z {t}"})
    async with engine.begin() as conn:
        await rebuild_core(conn)
    assert await rows(engine, "SELECT id FROM core.people WHERE full_name = :n", n=f"Nobody {t}") == []
    assert await rows(engine, "SELECT id FROM core.companies WHERE name IN (:a, :b)",
                      a=f"Nameless {t}", b=f"Z {t}") == []  # fmt: skip
