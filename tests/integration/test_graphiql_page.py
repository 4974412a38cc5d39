"""GET /graphql in a real headless Chromium: GraphiQL from the gateway alone, with a key, and a subscription.

Every request to another host is aborted, as on a machine without internet access.
"""

import asyncio
import json
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import httpx
import pytest
from starlette.applications import Starlette

from gateway.app import create_app
from gateway.graphiql import STATIC
from gateway.settings import Settings
from ingest.enrich.fake_server import FaultPlan
from tests.integration.batches_support import Gateway, random_domains

CHROMIUM = Path("/usr/bin/chromium")
ASSETS = re.compile(r'(?:src|href)="(graphiql/[^"]+)"')
browser_only = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="no Chromium at /usr/bin/chromium (apt-get install chromium; .ci/run does)"
)


@dataclass
class Offline:
    """A browser page that may reach the gateway only; what it tried elsewhere is kept."""

    page: Any
    host: str
    off_host: list[str] = field(default_factory=list)
    sockets: list[Any] = field(default_factory=list)

    async def route(self, route: Any) -> None:
        url = route.request.url
        if urlsplit(url).netloc == self.host:
            await route.continue_()
        else:
            self.off_host.append(url)
            await route.abort()

    def assert_stayed_on_gateway(self) -> None:
        assert self.off_host == []
        assert all(urlsplit(ws.url).netloc == self.host for ws in self.sockets)

    def editor_text(self, selector: str) -> Any:
        return self.page.evaluate(
            f"document.querySelector({json.dumps(selector)} + ' .CodeMirror').CodeMirror.getValue()"
        )


@pytest.fixture
async def offline(gw: Gateway) -> AsyncIterator[Offline]:
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        try:
            page = await browser.new_page()
            session = Offline(page, urlsplit(gw.url).netloc)
            page.on("websocket", lambda ws: session.sockets.append(ws))
            await page.route("**/*", session.route)
            yield session
        finally:
            await browser.close()


def _introspection(request: Any) -> bool:
    return request.method == "POST" and "IntrospectionQuery" in (request.post_data or "")


@browser_only
@pytest.mark.browser
async def test_query_with_the_key_from_the_headers_tab(
    gw: Gateway, api_keys: dict[str, str], offline: Offline, tmp_path: Path
) -> None:
    from playwright.async_api import expect

    page = offline.page
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    await page.goto(f"{gw.url}/graphql?" + urlencode({"query": "{ viewer { role } }"}))
    await expect(page.locator(".graphiql-query-editor .CodeMirror")).to_be_visible()
    assert await offline.editor_text(".graphiql-query-editor") == "{ viewer { role } }"
    hint = page.locator("#auth-hint")
    # introspection needs a key too (it shows the operator mutations): the page says how to pass one
    await expect(hint).to_be_visible()
    await expect(hint).to_contain_text('{"Authorization": "Bearer <key>"}')

    await page.click(".graphiql-execute-button")  # no key yet
    await expect(page.locator(".graphiql-response")).to_contain_text("UNAUTHENTICATED")
    await expect(hint).to_be_visible()
    await page.screenshot(path=str(tmp_path / "graphiql-unauthenticated.png"))

    await page.click('.graphiql-editor-tools button[data-name="headers"]')
    headers = page.locator(".graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror")
    await expect(headers).to_be_visible()
    await headers.click()
    bearer = f"Bearer {api_keys['reader']}"
    # the key typed in the Headers tab fetches the schema again, with the key
    async with page.expect_request(lambda r: _introspection(r) and r.headers.get("authorization") == bearer):
        await page.keyboard.type(json.dumps({"Authorization": bearer}))
    await expect(hint).to_be_hidden()
    await page.click(".graphiql-doc-explorer-toggle, [aria-label='Show Documentation Explorer']")
    await expect(page.locator(".graphiql-doc-explorer")).to_contain_text("Query")
    await page.click(".graphiql-execute-button")
    await expect(page.locator(".graphiql-response")).to_contain_text('"role": "reader"')
    await expect(hint).to_be_hidden()

    # GraphiQL keeps the headers in the browser's storage: they are there after a reload
    stored = await page.wait_for_function("localStorage.getItem('graphiql:headers')")  # written after a debounce
    assert json.loads(await stored.json_value()) == {"Authorization": f"Bearer {api_keys['reader']}"}
    async with page.expect_request(lambda r: _introspection(r) and r.headers.get("authorization") == bearer):
        await page.reload()  # the stored key goes with the first introspection
    await expect(page.locator(".graphiql-query-editor .CodeMirror")).to_be_visible()
    await page.click(".graphiql-execute-button")
    await expect(page.locator(".graphiql-response")).to_contain_text('"role": "reader"')
    assert all(urlsplit(url).netloc == offline.host for url in requests if urlsplit(url).scheme in ("http", "https"))
    assert any(url.endswith("/graphiql/graphiql.min.js") for url in requests)
    offline.assert_stayed_on_gateway()


