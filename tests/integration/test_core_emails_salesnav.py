"""Emails and SalesNav people from ingest to GraphQL (issue 12 item 4): the email finders' and SalesNav's
examples posted through the real pipeline (the ingest tests' own builders), the core build, then
`Person.emails`, `Lead.email`, `hasEmail`, SalesNav leads, the merge of a lead URL into its profile
person, and the work history SalesNav gives.
"""

from __future__ import annotations

import random
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from ingest.erasure import erase_person
from tests.conftest import GraphQLClient
from tests.conftest import sql_rows as rows
from tests.integration.test_core_build import REBUILD, _ingest
from tests.integration.test_ingest_email_finders import _anymailfinder, _icypeas, _leadmagic
from tests.integration.test_ingest_salesnav import _export_row, _full_person, _tag

PERSON = """query($u: String!) { person(linkedinUrl: $u) {
  personId linkedinUrl linkedinUrlType salesNavigatorUrl fullName email companyLinkedinUrl
  emails { email source status foundAt }
  workHistory { companyDomain companyName title startDate endDate isCurrent } } }"""
LEADS = """query($f: LeadFilter) { leads(filter: $f, first: 10) { totalCount nodes { linkedinUrl email } } }"""


async def _rebuild(gql: GraphQLClient) -> dict[str, Any]:
    body = await gql(REBUILD, role="operator")
    assert "errors" not in body, body
    report: dict[str, Any] = body["data"]["rebuildCore"]
    return report


async def _person(gql: GraphQLClient, url: str) -> dict[str, Any] | None:
    body = await gql(PERSON, {"u": url})
    assert "errors" not in body, body
    person: dict[str, Any] | None = body["data"]["person"]
    return person


async def _leads(gql: GraphQLClient, **f: Any) -> list[dict[str, Any]]:
    body = await gql(LEADS, {"f": {"complete": False, **f}})
    assert "errors" not in body, body
    nodes: list[dict[str, Any]] = body["data"]["leads"]["nodes"]
    return nodes


def _member() -> str:
    return str(random.randrange(10**12, 10**13))  # a unique member id, not a secret


def _lead_row(t: str, member: str) -> dict[str, Any]:
    """The SalesNav export example (1a) of a member; `t` names its company domain and lead id."""
    body = _export_row(t)
    body["raw_payload"]["LinkedIn user profile URN"] = f"urn:li:member:{member}"
    return body


def _profile(t: str, member: str) -> dict[str, Any]:
    """Jane's profile: the profile URL the email finders name, with the member id SalesNav knows."""
    return {"linkedin_url": f"https://www.linkedin.com/in/jane-{t}", "name": "Jane Doe", "profile_id": member,
            "experience": [{"title": "VP Sales", "company": "Acme Corp", "company_domain": f"{t}.example",
                            "start_date": "2024-03", "is_current": True}]}  # fmt: skip


