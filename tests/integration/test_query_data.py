"""A small, deliberately awkward warehouse for the query API tests (no tests of its own).

Every person carries `state = dataset.state`, so `filter: {personState: ...}` isolates one dataset
from whatever else the shared test database holds; domains and URLs carry a random tag. The data has
what breaks naive code: NULL and empty values, ties in every sort key, names with LIKE wildcards, a
company without a name, a person whose company is not in core.companies, several promotions (two on
one day), companies with two VCs, customers without a domain.
"""

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import delete, insert
from sqlalchemy.ext.asyncio import AsyncEngine

from models import core
from tests.conftest import GraphQLClient, sql_rows

TODAY = datetime.now(UTC).date()  # what the rows' dates count back from


def today() -> date:
    """What the signal windows count back from when a query runs: the UTC date, as gateway/signals/queries.py
    takes it. TODAY is the date at import, a day behind once a run crosses midnight UTC."""
    return datetime.now(UTC).date()


COMPLETE_SQL = """company_name <> '' AND person_country <> '' AND company_country <> ''
    AND matched_job_function <> '' AND matched_job_function <> 'Miscellaneous' AND matched_seniority <> ''
    AND matched_cleaned_job_title <> '' AND matched_industry <> ''"""

LEAD_FIELDS = """personId linkedinUrl linkedinSlug fullName linkedinUrlType personCity personState personCountry
    jobTitle jobFunction seniority jobStartDate companyDomain companyName companyLinkedinUrl companyCity
    companyState companyCountry industry employeeRange"""


def is_known(value: Any) -> bool:
    return value is not None and value != ""


def is_complete(lead: dict[str, Any]) -> bool:
    """The completeness rule, written again in Python as the tests' oracle."""
    return (
        all(
            is_known(lead[k])
            for k in (
                "company_name",
                "person_country",
                "company_country",
                "matched_job_function",
                "matched_seniority",
                "matched_cleaned_job_title",
                "matched_industry",
            )
        )
        and lead["matched_job_function"] != "Miscellaneous"
    )


@dataclass
class Dataset:
    tag: str
    companies: dict[str, dict[str, Any]] = field(default_factory=dict)  # key -> row
    people: list[dict[str, Any]] = field(default_factory=list)
    vc: list[tuple[str, str]] = field(default_factory=list)  # (company key, vc name)

    @property
    def state(self) -> str:
        return f"ST-{self.tag}"

    def domain(self, key: str) -> str:
        return f"{key.replace('_', '-')}-{self.tag}.com"

    def vc_name(self, base: str) -> str:
        return f"{base} {self.tag}"


def _company_rows(ds: Dataset) -> list[dict[str, Any]]:
    t = ds.tag
    specs = [
        # key, name, country, industry, range, model, city
        ("full_a", f"Acme {t}", "Germany", "Software", "51-200", "B2B", "Berlin"),
        ("full_b", f"Zenith {t}", "United States", "Fintech", "11-50", "B2C", "New York"),
        ("full_c", f"Mid_Co 100% {t}", "United Kingdom", "Software", "1-10", "BOTH", "London"),
        ("no_industry", f"Noind {t}", "France", None, "11-50", None, "Paris"),
        ("empty_country", f"Emptyc {t}", "", "Software", "51-200", "B2B", None),
        ("no_name", None, "Germany", "Retail", "201-500", "B2B", "Munich"),
        ("cust_1", f"Customer One {t}", "Germany", "Retail", "1-10", "B2C", "Hamburg"),
        ("cust_2", f"Customer Two {t}", "Spain", "Retail", "11-50", "B2B", "Madrid"),
    ]
    rows = []
    for key, name, country, industry, size, model, city in specs:
        rows.append(
            {
                "domain": ds.domain(key),
                "name": name,
                "linkedin_url": f"https://www.linkedin.com/company/{key}-{t}",
                "city": city,
                "state": None,
                "country": country,
                "industry": industry,
                "employee_range": size,
                "business_model": model,
                "description": f"{key} description",
                "tagline": "=cmd|' /C calc'!A0" if key == "full_c" else None,
                "origin": "manual",
            }
        )
        ds.companies[key] = rows[-1]
    return rows


