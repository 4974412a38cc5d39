"""`POST /export/leads.csv`: every matching lead as CSV, same filter compiler, no page cap, reader role."""

import csv
import io
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.integration.test_query_data import (
    COMPLETE_SQL,
    Dataset,
    post_export,
    sql_rows,
)

# the Lead type's scalar fields, in its order (the columns every lead list exports)
LEAD_COLUMNS = [
    "personId",
    "linkedinUrl",
    "linkedinSlug",
    "fullName",
    "linkedinUrlType",
    "personCity",
    "personState",
    "personCountry",
    "jobTitle",
    "jobFunction",
    "seniority",
    "jobStartDate",
    "companyDomain",
    "companyName",
    "companyLinkedinUrl",
    "companyCity",
    "companyState",
    "companyCountry",
    "industry",
    "employeeRange",
    "email",  # issue 12: core.people.email (not a column of the seed view)
]
# the seed view's names of the same columns
SEED_COLUMNS = [
    "person_id",
    "linkedin_url",
    "linkedin_slug",
    "full_name",
    "linkedin_url_type",
    "person_city",
    "person_state",
    "person_country",
    "matched_cleaned_job_title",
    "matched_job_function",
    "matched_seniority",
    "job_start_date",
    "company_domain",
    "company_name",
    "company_linkedin_url",
    "company_city",
    "company_state",
    "company_country",
    "matched_industry",
    "employee_range",
    "email",
]


def parse(response: httpx.Response) -> list[list[str]]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    return list(csv.reader(io.StringIO(response.text)))


def cell(value: Any) -> str:
    if value is None:
        return ""
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return "'" + text if text.startswith(("=", "+", "-", "@")) else text


async def test_export_streams_every_matching_lead_in_order(
    client: httpx.AsyncClient, api_keys: dict[str, str], engine: AsyncEngine, ds: Dataset
) -> None:
    body = {
        "filter": {"personState": ds.state, "complete": False},
        "orderBy": [{"field": "FULL_NAME", "direction": "DESC"}],
    }
    rows = parse(await post_export(client, body, api_keys["reader"]))
    expected = await sql_rows(
        engine,
        f"SELECT {', '.join('l.' + c for c in SEED_COLUMNS[:-1])}, p.email"
        " FROM core.leads l JOIN core.people p ON p.id = l.person_id WHERE l.person_state = :s"
        " ORDER BY l.full_name DESC NULLS LAST, l.person_id DESC",
        s=ds.state,
    )
    assert rows[0] == LEAD_COLUMNS
    assert len(rows) - 1 == len(expected) > 100  # no page cap
    assert rows[1:] == [[cell(r[c]) for c in SEED_COLUMNS] for r in expected]
    formula = next(r for r in rows if r[3].startswith("'="))
    assert formula[3] == '\'=HYPERLINK("http://x")'  # a spreadsheet shows it as text instead of running it


async def test_export_defaults_to_complete_leads_and_takes_any_lead_filter(
    client: httpx.AsyncClient, api_keys: dict[str, str], engine: AsyncEngine, ds: Dataset
) -> None:
    body = {"filter": {"personState": ds.state, "jobFunctions": ["Engineering", "Sales"]}}
    rows = parse(await post_export(client, body, api_keys["operator"]))
    expected = await sql_rows(
        engine,
        f"""SELECT person_id FROM core.leads WHERE person_state = :s AND {COMPLETE_SQL}
            AND matched_job_function IN ('Engineering', 'Sales') ORDER BY person_id""",
        s=ds.state,
    )
    assert [int(r[0]) for r in rows[1:]] == [r["person_id"] for r in expected]
    assert expected


async def test_export_refuses_bad_bodies_and_wrong_keys(
    client: httpx.AsyncClient, api_keys: dict[str, str], ds: Dataset
) -> None:
    assert (await post_export(client, {}, None)).status_code == 401
    forbidden = await post_export(client, {}, api_keys["ingest"])
    assert forbidden.status_code == 403
    assert forbidden.json()["error"]["code"] == "FORBIDDEN"
    for body in (
        [],
        {"filter": {"nope": 1}},
        {"orderBy": [{"field": "NOPE"}]},
        {"limit": 5},
        {"filter": {"companyDomain": "not a domain"}},
        {"orderBy": [{"field": "PROMOTION_DATE"}]},
    ):
        response = await post_export(client, body, api_keys["reader"])
        assert response.status_code == 400, body
        assert response.json()["error"]["code"] == "BAD_USER_INPUT"
    raw = await client.post(
        "/export/leads.csv", content=b"{not json", headers={"Authorization": f"Bearer {api_keys['reader']}"}
    )
    assert raw.status_code == 400
