"""Filter inputs -> SQL: the one compiler behind every lead and company list, count, facet and export.

`compile_leads(source, filter, order, page)` and `compile_companies(filter, order, page)` are pure: typed
input in, SQLAlchemy Core statements out. A `LeadSource` is the SQL object a field mirrors: core.leads
here, the signal views and functions in gateway/signals/sources.py, all written over the base tables so
the planner sees one flat query that the filter narrows. Nothing about a list is decided in Python
after the query, so a later step can wrap these statements into one JSON-building statement per request.
"""

import enum
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import strawberry
from sqlalchemy import (
    ColumnElement,
    FromClause,
    Select,
    and_,
    func,
    select,
)

from gateway.errors import BadUserInput
from gateway.lists.cursors import Page, SortKey, decode_cursor
from gateway.lists.keyset import MAX_INT4, after_condition, order_by, paginate, union_page
from gateway.lists.query import CompiledList
from gateway.lists.values import any_of, contains, domain_value, text_input
from gateway.lists.values import const as _const
from gateway.lists.values import known as _known
from models import core

P = core.Person.__table__.alias("p")
C = core.Company.__table__.alias("c")
PP = core.PersonPromotion.__table__.alias("pp")
WH = core.PersonWorkHistory.__table__.alias("wh")
CC = core.CompanyCustomer.__table__.alias("cc")
VC = core.CompanyVcInvestor.__table__.alias("v")

MAX_ROLE_BRANCHES = 8  # (job function, seniority) pairs a page by person id is split into, at most


# --- inputs --------------------------------------------------------------------------------------


@strawberry.enum
class OrderDirection(enum.Enum):
    ASC = "ASC"
    DESC = "DESC"


@strawberry.enum(description="Lead orders; every order ends with the person id as a unique tiebreak.")
class LeadOrderField(enum.Enum):
    FULL_NAME = "FULL_NAME"
    JOB_START_DATE = "JOB_START_DATE"
    COMPANY_NAME = "COMPANY_NAME"
    PROMOTION_DATE = strawberry.enum_value("PROMOTION_DATE", description="Only on `recentlyPromoted`.")


@strawberry.enum(description="A company's business model, as stored in core.companies.business_model.")
class BusinessModel(enum.Enum):
    B2B = "B2B"
    B2C = "B2C"
    BOTH = "BOTH"


@strawberry.enum(description="A dimension `facets` counts values of.")
class LeadFacetDimension(enum.Enum):
    JOB_FUNCTION = "JOB_FUNCTION"
    SENIORITY = "SENIORITY"
    INDUSTRY = "INDUSTRY"
    EMPLOYEE_RANGE = "EMPLOYEE_RANGE"
    PERSON_COUNTRY = "PERSON_COUNTRY"
    COMPANY_COUNTRY = "COMPANY_COUNTRY"


@strawberry.input(description="An inclusive date range; either end may be left open.")
class DateRange:
    gte: date | None = None
    lte: date | None = None


@strawberry.input(
    description="Narrows a lead list. Lists match any of their values (an empty list does not filter); "
    "text fields are case-insensitive 'contains'; all given fields must hold."
)
class LeadFilter:
    job_functions: list[str] | None = None
    seniorities: list[str] | None = None
    industries: list[str] | None = None
    employee_ranges: list[str] | None = None
    person_city: str | None = None
    person_state: str | None = None
    person_country: str | None = None
    company_city: str | None = None
    company_state: str | None = None
    company_country: str | None = None
    company_name: str | None = None
    job_title: str | None = strawberry.field(default=None, description="Contains, on the cleaned job title.")
    full_name: str | None = None
    company_domain: str | None = strawberry.field(default=None, description="Exact, after normalisation.")
    job_start_date: DateRange | None = None
    business_model: BusinessModel | None = None
    complete: bool | None = strawberry.field(
        default=True,
        description="Only complete leads (default): company name, both countries, job function (not "
        "Miscellaneous), seniority, cleaned title and industry known. false: every lead.",
    )


@strawberry.input
class LeadOrder:
    field: LeadOrderField
    direction: OrderDirection = OrderDirection.ASC


@strawberry.input(description="Narrows the company list; all given fields must hold.")
class CompanyFilter:
    industries: list[str] | None = None
    employee_ranges: list[str] | None = None
    city: str | None = None
    state: str | None = None
    country: str | None = None
    name: str | None = None
    domain: str | None = strawberry.field(default=None, description="Exact, after normalisation.")


@strawberry.enum(description="Company orders; every order ends with the company id as a unique tiebreak.")
class CompanyOrderField(enum.Enum):
    NAME = "NAME"
    DOMAIN = "DOMAIN"


