"""Pure parts of enrichment: Retry-After, answer parsing, options, backoff bounds, fault plans, input domains."""

from datetime import UTC, datetime

import pytest

from gateway.batches.resolvers import prepare_domains
from gateway.errors import LimitExceeded
from ingest.enrich.client import (
    CompanyEnrichClient,
    Endpoint,
    EnrichConfig,
    SimilarOptions,
    parse_similar,
    retry_after_seconds,
)
from ingest.enrich.fake_server import FaultPlan, catalog


def test_retry_after_as_seconds_or_http_date() -> None:
    now = datetime(2026, 1, 1, 12, 0, 0, tzinfo=UTC)
    assert retry_after_seconds("3") == 3.0
    assert retry_after_seconds(" 1.5 ") == 1.5
    assert retry_after_seconds("Thu, 01 Jan 2026 12:00:07 GMT", now=now) == 7.0
    assert retry_after_seconds("Thu, 01 Jan 2026 11:00:00 GMT", now=now) == 0.0  # in the past: go now
    assert retry_after_seconds(None) is None
    assert retry_after_seconds("soon") is None


def test_parse_similar_normalises_domains_keeps_best_score_and_skips_junk() -> None:
    body = {
        "items": [
            {"id": "1", "name": "Acme", "domain": "WWW.Acme.com", "industry": "Software"},
            {"id": "2", "name": "Acme again", "website": "https://acme.com/about"},
            {"id": "3", "name": "No domain"},
            "not an object",
            {"id": "4", "name": "Beta", "domain": "beta.io", "description": ""},
        ],
        "metadata": {"scores": {"1": 0.5, "2": 0.9, "4": "0.7"}},
    }
    found = {c.domain: c for c in parse_similar(body)}
    assert set(found) == {"acme.com", "beta.io"}
    assert found["acme.com"].score == 0.9
    assert found["acme.com"].name == "Acme again"
    assert found["beta.io"].score == 0.7
    assert found["beta.io"].description is None
    assert parse_similar({}) == []


def test_options_round_trip_and_request_fields() -> None:
    options = SimilarOptions(Endpoint.FULL, similarity_weight=0.3, countries=("DE", "FR"), page_size=10)
    assert SimilarOptions.from_json(options.to_json()) == options
    assert options.request_fields() == {"similarityWeight": 0.3, "countries": ["DE", "FR"]}
    assert SimilarOptions.from_json({}) == SimilarOptions()


async def test_backoff_grows_with_jitter_and_stays_capped() -> None:
    client = CompanyEnrichClient(EnrichConfig(base_url="http://127.0.0.1:9", api_key=None, backoff_base=1.0))
    try:
        for attempt, ceiling in ((1, 1.0), (2, 2.0), (3, 4.0), (10, 20.0)):
            delays = [client.backoff(attempt) for _ in range(200)]
            assert all(ceiling / 2 <= d <= ceiling for d in delays)
            assert len(set(delays)) > 100  # jittered, so retrying workers do not stampede together
    finally:
        await client.aclose()


def test_credits_only_for_the_paid_endpoint() -> None:
    client_config = EnrichConfig(base_url="http://x", api_key=None, full_max_pages=2, credits_per_company=1.0)
    client = CompanyEnrichClient(client_config)
    assert client.credits_for(80, SimilarOptions()) == 0.0
    assert client.credits_for(30, SimilarOptions(Endpoint.FULL, page_size=25)) == 30.0
    assert client.credits_for(80, SimilarOptions(Endpoint.FULL, page_size=25)) == 50.0  # two pages at most


def test_fault_plan_rejects_unknown_outcomes_and_catalog_is_stable() -> None:
    with pytest.raises(ValueError, match="unknown outcome"):
        FaultPlan.from_json({"script": {"a.com": ["teapot"]}})
    assert FaultPlan.from_json({"script": {"a.com": ["429:2", "ok"]}, "unknown": 1}).script == {
        "a.com": ["429:2", "ok"]
    }
    first, again = catalog("acme.com"), catalog("acme.com")
    assert first == again
    assert first != catalog("beta.io")
    scores = [c["score"] for c in first]
    assert scores == sorted(scores, reverse=True)


def test_prepare_domains_normalises_dedupes_and_reports_invalid() -> None:
    valid, invalid = prepare_domains(["https://www.Acme.com/x", "acme.com", "", "nope", "beta.io", "ACME.COM"])
    assert valid == ["acme.com", "beta.io"]
    assert invalid == ["nope"]
    with pytest.raises(LimitExceeded):
        prepare_domains(["a.com"] * 10_001)
