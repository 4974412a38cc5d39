"""Compiled operations (gateway/compiled.py) answer exactly what the regular path answers.

Operations are generated over every list field (filters of every kind, orders, page arguments, aliases,
named and inline fragments, the nested company, `pageInfo`, `__typename`, variables and literals) from
a seeded random source; each is answered by the compiled path and the regular one and the parsed JSON
compared. A second request of the same shape with other strings must reuse the plan and still agree:
that is where a wrong binding would show. Requests the compiled path must leave to the regular one
(errors, roles, timeouts) are checked to do so.
"""

import contextlib
import random
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import orjson
import pytest
from graphql import GraphQLEnumType
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette
from starlette.requests import Request

from gateway.app import context_for, create_app
from gateway.compiled import MAX_SHAPES_PER_DOCUMENT, CompiledOperations
from gateway.context import Context
from gateway.database import create_engine
from gateway.schema import STATEMENT_FIELDS, build_schema
from gateway.settings import Settings
from tests.conftest import GraphQLClient
from tests.integration.test_query_data import Dataset

SEED = 20261206
LISTS = ("leads", "newInRole", "recentlyPromoted", "leadsAtVcPortfolio", "leadsByPastEmployer", "companies")
LEAD_NODE = ["personId", "fullName", "jobTitle", "jobFunction", "seniority", "personCountry", "companyName"]
LEAD_NODE += ["jobStartDate", "industry", "employeeRange", "linkedinUrl", "companyDomain", "email"]
COMPANY_NODE = ["domain", "name", "industry", "employeeRange", "country", "city", "linkedinUrl"]
FACETS = ["JOB_FUNCTION", "SENIORITY", "INDUSTRY", "EMPLOYEE_RANGE", "PERSON_COUNTRY", "COMPANY_COUNTRY"]
NESTED_COMPANY = ["domain", "name", "industry", "employeeRange", "country", "__typename"]


@dataclass
class Op:
    query: str
    operation_name: str | None
    variables: dict[str, Any]


def payload(op: Op) -> dict[str, Any]:
    return {"query": op.query, "operationName": op.operation_name, "variables": op.variables}


@pytest.fixture(scope="module")
def compiled() -> CompiledOperations:
    return CompiledOperations(build_schema(Settings(env="development")), STATEMENT_FIELDS)


async def context(app: Starlette, key: str | None) -> Context:
    headers = [(b"authorization", f"Bearer {key}".encode())] if key else []
    return await context_for(Request({"type": "http", "headers": headers, "app": app, "method": "POST"}))


@pytest.fixture(scope="module")
async def plain(database_url: str) -> AsyncIterator[httpx.AsyncClient]:
    """The gateway with compiled operations off: every operation the regular way."""
    async with served(Settings(database_url=database_url, run_workers=False, compiled_operations=False)) as client:
        yield client


@contextlib.asynccontextmanager
async def served(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    application = create_app(settings)
    async with application.router.lifespan_context(application):
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="http://gateway.test") as client:
            yield client


async def post(client: httpx.AsyncClient, key: str, op: Op) -> Any:
    response = await client.post("/graphql", json=payload(op), headers={"Authorization": f"Bearer {key}"})
    return response.status_code, response.json()


async def regular(plain: httpx.AsyncClient, gql: GraphQLClient, op: Op, role: str = "reader") -> Any:
    """The regular path's answer; the gateway with compiled operations on answers the same over HTTP."""
    status, expected = await post(plain, gql.keys[role], op)
    assert (status, expected) == await post(gql.client, gql.keys[role], op), op
    return expected


