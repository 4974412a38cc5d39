"""/graphql as real clients use it: the Python `gql` client (HTTP, batches, websocket) against uvicorn on a loopback
port, and the protocols clients build on (APQ, trusted documents, GET caching, graphql-response+json) as raw HTTP."""

import asyncio
import hashlib
import json
import os
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import websockets
from gql import Client, GraphQLRequest
from gql.transport.exceptions import TransportQueryError
from gql.transport.httpx import HTTPXAsyncTransport
from gql.transport.websockets import WebsocketsTransport
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from gateway.app import create_app
from gateway.context import Context
from gateway.graphql_http import Operation
from gateway.settings import Settings
from tests.integration.batches_support import Gateway, random_domains, serve_app
from tests.integration.test_query_data import Dataset

REPO = Path(__file__).resolve().parents[2]
COMPANY = "query Company($d: String!) { company(domain: $d) { name } }"


def sha256(text_: str) -> str:
    return hashlib.sha256(text_.encode()).hexdigest()


def settings(database_url: str, **values: Any) -> Settings:
    return Settings(database_url=database_url, run_workers=False, companyenrich_base_url="http://127.0.0.1:9", **values)


@pytest.fixture(scope="module")
async def url(database_url: str) -> AsyncIterator[str]:
    """The development app under uvicorn on a loopback port."""
    async with serve_app(create_app(settings(database_url, max_batch_operations=3))) as base:
        yield base


@pytest.fixture(scope="module")
async def production(database_url: str) -> AsyncIterator[str]:
    """HQ_ENV=production with HQ_TRUSTED_DOCUMENTS=true."""
    async with serve_app(create_app(settings(database_url, env="production", trusted_documents=True))) as base:
        yield base


