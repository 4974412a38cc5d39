"""Every argument that takes a domain refuses a non-domain with the same code and message."""

import pytest

from tests.conftest import GraphQLClient

# (role, operation with `%s` where the bad domain goes, the argument's name in the message)
CASES = [
    ("reader", '{ company(domain: "%s") { domain } }', "domain"),
    ("reader", '{ companies(filter: {domain: "%s"}) { nodes { domain } } }', "domain"),
    ("reader", '{ leads(filter: {companyDomain: "%s"}) { nodes { personId } } }', "companyDomain"),
    ("reader", '{ leadsByPastEmployer(domains: ["%s"]) { nodes { personId } } }', "domains"),
    ("reader", '{ leadsByCompanyCustomers(companyDomain: "%s") { nodes { personId } } }', "companyDomain"),
    ("operator", '{ customerMatchCandidates(originCompanyDomain: "%s") { __typename } }', "originCompanyDomain"),
    (
        "operator",
        'mutation { setCustomerDomain(originCompanyDomain: "%s", customerName: "x") { customerName } }',
        "originCompanyDomain",
    ),
    ("operator", 'mutation { findSimilarCompanies(domain: "%s") { domain } }', "domain"),
]


@pytest.mark.parametrize(("role", "operation", "name"), CASES, ids=[c[1] for c in CASES])
async def test_a_non_domain_is_the_same_error_everywhere(
    gql: GraphQLClient, role: str, operation: str, name: str
) -> None:
    body = await gql(operation % "not a domain", role=role)
    error = body["errors"][0]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["message"] == f"`{name}`: 'not a domain' is not a domain."
