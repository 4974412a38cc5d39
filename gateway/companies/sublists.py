"""A company's customers, leads and similar companies: list models and sources of the nested connections.

Each is a `NestedList` (gateway/lists/nested.py): the rows of one company, correlated to its domain, so a
page of companies loads each sub-list for all of them in one statement (and `totalCount` in one more).
Customers and similar companies have small list models of their own (their filter and order come from
the one filter compiler); a company's leads are the lead list with the company as its condition.
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeAlias

from sqlalchemy import ColumnElement, FromClause, Row, literal

from gateway.leads.sources import LeadSource
from gateway.lists.compiler import ListSource
from gateway.lists.model import Field, Filter, ListModel, Match
from gateway.lists.nested import NestedList
from gateway.lists.types import filter_input
from gateway.tables import C, P
from models import core

CUSTOMERS = core.CompanyCustomer.__table__
SIMILAR = core.CompanySimilarCompany.__table__

CUSTOMER_NAME = Field(
    "customer_name",
    str,
    CUSTOMERS.c.customer_name,
    filter=Filter(Match.CONTAINS, description="Contains, case-insensitive."),
)
CUSTOMER = ListModel(
    name="CompanyCustomer",
    tiebreak=CUSTOMER_NAME,  # unique per company
    fields=(
        Field("origin_company_domain", str, CUSTOMERS.c.origin_company_domain),
        CUSTOMER_NAME,
        Field(
            "customer_domain",
            str | None,
            CUSTOMERS.c.customer_domain,
            filter=Filter(Match.KNOWN, "has_domain", description="true: customers with a domain; false: without."),
        ),
        Field("case_study_url", str | None, CUSTOMERS.c.case_study_url),
        Field("has_case_study", bool | None, CUSTOMERS.c.has_case_study),
        Field("source", str, CUSTOMERS.c.source, filter=Filter(Match.ANY_OF, "sources")),
    ),
)

SIMILAR_DOMAIN = Field("similar_domain", str, SIMILAR.c.similar_domain)
SIMILAR_COMPANY = ListModel(
    name="SimilarCompany",
    tiebreak=SIMILAR_DOMAIN,  # unique per company
    fields=(
        SIMILAR_DOMAIN,
        Field("similar_name", str | None, SIMILAR.c.similar_name),
        Field("similarity_score", float | None, SIMILAR.c.similarity_score, order="SIMILARITY"),
        Field("industry", str | None, C.c.industry),  # the warehouse's record of the similar company
        Field("description", str | None, C.c.description),
    ),
)
NO_COMPANY = literal("")  # a source is always built with its company's domain column
SIMILAR_ROWS = SIMILAR.outerjoin(C, C.c.domain == SIMILAR.c.similar_domain)

if TYPE_CHECKING:
    CompanyCustomerFilter: TypeAlias = Any
else:
    CompanyCustomerFilter = filter_input(
        "CompanyCustomerFilter", "Narrows a company's customers; all given fields must hold.", CUSTOMER.filters
    )


@dataclass(frozen=True, eq=False)
class CustomersOf(ListSource):
    """core.company_customers of one company, by customer name."""

    model: ListModel = CUSTOMER
    rows: FromClause = CUSTOMERS
    domain: ColumnElement[Any] = NO_COMPANY

    def conditions(self) -> list[ColumnElement[bool]]:
        return [CUSTOMERS.c.origin_company_domain == self.domain]


@dataclass(frozen=True, eq=False)
class SimilarTo(ListSource):
    """core.company_similar_companies of one company: most similar first (unknown scores last)."""

    model: ListModel = SIMILAR_COMPANY
    rows: FromClause = SIMILAR_ROWS
    default_order: tuple[tuple[str, bool], ...] = (("SIMILARITY", True),)
    domain: ColumnElement[Any] = NO_COMPANY

    def conditions(self) -> list[ColumnElement[bool]]:
        return [SIMILAR.c.company_domain == self.domain]


@dataclass(frozen=True, eq=False)
class LeadsAt(LeadSource):
    """The leads (core.leads) currently at one company; the page is one index range per company."""

    pairs: tuple[str, str] | None = None
    domain: ColumnElement[Any] = NO_COMPANY

    def conditions(self) -> list[ColumnElement[bool]]:
        return [P.c.company_domain == self.domain]


def _customer(row: Row[Any]) -> Any:
    from gateway.companies.types import CompanyCustomer  # it imports this module

    return CompanyCustomer.from_row(row)


def _similar(row: Row[Any]) -> Any:
    from gateway.companies.similar import SimilarCompany

    return SimilarCompany.from_core(row)


def _lead(row: Row[Any]) -> Any:
    from gateway.leads.types import Lead  # it imports the companies' types

    return Lead.from_row(row)


COMPANY_CUSTOMERS = NestedList(lambda domain: CustomersOf(domain=domain), _customer)
SIMILAR_COMPANIES = NestedList(lambda domain: SimilarTo(domain=domain), _similar)
COMPANY_LEADS = NestedList(lambda domain: LeadsAt(domain=domain), _lead)
