"""`pastEmployerBreakdown`: alumni per past employer, with facets, for a whole list of companies at once.

The old dashboards' "priority companies" page: for each domain, how many people once worked there (the
rows `leadsByPastEmployer` lists for that domain alone) and how they split by job function, seniority
and country, under the same `LeadFilter`. One statement for every domain: the alumni jobs joined to the
leads once, counted per domain and per (domain, dimension value) with GROUPING SETS.
"""

from collections.abc import Mapping, Sequence
from typing import Any

import strawberry
from sqlalchemy import ColumnElement, Row, func, literal, select, tuple_
from sqlalchemy.sql import Select

from gateway.errors import LimitExceeded
from gateway.leads.fields import LEAD, LeadFacetDimension
from gateway.leads.types import Facet
from gateway.lists.compiler import conditions
from gateway.lists.counts import read_facets
from gateway.signals.sources import ByPastEmployer
from gateway.tables import P

MAX_DOMAINS = 100
DEFAULT_DIMENSIONS = ("JOB_FUNCTION", "SENIORITY", "PERSON_COUNTRY")


@strawberry.type(description="The alumni of one past employer: people who worked there and no longer do.")
class PastEmployerAlumni:
    domain: str = strawberry.field(description="The past employer's domain, normalised.")
    alumni_count: int = strawberry.field(
        description="Alumni under the filter: the people `leadsByPastEmployer(domains: [domain])` lists."
    )
    facets: list[Facet] = strawberry.field(description="Alumni counts per value of each dimension asked for.")


def checked_source(source: ByPastEmployer) -> ByPastEmployer:
    if len(source.domains) > MAX_DOMAINS:
        raise LimitExceeded(
            f"`domains` takes at most {MAX_DOMAINS} companies (got {len(source.domains)}); ask in several requests.",
            argument="domains",
            maximum=MAX_DOMAINS,
        )
    return source


def select_breakdown(source: ByPastEmployer, f: Any, dimensions: Mapping[str, ColumnElement[Any]]) -> Select[Any]:
    """Per domain: its alumni (all dimensions rolled up) and its alumni per value of each dimension."""
    jobs = source.alumni().distinct().subquery("alumni")  # (person, domain) once, however many jobs there
    domain = jobs.c.company_domain
    exprs = list(dimensions.values())
    grouping = func.grouping(*exprs) if exprs else literal(0)
    sets = [tuple_(domain), *(tuple_(domain, e) for e in exprs)]
    return (
        select(
            domain.label("domain"),
            grouping.label("grouping"),
            *(e.label(f"d{i}") for i, e in enumerate(exprs)),
            func.count().label("n"),
        )
        .select_from(source.rows.join(jobs, jobs.c.person_id == P.c.id))
        .where(*conditions(source.model, f))
        .group_by(func.grouping_sets(*sets))
    )


def read_breakdown(rows: Sequence[Row[Any]], domains: Sequence[str], names: Sequence[str]) -> list[PastEmployerAlumni]:
    """The statement's rows per domain, in the order asked (a domain without alumni counts 0)."""
    everything = (1 << len(names)) - 1  # no dimension grouped: the domain's total
    totals: dict[str, int] = {}
    per_domain: dict[str, list[Row[Any]]] = {d: [] for d in domains}
    for row in rows:
        if row.grouping == everything:
            totals[row.domain] = row.n
        else:
            per_domain[row.domain].append(row)
    out = []
    for d in domains:
        counted = read_facets(per_domain[d], names)
        facets = [Facet(dimension=LeadFacetDimension(name), values=values) for name, values in counted.items()]
        out.append(PastEmployerAlumni(domain=d, alumni_count=totals.get(d, 0), facets=facets))
    return out


def dimensions_of(by: list[LeadFacetDimension] | None) -> dict[str, ColumnElement[Any]]:
    return LEAD.facet_dimensions(DEFAULT_DIMENSIONS if by is None else [d.value for d in by])
