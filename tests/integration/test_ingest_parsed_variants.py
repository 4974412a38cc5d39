"""Pre-parsed / cleaned variants (LEGACY-PAYLOADS section 9) through the real pipeline, then core.

`company_location_parsed`, `person_location_parsed`, `person_title_enrichment`, `company_cleaned_name`
and `company_address`: each example carries every field the file lists for its endpoint (the person
one is the file's own example plus what it leaves out); the extracted rows are compared whole, in the
base source's table and in the variant's own, so a field that stops landing fails the test. Then the
core build: a parsed value beats a guessed one from another source, read back through GraphQL.
"""

from __future__ import annotations

import json
import uuid
from datetime import date
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from ingest.core_build.build import rebuild_core
from ingest.core_build.mapping import map_title_fallback
from ingest.erasure import erase_person
from ingest.pipeline import IngestStatus, ingest
from tests.conftest import GraphQLClient
from tests.conftest import sql_rows as rows

BOOKKEEPING = {"id", "raw_id", "created_at", "updated_at"}


def _tag() -> str:
    return uuid.uuid4().hex[:10]


async def _stored_once(engine: AsyncEngine, source: str, body: dict[str, Any]) -> int:
    first = await ingest(engine, source, body)
    assert first.status is IngestStatus.STORED, first
    again = await ingest(engine, source, body)
    assert (again.status, again.raw_id) == (IngestStatus.DUPLICATE, first.raw_id)
    assert first.raw_id is not None
    return first.raw_id


async def _extracted(engine: AsyncEngine, table: str, raw_id: int) -> list[dict[str, Any]]:
    found = await rows(engine, f"SELECT * FROM extracted.{table} WHERE raw_id = :r ORDER BY id", r=raw_id)
    return [{k: v for k, v in row.items() if k not in BOOKKEEPING} for row in found]


# --- the examples: every field of the file's table --------------------------------------------------


def _company_location(t: str) -> dict[str, Any]:
    return {"company_domain": f"https://www.{t}.example/", "workflow_slug": "clay-find-companies-location-parsed",
            "clay_table_url": f"https://app.clay.com/tables/{t}",
            "raw_company_payload": {"name": "Acme Corp, Inc.", "linkedin_url": f"linkedin.com/company/{t}",
             "linkedin_company_id": "1001", "clay_company_id": "c-1", "size": "51-200 employees", "type": "Private",
             "country": "Germany", "location": "Berlin", "industry": "Software Development",
             "industries": ["Software Development", "SaaS"], "description": "Billing software",
             "annual_revenue": "$10M - $50M", "total_funding_amount_range_usd": "$1M - $5M",
             "resolved_domain": f"www.{t}.example", "derived_datapoints": {"tech": ["react"]}},
            "raw_company_location_payload": json.dumps({"city": "Austin", "state": "Texas",
                                                        "hasCity": True, "hasState": True})}  # fmt: skip


def _person_location(t: str) -> dict[str, Any]:
    """The file's example, plus the fields it leaves out."""
    return {"linkedin_url": f"https://www.linkedin.com/in/jane-doe-{t}",
            "workflow_slug": "clay-find-people-location-parsed",
            "clay_table_url": f"https://app.clay.com/tables/{t}",
            "raw_person_payload": {"first_name": "Jane", "last_name": "Doe", "name": "Jane Doe",
             "location_name": "Austin, Texas", "domain": f"{t}.example", "latest_experience_title": "VP Sales",
             "latest_experience_company": "Acme Corp", "latest_experience_start_date": "2024-03-01",
             "company_table_id": "t_1", "company_record_id": "r_1"},
            "raw_person_parsed_location_payload": {"city": "Austin", "state": "Texas", "country": "United States",
             "hasCity": True, "hasState": True, "hasCountry": True}}  # fmt: skip


def _title_enrichment(t: str) -> dict[str, Any]:
    return {"linkedin_url": f"linkedin.com/in/sam-roe-{t}/", "workflow_slug": "ppl-title-enrich",
            "first_name": "sam", "last_name": "roe", "full_name": "sam roe", "cleaned_first_name": "Sam",
            "cleaned_last_name": "Roe", "cleaned_full_name": "Sam Roe", "location_name": "Greater Munich",
            "city": "Munich", "state": "Bavaria", "country": "Germany", "has_city": True, "has_state": "true",
            "has_country": 1, "company_domain": f"{t}.example", "latest_company": "Acme Corp",
            "latest_title": "Sr. Dir., RevOps", "latest_start_date": "2023-05-01",
            "cleaned_job_title": "Director of Revenue Operations", "seniority_level": "Director",
            "job_function": "Operations", "clay_company_table_id": "t_2", "clay_company_record_id": "r_2",
            "clay_table_url": f"https://app.clay.com/tables/{t}"}  # fmt: skip


