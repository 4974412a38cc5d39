"""Case studies (LEGACY-PAYLOADS section 4) through the real pipeline: `case_study` (the extraction request,
the extraction's answer and the parallel run's body) and `case_study_buyers`, into
`extracted.case_studies` + `extracted.case_study_champions`, compared whole; then through the core build
to `Company.caseStudies`.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette

from ingest.core_build.build import rebuild_core
from ingest.erasure import erase_person
from ingest.pipeline import IngestStatus, ingest, reprocess
from tests.conftest import GraphQLClient
from tests.conftest import sql_rows as rows
from tests.integration.test_query_leads import statements

BOOKKEEPING = {"id", "raw_id", "created_at", "updated_at"}
STUDY_NONE = dict.fromkeys(
    ["origin_company_name", "customer_domain", "article_title", "confidence", "reasoning", "workflow_slug",
     "clay_table_url"]
)  # fmt: skip
PERSON_NONE = dict.fromkeys(["job_title", "company_name", "linkedin_url", "testimonial"])


def _tag() -> str:
    return uuid.uuid4().hex[:10]


def _parallel(t: str) -> dict[str, Any]:
    """The file's example (the parallel run's body), with its optional `clay_table_url`."""
    return {"success": True, "case_study_url": f"https://vendor-{t}.example/customers/acme",
            "origin_company_domain": f"Vendor-{t}.example", "publishing_company_name": "Vendor Inc",
            "customer_company_name": "Acme Corp", "customer_company_domain": f"acme-{t}.example",
            "clay_table_url": f"https://app.clay.com/tables/{t}",
            "champions": [{"champion_full_name": "Jane Doe", "champion_job_title": "Head of RevOps",
                           "champion_testimonials_or_quotations": "It saved us hours."},
                          {"champion_full_name": "", "champion_job_title": "nameless, skipped"}]}  # fmt: skip


def _extraction(t: str) -> dict[str, Any]:
    """The extraction request's pointers with the extraction's answer, wrapped and as a JSON string."""
    answer = {"company_customer_domain": f"globex-{t}.example", "article_title": "How Globex closes faster",
              "confidence": "high", "reasoning": "The article names Globex.",
              "champions": [{"full_name": "Sam Roe", "job_title": "CRO", "company_name": "Globex"}]}  # fmt: skip
    return {"origin_company_name": "Vendor Inc", "origin_company_domain": f"vendor-{t}.example",
            "case_study_url": f"https://vendor-{t}.example/customers/globex", "company_customer_name": "Globex",
            "workflow_slug": "case-study-extraction", "raw_payload": json.dumps(answer)}  # fmt: skip


def _buyers(t: str) -> dict[str, Any]:
    return {"origin_company_name": "Vendor Inc", "origin_company_domain": f"vendor-{t}.example",
            "case_study_url": f"https://vendor-{t}.example/customers/acme", "customer_company_name": "Acme Corp",
            "customer_company_domain": f"acme-{t}.example", "success": True, "cost_usd": 0.01,
            "input_tokens": 1200, "output_tokens": 80,
            "people": [{"fullName": "Jane Doe", "jobTitle": "Head of Revenue Operations"},
                       {"fullName": "Max Poe", "jobTitle": "VP Sales"}, {"fullName": " "}]}  # fmt: skip


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


async def test_the_parallel_run_lands_whole(engine: AsyncEngine) -> None:
    t = _tag()
    raw_id = await _stored_once(engine, "case_study", _parallel(t))
    key = {"source": "case_study", "origin_company_domain": f"vendor-{t}.example",
           "case_study_url": f"https://vendor-{t}.example/customers/acme", "customer_name": "Acme Corp"}  # fmt: skip
    assert await _extracted(engine, "case_studies", raw_id) == [
        {**STUDY_NONE, **key, "origin_company_name": "Vendor Inc", "customer_domain": f"acme-{t}.example",
         "clay_table_url": f"https://app.clay.com/tables/{t}"}
    ]  # fmt: skip
    assert await _extracted(engine, "case_study_champions", raw_id) == [
        {**PERSON_NONE, **key, "full_name": "Jane Doe", "job_title": "Head of RevOps",
         "testimonial": "It saved us hours."}
    ]  # fmt: skip


async def test_the_extraction_request_with_its_answer_lands_whole(engine: AsyncEngine) -> None:
    t = _tag()
    raw_id = await _stored_once(engine, "case_study", _extraction(t))
    key = {"source": "case_study", "origin_company_domain": f"vendor-{t}.example",
           "case_study_url": f"https://vendor-{t}.example/customers/globex", "customer_name": "Globex"}  # fmt: skip
    assert await _extracted(engine, "case_studies", raw_id) == [
        {**key, "origin_company_name": "Vendor Inc", "customer_domain": f"globex-{t}.example",
         "article_title": "How Globex closes faster", "confidence": "high", "reasoning": "The article names Globex.",
         "workflow_slug": "case-study-extraction", "clay_table_url": None}
    ]  # fmt: skip
    assert await _extracted(engine, "case_study_champions", raw_id) == [
        {**PERSON_NONE, **key, "full_name": "Sam Roe", "job_title": "CRO", "company_name": "Globex"}
    ]


async def test_the_buyers_land_whole(engine: AsyncEngine) -> None:
    t = _tag()
    raw_id = await _stored_once(engine, "case_study_buyers", _buyers(t))
    key = {"source": "case_study_buyers", "origin_company_domain": f"vendor-{t}.example",
           "case_study_url": f"https://vendor-{t}.example/customers/acme", "customer_name": "Acme Corp"}  # fmt: skip
    assert await _extracted(engine, "case_studies", raw_id) == [
        {**STUDY_NONE, **key, "origin_company_name": "Vendor Inc", "customer_domain": f"acme-{t}.example"}
    ]
    assert await _extracted(engine, "case_study_champions", raw_id) == [
        {**PERSON_NONE, **key, "full_name": "Jane Doe", "job_title": "Head of Revenue Operations"},
        {**PERSON_NONE, **key, "full_name": "Max Poe", "job_title": "VP Sales"},
    ]


@pytest.mark.parametrize(
    ("source", "body", "reason"),
    [
        ("case_study", {"case_study_url": "https://v.example/c/a"}, "origin_company_domain"),
        ("case_study", {"origin_company_domain": "v.example", "customer_company_name": "Acme"}, "case_study_url"),
        ("case_study", {"origin_company_domain": "not a domain", "case_study_url": "https://v.example/c"}, "domain"),
        ("case_study", {**_parallel("x"), "success": False}, "success is false"),
        ("case_study_buyers", {"origin_company_domain": "v.example", "people": [{"jobTitle": "CEO"}]}, "named people"),
        ("case_study_buyers", {"origin_company_name": "Vendor Inc", "people": []}, "origin_company_domain"),
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
    for source, example in (("case_study", _parallel), ("case_study", _extraction), ("case_study_buyers", _buyers)):
        body = example(_tag())
        first = await client.post(f"/ingest/{source}", json=body, headers=headers)
        assert (first.status_code, first.json()["status"]) == (200, "STORED")
        again = await client.post(f"/ingest/{source}", json=body, headers=headers)
        assert (again.status_code, again.json()["status"]) == (200, "DUPLICATE")
        for bad in (
            {},
            [],
            "x",
            {"raw_payload": "{}"},
            {"champions": "x"},
            {"people": [1], "origin_company_domain": 3},
        ):
            refused = await client.post(f"/ingest/{source}", json=bad, headers=headers)
            assert refused.status_code < 500, refused.text
        empty = await client.post(f"/ingest/{source}", json={"workflow_slug": "x"}, headers=headers)
        assert (empty.status_code, empty.json()["status"]) == (422, "REJECTED")
    metrics = (await client.get("/metrics")).text
    for source in ("case_study", "case_study_buyers"):
        assert f'hq_ingest_total{{source="{source}",status="stored"}}' in metrics


STUDIES = """query($d: String!) { company(domain: $d) { caseStudies { url customerName customerDomain
  champions { fullName title linkedinUrl } } } }"""


async def test_case_studies_reach_the_company_through_the_core_build(engine: AsyncEngine, gql: GraphQLClient) -> None:
    t = _tag()
    vendor = f"vendor-{t}.example"
    assert (await ingest(engine, "company_firmographics", {"domain": vendor, "name": "Vendor Inc"})).status.value == (
        "STORED"
    )
    for source, body in (
        ("case_study", _parallel(t)),
        ("case_study", _extraction(t)),
        ("case_study_buyers", _buyers(t)),
    ):
        assert (await ingest(engine, source, body)).status is IngestStatus.STORED
    # a champion with a LinkedIn URL, named in an article the others do not know
    extra = {"origin_company_domain": vendor, "case_study_url": f"https://{vendor}/customers/initech",
             "customer_company_domain": "https://www.Initech.example/about",
             "people": [{"fullName": "Ann Lee", "linkedin_url": "https://www.linkedin.com/in/ann-lee"}]}  # fmt: skip
    assert (await ingest(engine, "case_study_buyers", extra)).status is IngestStatus.STORED
    async with engine.begin() as conn:
        report = await rebuild_core(conn)
    assert report.inserted["company_case_studies"] >= 3
    body = await gql(STUDIES, {"d": vendor})
    assert body["data"]["company"]["caseStudies"] == [
        {"url": f"https://{vendor}/customers/acme", "customerName": "Acme Corp", "customerDomain": f"acme-{t}.example",
         # the buyers' title is newer than the parallel run's: the newest titled row wins
         "champions": [{"fullName": "Jane Doe", "title": "Head of Revenue Operations", "linkedinUrl": None},
                       {"fullName": "Max Poe", "title": "VP Sales", "linkedinUrl": None}]},
        {"url": f"https://{vendor}/customers/globex", "customerName": "Globex", "customerDomain": f"globex-{t}.example",
         "champions": [{"fullName": "Sam Roe", "title": "CRO", "linkedinUrl": None}]},
        {"url": f"https://{vendor}/customers/initech", "customerName": None, "customerDomain": "initech.example",
         "champions": [{"fullName": "Ann Lee", "title": None, "linkedinUrl": "https://www.linkedin.com/in/ann-lee"}]},
    ]  # fmt: skip
    customers = await gql('query($d: String!) { company(domain: $d) { customers { nodes { customerName '
                          'customerDomain caseStudyUrl hasCaseStudy source } } } }', {"d": vendor})  # fmt: skip
    # Initech's study names no customer: no customer row
    assert customers["data"]["company"]["customers"]["nodes"] == [
        {
            "customerName": "Acme Corp",
            "customerDomain": f"acme-{t}.example",
            "caseStudyUrl": f"https://{vendor}/customers/acme",
            "hasCaseStudy": True,
            "source": "case_study",
        },
        {
            "customerName": "Globex",
            "customerDomain": f"globex-{t}.example",
            "caseStudyUrl": f"https://{vendor}/customers/globex",
            "hasCaseStudy": True,
            "source": "case_study",
        },
    ]  # fmt: skip
    async with engine.begin() as conn:
        again = await rebuild_core(conn)
    assert again.inserted.get("company_case_studies", 0) == again.updated.get("company_case_studies", 0) == 0


async def test_nested_lists_load_in_one_statement_each_and_a_quoted_person_can_be_erased(
    engine: AsyncEngine, gql: GraphQLClient, app: Starlette
) -> None:
    t = _tag()
    vendors = [f"v{i}-{t}.example" for i in range(3)]
    for i, vendor in enumerate(vendors):
        assert (await ingest(engine, "company_firmographics", {"domain": vendor, "name": f"V{i} {t}"})).status.value
        person = {"fullName": f"Ann Lee {i}", "linkedin_url": f"https://www.linkedin.com/in/ann-{i}-{t}"}
        study = {"origin_company_domain": vendor, "case_study_url": f"https://{vendor}/c", "people": [person]}
        assert (await ingest(engine, "case_study_buyers", study)).status is IngestStatus.STORED
        assert await ingest(engine, "ads_meta", {"domain": vendor, "meta_ads_payload": {"results": [{"id": "1"}]}})
    async with engine.begin() as conn:
        await rebuild_core(conn)
    query = """query($n: String) { companies(filter: {name: $n}, first: 10) { nodes { domain
        caseStudies { url champions { fullName linkedinUrl } } ads { meta { adCount } } } } }"""
    with statements(app.state.reader_engine, app.state.compiled) as seen:
        nodes = (await gql(query, {"n": t}))["data"]["companies"]["nodes"]
    assert [len(n["caseStudies"][0]["champions"]) for n in nodes] == [1, 1, 1]
    assert [n["ads"]["meta"]["adCount"] for n in nodes] == [1, 1, 1]
    assert len(seen) <= 4  # the page, case studies, champions, ads: not one per company
    report = await erase_person(engine, f"https://www.linkedin.com/in/ann-0-{t}")
    assert report.extracted_rows == 1
    left = await rows(
        engine, "SELECT count(*) AS n FROM core.company_case_study_champions WHERE full_name = 'Ann Lee 0'"
    )
    assert left == [{"n": 0}]
