"""The company list model: every column of a company, once, with how it filters and orders.

`Company`'s scalar fields, `CompanyFilter`, `CompanyOrderField` and the select list are derived from
`COMPANY` (gateway/lists/model.py).
"""

import enum
from typing import TYPE_CHECKING, Any, TypeAlias

import strawberry

from gateway.companies.technologies import technologies_of
from gateway.lists.model import Field, Filter, ListModel, Match
from gateway.lists.types import list_inputs
from gateway.scalars import BigInt
from gateway.tables import C


@strawberry.enum(description="A company's business model, as stored in core.companies.business_model.")
class BusinessModel(enum.Enum):
    B2B = "B2B"
    B2C = "B2C"
    BOTH = "BOTH"


CONTAINS = Filter(Match.CONTAINS)

COMPANY = ListModel(
    name="Company",
    tiebreak=Field("id", int, C.c.id, node=False),
    fields=(
        Field(
            "domain",
            str,
            C.c.domain,
            filter=Filter(Match.DOMAIN, description="Exact, after normalisation."),
            order="DOMAIN",
        ),
        Field("name", str | None, C.c.name, filter=CONTAINS, order="NAME"),
        Field("linkedin_url", str | None, C.c.linkedin_url),
        Field("city", str | None, C.c.city, filter=CONTAINS),
        Field("state", str | None, C.c.state, filter=CONTAINS),
        Field("country", str | None, C.c.country, filter=CONTAINS),
        Field("industry", str | None, C.c.industry, filter=Filter(Match.ANY_OF, "industries")),
        Field("employee_range", str | None, C.c.employee_range, filter=Filter(Match.ANY_OF, "employee_ranges")),
        Field("description", str | None, C.c.description),
        Field("tagline", str | None, C.c.tagline),
        Field("business_model", str | None, C.c.business_model),
        Field("founded_year", BigInt | None, C.c.founded_year),
        Field(  # issue 12
            "technologies",
            list[str],
            node=False,
            filter=Filter(
                Match.ANY_RELATED,
                description="Companies using any of these technologies (names, case-insensitive).",
                related=technologies_of(C.c.domain),
            ),
        ),
    ),
)

if TYPE_CHECKING:  # derived at run time; mypy sees their values as Any
    CompanyFilter: TypeAlias = Any
    CompanyOrderField: TypeAlias = Any
    CompanyOrder: TypeAlias = Any
else:
    CompanyFilter, CompanyOrderField, CompanyOrder = list_inputs(
        "Company", [COMPANY], "Narrows the company list; all given fields must hold.", "the company id"
    )
