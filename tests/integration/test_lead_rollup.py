"""core.lead_rollup is exact after every writer, and counts and facets read from it equal the scans.

Two oracles, both from the read side's own SQL (gateway/leads/fields.py, the compiler's completeness):
the whole rollup recounted with GROUP BY GROUPING SETS over people LEFT JOIN companies, and generated
filters (every subset of the rollup's filter dimensions, values present and absent, complete
true/false/absent) whose totalCount and facets are built both ways and compared. They run on the
demo warehouse, then after an ingest + core build, a mapping change, an erasure and direct SQL writes.
"""

import random
from collections.abc import AsyncIterator, Sequence
from datetime import date
from itertools import combinations
from typing import Any

import pytest
from sqlalchemy import Select, and_, false, func, select, text, tuple_
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.asyncio import AsyncEngine

from gateway.companies.fields import BusinessModel
from gateway.database import fetch
from gateway.leads.fields import LEAD, LeadFilter
from gateway.leads.sources import ALL_LEADS, LEAD_ROWS
from gateway.lists.compiler import compile_list, completeness
from gateway.lists.counts import CountMode, count_statement, facet_statement, read_facets
from gateway.lists.rollup import count_statement_of, facets_statement_of
from gateway.lists.types import DateRange
from gateway.signals.sources import NewInRole
from ingest.core_build.build import rebuild_core
from ingest.demo import load_demo_data
from ingest.pipeline import IngestStatus, ingest
from models.core import ROLLUP_DIMENSIONS, ROLLUP_SETS
from tests.conftest import GraphQLClient
from tests.integration.test_demo_data import clear

PEOPLE, COMPANIES, SEED = 1500, 300, 11
FILTERED = {"job_function": "job_functions", "seniority": "seniorities", "industry": "industries",
            "employee_range": "employee_ranges"}  # fmt: skip
FACETS = list(LEAD.facets)
ABSENT = "No such value"


def recount() -> Select[Any]:
    """The rollup as the lead fields' SQL gives it: every grouping set over people LEFT JOIN companies."""
    dims = [LEAD.by_name[d].sql for d in ROLLUP_DIMENSIONS]
    complete = func.coalesce(and_(*completeness(LEAD)), false())
    sets = [tuple_(complete, *(LEAD.by_name[d].sql for d in s)) for s in ROLLUP_SETS]
    return (
        select(func.grouping(*dims), complete, *dims, func.count())
        .select_from(LEAD_ROWS)
        .group_by(func.grouping_sets(*sets))
    )


async def assert_rollup_exact(engine: AsyncEngine) -> None:
    columns = ", ".join(("grouping_set", "complete", *ROLLUP_DIMENSIONS, "n"))
    stored = await fetch(engine, select(text(columns)).select_from(text("core.lead_rollup")))
    expected = await fetch(engine, recount())
    key = lambda r: tuple((v is None, str(v)) for v in r)  # noqa: E731
    assert sorted(map(tuple, stored), key=key) == sorted(map(tuple, expected), key=key)


async def present_values(engine: AsyncEngine) -> dict[str, list[str]]:
    out = {}
    for name in FILTERED:
        sql = LEAD.by_name[name].sql
        assert sql is not None
        rows = await fetch(engine, select(sql).select_from(LEAD_ROWS).where(sql.is_not(None)).distinct())
        out[name] = sorted(r[0] for r in rows)
    return out


def generated_filters(values: dict[str, list[str]], rng: random.Random) -> list[Any]:
    """Every subset of the filter dimensions (business model included) x complete true / false / absent."""
    dims = [*FILTERED, "business_model"]
    out = []
    for k in range(len(dims) + 1):
        for subset in combinations(dims, k):
            for complete in (None, True, False):
                args: dict[str, Any] = {} if complete is None else {"complete": complete}
                for d in subset:
                    if d == "business_model":
                        args[d] = rng.choice(list(BusinessModel))
                    else:
                        picked = rng.sample(values[d], min(len(values[d]), rng.choice((1, 2))))
                        args[FILTERED[d]] = picked + ([ABSENT] if rng.random() < 0.3 else [])
                out.append(LeadFilter(**args))
    out.append(LeadFilter(job_functions=[ABSENT]))  # nothing matches
    out.append(LeadFilter(job_functions=[], industries=[]))  # empty lists do not filter
    return out