@strawberry.input
class CompanyOrder:
    field: CompanyOrderField
    direction: OrderDirection = OrderDirection.ASC


# --- leads ---------------------------------------------------------------------------------------

COMPANY_NAME = func.coalesce(C.c.name, P.c.company_name)

# The seed's lead columns, in the seed's order and names (core.leads).
LEAD_COLUMNS: tuple[ColumnElement[Any], ...] = (
    P.c.id.label("person_id"),
    P.c.linkedin_url,
    P.c.linkedin_slug,
    P.c.full_name,
    P.c.linkedin_url_type,
    P.c.city.label("person_city"),
    P.c.state.label("person_state"),
    P.c.country.label("person_country"),
    P.c.matched_cleaned_job_title,
    P.c.matched_job_function,
    P.c.matched_seniority,
    P.c.job_start_date,
    C.c.id.label("company_id"),
    P.c.company_domain,
    COMPANY_NAME.label("company_name"),
    C.c.linkedin_url.label("company_linkedin_url"),
    C.c.city.label("company_city"),
    C.c.state.label("company_state"),
    C.c.country.label("company_country"),
    C.c.industry.label("matched_industry"),
    C.c.employee_range,
)

# The completeness rule of the seed, written once; partial indexes in 0003_core.py repeat it verbatim.
COMPLETE: tuple[ColumnElement[bool], ...] = (
    _known(COMPANY_NAME),
    _known(P.c.country),
    _known(C.c.country),
    _known(P.c.matched_job_function),
    P.c.matched_job_function != _const("Miscellaneous"),
    _known(P.c.matched_seniority),
    _known(P.c.matched_cleaned_job_title),
    _known(C.c.industry),
)

FACET_DIMENSIONS: dict[LeadFacetDimension, ColumnElement[Any]] = {
    LeadFacetDimension.JOB_FUNCTION: P.c.matched_job_function,
    LeadFacetDimension.SENIORITY: P.c.matched_seniority,
    LeadFacetDimension.INDUSTRY: C.c.industry,
    LeadFacetDimension.EMPLOYEE_RANGE: C.c.employee_range,
    LeadFacetDimension.PERSON_COUNTRY: P.c.country,
    LeadFacetDimension.COMPANY_COUNTRY: C.c.country,
}

# field -> (expression, label in the page rows, value type)
LEAD_ORDER: dict[LeadOrderField, tuple[ColumnElement[Any], str, type]] = {
    LeadOrderField.FULL_NAME: (P.c.full_name, "full_name", str),
    LeadOrderField.JOB_START_DATE: (P.c.job_start_date, "job_start_date", date),
    LeadOrderField.COMPANY_NAME: (COMPANY_NAME, "company_name", str),
    LeadOrderField.PROMOTION_DATE: (PP.c.promotion_date, "promotion_date", date),
}


@dataclass(frozen=True)
class LeadSource:
    """The people of one SQL object (core.leads here); subclasses are the signal objects."""

    default_order: tuple[LeadOrder, ...] = ()
    non_null: frozenset[LeadOrderField] = frozenset()  # order fields this source never leaves NULL

    def people(self) -> FromClause:
        return P

    def conditions(self) -> list[ColumnElement[bool]]:
        return []

    def columns(self) -> list[ColumnElement[Any]]:
        return []

    def order_fields(self) -> frozenset[LeadOrderField]:
        return frozenset(LEAD_ORDER) - {LeadOrderField.PROMOTION_DATE}


ALL_LEADS = LeadSource()


def lead_conditions(f: LeadFilter | None) -> list[ColumnElement[bool]]:
    """The WHERE conditions of a lead filter (with the completeness rule unless `complete: false`)."""
    return [*role_conditions(f), *other_conditions(f)]


def role_conditions(f: LeadFilter | None) -> list[ColumnElement[bool]]:
    """The job function and seniority lists (pages split per pair state them per branch instead)."""
    if f is None:
        return []
    roles = (
        ("jobFunctions", f.job_functions, P.c.matched_job_function),
        ("seniorities", f.seniorities, P.c.matched_seniority),
    )
    return [any_of(expr, values, name) for name, values, expr in roles if values]


