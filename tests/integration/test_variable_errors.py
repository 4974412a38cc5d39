"""A variable whose value its type refuses is the client's mistake: BAD_USER_INPUT with the reason, never INTERNAL."""

import pytest

from tests.conftest import GraphQLClient


@pytest.mark.parametrize(
    ("query", "variables", "named"),
    [
        (
            "query($s: IngestSource) { ingestFailures(source: $s) { id } }",
            {"s": "company_firmographics"},  # the enum's values are upper-case
            "company_firmographics",
        ),
        ("query($n: Int) { leads(first: $n) { totalCount } }", {"n": "ten"}, "ten"),
        (
            "query($f: LeadFilter) { leads(filter: $f) { totalCount } }",
            {"f": {"jobStartDate": {"gte": "not a date"}}},
            "not a date",
        ),
    ],
)
async def test_refused_variable_values_are_bad_user_input(
    gql: GraphQLClient, query: str, variables: dict[str, object], named: str
) -> None:
    body = await gql(query, variables, role="operator")
    assert body.get("data") is None
    [error] = body["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT", error
    assert error["message"].startswith("Variable '$")
    assert named in error["message"]
    assert "Internal error" not in error["message"]
