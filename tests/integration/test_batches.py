"""Batches end to end: GraphQL -> queue -> a real procrastinate worker -> the fake API on a loopback port."""

import asyncio
import uuid

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from ingest.enrich import batches
from ingest.enrich.fake_server import FaultPlan
from ingest.enrich.jobs import QUEUE, TASK_NAME, EnrichService, job_key
from tests.conftest import sql_rows
from tests.integration.batches_support import (
    FIELDS,
    Gateway,
    random_domains,
    requests_for,
    served_ok,
    stored_similar,
)


@pytest.fixture(autouse=True)
def fresh_plan(gw: Gateway) -> None:
    gw.fake.plan = FaultPlan(api_key="test-key")


def service(gw: Gateway) -> EnrichService:
    svc: EnrichService = gw.app.state.services.enrich
    return svc


async def raw_attempts(engine: AsyncEngine, batch_id: str) -> dict[str, int]:
    async with engine.connect() as conn:
        rows = await conn.execute(
            text(
                "SELECT domain, count(*) AS n FROM raw.company_enrich_similar_raw WHERE batch_id = :b GROUP BY domain"
            ),
            {"b": uuid.UUID(batch_id)},
        )
        return {r.domain: r.n for r in rows}


async def results(gw: Gateway, batch_id: str) -> dict[str, dict[str, object]]:
    body = await gw.gql(
        "query($id: ID!) { similarCompaniesBatch(id: $id) { results(first: 100) "
        "{ domain status attempts error similarCount similarCompanies { domain similarityScore } } } }",
        {"id": batch_id},
    )
    return {r["domain"]: r for r in body["data"]["similarCompaniesBatch"]["results"]}


async def test_start_returns_pending_at_once_with_normalised_distinct_domains(gw: Gateway, engine: AsyncEngine) -> None:
    a, b = random_domains(2)
    batch = await gw.start([f"https://www.{a}/about?x=1", a.upper(), "not a domain", b, "  "])
    assert batch["status"] == "PENDING"
    assert batch["total"] == 2
    assert batch["invalidDomains"] == ["not a domain"]
    done = await gw.wait_final(batch["id"])
    assert (done["status"], done["processed"], done["succeeded"], done["failed"]) == ("COMPLETED", 2, 2, 0)
    stored = await stored_similar(engine, [a, b])
    assert stored == served_ok(gw.fake, [a, b])
    assert all(stored.values())
    assert done["similarCompaniesFound"] == sum(len(v) for v in stored.values())


async def test_only_operators_see_and_start_batches(gw: Gateway, api_keys: dict[str, str]) -> None:
    for role in ("reader", "ingest"):
        body = await gw.gql("{ similarCompaniesBatches { id } }", token=api_keys[role])
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
        body = await gw.gql('mutation { startSimilarCompaniesBatch(domains: ["a.com"]) { id } }', token=api_keys[role])
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    async with httpx.AsyncClient(base_url=gw.url) as client:
        body = (await client.post("/graphql", json={"query": "{ similarCompaniesBatches { id } }"})).json()
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert body["data"] is None


async def test_no_valid_domain_and_bad_ids_are_user_errors(gw: Gateway) -> None:
    body = await gw.gql('mutation { startSimilarCompaniesBatch(domains: ["nope", ""]) { id } }')
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert body["errors"][0]["extensions"]["invalidDomains"] == ["nope"]
    body = await gw.gql('{ similarCompaniesBatch(id: "x") { id } }')
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    body = await gw.gql(f'mutation {{ cancelSimilarCompaniesBatch(id: "{uuid.uuid4()}") {{ id }} }}')
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    body = await gw.gql("{ similarCompaniesBatches(first: 101) { id } }")
    assert body["errors"][0]["extensions"]["code"] == "LIMIT_EXCEEDED"


