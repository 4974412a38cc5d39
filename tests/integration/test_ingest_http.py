"""Ingest over HTTP (`POST /ingest/{source}`) and GraphQL: statuses, roles, replay and uploads."""

from __future__ import annotations

import json
import secrets
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette

from gateway.database import create_engine
from tests.conftest import GraphQLClient

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"  # copies of ../shared/samples


def auth(keys: dict[str, str], role: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {keys[role]}"}


def firmographics(domain: str | None = None) -> dict[str, Any]:
    return {"company_domain": domain or f"https://www.h{uuid.uuid4().hex[:12]}.com/", "name": "Acme \u2019s"}


async def raw_count(engine: AsyncEngine, where: str, **params: Any) -> int:
    async with engine.connect() as conn:
        return int(await conn.scalar(text(f"SELECT count(*) FROM raw.payloads WHERE {where}"), params) or 0)


# --- HTTP ----------------------------------------------------------------------------------------


async def test_real_sample_is_stored_then_duplicate(client: httpx.AsyncClient, api_keys: dict[str, str]) -> None:
    row = json.loads((SAMPLES / "raw_company_customer_claygent_payloads.json").read_text())[2]
    row = {**row, "id": str(uuid.uuid4())}  # a new Clay row: a new dedupe key
    first = await client.post("/ingest/company_customers_structured", json=row, headers=auth(api_keys, "ingest"))
    assert first.status_code == 200, first.text
    body = first.json()
    assert (body["status"], body["extractedCount"], body["errors"]) == ("STORED", 2, [])
    again = await client.post("/ingest/company_customers_structured", json=row, headers=auth(api_keys, "operator"))
    assert again.status_code == 200
    assert again.json() | {"status": "DUPLICATE"} == body | {"status": "DUPLICATE"}
    assert again.json()["rawId"] == body["rawId"]


async def test_keys_and_roles(client: httpx.AsyncClient, api_keys: dict[str, str], engine: AsyncEngine) -> None:
    marker = uuid.uuid4().hex
    body = firmographics() | {"marker": marker}
    assert (await client.post("/ingest/company_firmographics", json=body)).status_code == 401
    bad = {"Authorization": f"Bearer hq_ing_{secrets.token_urlsafe(32)}"}
    assert (await client.post("/ingest/company_firmographics", json=body, headers=bad)).status_code == 401
    reader = await client.post("/ingest/company_firmographics", json=body, headers=auth(api_keys, "reader"))
    assert reader.status_code == 403
    assert reader.json()["error"]["code"] == "FORBIDDEN"
    assert await raw_count(engine, "payload ->> 'marker' = :m", m=marker) == 0
    ok = await client.post("/ingest/company_firmographics", json=body, headers={"X-API-Key": api_keys["ingest"]})
    assert ok.status_code == 200


async def test_unknown_source_bad_json_and_oversized(
    client: httpx.AsyncClient, api_keys: dict[str, str], engine: AsyncEngine
) -> None:
    headers = auth(api_keys, "ingest")
    unknown = await client.post("/ingest/nope", json={}, headers=headers)
    assert (unknown.status_code, unknown.json()["error"]["code"]) == (404, "NOT_FOUND")
    # the path segment is the source's name; the upper-case GraphQL enum value is not a path
    upper = await client.post("/ingest/COMPANY_DISCOVERY", json={}, headers=headers)
    assert (upper.status_code, upper.json()["error"]["code"]) == (404, "NOT_FOUND")
    before = await raw_count(engine, "source = 'company_discovery'")
    bad = await client.post(
        "/ingest/company_discovery",
        content=b'{"domain": "a.com",',
        headers=headers | {"content-type": "application/json"},
    )
    assert (bad.status_code, bad.json()["error"]["code"]) == (400, "BAD_USER_INPUT")
    nan = await client.post("/ingest/company_discovery", content=b'{"domain": "a.com", "n": NaN}', headers=headers)
    assert nan.status_code == 400
    big = await client.post(
        "/ingest/company_discovery",
        content=b'{"domain": "big-int.com", "n": 123456789012345678901234567890}',
        headers=headers,
    )
    assert big.status_code == 200  # valid JSON, beyond 64 bits: stored as sent
    huge = {"domain": "big.com", "description": "x" * 1_100_000}
    assert (await client.post("/ingest/company_discovery", json=huge, headers=headers)).status_code == 413
    assert await raw_count(engine, "source = 'company_discovery'") == before + 1  # only the big-int body
    metrics = (await client.get("/metrics")).text
    assert 'hq_ingest_total{source="company_discovery",status="bad_json"}' in metrics
    assert 'hq_ingest_total{source="company_discovery",status="too_large"}' in metrics


async def test_invalid_payload_is_422_with_paths_and_kept(
    client: httpx.AsyncClient, api_keys: dict[str, str], engine: AsyncEngine
) -> None:
    marker = uuid.uuid4().hex
    body = {"workflow_slug": "w", "raw_payload": json.dumps({"linkedin_url": "https://example.com/x", "m": marker})}
    response = await client.post("/ingest/person_profile", json=body, headers=auth(api_keys, "ingest"))
    assert response.status_code == 422
    result = response.json()
    assert result["status"] == "REJECTED"
    assert [(e["path"], e["code"]) for e in result["errors"]] == [("raw_payload.linkedin_url", "INVALID_LINKEDIN_URL")]
    assert await raw_count(engine, "id = :i AND status = 'rejected'", i=result["rawId"]) == 1
    again = await client.post("/ingest/person_profile", json=body, headers=auth(api_keys, "ingest"))
    assert (again.status_code, again.json()["rawId"]) == (422, result["rawId"])
    not_object = await client.post("/ingest/person_profile", json=[marker], headers=auth(api_keys, "ingest"))
    assert not_object.status_code == 422
    null = await client.post("/ingest/person_profile", content=b"null", headers=auth(api_keys, "ingest"))
    assert (null.status_code, null.json()["status"]) == (422, "REJECTED")


async def test_extraction_failure_is_500_and_kept(
    client: httpx.AsyncClient, api_keys: dict[str, str], engine: AsyncEngine
) -> None:
    # a job id longer than a btree index row can hold: valid JSON and payload, the database refuses it
    domain = f"f{uuid.uuid4().hex[:12]}.com"
    body = {"company_domain": domain, "job_id": secrets.token_hex(6000), "title": "Engineer"}
    response = await client.post("/ingest/signal_job_posting", json=body, headers=auth(api_keys, "ingest"))
    assert response.status_code == 500
    result = response.json()
    assert (result["status"], result["error"]["code"]) == ("FAILED", "EXTRACTION_FAILED")
    assert result["errors"][0]["code"] == "EXTRACTION_FAILED"
    assert await raw_count(engine, "id = :i AND status = 'failed' AND subject = :d", i=result["rawId"], d=domain) == 1
    again = await client.post("/ingest/signal_job_posting", json=body, headers=auth(api_keys, "ingest"))
    assert (again.status_code, again.json()["rawId"]) == (500, result["rawId"])  # runs again, same raw row
    async with engine.connect() as conn:
        n = await conn.scalar(
            text("SELECT count(*) FROM extracted.signal_job_postings WHERE company_domain = :d"), {"d": domain}
        )
    assert n == 0


@pytest.fixture
def database_down(app: Starlette) -> Iterator[None]:
    real = app.state.engine
    app.state.engine = create_engine("postgresql://postgres@127.0.0.1:9/none", pool_size=1)
    try:
        yield
    finally:
        app.state.engine = real


@pytest.mark.usefixtures("database_down")
async def test_database_unavailable_is_503(client: httpx.AsyncClient, api_keys: dict[str, str]) -> None:
    response = await client.post(
        "/ingest/company_firmographics", json=firmographics(), headers=auth(api_keys, "ingest")
    )
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "UPSTREAM_UNAVAILABLE"


# --- GraphQL -------------------------------------------------------------------------------------

INGEST = """
mutation($source: IngestSource!, $payload: JSON!, $key: String) {
  ingest(source: $source, payload: $payload, idempotencyKey: $key) {
    rawId source status extractedCount errors { path message code }
  }
}"""


async def test_ingest_mutation_and_roles(gql: GraphQLClient) -> None:
    variables = {"source": "COMPANY_FIRMOGRAPHICS", "payload": firmographics()}
    stored = await gql(INGEST, variables, role="ingest")
    result = stored["data"]["ingest"]
    assert (result["status"], result["source"], result["extractedCount"]) == ("STORED", "COMPANY_FIRMOGRAPHICS", 1)
    again = await gql(INGEST, variables, role="operator")
    assert again["data"]["ingest"]["status"] == "DUPLICATE"
    assert again["data"]["ingest"]["rawId"] == result["rawId"]
    reader = await gql(INGEST, variables, role="reader")
    assert [e["extensions"]["code"] for e in reader["errors"]] == ["FORBIDDEN"]
    anonymous = await gql(INGEST, variables, role=None)
    assert anonymous["data"] is None
    assert [e["extensions"]["code"] for e in anonymous["errors"]] == ["UNAUTHENTICATED"]
    rejected = await gql(INGEST, {"source": "COMPANY_FIRMOGRAPHICS", "payload": {"name": "x"}}, role="ingest")
    assert rejected["data"]["ingest"]["status"] == "REJECTED"
    assert rejected["data"]["ingest"]["errors"][0]["path"] == "company_domain"
    path_name = await gql("mutation { ingest(source: company_firmographics, payload: {}) { rawId } }", role="ingest")
    assert path_name["data"] is None  # the enum takes COMPANY_FIRMOGRAPHICS; the lower-case name is the HTTP path
    assert "Did you mean the enum value 'COMPANY_FIRMOGRAPHICS'?" in path_name["errors"][0]["message"]


async def test_http_and_graphql_share_the_dedupe_key(
    client: httpx.AsyncClient, api_keys: dict[str, str], gql: GraphQLClient
) -> None:
    payload = firmographics()
    http = await client.post("/ingest/company_firmographics", json=payload, headers=auth(api_keys, "ingest"))
    graphql = await gql(INGEST, {"source": "COMPANY_FIRMOGRAPHICS", "payload": payload}, role="ingest")
    assert graphql["data"]["ingest"]["status"] == "DUPLICATE"
    assert graphql["data"]["ingest"]["rawId"] == str(http.json()["rawId"])


async def test_ingest_many_failures_and_replay(gql: GraphQLClient) -> None:
    many = await gql(
        "mutation($p: [JSON!]!) { ingestMany(source: SIGNAL_PROMOTION, payloads: $p) { rawId status } }",
        {"p": [{"person_linkedin_url": f"linkedin.com/in/{uuid.uuid4().hex}", "new_title": "VP"}, {"nope": 1}]},
        role="ingest",
    )
    results = many["data"]["ingestMany"]
    assert [r["status"] for r in results] == ["STORED", "REJECTED"]
    rejected_id = results[1]["rawId"]

    failures = await gql(
        "{ ingestFailures(source: SIGNAL_PROMOTION, first: 100) { id status source errors { path code } payload } }",
        role="operator",
    )
    listed = {f["id"]: f for f in failures["data"]["ingestFailures"]}
    assert (listed[rejected_id]["status"], listed[rejected_id]["source"]) == ("REJECTED", "SIGNAL_PROMOTION")
    assert listed[rejected_id]["payload"] == {"nope": 1}
    assert listed[rejected_id]["errors"][0] == {"path": "person_linkedin_url", "code": "MISSING"}
    denied = await gql("{ ingestFailures { id } }", role="ingest")
    assert [e["extensions"]["code"] for e in denied["errors"]] == ["FORBIDDEN"]
    too_many = await gql("{ ingestFailures(first: 101) { id } }", role="operator")
    assert [e["extensions"]["code"] for e in too_many["errors"]] == ["LIMIT_EXCEEDED"]

    replayed = await gql(
        "mutation($ids: [ID!]!) { replayRaw(ids: $ids) { rawId status } }",
        {"ids": [results[0]["rawId"], rejected_id]},
        role="operator",
    )
    assert replayed["data"]["replayRaw"] == [
        {"rawId": results[0]["rawId"], "status": "STORED"},
        {"rawId": rejected_id, "status": "REJECTED"},
    ]
    missing = await gql('mutation { replayRaw(ids: ["999999999"]) { rawId } }', role="operator")
    assert [e["extensions"]["code"] for e in missing["errors"]] == ["NOT_FOUND"]


async def test_upload_top_priority_companies(gql: GraphQLClient, engine: AsyncEngine) -> None:
    domain = f"p{uuid.uuid4().hex[:12]}.com"
    upload = """mutation($rows: [TopPriorityCompanyInput!]!) {
      uploadTopPriorityCompanies(rows: $rows) { inserted updated unchanged invalid invalidRows { index message } }
    }"""
    rows = [
        {
            "companyName": "Prio",
            "domain": f"https://www.{domain}/x",
            "companyLinkedinUrl": "linkedin.com/company/prio/",
        },
        {"companyName": "Bad", "domain": "not a domain"},
    ]
    first = await gql(upload, {"rows": rows}, role="operator")
    assert first["data"]["uploadTopPriorityCompanies"] == {
        "inserted": 1,
        "updated": 0,
        "unchanged": 0,
        "invalid": 1,
        "invalidRows": [{"index": 1, "message": "not a domain"}],
    }
    second = await gql(upload, {"rows": [rows[0], {"companyName": "Prio 2", "domain": domain}]}, role="operator")
    assert second["data"]["uploadTopPriorityCompanies"]["updated"] == 1
    third = await gql(upload, {"rows": [{"companyName": "Prio 2", "domain": domain}]}, role="operator")
    assert third["data"]["uploadTopPriorityCompanies"]["unchanged"] == 1
    async with engine.connect() as conn:
        got = (
            await conn.execute(
                text("SELECT company_name, company_linkedin_url FROM public.top_priority_companies WHERE domain = :d"),
                {"d": domain},
            )
        ).all()
    assert [tuple(r) for r in got] == [("Prio 2", "https://www.linkedin.com/company/prio")]
    denied = await gql(upload, {"rows": rows}, role="ingest")
    assert [e["extensions"]["code"] for e in denied["errors"]] == ["FORBIDDEN"]


async def test_a_stored_null_body_reads_back_as_null(
    client: httpx.AsyncClient, api_keys: dict[str, str], gql: GraphQLClient
) -> None:
    # a webhook body `null` is kept (REJECTED); reading it back is data, not an INTERNAL error
    stored = await client.post("/ingest/person_profile", content=b"null", headers=auth(api_keys, "ingest"))
    raw_id = stored.json()["rawId"]
    body = await gql("{ ingestFailures(source: PERSON_PROFILE, first: 100) { id payload } }", role="operator")
    assert "errors" not in body, body["errors"]
    assert {"id": str(raw_id), "payload": None} in body["data"]["ingestFailures"]