async def assert_same(engine: AsyncEngine, filters: Sequence[Any], rng: random.Random) -> None:
    for f in filters:
        compiled = compile_list(ALL_LEADS, f, None, None)
        assert compiled.rollup_filter is not None, f
        for mode, cap in ((CountMode.EXACT, 0), (CountMode.CAPPED, 3), (CountMode.CAPPED, 10_000)):
            [[rolled]] = await fetch(engine, count_statement_of(compiled, mode, cap))
            [[scanned]] = await fetch(engine, count_statement(compiled.matching, mode, cap))
            assert rolled == scanned, (f, mode, cap)
        for names in (FACETS, rng.sample(FACETS, rng.randint(1, len(FACETS)))):
            dims = LEAD.facet_dimensions(names)
            rolled_facets = read_facets(await fetch(engine, facets_statement_of(compiled, dims)), names)
            scanned_facets = read_facets(await fetch(engine, facet_statement(compiled.matching, dims)), names)
            assert rolled_facets == scanned_facets, (f, names)


async def assert_consistent(engine: AsyncEngine, sample: int | None = None) -> None:
    await assert_rollup_exact(engine)
    rng = random.Random(SEED)
    filters = generated_filters(await present_values(engine), rng)
    await assert_same(engine, filters if sample is None else rng.sample(filters, sample), rng)


@pytest.fixture(scope="module")
async def demo(engine: AsyncEngine, direct_database_url: str) -> AsyncIterator[None]:
    """A demo warehouse (core emptied before and after: TRUNCATE recomputes the rollup)."""
    await clear(engine)
    await assert_rollup_exact(engine)
    await load_demo_data(direct_database_url, people=PEOPLE, companies=COMPANIES, seed=SEED, progress=False)
    yield
    await clear(engine)
    await assert_rollup_exact(engine)


async def test_the_demo_load_keeps_the_rollup_exact(engine: AsyncEngine, demo: None) -> None:
    await assert_consistent(engine)
    dims = LEAD.facet_dimensions(FACETS)
    scanned = read_facets(
        await fetch(
            engine, facet_statement(compile_list(ALL_LEADS, LeadFilter(complete=False), None, None).matching, dims)
        ),
        FACETS,
    )
    assert any(v.value is None for values in scanned.values() for v in values)  # NULL buckets are compared too


async def test_graphql_counts_and_facets_equal_the_scan(engine: AsyncEngine, gql: GraphQLClient, demo: None) -> None:
    query = """query($f: LeadFilter) { leads(filter: $f, first: 1) {
      exact: totalCount capped: totalCount(mode: CAPPED, cap: 7) facets(by: [JOB_FUNCTION, INDUSTRY, PERSON_COUNTRY]) {
        dimension values { value count } } } }"""
    for variables, f in (
        ({}, None),
        (
            {"f": {"seniorities": ["Director", "VP"], "complete": False}},
            LeadFilter(seniorities=["Director", "VP"], complete=False),
        ),
    ):
        leads = (await gql(query, variables))["data"]["leads"]
        compiled = compile_list(ALL_LEADS, f, None, None)
        [[exact]] = await fetch(engine, count_statement(compiled.matching, CountMode.EXACT, 0))
        assert leads["exact"] == exact
        assert leads["capped"] == min(exact, 8)
        names = ["JOB_FUNCTION", "INDUSTRY", "PERSON_COUNTRY"]
        scanned = read_facets(
            await fetch(engine, facet_statement(compiled.matching, LEAD.facet_dimensions(names))), names
        )
        assert {f["dimension"]: f["values"] for f in leads["facets"]} == {
            name: [{"value": v.value, "count": v.count} for v in values] for name, values in scanned.items()
        }


def _sql(stmt: Any) -> str:
    return str(stmt.compile(dialect=postgresql.dialect()))


@pytest.mark.parametrize(
    "f",
    [
        LeadFilter(job_title="engineer"),
        LeadFilter(person_country="germ"),
        LeadFilter(company_domain="example.com"),
        LeadFilter(job_start_date=DateRange(gte=date(2024, 1, 1))),
        LeadFilter(has_email=True),
        LeadFilter(company_technologies=["Python"], job_functions=["Engineering"]),
    ],
)
def test_other_filters_keep_the_scan(f: Any) -> None:
    compiled = compile_list(ALL_LEADS, f, None, None)
    assert compiled.rollup_filter is None
    for mode in CountMode:
        assert "lead_rollup" not in _sql(count_statement_of(compiled, mode, 10))
        assert "core.people" in _sql(count_statement_of(compiled, mode, 10))
    assert "lead_rollup" not in _sql(facets_statement_of(compiled, LEAD.facet_dimensions(FACETS)))


def test_rollup_filters_read_the_rollup_with_bound_values_and_estimate_explains_the_scan() -> None:
    compiled = compile_list(ALL_LEADS, LeadFilter(job_functions=["Engineering"]), None, None)
    sql = _sql(count_statement_of(compiled, CountMode.EXACT, 0))
    assert "lead_rollup" in sql
    assert "core.people" not in sql
    assert "Engineering" not in sql  # a bind parameter, not a literal
    assert "core.people" in _sql(count_statement_of(compiled, CountMode.ESTIMATE, 0))
    signal = compile_list(NewInRole(), None, None, None)  # a source with its own conditions
    assert signal.rollup_filter is None