async def test_retryable_faults_are_retried_and_every_response_is_kept(gw: Gateway, engine: AsyncEngine) -> None:
    domains = random_domains(6, "retry")
    scripts = [["429:0", "ok"], ["429", "ok"], ["503", "502", "ok"], ["malformed", "ok"], ["drop", "ok"], ["hang"]]
    gw.fake.plan.script = dict(zip(domains, scripts, strict=True))
    batch = await gw.start(domains)
    done = await gw.wait_final(batch["id"])
    assert (done["status"], done["succeeded"], done["failed"]) == ("COMPLETED", 6, 0)
    by_domain = await results(gw, batch["id"])
    attempts = await raw_attempts(engine, batch["id"])
    for domain, script in zip(domains, scripts, strict=True):
        expected = len(script) + (1 if script == ["hang"] else 0)  # a hang times out, the next try answers
        assert by_domain[domain]["status"] == "SUCCEEDED"
        assert by_domain[domain]["attempts"] == expected == attempts[domain] == requests_for(gw.fake, domain)
    assert await stored_similar(engine, domains) == served_ok(gw.fake, domains)


async def test_rejected_domain_fails_without_retry_and_5xx_gives_up(gw: Gateway, engine: AsyncEngine) -> None:
    rejected, broken, fine = random_domains(3, "fail")
    gw.fake.plan.script = {rejected: ["422"], broken: ["500"] * 10}
    batch = await gw.start([rejected, broken, fine])
    done = await gw.wait_final(batch["id"])
    assert (done["status"], done["processed"], done["succeeded"], done["failed"]) == ("COMPLETED_WITH_ERRORS", 3, 1, 2)
    assert requests_for(gw.fake, rejected) == 1
    assert requests_for(gw.fake, broken) == 5  # HQ_COMPANYENRICH_MAX_ATTEMPTS
    by_domain = await results(gw, batch["id"])
    assert by_domain[rejected]["status"] == "FAILED"
    assert "422" in str(by_domain[rejected]["error"])
    assert "gave up after 5 attempts" in str(by_domain[broken]["error"])
    assert by_domain[fine]["similarCount"] == len(by_domain[fine]["similarCompanies"]) > 0  # type: ignore[arg-type]


async def test_out_of_credits_stops_the_batch_and_retry_resumes_the_rest(gw: Gateway, engine: AsyncEngine) -> None:
    domains = random_domains(40, "credits")
    gw.fake.plan.script = {domains[0]: ["402"]}
    gw.fake.plan.latency_ms = 40
    batch = await gw.start(domains)
    stopped = await gw.wait_final(batch["id"])
    assert stopped["status"] == "FAILED"
    assert "out of credits" in stopped["errorMessage"]
    assert stopped["processed"] < stopped["total"]
    await asyncio.sleep(1)  # in-flight requests end; nothing new starts
    asked = {e["domain"] for e in gw.fake.requests if e.get("domain") in set(domains)}
    assert len(asked) < len(domains)
    after = await gw.batch(batch["id"])
    assert after["processed"] == stopped["processed"]
    pending = [d for d, r in (await results(gw, batch["id"])).items() if r["status"] == "PENDING"]
    assert len(pending) == after["total"] - after["processed"]

    retried = await gw.gql(
        f"mutation($id: ID!) {{ retryFailedSimilarCompanies(id: $id) {{ {FIELDS} }} }}", {"id": batch["id"]}
    )
    assert retried["data"]["retryFailedSimilarCompanies"]["status"] in ("PENDING", "RUNNING")
    assert retried["data"]["retryFailedSimilarCompanies"]["errorMessage"] is None
    done = await gw.wait_final(batch["id"])
    assert (done["status"], done["processed"], done["succeeded"]) == ("COMPLETED", 40, 40)
    assert await stored_similar(engine, domains) == served_ok(gw.fake, domains)


async def test_rejected_api_key_fails_the_batch_naming_the_cause(gw: Gateway) -> None:
    gw.fake.plan.api_key = "another-key"
    batch = await gw.start(random_domains(5, "key"))
    done = await gw.wait_final(batch["id"])
    assert done["status"] == "FAILED"
    assert "API key rejected" in done["errorMessage"]
    assert done["processed"] == 0


