"""Named coverage gaps: which rows of a base set lack something, how many, and a few of their keys.

A gap is declared once (its base rows, the condition a row with the gap meets, the key a sample shows);
the counts of all gaps over the same base rows come from one pass over them (`count(*) FILTER`), and
the samples from one statement for all gaps that have rows. The leads' gaps are derived from the lead
list model (gateway/leads/fields.py): one per `complete` field, one per condition of its `rule`, and
one for leads failing any of them (what `filter: {complete: false}` adds to a list).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, FromClause, Text, and_, cast, func, literal, select, text, true, union_all
from sqlalchemy.ext.asyncio import AsyncConnection

from gateway.leads.fields import LEAD
from gateway.leads.sources import LEAD_ROWS
from gateway.lists.compiler import completeness
from gateway.lists.values import known
from gateway.tables import CC, WH, C, P
from models import raw

SAMPLE_SIZE = 5
BATCH_WINDOW = text("interval '7 days'")
B = raw.SimilarBatch.__table__.alias("b")


@dataclass(frozen=True, eq=False)
class Rows:
    """The base set a gap is a part of (the bar's full length)."""

    description: str
    source: FromClause
    where: tuple[ColumnElement[bool], ...] = ()


@dataclass(frozen=True, eq=False)
class Gap:
    name: str
    description: str
    rows: Rows
    condition: ColumnElement[bool]  # true for a base row with the gap
    key: ColumnElement[Any]  # what identifies a row of the sample (text)
    key_description: str


@dataclass(frozen=True)
class GapReport:
    name: str
    description: str
    base_description: str
    count: int
    base: int
    key_description: str
    sample: list[str]


def unknown(expr: ColumnElement[Any]) -> ColumnElement[bool]:
    """NULL or empty: the opposite of the list model's `known`."""
    return known(expr).is_not(true())


COMPANIES = Rows("core.companies", C)
CUSTOMERS = Rows("core.company_customers", CC)
_HISTORIES = select(WH.c.person_id).distinct().subquery("h")  # one row per person: a join, not a subplan per row
PEOPLE = Rows("core.people", P.outerjoin(_HISTORIES, _HISTORIES.c.person_id == P.c.id))
LEADS = Rows("leads (core.people with their current company)", LEAD_ROWS)
BATCHES = Rows(
    "similar-companies batches created in the last 7 days",
    B,
    (B.c.created_at >= func.now() - BATCH_WINDOW,),
)


def _sql(condition: ColumnElement[bool]) -> str:
    return str(condition.compile(compile_kwargs={"literal_binds": True}))


def lead_gaps() -> tuple[Gap, ...]:
    """One gap per part of the lead model's completeness rule, and one for failing any part."""
    lead = P.c.linkedin_url, "LinkedIn URL"
    by_field = tuple(
        Gap(
            f"leadsWithout{f.graphql_name[0].upper()}{f.graphql_name[1:]}",
            f"Leads whose `{f.graphql_name}` is unknown (NULL or empty): not complete.",
            LEADS,
            unknown(f.sql),
            *lead,
        )
        for f in LEAD.complete_fields
        if f.sql is not None
    )
    by_rule = tuple(
        Gap(
            f"leadsFailingRule{i}",
            f"Leads for which `{_sql(condition)}` does not hold: not complete.",
            LEADS,
            condition.is_not(true()),
            *lead,
        )
        for i, condition in enumerate(LEAD.rule, start=1)
    )
    incomplete = Gap(
        "leadsIncomplete",
        "Leads failing any part of the completeness rule (the leads only `filter: {complete: false}` lists).",
        LEADS,
        and_(*completeness(LEAD)).is_not(true()),
        *lead,
    )
    return (incomplete, *by_field, *by_rule)


GAPS: tuple[Gap, ...] = (
    Gap(
        "companiesWithoutFirmographics",
        "Companies with neither an industry nor an employee range (each NULL or empty).",
        COMPANIES,
        and_(unknown(C.c.industry), unknown(C.c.employee_range)),
        C.c.domain,
        "domain",
    ),
    Gap(
        "customersWithoutDomain",
        "Customer rows whose `customer_domain` is NULL or empty (not matched to a company).",
        CUSTOMERS,
        unknown(CC.c.customer_domain),
        func.concat_ws(": ", CC.c.origin_company_domain, CC.c.customer_name),
        "origin company domain: customer name",
    ),
    Gap(
        "peopleWithoutWorkHistory",
        "People without any row in core.person_work_history.",
        PEOPLE,
        _HISTORIES.c.person_id.is_(None),
        P.c.linkedin_url,
        "LinkedIn URL",
    ),
    *lead_gaps(),
    Gap(
        "batchesFailed",
        "Similar-companies batches of the last 7 days (by creation) whose status is FAILED.",
        BATCHES,
        B.c.status == "FAILED",
        cast(B.c.id, Text),
        "batch id",
    ),
)


async def measure(conn: AsyncConnection, gaps: Sequence[Gap] = GAPS) -> list[GapReport]:
    """Every gap's count, base count and sample: one statement per base set, one for the samples."""
    counts: dict[int, tuple[int, int]] = {}
    for rows in dict.fromkeys(g.rows for g in gaps):
        mine = [g for g in gaps if g.rows is rows]
        stmt = select(func.count(), *(func.count().filter(g.condition) for g in mine)).select_from(rows.source)
        base, *found = (await conn.execute(stmt.where(*rows.where))).one()
        counts |= {id(g): (n, base) for g, n in zip(mine, found, strict=True)}
    samples: dict[str, list[str]] = {g.name: [] for g in gaps}
    wanted = [g for g in gaps if counts[id(g)][0] > 0]
    if wanted:
        parts = [
            select(literal(g.name).label("gap"), g.key.label("key"))
            .select_from(g.rows.source)
            .where(*g.rows.where, g.condition)
            .limit(SAMPLE_SIZE)
            for g in wanted
        ]
        for row in (await conn.execute(union_all(*parts))).all():
            samples[row.gap].append(row.key)
    return [
        GapReport(g.name, g.description, g.rows.description, *counts[id(g)], g.key_description, sorted(samples[g.name]))
        for g in gaps
    ]