# (company key or None) per person; "ghost" is a domain with no company row
COMPANY_CYCLE = [
    "full_a",
    "full_b",
    "full_c",
    "no_name",
    "cust_1",
    "full_a",
    "no_industry",
    "full_b",
    "empty_country",
    "full_a",
    "ghost",
    None,
    "cust_2",
    "full_c",
]
FUNCTIONS = ["Engineering", "Sales", "Engineering", "Marketing", "Miscellaneous", "Sales", None, "Engineering", ""]
SENIORITIES = ["Director", "VP", "Manager", "VP", "Senior", None, "Director", ""]
COUNTRIES = ["Germany", "United States", "Germany", "Spain", None, "United Kingdom", ""]
SPECIAL_NAMES = {
    3: "Ann_Lee",
    4: "AnnXLee",
    5: "100% Real",
    6: "1000 Real",
    8: "Back\\slash",
    9: None,
    10: None,
    12: '=HYPERLINK("http://x")',
}


def _person_rows(ds: Dataset, n: int) -> list[dict[str, Any]]:
    rows = []
    for i in range(n):
        key = COMPANY_CYCLE[i % len(COMPANY_CYCLE)]
        domain = None if key is None else ds.domain(key)
        company = ds.companies.get(key or "")
        name = SPECIAL_NAMES.get(i, f"Person {i % 40:02d} {ds.tag}")  # ties in full_name
        rows.append(
            {
                "linkedin_url": f"https://www.linkedin.com/in/q-{ds.tag}-{i}",
                "linkedin_url_type": "person",
                "linkedin_slug": f"q-{ds.tag}-{i}",
                "full_name": name,
                "first_name": f"First{i}",
                "last_name": f"Last{i}",
                "headline": f"Headline {i}",
                "city": ["Berlin", "Austin", None, "Madrid"][i % 4],
                "state": ds.state,
                "country": COUNTRIES[i % len(COUNTRIES)],
                "company_domain": domain,
                # people of the nameless company still have a name from their profile; one person's differs
                "company_name": f"Profile Name {ds.tag}" if key == "no_name" else (company or {}).get("name"),
                "job_title": f"raw title {i}",
                "matched_cleaned_job_title": None if i % 23 == 0 else f"Title {i % 5}",
                "matched_job_function": FUNCTIONS[i % len(FUNCTIONS)],
                "matched_seniority": SENIORITIES[i % len(SENIORITIES)],
                # ties (i % 30) and NULLs (every 11th); some starts within the last 90 days
                "job_start_date": None if i % 11 == 0 else TODAY - timedelta(days=(i % 30) * 9),
                "origin": "manual",
            }
        )
    return rows