@browser_only
@pytest.mark.browser
async def test_subscription_streams_in_the_result_pane(gw: Gateway, offline: Offline) -> None:
    from playwright.async_api import expect

    page = offline.page
    await page.goto(f"{gw.url}/graphql")  # the developer has the page open: its assets are loaded
    await expect(page.locator(".graphiql-query-editor .CodeMirror")).to_be_visible()
    gw.fake.plan = FaultPlan(api_key="test-key", latency_ms=400)
    batch = await gw.start(random_domains(48, "graphiql"))  # 6 rounds of 8 jobs: a few seconds to watch
    frames: list[str] = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: frames.append(str(payload))))
    headers = json.dumps({"Authorization": f"Bearer {gw.operator}"})
    # what the Headers tab stored in an earlier visit (GraphiQL reads it at start)
    await page.add_init_script(f"localStorage.setItem('graphiql:headers', {json.dumps(headers)})")
    query = "subscription Progress($id: ID!) { similarCompaniesBatchProgress(id: $id) { status processed total } }"
    await page.goto(f"{gw.url}/graphql?" + urlencode({"query": query, "variables": json.dumps({"id": batch["id"]})}))
    await expect(page.locator(".graphiql-query-editor .CodeMirror")).to_be_visible()
    assert await offline.editor_text(".graphiql-query-editor") == query
    variables = await page.evaluate("document.querySelector('.graphiql-editor-tool .CodeMirror').CodeMirror.getValue()")
    assert json.loads(variables) == {"id": batch["id"]}  # ?variables= opened in the variables editor
    await page.click(".graphiql-execute-button")
    seen: set[str] = set()
    async with asyncio.timeout(90):
        while '"COMPLETED"' not in (text := await offline.editor_text(".graphiql-response")):
            seen.update(re.findall(r'"processed": (\d+)', text))
            await page.wait_for_timeout(25)
    assert '"processed": 48' in text
    assert len(seen) >= 3, seen  # the pane showed progress along the way, not only the end
    init = next(json.loads(f) for f in frames if '"connection_init"' in f)
    assert init["payload"]["Authorization"] == f"Bearer {gw.operator}"
    assert [urlsplit(ws.url).path for ws in offline.sockets] == ["/graphql"]
    offline.assert_stayed_on_gateway()


async def test_page_and_assets_come_from_the_gateway(client: httpx.AsyncClient) -> None:
    page = await client.get("/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 200
    assert not re.search(r"(?:src|href)=\"(?:https?:)?//", page.text)  # no CDN, no fonts from elsewhere
    assets = ASSETS.findall(page.text)
    assert {Path(a).name for a in assets} == {
        "react.production.min.js",
        "react-dom.production.min.js",
        "graphiql.min.js",
        "graphiql.min.css",
        "plugin-explorer.umd.js",
        "plugin-explorer.css",
    }
    for asset in assets:
        response = await client.get(f"/{asset}")
        assert response.status_code == 200, asset
        assert response.content == (STATIC / Path(asset).name).read_bytes()
    assert {p.name for p in (STATIC / "licenses").iterdir()} >= {
        "react.LICENSE",
        "react-dom.LICENSE",
        "graphiql.LICENSE",
        "plugin-explorer.LICENSE",
    }


async def test_production_serves_no_ide_and_no_assets(database_url: str) -> None:
    settings = Settings(
        database_url=database_url, env="production", run_workers=False, companyenrich_base_url="http://127.0.0.1:9"
    )
    app: Starlette = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://gateway.test") as client:
            page = await client.get("/graphql", headers={"Accept": "text/html"})
            assert "graphiql" not in page.text.lower()
            assert (await client.get("/graphiql/graphiql.min.js")).status_code == 404
            assert (await client.get("/graphiql/react.production.min.js")).status_code == 404


async def test_get_with_a_query_opens_the_ide_in_a_browser_and_runs_elsewhere(
    client: httpx.AsyncClient, api_keys: dict[str, str]
) -> None:
    params = {"query": "{ viewer { role } }"}
    browser = await client.get("/graphql", params=params, headers={"Accept": "text/html,application/xhtml+xml"})
    assert 'id="graphiql"' in browser.text
    key = {"Authorization": f"Bearer {api_keys['reader']}"}
    for accept in ("*/*", "application/json"):
        answer = await client.get("/graphql", params=params, headers={"Accept": accept, **key})
        assert answer.json()["data"] == {"viewer": {"role": "reader"}}
