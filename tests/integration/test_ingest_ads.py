"""Ads (LEGACY-PAYLOADS section 5) through the real pipeline: `ads_google`, `ads_linkedin` and `ads_meta`
into `extracted.ad_library_reports` (one answer per platform and company) and `extracted.ad_library_ads`
(one row per ad), compared whole; then through the core build to `Company.ads` and `advertisesOn`.

LinkedIn's is the file's example with the fields it leaves out; Google's and Meta's carry every field of
the file's table (Meta's two ads use the two spellings of each field).
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from ingest.core_build.build import rebuild_core
from ingest.pipeline import IngestStatus, ingest, reprocess
from tests.conftest import GraphQLClient
from tests.conftest import sql_rows as rows

BOOKKEEPING = {"id", "raw_id", "created_at", "updated_at"}
AD_NONE = dict.fromkeys(
    ["ad_id", "ad_type", "creative_type", "advertiser_id", "advertiser_name", "status", "start_date", "end_date",
     "last_seen", "placements", "headline", "description", "body", "image_url", "image_alt_text", "video_url",
     "landing_page_url", "details_url", "variant_content", "variant_width", "variant_height"]
)  # fmt: skip


def _tag() -> str:
    return uuid.uuid4().hex[:10]


def google(t: str) -> dict[str, Any]:
    ad = {
        "creative_id": "CR1",
        "format": "TEXT",
        "start": "2025-01-06",
        "last_seen": "2025-03-01",
        "advertiser_id": "AR1",
        "advertiser_name": "Acme Corp",
        "original_url": "https://adstransparency.example/CR1",
        "variants": [{"content": "Close faster with Acme", "width": 300, "height": "250"}, {"content": "ignored"}],
    }
    return {"domain": f"https://www.acme-{t}.example/", "clay_table_url": f"https://app.clay.com/tables/{t}",
            "google_ads_payload": {"ads": [ad, {"format": "IMAGE"}], "total_ad_count": 0, "country_code": "US",
                                   "continuation_token": "next"}}  # fmt: skip


def linkedin(t: str) -> dict[str, Any]:
    ad = {"ad_id": "a1", "type": "SPONSORED", "headline": {"title": "Close faster", "description": "Acme CRM"},
          "commentary": {"text": "Try Acme"}, "advertiser": {"name": "Acme Corp"}, "creative_type": "SINGLE_IMAGE",
          "view_details_link": "https://www.linkedin.com/ad-library/detail/a1",
          "image": {"url": "https://media.example/a1.png", "alt_text": "A chart"}}  # fmt: skip
    return {"domain": f"acme-{t}.example", "linkedin_ads_payload": {"page_id": "1000001", "total_ads": 1, "ads": [ad]}}


def meta(t: str) -> dict[str, Any]:
    nested = {"id": "m1", "start_date": "2025-02-01", "end_date": "2025-02-28", "status": "INACTIVE",
              "platform": ["facebook", "instagram"], "page_name": "Acme",
              "ad_creative": {"body": "Acme body", "link_title": "Acme title", "link_description": "Acme desc",
                              "image_url": "https://media.example/m1.png", "video_url": "https://media.example/m1.mp4"},
              "landing_page_url": "https://acme.example/lp"}  # fmt: skip
    flat = {"ad_id": "m2", "ad_delivery_start_time": "2025-03-01", "ad_delivery_stop_time": None,
            "ad_status": "ACTIVE", "platform": "facebook", "ad_creative_body": "Flat body", "link_title": "Flat title",
            "link_description": "Flat desc", "image_url": "https://media.example/m2.png",
            "link_url": "https://acme.example/flat"}  # fmt: skip
    answer = {
        "page_id": "2000002",
        "platform": ["facebook", "instagram"],
        "number_of_ads": 2,
        "results": [nested, flat],
    }
    return {"raw_payload": {"domain": f"acme-{t}.example", "meta_ads_payload": json.dumps(answer)}}


async def _stored_once(engine: AsyncEngine, source: str, body: dict[str, Any]) -> int:
    first = await ingest(engine, source, body)
    assert first.status is IngestStatus.STORED, first
    again = await ingest(engine, source, body)
    assert (again.status, again.raw_id) == (IngestStatus.DUPLICATE, first.raw_id)
    replayed = await reprocess(engine, first.raw_id or 0)
    assert replayed is not None
    assert (replayed.status, replayed.extracted_count) == (IngestStatus.STORED, first.extracted_count)
    assert first.raw_id is not None
    return first.raw_id


async def _extracted(engine: AsyncEngine, table: str, raw_id: int) -> list[dict[str, Any]]:
    found = await rows(engine, f"SELECT * FROM extracted.{table} WHERE raw_id = :r ORDER BY id", r=raw_id)
    return [{k: v for k, v in row.items() if k not in BOOKKEEPING} for row in found]


async def test_google_lands_whole_with_the_first_variant(engine: AsyncEngine) -> None:
    t = _tag()
    raw_id = await _stored_once(engine, "ads_google", google(t))
    company = {"platform": "google", "company_domain": f"acme-{t}.example"}
    assert await _extracted(engine, "ad_library_reports", raw_id) == [
        {**company, "reported_ad_count": 0, "listed_ad_count": 2, "page_id": None, "platforms": None,
         "clay_table_url": f"https://app.clay.com/tables/{t}"}
    ]  # fmt: skip
    assert await _extracted(engine, "ad_library_ads", raw_id) == [
        {**AD_NONE, **company, "ad_key": "#2", "ad_type": "IMAGE"},  # an ad without an id: its position
        {**AD_NONE, **company, "ad_key": "CR1", "ad_id": "CR1", "ad_type": "TEXT", "start_date": "2025-01-06",
         "last_seen": "2025-03-01", "advertiser_id": "AR1", "advertiser_name": "Acme Corp",
         "landing_page_url": "https://adstransparency.example/CR1", "variant_content": "Close faster with Acme",
         "variant_width": 300, "variant_height": 250},
    ]  # fmt: skip


async def test_linkedin_lands_whole(engine: AsyncEngine) -> None:
    t = _tag()
    raw_id = await _stored_once(engine, "ads_linkedin", linkedin(t))
    company = {"platform": "linkedin", "company_domain": f"acme-{t}.example"}
    assert await _extracted(engine, "ad_library_reports", raw_id) == [
        {**company, "reported_ad_count": 1, "listed_ad_count": 1, "page_id": "1000001", "platforms": None,
         "clay_table_url": None}
    ]  # fmt: skip
    assert await _extracted(engine, "ad_library_ads", raw_id) == [
        {**AD_NONE, **company, "ad_key": "a1", "ad_id": "a1", "ad_type": "SPONSORED", "creative_type": "SINGLE_IMAGE",
         "headline": "Close faster", "description": "Acme CRM", "body": "Try Acme", "advertiser_name": "Acme Corp",
         "image_url": "https://media.example/a1.png", "image_alt_text": "A chart",
         "details_url": "https://www.linkedin.com/ad-library/detail/a1"}
    ]  # fmt: skip


async def test_meta_lands_whole_from_either_spelling(engine: AsyncEngine) -> None:
    t = _tag()
    raw_id = await _stored_once(engine, "ads_meta", meta(t))
    company = {"platform": "meta", "company_domain": f"acme-{t}.example"}
    assert await _extracted(engine, "ad_library_reports", raw_id) == [
        {**company, "reported_ad_count": 2, "listed_ad_count": 2, "page_id": "2000002",
         "platforms": ["facebook", "instagram"], "clay_table_url": None}
    ]  # fmt: skip
    assert await _extracted(engine, "ad_library_ads", raw_id) == [
        {**AD_NONE, **company, "ad_key": "m1", "ad_id": "m1", "start_date": "2025-02-01", "end_date": "2025-02-28",
         "status": "INACTIVE", "placements": ["facebook", "instagram"], "advertiser_name": "Acme",
         "body": "Acme body", "headline": "Acme title", "description": "Acme desc",
         "image_url": "https://media.example/m1.png", "video_url": "https://media.example/m1.mp4",
         "landing_page_url": "https://acme.example/lp"},
        {**AD_NONE, **company, "ad_key": "m2", "ad_id": "m2", "start_date": "2025-03-01", "status": "ACTIVE",
         "placements": "facebook", "body": "Flat body", "headline": "Flat title", "description": "Flat desc",
         "image_url": "https://media.example/m2.png", "landing_page_url": "https://acme.example/flat"},
    ]  # fmt: skip


async def test_an_empty_ad_list_is_an_answer(engine: AsyncEngine) -> None:
    t = _tag()
    raw_id = await _stored_once(
        engine, "ads_meta", {"domain": f"none-{t}.example", "meta_ads_payload": {"results": []}}
    )
    [report] = await _extracted(engine, "ad_library_reports", raw_id)
    assert (report["reported_ad_count"], report["listed_ad_count"]) == (None, 0)


@pytest.mark.parametrize(
    ("source", "body", "reason"),
    [
        ("ads_google", {"google_ads_payload": {"ads": []}}, "domain"),
        ("ads_google", {"domain": "acme.example"}, "google_ads_payload"),
        ("ads_linkedin", {"domain": "acme.example", "linkedin_ads_payload": {"country": "US"}}, "no ads, ad count"),
        ("ads_meta", {"domain": "acme.example", "meta_ads_payload": "x"}, "meta_ads_payload"),
        ("ads_meta", {"domain": "not a domain", "meta_ads_payload": {"results": []}}, "domain"),
    ],
)  # fmt: skip
async def test_a_body_without_the_needed_keys_is_rejected_with_the_reason(
    engine: AsyncEngine, source: str, body: dict[str, Any], reason: str
) -> None:
    outcome = await ingest(engine, source, body)
    assert outcome.status is IngestStatus.REJECTED
    assert any(reason in f"{e.path} {e.message}" for e in outcome.errors), outcome.errors


SOURCES = (("ads_google", google), ("ads_linkedin", linkedin), ("ads_meta", meta))


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
        vendor = source.removeprefix("ads_") + "_ads_payload"
        for bad in ({}, [], "x", {vendor: "x"}, {vendor: [1], "domain": "a.example"},
                    {vendor: {"ads": "x", "results": {"id": 3}}, "domain": "a.example"}):  # fmt: skip
            refused = await client.post(f"/ingest/{source}", json=bad, headers=headers)
            assert refused.status_code < 500, refused.text
        empty = await client.post(f"/ingest/{source}", json={"clay_table_url": "x"}, headers=headers)
        assert (empty.status_code, empty.json()["status"]) == (422, "REJECTED")
    metrics = (await client.get("/metrics")).text
    for source, _ in SOURCES:
        assert f'hq_ingest_total{{source="{source}",status="stored"}}' in metrics


ADS = """query($d: String!) { company(domain: $d) { ads {
  google { adCount lastSeenAt } linkedin { adCount lastSeenAt } meta { adCount lastSeenAt } } } }"""
ADVERTISERS = """query($f: CompanyFilter) { companies(filter: $f, first: 10) { nodes { domain } } }"""


async def test_ads_reach_the_company_and_filter_companies(engine: AsyncEngine, gql: GraphQLClient) -> None:
    t = _tag()
    acme, quiet, unknown = f"acme-{t}.example", f"quiet-{t}.example", f"unknown-{t}.example"
    for domain in (acme, quiet, unknown):
        firmographics = {"domain": domain, "name": f"{domain} {t}"}
        assert (await ingest(engine, "company_firmographics", firmographics)).status is IngestStatus.STORED
    for source, example in SOURCES:
        assert (await ingest(engine, source, example(t))).status is IngestStatus.STORED
    no_ads = {"domain": quiet, "linkedin_ads_payload": {"page_id": "3", "total_ads": 0, "ads": []}}
    assert (await ingest(engine, "ads_linkedin", no_ads)).status is IngestStatus.STORED
    async with engine.begin() as conn:
        await rebuild_core(conn)
    reported = "SELECT max(updated_at) AS at FROM extracted.ad_library_reports WHERE company_domain = :d"
    [seen] = await rows(engine, reported, d=acme)
    body = await gql(ADS, {"d": acme})
    ads = body["data"]["company"]["ads"]
    # Google's total of 0 gives way to the two ads listed (the old rule)
    assert {p: v and v["adCount"] for p, v in ads.items()} == {"google": 2, "linkedin": 1, "meta": 2}
    assert all(v["lastSeenAt"] and datetime.fromisoformat(v["lastSeenAt"]) <= seen["at"] for v in ads.values())
    quiet_ads = (await gql(ADS, {"d": quiet}))["data"]["company"]["ads"]
    assert quiet_ads == {"google": None, "linkedin": {"adCount": 0, "lastSeenAt": None}, "meta": None}
    assert (await gql(ADS, {"d": unknown}))["data"]["company"]["ads"] is None

    async def advertisers(*platforms: str) -> set[str]:
        found = await gql(ADVERTISERS, {"f": {"advertisesOn": list(platforms), "domain": None, "name": t}})
        assert "errors" not in found, found
        return {n["domain"] for n in found["data"]["companies"]["nodes"]}

    assert await advertisers("LINKEDIN") == {acme}  # the quiet company's page runs no ads
    assert await advertisers("GOOGLE", "META") == {acme}
    assert await advertisers() == {acme, quiet, unknown}  # an empty list does not filter