def other_conditions(f: LeadFilter | None) -> list[ColumnElement[bool]]:
    """Every condition of a lead filter but the job function and seniority lists."""
    f = f or LeadFilter()
    out: list[ColumnElement[bool]] = []
    any_ofs = (
        ("industries", f.industries, C.c.industry),
        ("employeeRanges", f.employee_ranges, C.c.employee_range),
    )
    out += [any_of(expr, values, name) for name, values, expr in any_ofs if values]
    texts = (
        (f.person_city, P.c.city),
        (f.person_state, P.c.state),
        (f.person_country, P.c.country),
        (f.company_city, C.c.city),
        (f.company_state, C.c.state),
        (f.company_country, C.c.country),
        (f.company_name, COMPANY_NAME),
        (f.job_title, P.c.matched_cleaned_job_title),
        (f.full_name, P.c.full_name),
    )
    out += [contains(expr, value) for value, expr in texts if value]
    if f.company_domain:
        out.append(P.c.company_domain == domain_value(f.company_domain, "companyDomain"))
    if f.job_start_date is not None:
        if f.job_start_date.gte is not None:
            out.append(P.c.job_start_date >= f.job_start_date.gte)
        if f.job_start_date.lte is not None:
            out.append(P.c.job_start_date <= f.job_start_date.lte)
    if f.business_model is not None:
        out.append(C.c.business_model == _const(f.business_model.value))
    if f.complete is not False:
        out += COMPLETE
    return out


def _non_null(source: LeadSource, f: LeadFilter | None) -> set[LeadOrderField]:
    """Order fields the filtered rows never leave NULL (their keyset conditions can use an index)."""
    f = f or LeadFilter()
    known = set(source.non_null)
    if f.complete is not False or f.company_name:
        known.add(LeadOrderField.COMPANY_NAME)
    if f.full_name:
        known.add(LeadOrderField.FULL_NAME)
    if f.job_start_date is not None and (f.job_start_date.gte is not None or f.job_start_date.lte is not None):
        known.add(LeadOrderField.JOB_START_DATE)
    return known


def _company_name_parts(nullable: bool) -> tuple[tuple[ColumnElement[bool], ColumnElement[Any] | None], ...]:
    """The lead's company name is the company's own where it has one: pages walk the name index there."""
    named, unnamed = C.c.name.is_not(None), C.c.name.is_(None)
    if not nullable:
        return (named, C.c.name), (unnamed, P.c.company_name)
    return (
        (named, C.c.name),
        (and_(unnamed, P.c.company_name.is_not(None)), P.c.company_name),
        (and_(unnamed, P.c.company_name.is_(None)), None),
    )


def lead_sort_keys(source: LeadSource, f: LeadFilter | None, order: Sequence[LeadOrder] | None) -> tuple[SortKey, ...]:
    items = list(order or source.default_order)
    fields = [o.field for o in items]
    if len(set(fields)) != len(fields):
        raise BadUserInput("`orderBy` names a field more than once.")
    allowed = source.order_fields()
    for o in items:
        if o.field not in allowed:
            raise BadUserInput(f"This list cannot be ordered by {o.field.value}.")
    non_null = _non_null(source, f)
    keys = []
    for o in items:
        expr, name, kind = LEAD_ORDER[o.field]
        nullable = o.field not in non_null
        parts = _company_name_parts(nullable) if o.field is LeadOrderField.COMPANY_NAME else ()
        keys.append(SortKey(name, expr, o.direction is OrderDirection.DESC, nullable, kind, parts))
    descending = keys[-1].descending if keys else False
    return (*keys, SortKey("person_id", P.c.id, descending, nullable=False, kind=int))


def lead_from(source: LeadSource) -> FromClause:
    return source.people().outerjoin(C, C.c.domain == P.c.company_domain)


def _role_pairs(f: LeadFilter | None) -> list[tuple[str, str]]:
    """The (job function, seniority) pairs a filter asks for, when both lists are given and short.

    Not with an exact company domain, whose own index finds a handful of rows. Text and date
    conditions stay inside each pair's range: without the split the planner walks the primary key
    and filters (~40 ms at 1M people for Engineering x Director/VP in Germany, ~0.7 s when nothing
    matches), with it each pair reads its own rows in id order (1-3 ms; bench/queries.py --plans).
    """
    if f is None or not f.job_functions or not f.seniorities or f.company_domain:
        return []
    functions, seniorities = dict.fromkeys(f.job_functions), dict.fromkeys(f.seniorities)
    if len(functions) * len(seniorities) > MAX_ROLE_BRANCHES:
        return []
    return [(text_input(a), text_input(b)) for a, b in itertools.product(functions, seniorities)]


def _paginate_by_role(
    rows: Select[Any], keys: Sequence[SortKey], page: Page, pairs: Sequence[tuple[str, str]]
) -> Select[Any]:
    """A page in person id order, one index range of (job function, seniority, id) per pair.

    `= ANY` over two columns gives rows in no id order, so the planner would walk the primary key and
    discard every row of other roles; apart, each pair is an ordered range with a LIMIT (the cursor
    condition inside it), and the outer query orders the at most pairs x (offset + first + 1) rows again.
    """
    limit = min(page.offset + page.first + 1, MAX_INT4)
    after = after_condition(keys, decode_cursor(keys, page.after)) if page.after is not None else None
    branches = []
    for function, seniority in pairs:
        branch = rows.where(P.c.matched_job_function == function, P.c.matched_seniority == seniority)
        if after is not None:
            branch = branch.where(after)
        branches.append(branch.order_by(*order_by(keys)).limit(limit))
    return union_page(branches, keys, page, nulls_apart=False)