async def test_cancel_stops_api_calls_within_seconds(gw: Gateway) -> None:
    domains = random_domains(60, "cancel")
    gw.fake.plan.latency_ms = 300
    batch = await gw.start(domains)
    async with asyncio.timeout(30):
        while (await gw.batch(batch["id"]))["processed"] < 1:  # noqa: ASYNC110 - the state is in another process
            await asyncio.sleep(0.05)
    body = await gw.gql(
        f"mutation($id: ID!) {{ cancelSimilarCompaniesBatch(id: $id) {{ {FIELDS} }} }}", {"id": batch["id"]}
    )
    cancelled = body["data"]["cancelSimilarCompaniesBatch"]
    assert cancelled["status"] == "CANCELLED"
    wanted = set(domains)

    def asked() -> int:
        return sum(1 for e in gw.fake.requests if e.get("domain") in wanted)

    await asyncio.sleep(3)  # abort requests reach running jobs within 2 s; in-flight answers take 0.3 s
    settled = asked()
    await asyncio.sleep(2)
    assert asked() == settled < len(domains)
    final = await gw.batch(batch["id"])
    assert final["status"] == "CANCELLED"
    assert final["processed"] == cancelled["processed"]
    statuses = [r["status"] for r in (await results(gw, batch["id"])).values()]
    assert statuses.count("CANCELLED") == final["total"] - final["processed"]


async def test_a_domain_run_twice_is_counted_once(gw: Gateway, engine: AsyncEngine) -> None:
    (domain,) = random_domains(1, "twice")
    batch = await batches.create_batch(engine, [domain])  # no job: this test plays the worker
    assert await batches.claim_domain(engine, batch.id, domain) is not None  # a worker took it, then died
    assert await service(gw).process(batch.id, domain) == "succeeded"
    assert await service(gw).process(batch.id, domain) == "skipped"
    after = await batches.get_batch(engine, batch.id)
    assert after is not None
    assert (after.status, after.processed, after.succeeded) == ("COMPLETED", 1, 1)
    assert after.similar_companies_found == len((await stored_similar(engine, [domain]))[domain]) > 0


async def test_jobs_of_a_dead_worker_run_again(gw: Gateway, engine: AsyncEngine) -> None:
    domains = random_domains(3, "dead")
    batch = await batches.create_batch(engine, domains)
    async with engine.begin() as conn:
        dead = await conn.scalar(
            text(
                "INSERT INTO procrastinate.procrastinate_workers (last_heartbeat)"
                " VALUES (now() - interval '1 hour') RETURNING id"
            )
        )
        for domain in domains:
            await conn.execute(
                text(
                    "INSERT INTO procrastinate.procrastinate_jobs (queue_name, task_name, lock, queueing_lock, args,"
                    " status, worker_id) VALUES (:q, :t, :k, :k, CAST(:args AS jsonb), 'doing', :w)"
                ),
                {
                    "q": QUEUE,
                    "t": TASK_NAME,
                    "k": job_key(batch.id, domain),
                    "args": f'{{"batch_id": "{batch.id}", "domain": "{domain}"}}',
                    "w": dead,
                },
            )
    for domain in domains:  # the dead worker had claimed them
        await batches.claim_domain(engine, batch.id, domain)
    done = await gw.wait_final(str(batch.id), within=60)
    assert (done["status"], done["processed"], done["succeeded"]) == ("COMPLETED", 3, 3)
    assert await stored_similar(engine, domains) == served_ok(gw.fake, domains)


async def test_domains_left_without_a_job_are_queued_again(gw: Gateway, engine: AsyncEngine) -> None:
    domains = random_domains(2, "orphan")
    batch = await batches.create_batch(engine, domains)  # committed, then the process died before deferring
    done = await gw.wait_final(str(batch.id), within=60)
    assert (done["status"], done["succeeded"]) == ("COMPLETED", 2)