async def insert_dataset(engine: AsyncEngine, people: int = 140) -> Dataset:
    ds = Dataset(tag=uuid.uuid4().hex[:8])
    companies = _company_rows(ds)
    person_rows = _person_rows(ds, people)
    async with engine.begin() as conn:
        await conn.execute(insert(core.Company.__table__), companies)
        ids = (
            await conn.execute(insert(core.Person.__table__).returning(core.Person.__table__.c.id), person_rows)
        ).scalars()
        for row, person_id in zip(person_rows, ids, strict=True):
            ds.people.append({**row, "id": person_id})
        await conn.execute(insert(core.PersonWorkHistory.__table__), _work_history(ds))
        await conn.execute(insert(core.PersonPromotion.__table__), _promotions(ds))
        ds.vc = [
            ("full_a", ds.vc_name("Beta Fund")),
            ("full_a", ds.vc_name("Alpha Ventures")),
            ("full_b", ds.vc_name("Beta Fund")),
            ("no_industry", ds.vc_name("Alpha Ventures")),
        ]
        await conn.execute(
            insert(core.CompanyVcInvestor.__table__),
            [
                {"company_domain": ds.domain(k), "vc_name": v, "company_description": f"{k} by {v}", "origin": "manual"}
                for k, v in ds.vc
            ],
        )
        await conn.execute(insert(core.CompanyCustomer.__table__), _customers(ds))
        await conn.execute(
            insert(core.CompanySimilarCompany.__table__),
            [
                {
                    "company_domain": ds.domain("full_a"),
                    "similar_domain": ds.domain("full_b"),
                    "similar_name": "Zenith",
                    "similarity_score": 0.9,
                    "origin": "manual",
                },
                {
                    "company_domain": ds.domain("full_a"),
                    "similar_domain": ds.domain("full_c"),
                    "similar_name": "Mid",
                    "similarity_score": 0.5,
                    "origin": "manual",
                },
            ],
        )
        await conn.execute(
            insert(core.CompanyJobPosting.__table__),
            [
                {
                    "company_domain": ds.domain("full_a"),
                    "job_id": f"j{i}",
                    "title": f"Job {i}",
                    "posted_at": TODAY - timedelta(days=i),
                }
                for i in range(3)
            ],
        )
        await conn.execute(
            insert(core.CompanyNewsEvent.__table__),
            [
                {
                    "company_domain": ds.domain("full_a"),
                    "headline": f"News {i}",
                    "published_at": TODAY - timedelta(days=i),
                    "amount": "$5M",
                    "round": "Seed",
                }
                for i in range(2)
            ],
        )
        await conn.execute(
            insert(core.PersonSignal.__table__),
            [
                {
                    "linkedin_url": ds.people[0]["linkedin_url"],
                    "signal_type": "job_change",
                    "company_domain": ds.domain("full_a"),
                    "title": "CTO",
                    "occurred_on": TODAY,
                    "details": {"k": 1},
                },
                {
                    "linkedin_url": ds.people[0]["linkedin_url"],
                    "signal_type": "new_hire",
                    "company_domain": "",
                    "title": "",
                    "occurred_on": TODAY - timedelta(days=3),
                    "details": {},
                },
            ],
        )
    return ds


def _work_history(ds: Dataset) -> list[dict[str, Any]]:
    rows = []
    for i, p in enumerate(ds.people):
        base = {
            "person_id": p["id"],
            "linkedin_url": p["linkedin_url"],
            "matched_job_function": "Engineering",
            "matched_seniority": "Senior",
            # every row has every key: an executemany insert takes its columns from the first row (the past
            # jobs' end dates were lost)
            "end_date": None,
        }
        rows.append(
            {
                **base,
                "company_domain": p["company_domain"],
                "company_name": p["company_name"],
                "title": "Current",
                "start_date": p["job_start_date"],
                "is_current": True,
            }
        )
        past = []
        if i % 3 == 0:
            past.append("cust_1")
        if i % 5 == 0:
            past.append("cust_2")
        if i % 4 == 0:
            past.append("full_b")
        for k, key in enumerate(past):
            start = date(2015 + k, 1 + i % 12, 1)
            rows.append(
                {
                    **base,
                    "company_domain": ds.domain(key),
                    "company_name": key,
                    "title": f"Past {k}",
                    "start_date": start,
                    "end_date": start + timedelta(days=300),
                    "is_current": False,
                }
            )
        if i % 7 == 0:  # a current job at a customer does not make an alumnus
            rows.append(
                {
                    **base,
                    "company_domain": ds.domain("cust_2"),
                    "company_name": "cust_2",
                    "title": "Side",
                    "start_date": None,
                    "is_current": True,
                }
            )
    return rows


def _promotions(ds: Dataset) -> list[dict[str, Any]]:
    rows = []
    for i, p in enumerate(ds.people):
        base = {"person_id": p["id"], "linkedin_url": p["linkedin_url"], "company_domain": p["company_domain"]}
        if i % 6 == 0:
            rows.append(
                {
                    **base,
                    "previous_title": f"Junior {i}",
                    "new_title": f"Senior {i}",
                    "promotion_date": TODAY - timedelta(days=(i * 13) % 250),
                }
            )
        if i % 12 == 0:  # an older second promotion: the latest one in the window wins
            rows.append(
                {
                    **base,
                    "previous_title": f"Intern {i}",
                    "new_title": f"Junior {i}",
                    "promotion_date": TODAY - timedelta(days=(i * 13) % 250 + 40),
                }
            )
        if i == 7:  # two promotions on the same day: the later row wins
            for title in ("Lead A", "Lead B"):
                rows.append(
                    {**base, "previous_title": "Dev", "new_title": title, "promotion_date": TODAY - timedelta(days=5)}
                )
    return rows


