"""Values of PostgreSQL bigints above 2^31-1 (where GraphQL's Int stops) are answered, not errors."""

from typing import Any

import httpx
import orjson
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from gateway.scalars import MAX_BIGINT, MIN_BIGINT, serialize
from ingest.core_build import matching
from tests.conftest import GraphQLClient

BIG = 3_000_000_000  # above 2^31-1, below 2^53


async def test_raw_payload_ids_above_int_are_answered_and_replayed(gql: GraphQLClient, engine: AsyncEngine) -> None:
    async with engine.begin() as conn:  # every later raw id of the session is past 2^31 too
        await conn.execute(
            text(
                "SELECT setval(pg_get_serial_sequence('raw.payloads', 'id'), "
                "greatest(:big, (SELECT coalesce(max(id), 0) FROM raw.payloads)))"
            ),
            {"big": BIG},
        )
    stored = await gql(
        "mutation($p: [JSON!]!) { ingestMany(source: SIGNAL_PROMOTION, payloads: $p) { rawId status } }",
        {"p": [{"nope": BIG}]},
        role="ingest",
    )
    [result] = stored["data"]["ingestMany"]
    assert result["status"] == "REJECTED"
    assert int(result["rawId"]) > BIG
    failures = await gql("{ ingestFailures(source: SIGNAL_PROMOTION, first: 100) { id payload } }", role="operator")
    assert {"id": result["rawId"], "payload": {"nope": BIG}} in failures["data"]["ingestFailures"]
    replayed = await gql(
        "mutation($ids: [ID!]!) { replayRaw(ids: $ids) { rawId status } }", {"ids": [result["rawId"]]}, role="operator"
    )
    assert replayed["data"]["replayRaw"] == [{"rawId": result["rawId"], "status": "REJECTED"}]


async def test_a_bigint_count_above_int_reaches_the_client_as_a_json_number(
    client: httpx.AsyncClient, api_keys: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    async def huge_report(conn: AsyncConnection, *, full: bool = False, **_: Any) -> matching.MatchReport:
        # no test database holds 2^31 customer rows: the counts a warehouse that size would report
        return matching.MatchReport(names_seen=BIG, matched=BIG - 1, unmatched=1, by_method={"exact": BIG - 1})

    monkeypatch.setattr(matching, "match_customers", huge_report)
    response = await client.post(
        "/graphql",
        json={"query": "mutation { matchCustomerDomains { namesSeen matched unmatched byMethod { method count } } }"},
        headers={"Authorization": f"Bearer {api_keys['operator']}"},
    )
    assert response.status_code == 200
    assert b'"namesSeen":3000000000,"matched":2999999999,"unmatched":1' in response.content
    assert orjson.loads(response.content)["data"]["matchCustomerDomains"]["byMethod"] == [
        {"method": "exact", "count": BIG - 1}
    ]


@pytest.mark.parametrize("value", [BIG, MAX_BIGINT, MIN_BIGINT, 0])
async def test_postgresql_writes_a_bigint_as_the_scalar_serialises_it(engine: AsyncEngine, value: int) -> None:
    """What lets a page PostgreSQL writes as JSON (gateway/json_pages.py) carry BigInt fields as they are."""
    async with engine.connect() as conn:
        written = await conn.scalar(text("SELECT to_json(CAST(:v AS bigint))::text"), {"v": value})
    assert written == orjson.dumps(serialize(value)).decode()