def _cleaned_name(t: str) -> dict[str, Any]:
    return {"domain": f"{t}.example", "original_company_name": "ACME CORP, INC.", "cleaned_company_name": "Acme"}


def _address(t: str) -> dict[str, Any]:
    return {"company_name": "Acme Corp", "linkedin_url": f"https://www.linkedin.com/company/{t}/",
            "linkedin_urn": "urn:li:fsd_company:42", "domain": f"{t}.example", "company_description": "Billing",
            "company_industries": "Software Development", "company_headcount": "1,200",
            "company_registered_address": "500 W 2nd St, Austin, TX 78701, US",
            "workflow_slug": "ai-company-address-parsing",
            "city": "Austin", "state": "Texas", "country": "United States",
            "has_city": True, "has_state": True, "has_country": True}  # fmt: skip


def _parts(**values: Any) -> dict[str, Any]:
    return {"city": None, "state": None, "country": None, "has_city": None, "has_state": None, "has_country": None,
            **values}  # fmt: skip


# --- extraction -------------------------------------------------------------------------------------


async def test_company_location_parsed_lands_company_discovery_and_the_parsed_location(engine: AsyncEngine) -> None:
    t = _tag()
    raw_id = await _stored_once(engine, "company_location_parsed", _company_location(t))
    assert await _extracted(engine, "company_discovery", raw_id) == [
        {
            "domain": f"{t}.example",
            "name": "Acme Corp, Inc.",
            "linkedin_url": f"https://www.linkedin.com/company/{t}",
            "size": "51-200 employees",
            "industry": "Software Development",
            "location": "Berlin",
            "country": "Germany",
            "annual_revenue": "$10M - $50M",
            "funding_range": "$1M - $5M",
            "description": "Billing software",
            "linkedin_company_id": "1001",
            "clay_company_id": "c-1",
            "company_type": "Private",
            "industries": ["Software Development", "SaaS"],
            "resolved_domain": f"{t}.example",
            "derived_datapoints": {"tech": ["react"]},
            "clay_table_url": f"https://app.clay.com/tables/{t}",
        }
    ]
    assert await _extracted(engine, "company_locations_parsed", raw_id) == [
        {
            "source": "company_location_parsed",
            "company_domain": f"{t}.example",
            "company_linkedin_url": "",
            "registered_address": None,
            **_parts(city="Austin", state="Texas", has_city=True, has_state=True),
            "workflow_slug": "clay-find-companies-location-parsed",
            "clay_table_url": f"https://app.clay.com/tables/{t}",
        }
    ]


async def test_person_location_parsed_the_files_example_lands_whole(engine: AsyncEngine) -> None:
    t = _tag()
    raw_id = await _stored_once(engine, "person_location_parsed", _person_location(t))
    url = f"https://www.linkedin.com/in/jane-doe-{t}"
    assert await _extracted(engine, "person_discovery", raw_id) == [
        {
            "linkedin_url": url,
            "first_name": "Jane",
            "last_name": "Doe",
            "full_name": "Jane Doe",
            "location_name": "Austin, Texas",
            "company_domain": f"{t}.example",
            "latest_title": "VP Sales",
            "latest_company": "Acme Corp",
            "latest_start_date": date(2024, 3, 1),
            "cleaned_first_name": None,
            "cleaned_last_name": None,
            "cleaned_full_name": None,
            "company_table_id": "t_1",
            "company_record_id": "r_1",
            "clay_table_url": f"https://app.clay.com/tables/{t}",
        }
    ]
    assert await _extracted(engine, "person_locations_parsed", raw_id) == [
        {
            "source": "person_location_parsed",
            "linkedin_url": url,
            **_parts(city="Austin", state="Texas", country="United States", has_city=True, has_state=True,
                     has_country=True),
            "workflow_slug": "clay-find-people-location-parsed",
            "clay_table_url": f"https://app.clay.com/tables/{t}",
        }
    ]  # fmt: skip


