"""Matching over GraphQL: operator only, names for review, and overrides that survive re-matching."""

import secrets
import string
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from ingest.pipeline import ingest
from tests.conftest import GraphQLClient

REPORT = """
mutation($full: Boolean) { matchCustomerDomains(full: $full) {
  namesSeen distinctNames matched unmatched matchRate newlyMatched namesTried forReview knownCompanies
  byMethod { method count } } }"""
CANDIDATES = """
query($origin: String) { customerMatchCandidates(first: 100, originCompanyDomain: $origin) {
  originCompanyDomain customerName occurrences candidates { domain name score } } }"""
SET_DOMAIN = """
mutation($origin: String!, $name: String!, $domain: String) {
  setCustomerDomain(originCompanyDomain: $origin, customerName: $name, domain: $domain) {
    originCompanyDomain customerName customerDomain caseStudyUrl hasCaseStudy source } }"""


def _tag() -> str:
    return "".join(secrets.choice(string.ascii_lowercase) for _ in range(8))


@pytest.fixture
async def world(engine: AsyncEngine) -> dict[str, str]:
    """Two look-alike companies, one ambiguous pair, and a Claygent customer list naming them."""
    t = _tag()
    names = {
        f"{t}harbor.com": f"{t.title()} Harbor Logistics",
        f"{t}harbour.co": f"{t.title()} Harbour Logistics",
        f"{t}summit.com": f"{t.title()} Summit Partners",
        f"{t}summit.co.uk": f"{t.title()} Summit Partners Ltd",
    }
    for domain, name in names.items():
        assert (await ingest(engine, "company_discovery", {"domain": domain, "name": name})).status == "STORED"
    origin = f"origin-{t}.com"
    customers = [
        {"companyName": f"{t.title()} Harbor Logistics Inc.", "url": f"https://{origin}/cs/1", "hasCaseStudy": True},
        {"companyName": f"{t.title()} Harbor Logistcs"},
        {"companyName": f"{t.title()} Summit Partners"},
        {"companyName": f"Nothing Like {t.title()} Anything"},
    ]
    body = {
        "origin_company_domain": origin,
        "origin_company_name": "Origin",
        "claygent_output": {"customers": customers},
    }
    assert (await ingest(engine, "company_customers_v2", body)).status == "STORED"
    return {"t": t, "T": t.title(), "origin": origin}


async def _row(engine: AsyncEngine, origin: str, name: str) -> Any:
    async with engine.connect() as conn:
        return (
            await conn.execute(
                text("""SELECT matched_domain, match_method, match_score FROM extracted.claygent_customers_v2
                        WHERE origin_company_domain = :o AND customer_name = :n"""),
                {"o": origin, "n": name},
            )
        ).one()


async def _core(engine: AsyncEngine, origin: str) -> dict[str, tuple[str | None, str]]:
    async with engine.connect() as conn:
        rows = await conn.execute(
            text(
                "SELECT customer_name, customer_domain, source FROM core.company_customers"
                " WHERE origin_company_domain = :o"
            ),
            {"o": origin},
        )
        return {r.customer_name: (r.customer_domain, r.source) for r in rows}