class Generator:
    """Random operations over the query tests' dataset (its rows only: every filter names its state)."""

    def __init__(self, ds: Dataset, values: dict[str, list[str]], orders: dict[str, list[str]]) -> None:
        self.ds = ds
        self.values = values
        self.orders = orders
        self.rng = random.Random(SEED)

    def pick(self, options: list[Any], most: int = 3) -> list[Any]:
        return self.rng.sample(options, self.rng.randint(1, min(most, len(options))))

    def lead_filter(self) -> dict[str, Any]:
        rng = self.rng
        # without the dataset's state the counts are over the whole warehouse (the rollup's case)
        f: dict[str, Any] = {"personState": self.ds.state} if rng.random() < 0.8 else {}
        for name in ("jobFunctions", "seniorities", "industries", "employeeRanges"):
            if rng.random() < 0.35:
                f[name] = self.pick(self.values[name])
        if rng.random() < 0.25:
            f["jobTitle"] = rng.choice(["engineer", "VP", "Director of", "%", "_", "a", ""])
        if rng.random() < 0.2:
            f["companyName"] = rng.choice([self.ds.tag, "Acme", "100%", "Mid_Co"])
        if rng.random() < 0.15:
            f["businessModel"] = rng.choice(["B2B", "B2C", "BOTH"])
        if rng.random() < 0.15:
            f["hasEmail"] = rng.choice([True, False])
        if rng.random() < 0.15:
            f["jobStartDate"] = {"gte": "2015-01-01"}
        if rng.random() < 0.1:
            f["companyDomain"] = self.ds.domain("full_a")
        f["complete"] = rng.choice([False, False, True])
        return f

    def company_filter(self) -> dict[str, Any]:
        f: dict[str, Any] = {"name": self.rng.choice([self.ds.tag, f"Acme {self.ds.tag}", self.ds.tag[:2]])}
        for name in ("industries", "employeeRanges"):
            if self.rng.random() < 0.4:
                f[name] = self.pick(self.values[name])
        return f

    def node_selection(self, field: str, fragments: list[str]) -> str:
        rng = self.rng
        node_type = {"companies": "Company", "recentlyPromoted": "PromotedLead"}.get(field, "Lead")
        if field == "leadsAtVcPortfolio":
            node_type = "VcPortfolioLead"
        names = self.pick(COMPANY_NODE if field == "companies" else LEAD_NODE, 6)
        parts = [f"a{i}: {n}" if rng.random() < 0.15 else n for i, n in enumerate(names)]
        if field != "companies" and rng.random() < 0.5:
            parts.append("company { " + " ".join(self.pick(NESTED_COMPANY, 4)) + " }")
        if rng.random() < 0.2:
            parts.append("__typename")
        style = rng.random()
        if style < 0.2:
            name = f"F{len(fragments)}"
            fragments.append(f"fragment {name} on {node_type} {{ {' '.join(parts)} }}")
            return f"...{name}"
        if style < 0.35:
            return f"... on {node_type} {{ {' '.join(parts)} }}"
        return " ".join(parts)

    def list_field(self, field: str, declared: list[str], variables: dict[str, Any], fragments: list[str]) -> str:
        rng, n = self.rng, len(declared)
        args: list[str] = []
        if field == "leadsByPastEmployer":
            args.append(f'domains: ["{self.ds.domain("cust_1")}", "{self.ds.domain("full_b")}"]')
        the_filter = self.company_filter() if field == "companies" else self.lead_filter()
        filter_type = "CompanyFilter" if field == "companies" else "LeadFilter"
        if rng.random() < 0.7:
            declared.append(f"$f{n}: {filter_type}")
            variables[f"f{n}"] = the_filter
            args.append(f"filter: $f{n}")
        else:
            args.append("filter: " + graphql_literal(the_filter, enums={"businessModel"}))
        orders = self.orders["companies" if field == "companies" else "leads"]
        if rng.random() < 0.4:
            order = ", ".join(f"{{field: {o}, direction: {rng.choice(['ASC', 'DESC'])}}}" for o in self.pick(orders, 2))
            args.append(f"orderBy: [{order}]")
        first = rng.choice([None, 1, 2, 5, 50, 100])
        if first is not None:
            if rng.random() < 0.5:
                declared.append(f"$first{n}: Int")
                variables[f"first{n}"] = first
                args.append(f"first: $first{n}")
            else:
                args.append(f"first: {first}")
        if rng.random() < 0.15:
            args.append(f"offset: {rng.choice([0, 1, 3])}")
        selection = [f"nodes {{ {self.node_selection(field, fragments)} }}"]
        if rng.random() < 0.6:
            info = self.pick(["hasNextPage", "hasPreviousPage", "startCursor", "endCursor", "__typename"], 5)
            selection.append("pageInfo { " + " ".join(info) + " }")
        if rng.random() < 0.3:
            selection.append(
                rng.choice(["totalCount", "n: totalCount(mode: CAPPED, cap: 3)", "totalCount(mode: EXACT, cap: null)"])
            )
        if field != "companies" and rng.random() < 0.25:
            dims = ", ".join(self.pick(FACETS, 3))
            values = " ".join(self.pick(["value", "count", "__typename"], 3))
            selection.append(f"facets(by: [{dims}]) {{ dimension values {{ {values} }} }}")
        if rng.random() < 0.2:
            selection.append("__typename")
        rng.shuffle(selection)
        return f"{field}({', '.join(args)}) {{ {' '.join(selection)} }}"

    def operation(self) -> Op:
        declared: list[str] = []
        variables: dict[str, Any] = {}
        fragments: list[str] = []
        count = 1 if self.rng.random() < 0.8 else 2
        fields = [
            (f"r{i}: " if i or self.rng.random() < 0.3 else "")
            + self.list_field(self.rng.choice(LISTS), declared, variables, fragments)
            for i in range(count)
        ]
        if self.rng.random() < 0.1:
            fields.append("__typename")
        name = self.rng.choice([None, "Page"])
        head = f"query {name or ''}({', '.join(declared)})" if declared else f"query {name or ''}"
        return Op(f"{head} {{ {' '.join(fields)} }} {' '.join(fragments)}", name, variables)