async def test_person_title_enrichment_lands_person_location_and_title(engine: AsyncEngine) -> None:
    t = _tag()
    raw_id = await _stored_once(engine, "person_title_enrichment", _title_enrichment(t))
    url = f"https://www.linkedin.com/in/sam-roe-{t}"
    table_url = f"https://app.clay.com/tables/{t}"
    assert await _extracted(engine, "person_discovery", raw_id) == [
        {
            "linkedin_url": url,
            "first_name": "sam",
            "last_name": "roe",
            "full_name": "sam roe",
            "location_name": "Greater Munich",
            "company_domain": f"{t}.example",
            "latest_title": "Sr. Dir., RevOps",
            "latest_company": "Acme Corp",
            "latest_start_date": date(2023, 5, 1),
            "cleaned_first_name": "Sam",
            "cleaned_last_name": "Roe",
            "cleaned_full_name": "Sam Roe",
            "company_table_id": "t_2",
            "company_record_id": "r_2",
            "clay_table_url": table_url,
        }
    ]
    assert await _extracted(engine, "person_locations_parsed", raw_id) == [
        {
            "source": "person_title_enrichment",
            "linkedin_url": url,
            **_parts(city="Munich", state="Bavaria", country="Germany", has_city=True, has_state=True,
                     has_country=True),
            "workflow_slug": "ppl-title-enrich",
            "clay_table_url": table_url,
        }
    ]  # fmt: skip
    assert await _extracted(engine, "person_title_enrichments", raw_id) == [
        {
            "linkedin_url": url,
            "latest_title": "Sr. Dir., RevOps",
            "cleaned_job_title": "Director of Revenue Operations",
            "seniority_level": "Director",
            "job_function": "Operations",
            "workflow_slug": "ppl-title-enrich",
            "clay_table_url": table_url,
        }
    ]


async def test_company_cleaned_name_lands_both_names(engine: AsyncEngine) -> None:
    t = _tag()
    raw_id = await _stored_once(engine, "company_cleaned_name", {"raw_payload": _cleaned_name(t)})
    assert await _extracted(engine, "cleaned_company_names", raw_id) == [
        {"domain": f"{t}.example", "original_company_name": "ACME CORP, INC.", "cleaned_company_name": "Acme"}
    ]


async def test_company_address_lands_the_salesnav_company_and_the_address(engine: AsyncEngine) -> None:
    t = _tag()
    raw_id = await _stored_once(engine, "company_address", _address(t))
    address = "500 W 2nd St, Austin, TX 78701, US"
    assert await _extracted(engine, "salesnav_companies", raw_id) == [
        {
            "company_domain": f"{t}.example",
            "company_linkedin_url": f"https://www.linkedin.com/company/{t}",
            "company_name": "Acme Corp",
            "linkedin_urn": "urn:li:fsd_company:42",
            "description": "Billing",
            "headcount": 1200,
            "industries": "Software Development",
            "registered_address_raw": address,
        }
    ]
    assert await _extracted(engine, "company_locations_parsed", raw_id) == [
        {
            "source": "company_address",
            "company_domain": f"{t}.example",
            "company_linkedin_url": f"https://www.linkedin.com/company/{t}",
            "registered_address": address,
            **_parts(city="Austin", state="Texas", country="United States", has_city=True, has_state=True,
                     has_country=True),
            "workflow_slug": "ai-company-address-parsing",
            "clay_table_url": None,
        }
    ]  # fmt: skip


async def test_a_part_only_body_writes_no_empty_base_row(engine: AsyncEngine) -> None:
    """A body with only the parsed parts must not blank the company another body described."""
    t = _tag()
    await _stored_once(engine, "company_discovery", {"domain": f"{t}.example", "name": "Acme"})
    only = {"company_domain": f"{t}.example", "raw_company_location_payload": {"city": "Austin", "state": "TX"}}
    raw_id = await _stored_once(engine, "company_location_parsed", only)
    assert await _extracted(engine, "company_discovery", raw_id) == []
    [kept] = await rows(engine, "SELECT name FROM extracted.company_discovery WHERE domain = :d", d=f"{t}.example")
    assert kept == {"name": "Acme"}
    [parsed] = await _extracted(engine, "company_locations_parsed", raw_id)
    assert (parsed["city"], parsed["state"]) == ("Austin", "TX")