async def test_emails_reach_the_person_the_lead_and_the_filter(gql: GraphQLClient, engine: AsyncEngine) -> None:
    t, other = _tag(), _tag()
    jane = f"https://www.linkedin.com/in/jane-{t}"
    await _ingest(engine, "person_profile", _profile(t, _member()))
    for source, body in (("email_leadmagic", _leadmagic(t)), ("email_anymailfinder", _anymailfinder(t)),
                         ("email_icypeas", _icypeas(t))):  # fmt: skip
        await _ingest(engine, source, body)
    # known by name at the company only; the finder calls it invalid: listed, never the best
    by_name = _leadmagic(t) | {"person_linkedin_url": None, "workflow_slug": "by-name"}
    by_name["leadmagic_raw_payload"] = {"email": f"J.Doe@{t}.example", "status": "invalid"}
    await _ingest(engine, "email_leadmagic", by_name)
    await _ingest(engine, "salesnav_person", _lead_row(other, _member()))  # a lead without email
    refused = _anymailfinder(other)  # a person whose only email a finder called invalid
    refused["anymailfinder_raw_payload"]["results"]["validation"] = "invalid"
    await _ingest(engine, "person_profile", _profile(other, _member()))
    await _ingest(engine, "email_anymailfinder", refused)
    await _rebuild(gql)

    person = await _person(gql, jane)
    assert person is not None
    found = sorted((e["email"], e["source"], e["status"]) for e in person["emails"])
    assert found == [
        (f"j.doe@{t}.example", "email_leadmagic", "invalid"),
        (f"jane.doe@{t}.example", "email_anymailfinder", "valid"),
        (f"jane.doe@{t}.example", "email_icypeas", "FOUND"),
        (f"jane.doe@{t}.example", "email_leadmagic", "valid"),
    ]
    assert all(e["foundAt"] for e in person["emails"])
    assert person["email"] == f"jane.doe@{t}.example"

    with_email = await _leads(gql, companyDomain=f"{t}.example", hasEmail=True)
    assert with_email == [{"linkedinUrl": jane, "email": f"jane.doe@{t}.example"}]
    assert await _leads(gql, companyDomain=f"{t}.example", hasEmail=False) == []
    lead = f"https://www.linkedin.com/sales/lead/ACwAA{other}"
    other_jane = f"https://www.linkedin.com/in/jane-{other}"
    without = await _leads(gql, companyDomain=f"{other}.example", hasEmail=False)
    assert sorted(n["linkedinUrl"] for n in without) == sorted([lead, other_jane])
    assert {n["email"] for n in without} == {None}
    refusing = await _person(gql, other_jane)
    assert refusing is not None
    assert [(e["email"], e["status"]) for e in refusing["emails"]] == [(f"jane.doe@{other}.example", "invalid")]
    assert await _leads(gql, companyDomain=f"{other}.example", hasEmail=True) == []

    # a second run changes nothing; erasure takes the core emails with the person
    again = await _rebuild(gql)
    assert not any(table["table"] == "person_emails" and table["inserted"] for table in again["tables"])
    await erase_person(engine, jane)
    assert await rows(engine, "SELECT * FROM core.person_emails WHERE linkedin_url = :u", u=jane) == []


async def test_a_salesnav_lead_is_a_lead_with_its_work_history(gql: GraphQLClient) -> None:
    t = _tag()
    lead = f"https://www.linkedin.com/sales/lead/ACwAA{t}"
    row = _lead_row(t, _member())
    await _ingest_as(gql, "salesnav_person", row)
    await _ingest_as(gql, "salesnav_company", row)  # the same export row's company columns
    await _rebuild(gql)
    person = await _person(gql, lead)
    assert person is not None
    assert (person["linkedinUrlType"], person["fullName"], person["salesNavigatorUrl"]) == (
        "sales_navigator",
        "Jane Doe",
        None,
    )
    # the SalesNav company made the core company (its LinkedIn URL comes from no other source here)
    assert person["companyLinkedinUrl"] == f"https://www.linkedin.com/company/{t}"
    assert person["workHistory"] == [
        {"companyDomain": f"{t}.example", "companyName": "Acme Corp", "title": "VP Sales",
         "startDate": "2024-03-01", "endDate": None, "isCurrent": True},
        {"companyDomain": "oldco.example", "companyName": None, "title": None, "startDate": None, "endDate": None,
         "isCurrent": False},
    ]  # fmt: skip


async def test_a_full_salesnav_persons_work_history_has_its_dates(gql: GraphQLClient) -> None:
    t = _tag()
    await _ingest_as(gql, "salesnav_person", _full_person(t))
    await _rebuild(gql)
    person = await _person(gql, f"https://www.linkedin.com/in/jane-{t}")
    assert person is not None
    assert person["linkedinUrlType"] == "person"
    assert person["workHistory"] == [
        {"companyDomain": f"{t}.example", "companyName": "Acme Corp", "title": "VP Sales",
         "startDate": "2024-03-01", "endDate": None, "isCurrent": True},
        {"companyDomain": "oldco.example", "companyName": "OldCo", "title": "Director",
         "startDate": "2019-01-01", "endDate": "2024-02-01", "isCurrent": False},
        {"companyDomain": None, "companyName": None, "title": "Intern", "startDate": None, "endDate": None,
         "isCurrent": False},
    ]  # fmt: skip


