"""`POST /export/{field}.csv`: every list field of `Query` exports exactly the nodes its GraphQL list walks to.

Each list is walked page by page through GraphQL (every scalar field of its node) and exported once;
the CSV must hold the same rows in the same order, columns named as the GraphQL fields.
"""

import csv
import io
from typing import Any

import httpx
import orjson
import pytest
from graphql import GraphQLNonNull, GraphQLObjectType, get_named_type

from gateway.companies.fields import COMPANY
from gateway.leads.fields import CUSTOMER_ALUMNI_LEAD, LEAD, PROMOTED_LEAD, VC_PORTFOLIO_LEAD
from gateway.lists.model import ListModel
from gateway.schema import LIST_SOURCES, build_schema
from gateway.settings import Settings
from tests.conftest import GraphQLClient
from tests.integration.test_query_data import Dataset, walk

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def lists(ds: Dataset) -> list[tuple[str, dict[str, Any], dict[str, str], ListModel]]:
    """(field, arguments, their GraphQL types, node model) of every list field, over the test dataset."""
    leads = {"filter": {"personState": ds.state, "complete": False}}
    lead_types = {"filter": "LeadFilter"}
    return [
        ("leads", {**leads, "orderBy": [{"field": "COMPANY_NAME"}]}, {**lead_types, "orderBy": "[LeadOrder!]"}, LEAD),
        ("newInRole", {**leads, "startedWithinDays": 3650}, {**lead_types, "startedWithinDays": "Int"}, LEAD),
        (
            "recentlyPromoted",
            {**leads, "promotedWithinDays": 3650},
            {**lead_types, "promotedWithinDays": "Int"},
            PROMOTED_LEAD,
        ),
        ("leadsAtVcPortfolio", leads, lead_types, VC_PORTFOLIO_LEAD),
        (
            "leadsByPastEmployer",
            {**leads, "domains": [ds.domain("cust_1"), ds.domain("full_b")]},
            {**lead_types, "domains": "[String!]!"},
            LEAD,
        ),
        (
            "leadsByCompanyCustomers",
            {**leads, "companyDomain": ds.domain("full_a")},
            {**lead_types, "companyDomain": "String!"},
            CUSTOMER_ALUMNI_LEAD,
        ),
        (
            "companies",
            {"filter": {"domain": None, "name": ds.tag}, "orderBy": [{"field": "NAME", "direction": "DESC"}]},
            {"filter": "CompanyFilter", "orderBy": "[CompanyOrder!]"},
            COMPANY,
        ),
    ]


def cell(value: Any) -> str:
    """A GraphQL JSON value as the export writes it."""
    if value is None:
        return ""
    if isinstance(value, list | bool):
        return orjson.dumps(value).decode()
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


async def export(client: httpx.AsyncClient, field: str, body: Any, token: str | None) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return await client.post(f"/export/{field}.csv", json=body, headers=headers)


@pytest.mark.parametrize("i", range(7))
async def test_every_list_exports_exactly_its_walked_nodes(
    client: httpx.AsyncClient, gql: GraphQLClient, api_keys: dict[str, str], ds: Dataset, i: int
) -> None:
    field, args, types, model = lists(ds)[i]
    columns = [f.graphql_name for f in model.node_fields]
    nodes = await walk(gql, field, args, types, selection=" ".join(columns))
    response = await export(client, field, args, api_keys["reader"])
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    assert f'filename="{field}.csv"' in response.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(response.text)))
    assert rows[0] == columns
    assert rows[1:] == [[cell(n[c]) for c in columns] for n in nodes]
    assert len(nodes) > 1, field  # the dataset has rows for every list


def test_every_connection_of_query_is_exportable() -> None:
    """A new list field of Query must say which rows it pages through (gateway/schema.py LIST_SOURCES)."""
    query = build_schema(Settings())._schema.query_type
    assert isinstance(query, GraphQLObjectType)
    connections = {
        name
        for name, f in query.fields.items()
        if isinstance(f.type, GraphQLNonNull) and get_named_type(f.type).name.endswith("Connection")
    }
    assert connections == set(LIST_SOURCES)


async def test_export_arguments_are_checked_like_graphql(
    client: httpx.AsyncClient, api_keys: dict[str, str], ds: Dataset
) -> None:
    reader = api_keys["reader"]
    missing = await export(client, "leadsByPastEmployer", {}, reader)
    assert missing.status_code == 400
    assert missing.json()["error"]["code"] == "BAD_USER_INPUT"
    assert "domains" in missing.json()["error"]["message"]
    for field, body in (
        ("newInRole", {"startedWithinDays": "soon"}),
        ("newInRole", {"startedWithinDays": -1}),
        ("leadsByPastEmployer", {"domains": ["not a domain"]}),
        ("leadsByCompanyCustomers", {"companyDomain": None}),
        ("leadsAtVcPortfolio", {"vcNames": [1]}),
        ("companies", {"filter": {"personState": "x"}}),
        ("companies", {"first": 10}),  # paging arguments are not the export's
        ("recentlyPromoted", {"orderBy": [{"field": "NOPE"}]}),
        ("leads", {"orderBy": [{"field": "PROMOTION_DATE"}]}),
    ):
        response = await export(client, field, body, reader)
        assert response.status_code == 400, (field, body, response.text)
        assert response.json()["error"]["code"] == "BAD_USER_INPUT", (field, body)
    unknown = await export(client, "person", {}, reader)
    assert unknown.status_code == 404
    assert unknown.json()["error"]["code"] == "NOT_FOUND"
    assert (await export(client, "companies", {}, None)).status_code == 401
    assert (await export(client, "companies", {}, api_keys["ingest"])).status_code == 403
    operator = await export(client, "recentlyPromoted", {"filter": {"personState": ds.state}}, api_keys["operator"])
    assert operator.status_code == 200