@pytest.mark.parametrize(
    ("source", "body", "reason"),
    [
        ("company_location_parsed", {"workflow_slug": "x", "raw_company_payload": {"name": "Acme"}}, "company_domain"),
        ("company_location_parsed", {"company_domain": "acme.example", "raw_company_payload": {},
                                     "raw_company_location_payload": ""}, "raw_company_location_payload"),
        ("person_location_parsed", {"raw_person_payload": {"name": "Jane"}}, "linkedin_url"),
        ("person_location_parsed", {"linkedin_url": "https://www.linkedin.com/in/x", "workflow_slug": "x",
                                    "raw_person_parsed_location_payload": {"city": ""}}, "raw_person_payload"),
        ("person_title_enrichment", {"linkedin_url": "https://www.linkedin.com/in/x", "workflow_slug": "x"},
         "cleaned_job_title"),
        ("person_title_enrichment", {"linkedin_url": "not a url", "cleaned_job_title": "CEO"}, "LinkedIn URL"),
        ("company_cleaned_name", {"cleaned_company_name": "Acme"}, "domain"),
        ("company_cleaned_name", {"domain": "acme.example"}, "cleaned_company_name"),
        ("company_address", {"company_registered_address": "1 Main St"}, "company_domain or a company_linkedin_url"),
        ("company_address", {"domain": "acme.example", "workflow_slug": "x"}, "company_registered_address"),
    ],
)  # fmt: skip
async def test_a_body_without_the_needed_keys_is_rejected_with_the_reason(
    engine: AsyncEngine, source: str, body: dict[str, Any], reason: str
) -> None:
    outcome = await ingest(engine, source, body)
    assert outcome.status is IngestStatus.REJECTED
    assert any(reason in f"{e.path} {e.message}" for e in outcome.errors), outcome.errors


SOURCES = (
    ("company_location_parsed", _company_location),
    ("person_location_parsed", _person_location),
    ("person_title_enrichment", _title_enrichment),
    ("company_cleaned_name", _cleaned_name),
    ("company_address", _address),
)


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
        for bad in ({}, [], "x", {"raw_payload": "{}"}, {"raw_company_payload": "x", "company_domain": "?"},
                    {"raw_person_payload": [1], "linkedin_url": "https://www.linkedin.com/in/y"}):  # fmt: skip
            refused = await client.post(f"/ingest/{source}", json=bad, headers=headers)
            assert refused.status_code < 500, refused.text
        empty = await client.post(f"/ingest/{source}", json={"workflow_slug": "x"}, headers=headers)
        assert (empty.status_code, empty.json()["status"]) == (422, "REJECTED")
        assert empty.json()["errors"], empty.json()
    metrics = (await client.get("/metrics")).text
    for source, _ in SOURCES:
        assert f'hq_ingest_total{{source="{source}",status="stored"}}' in metrics


async def test_erasing_a_person_removes_their_parsed_rows(engine: AsyncEngine) -> None:
    t = _tag()
    for source, example in SOURCES[1:3]:
        body = {**example(t), "linkedin_url": f"https://www.linkedin.com/in/gone-{t}"}
        assert (await ingest(engine, source, body)).status is IngestStatus.STORED
    await erase_person(engine, f"https://www.linkedin.com/in/gone-{t}")
    for table in ("person_discovery", "person_locations_parsed", "person_title_enrichments"):
        left = await rows(engine, f"SELECT 1 FROM extracted.{table} WHERE linkedin_url LIKE :u", u=f"%gone-{t}")
        assert left == [], table


# --- core: a parsed value beats a guessed one ---------------------------------------------------------

COMPANY = "query($d: String!) { company(domain: $d) { name city state country address } }"
LEADS = """query($d: String!) { leads(filter: {companyDomain: $d, complete: false}) {
    nodes { fullName personCity personState personCountry jobTitle jobFunction seniority } } }"""


async def _ingest_all(engine: AsyncEngine, bodies: list[tuple[str, dict[str, Any]]]) -> None:
    for source, body in bodies:
        outcome = await ingest(engine, source, body)
        assert outcome.status is IngestStatus.STORED, (source, outcome)


