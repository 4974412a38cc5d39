"""Reference feeds (LEGACY-PAYLOADS section 15) and operator mappings, through the real pipeline and API.

`reference_job_title`, `reference_company_location` and `reference_person_location` land in extracted
(rows compared whole); the next incremental core build writes them into the lookups and rebuilds the
people and companies whose raw title or location maps through a changed row, like an operator's
`setJobTitleMapping` / `setLocationMapping`. Unrelated people are left alone.
"""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from ingest.core_build.build import rebuild_core
from ingest.pipeline import IngestStatus, ingest, reprocess
from tests.conftest import GraphQLClient
from tests.conftest import sql_rows as rows

BOOKKEEPING = {"id", "raw_id", "created_at", "updated_at"}

# the section's example, as the file gives it
LOCATION_EXAMPLE = {"location_name": "Austin, Texas, United States", "city": "Austin", "state": "Texas",
                    "country": "United States", "has_city": True, "has_state": True, "has_country": True}  # fmt: skip

REBUILD = "mutation { rebuildCore { incremental tables { table inserted updated skipped } } }"
LEADS = """query($name: String!) { leads(filter: {fullName: $name, complete: false}, first: 10) {
  nodes { linkedinUrl fullName jobTitle jobFunction seniority personCity personState personCountry } } }"""
SET_TITLE = """mutation($raw: String!, $cleaned: String, $function: String, $seniority: String) {
  setJobTitleMapping(rawTitle: $raw, cleanedTitle: $cleaned, jobFunction: $function, seniority: $seniority) {
    rawTitle cleanedTitle jobFunction seniority updatedBy updatedAt } }"""
SET_LOCATION = """mutation($raw: String!, $city: String, $state: String, $country: String) {
  setLocationMapping(rawLocation: $raw, city: $city, state: $state, country: $country) {
    rawLocation city state country updatedBy updatedAt } }"""
COMPANY = "query($d: String!) { company(domain: $d) { domain city state country } }"


def _tag() -> str:
    return uuid.uuid4().hex[:10]


async def _stored_once(engine: AsyncEngine, source: str, body: dict[str, Any], table: str) -> list[dict[str, Any]]:
    first = await ingest(engine, source, body)
    assert first.status is IngestStatus.STORED, first
    again = await ingest(engine, source, body)
    assert (again.status, again.raw_id) == (IngestStatus.DUPLICATE, first.raw_id)
    replayed = await reprocess(engine, first.raw_id or 0)
    assert replayed is not None
    assert (replayed.status, replayed.extracted_count) == (IngestStatus.STORED, 1)
    found = await rows(engine, f"SELECT * FROM extracted.{table} WHERE raw_id = :r", r=first.raw_id)
    return [{k: v for k, v in row.items() if k not in BOOKKEEPING} for row in found]


# --- extraction --------------------------------------------------------------------------------


async def test_job_title_feed_lands_whole(engine: AsyncEngine) -> None:
    t = _tag()
    body = {"raw_job_title": f" VP, Sales {t} ", "cleaned_job_title": f"VP of Sales {t}", "seniority": "VP",
            "job_function": "Sales", "source": "salesnav-export"}  # fmt: skip
    assert await _stored_once(engine, "reference_job_title", body, "reference_job_titles") == [
        {
            "raw_key": f"vp, sales {t}",
            "source": "salesnav-export",
            "raw_job_title": f"VP, Sales {t}",
            "cleaned_job_title": f"VP of Sales {t}",
            "seniority": "VP",
            "job_function": "Sales",
            "status": None,
        }
    ]


async def test_job_title_feed_reads_the_hq_api_shape_and_defaults_its_source(engine: AsyncEngine) -> None:
    t = _tag()
    body = {"raw_payload": {"latest_title": f"Head of People {t}", "cleaned_job_title": "Head of People",
            "seniority_level": "Head", "job_function": "Human Resources", "status": "reviewed"}}  # fmt: skip
    assert await _stored_once(engine, "reference_job_title", body, "reference_job_titles") == [
        {
            "raw_key": f"head of people {t}",
            "source": "case-study-champions",
            "raw_job_title": f"Head of People {t}",
            "cleaned_job_title": "Head of People",
            "seniority": "Head",
            "job_function": "Human Resources",
            "status": "reviewed",
        }
    ]


@pytest.mark.parametrize("source", ["reference_company_location", "reference_person_location"])
async def test_the_sections_location_example_lands_whole(engine: AsyncEngine, source: str) -> None:
    assert await _stored_once(engine, source, LOCATION_EXAMPLE, "reference_locations") == [
        {
            "source": source,
            "raw_key": "austin, texas, united states",
            "location_name": "Austin, Texas, United States",
            "city": "Austin",
            "state": "Texas",
            "country": "United States",
            "has_city": True,
            "has_state": True,
            "has_country": True,
        }
    ]


