"""HQ_ENV=production: no introspection, no GraphiQL; CORS only for allow-listed origins."""

from collections.abc import AsyncIterator

import httpx
import pytest
from starlette.applications import Starlette

from gateway.app import create_app
from gateway.settings import Settings


@pytest.fixture(scope="module")
async def production(database_url: str) -> AsyncIterator[httpx.AsyncClient]:
    settings = Settings(
        database_url=database_url,
        env="production",
        run_workers=False,
        cors_origins=["https://app.example.com"],
        companyenrich_base_url="http://127.0.0.1:9",
    )
    app: Starlette = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://gateway.test") as client:
            yield client


async def test_introspection_is_off(production: httpx.AsyncClient, api_keys: dict[str, str]) -> None:
    headers = {"Authorization": f"Bearer {api_keys['operator']}"}
    body = (
        await production.post("/graphql", json={"query": "{ __schema { types { name } } }"}, headers=headers)
    ).json()
    assert body.get("data") is None
    assert "introspection" in body["errors"][0]["message"].lower()
    ok = (await production.post("/graphql", json={"query": "{ viewer { role } }"}, headers=headers)).json()
    assert ok["data"] == {"viewer": {"role": "operator"}}


async def test_introspection_without_a_key_is_refused_too(production: httpx.AsyncClient) -> None:
    body = (await production.post("/graphql", json={"query": "{ __schema { queryType { name } } }"})).json()
    assert body.get("data") is None


async def test_no_graphiql_page(production: httpx.AsyncClient) -> None:
    response = await production.get("/graphql", headers={"Accept": "text/html"})
    assert "graphiql" not in response.text.lower()


async def test_graphiql_page_in_development(client: httpx.AsyncClient) -> None:
    response = await client.get("/graphql", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert "graphiql" in response.text.lower()


async def test_cors_only_for_allow_listed_origins(production: httpx.AsyncClient) -> None:
    preflight = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization"}
    allowed = await production.options("/graphql", headers={"Origin": "https://app.example.com", **preflight})
    assert allowed.headers.get("access-control-allow-origin") == "https://app.example.com"
    refused = await production.options("/graphql", headers={"Origin": "https://evil.example", **preflight})
    assert "access-control-allow-origin" not in refused.headers