async def test_parsed_locations_cleaned_names_and_enriched_titles_win_in_core(
    engine: AsyncEngine, gql: GraphQLClient
) -> None:
    t, other = _tag(), _tag()
    domain, address_domain = f"{t}.example", f"{other}.example"
    person = f"https://www.linkedin.com/in/sam-roe-{t}"
    guessed = map_title_fallback("Growth Lead")
    assert guessed is not None
    assert (guessed.cleaned_title, guessed.seniority) != ("Head of Growth", "Head")
    await _ingest_all(
        engine,
        [
            # guesses from the ordinary sources: a raw name and free-text locations, a title the build maps
            ("company_firmographics", {"company_domain": domain, "name": "ACME CORP, INC.",
                                       "locality": "Berlin, Germany"}),
            ("company_discovery", {"domain": address_domain, "name": "Bolt", "location": "Paris, France"}),
            ("person_profile", {"linkedin_url": person, "full_name": "Sam Roe", "location": "London, United Kingdom",
                                "latest_experience": {"title": "Growth Lead", "company": "Acme",
                                                      "company_domain": domain}}),
            # what Clay parsed, cleaned and enriched
            ("company_location_parsed", {"company_domain": domain,
                                         "raw_company_location_payload": {"city": "Austin", "state": "Texas"}}),
            ("company_cleaned_name", {"domain": domain, "original_company_name": "ACME CORP, INC.",
                                      "cleaned_company_name": "Acme"}),
            ("company_address", {"domain": address_domain, "company_registered_address": "Marienplatz 1, Munich",
                                 "city": "Munich", "state": "Bavaria", "country": "Germany"}),
            ("person_location_parsed", {"linkedin_url": person, "raw_person_parsed_location_payload":
                                        {"city": "Austin", "state": "Texas", "country": "United States"}}),
            ("person_title_enrichment", {"linkedin_url": person, "latest_title": "Growth Lead",
                                         "cleaned_job_title": "Head of Growth", "seniority_level": "head",
                                         "job_function": "Marketing", "city": "Denver", "state": "Colorado"}),
        ],
    )  # fmt: skip
    async with engine.begin() as conn:
        await rebuild_core(conn)
    company = (await gql(COMPANY, {"d": domain}))["data"]["company"]
    assert company == {"name": "Acme", "city": "Austin", "state": "Texas", "country": "United States", "address": None}
    by_address = (await gql(COMPANY, {"d": address_domain}))["data"]["company"]
    assert by_address == {
        "name": "Bolt",
        "city": "Munich",
        "state": "Bavaria",
        "country": "Germany",
        "address": "Marienplatz 1, Munich",
    }
    leads = (await gql(LEADS, {"d": domain}))["data"]["leads"]["nodes"]
    # person_location_parsed beats the title enrichment's parsed location, both beat the profile's text
    assert leads == [
        {
            "fullName": "Sam Roe",
            "personCity": "Austin",
            "personState": "Texas",
            "personCountry": "United States",
            "jobTitle": "Head of Growth",
            "jobFunction": "Marketing",
            "seniority": "Head",
        }
    ]


async def test_an_enrichment_of_another_title_or_an_unmappable_part_leaves_the_guess(
    engine: AsyncEngine, gql: GraphQLClient
) -> None:
    t = _tag()
    domain, person = f"{t}.example", f"https://www.linkedin.com/in/kim-{t}"
    await _ingest_all(
        engine,
        [
            ("person_profile", {"linkedin_url": person, "full_name": "Kim Lee", "location": "London, United Kingdom",
                                "latest_experience": {"title": "Growth Lead", "company": "Acme",
                                                      "company_domain": domain}}),
            # enriched an older title; a city alone maps to no country
            ("person_title_enrichment", {"linkedin_url": person, "latest_title": "Marketing Intern",
                                         "cleaned_job_title": "Marketing Intern", "seniority_level": "Intern",
                                         "city": "Springfield"}),
        ],
    )  # fmt: skip
    async with engine.begin() as conn:
        await rebuild_core(conn)
    [lead] = (await gql(LEADS, {"d": domain}))["data"]["leads"]["nodes"]
    guessed = map_title_fallback("Growth Lead")
    assert guessed is not None
    assert lead == {
        "fullName": "Kim Lee",
        "personCity": "London",
        "personState": "England",  # the reference lookup's
        "personCountry": "United Kingdom",
        "jobTitle": guessed.cleaned_title,
        "jobFunction": guessed.job_function,
        "seniority": guessed.seniority,
    }


@pytest.mark.parametrize("address_first", [False, True])
async def test_an_address_known_by_linkedin_url_only_reaches_the_company_once_core_knows_it(
    engine: AsyncEngine, gql: GraphQLClient, address_first: bool
) -> None:
    t = _tag()
    domain, linkedin = f"{t}.example", f"https://www.linkedin.com/company/{t}"
    company = ("company_discovery", {"domain": domain, "name": "Corto", "linkedin_url": linkedin})
    address = ("company_address", {"linkedin_url": linkedin, "company_registered_address": "Via Roma 1, Milan",
                                   "city": "Milan", "country": "Italy"})  # fmt: skip
    for step in [address, company] if address_first else [company, address]:
        await _ingest_all(engine, [step])
        async with engine.begin() as conn:
            await rebuild_core(conn)
    if address_first:  # the company's core row was made after that run chose its scope: the next run places it
        async with engine.begin() as conn:
            await rebuild_core(conn)
    found = (await gql(COMPANY, {"d": domain}))["data"]["company"]
    assert found == {
        "name": "Corto",
        "city": "Milan",
        "state": None,
        "country": "Italy",
        "address": "Via Roma 1, Milan",
    }