async def test_a_lead_url_and_its_profile_url_become_one_person(gql: GraphQLClient, engine: AsyncEngine) -> None:
    t, member = _tag(), _member()
    lead, profile = f"https://www.linkedin.com/sales/lead/ACwAA{t}", f"https://www.linkedin.com/in/jane-{t}"
    await _ingest(engine, "salesnav_person", _lead_row(t, member))
    await _ingest(engine, "email_leadmagic", _leadmagic(t) | {"person_linkedin_url": lead})
    await _rebuild(gql)
    before = await _person(gql, lead)
    assert before is not None
    assert (before["linkedinUrlType"], before["email"]) == ("sales_navigator", f"jane.doe@{t}.example")

    await _ingest(engine, "person_profile", _profile(t, member))  # the same member's profile arrives
    await _rebuild(gql)
    person = await _person(gql, profile)
    assert person is not None
    assert await _person(gql, lead) == person  # asked by the lead URL: the same person
    assert (person["linkedinUrlType"], person["salesNavigatorUrl"]) == ("person", lead)
    # the lead URL's email follows the person; the profile's jobs win, SalesNav adds the past employer
    assert (person["email"], [e["email"] for e in person["emails"]]) == (
        f"jane.doe@{t}.example",
        [f"jane.doe@{t}.example"],
    )
    assert [(j["companyDomain"], j["isCurrent"]) for j in person["workHistory"]] == [
        (f"{t}.example", True),
        ("oldco.example", False),
    ]
    people = await rows(
        engine, "SELECT linkedin_url FROM core.people WHERE linkedin_url IN (:a, :b)", a=lead, b=profile
    )
    assert people == [{"linkedin_url": profile}]

    # erased under either URL, the person goes under both, and a rebuild brings neither back
    await erase_person(engine, lead)
    await _rebuild(gql)
    assert (await _person(gql, lead), await _person(gql, profile)) == (None, None)
    left = await rows(
        engine,
        "SELECT linkedin_url FROM extracted.salesnav_people WHERE linkedin_url = :a"
        " UNION ALL SELECT linkedin_url FROM extracted.person_profiles WHERE linkedin_url = :b"
        " UNION ALL SELECT person_linkedin_url FROM extracted.person_emails WHERE person_linkedin_url = :a",
        a=lead,
        b=profile,
    )
    assert left == []


async def _ingest_as(gql: GraphQLClient, source: str, body: dict[str, Any]) -> None:
    """Over GraphQL, as an ingest client would."""
    result = await gql(
        "mutation($s: IngestSource!, $p: JSON!) { ingest(source: $s, payload: $p) { status } }",
        {"s": source.upper(), "p": body},
        role="ingest",
    )
    assert result.get("data", {}).get("ingest", {}).get("status") in ("STORED", "DUPLICATE"), result


async def test_a_full_salesnav_person_with_the_urn_absorbs_the_lead_url(gql: GraphQLClient) -> None:
    t, member = _tag(), _member()
    lead = f"https://www.linkedin.com/sales/lead/ACwAA{t}"
    await _ingest_as(gql, "salesnav_person", _lead_row(t, member))
    await _ingest_as(gql, "salesnav_person", _full_person(t) | {"linkedin_user_profile_urn": f"urn:li:member:{member}"})
    await _rebuild(gql)
    person = await _person(gql, f"https://www.linkedin.com/in/jane-{t}")
    assert person is not None
    assert await _person(gql, lead) == person
    assert (person["linkedinUrlType"], person["salesNavigatorUrl"]) == ("person", lead)
    # the full person's own jobs; the export's past employer is one of them already
    assert [(j["companyDomain"], j["title"]) for j in person["workHistory"]] == [
        (f"{t}.example", "VP Sales"),
        ("oldco.example", "Director"),
        (None, "Intern"),
    ]
