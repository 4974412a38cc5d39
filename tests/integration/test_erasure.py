"""erasePerson: a person is gone from core and extracted, redacted in raw, audited, and stays gone."""

import json
import uuid

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from ingest.pipeline import IngestStatus, ingest
from tests.conftest import GraphQLClient

MUTATION = """
mutation Erase($url: String!) {
  erasePerson(linkedinUrl: $url) { linkedinUrl coreRows extractedRows rawPayloadsRedacted }
}
"""


async def _count(engine: AsyncEngine, sql: str, **params: object) -> int:
    async with engine.connect() as conn:
        return int(await conn.scalar(text(sql), params) or 0)


async def test_erase_person_everywhere(engine: AsyncEngine, gql: GraphQLClient) -> None:
    slug = f"erase-me-{uuid.uuid4().hex[:8]}"
    url = f"https://www.linkedin.com/in/{slug}"
    company = f"erase{uuid.uuid4().hex[:8]}.com"
    profile = {
        "linkedin_url": f"https://uk.linkedin.com/in/{slug}/",
        "name": "Ada Erasable",
        "headline": "Engineer",
        "experience": [{"title": "Engineer", "company": "Erase Co", "company_domain": company, "is_current": True}],
    }
    stored = await ingest(engine, "person_profile", profile)
    assert stored.status is IngestStatus.STORED
    hire = {"company_domain": company, "person_linkedin_url": url, "full_name": "Ada Erasable", "title": "Engineer"}
    assert (await ingest(engine, "signal_new_hire", hire)).status is IngestStatus.STORED
    async with engine.begin() as conn:
        person_id = await conn.scalar(
            text(
                "INSERT INTO core.people (linkedin_url, full_name, company_domain, origin)"
                " VALUES (:u, 'Ada Erasable', :c, 'build') RETURNING id"
            ),
            {"u": url, "c": company},
        )
        await conn.execute(
            text(
                "INSERT INTO core.person_work_history (person_id, linkedin_url, company_domain, title, is_current)"
                " VALUES (:p, :u, :c, 'Engineer', true)"
            ),
            {"p": person_id, "u": url, "c": company},
        )

    refused = await gql(MUTATION, {"url": url}, role="reader")
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"

    body = await gql(MUTATION, {"url": f"http://linkedin.com/in/{slug}?trk=x"}, role="operator")
    report = body["data"]["erasePerson"]
    assert report["linkedinUrl"] == url
    assert report["coreRows"] == 1
    assert report["extractedRows"] >= 3  # profile, its experience row, the new-hire signal
    assert report["rawPayloadsRedacted"] == 2

    assert await _count(engine, "SELECT count(*) FROM core.people WHERE linkedin_url = :u", u=url) == 0
    assert await _count(engine, "SELECT count(*) FROM core.person_work_history WHERE linkedin_url = :u", u=url) == 0
    for table, column in (
        ("extracted.person_profiles", "linkedin_url"),
        ("extracted.person_experience", "linkedin_url"),
        ("extracted.signal_new_hires", "person_linkedin_url"),
    ):
        assert await _count(engine, f"SELECT count(*) FROM {table} WHERE {column} = :u", u=url) == 0, table
    async with engine.connect() as conn:
        payloads = [
            r[0]
            for r in await conn.execute(
                text("SELECT payload FROM raw.payloads WHERE id = :id OR payload::text ILIKE :company"),
                {"id": stored.raw_id, "company": f"%{company}%"},
            )
        ]
        audit = (
            await conn.execute(
                text("SELECT actor, arguments FROM ops.audit_log WHERE action = 'erasePerson' ORDER BY id DESC LIMIT 1")
            )
        ).one()
    assert len(payloads) == 2
    dumped = json.dumps(payloads).lower()
    assert slug not in dumped
    assert "ada erasable" not in dumped
    assert audit.actor == "test-operator"
    assert audit.arguments["arguments"] == {"linkedinUrl": f"http://linkedin.com/in/{slug}?trk=x"}

    # Clay re-sends the same row: nothing comes back
    again = await ingest(engine, "person_profile", profile)
    assert again.status is IngestStatus.DUPLICATE
    assert await _count(engine, "SELECT count(*) FROM extracted.person_profiles WHERE linkedin_url = :u", u=url) == 0


async def test_erase_rejects_what_is_not_a_linkedin_url(gql: GraphQLClient) -> None:
    body = await gql(MUTATION, {"url": "not a url"}, role="operator")
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
