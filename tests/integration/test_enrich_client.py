"""The CompanyEnrich client against the fake on a loopback port: every retry rule, and the shared rate limit."""

import os
from collections.abc import AsyncIterator

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from gateway.batches.service import local_companyenrich
from gateway.settings import Settings, get_settings
from ingest.enrich.client import (
    BatchStopping,
    CompanyEnrichClient,
    DomainRejected,
    EnrichConfig,
    Exchange,
    RetriesExhausted,
    SimilarOptions,
)
from ingest.enrich.fake_server import FakeCompanyEnrich, FaultPlan, running_fake
from ingest.enrich.ratelimit import RESERVE, PostgresRateLimiter


@pytest.fixture(scope="module")
async def fake() -> AsyncIterator[tuple[FakeCompanyEnrich, str]]:
    async with running_fake(FaultPlan(api_key="k")) as running:
        yield running


class Recorded:
    def __init__(self) -> None:
        self.sleeps: list[float] = []
        self.exchanges: list[Exchange] = []

    async def sleep(self, seconds: float) -> None:  # the client's waits, recorded instead of slept
        self.sleeps.append(seconds)

    async def record(self, exchange: Exchange) -> None:
        self.exchanges.append(exchange)


@pytest.fixture
async def client(fake: tuple[FakeCompanyEnrich, str]) -> AsyncIterator[tuple[CompanyEnrichClient, Recorded]]:
    fake[0].plan = FaultPlan(api_key="k")
    rec = Recorded()
    config = EnrichConfig(base_url=fake[1], api_key="k", read_timeout=0.5, max_attempts=5)
    c = CompanyEnrichClient(config, sleep=rec.sleep)
    yield c, rec
    await c.aclose()


async def test_retry_after_is_honoured_and_backoff_used_without_it(client, fake) -> None:
    c, rec = client
    fake[0].plan.script = {"a.com": ["429:3", "429", "ok"]}
    found = await c.find_similar("a.com", SimilarOptions(), rec.record)
    assert found
    assert rec.sleeps[0] == 3.0
    assert 0.5 <= rec.sleeps[1] <= 1.0  # second attempt's backoff: base 0.5 * 2, half of it jittered
    assert [e.status_code for e in rec.exchanges] == [429, 429, 200]


async def test_every_transient_failure_is_retried(client, fake) -> None:
    c, rec = client
    fake[0].plan.script = {"b.com": ["503", "malformed", "drop", "hang", "ok"]}
    found = await c.find_similar("b.com", SimilarOptions(), rec.record)
    assert {x.domain for x in found} == set(fake[0].requests[-1]["items"])
    codes = [e.status_code for e in rec.exchanges]
    assert codes == [503, 200, None, None, 200]
    assert "invalid JSON" in (rec.exchanges[1].error or "")
    assert "RemoteProtocolError" in (rec.exchanges[2].error or "")
    assert "ReadTimeout" in (rec.exchanges[3].error or "")


async def test_retries_are_bounded(client, fake) -> None:
    c, rec = client
    fake[0].plan.script = {"c.com": ["500"] * 9}
    with pytest.raises(RetriesExhausted, match="gave up after 5 attempts"):
        await c.find_similar("c.com", SimilarOptions(), rec.record)
    assert len(rec.exchanges) == 5
    assert len(rec.sleeps) == 4


@pytest.mark.parametrize("code", ["400", "422"])
async def test_rejected_domain_is_not_retried(client, fake, code: str) -> None:
    c, rec = client
    fake[0].plan.script = {f"{code}.example.com": [code, "ok"]}
    with pytest.raises(DomainRejected, match=code):
        await c.find_similar(f"{code}.example.com", SimilarOptions(), rec.record)
    assert len(rec.exchanges) == 1


async def test_key_and_credit_failures_stop_with_the_cause(client, fake) -> None:
    c, rec = client
    fake[0].plan.script = {"d.com": ["402"]}
    with pytest.raises(BatchStopping, match="out of credits"):
        await c.find_similar("d.com", SimilarOptions(), rec.record)
    fake[0].plan.api_key = "rotated"
    with pytest.raises(BatchStopping, match="API key rejected"):
        await c.find_similar("e.com", SimilarOptions(), rec.record)
    assert len(rec.exchanges) == 2  # one each: neither is retried


async def test_rate_limit_schedule_is_shared_and_backs_off(engine: AsyncEngine) -> None:
    name = "test-schedule"
    async with engine.begin() as conn:
        waits = [await conn.scalar(RESERVE, {"name": name, "spacing": 0.2}) for _ in range(10)]
    # each reservation is 0.2 s after the previous one, whoever makes it
    assert waits[0] <= 0.01
    assert 9 * 0.2 - 0.15 <= waits[-1] - waits[0] <= 9 * 0.2
    limiter = PostgresRateLimiter(engine, requests_per_second=1000, name=name)
    await limiter.hold_off(30)  # a 429 said Retry-After: 30
    async with engine.begin() as conn:
        assert await conn.scalar(RESERVE, {"name": name, "spacing": 0.001}) >= 29
        await conn.execute(text("DELETE FROM raw.company_enrich_rate_limit WHERE name = :n"), {"n": name})


def test_make_run_points_at_a_local_fake_when_no_api_key() -> None:
    saved = {k: os.environ.pop(k, None) for k in ("COMPANYENRICH_API_KEY", "COMPANYENRICH_BASE_URL")}
    try:
        with local_companyenrich(Settings(companyenrich_api_key=None)) as url:
            assert url is not None
            settings = get_settings()
            assert settings.companyenrich_base_url == url
            assert settings.companyenrich_api_key
            answer = httpx.post(
                f"{url}/companies/similar/preview",
                json={"domains": ["acme.com"]},
                headers={"Authorization": f"Bearer {settings.companyenrich_api_key}"},
            )
            assert answer.status_code == 200
            assert answer.json()["items"]
        with local_companyenrich(Settings(companyenrich_api_key="real-key")) as url:
            assert url is None  # a real key: the real API, no fake
    finally:
        for key, value in saved.items():
            os.environ.pop(key, None)
            if value is not None:
                os.environ[key] = value
        get_settings.cache_clear()