async def test_find_similar_companies_is_synchronous_and_stored(gw: Gateway, engine: AsyncEngine) -> None:
    (domain,) = random_domains(1, "sync")
    query = """mutation($d: String!) { findSimilarCompanies(domain: $d) {
        domain name industry description similarityScore score company { domain } } }"""
    body = await gw.gql(query, {"d": f"https://{domain}/"})
    found = body["data"]["findSimilarCompanies"]
    assert {c["domain"] for c in found} == served_ok(gw.fake, [domain])[domain]
    scores = [c["similarityScore"] for c in found]
    assert scores == sorted(scores, reverse=True)
    assert all(c["score"] == c["similarityScore"] for c in found)  # the deprecated name still answers
    assert (await stored_similar(engine, [domain]))[domain] == {c["domain"] for c in found}
    stored = await sql_rows(
        engine,
        """SELECT company_domain AS domain, company_name AS name, company_industry AS industry,
                  company_description AS description, similarity_score AS "similarityScore"
           FROM extracted.company_enrich_similar WHERE input_domain = :d""",
        d=domain,
    )
    assert sorted(({**c, "score": c["similarityScore"], "company": None} for c in stored), key=str) == sorted(
        found, key=str
    )  # what CompanyEnrich answered, as the batch results show it; these domains are not in the warehouse
    assert any(c["industry"] for c in found)

    assert (await gw.gql(query, {"d": "no domain"}))["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    rejected, broke = random_domains(2, "sync-err")
    gw.fake.plan.script = {rejected: ["422"], broke: ["402"]}
    assert (await gw.gql(query, {"d": rejected}))["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    error = (await gw.gql(query, {"d": broke}))["errors"][0]
    assert error["extensions"]["code"] == "UPSTREAM_UNAVAILABLE"
    assert "out of credits" in error["message"]


async def test_full_batch_pages_through_and_estimate_counts_credits(gw: Gateway, engine: AsyncEngine) -> None:
    domains = random_domains(4, "full")
    options = {"endpoint": "FULL", "pageSize": 10}
    async with httpx.AsyncClient(base_url=gw.fake_url, headers={"Authorization": "Bearer test-key"}) as client:
        counts = [
            (await client.post("/companies/similar/count", json={"domains": [d]})).json()["count"] for d in domains
        ]
    body = await gw.gql(
        "query($d: [String!]!, $o: SimilarCompaniesOptions) { estimateSimilarCompaniesBatch(domains: $d, options: $o)"
        " { domains credits requests exact endpoint } }",
        {"d": [*domains, "bad domain"], "o": options},
    )
    estimate = body["data"]["estimateSimilarCompaniesBatch"]
    assert estimate == {
        "domains": 4,
        "credits": float(sum(counts)),
        "requests": sum(-(-c // 10) for c in counts),
        "exact": True,
        "endpoint": "FULL",
    }
    free = await gw.gql('{ estimateSimilarCompaniesBatch(domains: ["a.com"]) { credits requests } }')
    assert free["data"]["estimateSimilarCompaniesBatch"] == {"credits": 0.0, "requests": 1}

    batch = await gw.start(domains, options)
    done = await gw.wait_final(batch["id"])
    assert done["status"] == "COMPLETED"
    stored = await stored_similar(engine, domains)
    assert stored == served_ok(gw.fake, domains)
    assert [len(stored[d]) for d in domains] == counts  # every page, not just the first


async def test_batches_list_and_results_paging(gw: Gateway) -> None:
    domains = random_domains(3, "list")
    batch = await gw.start(domains)
    await gw.wait_final(batch["id"])
    body = await gw.gql("{ similarCompaniesBatches(status: COMPLETED, first: 100) { id status } }")
    listed = body["data"]["similarCompaniesBatches"]
    assert {"id": batch["id"], "status": "COMPLETED"} in listed
    assert all(b["status"] == "COMPLETED" for b in listed)
    body = await gw.gql(
        "query($id: ID!) { similarCompaniesBatch(id: $id) { results(first: 2, offset: 1) { domain } } }",
        {"id": batch["id"]},
    )
    assert [r["domain"] for r in body["data"]["similarCompaniesBatch"]["results"]] == sorted(domains)[1:3]
    body = await gw.gql(
        "query($id: ID!) { similarCompaniesBatch(id: $id) { results(first: 101) { domain } } }", {"id": batch["id"]}
    )
    assert body["errors"][0]["extensions"]["code"] == "LIMIT_EXCEEDED"