@pytest.mark.parametrize(
    ("source", "body", "reason"),
    [
        ("reference_job_title", {"cleaned_job_title": "VP Sales", "seniority": "VP"}, "raw_job_title"),
        ("reference_job_title", {"raw_job_title": "vp sales", "seniority": "VP"}, "cleaned_job_title"),
        ("reference_job_title", {"raw_job_title": "  ", "cleaned_job_title": "VP Sales"}, "raw_job_title"),
        ("reference_company_location", {"city": "Austin", "country": "United States"}, "location_name"),
        ("reference_person_location", {"location_name": "null", "city": "Austin"}, "location_name"),
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
    examples = {
        "reference_job_title": {"raw_job_title": f"cto {t}", "cleaned_job_title": "CTO"},
        "reference_company_location": {**LOCATION_EXAMPLE, "location_name": f"Austin {t}, Texas"},
        "reference_person_location": {**LOCATION_EXAMPLE, "location_name": f"Austin {t}, TX"},
    }
    for source, body in examples.items():
        first = await client.post(f"/ingest/{source}", json=body, headers=headers)
        assert (first.status_code, first.json()["status"], first.json()["source"]) == (200, "STORED", source)
        again = await client.post(f"/ingest/{source}", json=body, headers=headers)
        assert (again.status_code, again.json()["status"]) == (200, "DUPLICATE")
        for bad in ({}, [], "x", {"raw_payload": "{}"}, {"location_name": ["x"]}, {"raw_job_title": {"a": 1}}):
            refused = await client.post(f"/ingest/{source}", json=bad, headers=headers)
            assert refused.status_code < 500, refused.text
        empty = await client.post(f"/ingest/{source}", json={"workflow_slug": "x"}, headers=headers)
        assert (empty.status_code, empty.json()["status"]) == (422, "REJECTED")
        assert empty.json()["errors"], empty.json()
    metrics = (await client.get("/metrics")).text
    for source in examples:
        assert f'hq_ingest_total{{source="{source}",status="stored"}}' in metrics


# --- mapping changes reach core on the next incremental build ----------------------------------


async def _ok(engine: AsyncEngine, source: str, body: dict[str, Any]) -> None:
    outcome = await ingest(engine, source, body)
    assert outcome.status in (IngestStatus.STORED, IngestStatus.DUPLICATE), outcome


async def _person(engine: AsyncEngine, t: str, who: str, title: str, location: str) -> str:
    url = f"https://www.linkedin.com/in/{who}-{t}"
    await _ok(engine, "person_discovery", {"linkedin_url": url, "full_name": f"{who.title()} {t}",
              "location_name": location, "latest_title": title, "latest_company": f"Acme {t}",
              "domain": f"{t}-acme.example"})  # fmt: skip
    return url


async def _lead(gql: GraphQLClient, name: str) -> dict[str, Any]:
    body = await gql(LEADS, {"name": name})
    [lead] = body["data"]["leads"]["nodes"]
    return dict(lead)


async def _rebuild(gql: GraphQLClient) -> None:
    body = await gql(REBUILD, role="operator")
    assert body["data"]["rebuildCore"]["incremental"] is True, body


async def _history(engine: AsyncEngine, url: str) -> list[tuple[Any, ...]]:
    found = await rows(engine, """SELECT w.title, w.matched_job_function, w.matched_seniority
                                  FROM core.person_work_history w JOIN core.people p ON p.id = w.person_id
                                  WHERE p.linkedin_url = :u ORDER BY w.start_date DESC""", u=url)  # fmt: skip
    return [tuple(r.values()) for r in found]


async def _stamp(engine: AsyncEngine, url: str) -> Any:
    [row] = await rows(engine, "SELECT updated_at FROM core.people WHERE linkedin_url = :u", u=url)
    return row["updated_at"]


async def test_operator_mappings_reach_the_lead_on_the_next_incremental_build(
    gql: GraphQLClient, engine: AsyncEngine
) -> None:
    t = _tag()
    title, location = f"Chief Wrangler {t}", f"Springfield {t}, Germany"
    await _person(engine, t, "ann", title, location)
    other = await _person(engine, t, "ben", f"Chief Herder {t}", f"Shelbyville {t}, Germany")
    past = f"https://www.linkedin.com/in/eve-{t}"
    await _ok(engine, "person_profile", {"linkedin_url": past, "name": f"Eve {t}", "experience": [
        {"title": "Keeper", "company": "Zoo", "start_date": "2024-01", "is_current": True},
        {"title": title, "company": "Zoo", "start_date": "2020-01", "end_date": "2023-12"}]})  # fmt: skip
    await _rebuild(gql)
    assert await _history(engine, past) == [("Keeper", None, None), (title, "Miscellaneous", "C-Level")]
    ann, ben = await _lead(gql, f"Ann {t}"), await _lead(gql, f"Ben {t}")
    assert (ann["personCountry"], ann["seniority"]) == ("Germany", "C-Level")  # the fallback rules' reading
    ben_stamp = await _stamp(engine, other)

    # matched case-insensitively and trimmed, like every lookup
    set_title = await gql(SET_TITLE, {"raw": f"  chief WRANGLER {t}", "cleaned": "Chief Wrangler",
                                      "function": "sales", "seniority": "vp"}, role="operator")  # fmt: skip
    mapping = set_title["data"]["setJobTitleMapping"]
    assert mapping.pop("updatedAt")
    assert mapping == {"rawTitle": f"chief WRANGLER {t}", "cleanedTitle": "Chief Wrangler", "jobFunction": "Sales",
                       "seniority": "VP", "updatedBy": "operator:test-operator"}  # fmt: skip
    set_location = await gql(SET_LOCATION, {"raw": location, "city": "Lyon", "country": "FR"}, role="operator")
    mapping = set_location["data"]["setLocationMapping"]
    assert mapping.pop("updatedAt")
    assert mapping == {"rawLocation": location, "city": "Lyon", "state": None, "country": "France",
                       "updatedBy": "operator:test-operator"}  # fmt: skip
    assert await _lead(gql, f"Ann {t}") == ann  # nothing changes before the build
    audit = await rows(engine, """SELECT actor, action, arguments -> 'arguments' AS arguments FROM ops.audit_log
                                  WHERE arguments -> 'arguments' ->> 'rawLocation' = :raw""", raw=location)  # fmt: skip
    assert audit == [{"actor": "test-operator", "action": "setLocationMapping",
                      "arguments": {"rawLocation": location, "city": "Lyon", "country": "FR"}}]  # fmt: skip

    await _rebuild(gql)
    assert await _lead(gql, f"Ann {t}") == {**ann, "jobTitle": "Chief Wrangler", "jobFunction": "Sales",
        "seniority": "VP", "personCity": "Lyon", "personState": None, "personCountry": "France"}  # fmt: skip
    assert await _lead(gql, f"Ben {t}") == ben
    assert await _stamp(engine, other) == ben_stamp  # not even rewritten
    # someone who held that title before: their work history is rebuilt too
    assert await _history(engine, past) == [("Keeper", None, None), (title, "Sales", "VP")]


async def test_reference_feeds_reach_leads_and_companies_on_the_next_incremental_build(
    gql: GraphQLClient, engine: AsyncEngine
) -> None:
    t = _tag()
    title, location, company_location = f"Wrangler Supreme {t}", f"Gotham {t}, Germany", f"Metro {t}, Germany"
    await _person(engine, t, "cat", title, location)
    other = await _person(engine, t, "dan", f"Herder Supreme {t}", f"Blüdhaven {t}, Germany")
    domain = f"{t}-metro.example"
    await _ok(engine, "company_discovery", {"domain": domain, "name": f"Metro {t}", "location": company_location})
    await _rebuild(gql)
    cat, dan = await _lead(gql, f"Cat {t}"), await _lead(gql, f"Dan {t}")
    company = (await gql(COMPANY, {"d": domain}))["data"]["company"]
    assert company == {"domain": domain, "city": f"Metro {t}", "state": None, "country": "Germany"}
    dan_stamp = await _stamp(engine, other)

    await _ok(engine, "reference_job_title", {"raw_job_title": title.upper(), "cleaned_job_title": "Supreme Wrangler",
              "seniority": "director", "job_function": "OPERATIONS"})  # fmt: skip
    await _ok(engine, "reference_person_location", {"location_name": location, "city": "Gotham",
              "state": "New Jersey", "country": "United States", "has_city": True, "has_state": True,
              "has_country": True})  # fmt: skip
    await _ok(engine, "reference_company_location", {"location_name": company_location, "city": "Metropolis",
              "state": "Illinois", "country": "USA"})  # fmt: skip
    await _rebuild(gql)

    assert await _lead(gql, f"Cat {t}") == {**cat, "jobTitle": "Supreme Wrangler", "jobFunction": "Operations",
                                            "seniority": "Director", "personCity": "Gotham",
                                            "personState": "New Jersey", "personCountry": "United States"}  # fmt: skip
    assert (await gql(COMPANY, {"d": domain}))["data"]["company"] == {
        "domain": domain, "city": "Metropolis", "state": "Illinois", "country": "United States"}  # fmt: skip
    assert await _lead(gql, f"Dan {t}") == dan
    assert await _stamp(engine, other) == dan_stamp
    lookups = await rows(
        engine,
        """SELECT raw_value, updated_by FROM reference.job_title_lookup WHERE raw_key = lower(:a)
           UNION ALL SELECT raw_value, updated_by FROM reference.location_lookup WHERE raw_key IN (lower(:b), lower(:c))
           ORDER BY 2""",
        a=title, b=location, c=company_location,
    )  # fmt: skip
    assert lookups == [
        {"raw_value": company_location, "updated_by": "reference_company_location"},
        {"raw_value": title.upper(), "updated_by": "reference_job_title"},
        {"raw_value": location, "updated_by": "reference_person_location"},
    ]


async def test_an_older_feed_row_never_overrides_a_later_correction(gql: GraphQLClient, engine: AsyncEngine) -> None:
    t = _tag()
    title = f"Grand Poobah {t}"
    await _ok(engine, "reference_job_title", {"raw_job_title": title, "cleaned_job_title": "Poobah",
              "seniority": "Owner", "job_function": "Finance"})  # fmt: skip
    await _rebuild(gql)
    await gql(SET_TITLE, {"raw": title, "seniority": "Intern"}, role="operator")
    async with engine.begin() as conn:
        await rebuild_core(conn, full=True)  # every feed row is applied again
    [row] = await rows(engine, "SELECT * FROM reference.job_title_lookup WHERE raw_key = lower(:a)", a=title)
    assert (row["matched_cleaned_job_title"], row["matched_job_function"], row["matched_seniority"]) == (
        "Poobah",
        "Finance",
        "Intern",
    )
    assert row["updated_by"] == "operator:test-operator"


async def test_a_feed_value_outside_the_vocabulary_leaves_that_part_to_the_rules(engine: AsyncEngine) -> None:
    t = _tag()
    title, location = f"Grand Vizier {t}", f"Oz {t}, Germany"
    await _ok(engine, "reference_job_title", {"raw_job_title": title, "cleaned_job_title": "Vizier",
              "seniority": "Grand Vizier", "job_function": "sales"})  # fmt: skip
    await _ok(engine, "reference_person_location", {"location_name": location, "city": "Oz", "country": "Narnia"})
    async with engine.begin() as conn:
        report = await rebuild_core(conn)
    assert report.notes["reference_feed_values_outside_vocabulary"] >= 2
    [row] = await rows(engine, "SELECT * FROM reference.job_title_lookup WHERE raw_key = lower(:a)", a=title)
    assert (row["matched_cleaned_job_title"], row["matched_job_function"], row["matched_seniority"]) == (
        "Vizier",
        "Sales",
        "Mid-Level",
    )
    [row] = await rows(engine, "SELECT * FROM reference.location_lookup WHERE raw_key = lower(:a)", a=location)
    assert (row["matched_city"], row["matched_state"], row["matched_country"]) == ("Oz", None, "Germany")


@pytest.mark.parametrize(
    ("mutation", "variables", "field"),
    [
        (SET_TITLE, {"raw": "x", "seniority": "Overlord"}, "seniority"),
        (SET_TITLE, {"raw": "x", "function": "Wrangling"}, "job function"),
        (SET_LOCATION, {"raw": "x", "country": "Narnia"}, "country"),
        (SET_LOCATION, {"raw": "  ", "country": "France"}, "rawLocation"),
        (SET_LOCATION, {"raw": "x\u0000y", "country": "France"}, "NUL"),
        (SET_TITLE, {"raw": "x", "cleaned": "a\u0000"}, "NUL"),
    ],
)
async def test_values_outside_the_vocabulary_are_bad_user_input(
    gql: GraphQLClient, mutation: str, variables: dict[str, Any], field: str
) -> None:
    body = await gql(mutation, variables, role="operator")
    [error] = body["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert field in error["message"], error


@pytest.mark.parametrize("role", ["reader", "ingest"])
async def test_only_an_operator_may_change_a_mapping(gql: GraphQLClient, role: str) -> None:
    for mutation, variables in ((SET_TITLE, {"raw": "x", "seniority": "VP"}), (SET_LOCATION, {"raw": "x"})):
        body = await gql(mutation, variables, role=role)
        assert body["data"] is None
        assert [e["extensions"]["code"] for e in body["errors"]] == ["FORBIDDEN"]
