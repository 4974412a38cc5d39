"""The ingest pipeline against the real database: stored, duplicate, rejected and failed paths."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import uuid
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from gateway.database import create_engine
from ingest.pipeline import IngestStatus, clear_lookups, ingest, ingest_many, reprocess
from ingest.registry import NAMES, get_source
from ingest.sources.base import Source
from models import extracted
from tests.conftest import sql_rows as rows
from tests.unit.test_sources import hostile_payloads

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"  # copies of ../shared/samples


def sample(name: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = json.loads((SAMPLES / name).read_text())
    return rows


def unique_domain() -> str:
    return f"t{uuid.uuid4().hex[:12]}.com"


async def raw_rows(engine: AsyncEngine, source: str, subject: str) -> list[dict[str, Any]]:
    return await rows(
        engine,
        "SELECT * FROM raw.payloads WHERE source = :source AND subject = :subject ORDER BY id",
        source=source,
        subject=subject,
    )


def customers_payload(domain: str, *customers: dict[str, Any], wrapped: bool = False) -> dict[str, Any]:
    output = {"customers": list(customers), "confidence": "high", "stepsTaken": ["Visited https://x.com/"]}
    if wrapped:
        return {"origin_company_domain": f"https://www.{domain}/", "raw_payload": json.dumps(output)}
    return {"origin_company_domain": domain, "origin_company_name": "Origin", **output}


# --- the real samples --------------------------------------------------------------------------


async def test_every_real_claygent_sample_is_stored_with_exact_names(engine: AsyncEngine) -> None:
    for row in sample("raw_company_customer_claygent_payloads.json"):
        outcome = await ingest(engine, "company_customers_structured", row)
        assert outcome.status in (IngestStatus.STORED, IngestStatus.DUPLICATE), outcome
        inner = json.loads(row["raw_payload"])
        domain = row["origin_company_domain"].removeprefix("www.")
        names = await rows(
            engine,
            "SELECT customer_name, case_study_url, has_case_study, confidence, origin_company_name "
            "FROM extracted.claygent_customers_structured WHERE origin_company_domain = :d",
            d=domain,
        )
        assert {n["customer_name"] for n in names} == {c["companyName"] for c in inner["customers"]}
        by_name = {n["customer_name"]: n for n in names}
        for customer in inner["customers"]:
            got = by_name[customer["companyName"]]
            assert got["case_study_url"] == (customer["url"] or None)
            assert got["has_case_study"] is customer["hasCaseStudy"]
            assert got["confidence"] == inner["confidence"]
            assert got["origin_company_name"] == row["origin_company_name"]
    names = await rows(
        engine,
        "SELECT customer_name FROM extracted.claygent_customers_structured "
        "WHERE origin_company_domain = 'xtrachef.com'",
    )
    assert {"Okay, Cool Group", "Trudy\u2019s", "Mighty Quinn\u2019s", "Find a Way LLC"} <= {
        n["customer_name"] for n in names
    }
    view = await rows(
        engine,
        "SELECT origin_company_domain, origin_company_name FROM raw.claygent_customers_structured_raw "
        "WHERE origin_company_domain = 'mybrightwheel.com'",
    )
    assert view == [{"origin_company_domain": "mybrightwheel.com", "origin_company_name": "Brightwheel"}]


async def test_every_real_manual_sample_is_stored(engine: AsyncEngine) -> None:
    for row in sample("raw_manual_company_customers.json"):
        outcome = await ingest(engine, "company_customers_manual", row)
        assert outcome.status in (IngestStatus.STORED, IngestStatus.DUPLICATE)
        assert outcome.extracted_count == 1
    got = await rows(
        engine,
        "SELECT customer_name, customer_domain, matched_domain FROM extracted.company_customers_manual "
        "WHERE origin_company_domain = 'spotdraft.com'",
    )
    assert got == [{"customer_name": "Open", "customer_domain": "open.money", "matched_domain": "open.money"}]


# --- idempotency -------------------------------------------------------------------------------


async def test_resend_is_a_duplicate_that_writes_nothing(engine: AsyncEngine) -> None:
    domain = unique_domain()
    body = customers_payload(domain, {"companyName": "Acme", "url": "", "hasCaseStudy": False})
    first = await ingest(engine, "company_customers_v2", body)
    second = await ingest(engine, "company_customers_v2", json.loads(json.dumps(body)))
    assert (first.status, first.extracted_count) == (IngestStatus.STORED, 1)
    assert second.status is IngestStatus.DUPLICATE
    assert (second.raw_id, second.extracted_count) == (first.raw_id, 1)
    assert len(await raw_rows(engine, "company_customers_v2", domain)) == 1
    before = await rows(
        engine, "SELECT updated_at FROM extracted.claygent_customers_v2 WHERE raw_id = :r", r=first.raw_id
    )
    third = await ingest(engine, "company_customers_v2", body)
    after = await rows(
        engine, "SELECT updated_at FROM extracted.claygent_customers_v2 WHERE raw_id = :r", r=first.raw_id
    )
    assert third.status is IngestStatus.DUPLICATE
    assert before == after


async def test_idempotency_key_of_caller_or_body_wins_over_the_hash(engine: AsyncEngine) -> None:
    domain = unique_domain()
    key = f"row-{uuid.uuid4()}"
    one = customers_payload(domain, {"companyName": "A"}) | {"idempotency_key": key}
    two = customers_payload(domain, {"companyName": "B"}) | {"idempotencyKey": key}
    assert (await ingest(engine, "company_customers_v2", one)).status is IngestStatus.STORED
    assert (await ingest(engine, "company_customers_v2", two)).status is IngestStatus.DUPLICATE
    other = await ingest(engine, "company_customers_v2", two, idempotency_key=f"{key}-x")
    assert other.status is IngestStatus.STORED  # the caller's explicit key wins over the body's
    three = customers_payload(domain, {"companyName": "C"})
    assert (await ingest(engine, "company_customers_v2", three, idempotency_key=key + "3")).status is (
        IngestStatus.STORED
    )
    assert (await ingest(engine, "company_customers_v2", three, idempotency_key=key + "3")).status is (
        IngestStatus.DUPLICATE
    )


async def test_concurrent_identical_sends_store_one_raw_row(engine: AsyncEngine) -> None:
    domain = unique_domain()
    body = customers_payload(domain, {"companyName": "Same"})
    outcomes = await asyncio.gather(*(ingest(engine, "company_customers_v2", body) for _ in range(8)))
    assert sorted(o.status for o in outcomes).count(IngestStatus.STORED) == 1
    assert {o.raw_id for o in outcomes} == {outcomes[0].raw_id}
    assert len(await raw_rows(engine, "company_customers_v2", domain)) == 1


async def test_changed_resend_upserts_and_keeps_earlier_customers(engine: AsyncEngine) -> None:
    domain = unique_domain()
    first = await ingest(
        engine,
        "company_customers_structured",
        customers_payload(domain, {"companyName": "A", "hasCaseStudy": False}, {"companyName": "B"}),
    )
    second = await ingest(
        engine,
        "company_customers_structured",
        customers_payload(
            domain, {"companyName": "A", "hasCaseStudy": True, "url": "https://x/a"}, {"companyName": "C"}
        ),
    )
    assert first.status is second.status is IngestStatus.STORED
    assert first.raw_id != second.raw_id
    got = await rows(
        engine,
        "SELECT customer_name, has_case_study, case_study_url, raw_id FROM extracted.claygent_customers_structured "
        "WHERE origin_company_domain = :d ORDER BY customer_name",
        d=domain,
    )
    assert [(r["customer_name"], r["has_case_study"], r["raw_id"]) for r in got] == [
        ("A", True, second.raw_id),
        ("B", None, first.raw_id),
        ("C", None, second.raw_id),
    ]
    assert got[0]["case_study_url"] == "https://x/a"


# --- rejected and failed -------------------------------------------------------------------------


async def test_invalid_payload_is_rejected_kept_in_raw_and_not_stored_twice(engine: AsyncEngine) -> None:
    marker = uuid.uuid4().hex
    body = {"origin_company_name": marker, "raw_payload": {"customers": [{"companyName": "X"}]}}
    first = await ingest(engine, "company_customers_structured", body)
    assert first.status is IngestStatus.REJECTED
    assert first.raw_id is not None
    assert [(e.path, e.code) for e in first.errors] == [("origin_company_domain", "MISSING")]
    again = await ingest(engine, "company_customers_structured", body)
    assert (again.status, again.raw_id) == (IngestStatus.REJECTED, first.raw_id)
    stored = await rows(
        engine,
        "SELECT status, errors, payload FROM raw.payloads WHERE payload ->> 'origin_company_name' = :m",
        m=marker,
    )
    assert len(stored) == 1
    assert stored[0]["status"] == "rejected"
    assert stored[0]["errors"][0]["path"] == "origin_company_domain"
    assert stored[0]["payload"] == body


async def test_bad_domain_is_rejected_with_its_path_in_the_wrapped_object(engine: AsyncEngine) -> None:
    body = {"workflow_slug": "x", "raw_payload": {"linkedin_url": "not a url", "name": uuid.uuid4().hex}}
    outcome = await ingest(engine, "person_profile", body)
    assert outcome.status is IngestStatus.REJECTED
    assert [(e.path, e.code) for e in outcome.errors] == [("raw_payload.linkedin_url", "INVALID_LINKEDIN_URL")]


async def test_non_object_json_is_rejected_but_kept(engine: AsyncEngine) -> None:
    body = [1, 2, uuid.uuid4().hex]
    outcome = await ingest(engine, "company_firmographics", body)
    assert outcome.status is IngestStatus.REJECTED
    got = await rows(engine, "SELECT payload, status FROM raw.payloads WHERE id = :i", i=outcome.raw_id)
    assert got == [{"payload": body, "status": "rejected"}]


def _boom(_: Any) -> list[Any]:
    raise RuntimeError("extractor bug")


async def test_extraction_failure_keeps_raw_and_a_fixed_resend_runs_again(engine: AsyncEngine) -> None:
    domain = unique_domain()
    real = get_source("company_customers_v2")
    broken: Source[Any] = dataclasses.replace(real, extract=_boom)
    body = customers_payload(domain, {"companyName": "A"})
    failed = await ingest(engine, broken, body)
    assert failed.status is IngestStatus.FAILED
    assert [e.code for e in failed.errors] == ["EXTRACTION_FAILED"]
    assert "extractor bug" in failed.errors[0].message
    [raw] = await raw_rows(engine, "company_customers_v2", domain)
    assert (raw["status"], raw["extracted_count"]) == ("failed", 0)
    assert raw["errors"][0]["code"] == "EXTRACTION_FAILED"
    fixed = await ingest(engine, real, body)
    assert (fixed.status, fixed.raw_id, fixed.extracted_count) == (IngestStatus.STORED, failed.raw_id, 1)
    [raw] = await raw_rows(engine, "company_customers_v2", domain)
    assert (raw["status"], raw["errors"], raw["extracted_count"]) == ("stored", None, 1)


async def test_a_database_error_in_extracted_rows_writes_none_of_them(engine: AsyncEngine) -> None:
    url = f"https://www.linkedin.com/in/{uuid.uuid4().hex}"
    real = get_source("person_profile")

    def half_bad(p: Any) -> list[Any]:
        good = real.extract(p)
        return [*good, extracted.PersonExperience(linkedin_url=p.linkedin_url, position=99, is_current=None)]

    outcome = await ingest(engine, dataclasses.replace(real, extract=half_bad), {"linkedin_url": url, "name": "N"})
    assert outcome.status is IngestStatus.FAILED
    assert outcome.errors[0].code == "EXTRACTION_FAILED"
    assert await rows(engine, "SELECT 1 FROM extracted.person_profiles WHERE linkedin_url = :u", u=url) == []
    [raw] = await raw_rows(engine, "person_profile", url)
    assert raw["status"] == "failed"
    replayed = await reprocess(engine, raw["id"])
    assert replayed is not None
    assert replayed.status is IngestStatus.STORED
    assert len(await rows(engine, "SELECT 1 FROM extracted.person_profiles WHERE linkedin_url = :u", u=url)) == 1


# --- sources -------------------------------------------------------------------------------------


async def test_person_reingest_replaces_experience(engine: AsyncEngine) -> None:
    slug = uuid.uuid4().hex
    jobs = [
        {
            "title": "VP Engineering",
            "company": "Acme, Inc.",
            "company_domain": "www.acme.com",
            "start_date": "08-2024",
            "is_current": True,
        },
        {"title": "Director", "company": "Beta", "start_date": "2021", "end_date": "2024-07-31"},
        {"title": "Engineer", "company": "Gamma", "start_date": "2018-01-15", "end_date": "2020-12"},
    ]
    body = {
        "linkedin_url": f"https://uk.linkedin.com/in/{slug}/?trk=x",
        "workflow_slug": "person-profile",
        "raw_payload": json.dumps({"name": "Jane Doe", "headline": "VP", "experience": jobs}),
    }
    first = await ingest(engine, "person_profile", body)
    assert (first.status, first.extracted_count) == (IngestStatus.STORED, 4)
    url = f"https://www.linkedin.com/in/{slug}"
    got = await rows(
        engine,
        "SELECT position, title, company_name, company_domain, start_date::text, end_date::text, is_current "
        "FROM extracted.person_experience WHERE linkedin_url = :u ORDER BY position",
        u=url,
    )
    assert [(r["title"], r["company_name"], r["start_date"], r["is_current"]) for r in got] == [
        ("VP Engineering", "Acme, Inc.", "2024-08-01", True),
        ("Director", "Beta", "2021-01-01", False),
        ("Engineer", "Gamma", "2018-01-15", False),
    ]
    assert got[0]["company_domain"] == "acme.com"
    profile = await rows(
        engine,
        "SELECT full_name, latest_title, latest_company_domain FROM extracted.person_profiles WHERE linkedin_url = :u",
        u=url,
    )
    assert profile == [{"full_name": "Jane Doe", "latest_title": "VP Engineering", "latest_company_domain": "acme.com"}]

    body2 = {"linkedin_url": url, "name": "Jane Doe", "experience": jobs[1:]}
    second = await ingest(engine, "person_profile", body2)
    assert second.status is IngestStatus.STORED
    got = await rows(
        engine, "SELECT title, raw_id FROM extracted.person_experience WHERE linkedin_url = :u ORDER BY position", u=url
    )
    assert [(r["title"], r["raw_id"]) for r in got] == [("Director", second.raw_id), ("Engineer", second.raw_id)]


async def test_nul_characters_are_replaced_and_flagged(engine: AsyncEngine) -> None:
    domain = unique_domain()
    body = {"domain": domain, "name": "Nul\u0000Corp", "description": "a\u0000b"}
    outcome = await ingest(engine, "company_discovery", body)
    assert outcome.status is IngestStatus.STORED
    [raw] = await raw_rows(engine, "company_discovery", domain)
    assert raw["had_nul"] is True
    assert raw["payload"]["name"] == "NulCorp"
    got = await rows(engine, "SELECT name, description FROM extracted.company_discovery WHERE domain = :d", d=domain)
    assert got == [{"name": "NulCorp", "description": "ab"}]
    assert (await ingest(engine, "company_discovery", body)).status is IngestStatus.DUPLICATE


async def test_claygent_comma_format_and_empty_v2_list(engine: AsyncEngine) -> None:
    domain = unique_domain()
    body = {
        "origin_company_domain": domain,
        "claygent_output": json.dumps(
            {"result": "Acme, Inc., Find a Way, LLC, Trudy\u2019s, and monday.com", "confidence": "medium"}
        ),
    }
    outcome = await ingest(engine, "company_customers_claygent", body)
    assert outcome.status is IngestStatus.STORED
    got = await rows(
        engine, "SELECT customer_name FROM extracted.claygent_customers WHERE origin_company_domain = :d", d=domain
    )
    assert sorted(r["customer_name"] for r in got) == sorted(
        ["Acme, Inc.", "Find a Way, LLC", "Trudy\u2019s", "monday.com"]
    )
    empty = await ingest(
        engine, "company_customers_v2", {"origin_company_domain": domain, "customers_claygent": {"customers": []}}
    )
    assert (empty.status, empty.extracted_count) == (IngestStatus.STORED, 0)


async def test_vc_portfolio_crunchbase_form_gets_canonical_names(engine: AsyncEngine) -> None:
    clear_lookups()
    domain = unique_domain()
    body = {
        "organization_name": "Portfolio Co",
        "website": f"https://{domain}/about",
        "vc": "a16z",
        "vc1": "Andreessen Horowitz",
        "vc2": "Sequoia",
        "vc3": "",
        "vc12": "Tiny Unknown Ventures",
    }
    outcome = await ingest(engine, "vc_portfolio", body)
    assert (outcome.status, outcome.extracted_count) == (IngestStatus.STORED, 3)
    got = await rows(
        engine,
        "SELECT vc_name, vc_name_raw FROM extracted.vc_portfolio WHERE company_domain = :d ORDER BY vc_name",
        d=domain,
    )
    assert [(r["vc_name"], r["vc_name_raw"]) for r in got] == [
        ("Andreessen Horowitz", "a16z"),
        ("Sequoia Capital", "Sequoia"),
        ("Tiny Unknown Ventures", "Tiny Unknown Ventures"),
    ]


SIGNALS: list[tuple[str, dict[str, str], str, str, dict[str, Any]]] = [
    (
        "signal_job_change",
        {
            "person_linkedin_url": "linkedin.com/in/{id}",
            "full_name": "A B",
            "previous_company_domain": "old.com",
            "new_company_domain": "https://www.new.com",
            "new_title": "CTO",
            "start_date": "2026-02-18 03:36:51.601",
        },
        "signal_job_changes",
        "person_linkedin_url",
        {"new_company_domain": "new.com", "new_title": "CTO", "start_date": date(2026, 2, 18)},
    ),
    (
        "signal_promotion",
        {
            "person_linkedin_url": "https://www.linkedin.com/in/{id}/",
            "company_domain": "acme.com",
            "previous_title": "Manager",
            "new_title": "Director",
            "promotion_date": "08-2024",
        },
        "signal_promotions",
        "person_linkedin_url",
        {"company_domain": "acme.com", "previous_title": "Manager", "promotion_date": date(2024, 8, 1)},
    ),
    (
        "signal_new_hire",
        {
            "company_domain": "{id}.io",
            "person_linkedin_url": "https://linkedin.com/in/x{id}",
            "full_name": "C D",
            "title": "Head of Sales",
            "start_date": "2023-10-01",
        },
        "signal_new_hires",
        "company_domain",
        {"person_linkedin_url": "https://www.linkedin.com/in/x{id}", "title": "Head of Sales"},
    ),
    (
        "signal_job_posting",
        {
            "company_domain": "{id}.io",
            "job_id": "J1",
            "title": "Engineer",
            "location": "Berlin, Germany; Remote",
            "url": "https://jobs/1",
            "posted_at": "2024-08",
        },
        "signal_job_postings",
        "company_domain",
        {"job_id": "J1", "location": "Berlin, Germany; Remote", "posted_at": date(2024, 8, 1)},
    ),
    (
        "signal_news_fundraising",
        {
            "company_domain": "{id}.io",
            "headline": "Raises $10M Series A",
            "url": "https://news/1",
            "published_at": "2024",
            "amount": "$10M",
            "round": "Series A",
        },
        "signal_news_fundraising",
        "company_domain",
        {"amount": "$10M", "round": "Series A", "published_at": date(2024, 1, 1), "amount_usd": 10_000_000.0},
    ),
]


@pytest.mark.parametrize(("source", "body", "table", "key", "expected"), SIGNALS, ids=[s[0] for s in SIGNALS])
async def test_signals(
    engine: AsyncEngine, source: str, body: dict[str, str], table: str, key: str, expected: dict[str, Any]
) -> None:
    ident = uuid.uuid4().hex[:12]
    payload = {k: v.replace("{id}", ident) for k, v in body.items()}
    outcome = await ingest(engine, source, {"workflow_slug": "signals", "raw_payload": payload})
    assert (outcome.status, outcome.extracted_count) == (IngestStatus.STORED, 1), outcome
    [raw] = await rows(engine, "SELECT subject FROM raw.payloads WHERE id = :i", i=outcome.raw_id)
    sql = f"SELECT {', '.join(expected)} FROM extracted.{table} WHERE {key} = :k"
    got = await rows(engine, sql, k=raw["subject"])
    assert got == [{k: v.replace("{id}", ident) if isinstance(v, str) else v for k, v in expected.items()}]
    assert (await ingest(engine, source, payload)).status is IngestStatus.STORED  # flat form: a new raw row
    assert len(await rows(engine, sql, k=raw["subject"])) == 1  # ... and the same extracted row


async def test_ingest_many_gives_one_outcome_per_body(engine: AsyncEngine) -> None:
    domain = unique_domain()
    bodies: list[Any] = [
        {
            "company_domain": domain,
            "name": "Acme",
            "size": "51-200 employees",
            "locations": [{"is_primary": True, "city": "Austin", "country": "US"}],
        },
        {
            "company_domain": domain,
            "name": "Acme",
            "size": "51-200 employees",
            "locations": [{"is_primary": True, "city": "Austin", "country": "US"}],
        },
        {"name": "no domain"},
    ]
    outcomes = await ingest_many(engine, "company_firmographics", bodies)
    assert [o.status for o in outcomes] == [IngestStatus.STORED, IngestStatus.DUPLICATE, IngestStatus.REJECTED]
    got = await rows(
        engine,
        "SELECT name, size, city, country FROM extracted.company_firmographics WHERE company_domain = :d",
        d=domain,
    )
    assert got == [{"name": "Acme", "size": "51-200 employees", "city": "Austin", "country": "US"}]


async def test_resend_of_a_redacted_rejected_row_brings_nothing_back(engine: AsyncEngine) -> None:
    marker = uuid.uuid4().hex
    body = {"name": f"Erased {marker}", "linkedin_url": "not a profile"}
    first = await ingest(engine, "person_profile", body)
    assert first.status is IngestStatus.REJECTED
    async with engine.begin() as conn:
        await conn.execute(
            text("UPDATE raw.payloads SET payload = '{\"redacted\": true}', redacted = true WHERE id = :i"),
            {"i": first.raw_id},
        )
    again = await ingest(engine, "person_profile", body)
    assert (again.status, again.raw_id) == (IngestStatus.DUPLICATE, first.raw_id)
    got = await rows(engine, "SELECT payload FROM raw.payloads WHERE id = :i", i=first.raw_id)
    assert got == [{"payload": {"redacted": True}}]
    assert await reprocess(engine, first.raw_id) is None  # replays skip erased rows too


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(source=st.sampled_from(list(NAMES)), body=hostile_payloads)
def test_hostile_payloads_are_stored_or_rejected_by_the_database(database_url: str, source: str, body: Any) -> None:
    async def run() -> None:
        engine = create_engine(database_url, pool_size=1)
        try:
            outcome = await ingest(engine, source, body)
            assert outcome.status in (IngestStatus.STORED, IngestStatus.DUPLICATE, IngestStatus.REJECTED), outcome
        finally:
            await engine.dispose()

    asyncio.run(run())