async def _ingest(engine: AsyncEngine, source: str, body: dict[str, Any]) -> None:
    outcome = await ingest(engine, source, body)
    assert outcome.status in (IngestStatus.STORED, IngestStatus.DUPLICATE), (source, outcome)


async def test_an_ingest_and_core_build_keep_the_rollup_exact(engine: AsyncEngine, demo: None) -> None:
    t = f"{random.Random().getrandbits(40):x}"
    domain = f"rollup-{t}.com"
    await _ingest(engine, "company_firmographics", {
        "company_domain": domain, "name": f"Rollup {t}", "industry": "Computer Software", "size": "51-200 employees",
        "locations": [{"is_primary": True, "city": "Berlin", "country": "Germany"}]})  # fmt: skip
    for who, title in (("ann", "VP Engineering"), ("ben", f"Chief Wrangler {t}")):
        await _ingest(engine, "person_profile", {
            "linkedin_url": f"https://www.linkedin.com/in/{who}-{t}/", "name": f"{who.title()} {t}",
            "location": "Berlin, Germany",
            "experience": [{"title": title, "company": f"Rollup {t}", "company_domain": domain,
                            "is_current": True}]})  # fmt: skip
    async with engine.begin() as conn:
        await rebuild_core(conn)
    await assert_consistent(engine, sample=40)


async def test_a_mapping_change_keeps_the_rollup_exact(engine: AsyncEngine, gql: GraphQLClient, demo: None) -> None:
    t = f"{random.Random().getrandbits(40):x}"
    title = f"Chief Herder {t}"
    await _ingest(engine, "person_profile", {
        "linkedin_url": f"https://www.linkedin.com/in/cy-{t}/", "name": f"Cy {t}", "location": "Paris, France",
        "experience": [{"title": title, "company": "Demo", "is_current": True}]})  # fmt: skip
    async with engine.begin() as conn:
        await rebuild_core(conn)
    mutation = """mutation($raw: String!) { setJobTitleMapping(rawTitle: $raw, cleanedTitle: "Chief Herder",
      jobFunction: "Sales", seniority: "VP") { rawTitle } }"""
    assert "errors" not in await gql(mutation, {"raw": title}, role="operator")
    async with engine.begin() as conn:
        await rebuild_core(conn)
    [[function]] = await fetch(
        engine, select(text("matched_job_function FROM core.people WHERE full_name = :n")).params(n=f"Cy {t}")
    )
    assert function == "Sales"
    await assert_consistent(engine, sample=40)


async def test_an_erasure_keeps_the_rollup_exact(engine: AsyncEngine, gql: GraphQLClient, demo: None) -> None:
    [[url]] = await fetch(
        engine, select(text("linkedin_url FROM core.people WHERE origin = 'demo' ORDER BY id LIMIT 1"))
    )
    body = await gql("mutation($u: String!) { erasePerson(linkedinUrl: $u) { coreRows } }", {"u": url}, role="operator")
    assert body["data"]["erasePerson"]["coreRows"] == 1
    await assert_consistent(engine, sample=40)


async def test_direct_writes_to_people_and_companies_keep_the_rollup_exact(engine: AsyncEngine, demo: None) -> None:
    """Every kind of statement the triggers see, in one transaction: the rollup follows each one."""
    async with engine.begin() as conn:
        for sql in (
            "UPDATE core.companies SET industry = NULL WHERE id % 7 = 0",
            "UPDATE core.companies SET country = 'Atlantis', business_model = 'B2C' WHERE id % 11 = 0",
            "UPDATE core.companies SET domain = domain || '.moved' WHERE id % 13 = 0",  # its people lose it
            "INSERT INTO core.companies (domain, name, country, industry) SELECT domain || '.moved', 'Back', 'Chile',"
            " 'Retail' FROM core.companies WHERE id % 26 = 0",  # ... some get a new one
            "DELETE FROM core.companies WHERE id % 17 = 0 AND id % 13 <> 0",
            "UPDATE core.people SET matched_job_function = 'Miscellaneous' WHERE id % 5 = 0",
            "UPDATE core.people SET company_domain = NULL, company_name = 'Solo' WHERE id % 9 = 0",
            "UPDATE core.people SET matched_cleaned_job_title = '' WHERE id % 19 = 0",
            "UPDATE core.people SET email = 'x@example.com' WHERE id % 3 = 0",  # no dimension changes
            "DELETE FROM core.people WHERE id % 23 = 0",
        ):
            await conn.execute(text(sql))
    await assert_consistent(engine, sample=60)
