"""Every field that takes `first` refuses the same mistakes with the same code and message."""

from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from ingest.enrich import batches
from tests.conftest import GraphQLClient
from tests.integration.test_query_data import Dataset

PAGED = "; page through the rest with `after` or `offset`."

# (field with its other arguments, selection, paged): `%s` takes the page arguments, `{name}` a value
READER_FIELDS = [
    ("leads(%s)", "{ pageInfo { hasNextPage } }", True),
    ("newInRole(%s)", "{ pageInfo { hasNextPage } }", True),
    ("recentlyPromoted(%s)", "{ pageInfo { hasNextPage } }", True),
    ("leadsAtVcPortfolio(%s)", "{ pageInfo { hasNextPage } }", True),
    ('leadsByPastEmployer(domains: ["example.com"], %s)', "{ pageInfo { hasNextPage } }", True),
    ('leadsByCompanyCustomers(companyDomain: "example.com", %s)', "{ pageInfo { hasNextPage } }", True),
    ("companies(%s)", "{ pageInfo { hasNextPage } }", True),
    ('searchCompanies(query: "acme", %s)', "{ domain }", False),
    ('company(domain: "{domain}") { leads(%s) { totalCount } }', "", True),
    ('company(domain: "{domain}") { customers(%s) { totalCount } }', "", True),
    ('company(domain: "{domain}") { similarCompanies(%s) { totalCount } }', "", True),
    ('company(domain: "{domain}") { jobPostings(%s) { __typename } }', "", False),
    ('company(domain: "{domain}") { newsEvents(%s) { __typename } }', "", False),
]
OPERATOR_FIELDS = [
    ("ingestFailures(%s)", "{ id }", False),
    ("customerMatchCandidates(%s)", "{ __typename }", False),
    ("similarCompaniesBatches(%s)", "{ id }", False),
    ('similarCompaniesBatch(id: "{batch}") { results(%s) { domain } }', "", False),
]


@pytest.fixture(scope="module")
async def batch_id(engine: AsyncEngine) -> AsyncIterator[str]:
    """A batch with one domain and no job (only its `results` field is asked for), cancelled afterwards."""
    batch = await batches.create_batch(engine, ["page-arguments.example"])
    yield str(batch.id)
    await batches.cancel_batch(engine, batch.id)


def _error(body: dict[str, object]) -> tuple[str, str]:
    assert body.get("errors"), body
    error = body["errors"][0]  # type: ignore[index]
    return error["extensions"]["code"], error["message"]


async def _ask(gql: GraphQLClient, role: str, field: str, selection: str, args: str, **names: str) -> tuple[str, str]:
    for name, value in names.items():
        field = field.replace("{" + name + "}", value)
    return _error(await gql("{ " + field % args + " " + selection + " }", role=role))


def _cases() -> list[tuple[str, str, str, bool]]:
    return [("reader", *f) for f in READER_FIELDS] + [("operator", *f) for f in OPERATOR_FIELDS]


@pytest.mark.parametrize(("role", "field", "selection", "paged"), _cases(), ids=[c[1] for c in _cases()])
async def test_first_over_the_maximum_and_negative_are_the_same_error_everywhere(
    gql: GraphQLClient, ds: Dataset, batch_id: str, role: str, field: str, selection: str, paged: bool
) -> None:
    names = {"domain": ds.domain("full_b"), "batch": batch_id}
    over = await _ask(gql, role, field, selection, "first: 101", **names)
    assert over == ("LIMIT_EXCEEDED", "`first` is at most 100 (got 101)" + (PAGED if paged else "."))
    negative = await _ask(gql, role, field, selection, "first: -1", **names)
    assert negative == ("BAD_USER_INPUT", "`first` must be zero or more (got -1).")
    if paged or "offset" in field or "results" in field:
        bad_offset = await _ask(gql, role, field, selection, "first: 1, offset: -1", **names)
        assert bad_offset == ("BAD_USER_INPUT", "`offset` must be zero or more (got -1).")
