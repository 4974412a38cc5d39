"""GET /batches in a real headless Chromium: start from a pasted list, live progress, cancel, retry failed."""

import re
import time
from pathlib import Path

import pytest

from ingest.enrich.fake_server import FaultPlan
from tests.integration.batches_support import Gateway, random_domains

CHROMIUM = Path("/usr/bin/chromium")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="no Chromium at /usr/bin/chromium (apt-get install chromium; .ci/run does)"
    ),
]


async def test_operator_page_drives_batches_live(gw: Gateway, tmp_path: Path) -> None:
    from playwright.async_api import async_playwright, expect

    domains = random_domains(24, "page")
    failing = domains[0]
    gw.fake.plan = FaultPlan(api_key="test-key", latency_ms=250, script={failing: ["422"]})
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        try:
            page = await browser.new_page()
            await page.goto(f"{gw.url}/batches")
            await expect(page.locator("#message")).to_contain_text("Enter an operator API key")
            await page.fill("#api-key", gw.operator)
            await page.click("#save-key")
            assert await page.evaluate("sessionStorage.getItem('hq_api_key')") == gw.operator
            assert await page.evaluate("localStorage.length") == 0

            await page.fill("#domains", "\n".join([*domains, "nope"]))
            await page.click("#start")
            await expect(page.locator("#message")).to_contain_text("started with 24 domains")
            await expect(page.locator("#message")).to_contain_text("Not domains: nope.")
            row = page.locator("tr[data-batch-id]").first
            seen: set[str] = set()
            # the bar moves while the batch runs, fed by the subscription; the bound is generous because
            # a loaded CI machine may take a while to start the worker's jobs (this is not a speed check)
            deadline = time.monotonic() + 90
            while time.monotonic() < deadline:
                seen.add(await row.locator("progress").get_attribute("value") or "")
                if await row.get_attribute("data-status") == "COMPLETED_WITH_ERRORS":
                    break
                await page.wait_for_timeout(25)
            await expect(row.locator(".status")).to_have_text("COMPLETED_WITH_ERRORS", timeout=30_000)
            await expect(row.locator(".counts")).to_have_text("24/24 (23 ok, 1 failed)")
            assert len(seen - {"", "0"}) >= 3, seen
            await page.screenshot(path=str(tmp_path / "batches.png"), full_page=True)

            await row.locator("button.retry").click()  # the failing domain's script is used up: it works now
            await expect(row.locator(".status")).to_have_text("COMPLETED", timeout=90_000)
            await expect(row.locator(".counts")).to_have_text("24/24 (24 ok, 0 failed)")
            assert await row.locator("button.retry").is_hidden()

            await page.fill("#domains", ", ".join(random_domains(60, "pagecancel")))
            await page.click("#start")
            await expect(page.locator("#message")).to_contain_text("started with 60 domains")
            second = page.locator("tr[data-batch-id]").first
            await expect(second.locator(".status")).to_have_text("RUNNING", timeout=60_000)
            await second.locator("button.cancel").click()
            await expect(second.locator(".status")).to_have_text("CANCELLED", timeout=30_000)
            await expect(page.locator("#message")).to_have_text("Batch cancelled.")
            assert await second.locator("button.cancel").is_hidden()
            batch_id = await second.get_attribute("data-batch-id")
            assert batch_id is not None
            assert (await gw.batch(batch_id))["status"] == "CANCELLED"
            processed = int(re.match(r"(\d+)/60", await second.locator(".counts").inner_text()).group(1))  # type: ignore[union-attr]
            assert processed < 60
        finally:
            await browser.close()
