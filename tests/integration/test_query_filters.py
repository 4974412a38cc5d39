"""`filters`: every dropdown option with its label, order and count of complete leads, checked against SQL."""

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.conftest import GraphQLClient
from tests.integration.test_query_data import (
    COMPLETE_SQL,
    Dataset,
    ok,
    sql_rows,
    today,
)

QUERY = """{ filters { %s } }"""
OPTION = "{ value label sortOrder count }"
LISTS = [
    "jobFunctions",
    "seniorities",
    "employeeRanges",
    "industries",
    "countries",
    "signals",
    "vcFirms",
    "businessModels",
]


@pytest.fixture(scope="module")
async def filters(gql: GraphQLClient, ds: Dataset) -> dict[str, list[dict[str, Any]]]:
    data: dict[str, list[dict[str, Any]]] = ok(await gql(QUERY % " ".join(f"{name} {OPTION}" for name in LISTS)))[
        "filters"
    ]
    return data


async def counts(engine: AsyncEngine, sql: str, **params: Any) -> dict[Any, int]:
    return {r["value"]: r["n"] for r in await sql_rows(engine, sql, **params)}


GROUPED = {
    "jobFunctions": "matched_job_function",
    "seniorities": "matched_seniority",
    "employeeRanges": "employee_range",
    "industries": "matched_industry",
    "countries": "person_country",
}


@pytest.mark.parametrize("name", list(GROUPED))
async def test_dimension_options_count_complete_leads(
    engine: AsyncEngine, filters: dict[str, list[dict[str, Any]]], name: str
) -> None:
    column = GROUPED[name]
    expected = await counts(
        engine, f"SELECT {column} AS value, count(*) AS n FROM core.leads WHERE {COMPLETE_SQL} GROUP BY 1"
    )
    options = filters[name]
    got = {o["value"]: o["count"] for o in options}
    assert {v: n for v, n in got.items() if n} == expected
    assert expected  # the dataset has complete leads
    reference = {
        "jobFunctions": "job_functions",
        "seniorities": "seniorities",
        "employeeRanges": "employee_ranges",
        "industries": "industries",
        "countries": "countries",
    }[name]
    names = {r["name"] for r in await sql_rows(engine, f"SELECT name FROM reference.{reference}")}
    assert names <= set(got)  # every vocabulary value is offered, with count 0 when unused
    assert [o["sortOrder"] for o in options] == sorted(o["sortOrder"] for o in options)


async def test_business_models_and_vc_firms(engine: AsyncEngine, filters: dict[str, list[dict[str, Any]]]) -> None:
    complete = COMPLETE_SQL.replace("company_name", "l.company_name")
    models = await counts(
        engine,
        f"""SELECT c.business_model AS value, count(*) AS n FROM core.leads l
            JOIN core.companies c ON c.domain = l.company_domain
            WHERE {complete} AND c.business_model IS NOT NULL GROUP BY 1""",
    )
    got = {o["value"]: o["count"] for o in filters["businessModels"]}
    assert {"B2B", "B2C", "BOTH"} <= set(got)
    assert {v: n for v, n in got.items() if n} == models
    firms = await counts(
        engine,
        f"SELECT vc_name AS value, count(*) AS n FROM core.leads_at_vc_portfolio WHERE {COMPLETE_SQL} GROUP BY 1",
    )
    got = {o["value"]: o["count"] for o in filters["vcFirms"]}
    assert firms
    assert {v: n for v, n in got.items() if n} == firms


async def test_signal_options_count_the_people_each_signal_finds(
    engine: AsyncEngine, ds: Dataset, filters: dict[str, list[dict[str, Any]]]
) -> None:
    async def people(sql: str, **params: Any) -> int:
        rows = await sql_rows(
            engine, f"SELECT count(DISTINCT person_id) AS n FROM ({sql}) o WHERE {COMPLETE_SQL}", **params
        )
        return int(rows[0]["n"])

    leads_where = "SELECT * FROM core.leads WHERE "
    expected = {
        "new_in_role": await people(leads_where + "job_start_date >= :d", d=today() - timedelta(days=90)),
        "recently_promoted": await people(
            "SELECT * FROM core.leads_recently_promoted WHERE promotion_date >= :d",
            d=today() - timedelta(days=180),
        ),
        "vc_portfolio": await people("SELECT * FROM core.leads_at_vc_portfolio"),
        "job_posting": await people(
            leads_where + "company_domain IN (SELECT company_domain FROM core.company_job_postings)"
        ),
        "news_fundraising": await people(
            leads_where + "company_domain IN (SELECT company_domain FROM core.company_news_events)"
        ),
    }
    got = {o["value"]: o["count"] for o in filters["signals"]}
    estimated = {name: got.pop(name) for name in ("past_employer", "company_customers")}
    assert got == expected  # the signals with a default list are exact
    assert all(expected.values())
    for name, value in estimated.items():  # those needing an argument are the planner's estimate
        assert isinstance(value, int), name
        assert value >= 0, name
    labels = {o["value"]: o["label"] for o in filters["signals"]}
    assert labels["new_in_role"] == "New in Role"


async def test_option_values_are_usable_as_lead_filters(
    gql: GraphQLClient, filters: dict[str, list[dict[str, Any]]]
) -> None:
    option = next(o for o in filters["industries"] if o["count"])
    query = "query($v: [String!]) { leads(filter: {industries: $v}) { totalCount } }"
    assert ok(await gql(query, {"v": [option["value"]]}))["leads"]["totalCount"] == option["count"]
    model = next(o for o in filters["businessModels"] if o["count"])
    query = "query($v: BusinessModel) { leads(filter: {businessModel: $v}) { totalCount } }"
    assert ok(await gql(query, {"v": model["value"]}))["leads"]["totalCount"] == model["count"]