def graphql_literal(value: Any, enums: set[str] = frozenset(), key: str = "") -> str:  # type: ignore[assignment]
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {graphql_literal(v, enums, k)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(graphql_literal(v, enums, key) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if key in enums:
        return str(value)
    return orjson.dumps(value).decode()


@pytest.fixture(scope="module")
async def generator(gql: GraphQLClient, ds: Dataset) -> Generator:
    body = await gql(
        "query($s: String) { leads(filter: {personState: $s, complete: false}, first: 100) "
        "{ nodes { jobFunction seniority industry employeeRange } } }",
        {"s": ds.state},
    )
    nodes = body["data"]["leads"]["nodes"]
    values = {
        name: sorted({n[key] for n in nodes if n[key]})
        for name, key in (
            ("jobFunctions", "jobFunction"),
            ("seniorities", "seniority"),
            ("industries", "industry"),
            ("employeeRanges", "employeeRange"),
        )
    }
    values["jobFunctions"].append("Nothing Like It")
    schema = build_schema(Settings(env="development"))._schema
    orders = {}
    for name, type_name in (("leads", "LeadOrderField"), ("companies", "CompanyOrderField")):
        enum = schema.get_type(type_name)
        assert isinstance(enum, GraphQLEnumType)
        orders[name] = [v for v in enum.values if v != "PROMOTION_DATE"]
    return Generator(ds, values, orders)


def replaced_strings(value: Any, rng: random.Random, ds: Dataset) -> Any:
    """The same variables with other strings of the same kind (the plan's shape stays the same)."""
    if isinstance(value, dict):
        return {k: v if k == "personState" else replaced_strings(v, rng, ds) for k, v in value.items()}
    if isinstance(value, list):
        return [replaced_strings(v, rng, ds) for v in value]
    if isinstance(value, str) and len(value) >= 3 and not value[:4].isdigit():
        return rng.choice(["Engineering", "Sales", "Director", "Software", "Retail", "51-200", "Manager", "Acme"])
    return value


async def test_generated_operations_agree(
    app: Starlette,
    gql: GraphQLClient,
    plain: httpx.AsyncClient,
    ds: Dataset,
    generator: Generator,
    compiled: CompiledOperations,
) -> None:
    reader = await context(app, gql.keys["reader"])
    answered = {name: 0 for name in LISTS}
    counted = {"totalCount": 0, "facets": 0}
    reused = 0
    for _ in range(160):
        op = generator.operation()
        expected = await regular(plain, gql, op)
        assert "errors" not in expected, (op, expected)
        body = await compiled.run(op, reader)
        if body is None:
            continue
        assert orjson.loads(body) == expected, op
        for name in LISTS:
            answered[name] += f" {name}(" in op.query
        counted["totalCount"] += "totalCount" in op.query
        counted["facets"] += "facets(" in op.query
        if op.variables:  # the same shape, other strings: the plan is reused and binds them
            other = Op(op.query, op.operation_name, replaced_strings(op.variables, generator.rng, ds))
            built = compiled.built
            body = await compiled.run(other, reader)
            if body is not None:
                assert orjson.loads(body) == await regular(plain, gql, other), other
                reused += compiled.built == built
    assert all(answered.values()), answered  # every list field is compiled in some shapes
    assert sum(answered.values()) >= 80, answered
    assert reused >= 20
    assert min(counted.values()) >= 10, counted


async def test_cursor_pages_agree(
    gql: GraphQLClient, plain: httpx.AsyncClient, ds: Dataset, generator: Generator
) -> None:
    """`after` pages (the regular path decodes cursors) answer the same with compiled operations on or off."""
    pages = 0
    for field in LISTS:
        for _ in range(3):
            orders = generator.orders["companies" if field == "companies" else "leads"]
            order = generator.rng.choice(orders)
            the_filter = generator.company_filter() if field == "companies" else generator.lead_filter()
            head = (
                "query($f: CompanyFilter, $a: String)" if field == "companies" else "query($f: LeadFilter, $a: String)"
            )
            past = ds.domain("cust_1")
            args = f'domains: ["{past}"], ' if field == "leadsByPastEmployer" else ""
            query = (
                f"{head} {{ {field}({args}filter: $f, first: 2, after: $a, orderBy: [{{field: {order}}}]) "
                "{ nodes { __typename } pageInfo { hasNextPage hasPreviousPage endCursor } } }"
            )
            after = None
            for _ in range(3):
                answer = await regular(plain, gql, Op(query, None, {"f": the_filter, "a": after}))
                assert "errors" not in answer, answer
                info = answer["data"][field]["pageInfo"]
                pages += 1
                if not info["hasNextPage"]:
                    break
                after = info["endCursor"]
    assert pages > len(LISTS) * 3


async def test_a_changed_string_is_bound_not_baked_in(
    app: Starlette, gql: GraphQLClient, plain: httpx.AsyncClient, ds: Dataset, compiled: CompiledOperations
) -> None:
    query = "query($f: LeadFilter) { leads(filter: $f, first: 100) { nodes { personId jobFunction seniority } } }"
    reader = await context(app, gql.keys["reader"])
    answers = []
    for functions in (["Engineering"], ["Sales"], ["Marketing"]):
        op = Op(query, None, {"f": {"personState": ds.state, "jobFunctions": functions, "complete": False}})
        body = await compiled.run(op, reader)
        assert body is not None
        answer = orjson.loads(body)
        assert answer == await regular(plain, gql, op)
        assert {n["jobFunction"] for n in answer["data"]["leads"]["nodes"]} == set(functions)
        answers.append(answer)
    assert len({orjson.dumps(a) for a in answers}) == 3
    # the page is split into (function, seniority) pairs, deduplicated first: equal strings are a shape
    # of their own, or the plan built for two values would read one pair twice
    for functions in (["Engineering", "Sales"], ["Sales", "Sales"], ["Sales", "Engineering"]):
        f = {"personState": ds.state, "jobFunctions": functions, "seniorities": ["Director", "Manager"]}
        op = Op(query, None, {"f": {**f, "complete": False}})
        body = await compiled.run(op, reader)
        assert (body is None) == (functions[0] == functions[1])  # deduplicated: the probe's SQL differs
        if body is not None:
            assert orjson.loads(body) == await regular(plain, gql, op)


HOSTILE = ["O'Brien", "it''s", "\\'; SELECT 1; --", "$1::text", "$$ $tag$", "Ünïcödé ✓", "back\\slash", "%_%"]


async def test_hostile_strings_are_written_as_literals_safely(
    app: Starlette, gql: GraphQLClient, plain: httpx.AsyncClient, ds: Dataset, compiled: CompiledOperations
) -> None:
    """Values go into the statement's text as literals: quotes, backslashes and dollars stay text."""
    query = "query($f: LeadFilter) { leads(filter: $f, first: 100) { nodes { personId fullName } } }"
    reader = await context(app, gql.keys["reader"])
    for value in HOSTILE:
        for f in ({"fullName": value}, {"jobFunctions": [value, "Sales"]}, {"fullName": f"Real {value}"}):
            op = Op(query, None, {"f": {"personState": ds.state, "complete": False, **f}})
            body = await compiled.run(op, reader)
            assert body is not None, op
            assert orjson.loads(body) == await regular(plain, gql, op), op
    # the dataset's names with wildcards and a backslash are found by their own text
    named = Op(query, None, {"f": {"personState": ds.state, "complete": False, "fullName": "Back\\slash"}})
    body = await compiled.run(named, reader)
    assert body is not None
    assert [n["fullName"] for n in orjson.loads(body)["data"]["leads"]["nodes"]] == ["Back\\slash"]


async def test_requests_left_to_the_regular_path(
    app: Starlette,
    gql: GraphQLClient,
    plain: httpx.AsyncClient,
    ds: Dataset,
    compiled: CompiledOperations,
    database_url: str,
) -> None:
    query = "query($f: LeadFilter, $n: Int) { leads(filter: $f, first: $n) { nodes { personId } } }"
    f = {"personState": ds.state, "complete": False}
    reader = await context(app, gql.keys["reader"])
    for variables in ({"f": f, "n": "ten"}, {"f": f, "n": 101}, {"f": {"nope": 1}}, {"f": {"complete": "no"}}):
        op = Op(query, None, variables)
        assert await compiled.run(op, reader) is None
        assert "errors" in await regular(plain, gql, op)
    extra = Op(query, None, {"f": f, "n": 3, "undeclared": "x"})  # ignored, as graphql-core ignores it
    body = await compiled.run(extra, reader)
    assert body is not None
    assert orjson.loads(body) == await regular(plain, gql, extra)
    # a cursor is decoded before it is bound: such pages run the regular way
    body = await compiled.run(Op(query, None, {"f": f, "n": 2}), reader)
    assert body is not None
    cursor_query = query.replace("$n: Int", "$n: Int, $a: String").replace("first: $n", "first: $n, after: $a")
    page = orjson.loads(body)["data"]["leads"]["nodes"]
    assert page
    # roles: the plan exists, yet an ingest key gets the regular path's FORBIDDEN
    assert await compiled.run(Op(query, None, {"f": f, "n": 2}), await context(app, gql.keys["ingest"])) is None
    assert await compiled.run(Op(query, None, {"f": f, "n": 2}), await context(app, None)) is None
    # long documents are left to the regular path, which refuses too many tokens with its own error
    long = Op(query + " " + "#" * 20_001, None, {"f": f, "n": 2})
    assert await compiled.run(long, reader) is None
    assert "errors" not in await regular(plain, gql, long)
    # mutations and unknown resolvers are never compiled
    assert await compiled.run(Op("{ health { status } }", None, {}), reader) is None
    assert await compiled.run(Op(cursor_query, None, {"f": f, "n": 2, "a": "x"}), reader) is None
    # a statement timeout: the regular path answers (and reports it as always)
    slow_engine = create_engine(database_url, pool_size=1, statement_timeout_ms=1)
    try:
        reader.engine = slow_engine
        op = Op(
            "query($f: LeadFilter) { leads(filter: $f, first: 100) { nodes { personId fullName company { name } } } }",
            None,
            {"f": {"jobTitle": "e", "complete": False}},
        )
        built = compiled.built
        for _ in range(3):
            assert await compiled.run(op, reader) is None
        assert compiled.built == built + 1  # planned once, kept: a timeout says nothing against the plan
    finally:
        await slow_engine.dispose()


async def test_a_statement_timeout_is_answered_as_the_regular_path_answers_it(
    gql: GraphQLClient, database_url: str, engine: AsyncEngine
) -> None:
    slow = {"database_url": database_url, "run_workers": False, "statement_timeout_ms": 300}
    # one statement: with two, which of them the regular path reports first depends on timing
    op = Op("{ leads(first: 5) { nodes { personId } } }", None, {})
    async with served(Settings(**slow, compiled_operations=False)) as plain, served(Settings(**slow)) as fast:
        assert await post(fast, gql.keys["reader"], op) == await post(plain, gql.keys["reader"], op)  # planned
        async with engine.connect() as locker, locker.begin():
            # a lock held elsewhere makes the statements wait until the statement timeout cancels them
            await locker.execute(text("LOCK TABLE core.people, core.lead_rollup IN ACCESS EXCLUSIVE MODE"))
            answers = [await post(client, gql.keys["reader"], op) for client in (plain, fast)]
    assert answers[0] == answers[1]
    assert answers[0][1]["errors"][0]["extensions"]["code"] == "TIMEOUT"


async def test_plans_are_bounded_and_expire_with_the_day(
    app: Starlette, gql: GraphQLClient, plain: httpx.AsyncClient, ds: Dataset
) -> None:
    compiled = CompiledOperations(build_schema(Settings(env="development")), max_plans=3)
    reader = await context(app, gql.keys["reader"])
    query = "query($n: Int, $f: LeadFilter) { newInRole(first: $n, filter: $f) { nodes { personId } } }"
    for n in range(1, 8):
        op = Op(query, None, {"n": n, "f": {"personState": ds.state, "complete": False}})
        assert await compiled.run(op, reader) is not None
    assert compiled.built == 7
    assert len(compiled._plans) == 3
    # a document walked through many offsets stops planning new shapes (each would cost two builds)
    walked = CompiledOperations(build_schema(Settings(env="development")))
    paged = "query($o: Int) { leads(first: 1, offset: $o, filter: {complete: false}) { nodes { personId } } }"
    answers = [await walked.run(Op(paged, None, {"o": o}), reader) for o in range(MAX_SHAPES_PER_DOCUMENT + 5)]
    assert walked.built == MAX_SHAPES_PER_DOCUMENT
    assert all(answers[:MAX_SHAPES_PER_DOCUMENT])
    assert not any(answers[MAX_SHAPES_PER_DOCUMENT:])
    compiled._day = "2000-01-01"  # the next request is on another day: newInRole's dates moved
    assert await compiled.run(op, reader) is not None
    assert compiled.built == 8
    assert len(compiled._plans) == 1


FILTER_FIELDS = ["countries", "jobFunctions", "seniorities", "industries", "employeeRanges", "businessModels"]
FILTER_FIELDS += ["signals", "vcFirms"]


async def test_lookups_and_dropdowns_are_compiled_and_agree(
    app: Starlette, gql: GraphQLClient, plain: httpx.AsyncClient, ds: Dataset, compiled: CompiledOperations
) -> None:
    """`company`, `person` and `filters` (gateway/statements.py) are planned too; their arguments are
    normalised as the regular path normalises them (any spelling of a domain or a LinkedIn URL)."""
    reader = await context(app, gql.keys["reader"])
    rng = random.Random(SEED)
    person = ds.people[0]
    domains = [ds.domain("full_a"), ds.domain("no_name"), "nowhere-at-all.example"]
    company_query = (
        "query($d: String!) { a: company(domain: $d) { ...C } __typename } "
        "fragment C on Company { domain name industry employeeRange country city __typename }"
    )
    person_query = "query($u: String!) { person(linkedinUrl: $u) { personId fullName jobTitle companyName } }"
    for _ in range(4):
        choice = rng.sample(FILTER_FIELDS, 3)
        option = " ".join(rng.sample(["value", "label", "sortOrder", "count", "__typename"], 3))
        query = "{ filters { " + " ".join(f"{name} {{ {option} }}" for name in choice) + " } }"
        body = await compiled.run(Op(query, None, {}), reader)
        assert body is not None
        assert orjson.loads(body) == await regular(plain, gql, Op(query, None, {}))
    spellings = [f"https://www.{d.upper()}/about" for d in domains] + domains
    for domain in spellings:
        op = Op(company_query, None, {"d": domain})
        body = await compiled.run(op, reader)
        assert body is not None, domain
        assert orjson.loads(body) == await regular(plain, gql, op)
    url = person["linkedin_url"]
    for spelling in (
        url,
        url.upper().replace("HTTPS://WWW.", "http://"),
        url + "/",
        "https://www.linkedin.com/in/nobody-x",
    ):
        op = Op(person_query, None, {"u": spelling})
        body = await compiled.run(op, reader)
        assert body is not None, spelling
        answer = orjson.loads(body)
        assert answer == await regular(plain, gql, op)
    assert answer["data"]["person"] is None
    # values the normalisation refuses, and selections that need resolvers, run the regular way
    built = compiled.built
    for op in (
        Op(company_query, None, {"d": "not a domain"}),
        Op(person_query, None, {"u": "https://example.com/in/x"}),
        Op("query($d: String!) { company(domain: $d) { domain leadCount } }", None, {"d": domains[0]}),
        Op("query($u: String!) { person(linkedinUrl: $u) { workHistory { title } } }", None, {"u": url}),
        Op("query($u: String!) { person(linkedinUrl: $u) { company { name } } }", None, {"u": url}),
    ):
        assert await compiled.run(op, reader) is None, op
        await regular(plain, gql, op)
    assert compiled.built == built