def _customers(ds: Dataset) -> list[dict[str, Any]]:
    def row(origin: str, name: str, customer: str | None) -> dict[str, Any]:
        return {
            "origin_company_domain": ds.domain(origin),
            "origin_company_name": origin,
            "customer_name": name,
            "customer_domain": ds.domain(customer) if customer else None,
            "case_study_url": f"https://{origin}.example/{name}" if customer else None,
            "has_case_study": bool(customer),
            "source": "manual",
        }

    return [
        row("full_a", "Customer One", "cust_1"),
        row("full_a", "Customer Two", "cust_2"),
        row("full_a", "Unknown Customer", None),
        row("full_b", "Customer Two", "cust_2"),
    ]


async def delete_dataset(engine: AsyncEngine, ds: Dataset) -> None:
    domains = [ds.domain(k) for k in ds.companies] + [ds.domain("ghost")]
    urls = [p["linkedin_url"] for p in ds.people]
    async with engine.begin() as conn:
        await conn.execute(delete(core.PersonSignal.__table__).where(core.PersonSignal.linkedin_url.in_(urls)))
        await conn.execute(delete(core.Person.__table__).where(core.Person.state == ds.state))  # cascades
        for model in (
            core.CompanyJobPosting,
            core.CompanyNewsEvent,
            core.CompanyVcInvestor,
            core.CompanySimilarCompany,
        ):
            await conn.execute(delete(model.__table__).where(model.company_domain.in_(domains)))
        await conn.execute(
            delete(core.CompanyCustomer.__table__).where(core.CompanyCustomer.origin_company_domain.in_(domains))
        )
        await conn.execute(delete(core.Company.__table__).where(core.Company.domain.in_(domains)))


async def dataset_leads(engine: AsyncEngine, ds: Dataset) -> list[dict[str, Any]]:
    """The dataset's rows of core.leads (the seed-named view), the oracle's input."""
    return await sql_rows(engine, "SELECT * FROM core.leads WHERE person_state = :s ORDER BY person_id", s=ds.state)


def ok(body: dict[str, Any]) -> dict[str, Any]:
    assert "errors" not in body, body["errors"]
    data: dict[str, Any] = body["data"]
    return data


def error_code(body: dict[str, Any]) -> str:
    assert body.get("errors"), body
    code: str = body["errors"][0]["extensions"]["code"]
    return code


async def walk(
    gql: GraphQLClient,
    field_name: str,
    args: dict[str, Any],
    arg_types: dict[str, str],
    selection: str = "personId",
    page_size: int = 7,
    by: str = "cursor",
    role: str = "reader",
) -> list[dict[str, Any]]:
    """Every node of a list, page by page (by cursor or by offset)."""
    declared = ", ".join(
        f"${k}: {v}" for k, v in {**arg_types, "first": "Int", "after": "String", "offset": "Int"}.items()
    )
    passed = ", ".join(f"{k}: ${k}" for k in [*arg_types, "first", "after", "offset"])
    query = f"""query({declared}) {{ {field_name}({passed}) {{
        edges {{ cursor node {{ {selection} }} }} pageInfo {{ hasNextPage endCursor }} }} }}"""
    nodes: list[dict[str, Any]] = []
    after: str | None = None
    for _ in range(10_000):
        variables = {**args, "first": page_size}
        if by == "cursor":
            variables["after"] = after
        else:
            variables["offset"] = len(nodes)
        page = ok(await gql(query, variables, role=role))[field_name]
        nodes += [e["node"] for e in page["edges"]]
        assert len(page["edges"]) <= page_size
        if not page["pageInfo"]["hasNextPage"]:
            return nodes
        assert len(page["edges"]) == page_size
        after = page["pageInfo"]["endCursor"]
        assert after == page["edges"][-1]["cursor"]
    raise AssertionError("the walk never ended")


def ids(nodes: Iterable[dict[str, Any]]) -> list[int]:
    return [int(n["personId"]) for n in nodes]


async def post_export(client: httpx.AsyncClient, body: Any, token: str | None) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return await client.post("/export/leads.csv", json=body, headers=headers)


def unique(values: Sequence[Any]) -> bool:
    return len(set(values)) == len(values)
