"""Schema-aware fuzzing of the running gateway for every role (hypothesis-graphql).

Every generated operation must get HTTP 200, no masked internal error, and an answer that keeps the
role model: readers never get operator data or run a mutation, ingest keys never read, no key gets
nothing. Operators are fuzzed on queries only (their mutations rebuild core and would disturb the
other tests sharing this database); their mutations are covered by the feature tests.
"""

import asyncio
import os
import tempfile
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from graphql import build_schema
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import from_schema, nodes

from gateway.auth import Role, create_key
from gateway.database import create_engine
from gateway.extensions import PUBLIC_CODES
from gateway.settings import REPO_ROOT
from tests.integration.processes import free_port, spawn_gateway

SDL = (REPO_ROOT / "schema.graphql").read_text()
SCHEMA = build_schema(SDL)
QUERY_FIELDS = set(SCHEMA.query_type.fields) if SCHEMA.query_type else set()
MUTATION_FIELDS = set(SCHEMA.mutation_type.fields) if SCHEMA.mutation_type else set()
EVERYONE = {"viewer", "__typename"}
OPERATOR_ONLY_QUERIES = {
    "ingestFailures",
    "similarCompaniesBatch",
    "similarCompaniesBatches",
    "estimateSimilarCompaniesBatch",
    "customerMatchCandidates",
}
READER_QUERIES = QUERY_FIELDS - OPERATOR_ONLY_QUERIES - EVERYONE
INGEST_MUTATIONS = {"ingest", "ingestMany"}

INJECTION = st.sampled_from(
    [
        "' OR 1=1 --",
        "%",
        "_",
        "\\",
        "'; DROP TABLE core.people; --",
        "$1",
        "\u0000",
        "<script>alert(1)</script>",
        "{{7*7}}",
        "a" * 300,
    ]
)
SCALARS = {
    "Date": st.dates().map(lambda d: nodes.String(d.isoformat())),
    "DateTime": st.datetimes().map(lambda d: nodes.String(d.isoformat() + "Z")),
    "JSON": st.one_of(st.just(nodes.Object([])), INJECTION.map(nodes.String)),
}


@pytest.fixture(scope="module")
def server(database_url: str) -> Iterator[tuple[str, dict[str, str]]]:
    async def make_keys() -> dict[str, str]:
        engine = create_engine(database_url, pool_size=1)
        try:
            return {r.value: (await create_key(engine, r, f"fuzz-{r.value}"))[1] for r in Role}
        finally:
            await engine.dispose()

    keys = asyncio.run(make_keys())
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "HQ_RUN_WORKERS": "false",
        "HQ_LOG_LEVEL": "ERROR",
        "COMPANYENRICH_BASE_URL": "http://127.0.0.1:9",
    }
    with tempfile.TemporaryFile() as log:
        proc = spawn_gateway(["serve", "--port", str(port)], env, log)
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(200):
                try:
                    if httpx.get(base + "/readyz").status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.1)
            yield base, keys
        finally:
            proc.terminate()
            proc.wait(timeout=20)


def _post(base: str, query: str, token: str | None) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = httpx.post(base + "/graphql", json={"query": query}, headers=headers, timeout=30)
    assert response.status_code == 200, (query, response.status_code, response.text[:500])
    body: dict[str, Any] = response.json()
    for error in body.get("errors") or []:
        code = (error.get("extensions") or {}).get("code")
        assert code is None or code in PUBLIC_CODES, (query, error)
        assert "Traceback" not in error["message"], error
        assert "asyncpg" not in error["message"], error
    return body


def _returned(body: dict[str, Any]) -> set[str]:
    return {k for k, v in (body.get("data") or {}).items() if v is not None}


FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@FUZZ
@given(query=from_schema(SDL, fields=sorted(QUERY_FIELDS), custom_scalars=SCALARS))
def test_reader_queries(server: tuple[str, dict[str, str]], query: str) -> None:
    base, keys = server
    body = _post(base, query, keys["reader"])
    assert not (_returned(body) & OPERATOR_ONLY_QUERIES), (query, body)


@FUZZ
@given(query=from_schema(SDL, fields=sorted(MUTATION_FIELDS - INGEST_MUTATIONS), custom_scalars=SCALARS))
def test_reader_cannot_mutate(server: tuple[str, dict[str, str]], query: str) -> None:
    base, keys = server
    body = _post(base, query, keys["reader"])
    assert not _returned(body), (query, body)


@FUZZ
@given(query=from_schema(SDL, fields=sorted(QUERY_FIELDS - EVERYONE), custom_scalars=SCALARS))
def test_ingest_key_reads_nothing(server: tuple[str, dict[str, str]], query: str) -> None:
    base, keys = server
    body = _post(base, query, keys["ingest"])
    assert not (_returned(body) - EVERYONE), (query, body)


@FUZZ
@given(query=from_schema(SDL, fields=sorted(INGEST_MUTATIONS), custom_scalars=SCALARS))
@example(query='mutation { ingest(source: PERSON_PROFILE, payload: {}, idempotencyKey: "\\u0000") { status } }')
def test_ingest_mutations_with_hostile_payloads(server: tuple[str, dict[str, str]], query: str) -> None:
    base, keys = server
    _post(base, query, keys["ingest"])


@FUZZ
@given(query=from_schema(SDL, custom_scalars=SCALARS) | from_schema(SDL, fields=sorted(QUERY_FIELDS)))
def test_no_key_gets_nothing(server: tuple[str, dict[str, str]], query: str) -> None:
    base, _ = server
    body = _post(base, query, None)
    assert body.get("data") is None, (query, body)
    assert {e["extensions"]["code"] for e in body["errors"]} <= {"UNAUTHENTICATED"}, body


@FUZZ
@given(query=from_schema(SDL, fields=sorted(QUERY_FIELDS), custom_scalars=SCALARS))
def test_operator_queries(server: tuple[str, dict[str, str]], query: str) -> None:
    base, keys = server
    _post(base, query, keys["operator"])


TEXT_FILTERS = [
    "personCity",
    "personState",
    "personCountry",
    "companyCity",
    "companyState",
    "companyCountry",
    "companyName",
    "jobTitle",
    "fullName",
    "companyDomain",
]
HOSTILE = ["' OR 1=1 --", "%", "_", "\\", "'; DROP TABLE core.people; --", "%' UNION SELECT * FROM raw.payloads --"]


@pytest.mark.parametrize("field", TEXT_FILTERS)
def test_injection_strings_in_text_filters_are_just_text(server: tuple[str, dict[str, str]], field: str) -> None:
    base, keys = server
    for value in HOSTILE:
        response = httpx.post(
            base + "/graphql",
            json={
                "query": "query Q($f: LeadFilter) { leads(filter: $f, first: 5) { totalCount nodes { personId } } }",
                "variables": {"f": {field: value, "complete": False}},
            },
            headers={"Authorization": f"Bearer {keys['reader']}"},
            timeout=30,
        )
        body = response.json()
        assert response.status_code == 200
        if body.get("errors"):
            assert {e["extensions"]["code"] for e in body["errors"]} <= {"BAD_USER_INPUT"}, body
        else:
            # a literal '%' or '_' matches only names that contain it; none of the demo data does
            assert body["data"]["leads"]["totalCount"] == 0, (field, value, body)