async def test_only_operators_match_review_and_decide(gql: GraphQLClient) -> None:
    for query in (
        REPORT,
        CANDIDATES,
        "mutation { rebuildCore { inserted } }",
        "mutation { consolidateCompanyCustomers { inserted } }",
    ):
        for role, code in (("reader", "FORBIDDEN"), ("ingest", "FORBIDDEN"), (None, "UNAUTHENTICATED")):
            body = await gql(query, role=role)
            assert body["errors"][0]["extensions"]["code"] == code, (query, role)
    body = await gql(SET_DOMAIN, {"origin": "a.com", "name": "x", "domain": None}, role="reader")
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_match_review_decide_and_the_decision_survives(
    gql: GraphQLClient, engine: AsyncEngine, world: dict[str, str]
) -> None:
    origin, T = world["origin"], world["T"]
    body = await gql(REPORT, {"full": True}, role="operator")
    report = body["data"]["matchCustomerDomains"]
    assert report["matched"] + report["unmatched"] == report["namesSeen"]
    assert {m["method"] for m in report["byMethod"]} >= {"exact"}
    assert await _row(engine, origin, f"{T} Harbor Logistics Inc.") == (f"{world['t']}harbor.com", "exact", 1.0)
    # a typo between two companies, and a name two companies share: never guessed, listed for review
    assert (await _row(engine, origin, f"{T} Harbor Logistcs")).matched_domain is None
    assert (await _row(engine, origin, f"{T} Summit Partners")).matched_domain is None
    review = (await gql(CANDIDATES, {"origin": origin}, role="operator"))["data"]["customerMatchCandidates"]
    by_name = {item["customerName"]: item for item in review}
    assert {c["domain"] for c in by_name[f"{T} Summit Partners"]["candidates"]} == {
        f"{world['t']}summit.com",
        f"{world['t']}summit.co.uk",
    }
    typo = by_name[f"{T} Harbor Logistcs"]["candidates"]
    assert typo[0]["domain"] == f"{world['t']}harbor.com"
    assert typo[0]["score"] > typo[1]["score"]
    assert f"Nothing Like {T} Anything" not in by_name  # no candidate worth a look

    # the operator decides; core follows at once
    body = await gql(
        SET_DOMAIN,
        {"origin": f"https://www.{origin}/", "name": f"{T} Harbor Logistcs", "domain": f"www.{world['t']}HARBOR.com"},
        role="operator",
    )
    decided = body["data"]["setCustomerDomain"]
    assert decided == {
        "originCompanyDomain": origin,
        "customerName": f"{T} Harbor Logistcs",
        "customerDomain": f"{world['t']}harbor.com",
        "caseStudyUrl": None,
        "hasCaseStudy": None,
        "source": "claygent_v2",
    }
    assert (await _core(engine, origin))[f"{T} Harbor Logistcs"] == (f"{world['t']}harbor.com", "claygent_v2")
    async with engine.connect() as conn:
        decided_by = await conn.scalar(
            text("""SELECT k.role FROM extracted.customer_domain_overrides o JOIN ops.api_keys k ON k.id = o.api_key_id
                    WHERE o.origin_company_domain = :o AND o.customer_name = :n"""),
            {"o": origin, "n": f"{T} Harbor Logistcs"},
        )
    assert decided_by == "operator"

    # ...and it survives every later matching run, also a full one
    await gql(REPORT, {"full": True}, role="operator")
    await gql(REPORT, {"full": False}, role="operator")
    assert await _row(engine, origin, f"{T} Harbor Logistcs") == (f"{world['t']}harbor.com", "override", 1.0)

    # "no company": the derived core row goes, and matching never guesses it again
    body = await gql(SET_DOMAIN, {"origin": origin, "name": f"{T} Harbor Logistcs", "domain": None}, role="operator")
    assert body["data"]["setCustomerDomain"]["customerDomain"] is None
    assert f"{T} Harbor Logistcs" not in await _core(engine, origin)
    await gql(REPORT, {"full": True}, role="operator")
    assert await _row(engine, origin, f"{T} Harbor Logistcs") == (None, "override", None)
    review = (await gql(CANDIDATES, {"origin": origin}, role="operator"))["data"]["customerMatchCandidates"]
    assert f"{T} Harbor Logistcs" not in {item["customerName"] for item in review}


async def test_consolidation_promotes_matched_customers_once(
    gql: GraphQLClient, engine: AsyncEngine, world: dict[str, str]
) -> None:
    origin, T = world["origin"], world["T"]
    await gql(REPORT, role="operator")
    first = await gql(
        "mutation { consolidateCompanyCustomers { inserted unmatchedCustomers tables { table inserted skipped } } }",
        role="operator",
    )
    assert first["data"]["consolidateCompanyCustomers"]["unmatchedCustomers"] >= 3
    core = await _core(engine, origin)
    assert core == {f"{T} Harbor Logistics Inc.": (f"{world['t']}harbor.com", "claygent_v2")}
    async with engine.connect() as conn:
        row = (
            await conn.execute(
                text("SELECT case_study_url, has_case_study, origin_company_name FROM core.company_customers "
                     "WHERE origin_company_domain = :o"),
                {"o": origin},
            )
        ).one()  # fmt: skip
    assert tuple(row) == (f"https://{origin}/cs/1", True, "Origin")
    full = "mutation { consolidateCompanyCustomers(full: true) { inserted updated } }"
    await gql(full, role="operator")  # other tests may have emptied core: this run may promote their rows again
    assert (await gql(full, role="operator"))["data"]["consolidateCompanyCustomers"] == {"inserted": 0, "updated": 0}
    assert await _core(engine, origin) == core


async def test_set_customer_domain_rejects_unknown_pairs_and_bad_domains(gql: GraphQLClient) -> None:
    body = await gql(
        SET_DOMAIN, {"origin": "nobody-here.example.com", "name": "Ghost", "domain": "ghost.com"}, role="operator"
    )
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    body = await gql(SET_DOMAIN, {"origin": "a.com", "name": "Ghost", "domain": "not a domain"}, role="operator")
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    body = await gql(CANDIDATES.replace("first: 100", "first: 101"), role="operator")
    assert body["errors"][0]["extensions"]["code"] == "LIMIT_EXCEEDED"