def _lead_rows(source: LeadSource) -> Select[Any]:
    """SELECT <lead columns> FROM people LEFT JOIN companies (+ the source's own columns and joins).

    Statements are immutable, so the plain one is built once: most lists use it."""
    extra, people = source.columns(), source.people()
    if not extra and people is P:
        return _PLAIN_LEAD_ROWS
    return select(*LEAD_COLUMNS, *extra).select_from(lead_from(source))


_PLAIN_LEAD_ROWS: Select[Any] = select(*LEAD_COLUMNS).select_from(lead_from(ALL_LEADS))


def compile_leads(
    source: LeadSource, f: LeadFilter | None, order: Sequence[LeadOrder] | None, page: Page | None
) -> CompiledList:
    """The page statement (all rows when `page` is None, for the export) and the counted rows of a lead list."""
    keys = lead_sort_keys(source, f, order)
    others = [*source.conditions(), *other_conditions(f)]
    rows = _lead_rows(source)
    pairs = _role_pairs(f) if page is not None and len(keys) == 1 else []
    if page is not None and pairs:  # each branch states its pair instead of the two lists
        page_stmt = _paginate_by_role(rows.where(*others), keys, page, pairs)
    else:
        page_stmt = paginate(rows.where(*role_conditions(f), *others), keys, page)
    return CompiledList(
        page=page_stmt,
        counted=lambda: select(P.c.id).select_from(lead_from(source)).where(*role_conditions(f), *others),
        keys=keys,
        first=page.first if page else 0,
        after_or_offset=bool(page and (page.after or page.offset)),
    )


def lead_facet_dimensions(dimensions: Sequence[LeadFacetDimension]) -> dict[str, ColumnElement[Any]]:
    return {d.value: FACET_DIMENSIONS[d] for d in dict.fromkeys(dimensions)}


# --- companies -----------------------------------------------------------------------------------

COMPANY_COLUMNS: tuple[ColumnElement[Any], ...] = (
    C.c.id,
    C.c.domain,
    C.c.name,
    C.c.linkedin_url,
    C.c.city,
    C.c.state,
    C.c.country,
    C.c.industry,
    C.c.employee_range,
    C.c.description,
    C.c.tagline,
    C.c.business_model,
    C.c.founded_year,
)

COMPANY_ORDER: dict[CompanyOrderField, tuple[ColumnElement[Any], str, bool]] = {
    CompanyOrderField.NAME: (C.c.name, "name", True),
    CompanyOrderField.DOMAIN: (C.c.domain, "domain", False),
}


def company_conditions(f: CompanyFilter | None) -> list[ColumnElement[bool]]:
    f = f or CompanyFilter()
    out: list[ColumnElement[bool]] = []
    if f.industries:
        out.append(any_of(C.c.industry, f.industries, "industries"))
    if f.employee_ranges:
        out.append(any_of(C.c.employee_range, f.employee_ranges, "employeeRanges"))
    texts = ((f.city, C.c.city), (f.state, C.c.state), (f.country, C.c.country), (f.name, C.c.name))
    out += [contains(expr, value) for value, expr in texts if value]
    if f.domain:
        out.append(C.c.domain == domain_value(f.domain, "domain"))
    return out


def company_sort_keys(f: CompanyFilter | None, order: Sequence[CompanyOrder] | None) -> tuple[SortKey, ...]:
    items = list(order or ())
    if len({o.field for o in items}) != len(items):
        raise BadUserInput("`orderBy` names a field more than once.")
    keys = []
    for o in items:
        expr, name, nullable = COMPANY_ORDER[o.field]
        nullable = nullable and not (f and f.name)
        keys.append(SortKey(name, expr, o.direction is OrderDirection.DESC, nullable, str))
    descending = keys[-1].descending if keys else False
    return (*keys, SortKey("id", C.c.id, descending, nullable=False, kind=int))


def compile_companies(f: CompanyFilter | None, order: Sequence[CompanyOrder] | None, page: Page | None) -> CompiledList:
    keys = company_sort_keys(f, order)
    where = company_conditions(f)
    return CompiledList(
        page=paginate(select(*COMPANY_COLUMNS).select_from(C).where(*where), keys, page),
        counted=lambda: select(C.c.id).select_from(C).where(*where),
        keys=keys,
        first=page.first if page else 0,
        after_or_offset=bool(page and (page.after or page.offset)),
    )