async def hq_gateway(database_url: str, *args: str) -> tuple[int, str]:
    """`hq-gateway <args>` of this checkout in a subprocess: exit code and output."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        "from gateway.cli import main; main()",
        *args,
        cwd=REPO,
        env={**os.environ, "DATABASE_URL": database_url},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await process.communicate()
    return await process.wait(), output.decode()


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def gql_client(url: str, key: str | None, **client: Any) -> Client:
    headers = bearer(key) if key else {}
    return Client(transport=HTTPXAsyncTransport(url=f"{url}/graphql", headers=headers), **client)


# -- the gql client ----------------------------------------------------------------------------------------------


async def test_gql_client_queries_with_variables_and_the_schema(
    url: str, ds: Dataset, api_keys: dict[str, str]
) -> None:
    # fetch_schema_from_transport: gql introspects first (with the key) and validates locally against it
    async with gql_client(url, api_keys["reader"], fetch_schema_from_transport=True) as session:
        assert await session.execute(GraphQLRequest("{ viewer { role } }")) == {"viewer": {"role": "reader"}}
        data = await session.execute(GraphQLRequest(COMPANY, variable_values={"d": ds.domain("full_a")}))
        assert data == {"company": {"name": f"Acme {ds.tag}"}}
        assert session.client.schema is not None
        assert session.client.schema.mutation_type is not None


async def test_introspection_needs_a_key(url: str) -> None:
    async with gql_client(url, None) as session:
        with pytest.raises(TransportQueryError) as refused:
            await session.execute(GraphQLRequest("{ __schema { mutationType { name } } }"))
    assert refused.value.errors is not None
    assert refused.value.errors[0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_gql_client_batches_operations_in_one_request(url: str, ds: Dataset, api_keys: dict[str, str]) -> None:
    async with gql_client(url, api_keys["reader"]) as session:
        results = await session.execute_batch(
            [
                GraphQLRequest("{ viewer { role } }"),
                GraphQLRequest(COMPANY, variable_values={"d": ds.domain("full_b")}),
            ]
        )
    assert results == [{"viewer": {"role": "reader"}}, {"company": {"name": f"Zenith {ds.tag}"}}]


async def test_a_batch_answers_each_operation_in_place_and_is_bounded(url: str, api_keys: dict[str, str]) -> None:
    async with httpx.AsyncClient(base_url=url, headers=bearer(api_keys["reader"])) as client:
        mixed = await client.post(
            "/graphql", json=[{"query": "{ viewer { role } }"}, {"query": "{ nope }"}, {"query": "{ __typename }"}]
        )
        assert mixed.status_code == 200
        first, second, third = mixed.json()
        assert first == {"data": {"viewer": {"role": "reader"}}, "extensions": first["extensions"]}
        assert "Cannot query field 'nope'" in second["errors"][0]["message"]
        assert third["data"] == {"__typename": "Query"}
        too_many = await client.post("/graphql", json=[{"query": "{ __typename }"}] * 4)
        assert too_many.status_code == 400
        error = too_many.json()["errors"][0]
        assert error["extensions"] == {"code": "LIMIT_EXCEEDED", "limit": "batch", "maximum": 3}


async def test_gql_websocket_subscription_with_the_key_in_connection_init(
    gw: Gateway, api_keys: dict[str, str]
) -> None:
    batch = await gw.start(random_domains(2, "gqlws"))
    await gw.wait_final(batch["id"])
    query = GraphQLRequest(
        "subscription($id: ID!) { similarCompaniesBatchProgress(id: $id) { status processed } }",
        variable_values={"id": batch["id"]},
    )
    key = gw.operator
    for payload in (
        {"Authorization": f"Bearer {key}"},
        {"Authorization": key},
        {"headers": {"Authorization": f"Bearer {key}"}},
        {"headers": {"x-api-key": key}},
        {"X-API-Key": key},
        {"apiKey": key},
    ):
        transport = WebsocketsTransport(url=gw.ws_url(), init_payload=payload, subprotocols=["graphql-transport-ws"])
        async with Client(transport=transport) as session:
            events = [event async for event in session.subscribe(query)]
        assert events[-1]["similarCompaniesBatchProgress"] == {"status": "COMPLETED", "processed": 2}, payload


async def test_a_bad_websocket_key_closes_with_4403_and_a_reason(gw: Gateway) -> None:
    async with websockets.connect(gw.ws_url(), subprotocols=[websockets.Subprotocol("graphql-transport-ws")]) as ws:
        await ws.send(json.dumps({"type": "connection_init", "payload": {"headers": {"Authorization": "hq_x"}}}))
        with pytest.raises(websockets.ConnectionClosed) as closed:
            await ws.recv()
    assert closed.value.rcvd is not None
    assert closed.value.rcvd.code == 4403
    assert closed.value.rcvd.reason == "Forbidden: unknown or revoked API key"


# -- GET -----------------------------------------------------------------------------------------------------------


async def test_get_runs_queries_with_cache_headers_and_etag(url: str, ds: Dataset, api_keys: dict[str, str]) -> None:
    params = {"query": COMPANY, "operationName": "Company", "variables": json.dumps({"d": ds.domain("full_a")})}
    async with httpx.AsyncClient(base_url=url, headers=bearer(api_keys["reader"])) as client:
        first = await client.get("/graphql", params=params)
        assert first.status_code == 200
        assert first.json()["data"] == {"company": {"name": f"Acme {ds.tag}"}}
        assert first.headers["cache-control"] == "private, max-age=0"
        assert first.headers["vary"] == "Authorization, X-API-Key, Accept, Origin"
        etag = first.headers["etag"]
        assert etag == f'"{hashlib.blake2b(first.content, digest_size=16).hexdigest()}"'
        again = await client.get("/graphql", params=params, headers={"If-None-Match": etag})
        assert again.status_code == 304
        assert again.content == b""
        assert again.headers["etag"] == etag
        other = await client.get("/graphql", params=params, headers={"If-None-Match": '"something-else"'})
        assert other.status_code == 200
        assert other.content == first.content
        refused = await client.get("/graphql", params={"query": "{ nope }"})
        assert refused.headers["cache-control"] == "no-store"
        assert "etag" not in refused.headers


async def test_mutations_over_get_are_405(url: str, api_keys: dict[str, str]) -> None:
    async with httpx.AsyncClient(base_url=url, headers=bearer(api_keys["operator"])) as client:
        response = await client.get("/graphql", params={"query": "mutation { __typename }"})
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
    assert response.json()["errors"][0]["extensions"]["code"] == "METHOD_NOT_ALLOWED"


# -- media types and transport errors ------------------------------------------------------------------------------

RESPONSE_JSON = "application/graphql-response+json"


@pytest.mark.parametrize(
    ("body", "key", "status", "code"),
    [
        ({"query": "{ viewer { role } "}, "reader", 400, None),  # syntax error
        ({"query": "{ nope }"}, "reader", 400, None),  # validation error
        ({"query": "{ viewer { role } }"}, None, 401, "UNAUTHENTICATED"),
        ({"query": COMPANY, "variables": {"d": 5}}, "reader", 400, "BAD_USER_INPUT"),
    ],
)
async def test_graphql_response_json_answers_requests_that_never_ran_with_4xx(
    url: str, api_keys: dict[str, str], body: dict[str, Any], key: str | None, status: int, code: str | None
) -> None:
    headers = bearer(api_keys[key]) if key else {}
    async with httpx.AsyncClient(base_url=url, headers=headers) as client:
        spec = await client.post("/graphql", json=body, headers={"Accept": f"{RESPONSE_JSON}, application/json;q=0.9"})
        legacy = await client.post("/graphql", json=body, headers={"Accept": "application/json"})
    assert spec.status_code == status
    assert spec.headers["content-type"] == RESPONSE_JSON
    assert "data" not in spec.json()
    assert (spec.json()["errors"][0].get("extensions") or {}).get("code") == code
    assert legacy.status_code == 200  # application/json: a GraphQL result is a 200, as before
    assert legacy.headers["content-type"] == "application/json"
    assert legacy.json()["data"] is None


async def test_graphql_response_json_keeps_200_for_an_executed_operation(url: str, api_keys: dict[str, str]) -> None:
    async with httpx.AsyncClient(base_url=url, headers=bearer(api_keys["reader"])) as client:
        response = await client.post(
            "/graphql", json={"query": "{ viewer { role } }"}, headers={"Accept": RESPONSE_JSON}
        )
    assert response.status_code == 200
    assert response.json()["data"] == {"viewer": {"role": "reader"}}


@pytest.mark.parametrize(
    ("method", "content", "headers", "status", "code"),
    [
        ("POST", b"{not json", {"Content-Type": "application/json"}, 400, "BAD_REQUEST"),
        ("POST", b"query { x }", {"Content-Type": "text/plain"}, 415, "UNSUPPORTED_MEDIA_TYPE"),
        ("POST", b'{"query": 1}', {"Content-Type": "application/json"}, 400, "BAD_REQUEST"),
        ("POST", b'{"variables": []}', {"Content-Type": "application/json"}, 400, "BAD_REQUEST"),
        ("POST", b"[]", {"Content-Type": "application/json"}, 400, "BAD_REQUEST"),
        ("POST", b"{}", {"Content-Type": "application/json"}, 400, "BAD_REQUEST"),
        ("PUT", b"{}", {"Content-Type": "application/json"}, 405, "METHOD_NOT_ALLOWED"),
        ("GET", b"", {"Accept": "application/json"}, 400, "BAD_REQUEST"),
        ("POST", b'{"query": "{ __typename }", "x": "' + b"x" * 1_100_000 + b'"}', {}, 413, "PAYLOAD_TOO_LARGE"),
    ],
)
async def test_transport_errors_are_json(
    url: str, method: str, content: bytes, headers: dict[str, str], status: int, code: str
) -> None:
    headers = {"Content-Type": "application/json", **headers}
    async with httpx.AsyncClient(base_url=url) as client:
        response = await client.request(method, "/graphql", content=content, headers=headers)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/json"
    assert response.json()["errors"][0]["extensions"]["code"] == code


async def test_a_chunked_body_over_the_limit_is_a_json_413(url: str) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        yield b'{"query": "{ __typename }", "x": "'
        for _ in range(12):
            yield b"x" * 100_000
        yield b'"}'

    async with httpx.AsyncClient(base_url=url) as client:
        response = await client.post("/graphql", content=chunks(), headers={"Content-Type": "application/json"})
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"


# -- automatic persisted queries (Apollo's createPersistedQueryLink) ------------------------------------------------


@pytest.mark.parametrize("method", ["POST", "GET"])
async def test_apq_not_found_then_retry_with_the_text_then_the_hash_alone(
    url: str, ds: Dataset, api_keys: dict[str, str], method: str
) -> None:
    query = COMPANY + f" # {method} {ds.tag}"  # a hash this server has not seen
    persisted = {"persistedQuery": {"version": 1, "sha256Hash": sha256(query)}}
    variables = {"d": ds.domain("full_a")}

    async def send(client: httpx.AsyncClient, with_text: bool) -> httpx.Response:
        body: dict[str, Any] = {
            "variables": variables,
            "extensions": persisted,
            **({"query": query} if with_text else {}),
        }
        if method == "GET":
            params = {k: v if isinstance(v, str) else json.dumps(v) for k, v in body.items()}
            return await client.get("/graphql", params=params)
        return await client.post("/graphql", json=body)

    accept = {"Accept": f"{RESPONSE_JSON}, application/json;q=0.9"}  # what Apollo Client 4 sends
    async with httpx.AsyncClient(base_url=url, headers={**bearer(api_keys["reader"]), **accept}) as client:
        unknown = await send(client, with_text=False)
        assert unknown.status_code == 200  # as Apollo Server: every APQ client retries on it
        assert unknown.json() == {
            "errors": [{"message": "PersistedQueryNotFound", "extensions": {"code": "PERSISTED_QUERY_NOT_FOUND"}}]
        }
        if method == "GET":
            assert unknown.headers["cache-control"] == "no-store"
        retried = await send(client, with_text=True)
        assert retried.json()["data"] == {"company": {"name": f"Acme {ds.tag}"}}
        hashed = await send(client, with_text=False)
        assert hashed.status_code == 200
        assert hashed.json()["data"] == {"company": {"name": f"Acme {ds.tag}"}}
        wrong = {"query": "{ __typename }", "extensions": persisted}
        mismatch = await client.post("/graphql", json=wrong)
        assert mismatch.status_code == 400
        assert mismatch.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


# -- trusted documents ---------------------------------------------------------------------------------------------


async def test_trusted_documents_registered_by_the_cli_are_all_that_runs_in_production(
    production: str, url: str, database_url: str, engine: AsyncEngine, api_keys: dict[str, str], tmp_path: Path
) -> None:
    viewer = "query Viewer { viewer { role } }"
    manifest = tmp_path / "persisted-documents.json"
    manifest.write_text(json.dumps({sha256(viewer): viewer}))
    code, output = await hq_gateway(database_url, "documents", "register", str(manifest))
    assert code == 0, output
    assert "registered 1 new document(s)" in output
    code, output = await hq_gateway(database_url, "documents", "register", str(manifest))
    assert "registered 0 new document(s); 1 already registered" in output
    code, output = await hq_gateway(database_url, "documents", "list")
    assert f"{sha256(viewer)}  query Viewer" in output
    forged = tmp_path / "forged.json"
    forged.write_text(json.dumps({sha256(viewer): "{ __typename }"}))
    code, output = await hq_gateway(database_url, "documents", "register", str(forged))
    assert code != 0
    assert "is not the sha256 of its document" in output

    async with httpx.AsyncClient(base_url=production, headers=bearer(api_keys["reader"])) as client:
        by_id = await client.post("/graphql", json={"documentId": f"sha256:{sha256(viewer)}"})
        assert by_id.json()["data"] == {"viewer": {"role": "reader"}}
        by_apq = await client.get(
            "/graphql",
            params={"extensions": json.dumps({"persistedQuery": {"version": 1, "sha256Hash": sha256(viewer)}})},
        )
        assert by_apq.json()["data"] == {"viewer": {"role": "reader"}}
        free = await client.post("/graphql", json={"query": "{ viewer { name } }"})
        assert free.status_code == 200
        assert free.json()["errors"][0]["extensions"]["code"] == "TRUSTED_DOCUMENT_REQUIRED"
        strict = await client.post("/graphql", json={"query": "{ viewer { name } }"}, headers={"Accept": RESPONSE_JSON})
        assert strict.status_code == 403
        unknown = await client.post("/graphql", json={"documentId": sha256("{ viewer { name } }")})
        assert unknown.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
        same_text = await client.post("/graphql", json={"query": viewer})  # a registered text runs as itself
        assert same_text.json()["data"] == {"viewer": {"role": "reader"}}
    async with httpx.AsyncClient(base_url=url, headers=bearer(api_keys["reader"])) as client:  # development
        free = await client.post("/graphql", json={"query": "{ viewer { role } }"})
        assert free.json()["data"] == {"viewer": {"role": "reader"}}
    async with engine.begin() as conn:
        await conn.execute(text("DELETE FROM ops.trusted_documents WHERE id = :id"), {"id": sha256(viewer)})


# -- the compiled operations' hook ---------------------------------------------------------------------------------


async def test_the_fast_path_answers_authenticated_operations_it_knows(
    database_url: str, api_keys: dict[str, str]
) -> None:
    seen: list[Operation] = []

    async def fast_path(operation: Operation, context: Context) -> bytes | None:
        assert context.principal is not None
        seen.append(operation)
        return b'{"data":{"compiled":true}}' if operation.operation_name == "Compiled" else None

    app = create_app(settings(database_url))
    app.state.fast_path = fast_path
    compiled = "query Compiled { __typename }"
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://gateway.test") as client:
            anonymous = await client.post("/graphql", json={"query": compiled, "operationName": "Compiled"})
            assert anonymous.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
            assert seen == []  # no key: the regular path refuses it
            batch = await client.post(
                "/graphql",
                json=[
                    {"query": compiled, "operationName": "Compiled"},
                    {"query": "{ viewer { role } }", "variables": {}},
                ],
                headers=bearer(api_keys["reader"]),
            )
            first, second = batch.json()
            assert first == {"data": {"compiled": True}}
            assert second["data"] == {"viewer": {"role": "reader"}}
            params = {"query": compiled, "operationName": "Compiled"}
            get = await client.get("/graphql", params=params, headers=bearer(api_keys["reader"]))
            assert get.content == b'{"data":{"compiled":true}}'
            assert "etag" in get.headers
    assert seen == [
        Operation(compiled, "Compiled", {}, "POST"),
        Operation("{ viewer { role } }", None, {}, "POST"),
        Operation(compiled, "Compiled", {}, "GET"),
    ]
